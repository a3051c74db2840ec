"""An imported workout as strides text, in the spelling `strides fmt` writes.

The items become the syntax tree a runner's text would parse to, and `strides.language.fmt` writes it, so there is one
printer of strides text. Rounds the source wrote out (a repeat, then its last round on its own, as strides'
own FIT and Garmin files have them) are read back as one block: `11x(400, rest 35 s)` then `400 all-out`
is `12x400 … r35s` and `last all-out`. What strides cannot say stays as a comment above its block.
"""

from __future__ import annotations

import re

import attrs

from strides.errors import is_unsafe
from strides.importers import neutral as n
from strides.importers.paces import pace_target
from strides.importers.reading import KIND_INTENSITY
from strides.language import ast
from strides.language.fmt import element_text, format_source
from strides.language.parse import parse_entries
from strides.meaning.model import MILE, Distance, Open, Time
from strides.meaning.profile import Runner

DEFAULT_KIND = {"warmup": "warmup", "cooldown": "cooldown", "recovery": "jog", "rest": "rest", "active": "run"}
RECOVERY_KINDS = ("rest", "jog", "walk", "float")
# Kinds that set a target of their own when none is written: kept only on a step that has one.
TARGET_KINDS = ("easy",)
FALLBACK_NAME = "Imported"
BARE_FROM = 100  # metres: a shorter bare number on a rep reads as a mistake


@attrs.frozen
class _Block:
    """Rounds of the same work, as one strides block: `changes` are reps (from 1) a modifier changes."""

    work: tuple[n.Item | _Block, ...]
    count: int
    between: n.Step | None = None
    count_upto: int | None = None
    changes: tuple[tuple[int, n.Step], ...] = ()


def workout_text(imported: n.Imported, fallback_name: str, runner: Runner) -> str:
    """The workout as strides text: a name line, then its steps, in canonical spelling."""
    printer = _Printer(runner)
    lines = [f"{workout_name(imported.name, fallback_name)}:"]
    lines += [f"  # {_comment(text)}" for text in imported.unsaid]
    for comments, element in printer.top(imported.items):
        lines += [f"  # {_comment(text)}" for text in comments]
        lines.append(f"  {element_text(element)}")
    return format_source("\n".join(lines) + "\n")


def workout_name(name: str | None, fallback: str) -> str:
    """A name line's name that reads back as itself: the file's own name when it does, else its letters and
    digits, else the file name, else `Imported`."""
    for candidate in (name, _plain(name), fallback, _plain(fallback)):
        if candidate and _reads_as_name(candidate):
            return candidate
    return FALLBACK_NAME


def _plain(name: str | None) -> str:
    return " ".join(re.sub(r"[^\w\- ]+", " ", name or "").split())


def _reads_as_name(name: str) -> bool:
    if name != name.strip() or "\n" in name or "#" in name or any(is_unsafe(char) for char in name):
        return False
    entries = parse_entries(f"{name}:\n  open\n")
    return len(entries) == 2 and isinstance(entries[0], ast.Header) and entries[0].name == name


def _comment(text: str) -> str:
    return " ".join("".join(" " if is_unsafe(char) else char for char in text).split())


def _clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    cleaned = _comment(note)
    return cleaned or None


