"""Syntax tree + profile -> resolved workout: every target in numbers, every recovery sized, modifiers applied.

Recoveries come between the items they follow, never after the last one. A recovery written on a single
step inside a repeated group (`3x(1mi @T r1min)`) separates the rounds.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import attrs

from strides import ast, model, paces
from strides.errors import Span, StridesError, StridesWarning
from strides.profile import FALLBACK_EASY_PACE, Runner
from strides.units import format_duration, format_pace
from strides.words import MAX_METERS, MAX_REPS, MAX_SECONDS, MIN_SECONDS, RACES, shown, too_long

MAX_STEPS = 10_000  # unrolled steps in one workout
HEART_RATES = (40, 240)  # bpm, both ends included
SINGLE_HEART_RATE = 3  # `@150bpm` is 147-153 bpm
FASTEST_PACE = 150.0  # s/km: 2:30/km, well beyond any world record over 400 m and up
SLOWEST_PACE = 1800.0
IMPLAUSIBLY_FAST = 0.05  # faster than the runner's mile race pace by this much draws a warning
LONG_WORKOUT = 5 * 3600.0

# The kind that names a step when several kind words are written (`wu 15min easy` is a warm-up).
_KIND_ORDER = ("warmup", "cooldown", "hill", "strides", "sprint", "drills", "stretch", "easy", "jog", "walk",
               "float", "rest", "run")
_INTENSITY = {"warmup": "warmup", "cooldown": "cooldown", "rest": "rest", "jog": "recovery",
              "walk": "recovery", "float": "recovery"}
_IMPLIED_EFFORT = {"strides": "fast", "sprint": "all-out"}
_IMPLIED_PACE = {"easy": "E", "tempo": "T", "steady": "steady"}  # `12mi easy`, `20min tempo`
WALK_PACE = 600.0


def resolve(source: ast.WorkoutSource, runner: Runner, warnings: list[StridesWarning] | None = None
            ) -> model.Workout:
    """The resolved workout of one workout as written; implausible values are added to `warnings`."""
    resolver = _Resolver(runner, warnings if warnings is not None else [])
    if not source.elements:
        raise StridesError(f"the workout `{source.name}` has no steps", source.span,
                           "write its steps after the colon or on the lines below it")
    nodes, _ = resolver.sequence(source.elements, None)
    span = source.span or source.elements[0].span  # the name line, or else the first step
    total = sum(resolver.size(node) for node in nodes)
    if total > MAX_STEPS:
        raise StridesError(f"this workout unrolls to {total:,} steps; strides accepts at most {MAX_STEPS:,}", span)
    numbered = tuple(_number_reps(node) for node in nodes)
    line = span.line if span else 1
    workout = model.Workout(source.name, numbered, runner.summary(), line, span)
    if workout.total_seconds > LONG_WORKOUT:
        resolver.warnings.append(StridesWarning(
            f"`{source.name}` takes about {workout.total_seconds / 3600:.1f} hours: is every amount right?",
            source.span))
    return workout


class _Resolver:
    def __init__(self, runner: Runner, warnings: list[StridesWarning]) -> None:
        self.runner = runner
        self.warnings = warnings
        self.vdot = runner.vdot
        self.sizes: dict[int, int] = {}

    # ---- structure --------------------------------------------------------------------------------------
    def size(self, node: model.Node) -> int:
        """Unrolled steps in a node; remembered per node so nested repeats are not walked again."""
        if isinstance(node, model.Step):
            return 1
        if id(node) not in self.sizes:
            self.sizes[id(node)] = sum(self.size(n) for round_ in node.rounds for n in round_)
        return self.sizes[id(node)]

    def repeat(self, rounds: tuple[tuple[model.Node, ...], ...], count_upto: int | None, text: str,
               span: Span | None, between: model.Step | None = None) -> model.Repeat:
        total = sum(self.size(node) for round_ in rounds for node in round_)
        if total > MAX_STEPS:
            raise StridesError(f"`{shown(text, 40)}` unrolls to {total:,} steps; strides accepts at most "
                               f"{MAX_STEPS:,} in one workout", span)
        node = model.Repeat(rounds, count_upto, text, between)
        self.sizes[id(node)] = total
        return node

    def sequence(self, elements: tuple[ast.Element, ...], between: ast.Recovery | None
                 ) -> tuple[list[model.Node], model.Step | None]:
        """Nodes of a sequence, with `between` (a group's recovery) between its blocks; also the recovery left
        hanging after the last block, which the caller may use between rounds or drop."""
        nodes: list[model.Node] = []
        pending: model.Step | None = None
        for element in elements:
            if not isinstance(element, ast.Block):
                if not nodes:
                    raise StridesError("this changes the step before it, but there is none", element.span)
                nodes[-1:] = self.modify(nodes[-1], element)
                continue
            if nodes:
                gap = pending or (self.recovery(between, nodes[-1]) if between else None)
                if gap is not None:
                    nodes.append(gap)
            node, pending = self.block(element)
            nodes.append(node)
        return nodes, pending

    def block(self, block: ast.Block) -> tuple[model.Node, model.Step | None]:
        body, count = block.body, block.count
        if block.count > MAX_STEPS:
            raise StridesError(f"{count:,} reps is more than strides accepts in one workout ({MAX_STEPS:,} steps)",
                               block.span)
        if max(count, block.count_upto or 0) > MAX_REPS:
            written = f"{count}-{block.count_upto}x" if block.count_upto else f"{count}x"
            raise StridesError(f"`{written}`: a repeat runs at most {MAX_REPS:,} times", block.span,
                               "split it into several blocks, or write a longer rep")
        if isinstance(body, ast.Group):
            items, pending = self.sequence(body.items, None if block.counted else block.recovery)
            if block.note is not None:  # `3x(8min @T r90s) "relaxed"`: a note for every rep inside
                items = [_map_reps(item, _noted(block.note)) for item in items]
            if not block.counted:
                return self.repeat((tuple(items),), None, block.text, block.span), pending
            gap = self.recovery(block.recovery, items) if block.recovery else pending
            return self.rounds(tuple(items), gap, block), None
        reps = [self.step(body, amount, block.note) for amount in body.amounts]
        if len(reps) == 1 and not block.counted:
            gap = self.recovery(block.recovery, reps[0]) if block.recovery else None
            return reps[0], gap
        ladder: list[model.Node] = []
        for rep in reps:
            if ladder and block.recovery:
                ladder.append(self.recovery(block.recovery, ladder[-1]))
            ladder.append(rep)
        gap = self.recovery(block.recovery, ladder[-1]) if block.recovery else None
        return self.rounds(tuple(ladder), gap, block), None

    def rounds(self, round_: tuple[model.Node, ...], gap: model.Step | None, block: ast.Block) -> model.Repeat:
        with_gap = (*round_, gap) if gap is not None else round_
        size = sum(self.size(n) for n in round_) * block.count + (block.count - 1) * (gap is not None)
        if size > MAX_STEPS:
            raise StridesError(f"`{shown(block.text, 40)}` unrolls to {size:,} steps; strides accepts at most "
                               f"{MAX_STEPS:,} in one workout", block.span)
        rounds = (with_gap,) * (block.count - 1) + (round_,)
        return self.repeat(rounds, block.count_upto, block.text, block.span, gap)

    # ---- steps ------------------------------------------------------------------------------------------
    def step(self, step: ast.Step, amount: ast.Amount, note: str | None) -> model.Step:
        kinds = step.kinds or ("run",)
        kind = next((k for k in _KIND_ORDER if k in kinds), "run")
        duration = self.duration(amount)
        if step.target is not None:
            target: model.Target | None = self.target(step.target, duration)
        elif any(k in _IMPLIED_PACE for k in kinds):
            word = next(k for k in kinds if k in _IMPLIED_PACE)
            target = self.named_pace(ast.PaceName(_IMPLIED_PACE[word], word, step.span), None, step.span, word)
        else:
            effort = next((_IMPLIED_EFFORT[k] for k in kinds if k in _IMPLIED_EFFORT), None)
            target = model.Effort(effort) if effort else None
        text = f"{format_duration(duration)} {kind}" if kind != "run" else format_duration(duration)
        if step.target is not None:
            text += f" @{_target_text(step.target)}"
        return self.estimated(model.Step(kind, _INTENSITY.get(kind, "active"), duration, target,
                                         note, None, text))

    def duration(self, amount: ast.Amount) -> model.Duration:
        if amount.dimension == "open":
            return model.Open()
        if amount.dimension == "time":
            if amount.low <= 0:
                raise StridesError(f"`{shown(amount.text)}` lasts no time at all", amount.span)
            if amount.low < MIN_SECONDS:
                raise StridesError(f"`{shown(amount.text)}` is shorter than a second: the shortest timed step is "
                                   f"{MIN_SECONDS:g} s", amount.span, "a watch counts whole seconds")
            if (amount.high or amount.low) > MAX_SECONDS:
                raise too_long(amount.text, "time", amount.span)
            return model.Time(amount.low, amount.high)
        scale = self.runner.lap if amount.laps else 1.0
        low, high = amount.low * scale, None if amount.high is None else amount.high * scale
        if low < 1:
            raise StridesError(f"`{shown(amount.text)}` is no distance at all", amount.span)
        if (high or low) > MAX_METERS:
            raise too_long(amount.text, "distance", amount.span)
        return model.Distance(low, high)

    def recovery(self, recovery: ast.Recovery, before: model.Node | list[model.Node] | tuple[model.Node, ...]
                 ) -> model.Step:
        """A recovery step; `r1:1` is sized from what it follows."""
        if recovery.ratio is not None:
            duration: model.Duration = model.Time(_ratio_seconds(recovery, before))
        elif recovery.amount is None:
            duration = model.Open()
        else:
            duration = self.duration(recovery.amount)
        target = self.target(recovery.target, duration) if recovery.target else None
        kind = recovery.kind
        text = f"{kind} {format_duration(duration)}" if not isinstance(duration, model.Open) else f"{kind} to lap"
        return self.estimated(model.Step(kind, _INTENSITY[kind], duration, target, None,
                                         None, text))

    def estimated(self, step: model.Step) -> model.Step:
        """The step with its time and distance estimated from its target, or easy pace."""
        pace = self.estimate_pace(step)
        if isinstance(step.duration, model.Time):
            meters = 0.0 if pace is None else step.duration.seconds / pace * 1000.0
            return attrs.evolve(step, estimated_seconds=step.duration.seconds, estimated_meters=meters)
        if isinstance(step.duration, model.Distance):
            seconds = step.duration.meters * (pace or WALK_PACE) / 1000.0
            return attrs.evolve(step, estimated_seconds=seconds, estimated_meters=step.duration.meters)
        return attrs.evolve(step, estimated_seconds=None, estimated_meters=None)

    def estimate_pace(self, step: model.Step) -> float | None:
        """s/km the step is likely run at; None when the runner stands still."""
        target = step.target
        if isinstance(target, model.Pace):
            return target.exact
        if step.kind in ("rest", "stretch", "drills") and target is None:
            return None
        if step.kind == "walk":
            return WALK_PACE
        vdot = self.vdot
        if vdot is None:
            return FALLBACK_EASY_PACE
        easy = sum(paces.easy_range(vdot)) / 2
        if isinstance(target, model.Effort):
            word = target.word
            level = round(float(word.split()[1])) if word.startswith("rpe") else {"moderate": 6, "hard": 8}.get(word, 9)
            return [easy, easy, easy, easy, easy, self.runner.race_pace("marathon") or easy,
                    paces.threshold_pace(vdot), paces.threshold_pace(vdot), paces.interval_pace(vdot),
                    paces.repetition_pace(vdot), paces.repetition_pace(vdot)][level]
        return easy

    # ---- targets ----------------------------------------------------------------------------------------
    def target(self, target: ast.Target, duration: model.Duration) -> model.Target:
        if isinstance(target, ast.NamedPace):
            return self.named_pace(target.pace, target.offset, target.span, _target_text(target))
        if isinstance(target, ast.PaceBetween):
            # The two paces are the range itself: no tolerance on top.
            (fast1, slow1), (fast2, slow2) = (self.base_pace(p, target.span) for p in (target.faster, target.slower))
            fast, slow = min(fast1, fast2), max(slow1, slow2)
            label = _target_text(target)
            _check_pace(fast, f"@{label}", target.span)
            return model.Pace(fast, slow, (fast1 + slow1 + fast2 + slow2) / 4, label, is_range=True)
        if isinstance(target, ast.ClockPace):
            return self.clock_pace(target, duration)
        if isinstance(target, ast.HeartRateZone):
            return self.heart_rate_zone(target)
        if isinstance(target, ast.HeartRateRange):
            lowest, highest = HEART_RATES
            if not lowest <= target.low <= target.high <= highest:
                raise StridesError(f"a heart rate runs from {lowest} to {highest} bpm", target.span)
            low, high = target.low, target.high
            if low == high:  # a band around the one value, kept inside the range
                low, high = max(lowest, low - SINGLE_HEART_RATE), min(highest, high + SINGLE_HEART_RATE)
            return model.HeartRate(round(low), round(high), _target_text(target))
        return model.Effort(target.word)

    def named_pace(self, name: ast.PaceName, offset: ast.Offset | None, span: Span | None, label: str
                   ) -> model.Pace:
        fast, slow = self.base_pace(name, span)
        shift = 0.0
        if offset is not None:
            shift = offset.seconds * 1000.0 / (offset.per or self.runner.lap)
        if fast == slow:
            return self.paced(fast + shift, label, span)
        return model.Pace(fast + shift, slow + shift, (fast + slow) / 2 + shift, label, is_range=True)

    def base_pace(self, name: ast.PaceName, span: Span | None) -> tuple[float, float]:
        """A race or training pace as (fast, slow) s/km; equal ends for a single pace."""
        if name.name in RACES:
            pace = self.runner.race_pace(name.name)
            if pace is None:
                raise StridesError(
                    f"`@{name.text}` needs a {name.name} time or any race in the profile", span,
                    f"add `{name.name} = {_example_time(name.name)}` or `--set {name.name}={_example_time(name.name)}`")
            return pace, pace
        vdot = self.vdot
        if vdot is None:
            raise StridesError(f"`@{name.text}` needs a race time or a vdot in the profile", span,
                               "add `5k = 19:00` (any race) or `vdot = 50`, or `--set 5k=19:00`")
        if name.name == "E":
            return paces.easy_range(vdot)
        if name.name == "M":
            marathon = self.runner.race_pace("marathon") or paces.pace_of_race(vdot, RACES["marathon"])
            return marathon, marathon
        if name.name == "steady":
            marathon = self.runner.race_pace("marathon") or paces.pace_of_race(vdot, RACES["marathon"])
            steady = (paces.easy_range(vdot)[0] + marathon) / 2
            return steady, steady
        single = {"T": paces.threshold_pace, "I": paces.interval_pace, "R": paces.repetition_pace}[name.name](vdot)
        return single, single

    def paced(self, pace: float, label: str, span: Span | None) -> model.Pace:
        """A single pace, widened to the profile's tolerance so the watch does not beep on GPS noise."""
        _check_pace(pace, f"@{label}", span)
        mile = self.runner.race_pace("mile")
        if mile is not None and pace < mile * (1 - IMPLAUSIBLY_FAST):
            self.warnings.append(StridesWarning(
                f"@{label} works out at {format_pace(pace, self.runner.units)}, well faster than your mile race "
                f"pace ({format_pace(mile, self.runner.units)}): is that right?", span))
        value, unit = self.runner.tolerance
        half = pace * value / 100.0 if unit == "%" else value
        return model.Pace(pace - half, pace + half, pace, label)

    def clock_pace(self, target: ast.ClockPace, duration: model.Duration) -> model.Pace:
        per = self.runner.lap if target.per_lap else target.per
        if per is None:
            if not isinstance(duration, model.Distance):
                raise StridesError(f"`@{target.text}` on a timed step: per km or per mile?", target.span,
                                   f"write `@{target.text}/km` or `@{target.text}/mi`")
            per = duration.meters
        low = target.low * 1000.0 / per
        if target.high is None:
            return self.paced(low, target.text, target.span)
        high = target.high * 1000.0 / per
        for pace in (low, high):
            self.paced(pace, target.text, target.span)
        return model.Pace(low, high, (low + high) / 2, target.text, is_range=True)

    def heart_rate_zone(self, target: ast.HeartRateZone) -> model.HeartRate:
        zone, runner = target.zone, self.runner
        if runner.lthr:
            # Friel's running zones as fractions of lactate-threshold heart rate.
            bounds = {1: (0.65, 0.84), 2: (0.85, 0.89), 3: (0.90, 0.94), 4: (0.95, 0.99), 5: (1.00, 1.06)}[zone]
            low, high = (round(runner.lthr * f) for f in bounds)
            if zone == 5 and runner.maxhr:
                high = round(runner.maxhr)
        elif runner.maxhr:
            low, high = round(runner.maxhr * (0.4 + zone / 10)), round(runner.maxhr * (0.5 + zone / 10))
        else:
            raise StridesError(f"`@z{zone}` needs maxhr or lthr in the profile", target.span,
                               "add `maxhr = 190` or `--set maxhr=190`")
        return model.HeartRate(low, high, f"z{zone}")

    # ---- modifiers --------------------------------------------------------------------------------------
    def modify(self, node: model.Node, modifier: ast.Modifier) -> list[model.Node]:
        if isinstance(modifier, ast.Each):
            return [self.progression(node, modifier)]
        if isinstance(modifier, ast.Reps):
            total = _count_reps(node)
            for number in modifier.numbers:
                if number > total:
                    raise StridesError(f"there is no rep {number}: the block before has {total} reps", modifier.span)
            return [self.change_reps(node, set(modifier.numbers), modifier.change, modifier.note)]
        amount, change = modifier.amount, modifier.change
        assert change is not None  # the transformer refuses a bare `last`
        if amount is not None and amount.dimension in ("time", "distance"):
            return self.split_last(node, amount, change, modifier.span, modifier.note)
        count = 1 if amount is None else int(amount.low)
        total = _count_reps(node)
        if amount is not None and (amount.low != count or count < 1):
            raise StridesError(f"`last {amount.text}`: how many reps?", amount.span)
        if count > total:
            raise StridesError(f"`last {count}`, but the block before has {total} reps", modifier.span)
        return [self.change_reps(node, set(range(total - count + 1, total + 1)), change, modifier.note)]

    def change_reps(self, node: model.Node, numbers: set[int], change: ast.Target, note: str | None
                    ) -> model.Node:
        def changed(k: int, rep: model.Step) -> model.Step:
            if k not in numbers:
                return rep
            target = self.target(change, rep.duration)
            text = f"{format_duration(rep.duration)} @{_target_text(change)}"
            return self.estimated(attrs.evolve(rep, target=target, text=text, note=note or rep.note))
        return _map_reps(node, changed)

    def progression(self, node: model.Node, each: ast.Each) -> model.Node:
        per_km = each.offset.seconds * 1000.0 / (each.offset.per or self.runner.lap)

        def shifted(k: int, rep: model.Step) -> model.Step:
            if not isinstance(rep.target, model.Pace):
                raise StridesError("`each` changes paces, but a rep before it has no pace target", each.span)
            pace = rep.target
            moved = attrs.evolve(pace, fast=pace.fast + (k - 1) * per_km, slow=pace.slow + (k - 1) * per_km,
                                 exact=pace.exact + (k - 1) * per_km)
            _check_pace(moved.fast, f"rep {k} of `each {each.offset.text}`", each.span)
            _check_pace(moved.slow, f"rep {k} of `each {each.offset.text}`", each.span)
            text = f"{format_duration(rep.duration)} @{format_pace(moved.exact, self.runner.units)}"
            return self.estimated(attrs.evolve(rep, target=moved, text=text))
        return _map_reps(node, shifted)

    def split_last(self, node: model.Node, amount: ast.Amount, change: ast.Target, span: Span | None,
                   note: str | None) -> list[model.Node]:
        """`12mi easy; last 3mi @hm`: the end of a continuous run at another target."""
        part = self.duration(amount)
        if not isinstance(node, model.Step):
            raise StridesError(f"`last {amount.text}` splits a continuous run, but the step before is a repeat",
                               span, "write `last @hm` or `last 2 @hm` to change its last reps")
        whole = node.duration
        if isinstance(whole, model.Time) and isinstance(part, model.Time):
            first: model.Duration = model.Time(whole.seconds - part.seconds)
            size = whole.seconds - part.seconds
        elif isinstance(whole, model.Distance) and isinstance(part, model.Distance):
            first, size = model.Distance(whole.meters - part.meters), whole.meters - part.meters
        else:
            raise StridesError(f"`last {amount.text}` must be measured like the run before it (time or distance)",
                               amount.span)
        if size <= 0:
            raise StridesError(f"`last {amount.text}` is not shorter than the run before it", amount.span)
        head = self.estimated(attrs.evolve(node, duration=first))
        kind = "run" if node.kind in _IMPLIED_PACE else node.kind  # `last 3mi @hm` of an easy run is not easy
        tail = self.estimated(attrs.evolve(node, kind=kind, duration=part, target=self.target(change, part),
                                           note=note,
                                           text=f"{format_duration(part)} @{_target_text(change)}"))
        return [head, tail]


# ---- helpers ------------------------------------------------------------------------------------------------
def _check_pace(pace: float, what: str, span: Span | None) -> None:
    what = shown(what, 40)
    if math.isnan(pace) or pace <= 0:  # an offset larger than the pace itself
        raise StridesError(f"{what} works out at no real pace", span)
    if pace < FASTEST_PACE:
        raise StridesError(f"{what} works out at {format_pace(pace)}, faster than any world record", span)
    if pace > SLOWEST_PACE:
        shown_pace = format_pace(pace) if pace < 100 * SLOWEST_PACE else "far more than an hour per km"
        raise StridesError(f"{what} works out at {shown_pace}, slower than walking", span)


def _target_text(target: ast.Target) -> str:
    if isinstance(target, ast.NamedPace):
        return target.pace.text + (target.offset.text if target.offset else "")
    if isinstance(target, ast.PaceBetween):
        return f"{target.faster.text}..{target.slower.text}"
    if isinstance(target, ast.ClockPace):
        return target.text
    if isinstance(target, ast.HeartRateZone):
        return f"z{target.zone}"
    if isinstance(target, ast.HeartRateRange):
        return f"{target.low:g}-{target.high:g}bpm" if target.low != target.high else f"{target.low:g}bpm"
    return target.word


def _example_time(race: str) -> str:
    return {"1500": "5:00", "mile": "5:30", "3k": "11:00", "2mi": "12:00", "5k": "19:00", "8k": "31:00",
            "10k": "40:00", "15k": "1:02:00", "10mi": "1:07:00", "hm": "1:30:00", "marathon": "3:15:00"}[race]


def _ratio_seconds(recovery: ast.Recovery, before: model.Node | list[model.Node] | tuple[model.Node, ...]
                   ) -> float:
    """The rest of `r1:1` after what it follows: as long as that takes at its target paces, times the ratio.
    A step with no time of its own (a distance with no pace, the lap button) cannot size it: strides does not
    guess how fast an all-out 400 is run."""
    nodes = before if isinstance(before, (list, tuple)) else [before]
    total = 0.0
    for step in model.unroll(tuple(nodes)):
        if isinstance(step.duration, model.Time):
            total += step.duration.seconds
        elif step.split is not None:  # `16x400 @5k r1:1` rests 91.2 s, the 400's split
            total += step.split
        elif isinstance(step.duration, model.Open):
            raise StridesError(f"`{recovery.text}` needs a rep of known length before it, not one that runs to "
                               "the lap button", recovery.span, "give the rest as a time, as in `r90s`")
        else:
            raise StridesError(f"`{recovery.text}` rests as long as the rep takes, but {_untimed(step)} has no pace "
                               "to time it", recovery.span, "give the rest as a time, as in `r90s`")
    seconds = total * recovery.ratio if recovery.ratio is not None else total
    if seconds < MIN_SECONDS:
        raise StridesError(f"`{recovery.text}` works out at {seconds:.1f} s: the shortest timed step is "
                           f"{MIN_SECONDS:g} s", recovery.span, "give the rest as a time, as in `r30s`")
    if seconds > MAX_SECONDS:
        raise StridesError(f"`{recovery.text}` works out at more than a day", recovery.span)
    return seconds


def _untimed(step: model.Step) -> str:
    """`an all-out 400 m`, `a 400 m at 140–150 bpm`, `a 400 m jog with no target`."""
    length = format_duration(step.duration)
    kind = "" if step.kind == "run" else " " + {"strides": "stride"}.get(step.kind, step.kind)
    target = step.target
    if isinstance(target, model.Effort) and not target.word.startswith("rpe"):
        return f"{'an' if target.word[0] in 'aeiou' else 'a'} {target.word} {length}{kind}"
    if isinstance(target, model.Effort):
        return f"a {length}{kind} at {target.word.upper()}"
    if isinstance(target, model.HeartRate):
        return f"a {length}{kind} at {target.low}–{target.high} bpm"
    return f"a {length}{kind} with no target"


def _count_reps(node: model.Node) -> int:
    return sum(1 for step in model.unroll((node,)) if step.intensity == "active")


def _map_reps(node: model.Node, change: Callable[[int, model.Step], model.Step]) -> model.Node:
    """The node with each rep (active step) replaced by change(k, rep), k counting from 1 in running order."""
    counter = [0]

    def walk(item: model.Node) -> model.Node:
        if isinstance(item, model.Step):
            if item.intensity != "active":
                return item
            counter[0] += 1
            return change(counter[0], item)
        return attrs.evolve(item, rounds=tuple(tuple(walk(n) for n in round_) for round_ in item.rounds))
    return walk(node)


def _noted(note: str) -> Callable[[int, model.Step], model.Step]:
    """A rep change adding `note` after the rep's own."""
    return lambda k, rep: attrs.evolve(rep, note=model.join_notes(rep.note, note))


def _number_reps(node: model.Node) -> model.Node:
    """Reps of a block numbered (k, n) in running order; a lone step is not numbered."""
    if isinstance(node, model.Step):
        return node
    total = _count_reps(node)
    return _map_reps(node, lambda k, rep: attrs.evolve(rep, rep=(k, total)))
