"""Where the services' credentials come from: the environment first, then `~/.config/strides/config.toml`.

    [intervals]
    athlete = "i12345"
    api_key = "…"

The file is read only when no one but its owner can read it (mode 0600), since it holds keys. A key is
kept out of every message, log and repr: `Account` shows it as `***`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path

import attrs

from strides.errors import StridesError

INTERVALS_URL = "https://intervals.icu"
CONFIG_FILE = "config.toml"
GARMIN_TOKENS = "garmin"  # a folder beside the config file, only the owner's


@attrs.frozen
class Account:
    """An intervals.icu athlete and API key."""

    athlete: str
    key: str = attrs.field(repr=lambda _: "***")
    url: str = INTERVALS_URL


def config_folder(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
    return Path(base) / "strides"


def read_config(env: Mapping[str, str] | None = None) -> dict[str, dict[str, str]]:
    """The config file's sections, {} when there is none. One anyone else can read is refused."""
    path = config_folder(env) / CONFIG_FILE
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise StridesError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    if stat.S_IMODE(mode) & 0o077:
        raise StridesError(f"{path} holds keys and others can read it (mode {stat.S_IMODE(mode):04o}): strides "
                           "reads it only when it is yours alone", hint=f"chmod 600 {path}")
    return parse_sections(text, path)


def parse_sections(text: str, path: Path) -> dict[str, dict[str, str]]:
    """`[section]` and `key = "value"` lines, the part of TOML the config file uses."""
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = re.fullmatch(r"\[\s*([A-Za-z0-9_.-]+)\s*\]", line)
        if header:
            current = sections.setdefault(header.group(1), {})
            continue
        pair = re.fullmatch(r"""([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s#"']+))\s*(?:#.*)?""",
                            line)
        if pair is None or current is None:
            raise StridesError(f"{path}:{number}: expected `[section]` or `key = \"value\"`, not `{line[:40]}`")
        value = pair.group(2) if pair.group(2) is not None else pair.group(3) or pair.group(4) or ""
        current[pair.group(1)] = re.sub(r"\\(.)", r"\1", value) if pair.group(2) is not None else value
    return sections


def intervals_account(env: Mapping[str, str] | None = None, *, required: bool = True) -> Account | None:
    """The athlete and key from STRIDES_INTERVALS_ATHLETE / STRIDES_INTERVALS_API_KEY, else the config
    file's [intervals] section; STRIDES_INTERVALS_URL (or `url`) points at another server."""
    env = os.environ if env is None else env
    athlete, key, url = (env.get(f"STRIDES_INTERVALS_{name}", "").strip() for name in ("ATHLETE", "API_KEY", "URL"))
    if not (athlete and key):
        section = read_config(env).get("intervals", {})
        athlete = athlete or section.get("athlete", "").strip()
        key = key or section.get("api_key", "").strip()
        url = url or section.get("url", "").strip()
    if not (athlete and key):
        if not required:
            return None
        missing = [what for what, value in (("athlete id", athlete), ("API key", key)) if not value]
        raise StridesError(f"intervals.icu needs your athlete id and API key; "
                           f"{'both are' if len(missing) == 2 else f'the {missing[0]} is'} missing",
                           hint="set STRIDES_INTERVALS_ATHLETE and STRIDES_INTERVALS_API_KEY, or run "
                           "`strides login intervals` (both are on intervals.icu's Settings page, "
                           "under Developer Settings)")
    return Account(athlete, key, (url or INTERVALS_URL).rstrip("/"))


def intervals_url(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return (env.get("STRIDES_INTERVALS_URL", "").strip() or INTERVALS_URL).rstrip("/")


def garmin_tokens(env: Mapping[str, str] | None = None) -> Path:
    """Where `strides login garmin` keeps Garmin Connect's tokens (STRIDES_GARMIN_TOKENS to change it)."""
    env = os.environ if env is None else env
    chosen = env.get("STRIDES_GARMIN_TOKENS", "").strip()
    return Path(chosen).expanduser() if chosen else config_folder(env) / GARMIN_TOKENS


def garmin_domain(env: Mapping[str, str] | None = None) -> str:
    """garmin.com, or garmin.cn for Garmin Connect China (STRIDES_GARMIN_DOMAIN): the two the library
    talks to."""
    env = os.environ if env is None else env
    return env.get("STRIDES_GARMIN_DOMAIN", "").strip() or "garmin.com"


def private_folder(path: Path) -> Path:
    """`path` made if need be, and only its owner's (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def write_private(path: Path, text: str) -> None:
    """`text` into `path`, readable by its owner alone from the start (never briefly by others)."""
    private_folder(path.parent)
    part = path.with_name(f".{path.name}.part")
    handle = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(handle, 0o600)
        os.write(handle, text.encode("utf-8"))
        os.fsync(handle)
    finally:
        os.close(handle)
    os.replace(part, path)


def config_text(sections: Mapping[str, Mapping[str, str]]) -> str:
    """The config file for `sections`, as `parse_sections` reads it."""
    lines: list[str] = []
    for name, pairs in sections.items():
        lines.append(f"[{name}]")
        lines += [f'{key} = "{_quoted(value)}"' for key, value in pairs.items()]
        lines.append("")
    return "\n".join(lines)


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')