class _Printer:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    # ---- items to blocks -----------------------------------------------------------------------------------
    def top(self, items: tuple[n.Item, ...]) -> list[tuple[list[str], ast.Element]]:
        """Each block with its modifiers (`last all-out`), and the comments above it."""
        out: list[tuple[list[str], ast.Element]] = []
        for block in blocks(items, changes_allowed=True):
            out.append((_unsaid(block), self.block(block)))
            out += [([], modifier) for modifier in self.modifiers(block)]
        return out

    def inner(self, work: tuple[n.Item | _Block, ...]) -> tuple[ast.Element, ...]:
        if all(isinstance(item, _Block) for item in work):
            return tuple(self.block(item) for item in work if isinstance(item, _Block))
        items = tuple(item for item in work if not isinstance(item, _Block))
        return tuple(self.block(block) for block in blocks(items, changes_allowed=False))

    def block(self, block: _Block) -> ast.Element:
        single = block.work[0] if len(block.work) == 1 else None
        if block.count == 1 and isinstance(single, n.Step):
            return ast.Block(self.step(single))
        body = self.step(single) if isinstance(single, n.Step) else ast.Group(self.inner(block.work))
        recovery = self.recovery(block.between) if block.between is not None else None
        return ast.Block(body, block.count, block.count_upto, counted=True, recovery=recovery)

    def modifiers(self, block: _Block) -> list[ast.Element]:
        """`last all-out`, `reps 12,16 all-out "kick"`: the changed reps, grouped by what they become."""
        by_change: dict[tuple[ast.Target, str | None], list[int]] = {}
        for number, step in block.changes:
            target = self.target(step)
            assert target is not None  # only reps given a target of their own are changes (`_changeable`)
            by_change.setdefault((target, _clean_note(step.note)), []).append(number)
        total = block.count * _reps(_steps(block.work))
        found: list[ast.Element] = []
        for (target, note), numbers in by_change.items():
            if numbers == [total]:
                found.append(ast.Last(None, target, note=note))
            else:
                found.append(ast.Reps(tuple(numbers), target, note=note))
        return found

    # ---- steps ------------------------------------------------------------------------------------------------
    def step(self, step: n.Step) -> ast.Step:
        target = self.target(step)
        return ast.Step(_kinds(step, target is not None), (self.amount(step),), target,
                        note=_clean_note(step.note))

    def recovery(self, step: n.Step) -> ast.Recovery:
        kind = _kinds(step, True)[0] if step.kind in RECOVERY_KINDS else DEFAULT_KIND[step.intensity]
        amount = None if isinstance(step.duration, Open) else self.amount(step)
        return ast.Recovery(kind, amount, target=self.target(step))

    def amount(self, step: n.Step) -> ast.Amount:
        duration = step.duration
        if isinstance(duration, Time):
            return ast.Amount("time", duration.seconds, duration.upto)
        if isinstance(duration, Distance):
            low, high = _snapped(duration.meters), _snapped(duration.upto) if duration.upto is not None else None
            # A rep in whole metres is written as on the track, `12x400`; miles and other steps with a unit.
            bare = step.intensity == "active" and low == duration.meters and low >= BARE_FROM \
                and all(end is None or float(end).is_integer() for end in (low, high))
            return ast.Amount("bare" if bare else "distance", low, high)
        return ast.Amount("open", 0)

    def target(self, step: n.Step) -> ast.Target | None:
        target = step.target
        if target is None:
            return None
        if isinstance(target, (n.Speeds, n.RaceShare)):
            return pace_target(target, self.runner)
        if isinstance(target, n.NamedPace):
            return ast.NamedPace(ast.PaceName(target.name))
        if isinstance(target, n.BeatsPerMinute):
            return ast.HeartRateRange(target.low, target.high)
        if isinstance(target, n.HeartRateZone):
            return ast.HeartRateZone(target.zone)
        if isinstance(target, n.ShareOfMax):
            return ast.HeartRateShare(target.low, target.high, "max")
        if isinstance(target, n.Watts):
            return ast.PowerRange(target.low, target.high)
        return ast.EffortWord(target.word)


def _kinds(step: n.Step, targeted: bool) -> tuple[str, ...]:
    kind = step.kind if step.kind is not None and KIND_INTENSITY.get(step.kind) == step.intensity else None
    if kind in TARGET_KINDS and not targeted:
        kind = None
    kind = kind or DEFAULT_KIND[step.intensity]
    return () if kind == "run" else (kind,)


def _snapped(meters: float) -> float:
    """A distance in whole miles or hundredths of one (1609.34 m is a mile to the centimetre) as the mile it
    means; any other distance as it is."""
    miles = round(meters / MILE, 2)
    return miles * MILE if miles and abs(miles * MILE - meters) < 0.01 else meters


