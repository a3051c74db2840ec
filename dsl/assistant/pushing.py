"""The `push` tool: preview first, then send what was previewed.

A call with `dry_run` true (the default) sends nothing: it compiles the text, places the workouts on their
days and says exactly what would be sent, as `strides push --dry-run` does. A call with `dry_run` false is
carried out only when a dry run of the very same call (text, destination, settings and options) came
before it while this server runs; it then goes through the same delivery code as `strides push`
(`strides.delivery.usb` for a watch over USB, `strides.delivery` for intervals.icu and Garmin Connect).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from strides.assistant.arguments import Choice, Day, FilePath, Flag, Given, Param
from strides.assistant.tools import (
    SETTINGS,
    TEXT,
    Reply,
    Session,
    as_bytes,
    compiled,
    diagnostic_data,
    mistake,
    refusal,
)
from strides.backends import RenderOptions, get_backend
from strides.diagnostics import Diagnostic
from strides.errors import StridesError
from strides.meaning.model import Workout

if TYPE_CHECKING:
    from strides.delivery import Delivered
    from strides.delivery.usb import Pushed

Placed = list[tuple[Workout, "dt.date | None"]]

DESTINATIONS = ("usb", "intervals", "garmin")
REMEMBERED = 100  # dry runs kept; the oldest is forgotten first

PARAMS = (
    TEXT,
    Param("to", Choice(DESTINATIONS), "usb (a Garmin watch plugged in), intervals (intervals.icu) or garmin "
          "(Garmin Connect)", required=True),
    SETTINGS,
    Param("dry_run", Flag(), "true (the default): send nothing and say what would be sent; false: send what "
          "a dry run of the same call showed"),
    Param("date", Day(), "intervals and garmin: the day (YYYY-MM-DD) to put one workout on the calendar"),
    Param("week_of", Day(), "intervals and garmin: the Monday (YYYY-MM-DD) of the week for workouts named "
          "after their days (`Tue track`)"),
    Param("device", FilePath(), "usb: the watch's mounted folder (found automatically when left out)"),
    Param("force", Flag(), "usb: replace a file of the same name that strides did not write"),
)


def push(session: Session, given: Given) -> Reply:
    to, text, settings = given.word("to"), given.text("text"), session.profile(given)
    assert to is not None
    _check_options(to, given)
    workouts, warnings = compiled(text, settings)
    if to == "usb":
        files, device = _fit_files(workouts, text), _device(given.word("device"))
        key = _key(to, text, settings, given, str(device))
        if given.flag("dry_run", True):
            return _previewed(session, key, _usb_preview(files, device), warnings)
        _check_previewed(session, key)
        return _pushed_usb(session, key, files, device, given.flag("force", False))
    from strides.delivery.dates import place
    from strides.delivery.destinations import cautions

    placed = list(zip(workouts, place(workouts, given.word("date"), given.word("week_of")), strict=True))
    warnings = warnings + [Diagnostic.of(c, text, "<text>") for c in cautions(to, workouts)]
    key = _key(to, text, settings, given, None)
    if given.flag("dry_run", True):
        return _previewed(session, key, _service_preview(to, placed), warnings)
    _check_previewed(session, key)
    return _pushed_service(session, key, to, placed)


def _check_options(to: str, given: Given) -> None:
    """Options of the other destinations are mistakes, said before any work, as on the command line."""
    names = ("date", "week_of") if to == "usb" else ("device", "force")
    wrong = [f"`{name}`" for name in names if given.values.get(name) not in (None, False)]
    if wrong:
        belongs = "intervals and garmin: a watch over USB has no calendar" if to == "usb" else "usb"
        raise refusal(f"{' and '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} for {belongs}")


def _key(to: str, text: str, settings: dict[str, str], given: Given, device: str | None) -> str:
    """What makes two calls the same push: everything that changes what is sent, and where."""
    what = [to, text, sorted(settings.items()), given.word("date"), given.word("week_of"), device,
            given.flag("force", False)]
    return hashlib.sha256(json.dumps(what, ensure_ascii=True).encode("ascii")).hexdigest()


def _previewed(session: Session, key: str, preview: tuple[str, dict[str, Any]], warnings: list[Diagnostic]) -> Reply:
    session.previews.pop(key, None)
    session.previews[key] = None
    while len(session.previews) > REMEMBERED:
        del session.previews[next(iter(session.previews))]
    said, data = preview
    shown = [w.render() for w in warnings]
    ask = ("Nothing was sent. Show this to the user; if they agree, call push again with the same arguments "
           "and dry_run: false.")
    return Reply("\n".join([*shown, said, ask]),
                 {"dry_run": True, "sent": False, **data, "warnings": [diagnostic_data(w) for w in warnings]})


def _check_previewed(session: Session, key: str) -> None:
    if key not in session.previews:
        raise refusal("push sends only what a dry run showed: call push with these same arguments and dry_run: "
                      "true first, show the user what would be sent, then call it with dry_run: false",
                      sent=False)


# --- intervals.icu and Garmin Connect ----------------------------------------------------------------------


def _service_preview(to: str, placed: Placed) -> tuple[str, dict[str, Any]]:
    from strides.delivery.destinations import planned, shown

    requests = planned(to, placed)
    listing = [{"method": r.method, "url": r.url, "body": r.body} for r in requests]
    return shown(to, requests), {"to": to, "requests": listing, "workouts": _placed(placed)}


def _pushed_service(session: Session, key: str, to: str, placed: Placed) -> Reply:
    from strides.delivery import DeliveryError, summary
    from strides.delivery.destinations import deliver

    try:
        done = deliver(to, placed)
    except DeliveryError as error:
        pushed = (f"{len(error.done)} of {len(placed)} workouts were pushed before it" if error.done
                  else "nothing was pushed")
        said = DeliveryError(f"{error.message}; {pushed}", hint=error.hint).render(None, "strides")
        table = summary(error.done) if error.done else ""
        return Reply(table + said, {"error": said, "sent": bool(error.done), "pushed": _done(error.done)},
                     error=True)
    del session.previews[key]  # sent: the next push is previewed again
    return Reply(summary(done), {"dry_run": False, "sent": True, "pushed": _done(done)})


def _placed(placed: Placed) -> list[dict[str, Any]]:
    return [{"name": w.name, "date": day.isoformat() if day else None} for w, day in placed]


def _done(done: Sequence[Delivered]) -> list[dict[str, Any]]:
    return [{"name": d.name, "date": d.date, "destination": d.destination, "result": d.outcome} for d in done]


# --- a watch over USB --------------------------------------------------------------------------------------


def _fit_files(workouts: list[Workout], text: str) -> dict[str, bytes]:
    """Each workout's FIT file under the name `strides push` gives it."""
    from strides import names

    fit, taken = get_backend("fit"), names.TakenNames()
    try:
        return {names.safe_file_name(w.name, fit.suffix, taken): as_bytes(fit.render([w], RenderOptions()))
                for w in workouts}
    except StridesError as error:  # a workout past the watch's 50 steps
        raise mistake(error, text) from None


