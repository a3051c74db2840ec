"""A file's workouts compiled for each athlete of a roster, exactly as for one runner with their profile.

The file's own settings are a runner's profile and are set aside; each athlete's settings come after any
`--profile`, and `--set` comes last: the command line wins, as everywhere. A mistake every athlete meets (a
typo in a step) is the file's and is said once; a mistake only some meet (a race their profile lacks) is
said with their name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from strides.backends.cards.squad import Member
from strides.errors import StridesError, StridesWarning, UsageError, did_you_mean
from strides.language.ast import Setting, WorkoutSource
from strides.language.parse import parse
from strides.meaning.model import Workout
from strides.meaning.profile import runner_from, settings_from_pairs
from strides.meaning.resolve import resolve
from strides.sources import read_input
from strides.squad.roster import Athlete, Roster, read_roster
from strides.squad.roster_csv import read_csv_roster


def load_roster(name: str) -> Roster:
    """The roster in file `name`: CSV when its name ends in `.csv`, else strides' own style."""
    text = read_input(name)
    return read_csv_roster(text) if name.lower().endswith(".csv") else read_roster(text)


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
    """The file read once and resolved for each athlete against `--profile`, their settings, then `--set`.
    The file's own settings (a runner's profile) are set aside, with a warning: each athlete runs at their
    own paces, exactly as the workout compiled alone with their profile."""
    sources = parse(text, filename)
    extra = settings_from_pairs(pairs)
    runners = [runner_from([*profile, *athlete.settings, *extra]) for athlete in athletes]
    warnings: dict[tuple[object, ...], StridesError] = {}
    each: list[list[Workout | StridesError]] = []
    for runner in runners:
        results: list[Workout | StridesError] = []
        for source in sources:
            if source.mistake is not None:
                results.append(source.mistake)
                continue
            try:
                resolution = resolve(attrs.evolve(source, settings=()), runner)
            except StridesError as error:
                results.append(error)
                continue
            warnings.update((_key(w), w) for w in resolution.warnings)
            results.append(resolution.result)
        each.append(results)
    return _gathered(athletes, sources, each, list(warnings.values()))


def _gathered(athletes: Sequence[Athlete], sources: Sequence[WorkoutSource],
              each: Sequence[Sequence[Workout | StridesError]], warnings: list[StridesError]) -> SquadCompiled:
    """The members, each workout's name, and the mistakes: the file's own once, the others named."""
    shared = _shared_mistakes(each)
    mistakes = list(shared.values())
    members = []
    for athlete, results in zip(athletes, each, strict=True):
        for error in results:
            if isinstance(error, StridesError) and _key(error) not in shared:
                mistakes.append(StridesError(f"{athlete.name}: {error.message}", error.span, error.hint))
        members.append(Member(athlete.name, athlete.group, tuple(r if isinstance(r, Workout) else None
                                                                 for r in results)))
    given = next((s for source in sources for s in source.settings), None)
    if given is not None:
        warnings.insert(0, StridesWarning(f"`{given.key} = {given.value}` and the file's other settings are set "
                                          "aside: each athlete runs at the paces of their roster's profile",
                                          given.span))
    names = tuple(source.name for source in sources)
    return SquadCompiled(tuple(members), names, tuple(mistakes), tuple(warnings))


def _key(error: StridesError) -> tuple[object, ...]:
    return type(error), error.message, error.span


def _shared_mistakes(each: Iterable[Sequence[Workout | StridesError]]) -> dict[tuple[object, ...], StridesError]:
    """The mistakes every athlete meets: the file's own."""
    found: dict[tuple[object, ...], StridesError] | None = None
    for results in each:
        mine = {_key(error): error for error in results if isinstance(error, StridesError)}
        found = mine if found is None else {key: error for key, error in found.items() if key in mine}
    return found or {}
