"""How much of the corpus of published workouts strides reads as the runner meant (tests/language/corpus/).

Each corpus file holds the workouts of one kind of source, verbatim, with the source's address and what the
runner meant as checkable facts. A workout is

- `meant`: it compiles and every fact holds;
- `refused`: it is refused with a message that shows a canonical spelling (a backticked form);
- `unhelpful`: it is refused, and the message shows no way to write it;
- `wrong`: it compiles, and a fact does not hold — a silent misreading.

Facts (all optional), each about the compiled timeline:

- `total`: the whole workout's distance or time (`12mi`, `60min`), within 2 %;
- `rep`, `reps`: the steps whose length is `rep` that are no warm-up, cool-down or recovery: there are `reps`;
- `rec`, `recs`: the recoveries (jog, walk, rest, float) of length `rec`: there are `recs` (default reps - 1);
- `pace`: the reps' target, in strides' canonical spelling (`mp-10s/mi`, `15k..hm`, `z2`, `140-150bpm`),
  compared with that target on a neutral 1 km step; or `speed% LOW-HIGH NAME` for a share of a pace's
  speed (`speed% 60-70 mp`);
- `note`: a word that must stand in a step's note.

Run `python tests/helpers/corpus_reach.py` for the reach by kind of source.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

from strides.errors import Span, StridesError
from strides.language.lexicon import read_amount
from strides.meaning.model import Distance, Effort, HeartRate, Intensity, Pace, Power, Step, Time, Workout
from strides.pipeline import compile_text

CORPUS = Path(__file__).parents[1] / "language" / "corpus"
PROFILE = {"5k": "20:00", "marathon": "3:10:00", "maxhr": "185", "resthr": "50", "lthr": "168"}
RECOVERY = (Intensity.recovery, Intensity.rest)
EDGES = (Intensity.warmup, Intensity.cooldown)


@dataclass
class Verdict:
    status: str  # meant, refused, unhelpful, wrong
    why: str = ""


@dataclass
class Entry:
    kind: str
    text: str
    source: str
    facts: dict[str, Any]
    profile: dict[str, str] = field(default_factory=dict)


def entries(folder: Path = CORPUS) -> list[Entry]:
    found = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        shared = {key: str(value) for key, value in data.get("profile", {}).items()}
        for item in data["w"]:
            facts = {key: value for key, value in item.items() if key not in ("t", "src", "profile")}
            profile = {**shared, **{key: str(value) for key, value in item.get("profile", {}).items()}}
            found.append(Entry(path.stem, item["t"], item["src"], facts, profile))
    return found


def length(step: Step) -> tuple[str, float] | None:
    duration = step.duration
    if isinstance(duration, Time):
        return "s", duration.seconds
    if isinstance(duration, Distance):
        return "m", duration.meters
    return None


def amount(text: str) -> tuple[str, float]:
    read = read_amount(text.replace(" ", ""), Span(1, 1, 0, 0))
    return ("s", read.low) if read.dimension == "time" else ("m", read.low)


def near(a: tuple[str, float] | None, b: tuple[str, float], share: float = 0.02) -> bool:
    return a is not None and a[0] == b[0] and abs(a[1] - b[1]) <= max(1.0, share * b[1])


def target_of(spelling: str, profile: dict[str, str]) -> Any:
    [workout] = compile_text(f"1000 @{spelling}", {**PROFILE, **profile})
    return workout.timeline[0].target


def same_target(got: Any, expected: Any) -> bool:
    if isinstance(expected, Pace):
        return isinstance(got, Pace) and abs(got.exact - expected.exact) < 1.0 and abs(got.fast - expected.fast) < 2 \
            and abs(got.slow - expected.slow) < 2
    if isinstance(expected, HeartRate):
        return isinstance(got, HeartRate) and abs(got.low - expected.low) <= 1 and abs(got.high - expected.high) <= 1
    if isinstance(expected, Effort):
        return isinstance(got, Effort) and got.word == expected.word
    if isinstance(expected, Power):
        return isinstance(got, Power) and (got.low, got.high) == (expected.low, expected.high)
    return bool(got == expected)


def pace_holds(steps: list[Step], spelling: str, profile: dict[str, str]) -> bool:
    share = re.fullmatch(r"speed% ([\d.]+)(?:-([\d.]+))? (\S+)", spelling)
    if share:
        base = target_of(share[3], profile).exact
        low, high = float(share[1]), float(share[2] or share[1])
        fast, slow = base * 100 / high, base * 100 / low
        return all(isinstance(s.target, Pace) and fast - 1.5 <= s.target.exact <= slow + 1.5 for s in steps)
    expected = target_of(spelling, profile)
    return all(same_target(step.target, expected) for step in steps)


def judge(entry: Entry) -> Verdict:
    settings = {**PROFILE, **entry.profile}
    try:
        workouts: list[Workout] = compile_text(entry.text, settings)
    except StridesError as error:
        message = f"{error.message} {error.hint or ''}"
        return Verdict("refused" if "`" in message else "unhelpful", message)
    if not workouts:
        return Verdict("unhelpful", "no workout")
    timeline = [step for workout in workouts for step in workout.timeline]
    return check(entry.facts, timeline, entry.profile)


def check(facts: dict[str, Any], timeline: list[Step], profile: dict[str, str]) -> Verdict:
    if "total" in facts:
        unit, value = amount(facts["total"])
        got = sum((length(step) or ("", 0.0))[1] for step in timeline if (length(step) or ("",))[0] == unit)
        if not near((unit, got), (unit, value)):
            return Verdict("wrong", f"total {got:.0f}{unit}, meant {facts['total']}")
    reps: list[Step] = []
    if "rep" in facts:
        wanted = amount(facts["rep"])
        reps = [s for s in timeline if s.intensity not in (*RECOVERY, *EDGES) and near(length(s), wanted)]
        if "pace" in facts and len(reps) > facts.get("reps", len(reps)):  # the easy parts around a segment
            reps = [s for s in reps if pace_holds([s], facts["pace"], profile)] or reps
        if len(reps) != facts.get("reps", len(reps)) or not reps:
            return Verdict("wrong", f"{len(reps)} reps of {facts['rep']}, meant {facts.get('reps', 'some')}")
    if "rec" in facts:
        wanted = amount(facts["rec"])
        recs = [s for s in timeline if s.intensity in RECOVERY and near(length(s), wanted)]
        meant = facts.get("recs", facts.get("reps", 1) - 1)
        if len(recs) != meant:
            return Verdict("wrong", f"{len(recs)} recoveries of {facts['rec']}, meant {meant}")
    if "pace" in facts:
        steps = reps or [s for s in timeline if s.intensity not in (*RECOVERY, *EDGES)]
        if not pace_holds(steps, facts["pace"], profile):
            shown = [getattr(s.target, "label", s.target) for s in steps][:3]
            return Verdict("wrong", f"target {shown}, meant {facts['pace']}")
    if "note" in facts and not any(facts["note"].lower() in (s.note or "").lower() for s in timeline):
        return Verdict("wrong", f"no note with {facts['note']!r}")
    return Verdict("meant")


def reach(folder: Path = CORPUS) -> dict[str, Counter[str]]:
    by_kind: dict[str, Counter[str]] = {}
    for entry in entries(folder):
        by_kind.setdefault(entry.kind, Counter())[judge(entry).status] += 1
    return by_kind


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    totals: Counter[str] = Counter()
    print(f"{'source kind':<22}{'n':>4}{'meant':>7}{'refused':>9}{'unhelpful':>11}{'wrong':>7}")
    for kind, counts in reach().items():
        totals.update(counts)
        n = sum(counts.values())
        print(f"{kind:<22}{n:>4}{counts['meant']:>7}{counts['refused']:>9}{counts['unhelpful']:>11}{counts['wrong']:>7}")
    n = sum(totals.values())
    print(f"{'all':<22}{n:>4}{totals['meant']:>7}{totals['refused']:>9}{totals['unhelpful']:>11}{totals['wrong']:>7}"
          f"   ({100 * totals['meant'] / max(n, 1):.0f} % read as meant)")
    if verbose:
        for entry in entries():
            verdict = judge(entry)
            if verdict.status != "meant":
                print(f"[{verdict.status}] {entry.kind}: {entry.text!r}\n    {verdict.why}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
