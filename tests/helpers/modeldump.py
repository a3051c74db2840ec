"""A readable text form of the resolved model, for fixture files: every fact a backend reads, one step a line.

    workout "Workout" line 1 · profile "5 km 19:00 · VDOT 52.9" · km · vdot 52.88 · lap 400
      repeat ×12 "12x400 @5k-3s r35s"
        work:
          run/active distance 400 · pace 216.09..224.91 exact 220.5 "5k-3s" [race 5k 5000 m, -3 s per lap 400]
              · est 88.2 s 400 m · level 0.832 interval · "400 m @5k-3s"
        between:
          rest/rest time 35 · est 35 s 0 m · level 0.1 recovery · "rest 35 s"
        rep 12: run/active distance 400 · effort "all-out" · ...
      total 25 steps · est 2934.36 s 4780.06 m

Numbers are shown to three decimals, so that the text does not change with float noise.
"""

from __future__ import annotations

from strides.errors import StridesError, StridesWarning
from strides.meaning import model


def number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def dump_workout(workout: model.Workout, estimates: bool = True) -> list[str]:
    """The workout as lines; `estimates` False leaves out what the passes after `expand` add."""
    profile = workout.profile
    vdot = f" · vdot {number(profile.vdot)}" if profile.vdot is not None else ""
    lines = [f'workout "{workout.name}" line {workout.line} · profile "{profile.summary}" · {profile.units}'
             f"{vdot} · lap {number(profile.lap)}"]
    for node in workout.items:
        lines += dump_node(node, "  ", estimates)
    if estimates:
        lines.append(f"  total {len(workout.timeline)} steps · est {number(workout.total_seconds)} s "
                     f"{number(workout.total_meters)} m")
    return lines


def dump_node(node: model.Node, indent: str, estimates: bool) -> list[str]:
    if isinstance(node, model.Step):
        return [indent + dump_step(node, estimates)]
    upto = f" (up to {node.count_upto})" if node.count_upto is not None else ""
    lines = [f'{indent}repeat ×{node.count}{upto} "{node.text}"', f"{indent}  work:"]
    for item in node.work:
        lines += dump_node(item, indent + "    ", estimates)
    if node.between is not None:
        lines += [f"{indent}  between:", f"{indent}    {dump_step(node.between, estimates)}"]
    lines += [f"{indent}  rep {k}: {dump_step(step, estimates)}" for k, step in node.changes]
    return lines


def dump_step(step: model.Step, estimates: bool = True) -> str:
    parts = [f"{step.kind}/{step.intensity} {dump_duration(step.duration)}"]
    if step.target is not None:
        parts.append(dump_target(step.target))
    if step.note is not None:
        parts.append(f"note {step.note!r}")
    if estimates:
        seconds = "-" if step.estimated_seconds is None else f"{number(step.estimated_seconds)} s"
        meters = "-" if step.estimated_meters is None else f"{number(step.estimated_meters)} m"
        parts += [f"est {seconds} {meters}", f"level {number(step.level)} {step.zone}"]
    parts.append(f'"{step.text}"')
    return " · ".join(parts)


def dump_duration(duration: model.Duration) -> str:
    if isinstance(duration, model.Time):
        return f"time {_range(duration.seconds, duration.upto)}"
    if isinstance(duration, model.Distance):
        return f"distance {_range(duration.meters, duration.upto)}"
    return "open"


def dump_target(target: model.Target) -> str:
    if isinstance(target, model.Pace):
        kind = "pace range" if target.is_range else "pace"
        return (f"{kind} {number(target.fast)}..{number(target.slow)} exact {number(target.exact)} "
                f'"{target.label}" [{dump_basis(target.basis)}]')
    if isinstance(target, model.HeartRate):
        return f'hr {target.low}..{target.high} "{target.label}" [{dump_basis(target.basis)}]'
    rpe = f" rpe {number(target.rpe)}" if target.rpe is not None else ""
    return f'effort "{target.word}"{rpe}'


def dump_basis(basis: model.PaceBasis | model.HeartRateZone | model.BeatsPerMinute | None) -> str:
    match basis:
        case model.RacePace(race=race, meters=meters, offset=offset):
            return f"race {race} {number(meters)} m{dump_offset(offset)}"
        case model.TrainingPace(pace=pace, offset=offset):
            return f"training {pace}{dump_offset(offset)}"
        case model.ClockPace(seconds=seconds, upto=upto, per=per, unit=unit):
            over = f"{number(per)} m" if unit == model.Per.meters else f"{unit} ({number(per)} m)"
            return f"clock {_range(seconds, upto)} s per {over}"
        case model.PaceBetween(faster=faster, slower=slower):
            return f"between {dump_basis(faster)} and {dump_basis(slower)}"
        case model.Progression(base=base, each=each, times=times):
            return f"{dump_basis(base)}; moved {times} ×{dump_offset(each)[1:]}"
        case model.HeartRateZone(zone=zone, scheme=scheme):
            return f"zone {zone} of {scheme}"
        case model.BeatsPerMinute(low=low, high=high):
            return f"bpm {_range(low, high if high != low else None)}"
    return "by hand"


def dump_offset(offset: model.Offset | None) -> str:
    if offset is None:
        return ""
    per = "per lap " if offset.per_lap else "per "
    return f", {number(offset.seconds)} s {per}{number(offset.per)} m"


def dump_diagnostic(error: StridesError) -> str:
    where = f"{error.span.line}:{error.span.column}" if error.span else "-"
    kind = "warning" if isinstance(error, StridesWarning) else "error"
    hint = f" (hint: {error.hint})" if error.hint else ""
    return f"{kind} {where} {error.message}{hint}"


def _range(low: float, high: float | None) -> str:
    return number(low) if high is None else f"{number(low)}..{number(high)}"
