"""What each `strides` command does, once the command line is read."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import attrs

from strides import files, names, sources
from strides.backends import SLOW_TO_IMPORT, Backend, RenderOptions, default_paper, get_backend
from strides.cli import output, parallel
from strides.delivery.dates import parse_day
from strides.errors import StridesError, UsageError
from strides.language.ast import Setting
from strides.language.parse import parse_entries
from strides.meaning.model import Workout
from strides.meaning.profile import runner_from, settings_from_pairs
from strides.pipeline import Compiled, compile_each

EXIT_OK, EXIT_INPUT = 0, 1
LIST_FILES_UPTO = 20  # more files written are summed up in one line
SHOW_UPTO = 100  # mistakes (and warnings, and files not written) shown per file; the rest are counted
FOLDER_ENDINGS = ("/", "\\")  # `-o out/` is a folder even before it exists
# A file this long (some 30 workouts) compiles on a second core while the output format is imported: the
# helper process costs a few milliseconds, the compiled workouts a few more to come back.
ASIDE_FROM = 4000


class _Reported(Exception):
    """An input error already printed with its source; exit 1."""


def _set_pairs(args: argparse.Namespace) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in args.settings:
        key, equals, value = item.partition("=")
        if not equals or not key.strip() or not value.strip():
            raise UsageError(f"--set takes KEY=VALUE, as in --set 5k=19:00, not `{item}`")
        pairs[key.strip()] = value.strip()
    return pairs


def _report(error: StridesError, source: str | None, filename: str) -> _Reported:
    output.say(output.paint(error.render(source, filename)))
    return _Reported()


def _report_all(problems: Iterable[StridesError], source: str | None, filename: str, what: str) -> None:
    """Each problem once (a bad setting stops every workout after it: it is said once), the first SHOW_UPTO
    in full and the rest counted in one line, so that a file of 20,000 mistakes stays readable and quick."""
    distinct: dict[tuple[object, ...], StridesError] = {}
    for problem in problems:
        distinct.setdefault((type(problem), problem.message, problem.span, problem.hint), problem)
    for problem in list(distinct.values())[:SHOW_UPTO]:
        _report(problem, source, filename)
    if len(distinct) > SHOW_UPTO:
        more = len(distinct) - SHOW_UPTO
        output.say(f"… and {more:,} more {what}{'s' if more != 1 else ''}")


def _profile(args: argparse.Namespace) -> list[Setting]:
    """The settings of `--profile FILE`; anything but settings there is a mistake."""
    if not args.profile:
        return []
    text = sources.read_input(args.profile)
    try:
        entries = parse_entries(text)
        for entry in entries:
            if isinstance(entry, StridesError):
                raise entry
            if not isinstance(entry, Setting):
                raise StridesError("a profile file holds only `key = value` lines", getattr(entry, "span", None))
        settings = [e for e in entries if isinstance(e, Setting)]
        runner_from(settings)  # check every value here, where the file can be pointed at
    except StridesError as error:
        raise _report(error, text, args.profile) from None
    return settings


def _source(args: argparse.Namespace) -> tuple[str, str]:
    """(text, name for messages) from -e, a file or standard input."""
    if args.text is not None:
        if args.file:
            raise UsageError("give either a FILE or -e TEXT, not both")
        return args.text, "<text>"
    if not args.file:
        raise UsageError("give a workout FILE, - for standard input, or -e 'TEXT'")
    return sources.read_input(args.file), ("<stdin>" if args.file == "-" else args.file)


def _compile(text: str, filename: str, args: argparse.Namespace, profile: list[Setting],
             keep_going: bool = False, meanwhile: Callable[[], object] | None = None) -> list[Workout]:
    """The file's workouts. Every mistake is reported; with `keep_going` the good workouts are still
    returned (the command then exits 1), otherwise none are. `meanwhile` is done while a long file compiles
    (on a second core, where there is one)."""
    pairs = _set_pairs(args)

    start = parse_day(args.start, "--start") if getattr(args, "start", None) else None

    def compiled_here() -> Compiled:
        return compile_each(text, pairs, filename, profile, start)

    try:
        if meanwhile is not None and len(text) >= ASIDE_FROM:
            compiled = parallel.aside(compiled_here, meanwhile)
        else:
            compiled = compiled_here()
    except StridesError as error:
        raise _report(error, text, filename) from None
    _report_all(compiled.warnings, text, filename, "warning")
    errors = compiled.mistakes
    _report_all(errors, text, filename, "mistake")
    if not compiled.results:
        raise _report(StridesError("there is no workout here: write steps such as `wu 15min; 5x1k @T r2min`"),
                      None, filename)
    workouts = compiled.workouts
    if errors and not (keep_going and workouts):
        raise _Reported()
    args.failed = bool(errors)
    args.plan = compiled.plan
    if compiled.plan is not None and Path(filename).is_file():  # a calendar's events are versioned by it
        saved = dt.datetime.fromtimestamp(Path(filename).stat().st_mtime, dt.timezone.utc)
        args.plan = attrs.evolve(compiled.plan, saved=saved)
    return workouts


Command = Callable[[argparse.Namespace], int]


def _reported_exit(function: Command) -> Command:
    @functools.wraps(function)
    def run(args: argparse.Namespace) -> int:
        try:
            return int(function(args))
        except _Reported:
            return EXIT_INPUT
        except sources.InputError as error:
            output.say(output.paint(error.show()))
            return EXIT_INPUT
    return run


@_reported_exit
def run_plan(args: argparse.Namespace) -> int:
    """`strides plan FILE`: the plan's weeks as a table, with their totals."""
    text, filename = _source(args)
    workouts = _compile(text, filename, args, _profile(args))
    if args.plan is None:
        raise UsageError(f"{filename} is no plan: give it weeks (`Week 1`) and days (`Tue: 8x400 @5k r200`), "
                         "see docs/plans.md")
    output.emit(str(get_backend("card").render(workouts, RenderOptions(plan=args.plan))))
    return EXIT_INPUT if args.failed else EXIT_OK