def _device(given: str | None) -> Path:
    from strides.delivery import usb

    if given is not None:
        return Path(given)
    found = usb.find_garmin_volumes()
    if not found:
        raise refusal("no Garmin watch is mounted as a drive: plug it in, or give its mounted folder as "
                      "`device`", help=usb.no_device_help())
    if len(found) > 1:
        raise refusal(f"several Garmin watches are mounted ({', '.join(map(str, found))}): give one as `device`")
    return found[0]


def _usb_preview(files: dict[str, bytes], device: Path) -> tuple[str, dict[str, Any]]:
    from strides.delivery import usb

    folder = device / usb.GARMIN / usb.NEW_FILES
    lines = [f"A push would copy {len(files)} FIT file{'s' if len(files) != 1 else ''} into {folder}:"]
    lines += [f"  {name} ({len(data):,} bytes)" for name, data in files.items()]
    lines.append("A file there with the same bytes is left as it is, one strides wrote for the same workout is "
                 "replaced, and any other file of the same name is kept (the push then copies nothing).")
    return "\n".join(lines), {"to": "usb", "device": str(device),
                              "files": [{"name": n, "bytes": len(d)} for n, d in files.items()]}


def _pushed_usb(session: Session, key: str, files: dict[str, bytes], device: Path, force: bool) -> Reply:
    from strides.delivery import usb

    try:
        pushed = usb.push(files, device, force=force)
    except usb.PushError as error:
        said = error.render(None, "strides")
        return Reply(said, {"error": said, "sent": bool(error.pushed.done), "pushed": _files(error.pushed)},
                     error=True)
    del session.previews[key]
    lines = [f"{what} {path}" for what, path in pushed.done]
    if pushed.paths(usb.COPIED) or pushed.paths(usb.REPLACED):
        lines.append("Unplug the watch: it imports the workouts from GARMIN/NewFiles and lists them under "
                     "Training → Workouts.")
    return Reply("\n".join(lines), {"dry_run": False, "sent": True, "pushed": _files(pushed)})


def _files(pushed: Pushed) -> list[dict[str, str]]:
    return [{"file": str(path), "result": what} for what, path in pushed.done]
