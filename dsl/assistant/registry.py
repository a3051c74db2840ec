"""Every tool by name, with its description and arguments, and the one way a call is run: its arguments
read, the tool run, and whatever goes wrong made into a reply."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from strides import files
from strides.assistant import primer, pushing, tools
from strides.assistant.arguments import BadArguments, Choice, FilePath, Flag, Given, Param, read_arguments
from strides.assistant.tools import SETTINGS, TEXT, Refused, Reply, Session, refusal
from strides.backends import BACKENDS, CARD_LAYOUTS
from strides.errors import StridesError, UsageError


@attrs.frozen
class Tool:
    """One tool as `tools/list` shows it, and the function that does its work."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    run: Callable[[Session, Given], Reply]
    read_only: bool = True  # changes nothing outside the server (compile with `path` and push do)


def _tools() -> dict[str, Tool]:
    text_formats = [name for name in sorted(BACKENDS) if name not in ("fit", "pdf")]
    every = [
        Tool("check", "Check workout text", primer.CHECK, (TEXT, SETTINGS), tools.check),
        Tool("explain", "Explain workouts", primer.EXPLAIN, (TEXT, SETTINGS), tools.explain),
        Tool("compile", "Compile workouts", primer.COMPILE, (
            TEXT, SETTINGS,
            Param("format", Choice(tuple(sorted(BACKENDS))), f"the output format (default json); "
                  f"{', '.join(text_formats)} come back as text, fit and pdf need `path`"),
            Param("path", FilePath(), "an absolute path the user named, to write the output to (a folder "
                  "ending in / for one fit file per workout)"),
            Param("overwrite", Flag(), "replace a file already at `path` (default false: it is refused)"),
            Param("card", Choice(CARD_LAYOUTS), "the pdf card's layout (default index, a 5x3 in card)"),
            Param("paper", Choice(("a4", "letter")), "the sheet pdf wristband strips are printed on"),
        ), tools.compile_, read_only=False),
        Tool("paces", "Training paces of a profile", primer.PACES, (SETTINGS,), tools.paces),
        Tool("fmt", "Format workout text", primer.FMT, (TEXT,), tools.fmt),
        Tool("push", "Send workouts to the watch", primer.PUSH, pushing.PARAMS, pushing.push, read_only=False),
    ]
    return {tool.name: tool for tool in every}


TOOLS = _tools()


def run_tool(session: Session, name: str, arguments: Mapping[str, Any] | None) -> Reply:
    """The reply to one call; every way it can go wrong is a reply with `error` set, one line where it can."""
    tool = TOOLS.get(name)
    if tool is None:
        return refusal(f"there is no tool `{name[:60]}`; the tools are {', '.join(TOOLS)}").reply
    try:
        return tool.run(session, read_arguments(tool.params, arguments))
    except Refused as refused:
        return refused.reply
    except BadArguments as error:
        return refusal(str(error)).reply
    except UsageError as error:
        return refusal(str(error)).reply
    except StridesError as error:  # a bad setting has no place in the text: it names the key instead
        return refusal(error.render(None, "strides")).reply
    except OSError as error:
        return refusal(f"strides: {files.describe(error)}").reply
