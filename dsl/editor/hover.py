"""What the editor shows about a place in a file being edited: the meaning of a step, the pace of a target, the
paces of a setting, the totals of a workout, and the split after each rep.

Each part of a workout is explained by compiling it alone, with the settings in force where it stands, so what
is shown is exactly what the compiler makes of it; the parts are remembered by their text.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence

import attrs

import strides
from strides.backends.explain import node_phrase
from strides.editor.around_mistakes import broken_between, broken_within, line_alone, modifiers_after, skipped_lines
from strides.editor.document import SETTING, Analysis, Piece, Placed, Position, classify
from strides.errors import Span, StridesError
from strides.grammar.loader import name_line
from strides.language import ast
from strides.meaning.model import Distance, Effort, HeartRate, Pace, Step, Time, Workout
from strides.meaning.pace_table import pace_table
from strides.meaning.profile import runner_from
from strides.meaning.units import format_clock, format_seconds
from strides.words.phrasebook import (
    Phrasebook,
    clock,
    distance,
    estimated_distance,
    pace_span,
    plural,
    total_distance,
    total_time,
)

FRAGMENTS = 8192  # parts of workouts remembered, compiled
SPLITS_SHOWN = 4  # a ladder's hint shows this many splits, then `…`


@attrs.frozen
class Hover:
    text: str  # Markdown
    start: Position
    end: Position


@attrs.frozen
class Hint:
    position: Position
    label: str


_compiled: OrderedDict[tuple[str, str, tuple[tuple[str, str], ...]], Workout | StridesError] = OrderedDict()


def compile_alone(settings: Sequence[ast.Setting], given: Mapping[str, str], text: str) -> Workout | StridesError:
    """`text` (steps) compiled as a workout of its own under `settings` (the file's) and `given` (from outside),
    or the mistake that stops it."""
    prefix = "\n".join(f"{s.key} = {s.value}" for s in settings)
    key = (prefix, text, tuple(given.items()))
    if key not in _compiled:
        try:
            _compiled[key] = strides.compile(f"{prefix}\n{text}" if prefix else text, given)[0]
        except StridesError as error:
            _compiled[key] = error
        if len(_compiled) > FRAGMENTS:
            _compiled.popitem(last=False)
    else:
        _compiled.move_to_end(key)
    return _compiled[key]


def fragment(piece: Piece, source: ast.WorkoutSource, text: str) -> Workout | StridesError:
    """`text` compiled alone, under the settings in force for `source`."""
    return compile_alone(source.settings, piece.settings, text)


# ---- finding what is under the cursor --------------------------------------------------------------------------
Holder = ast.Step | ast.Recovery | ast.Last | ast.Reps  # what a target belongs to
Spanned = ast.Element | Holder


def _contains(span: Span | None, offset: int) -> bool:
    return span is not None and span.start <= offset <= span.end


def _text(piece: Piece, node: Spanned) -> str:
    span = node.span
    return piece.text[span.start : span.end] if span is not None else ""


@attrs.frozen
class _Found:
    source: ast.WorkoutSource
    block: ast.Block  # the top-level block
    modifiers: tuple[ast.Modifier, ...]  # the modifiers written after it
    target: ast.Target | None = None
    holder: Holder | None = None


def _targets(node: ast.Element | ast.Group | Holder) -> Iterator[tuple[ast.Target, Holder]]:
    """Every target inside a block or modifier, with what holds it."""
    if isinstance(node, ast.Block):
        yield from _targets(node.body)
        if node.recovery is not None:
            yield from _targets(node.recovery)
    elif isinstance(node, ast.Group):
        for item in node.items:
            yield from _targets(item)
    elif isinstance(node, ast.Step):
        if node.target is not None:
            yield node.target, node
        if node.recovery is not None:
            yield from _targets(node.recovery)
    elif isinstance(node, ast.Recovery) and node.target is not None:
        yield node.target, node
    elif isinstance(node, (ast.Last, ast.Reps)) and node.change is not None:
        yield node.change, node


def _find(piece: Piece, offset: int) -> _Found | None:
    found = _find_in(piece, piece.sources, offset)
    if found is None and piece.diagnostics:  # a line the reading after a mistake skipped: read it alone
        found = _find_in(piece, line_alone(piece, offset), offset)
    return found


def _find_in(piece: Piece, sources: Sequence[ast.WorkoutSource], offset: int) -> _Found | None:
    for source in sources:
        elements = source.elements
        for index, element in enumerate(elements):
            if not _contains(element.span, offset):
                continue
            start = index
            while start > 0 and not isinstance(elements[start], ast.Block):
                start -= 1
            block = elements[start]
            if not isinstance(block, ast.Block) or broken_between(piece, block, element):
                return None  # a modifier whose block is the broken one
            modifiers = tuple(modifiers_after(piece, elements, start))
            for target, holder in _targets(element):
                if _contains(target.span, offset):
                    return _Found(source, block, modifiers, target, holder)
            return _Found(source, block, modifiers)
    return None


# ---- hover -----------------------------------------------------------------------------------------------------
def hover(analysis: Analysis, position: Position) -> Hover | None:
    line, _ = position
    if line >= len(analysis.lines):
        return None
    if classify(analysis.lines[line]) == SETTING:
        return _setting_hover(analysis, line)
    placed = analysis.at(line)
    if placed is None:
        return None
    if placed.header == line and position[1] <= name_end(placed):
        return _workout_hover(placed, line) if placed.workout is not None else _broken_workout_hover(placed, line)
    local = placed.to_piece(position)
    if local is None:
        return None
    found = _find(placed.piece, placed.piece.offset(local))
    if found is None:
        return None
    if found.target is not None:
        return _target_hover(placed, found)
    return _block_hover(placed, found)


def _to_file(placed: Placed, span: Span | None) -> tuple[Position, Position]:
    piece, start, end = placed.piece, span.start if span else 0, span.end if span else 0
    return placed.to_file(piece.position(start)), placed.to_file(piece.position(end))


def _setting_hover(analysis: Analysis, line: int) -> Hover:
    text = analysis.lines[line]
    start, end = (line, len(text) - len(text.lstrip())), (line, len(text.rstrip()))
    try:
        runner = runner_from(analysis.settings_above(line))
    except StridesError as error:
        return Hover(f"**{error.message}**" + (f"\n\n{error.hint}" if error.hint else ""), start, end)
    if runner.vdot is None:
        return Hover("No VDOT yet: give a race result (`5k = 19:00`) or `vdot = 50` for paces.", start, end)
    return Hover(f"Paces from the settings so far:\n\n```\n{pace_table(runner)}```", start, end)


def name_end(placed: Placed) -> int:
    """Where the name line's `Name:` ends (steps may follow on the line)."""
    line = placed.piece.lines[placed.prefix]
    match = name_line().match(line)
    return match.end() if match else len(line)


def _workout_hover(placed: Placed, line: int) -> Hover:
    workout = placed.workout
    assert workout is not None
    explained = str(strides.render([workout], "explain")).rstrip()
    return Hover(f"**{workout.name}**: {totals(workout)}\n\n```\n{explained}\n```", (line, 0),
                 (line, name_end(placed)))


def _broken_workout_hover(placed: Placed, line: int) -> Hover:
    """A workout with a mistake: its name, the first mistake and where, and the totals of what can be read."""
    piece = placed.piece
    errors = [mark for mark in piece.marks if mark.severity == "error"]
    said = f"**{placed.name}**: not compiled"
    if errors:
        said += f": line {placed.to_file(errors[0].start)[0] + 1}, {errors[0].message}"
    readable = "; ".join(_block_text(piece, found) for found in _readable_blocks(piece))
    compiled = fragment(piece, piece.sources[0], readable) if readable and piece.sources else None
    if isinstance(compiled, Workout):
        said += f"\n\nThe steps that can be read: {totals(compiled)}"
    return Hover(said, (line, 0), (line, name_end(placed)))


def _readable_blocks(piece: Piece) -> Iterator[_Found]:
    """Each block of the piece that was read, with the modifiers that belong to it; a line the reading after
    a mistake skipped is read alone."""
    for source in [*piece.sources, *(alone for line in skipped_lines(piece)
                                     for alone in line_alone(piece, piece.line_starts[line]))]:
        for index, element in enumerate(source.elements):
            if isinstance(element, ast.Block) and not broken_within(piece, element):
                yield _Found(source, element, tuple(modifiers_after(piece, source.elements, index)))


def totals(workout: Workout) -> str:
    """`about 49 min · 9.8 km · 25 steps on the watch`."""
    sums = Phrasebook(workout.profile.units).totals(workout)
    return f"{sums.time} · {sums.distance} · {plural(len(workout.timeline), 'step')} on the watch"


def _block_text(piece: Piece, found: _Found) -> str:
    return "; ".join(_text(piece, node) for node in (found.block, *found.modifiers))


def _block_hover(placed: Placed, found: _Found) -> Hover | None:
    piece = placed.piece
    compiled = fragment(piece, found.source, _block_text(piece, found))
    start, _ = _to_file(placed, found.block.span)
    _, end = _to_file(placed, (found.modifiers or (found.block,))[-1].span)
    if isinstance(compiled, StridesError):
        return Hover(f"**{compiled.message}**", start, end)
    units = compiled.profile.units
    book = Phrasebook(units, compiled.profile.lap)
    meaning = "; then ".join(node_phrase(book, node) for node in compiled.items)
    steps = compiled.timeline
    seconds = sum(s.estimated_seconds or 0 for s in steps)
    meters = sum(s.estimated_meters or 0 for s in steps)
    about = f"about {total_time(seconds)} · {total_distance(meters, units)}"
    return Hover(f"**{meaning}.**\n\n{about}", start, end)


def _paced_step(placed: Placed, found: _Found) -> tuple[Step, str] | None:
    """The step the target under the cursor sets the pace of, compiled, with the units its profile shows."""
    piece, holder = placed.piece, found.holder
    if isinstance(holder, (ast.Last, ast.Reps)):
        compiled = fragment(piece, found.source, _block_text(piece, found))
        if isinstance(compiled, StridesError):
            return None
        active = [s for s in compiled.timeline if s.intensity == "active"]
        if isinstance(holder, ast.Reps):
            number = holder.numbers[0]
            return (active[number - 1], compiled.profile.units) if number <= len(active) else None
        return (active[-1], compiled.profile.units) if active else None
    if holder is None or holder.span is None or found.target is None:
        return None
    text, span, target = _text(piece, holder), holder.span, found.target.span
    if target is not None and not span.start <= target.start <= target.end <= span.end:
        text += " " + piece.text[_with_at(piece, target) : target.end]  # `float 200 @mp`: it follows the recovery
    compiled = fragment(piece, found.source, text)
    if isinstance(compiled, StridesError):
        return None
    step = next((s for s in compiled.timeline if s.target is not None), None)
    return (step, compiled.profile.units) if step is not None else None


def _with_at(piece: Piece, span: Span) -> int:
    """Where a target starts, its `@` included (a zone's span leaves it out)."""
    at = piece.text.rfind("@", 0, span.start + 1)
    return at if at >= 0 and not piece.text[at + 1 : span.start].strip() else span.start


def _target_hover(placed: Placed, found: _Found) -> Hover | None:
    piece, span = placed.piece, found.target.span if found.target is not None else None
    if span is None:
        return None
    begin = _with_at(piece, span)
    start, end = placed.to_file(piece.position(begin)), placed.to_file(piece.position(span.end))
    written = piece.text[begin : span.end]
    paced = _paced_step(placed, found)
    if paced is None:
        return _block_hover(placed, found)
    return Hover(f"**{' '.join(written.split())}**: " + "\n\n".join(target_lines(*paced)), start, end)


def target_lines(step: Step, units: str = "km") -> list[str]:
    """What a target means for its step: the pace per km and per mile, the split, the watch's range (in the
    profile's `units`)."""
    target = step.target
    if isinstance(target, Pace):
        lines = [f"{pace_text(target, 'km')} · {pace_text(target, 'mi')}"]
        if step.split is not None and isinstance(step.duration, Distance):
            meters = step.duration.meters
            split = f"{distance(meters, step.duration.written_in)} in {clock(step.split)}"
            if meters > 200:
                split += f" · 200 m in {clock(step.split * 200 / meters)}"  # every split to the second
            lines.append(split)
        elif isinstance(step.duration, Time) and step.estimated_meters:
            lines.append(f"{format_seconds(step.duration.seconds)} is about {_about(step.estimated_meters)}")
        lines.append(f"the watch beeps outside {pace_span(target.fast, target.slow, units)}")
        return lines
    if isinstance(target, HeartRate):
        return [Phrasebook("km").target(target)]
    if isinstance(target, Effort):
        return ["no pace: the watch shows the word, you judge the speed"]
    return []


def pace_text(pace: Pace, units: str) -> str:
    return Phrasebook(units).pace(pace)


# ---- inlay hints -----------------------------------------------------------------------------------------------
def hints(analysis: Analysis, first: int, last: int) -> list[Hint]:
    """The split after each rep, and a workout's totals after its name, for the file's lines `first`-`last`."""
    found: list[Hint] = []
    for placed in analysis.placed:
        if placed.last < first or placed.first > last:
            continue
        workout = placed.workout
        if placed.header is not None and workout is not None and first <= placed.header <= last:
            sums = Phrasebook(workout.profile.units).totals(workout)
            label = f"{sums.time.removeprefix('about ')} · {sums.distance}"
            found.append(Hint((placed.header, name_end(placed)), label))
        for source in placed.piece.sources:  # a workout with a mistake: the blocks that were read
            for block in source.elements:
                if not isinstance(block, ast.Block) or block.span is None:
                    continue
                _, end_at = _to_file(placed, block.span)
                if first <= end_at[0] <= last:
                    split = _split_label(fragment(placed.piece, source, _text(placed.piece, block)))
                    if split:
                        found.append(Hint(end_at, split))
    return found


def _split_label(compiled: Workout | StridesError) -> str | None:
    """`1:28` after a rep of 400 m; `0:44/1:28/2:12` after a ladder; `≈ 2.0 km` after a timed run at a pace."""
    if isinstance(compiled, StridesError):
        return None
    # a range (`easy`, `@E`) is not run at its middle: its split would mislead
    active = [s for s in compiled.timeline
              if s.intensity == "active" and isinstance(s.target, Pace) and not s.target.is_range]
    splits = _distinct([format_clock(s.split) for s in active if s.split is not None])
    if splits:
        shown = "/".join(splits[:SPLITS_SHOWN]) + ("/…" if len(splits) > SPLITS_SHOWN else "")
        return f"= {shown}"
    timed = [s for s in active if isinstance(s.duration, Time) and s.estimated_meters]
    if timed:
        return f"≈ {_about(timed[0].estimated_meters or 0)}"
    return None


def _about(meters: float) -> str:
    """An estimated distance: to 100 m from a kilometre on, else to 10 m."""
    return estimated_distance(meters)


def _distinct(items: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
