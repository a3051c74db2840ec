"""Zwift's workout file (`.zwo`) for a run on the treadmill.

    <workout_file>
      <name>Track 400s</name> <sportType>run</sportType> …
      <workout>
        <Warmup Duration="900" PowerLow="0.80" PowerHigh="0.90" pace="1"/>
        <IntervalsT Repeat="11" OnDuration="88" OffDuration="35" OnPower="1.03" OffPower="0" pace="1"/>
        …

Zwift has no absolute paces: a block's Power is the speed as a fraction of one of the runner's own race
paces in Zwift's settings, named by `pace` (0 one mile, 1 5 km, 2 10 km, 3 half marathon: the only values
Zwift's own run workouts use). A pace written against one of those races (`@5k-3s`, `@mile`) is placed
against it, a marathon pace (`@mp+20s/mi`) against the half marathon, any other pace (`@T`, `@easy`,
`@3:48/km`) against 5 km, all from the profile's VDOT. Zwift then scales everything to the
paces the runner set in Zwift, as strides scales to the profile. A block runs one pace (a range's middle).

Durations are seconds, or metres when every step of the workout is a distance (`<durationType>distance`).
Zwift has no lap button, no heart rates, no watts for a run and no efforts: open steps become free runs of a
set length, and heart-rate, power and effort steps free runs with their target as a message. Each is said as a warning.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.etree import ElementTree

from strides.backends import Backend, RenderOptions
from strides.backends.exports.view import (
    Cautions,
    cautions_of,
    count_range,
    effort_of,
    heart_rate_of,
    pace_of,
    power_of,
    race_pace,
    race_written,
    range_written,
    role,
    rounds_of,
    runs,
)
from strides.errors import StridesWarning
from strides.meaning.model import BeatsPerMinute, Distance, HeartRate, Kind, Node, Open, Repeat, Step, Time, Workout
from strides.meaning.units import format_duration, watch_note

# Zwift's pace settings, by the races strides knows: the values Zwift's own run workouts use (a `pace="4"`
# appears in none of them, so a marathon pace is a share of the half marathon's, the nearest race Zwift has).
# The 5 km is the anchor of paces not written against one of these.
PACE_SETTINGS = {"mile": 0, "5k": 1, "10k": 2, "hm": 3}
NEAREST_SETTING = {"marathon": "hm"}
DEFAULT_ANCHOR = "5k"
OPEN_SECONDS = 120  # an open step's length in Zwift, which has no lap button
OPEN_METERS = 400

Element = ElementTree.Element


def render(workouts: Sequence[Workout], options: RenderOptions) -> str:
    """The file of one workout (the backend is per_workout)."""
    if len(workouts) != 1:
        raise ValueError(f"the zwo backend renders one workout at a time, got {len(workouts)}")
    return workout_xml(workouts[0])


def workout_xml(workout: Workout) -> str:
    return build(workout)[0]


def build(workout: Workout) -> tuple[str, list[StridesWarning]]:
    writer = _Writer(workout)
    root = ElementTree.Element("workout_file")
    for tag, text in (("author", "strides"), ("name", workout.name), ("description", _description(workout)),
                      ("sportType", "run")):
        ElementTree.SubElement(root, tag).text = text
    if writer.by_distance:
        ElementTree.SubElement(root, "durationType").text = "distance"
    ElementTree.SubElement(root, "tags")
    body = ElementTree.SubElement(root, "workout")
    body.extend(writer.nodes(workout.items))
    ElementTree.indent(root, space="  ")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
    return text, writer.cautions.found


def _description(workout: Workout) -> str:
    profile = workout.profile.summary
    return f"Paces from {profile}, as fractions of your Zwift run paces." if profile else "Made by strides."


class _Writer:
    def __init__(self, workout: Workout) -> None:
        self.workout = workout
        self.cautions = Cautions(workout, "zwo")
        measured = [s.duration for s in workout.timeline if not isinstance(s.duration, Open)]
        self.by_distance = bool(measured) and all(isinstance(d, Distance) for d in measured)

    def nodes(self, nodes: Sequence[Node]) -> list[Element]:
        elements: list[Element] = []
        for node in nodes:
            elements.extend([self.step(node)] if isinstance(node, Step) else self.repeat(node))
        return elements

    def repeat(self, repeat: Repeat) -> list[Element]:
        if repeat.count_upto is not None:
            self.cautions.add(count_range(repeat))
        elements: list[Element] = []
        for key, count in runs(_key(self.nodes(round_)) for round_ in rounds_of(repeat)):
            body = [ElementTree.fromstring(text) for text in key]
            if count > 1 and _on_off(body):
                elements.append(_intervals(body[0], body[1], count))
            else:
                elements.extend(ElementTree.fromstring(text) for text in key * count)
        return elements

    def step(self, step: Step) -> Element:
        if range_written(step):
            self.cautions.add(f"{format_duration(step.duration)} runs its lower end: Zwift has no ranges")
        pace = pace_of(step)
        anchor = self.anchor(step) if pace is not None else None
        if pace is None or anchor is None:
            element = Element("FreeRide", {"Duration": self.length(step)})
            message = self.untargeted(step)
        else:
            race, speed = anchor
            element = self.paced(step, race, speed)
            message = watch_note(step)
        if message:
            # A message at the block's start: Zwift's distance workouts place theirs in metres.
            offset = "distoffset" if self.by_distance else "timeoffset"
            ElementTree.SubElement(element, "textevent", {offset: "0", "message": message})
        return element

    def paced(self, step: Step, race: str, race_seconds_per_km: float) -> Element:
        pace = pace_of(step)
        assert pace is not None
        attributes = {"Duration": self.length(step), "pace": str(PACE_SETTINGS[race])}
        part = role(step)  # the services' word for the step's intensity
        if part in ("warmup", "cooldown"):
            slow, fast = _power(race_seconds_per_km, pace.slow), _power(race_seconds_per_km, pace.fast)
            low, high = (slow, fast) if part == "warmup" else (fast, slow)  # warm up faster, cool down slower
            return Element("Warmup" if part == "warmup" else "Cooldown",
                           {**attributes, "PowerLow": low, "PowerHigh": high})
        return Element("SteadyState", {**attributes, "Power": _power(race_seconds_per_km, pace.exact)})

    def anchor(self, step: Step) -> tuple[str, float] | None:
        """The Zwift pace setting a pace is a fraction of, and that race's pace in the profile."""
        pace = pace_of(step)
        assert pace is not None
        race = race_written(pace) or DEFAULT_ANCHOR
        race = NEAREST_SETTING.get(race, race)
        race = race if race in PACE_SETTINGS else DEFAULT_ANCHOR
        seconds = race_pace(self.workout, race)
        if seconds is None:
            self.cautions.add(f"@{pace.label} becomes a free run: Zwift's paces are fractions of race paces, "
                              "and the profile has no race (add one, as in --set 5k=20:00)")
            return None
        return race, seconds

    def untargeted(self, step: Step) -> str | None:
        """The message a free run shows: the effort or heart rate Zwift cannot hold the runner to."""
        heart_rate, effort, power = heart_rate_of(step), effort_of(step), power_of(step)
        words = [step.kind.capitalize()] if step.kind not in (Kind.run, Kind.warmup, Kind.cooldown) else []
        if power is not None:
            self.cautions.add("power targets become free runs with the watts as a message: a Zwift run's "
                              "Power is a share of a race pace, not watts")
            words.append(power.label)
        if heart_rate is not None:
            self.cautions.add("heart-rate targets become free runs with the range as a message: Zwift has no "
                              "heart-rate targets")
            words.append(_heart_rate_words(heart_rate))
        if effort is not None:
            words.append(effort)
        note = watch_note(step)
        text = " ".join(words)
        return "; ".join(part for part in (text, note) if part) or None

    def length(self, step: Step) -> str:
        """Seconds, or metres in a distance workout; a distance in a timed workout is its estimated time."""
        duration = step.duration
        if isinstance(duration, Open):
            estimate = step.estimated_meters if self.by_distance else step.estimated_seconds
            fallback = OPEN_METERS if self.by_distance else OPEN_SECONDS
            self.cautions.add(f"steps until the lap button last {fallback} {'m' if self.by_distance else 's'} "
                              "(or their estimate): Zwift has no lap button")
            return _metres(estimate or fallback) if self.by_distance else _seconds(estimate or fallback)
        if self.by_distance:
            assert isinstance(duration, Distance)
            return _metres(duration.meters)
        if isinstance(duration, Distance):
            self.cautions.add("distances become their time at the target pace: a Zwift workout is timed "
                              "throughout or measured throughout")
            return _seconds(step.estimated_seconds or 0.0)
        assert isinstance(duration, Time)
        return _seconds(duration.seconds)