@_reported_exit
def run_compile(args: argparse.Namespace) -> int:
    text, filename = _source(args)
    # A format whose modules take long to import (the page, the PDF) is imported while a long file compiles.
    loading = functools.partial(get_backend, args.format) if args.format in SLOW_TO_IMPORT else None
    workouts = _compile(text, filename, args, _profile(args), keep_going=args.keep_going, meanwhile=loading)
    backend = get_backend(args.format)
    _check_target(len(workouts) if backend.per_workout else 1, backend, args.out)
    options = RenderOptions(card=args.card, paper=args.paper or default_paper(), plan=args.plan)
    rendered, all_rendered = _render(workouts, backend, options, text, filename, args.keep_going)
    if backend.warnings is not None:  # what the format cannot carry: said, and the output still written
        _report_all(backend.warnings(workouts), text, filename, "warning")
    all_written = _deliver(rendered, backend, args.out, args.keep_going)
    return EXIT_INPUT if args.failed or not all_rendered or not all_written else EXIT_OK


def _as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _into_folder(out: str) -> bool:
    return out.endswith(FOLDER_ENDINGS) or output.is_folder(Path(out))


def _check_target(count: int, backend: Backend, out: str | None) -> None:
    """Refuse, before anything is rendered, an output the command line cannot mean. Whether `-o` names a
    folder depends on the name alone, never on how many workouts happen to compile."""
    if out is None or out == "-":
        if count > 1:
            raise UsageError(f"{count} workouts make {count} {backend.suffix} files: give a folder, -o FOLDER/")
        if out is None and backend.binary and output.on_terminal(sys.stdout):
            raise UsageError(f"{backend.suffix} output is binary: give -o FILE (or -o - to pipe it)")
        return
    if not out:
        raise UsageError("-o needs a file or a folder name, or - for standard output")
    if count > 1 and not _into_folder(out):
        folder = f"{Path(out).with_suffix('')}/" if Path(out).name else f"{out}/"
        raise UsageError(f"{count} workouts make {count} {backend.suffix} files, and -o {out} names one file: "
                         f"give a folder, -o {folder}")


def _render(workouts: list[Workout], backend: Backend, options: RenderOptions, text: str, filename: str,
            keep_going: bool) -> tuple[list[tuple[str, bytes]], bool]:
    """(workout name, bytes) of each output file, and whether every workout rendered. A workout the format
    refuses (too many steps for a watch) stops them all, unless `keep_going`."""
    if not backend.per_workout:
        try:
            return [(workouts[0].name, _as_bytes(backend.render(workouts, options)))], True
        except StridesError as error:
            raise _report(error, text, filename) from None
    rendered: list[tuple[str, bytes]] = []
    errors: list[StridesError] = []
    each = parallel.render_each(workouts, lambda workout: _as_bytes(backend.render([workout], options)),
                                lambda share: output.progress(share, len(share), f"compiling {backend.name}"))
    for workout, result in zip(workouts, each, strict=True):
        if isinstance(result, StridesError):
            errors.append(result)
        else:
            rendered.append((workout.name, result))
    _report_all(errors, text, filename, "mistake")
    if errors and not (keep_going and rendered):
        raise _Reported()
    return rendered, not errors


