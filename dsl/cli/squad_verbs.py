"""compile, explain and push for the athletes of a roster (the options are read by `strides.cli.squad`)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from strides import files, names
from strides.backends import Backend, RenderOptions, default_paper, get_backend
from strides.backends.cards.squad import Member, render_text, sheets
from strides.cli import compile as compiling
from strides.cli import output, shared
from strides.cli import push as pushing
from strides.cli.squad import SHEET_FORMATS, SQUAD_CARD, athlete_names, folder_of
from strides.errors import StridesError, UsageError
from strides.meaning.model import Workout
from strides.squad.resolve import SquadCompiled, chosen, compile_squad, load_roster
from strides.squad.roster import Athlete, RosterMistakes

EXIT_OK, EXIT_INPUT = 0, 1


def _athletes(args: argparse.Namespace) -> tuple[Athlete, ...]:
    """The roster's athletes the command line asks for; every mistake of the roster said at its place."""
    try:
        roster = load_roster(args.roster)
    except RosterMistakes as mistakes:
        shared.report_all(mistakes.mistakes, mistakes.shown_text, args.roster, "mistake")
        raise shared.Reported() from None
    return chosen(roster, athlete_names(args), args.group, args.roster)


def _compiled(args: argparse.Namespace, keep_going: bool) -> tuple[SquadCompiled, tuple[Athlete, ...], str, str]:
    """The file for each athlete. A mistake stops everything, unless `keep_going`: then what can be made for
    the others is, and the command exits 1."""
    athletes = _athletes(args)
    text, filename = shared.source(args)
    compiled = compile_squad(text, filename, athletes, shared.set_pairs(args), shared.profile(args))
    shared.report_all(compiled.warnings, text, filename, "warning")
    shared.report_all(compiled.mistakes, text, filename, "mistake")
    runnable = any(w is not None for m in compiled.members for w in m.workouts)
    if not compiled.names:
        raise shared.report(StridesError("there is no workout here: write steps such as `wu 15min; 5x1k @T "
                                            "r2min`"), None, filename)
    if compiled.mistakes and not (keep_going and runnable):
        raise shared.Reported()
    return compiled, athletes, text, filename


def compile_verb(args: argparse.Namespace) -> int:
    pdf_sheet = args.format == "pdf" and args.card == SQUAD_CARD
    if args.groups < 0:
        raise UsageError(f"--groups takes a number of pace groups, 1 or more, not {args.groups}")
    if pdf_sheet and args.out is None and output.on_terminal(sys.stdout):
        raise UsageError("the PDF sheet is binary: give -o FILE (or -o - to pipe it)")
    compiled, *_ = _compiled(args, args.keep_going)
    code = EXIT_INPUT if compiled.mistakes else EXIT_OK
    if args.format in SHEET_FORMATS or pdf_sheet:
        data = _sheet_output(args, compiled)
        if args.out is None or args.out == "-":
            output.emit(data)
        else:
            files.write_all([(Path(args.out), compiling.as_bytes(data))])
        return code
    done = _per_athlete(args, compiled)
    return code if done else EXIT_INPUT


def _sheet_output(args: argparse.Namespace, compiled: SquadCompiled) -> str | bytes:
    if args.format == "json":
        from strides.backends.squad_json import render_json

        return render_json(compiled.members)
    if args.format == "explain":
        return _explained(compiled.members)
    found = sheets(compiled.members, compiled.names, args.groups)
    if args.format == "card":
        return render_text(found)
    if args.format == "html":
        from strides.backends.page.squad import render_page

        return render_page(found)
    from strides.backends.cards.squad_pdf import render_pdf

    return render_pdf(found, args.paper or default_paper())


def _explained(members: Sequence[Member]) -> str:
    explain = get_backend("explain")
    parts = []
    for member in members:
        workouts = [w for w in member.workouts if w is not None]
        if workouts:
            parts.append(f"── {member.name} ──\n" + str(explain.render(workouts, RenderOptions())))
    return "\n".join(parts)


def _per_athlete(args: argparse.Namespace, compiled: SquadCompiled) -> bool:
    """A folder per athlete (`out/alice/tue-track.fit`), written all at once or not at all."""
    folder = folder_of(args.out)
    backend = get_backend(args.format)
    options = RenderOptions(card=args.card, paper=args.paper or default_paper())
    stem = Path(args.file).stem if args.file and args.file != "-" else "workouts"
    taken, batch, refused = names.TakenNames(), [], []
    for member in compiled.members:
        mine = folder / names.safe_file_name(member.name, "", taken)
        workouts = [w for w in member.workouts if w is not None]
        try:
            batch += _rendered(backend, options, workouts, mine, stem)
        except StridesError as error:
            refused.append(StridesError(f"{member.name}: {error.message}", error.span, error.hint))
    if refused:
        shared.report_all(refused, None, args.file or "<text>", "mistake")
        if not args.keep_going:
            raise shared.Reported()
    done = files.write_all(batch, keep_going=args.keep_going)
    compiling.tell_written(done, folder, backend.suffix, len(batch))
    return not done.failed and not refused


def _rendered(backend: Backend, options: RenderOptions, workouts: list[Workout], folder: Path,
              stem: str) -> list[tuple[Path | str, bytes]]:
    if not workouts:
        return []
    if not backend.per_workout:
        data = backend.render(workouts, options)
        return [(folder / f"{stem}{backend.suffix}", compiling.as_bytes(data))]
    taken = names.TakenNames()
    made: list[tuple[Path | str, bytes]] = []
    for workout in workouts:
        made.append((folder / names.safe_file_name(workout.name, backend.suffix, taken),
                     compiling.as_bytes(backend.render([workout], options))))
    return made


def explain_verb(args: argparse.Namespace) -> int:
    compiled, *_ = _compiled(args, keep_going=False)
    output.emit(_explained(compiled.members))
    return EXIT_OK


def push_verb(args: argparse.Namespace) -> int:
    pushing.checked(args)
    compiled, athletes, text, filename = _compiled(args, keep_going=False)
    if args.to != "intervals":
        if len(compiled.members) != 1:
            raise UsageError(f"--to {args.to} puts workouts on one athlete's watch or account: choose the athlete "
                             "with --athlete NAME (--to intervals takes a whole squad)")
        workouts = [w for w in compiled.members[0].workouts if w is not None]
        return pushing.push_workouts(args, workouts, text, filename)
    from strides.cli.squad_push import push_intervals

    return push_intervals(args, compiled.members, athletes, dict(os.environ))

