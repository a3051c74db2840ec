"""The runner's profile: race results, heart rates, units and tolerance, and the paces they give.

Settings come from `key = value` lines, a profile file and `--set`; later ones win.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from functools import cached_property

import attrs

from strides.errors import Hint, Span, StridesError, did_you_mean
from strides.language.ast import Setting
from strides.language.lexicon import RACE_ALIASES, RACES, read_clock, shown
from strides.meaning import paces
from strides.meaning.model import Profile
from strides.meaning.units import format_clock
from strides.record import Record

# One table of race words, by canonical name: (the distance, as a profile line gives a race time: `5 km
# 19:00`; the race a pace is named after: `5k pace`). Here, below the phrasebook, because the profile line
# is made with the profile.
RACE_WORDS = {
    "1500": ("1500 m", "1500 m"), "mile": ("mile", "mile"), "3k": ("3 km", "3k"), "2mi": ("2 mi", "2-mile"),
    "5k": ("5 km", "5k"), "8k": ("8 km", "8k"), "10k": ("10 km", "10k"), "15k": ("15 km", "15k"),
    "10mi": ("10 mi", "10-mile"), "hm": ("half marathon", "half-marathon"), "marathon": ("marathon", "marathon"),
}
RACE_LABELS = {name: distance for name, (distance, _) in RACE_WORDS.items()}
OTHER_KEYS = ("vdot", "maxhr", "resthr", "lthr", "units", "tolerance", "lap")
KNOWN_KEYS = frozenset({*RACES, *OTHER_KEYS})
DEFAULT_TOLERANCE = (2.0, "%")
# Pace used to estimate time and distance of steps with no pace when the profile gives no VDOT.
FALLBACK_EASY_PACE = 360.0
RACE_PACES = (150.0, 900.0)  # s/km: 2:30/km (beyond any world record) to 15:00/km


class CommandLineSettingError(StridesError):
    """A wrong `--set` value: the mistake is on the command line, so it is reported as the command's own
    (`strides: --set 5k=19:99: …`), never as a place in the workout file."""

    def render(self, source: str | None = None, filename: str = "<input>") -> str:
        return super().render(None, "strides")


@attrs.frozen(repr=False, eq=False)
class Runner(Record):
    """A resolved profile."""

    races: tuple[tuple[str, float], ...] = ()  # (race name, seconds) in the order given
    vdot_setting: float | None = None
    maxhr: float | None = None
    resthr: float | None = None
    lthr: float | None = None
    units: str = "km"
    units_given: bool = False  # `units` was set: a bare offset on a long road rep is in them
    tolerance: tuple[float, str] = DEFAULT_TOLERANCE  # (value, "%" or "s/km")
    lap: float = 400.0

    @cached_property
    def vdot(self) -> float | None:
        """The explicit `vdot`, else the best VDOT among the races (the runner's current fitness)."""
        if self.vdot_setting is not None:
            return self.vdot_setting
        values = [paces.vdot_from_race(RACES[name], seconds) for name, seconds in self.races]
        return max(values) if values else None

    def race_pace(self, name: str) -> float | None:
        """Race pace in s/km: the race itself when given, else the equivalent of the race nearest in distance
        among those given (or of `vdot`)."""
        return _race_pace(name, self.races, self.vdot_setting)

    @cached_property
    def profile(self) -> Profile:
        """The profile line and settings the outputs show: made once, for every workout read with it."""
        parts = [f"{RACE_LABELS[name]} {format_clock(seconds)}" for name, seconds in self.races]
        vdot = self.vdot
        if vdot is not None:
            parts.append(f"VDOT {vdot:.1f}")
        for label, value in (("max HR", self.maxhr), ("LTHR", self.lthr)):
            if value:
                parts.append(f"{label} {value:g}")
        race_paces = tuple((name, paces.pace_of_race(vdot, meters)) for name, meters in RACES.items()) \
            if vdot is not None else ()
        return Profile(" · ".join(parts), self.units, vdot, self.lap, self.maxhr, race_paces)


@functools.lru_cache(maxsize=1024)
def _race_pace(name: str, races: tuple[tuple[str, float], ...], vdot: float | None) -> float | None:
    """`Runner.race_pace`, remembered: a training plan asks the same few races of one profile many times."""
    meters = RACES[name]
    given = dict(races)
    if name in given:
        return given[name] / meters * 1000.0
    if given:
        anchor = min(given, key=lambda race: abs(math.log(RACES[race] / meters)))
        return paces.pace_of_race(paces.vdot_from_race(RACES[anchor], given[anchor]), meters)
    return paces.pace_of_race(vdot, meters) if vdot else None


def setting_key(written: str) -> str:
    """`5K`, `5 km`, `half marathon`, `max HR`, `max_hr` -> `5k`, `5k`, `hm`, `maxhr`, `maxhr`."""
    key = re.sub(r"[\s_\-]+", "", written.lower())
    key = re.sub(r"^(\d+)km$", r"\1k", key)
    key = {"halfmarathon": "hm", "1mile": "mile"}.get(key, key)
    return RACE_ALIASES.get(key, key)


def runner_from(settings: Iterable[Setting]) -> Runner:
    """Fold settings in order into a `Runner`; each value is checked where it was written."""
    races: dict[str, float] = {}
    values: dict[str, object] = {}
    for setting in settings:
        key = setting_key(setting.key)
        if key in RACES:
            races.pop(key, None)
            races[key] = _race_time(setting, RACES[key])
        elif key in OTHER_KEYS:
            values["vdot_setting" if key == "vdot" else key] = _READERS[key](setting)
            values["units_given"] = values.get("units_given", False) or key == "units"
        else:
            known = ", ".join([*RACES, *OTHER_KEYS])
            raise _fail(setting, f"unknown setting `{shown(setting.key)}`",
                        did_you_mean(setting.key, [*RACES, *RACE_ALIASES, *OTHER_KEYS]) or f"known: {known}",
                        where=setting.span)
    return Runner(races=tuple(races.items()), **values)  # type: ignore[arg-type]


def settings_from_pairs(pairs: Mapping[str, str], origin: str = "--set") -> list[Setting]:
    """`--set 5k=19:00` pairs as settings (no source position: messages name the option instead)."""
    return [Setting(key.strip(), value.strip(), None, None) for key, value in pairs.items()]


def _fail(setting: Setting, message: str, hint: str | Hint | None = None, where: Span | None = None) -> StridesError:
    """The mistake in a setting, pointed at in its file, or else (from `--set`, which has no position)
    naming the option as it was given."""
    where = where or setting.value_span or setting.span
    if where is not None:
        return StridesError(message, where, hint)
    return CommandLineSettingError(f"--set {shown(setting.key)}={shown(setting.value)}: {message}", None, hint)


def _race_time(setting: Setting, meters: float) -> float:
    text = setting.value.strip()
    if not re.fullmatch(r"\d+(?::\d\d){1,2}(?:\.\d+)?", text):
        raise _fail(setting, f"`{shown(text)}` is not a race time",
                    "write minutes and seconds, as in `19:00` or `3:17:06`")
    try:
        seconds = read_clock(text, setting.value_span)
    except StridesError as error:
        raise _fail(setting, error.message, error.hint) from None
    pace = seconds / meters * 1000.0
    fastest, slowest = RACE_PACES
    if not fastest <= pace <= slowest:
        shown_pace = f"{format_clock(pace)}/km" if pace < 100 * slowest else "far slower than walking"
        raise _fail(setting, f"{shown(text)} for {setting.key} is {shown_pace}, outside "
                             f"{format_clock(fastest)}–{format_clock(slowest)}/km")
    return seconds


def _number(setting: Setting, low: float, high: float, what: str) -> float:
    try:
        value = float(setting.value)
    except ValueError:
        raise _fail(setting, f"{setting.key} takes a number, not `{shown(setting.value)}`") from None
    if not low <= value <= high:
        raise _fail(setting, f"{setting.key} = {shown(setting.value)} is outside {low:g}–{high:g}{what}")
    return value


def _units(setting: Setting) -> str:
    value = setting.value.lower()
    units = {"km": "km", "k": "km", "kilometres": "km", "mi": "mi", "mile": "mi", "miles": "mi"}
    if value not in units:
        raise _fail(setting, f"units is `km` or `mi`, not `{shown(setting.value)}`")
    return units[value]


def _tolerance(setting: Setting) -> tuple[float, str]:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(%|s/km|s/mi|s)", setting.value.strip().lower())
    if match is None:
        raise _fail(setting, f"tolerance is a percentage or seconds per km, not `{shown(setting.value)}`",
                    "write `2%` or `3s/km`")
    value, unit = float(match[1]), match[2]
    if unit == "%":
        if value > 10:
            raise _fail(setting, "a tolerance above 10% makes the target meaningless")
        return value, "%"
    per_km = value / 1.609344 if unit == "s/mi" else value
    if per_km > 30:
        raise _fail(setting, "a tolerance above 30 s/km makes the target meaningless")
    return per_km, "s/km"


def _lap(setting: Setting) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*m?", setting.value.strip().lower())
    if match is None or not 100 <= float(match[1]) <= 1000:
        raise _fail(setting, f"lap is a track lap length in metres (100–1000), not `{shown(setting.value)}`")
    return float(match[1])


_READERS = {
    "vdot": lambda s: _number(s, 20, 90, ""),
    "maxhr": lambda s: _number(s, 100, 240, " bpm"),
    "resthr": lambda s: _number(s, 25, 120, " bpm"),
    "lthr": lambda s: _number(s, 80, 230, " bpm"),
    "units": _units,
    "tolerance": _tolerance,
    "lap": _lap,
}