def _heart_rate_words(heart_rate: HeartRate) -> str:
    """`140-150 bpm`, or what was written and its beats: `z2 114-133 bpm`, `70-80%max 133-152 bpm`."""
    beats = f"{heart_rate.low}-{heart_rate.high} bpm"
    return beats if isinstance(heart_rate.basis, BeatsPerMinute) else f"{heart_rate.label} {beats}"


def _key(elements: list[Element]) -> tuple[str, ...]:
    """Rounds compared as the file will hold them."""
    return tuple(ElementTree.tostring(element, encoding="unicode") for element in elements)


def _on_off(body: list[Element]) -> bool:
    """A round of one paced rep and one paced recovery, which IntervalsT holds; any other round is written
    out each time."""
    return (len(body) == 2 and all(e.tag == "SteadyState" and not list(e) for e in body)
            and body[0].get("pace") == body[1].get("pace"))


def _intervals(on: Element, off: Element, count: int) -> Element:
    return Element("IntervalsT", {"Repeat": str(count), "OnDuration": on.get("Duration", ""),
                                  "OffDuration": off.get("Duration", ""), "OnPower": on.get("Power", ""),
                                  "OffPower": off.get("Power", ""), "pace": on.get("pace", "")})


def _power(race_seconds_per_km: float, seconds_per_km: float) -> str:
    """Speed as a fraction of the race's speed: a faster pace is more than 1."""
    return f"{race_seconds_per_km / seconds_per_km:.3f}"


def _seconds(value: float) -> str:
    """Whole seconds, as a watch counts them."""
    return str(math.floor(value + 0.5))


def _metres(value: float) -> str:
    """Metres to the centimetre: `400`, `1609.34`."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


BACKEND = Backend(name="zwo", suffix=".zwo", binary=False, per_workout=True, render=render,
                  warnings=cautions_of(build))