def _deliver(rendered: list[tuple[str, bytes]], backend: Backend, out: str | None, keep_going: bool) -> bool:
    """Write what was rendered; whether every file was written. Everything is rendered before anything is
    written, every file is staged before any takes its place, and a failure takes back the batch (see
    `files.write_all`)."""
    if out is None or out == "-":
        output.emit(rendered[0][1])
        return True
    if not _into_folder(out):
        files.write_all([(Path(out), rendered[0][1])])
        return True
    folder, taken = Path(out), names.TakenNames()
    paths = [(folder / names.safe_file_name(name, backend.suffix, taken), data) for name, data in rendered]
    done = files.write_all(output.progress(paths, len(paths), "writing"), keep_going=keep_going)
    _tell_written(done, folder, backend.suffix, len(paths))
    return not done.failed


def _tell_written(done: files.Written, folder: Path, suffix: str, total: int) -> None:
    """Which files were written and which were not: each by name, or in sum for a long batch."""
    if total <= LIST_FILES_UPTO:
        for name in done.written:
            output.say(f"wrote {name}")
    elif not done.failed:
        output.say(f"wrote {total:,} {suffix} files into {folder}")
    for error in done.failed[:SHOW_UPTO]:
        output.say(f"strides: {error.message}")
    if len(done.failed) > SHOW_UPTO:
        output.say(f"strides: … and {len(done.failed) - SHOW_UPTO:,} more files could not be written")
    if done.failed:
        output.say(f"strides: wrote {len(done.written):,} of {total:,} {suffix} files into {folder}; "
                   f"{len(done.failed):,} could not be written")


def _inputs(args: argparse.Namespace, verb: str) -> list[str | None]:
    """The inputs of a command that takes several: None for -e TEXT, then every FILE (- for standard input).
    Each is read only when its turn comes, so that one unreadable file does not stop the others."""
    inputs: list[str | None] = [None] if args.text is not None else []
    inputs.extend(args.files)
    if not inputs:
        raise UsageError(f"give workout files to {verb}, - for standard input, or -e 'TEXT'")
    return inputs


def _read(args: argparse.Namespace, item: str | None) -> tuple[str, str]:
    """(text, name for messages) of one input of `_inputs`."""
    if item is None:
        return args.text, "<text>"
    return sources.read_input(item), ("<stdin>" if item == "-" else item)


@_reported_exit
def run_check(args: argparse.Namespace) -> int:
    profile = _profile(args)
    failed = 0
    inputs = _inputs(args, "check")
    for item in output.progress(inputs, len(inputs), "checking"):
        try:
            text, filename = _read(args, item)
            workouts = _compile(text, filename, args, profile)
        except sources.InputError as error:
            output.say(output.paint(error.show()))
            failed += 1
            continue
        except _Reported:
            failed += 1
            continue
        output.emit(f"{filename}: {len(workouts)} workout{'s' if len(workouts) != 1 else ''} ok\n")
    return EXIT_INPUT if failed else EXIT_OK


@_reported_exit
def run_explain(args: argparse.Namespace) -> int:
    text, filename = _source(args)
    workouts = _compile(text, filename, args, _profile(args))
    output.emit(str(get_backend("explain").render(workouts, RenderOptions())))
    return EXIT_OK


@_reported_exit
def run_fmt(args: argparse.Namespace) -> int:
    if args.write and ("-" in args.files or args.text is not None):
        raise UsageError("-w rewrites files: standard input and -e TEXT have none to rewrite")
    changed = failed = 0
    for item in _inputs(args, "format"):
        try:
            changed += _format_one(args, item)
        except sources.InputError as error:
            output.say(output.paint(error.show()))
            failed += 1
        except StridesError as error:  # a file that cannot be rewritten: the others still are
            output.say(f"strides: {error.message}")
            failed += 1
        except _Reported:
            failed += 1
    return EXIT_INPUT if failed or (args.check and changed) else EXIT_OK


