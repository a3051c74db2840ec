"""What each `strides` command does, once the command line is read."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from strides import output
from strides.ast import Setting
from strides.backends import RenderOptions, get_backend
from strides.errors import StridesError, StridesWarning
from strides.model import Workout
from strides.output import UsageError
from strides.parse import parse_entries
from strides.pipeline import compile_each
from strides.profile import runner_from, settings_from_pairs

EXIT_OK, EXIT_INPUT = 0, 1
LIST_FILES_UPTO = 20  # more files written are summed up in one line


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
    print(output.paint(error.render(source, filename)), file=sys.stderr)
    return _Reported()


def _profile(args: argparse.Namespace) -> list[Setting]:
    """The settings of `--profile FILE`; anything but settings there is a mistake."""
    if not args.profile:
        return []
    text = output.read_input(args.profile)
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
    return output.read_input(args.file), ("<stdin>" if args.file == "-" else args.file)


def _compile(text: str, filename: str, args: argparse.Namespace, profile: list[Setting],
             keep_going: bool = False) -> list[Workout]:
    """The file's workouts. Every mistake is reported; with `keep_going` the good workouts are still
    returned (the command then exits 1), otherwise none are."""
    warnings: list[StridesWarning] = []
    try:
        results = compile_each(text, _set_pairs(args), filename, profile, warnings)
    except StridesError as error:
        raise _report(error, text, filename) from None
    for warning in warnings:
        _report(warning, text, filename)
    errors = [r for r in results if isinstance(r, StridesError)]
    seen: set[str] = set()
    for error in errors:  # a bad setting stops every workout after it: say so once
        rendered = error.render(text, filename)
        if rendered not in seen:
            seen.add(rendered)
            _report(error, text, filename)
    if not results:
        raise _report(StridesError("there is no workout here: write steps such as `wu 15min; 5x1k @T r2min`"),
                      None, filename)
    workouts = [r for r in results if not isinstance(r, StridesError)]
    if errors and not (keep_going and workouts):
        raise _Reported()
    args.failed = bool(errors)
    return workouts


def _reported_exit(function):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        try:
            return int(function(args))
        except _Reported:
            return EXIT_INPUT
    return run


@_reported_exit
def run_compile(args: argparse.Namespace) -> int:
    text, filename = _source(args)
    workouts = _compile(text, filename, args, _profile(args), keep_going=args.keep_going)
    backend = get_backend(args.format)
    options = RenderOptions(card=args.card)
    try:
        if backend.per_workout:
            rendered = [(w.name, _as_bytes(backend.render([w], options)))
                        for w in output.progress(workouts, len(workouts), f"compiling {backend.name}")]
        else:
            rendered = [(workouts[0].name, _as_bytes(backend.render(workouts, options)))]
    except StridesError as error:
        raise _report(error, text, filename) from None
    _deliver(rendered, backend.suffix, backend.binary, args.out)
    return EXIT_INPUT if args.failed else EXIT_OK


def _as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _deliver(rendered: list[tuple[str, bytes]], suffix: str, binary: bool, out: str | None) -> None:
    """Everything is rendered before anything is written, and each file is written whole or not at all."""
    if out is None or out == "-":
        if len(rendered) > 1:
            raise UsageError(f"{len(rendered)} workouts make {len(rendered)} {suffix} files: give -o FOLDER")
        if out is None and binary and sys.stdout.isatty():
            raise UsageError(f"{suffix} output is binary: give -o FILE (or -o - to pipe it)")
        sys.stdout.buffer.write(rendered[0][1])
        sys.stdout.flush()
        return
    target = Path(out)
    if len(rendered) > 1 or target.is_dir() or out.endswith(("/", "\\")):
        taken: set[str] = set()
        for name, data in output.progress(rendered, len(rendered), "writing"):
            path = target / output.safe_file_name(name, suffix, taken)
            output.write_atomic(path, data)
            if len(rendered) <= LIST_FILES_UPTO:
                print(f"wrote {path}", file=sys.stderr)
        if len(rendered) > LIST_FILES_UPTO:
            print(f"wrote {len(rendered)} {suffix} files into {target}", file=sys.stderr)
        return
    output.write_atomic(target, rendered[0][1])


def _sources(args: argparse.Namespace, verb: str) -> list[tuple[str, str]]:
    """(text, name for messages) of every FILE and -e TEXT, for the commands that take several."""
    sources: list[tuple[str, str]] = []
    if args.text is not None:
        sources.append((args.text, "<text>"))
    for name in args.files:
        sources.append((output.read_input(name), "<stdin>" if name == "-" else name))
    if not sources:
        raise UsageError(f"give workout files to {verb}, - for standard input, or -e 'TEXT'")
    return sources


@_reported_exit
def run_check(args: argparse.Namespace) -> int:
    profile = _profile(args)
    failed = 0
    sources = _sources(args, "check")
    for text, filename in output.progress(sources, len(sources), "checking"):
        try:
            workouts = _compile(text, filename, args, profile)
        except _Reported:
            failed += 1
            continue
        print(f"{filename}: {len(workouts)} workout{'s' if len(workouts) != 1 else ''} ok")
    return EXIT_INPUT if failed else EXIT_OK


@_reported_exit
def run_explain(args: argparse.Namespace) -> int:
    text, filename = _source(args)
    workouts = _compile(text, filename, args, _profile(args))
    sys.stdout.write(str(get_backend("explain").render(workouts, RenderOptions())))
    return EXIT_OK


@_reported_exit
def run_fmt(args: argparse.Namespace) -> int:
    from strides.fmt import format_source

    if args.write and ("-" in args.files or args.text is not None):
        raise UsageError("-w rewrites files: standard input and -e TEXT have none to rewrite")
    changed = failed = 0
    for text, name in _sources(args, "format"):
        try:
            canonical = format_source(text)
        except StridesError as error:
            _report(error, text, name)
            failed += 1
            continue
        if not (args.write or args.check):
            sys.stdout.write(canonical)
        elif canonical != text:
            changed += 1
            if args.write:
                output.write_atomic(Path(name), canonical.encode("utf-8"))
                print(f"rewrote {name}", file=sys.stderr)
            else:
                print(f"{name} is not in canonical spelling", file=sys.stderr)
    return EXIT_INPUT if failed or (args.check and changed) else EXIT_OK


@_reported_exit
def run_paces(args: argparse.Namespace) -> int:
    from strides.pace_table import pace_table

    settings = [*_profile(args), *settings_from_pairs(_set_pairs(args))]
    try:
        runner = runner_from(settings)
    except StridesError as error:
        raise _report(error, None, "strides") from None
    if runner.vdot is None:
        raise UsageError("give a race result or a vdot: --set 5k=19:00, --set vdot=50 or --profile FILE")
    sys.stdout.write(pace_table(runner))
    return EXIT_OK


@_reported_exit
def run_push(args: argparse.Namespace) -> int:
    from strides import push

    text, filename = _source(args)
    workouts = _compile(text, filename, args, _profile(args))
    fit = get_backend("fit")
    taken: set[str] = set()
    try:
        files = {output.safe_file_name(w.name, fit.suffix, taken): _as_bytes(fit.render([w], RenderOptions()))
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
