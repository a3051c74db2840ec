"""Zwift workout files (`.zwo`) for a run: strides' own (`--format zwo`) and those Zwift and other tools write.

A block's `Power` is a share of one of the runner's race speeds, named by `pace` (0 one mile, 1 5 km, 2 10 km,
3 half marathon, 4 marathon; a block without one is read against the mile, the first). With a profile that
gives the race's pace (`--set 5k=19:00`), a share becomes the race with an offset (`@5k-7.5s/km`), a range
the paces it spans; without one, a share of 1 is the race itself and any other is left as a comment. A pace
zone (`Zone="1"`…`"6"`, Zwift's zones of the runner's paces) is read as the Daniels pace nearest in spirit:
E, E, M, T, I, R. Durations are seconds, or metres in a file whose `durationType` is distance. Blocks Zwift
reads that strides cannot (text other than messages, cadences) are kept as comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree import ElementTree

from strides.importers import neutral as n
from strides.importers.reading import KIND_INTENSITY, kind_and_effort, step_words
from strides.meaning.model import Distance, Duration, Time
from strides.meaning.profile import RACE_LABELS, Runner

PACES = {0: "mile", 1: "5k", 2: "10k", 3: "hm", 4: "marathon"}
ZONES = {1: "E", 2: "E", 3: "M", 4: "T", 5: "I", 6: "R"}
SHARE_RESOLUTION = 0.0005  # Power to three decimals, as strides writes it
MESSAGE_TAGS = ("textevent", "TextEvent")
_BPM = re.compile(r"(?:z\d )?(\d+)-(\d+) bpm")
_WATTS = re.compile(r"(\d+)(?:–(\d+))? W")


def read(data: bytes, runner: Runner) -> n.Imported:
    root = _root(data)
    sport = (root.findtext("sportType") or "").strip().lower()
    if sport not in ("run", ""):
        raise n.Unreadable(f"a Zwift {sport} workout: strides imports running workouts")
    body = root.find("workout")
    if body is None:
        raise n.Unreadable("a Zwift file with no <workout> element")
    reader = _Reader(runner, (root.findtext("durationType") or "").strip() == "distance",
                     (root.findtext("author") or "").strip() == "strides")
    items = tuple(item for element in body for item in reader.items(element))
    if not items:
        raise n.Unreadable("the Zwift workout has no steps")
    return n.Imported((root.findtext("name") or "").strip() or None, items, tuple(reader.unsaid))


def _root(data: bytes) -> ElementTree.Element:
    # A workout file never declares entities: refusing a DOCTYPE keeps entity expansion out of reach.
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):
        raise n.Unreadable("a Zwift file with a DOCTYPE: workout files have none")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        line, column = error.position
        raise n.Unreadable(f"not well-formed XML at line {line}, column {column + 1}") from None
    if root.tag != "workout_file":
        raise n.Unreadable(f"not a Zwift workout: the root element is <{root.tag}>, not <workout_file>")
    return root


class _Reader:
    def __init__(self, runner: Runner, by_distance: bool, ours: bool) -> None:
        self.runner = runner
        self.by_distance = by_distance
        self.ours = ours
        self.unsaid: list[str] = []  # blocks left out

    def items(self, element: ElementTree.Element) -> Iterator[n.Item]:
        tag = element.tag
        if tag in MESSAGE_TAGS:
            return
        if tag == "IntervalsT":
            yield self.intervals(element)
        elif tag in ("SteadyState", "Warmup", "Cooldown", "Ramp", "FreeRide", "Freeride", "MaxEffort"):
            yield self.block(element)
        else:
            self.unsaid.append(f"zwo: a <{tag}> block, which strides cannot say, is left out")

    def block(self, element: ElementTree.Element) -> n.Step:
        unsaid = self.cadence(element)
        duration = self.duration(element, "Duration")
        intensity = {"Warmup": "warmup", "Cooldown": "cooldown"}.get(element.tag, "active")
        if element.tag in ("FreeRide", "Freeride"):
            target: n.Target | None = None
        elif element.tag == "MaxEffort":
            target = n.Effort("all-out")
        else:
            target = self.pace(element, "Power", "PowerLow", "PowerHigh", unsaid)
        return self.described(intensity, duration, target, _messages(element), unsaid)

    def intervals(self, element: ElementTree.Element) -> n.Item:
        count = _number(element, "Repeat")
        unsaid = self.cadence(element)
        on_pace = self.pace(element, "OnPower", "PowerOnLow", "PowerOnHigh", unsaid)
        off = n.Step("recovery", self.duration(element, "OffDuration"),
                     self.pace(element, "OffPower", "PowerOffLow", "PowerOffHigh", unsaid))
        on = self.described("active", self.duration(element, "OnDuration"), on_pace, _messages(element), unsaid)
        return n.Repeat(n.rounds(count, "an <IntervalsT>"), (on, off))

    def described(self, intensity: str, duration: Duration, target: n.Target | None, messages: list[str],
                  unsaid: list[str]) -> n.Step:
        """The step with what its messages say: in strides' own files the kind, the heart rate or power
        Zwift cannot hold the runner to, the effort, then the note."""
        kind = None
        parts = [part for message in messages for part in message.split("; ")] if self.ours else messages
        if self.ours and target is None and parts:
            kind, target, rest = self.untargeted(parts[0])
            if not rest:
                parts = parts[1:]
        note = "; ".join(parts) or None
        words_kind, effort, duration, note, _ = step_words(None, note, duration, targeted=target is not None,
                                                           ours=self.ours)
        if effort is not None:
            target = n.Effort(effort)
        kind = kind or words_kind
        if kind is not None and intensity == "active":
            intensity = KIND_INTENSITY.get(kind, intensity)
        return n.Step(intensity, duration, target, kind, note, tuple(f"zwo: {text}" for text in unsaid))

    def untargeted(self, message: str) -> tuple[str | None, n.Target | None, str]:
        """`Hill all-out`, `z2 114-133 bpm`, `230–250 W`, `Rest`: what strides writes on a free run."""
        kind, effort, rest = kind_and_effort(message)
        target: n.Target | None = n.Effort(effort) if effort else None
        bpm, watts = _BPM.fullmatch(rest), _WATTS.fullmatch(rest)
        if bpm:
            target, rest = n.BeatsPerMinute(int(bpm.group(1)), int(bpm.group(2))), ""
        elif watts:
            low = int(watts.group(1))
            target, rest = n.Watts(low, int(watts.group(2) or low)), ""
        return kind, target, rest

    def pace(self, element: ElementTree.Element, single: str, low_name: str, high_name: str, unsaid: list[str]
             ) -> n.Target | None:
        low, high = _number(element, low_name), _number(element, high_name)
        one = _number(element, single)
        if one is not None:
            low = high = one
        if low is None or high is None or low <= 0 or high <= 0:
            zone = _number(element, "Zone")
            if zone is not None and int(zone) in ZONES:
                unsaid.append(f"Zwift's pace zone {int(zone)}, read as @{ZONES[int(zone)]}")
                return n.NamedPace(ZONES[int(zone)])
            return None
        race = PACES.get(int(_number(element, "pace") or 0), "mile")
        low, high = min(low, high), max(low, high)
        if self.runner.race_pace(race) is not None:
            return n.RaceShare(race, low, high, SHARE_RESOLUTION)
        if abs(low - 1) <= SHARE_RESOLUTION and abs(high - 1) <= SHARE_RESOLUTION:
            return n.NamedPace(race)
        shares = f"{low:.1%}" if low == high else f"{low:.1%}–{high:.1%}"
        unsaid.append(f"{shares} of your {RACE_LABELS[race]} race speed: give the profile a race "
                      f"(--set 5k=20:00) to import it as a pace")
        return None

    def duration(self, element: ElementTree.Element, name: str) -> Duration:
        value = _number(element, name)
        if value is None or value <= 0:
            raise n.Unreadable(f"a <{element.tag}> with no {name}")
        return Distance(value) if self.by_distance else Time(value)

    def cadence(self, element: ElementTree.Element) -> list[str]:
        said = [f"{name} {element.get(name)}" for name in ("Cadence", "CadenceLow", "CadenceHigh")
                if element.get(name)]
        return [f"cadence ({', '.join(said)}), which strides cannot say"] if said else []


def _messages(element: ElementTree.Element) -> list[str]:
    return [message.strip() for child in element if child.tag in MESSAGE_TAGS
            for message in [child.get("message") or ""] if message.strip()]


def _number(element: ElementTree.Element, name: str) -> float | None:
    value = element.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise n.Unreadable(f"<{element.tag}> {name}=\"{value}\" is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise n.Unreadable(f"<{element.tag}> {name}=\"{value}\" is not a number")
    return number
