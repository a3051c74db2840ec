"""A file's workouts compiled for each athlete of a roster, exactly as for one runner with their profile.

Each athlete's settings come after the file's own and any `--profile`, and `--set` comes last: the command
line wins, as everywhere. A mistake every athlete meets (a typo in a step) is the file's and is said once; a
mistake only some meet (a race their profile lacks) is said with their name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from strides.backends.cards.squad import Member
from strides.errors import StridesError, UsageError, did_you_mean
from strides.language.ast import Setting
from strides.meaning.model import Workout
from strides.pipeline import Compiled, compile_each
from strides.sources import read_input
from strides.squad.roster import Athlete, Roster, read_roster
from strides.squad.roster_csv import read_csv_roster


def load_roster(name: str) -> tuple[Roster, str]:
    """The roster in file `name` (CSV when its name ends in `.csv`) and the text its messages show."""
    text = read_input(name)
    roster = read_csv_roster(text) if name.lower().endswith(".csv") else read_roster(text)
    return roster, roster.shown_text


def chosen(roster: Roster, names: Sequence[str], group: str | None, where: str) -> tuple[Athlete, ...]:
    """The athletes `--athlete` and `--group` ask for (all of them when neither is given), in roster order."""
    athletes = roster.athletes
    if group is not None:
        found = next((g for g in roster.groups if g.casefold() == group.casefold()), None)
        if found is None:
            hint = did_you_mean(group, roster.groups)
            known = ", ".join(roster.groups) or "none"
            raise UsageError(f"no group `{group}` on {where}" + (f"; {hint.text}" if hint else f" (groups: {known})"))
        athletes = tuple(a for a in athletes if a.group == found)
    if names:
        by_name = {a.name.casefold(): a for a in roster.athletes}
        for name in names:
            if name.casefold() not in by_name:
                hint = did_you_mean(name, [a.name for a in roster.athletes])
                raise UsageError(f"no athlete `{name}` on {where}" + (f"; {hint.text}" if hint else ""))
        wanted = {name.casefold() for name in names}
        athletes = tuple(a for a in athletes if a.name.casefold() in wanted)
    if not athletes:
        raise UsageError(f"no athlete of {where} is in the group `{group}` and named as asked")
    return athletes


@attrs.frozen
class SquadCompiled:
    """Each athlete's workouts, a workout they cannot run as None, and the mistakes to say."""

    members: tuple[Member, ...]
    names: tuple[str, ...]  # the workouts of the file, in order
    mistakes: tuple[StridesError, ...]  # the file's own, then each athlete's, named
    warnings: tuple[StridesError, ...]

    @property
    def complete(self) -> bool:
        return not self.mistakes


def compile_squad(text: str, filename: str, athletes: Sequence[Athlete], pairs: Mapping[str, str],
                  profile: Sequence[Setting] = ()) -> SquadCompiled:
    """The file compiled once per athlete, with their settings after the file's and `--profile`'s."""
    each = [compile_each(text, pairs, filename, [*profile, *athlete.settings]) for athlete in athletes]
    shared = _shared_mistakes(each)
    mistakes = list(shared.values())
    members = []
    for athlete, compiled in zip(athletes, each, strict=True):
        for error in compiled.mistakes:
            if _key(error) not in shared:
                mistakes.append(StridesError(f"{athlete.name}: {error.message}", error.span, error.hint))
        workouts = tuple(r if isinstance(r, Workout) else None for r in compiled.results)
        members.append(Member(athlete.name, athlete.group, workouts))
    names = _names(each)
    warnings = list(dict.fromkeys(w for c in each for w in c.warnings))
    return SquadCompiled(tuple(members), names, tuple(mistakes), tuple(warnings))


def _key(error: StridesError) -> tuple[object, ...]:
    return type(error), error.message, error.span


def _shared_mistakes(each: Iterable[Compiled]) -> dict[tuple[object, ...], StridesError]:
    """The mistakes every athlete meets: the file's own."""
    found: dict[tuple[object, ...], StridesError] | None = None
    for compiled in each:
        mine = {_key(error): error for error in compiled.mistakes}
        found = mine if found is None else {key: error for key, error in found.items() if key in mine}
    return found or {}


def _names(each: Sequence[Compiled]) -> tuple[str, ...]:
    """The name of each workout of the file, from the first athlete who could run it."""
    count = len(each[0].results) if each else 0
    names = []
    for index in range(count):
        workout = next((c.results[index] for c in each if isinstance(c.results[index], Workout)), None)
        names.append(workout.name if isinstance(workout, Workout) else f"workout {index + 1}")
    return tuple(names)

