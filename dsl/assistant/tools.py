"""The tools, free of the protocol: each takes checked arguments and gives a `Reply` (text for the assistant
to read, the same as data, and whether it is an error). Mistakes in a workout are replies, never exceptions:
the assistant reads the diagnostics and fixes the text.

Workouts are compiled with strides' public API (`strides.api`) and rendered by the command line's backends,
so a tool says exactly what `strides check`, `explain`, `compile`, `paces` and `fmt` say.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from strides import api, files, names
from strides.assistant.arguments import Given, Param, Profile, Text
from strides.backends import CARD_LAYOUTS, RenderOptions, default_paper, get_backend
from strides.diagnostics import Diagnostic
from strides.errors import StridesError
from strides.meaning.model import Workout

SHOW_UPTO = 100  # diagnostics in one reply, as `strides check` shows per file; the rest are counted
FOLDER_ENDINGS = ("/", os.sep)


@attrs.frozen
class Reply:
    text: str
    data: dict[str, Any]
    error: bool = False


class Refused(Exception):
    """A tool that stops with a reply: mistakes in the text, or a call it will not carry out."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.text)
        self.reply = reply


def refusal(message: str, **data: Any) -> Refused:
    return Refused(Reply(message, {"error": message, **data}, error=True))


@attrs.define
class Session:
    """What lasts between calls: the profile the server was started with, and what push has previewed."""

    settings: dict[str, str] = attrs.Factory(dict)
    previews: dict[str, None] = attrs.Factory(dict)  # keys of dry runs, oldest first

    def profile(self, given: Given) -> dict[str, str]:
        """The server's settings, then the call's: the call wins."""
        return {**self.settings, **given.settings()}


# --- diagnostics -------------------------------------------------------------------------------------------


def diagnostic_data(diagnostic: Diagnostic) -> dict[str, Any]:
    return {"severity": diagnostic.severity, "line": diagnostic.line, "column": diagnostic.column,
            "end_column": diagnostic.end_column, "message": diagnostic.message,
            "suggestion": diagnostic.hint, "shown": diagnostic.render()}


def diagnostics_reply(diagnostics: list[Diagnostic], workouts: int) -> Reply:
    """Every mistake and warning, as `strides check` prints them, and as data; `workouts` is how many
    compiled (none when there is a mistake)."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    shown = [d.render() for d in diagnostics[:SHOW_UPTO]]
    if len(diagnostics) > SHOW_UPTO:
        shown.append(f"… and {len(diagnostics) - SHOW_UPTO:,} more")
    if not errors:
        shown.append(f"{workouts} workout{'s' if workouts != 1 else ''} ok")
    data = {"ok": not errors, "workouts": workouts, "errors": errors, "warnings": len(diagnostics) - errors,
            "diagnostics": [diagnostic_data(d) for d in diagnostics[:SHOW_UPTO]]}
    return Reply("\n".join(shown), data, error=bool(errors))


def compiled(text: str, settings: Mapping[str, str]) -> tuple[list[Workout], list[Diagnostic]]:
    """The text's workouts and its warnings; Refused with every mistake when there is one."""
    diagnostics = api.check(text, settings)
    if any(d.severity == "error" for d in diagnostics):
        raise Refused(diagnostics_reply(diagnostics, 0))
    return api.compile(text, settings), diagnostics


def mistake(error: StridesError, text: str | None) -> Refused:
    """A mistake found after compiling (a format that refuses a workout), pointed at in the text."""
    return Refused(diagnostics_reply([Diagnostic.of(error, text, "<text>")], 0))


def _warned(reply_text: str, warnings: list[Diagnostic]) -> str:
    return "\n".join([*(w.render() for w in warnings[:SHOW_UPTO]), reply_text])


# --- the tools ---------------------------------------------------------------------------------------------

TEXT = Param("text", Text(), "the workout text, e.g. `wu 15min; 12x400 @5k-3s r35s; cd 10min`", required=True)
SETTINGS = Param("settings", Profile(), 'profile settings, e.g. {"5k": "19:00", "maxhr": 190}; they win over '
                 "settings written in the text")


def check(session: Session, given: Given) -> Reply:
    workouts, warnings = compiled(given.text("text"), session.profile(given))  # mistakes: Refused, with them all
    return diagnostics_reply(warnings, len(workouts))


