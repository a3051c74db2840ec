"""What each tool takes, declared once: the JSON Schema the client is shown and the checks a call goes
through are made from the same declaration, so they cannot disagree.

A call is read in full before any work starts; the first thing wrong is one line naming the argument
(`BadArguments`). Sizes are those of the command line: a workout text holds at most
`strides.language.input_limits.MAX_SOURCE_BYTES`, as a file does.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs

from strides.errors import shown
from strides.language.input_limits import MAX_SOURCE_BYTES

MAX_SETTINGS = 50  # keys in one `settings` object: the profile has a dozen, written a few ways at most
MAX_KEY = 40  # characters in a setting's key (`half marathon`, `max_hr`)
MAX_VALUE = 100  # characters in a setting's value (`3:17:06`, `3s/km`)
MAX_PATH = 4096  # characters in a file path, as Linux allows
MAX_WORD = 200  # characters in any other string argument


class BadArguments(Exception):
    """A call the tool cannot take: its one-line message names the argument and what it takes."""


class Kind(Protocol):
    def schema(self) -> dict[str, Any]: ...

    def read(self, name: str, value: object) -> object: ...


def _string(name: str, value: object, what: str, most: int) -> str:
    if not isinstance(value, str):
        raise BadArguments(f"`{name}` takes {what}, not {_json_kind(value)}")
    if len(value) > most:
        raise BadArguments(f"`{name}` is longer than {most:,} characters")
    return value


@attrs.frozen
class Text:
    """Workout text, at most as large as a file strides reads."""

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "maxLength": MAX_SOURCE_BYTES}

    def read(self, name: str, value: object) -> str:
        text = _string(name, value, "workout text as a string", MAX_SOURCE_BYTES)
        if len(text.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
            raise BadArguments(f"`{name}` is larger than {MAX_SOURCE_BYTES:,} bytes; split it into several calls")
        return text


@attrs.frozen
class Choice:
    options: tuple[str, ...]

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.options)}

    def read(self, name: str, value: object) -> str:
        word = _string(name, value, f"one of {', '.join(self.options)}", MAX_WORD)
        if word not in self.options:
            raise BadArguments(f"`{name}` takes one of {', '.join(self.options)}, not `{_quoted(word)}`")
        return word


@attrs.frozen
class Flag:
    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def read(self, name: str, value: object) -> bool:
        if not isinstance(value, bool):  # "false" is not false: a push must be asked for plainly
            raise BadArguments(f"`{name}` takes true or false, not {_json_kind(value)}")
        return value


@attrs.frozen
class Day:
    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

    def read(self, name: str, value: object) -> str:
        day = _string(name, value, "a date written YYYY-MM-DD", MAX_WORD)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            raise BadArguments(f"`{name}` takes a date written YYYY-MM-DD, as in 2026-12-08, not `{_quoted(day)}`")
        return day


@attrs.frozen
class FilePath:
    """An absolute path: the server's working folder is the client's choice, not the user's."""

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "maxLength": MAX_PATH}

    def read(self, name: str, value: object) -> str:
        path = _string(name, value, "an absolute file path", MAX_PATH)
        expanded = os.path.expanduser(path.strip())
        if "\0" in expanded or not os.path.isabs(expanded):
            raise BadArguments(f"`{name}` takes an absolute path, such as /home/me/week.pdf or ~/week.pdf, "
                               f"not `{_quoted(path)}`")
        return expanded


@attrs.frozen
class Profile:
    """Profile settings as `--set` takes them: `{"5k": "19:00", "maxhr": 190}`."""

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "maxProperties": MAX_SETTINGS,
                "additionalProperties": {"type": ["string", "number"]}}

    def read(self, name: str, value: object) -> dict[str, str]:
        if not isinstance(value, Mapping):
            raise BadArguments(f"`{name}` takes an object of profile settings such as "
                               f'{{"5k": "19:00", "maxhr": 190}}, not {_json_kind(value)}')
        if len(value) > MAX_SETTINGS:
            raise BadArguments(f"`{name}` holds more than {MAX_SETTINGS} settings")
        return dict(_setting(name, key, item) for key, item in value.items())


def _setting(name: str, key: object, value: object) -> tuple[str, str]:
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY:
        raise BadArguments(f"`{name}` takes keys such as 5k, marathon, maxhr or units, of at most {MAX_KEY} "
                           "characters")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadArguments(f"`{name}`: {_quoted(key)} takes a string or a number, not {_json_kind(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise BadArguments(f"`{name}`: {_quoted(key)} takes a finite number")
    text = value if isinstance(value, str) else format(value, "g") if isinstance(value, float) else str(value)
    if not text.strip() or len(text) > MAX_VALUE:
        raise BadArguments(f"`{name}`: {_quoted(key)} takes a value of 1 to {MAX_VALUE} characters, "
                           'such as "19:00"')
    return key.strip(), text.strip()


@attrs.frozen
class Param:
    name: str
    kind: Kind
    about: str
    required: bool = False


def input_schema(params: Sequence[Param]) -> dict[str, Any]:
    """The JSON Schema of a tool's arguments, as `tools/list` shows it."""
    properties = {p.name: {**p.kind.schema(), "description": p.about} for p in params}
    required = [p.name for p in params if p.required]
    return {"type": "object", "properties": properties, "additionalProperties": False,
            **({"required": required} if required else {})}


@attrs.frozen
class Given:
    """A call's arguments once read, each of the type its declaration gives; absent ones are not here."""

    values: Mapping[str, object]

    def text(self, name: str) -> str:
        value = self.values[name]
        assert isinstance(value, str)
        return value

    def word(self, name: str) -> str | None:
        value = self.values.get(name)
        assert value is None or isinstance(value, str)
        return value

    def flag(self, name: str, default: bool) -> bool:
        value = self.values.get(name, default)
        assert isinstance(value, bool)
        return value

    def settings(self, name: str = "settings") -> dict[str, str]:
        value = self.values.get(name, {})
        assert isinstance(value, dict)
        return {str(key): str(item) for key, item in value.items()}


def read_arguments(params: Sequence[Param], arguments: Mapping[str, object] | None) -> Given:
    """The arguments checked against the declaration; BadArguments at the first thing wrong. A JSON null
    stands for an argument left out, as clients often send one for an optional argument."""
    given = {key: value for key, value in (arguments or {}).items() if value is not None}
    known = {p.name: p for p in params}
    unknown = sorted(str(key) for key in given if key not in known)
    if unknown:
        takes = ", ".join(known) or "no arguments"
        raise BadArguments(f"unknown argument{'s' if len(unknown) > 1 else ''} "
                           f"{', '.join(f'`{_quoted(u)}`' for u in unknown[:5])}; this tool takes {takes}")
    values: dict[str, object] = {}
    for param in params:
        if param.name in given:
            values[param.name] = param.kind.read(param.name, given[param.name])
        elif param.required:
            raise BadArguments(f"`{param.name}` is missing: {param.about}")
    return Given(values)


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return type(value).__name__


def _quoted(text: str, most: int = 60) -> str:
    """A caller's word in a message: cut short, and shown on one line."""
    cut = text if len(text) <= most else text[: most - 1] + "…"
    return shown(cut)