def _unsaid(block: _Block) -> list[str]:
    found: list[str] = []
    for item in block.work:
        found += _unsaid(item) if isinstance(item, _Block) else n.unsaid_of((item,))
    steps = (*([block.between] if block.between else []), *(step for _, step in block.changes))
    return found + n.unsaid_of(steps)


# ---- rounds -------------------------------------------------------------------------------------------------
def blocks(items: tuple[n.Item, ...], changes_allowed: bool) -> list[_Block]:
    """The items as blocks: a repeat and the rounds after it that run alike, one block."""
    found: list[_Block] = []
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, n.Step):
            found.append(_Block((item,), 1))
            index += 1
            continue
        block, used = _gather(items, index, changes_allowed)
        found.extend(block)
        index += used
    return _written_out(found, changes_allowed)


def _written_out(found: list[_Block], changes_allowed: bool) -> list[_Block]:
    """Rounds a file wrote out one after another (a repeat of two rounds, whose last round differs for want
    of its recovery; sets of a repeat; the same step again and again): one block."""
    joined: list[_Block] = []
    index = 0
    while index < len(found):
        rounds, between, trailing, end = _rounds_from(found, index, changes_allowed)
        joined.append(_rounds_block(rounds, between, trailing))
        index = end
    return joined


def _rounds_from(found: list[_Block], index: int, changes_allowed: bool
                 ) -> tuple[list[_Block], n.Step | None, bool, int]:
    """The rounds from `index` on, the recovery between them, whether it follows the last round too, and
    where they end."""
    first = found[index]
    rounds, end = [first], index + 1
    if _recovery_of(first) is not None or first.changes:
        return rounds, None, False, end
    between = _recovery_of(found[end]) if end < len(found) else None
    if between is None:  # the same step again and again, with nothing between
        while end < len(found) and _single_step(first) and found[end] == first:
            rounds.append(found[end])
            end += 1
        return rounds, None, False, end
    while end + 1 < len(found) and _recovery_of(found[end]) == between \
            and _same_round(first, found[end + 1], changes_allowed):
        rounds.append(found[end + 1])
        end += 2
    trailing = len(rounds) > 1 and end < len(found) and _recovery_of(found[end]) == between
    return rounds, between, trailing, end + trailing


def _single_step(block: _Block) -> bool:
    return block.count == 1 and len(block.work) == 1 and isinstance(block.work[0], n.Step)


def _recovery_of(block: _Block) -> n.Step | None:
    step = block.work[0] if block.count == 1 and len(block.work) == 1 else None
    if isinstance(step, n.Step) and _split_recovery((step, step))[1] is not None:
        return step
    return None


def _same_round(first: _Block, other: _Block, changes_allowed: bool) -> bool:
    if _single_step(first) and _single_step(other):
        mine, theirs = first.work[0], other.work[0]
        return isinstance(mine, n.Step) and isinstance(theirs, n.Step) \
            and _alike((mine,), (theirs,), changes_allowed) and _recovery_of(other) is None
    return first == other


def _rounds_block(rounds: list[_Block], between: n.Step | None, trailing: bool) -> _Block:
    first = rounds[0]
    if len(rounds) == 1:
        return first
    work = first.work if _single_step(first) else (first,)
    changes = _changes(_steps(work), [_steps(block.work) for block in rounds]) if _single_step(first) else ()
    if trailing:  # the recovery after the last round too: part of each round
        assert between is not None
        return _Block((*work, between), len(rounds), None, None, changes)
    return _Block(work, len(rounds), between, None, changes)


def _steps(work: tuple[n.Item | _Block, ...]) -> tuple[n.Item, ...]:
    return tuple(item for item in work if not isinstance(item, _Block))