def _format_one(args: argparse.Namespace, item: str | None) -> int:
    """Format one input as asked; 1 when it was not in canonical spelling."""
    from strides.language.fmt import format_source

    text, name = _read(args, item)
    try:
        canonical = format_source(text)
    except StridesError as error:
        raise _report(error, text, name) from None
    if not (args.write or args.check):
        output.emit(canonical)
        return 0
    if canonical == text:
        return 0
    if args.write:
        files.write_file(name, canonical.encode("utf-8"))
        output.say(f"rewrote {name}")
    else:
        output.say(f"{name} is not in canonical spelling")
    return 1


@_reported_exit
def run_import(args: argparse.Namespace) -> int:
    """Each file as a strides workout, or nothing at all when one cannot be read."""
    from strides.importers import convert, read_bytes

    try:
        runner = runner_from([*_profile(args), *settings_from_pairs(_set_pairs(args))])
    except StridesError as error:
        raise _report(error, None, "strides") from None
    texts, failed = [], 0
    for name in args.files:
        shown = "<stdin>" if name == "-" else name
        try:
            converted = convert(read_bytes(name), name, runner, args.format)
        except StridesError as error:
            output.say(f"strides: cannot import {shown}: {error.message}")
            failed += 1
            continue
        for said in converted.unsaid:
            output.say(f"{shown}: kept as a comment: {said}")
        texts.append(converted.text)
    if failed:
        return EXIT_INPUT
    text = "\n".join(texts).encode("utf-8")
    if args.out is None or args.out == "-":
        output.emit(text)
    else:
        files.write_all([(Path(args.out), text)])
    return EXIT_OK


@_reported_exit
def run_paces(args: argparse.Namespace) -> int:
    from strides.meaning.pace_table import pace_table

    settings = [*_profile(args), *settings_from_pairs(_set_pairs(args))]
    try:
        runner = runner_from(settings)
    except StridesError as error:
        raise _report(error, None, "strides") from None
    if runner.vdot is None:
        raise UsageError("give a race result or a vdot: --set 5k=19:00, --set vdot=50 or --profile FILE")
    output.emit(pace_table(runner))
    return EXIT_OK


@_reported_exit
def run_push(args: argparse.Namespace) -> int:
    _check_push_options(args)
    text, filename = _source(args)
    workouts = _compile(text, filename, args, _profile(args))
    if args.to == "usb":
        return _push_usb(args, workouts, text, filename)
    return _push_service(args, workouts, text, filename)


def _check_push_options(args: argparse.Namespace) -> None:
    """Options that belong to the other destinations are mistakes on the command line, said before any work."""
    if args.to == "usb":
        given = [name for name, value in (("--date", args.date), ("--week-of", args.week_of),
                                          ("--dry-run", args.dry_run)) if value]
        if given:
            raise UsageError(f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} for --to intervals "
                             "or --to garmin; a watch over USB has no calendar")
    elif args.device or args.force:
        raise UsageError(f"--device and --force are for --to usb, not --to {args.to}")


def _push_service(args: argparse.Namespace, workouts: list[Workout], text: str, filename: str) -> int:
    """Push to intervals.icu or Garmin Connect; the table says what was done, even after a failure."""
    from strides.delivery import DeliveryError, summary
    from strides.delivery.dates import place
    from strides.delivery.destinations import cautions, deliver, planned, shown

    try:
        days = place(workouts, args.date, args.week_of)
        _report_all(cautions(args.to, workouts), text, filename, "warning")
        placed = list(zip(workouts, days, strict=True))
        if args.dry_run:
            output.emit(shown(args.to, planned(args.to, placed)))
            return EXIT_OK
        done = deliver(args.to, placed)
    except DeliveryError as error:
        if error.done:
            output.emit(summary(error.done))
        pushed = f"{len(error.done)} of {len(workouts)} workouts were pushed before it" if error.done else \
            "nothing was pushed"
        output.say(output.paint(DeliveryError(f"{error.message}; {pushed}", hint=error.hint).render(None, "strides")))
        return EXIT_INPUT
    except StridesError as error:
        raise _report(error, None, "strides") from None
    output.emit(summary(done))
    return EXIT_OK


