"""The workout a watch stored in the activity (its workout_step messages), run as the watch runs it, and
written back as strides text so that it compiles like any other workout.

>>> steps = [{"duration_type": "time", "duration_value": 600000, "intensity": "warmup"},
...          {"duration_type": "distance", "duration_value": 40000, "intensity": "active",
...           "target_type": "speed", "custom_target_value_low": 4424, "custom_target_value_high": 4627},
...          {"duration_type": "time", "duration_value": 35000, "intensity": "rest"},
...          {"duration_type": "repeat_until_steps_cmplt", "duration_value": 1, "target_value": 12},
...          {"duration_type": "open", "intensity": "cooldown"}]
>>> plan_text(steps)
'wu 10min; 12x(400m @3:36.1-3:46.1/km, rest 35s); cd open'
>>> executed(steps)[:6], len(executed(steps))
([0, 1, 2, 1, 2, 1], 26)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from strides.language.lexicon import EFFORTS

REPEAT = "repeat_until_steps_cmplt"
MAX_EXECUTED = 5_000  # steps a stored workout may run: a repeat pointing the wrong way would loop for ever
HR_BPM_OFFSET, POWER_WATTS_OFFSET = 100, 1000  # custom targets above these are bpm and watts (the FIT profile)
KINDS = {"warmup": "wu ", "cooldown": "cd ", "recovery": "jog ", "rest": "rest "}

Step = Mapping[str, Any]


class StoredWorkoutError(ValueError):
    """Stored steps no watch could run (a repeat that points forwards, or repeats without end)."""


def executed(steps: Sequence[Step]) -> list[int]:
    """The index of each step in the order the watch runs them: a repeat step jumps back to its first step
    until it has run its count."""
    passes: dict[int, int] = {}
    order: list[int] = []
    index, visits = 0, 0
    while index < len(steps):
        step = steps[index]
        visits += 1
        if visits > MAX_EXECUTED:
            raise StoredWorkoutError("the stored workout's repeats never end")
        if step.get("duration_type") != REPEAT:
            order.append(index)
            index += 1
            continue
        first = step.get("duration_value")
        if not isinstance(first, int) or not 0 <= first < index:
            raise StoredWorkoutError(f"stored step {index} repeats from step {first}")
        passes[index] = passes.get(index, 0) + 1
        if passes[index] < (step.get("target_value") or 1):
            index = first
        else:
            passes[index] = 0  # an inner repeat starts afresh on the next pass of the outer one
            index += 1
    return order


def plan_text(steps: Sequence[Step]) -> str:
    """The stored steps as strides text, one block per step and `Nx(…)` for each repeat step."""
    blocks: list[tuple[int, str]] = []  # (index of the block's first step, its text)
    for index, step in enumerate(steps):
        if step.get("duration_type") != REPEAT:
            blocks.append((index, step_text(step)))
            continue
        first = step.get("duration_value")
        inner = [text for start, text in blocks if isinstance(first, int) and start >= first]
        if not inner:
            continue
        del blocks[len(blocks) - len(inner):]
        count = step.get("target_value") or 1
        blocks.append((first if isinstance(first, int) else index, f"{count}x({', '.join(inner)})"))
    return "; ".join(text for _, text in blocks)


def step_text(step: Step) -> str:
    """One stored step as a strides step: `wu 10min`, `400m @3:36-3:46/km`, `rest 35s`, `jog open`."""
    kind = KINDS.get(str(step.get("intensity")), "")
    amount = _amount(step)
    target = _target(step)
    return f"{kind}{amount}{target}"


def _amount(step: Step) -> str:
    value = step.get("duration_value")
    if step.get("duration_type") == "time" and isinstance(value, int) and value > 0:
        return _time(value / 1000.0)
    if step.get("duration_type") == "distance" and isinstance(value, int) and value > 0:
        return f"{value / 100.0:g}m"
    return "open"  # the lap button, or what strides does not measure (calories, a heart rate reached)


def _time(seconds: float) -> str:
    """`35s`, `10min`, `1:30`, `1:05:00`: never a bare number of seconds over a minute (`900s` is 900 m reps)."""
    if seconds < 60:
        return f"{seconds:g}s"
    if seconds % 60 == 0 and seconds < 3600:
        return f"{seconds / 60:g}min"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _target(step: Step) -> str:
    kind = step.get("target_type")
    low, high = step.get("custom_target_value_low"), step.get("custom_target_value_high")
    if kind == "speed" and low and high:  # mm/s: the slower pace is the low speed
        return f" @{_pace(1_000_000 / high, math.floor)}-{_pace(1_000_000 / low, math.ceil)}/km"
    if kind == "heart_rate" and low and high:
        if low > HR_BPM_OFFSET:
            return f" @{low - HR_BPM_OFFSET}-{high - HR_BPM_OFFSET}bpm"
        return f" @{low}-{high}%max"
    if kind == "heart_rate" and 1 <= (step.get("target_value") or 0) <= 5:
        return f" @z{step['target_value']}"
    if kind == "power" and low and high and low > POWER_WATTS_OFFSET:
        return f" @{low - POWER_WATTS_OFFSET}-{high - POWER_WATTS_OFFSET}W"
    return _effort(step)


def _pace(seconds: float, rounded: Callable[[float], int]) -> str:
    """A pace to a tenth of a second, rounded outwards so that the range holds what the watch allowed."""
    tenths = rounded(seconds * 10)
    minutes, rest = divmod(tenths, 600)
    return f"{minutes}:{rest // 10:02d}" + (f".{rest % 10}" if rest % 10 else "")


def _effort(step: Step) -> str:
    """An effort strides wrote in the step's name (`all-out`): a watch step with no target says it there."""
    words = str(step.get("wkt_step_name") or "").lower().split()
    return f" {EFFORTS[words[-1]]}" if words and words[-1] in EFFORTS else ""