def _gather(items: tuple[n.Item, ...], start: int, changes_allowed: bool) -> tuple[list[_Block], int]:
    """The repeat at `start` with the rounds that follow it; how many items they take."""
    repeat = items[start]
    assert isinstance(repeat, n.Repeat)
    work, between = _split_recovery(repeat.items)
    rounds = [work] * repeat.count
    trailing = between is not None  # the source runs the recovery after the last round too
    index = start + 1
    while index < len(items):
        nxt = items[index]
        if isinstance(nxt, n.Repeat) and nxt.count_upto is None:
            more, more_between = _split_recovery(nxt.items)
            if more_between != between or not _alike(work, more, changes_allowed):
                break
            rounds += [more] * nxt.count
            index += 1
            continue
        if not trailing:
            break  # written-out rounds follow only a repeat whose last round lacks its recovery
        candidate = items[index:index + len(work)]
        if len(candidate) < len(work) or not _alike(work, candidate, changes_allowed):
            break
        index += len(work)
        rounds.append(candidate)
        if index < len(items) and items[index] == between:
            index += 1
        else:
            trailing = False
            break
    return _as_blocks(rounds, between, trailing, repeat.count_upto, changes_allowed), index - start


def _split_recovery(items: tuple[n.Item, ...]) -> tuple[tuple[n.Item, ...], n.Step | None]:
    """A round's work and the recovery that ends it, when it ends in one strides can write as `r…`."""
    last = items[-1] if items else None
    if len(items) >= 2 and isinstance(last, n.Step) and last.intensity in ("rest", "recovery") \
            and last.note is None and not last.unsaid and not isinstance(last.target, n.Effort):
        return items[:-1], last
    return items, None


def _as_blocks(rounds: list[tuple[n.Item, ...]], between: n.Step | None, trailing: bool,
               count_upto: int | None, changes_allowed: bool) -> list[_Block]:
    base = rounds[0]
    if len(rounds) == 1:  # a repeat run once is its steps
        return blocks((*base, *([between] if trailing and between else [])), changes_allowed)
    changes = _changes(base, rounds)
    if between is None:
        return [_Block(base, len(rounds), None, count_upto, changes)]
    if trailing:  # the recovery after every round, the last one too: it is part of the round's work
        return [_Block((*base, between), len(rounds), None, count_upto, changes)]
    return [_Block(base, len(rounds), between, count_upto, changes)]


def _changes(base: tuple[n.Item, ...], rounds: list[tuple[n.Item, ...]]) -> tuple[tuple[int, n.Step], ...]:
    changes: list[tuple[int, n.Step]] = []
    number = 0
    for round_ in rounds:
        for mine, theirs in zip(base, round_, strict=True):
            if isinstance(mine, n.Step) and mine.intensity == "active":
                number += 1
                if theirs != mine:
                    assert isinstance(theirs, n.Step)
                    # A note the round's rep has too is not the modifier's to add again.
                    changes.append((number, attrs.evolve(theirs, note=None) if theirs.note == mine.note else theirs))
    return tuple(changes)


def _alike(work: tuple[n.Item, ...], other: tuple[n.Item, ...], changes_allowed: bool) -> bool:
    """Rounds that are the same but for reps a modifier can change: a rep given another target (and with it
    a note, where the round's own rep has none)."""
    if len(work) != len(other):
        return False
    # Reps are counted over steps: a round holding a repeat of its own must run exactly alike.
    changes_allowed = changes_allowed and all(isinstance(item, n.Step) for item in work)
    return all(mine == theirs or (changes_allowed and _changeable(mine, theirs))
               for mine, theirs in zip(work, other, strict=True))


def _changeable(mine: n.Item, theirs: n.Item) -> bool:
    if not (isinstance(mine, n.Step) and isinstance(theirs, n.Step)) or mine.intensity != "active":
        return False
    same_rest = (mine.intensity, mine.duration, mine.kind, mine.unsaid) == \
        (theirs.intensity, theirs.duration, theirs.kind, theirs.unsaid)
    note_follows = theirs.note == mine.note or mine.note is None
    return same_rest and note_follows and theirs.target is not None and theirs.target != mine.target


def _reps(work: tuple[n.Item, ...]) -> int:
    return sum(1 for item in work if isinstance(item, n.Step) and item.intensity == "active")


__all__ = ("blocks", "workout_name", "workout_text")