@_reported_exit
def run_login(args: argparse.Namespace) -> int:
    """Ask for the credentials a push needs and keep them where only the user can read them."""
    from strides.delivery import DeliveryError

    try:
        if args.service == "garmin":
            from strides.delivery import garmin_connect as garmin

            kept = garmin.login(_ask, _ask_secret)
            output.say(f"logged in to Garmin Connect; the tokens are kept in {kept} (only you can read them)")
        else:
            from strides.delivery.intervals import remember_account

            kept = remember_account(_ask("intervals.icu athlete id (as in i12345): "),
                                    _ask_secret("API key (Settings, Developer Settings): "))
            output.say(f"the athlete and key work; kept in {kept} (only you can read it)")
    except DeliveryError as error:
        raise _report(error, None, "strides") from None
    return EXIT_OK


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise UsageError("strides login asks its questions on a terminal, and standard input is closed") from None


def _ask_secret(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageError("strides login asks its questions on a terminal, and standard input is closed") from None


def _push_usb(args: argparse.Namespace, workouts: list[Workout], text: str, filename: str) -> int:
    from strides.delivery import usb as push

    fit = get_backend("fit")
    taken = names.TakenNames()
    try:
        files = {names.safe_file_name(w.name, fit.suffix, taken): _as_bytes(fit.render([w], RenderOptions()))
                 for w in workouts}
    except StridesError as error:
        raise _report(error, text, filename) from None
    if args.device:
        device = Path(args.device)
    else:
        found = push.find_garmin_volumes()
        if not found:
            raise _report(StridesError("no Garmin watch is mounted", None, push.no_device_help()), None, "strides")
        if len(found) > 1:
            listing = ", ".join(str(p) for p in found)
            raise UsageError(f"several Garmin devices are mounted ({listing}): choose one with --device")
        device = found[0]
    def say_waiting(folder: Path) -> None:
        print(f"waiting for another strides push to {folder} to finish…", file=sys.stderr, flush=True)

    try:
        pushed = push.push(files, device, force=args.force, waiting=say_waiting)
    except StridesError as error:
        raise _report(error, None, "strides") from None
    notes = {push.REPLACED: " (the file there before was replaced)",
             push.UNCHANGED: " (already on the watch: nothing written)"}
    for what, path in pushed.done:
        print(f"{what} {path}{notes.get(what, '')}")
    if pushed.paths(push.COPIED) or pushed.paths(push.REPLACED):
        print("Unplug the watch: it imports the workouts from GARMIN/NewFiles and lists them under "
              "Training → Workouts.")
    return EXIT_OK


def _given(args: argparse.Namespace) -> dict[str, str]:
    """The profile from `--profile FILE` and `--set`, as key-value pairs (`--set` wins)."""
    return {**{s.key: s.value for s in _profile(args)}, **_set_pairs(args)}


@_reported_exit
def run_lsp(args: argparse.Namespace) -> int:
    try:
        from strides.editor import lsp
    except ImportError as error:
        output.say(f"strides: the language server needs pygls and lsprotocol ({error.name} is missing): "
                   "pip install 'strides[lsp]'")
        return EXIT_INPUT
    return lsp.serve(_given(args))


@_reported_exit
def run_mcp(args: argparse.Namespace) -> int:
    try:
        from strides.assistant import server
    except ImportError as error:
        output.say(f"strides: the MCP server needs the mcp package ({error.name} is missing): "
                   "pip install 'strides[mcp]'")
        return EXIT_INPUT
    given = _given(args)
    try:
        runner_from(settings_from_pairs(given))  # a bad --set is said now, not in every call's answer
    except StridesError as error:
        raise _report(error, None, "strides") from None
    server.serve(given)
    return EXIT_OK


@_reported_exit
def run_serve(args: argparse.Namespace) -> int:
    from strides.editor import serve

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port takes a number from 0 to 65535, not {args.port}")
    return serve.run(args.file, args.port, not args.no_browser, _given(args))


@_reported_exit
def run_review(args: argparse.Namespace) -> int:
    from strides import review

    stored = args.text is None and not args.file  # no workout given: the one the watch stored
    if args.activity == "-" and args.file == "-":
        raise UsageError("standard input can hold the activity or the workout, not both")
    try:
        activity = review.read(args.activity)
        text, filename = (review.stored_plan(activity), f"{activity.name} (its workout)") if stored else \
            _source(args)
    except StridesError as error:
        raise _report(error, None, "strides") from None
    workouts = _compile(text, filename, args, _profile(args))
    try:
        chosen = review.choose(workouts, activity, args.workout, filename, stored=stored)
        done = review.render(review.review(activity, chosen), args.format)
    except StridesError as error:
        raise _report(error, None, "strides") from None
    if args.out and args.out != "-":
        files.write_all([(Path(args.out), done.encode("utf-8"))])
    else:
        output.emit(done)
    return EXIT_OK