def explain(session: Session, given: Given) -> Reply:
    workouts, warnings = compiled(given.text("text"), session.profile(given))
    explained = str(api.render(workouts, "explain"))
    return Reply(_warned(explained, warnings), {"explanation": explained, "workouts": [w.name for w in workouts],
                                                "warnings": [diagnostic_data(w) for w in warnings]})


def compile_(session: Session, given: Given) -> Reply:
    text, fmt = given.text("text"), given.word("format") or "json"
    workouts, warnings = compiled(text, session.profile(given))
    backend = get_backend(fmt)
    options = RenderOptions(card=given.word("card") or CARD_LAYOUTS[0], paper=given.word("paper") or default_paper())
    if backend.warnings is not None:  # what the format cannot carry: said, and the output still made
        warnings += [Diagnostic.of(w, text, "<text>") for w in backend.warnings(workouts)]
    data: dict[str, Any] = {"format": fmt, "workouts": [w.name for w in workouts],
                            "warnings": [diagnostic_data(w) for w in warnings]}
    path = given.word("path")
    if path is not None:
        written = _write(_outputs(workouts, fmt, options, text, path), given.flag("overwrite", False))
        return Reply(_warned("\n".join(f"wrote {name}" for name in written), warnings), {**data, "written": written})
    if backend.binary:
        raise refusal(f"{fmt} is a binary format: give `path`, an absolute path the user named, to write it to")
    if not backend.per_workout:
        rendered = str(_rendered(workouts, fmt, options, text))
        return Reply(_warned(rendered, warnings), {**data, "output": rendered})
    each = [(w.name, str(_rendered([w], fmt, options, text))) for w in workouts]  # one file per workout
    said = each[0][1] if len(each) == 1 else "\n\n".join(f"{name}:\n{out}" for name, out in each)
    return Reply(_warned(said, warnings), {**data, "outputs": [{"workout": n, "output": o} for n, o in each]})


def _rendered(workouts: list[Workout], fmt: str, options: RenderOptions, text: str) -> str | bytes:
    try:
        return api.render(workouts, fmt, card=options.card, paper=options.paper)
    except StridesError as error:  # a workout the format refuses: more steps than a watch takes
        raise mistake(error, text) from None


def _outputs(workouts: list[Workout], fmt: str, options: RenderOptions, text: str,
             path: str) -> list[tuple[Path, bytes]]:
    """Each file to write: one per workout into a folder for a per-workout format, else one."""
    backend = get_backend(fmt)
    folder = path.endswith(FOLDER_ENDINGS) or os.path.isdir(path)
    if not backend.per_workout or (len(workouts) == 1 and not folder):
        if folder:
            raise refusal(f"`path` {path} is a folder: name the {backend.suffix} file to write")
        return [(Path(path), as_bytes(_rendered(workouts, fmt, options, text)))]
    if not folder:
        raise refusal(f"{len(workouts)} workouts make {len(workouts)} {backend.suffix} files: give a folder as "
                      f"`path`, ending in /")
    taken = names.TakenNames()
    return [(Path(path) / names.safe_file_name(w.name, backend.suffix, taken),
             as_bytes(_rendered([w], fmt, options, text))) for w in workouts]


def as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _write(outputs: list[tuple[Path, bytes]], overwrite: bool) -> list[str]:
    """The files written, all or none; one already there is replaced only when asked."""
    there = [str(path) for path, _ in outputs if os.path.lexists(path)]
    if there and not overwrite:
        listing = ", ".join(there[:5]) + (f" and {len(there) - 5} more" if len(there) > 5 else "")
        raise refusal(f"{listing} already exist{'s' if len(there) == 1 else ''}: nothing was written. Ask the "
                      "user, and pass overwrite: true to replace", existing=there)
    try:
        return list(files.write_all(outputs).written)
    except files.WriteError as error:
        raise refusal(error.message) from None


def paces(session: Session, given: Given) -> Reply:
    from strides.meaning.pace_table import pace_table
    from strides.meaning.profile import runner_from, settings_from_pairs

    runner = runner_from(settings_from_pairs(session.profile(given)))
    if runner.vdot is None:
        raise refusal('give a race result or a VDOT in `settings`: {"5k": "19:00"} or {"vdot": 50}')
    table = pace_table(runner)
    return Reply(table, {"vdot": round(runner.vdot, 1), "table": table})


def fmt(session: Session, given: Given) -> Reply:
    from strides.language.fmt import format_source

    text = given.text("text")
    try:
        canonical = format_source(text)
    except StridesError as error:
        raise mistake(error, text) from None
    return Reply(canonical, {"text": canonical, "changed": canonical != text})


