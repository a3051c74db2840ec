"""Where the services' credentials come from: the environment first, then `~/.config/strides/config.toml`.

    [intervals]
    athlete = "i12345"
    api_key = "…"

The file is read only when no one but its owner can read it (mode 0600), since it holds keys. A key is
kept out of every message, log and repr: `Account` shows it as `***`. Every value is checked before use: the
service's URL is http(s) with a host and no user name or password in it, an athlete id is letters and digits.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import attrs

from strides.errors import StridesError

INTERVALS_URL = "https://intervals.icu"
CONFIG_FILE = "config.toml"
GARMIN_TOKENS = "garmin"  # a folder beside the config file, only the owner's
GARMIN_DOMAINS = ("garmin.com", "garmin.cn")  # the two python-garminconnect talks to
LOCKS = "locks"  # a folder beside the config file: one lock per account, so that pushes take turns
ATHLETE_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")  # `i12345`; it becomes a segment of every path


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
    where = {"athlete": "STRIDES_INTERVALS_ATHLETE", "url": "STRIDES_INTERVALS_URL"}
    if not (athlete and key):
        path = config_folder(env) / CONFIG_FILE
        section = read_config(env).get("intervals", {})
        where = {name: f"{path} ({name})" if not given else where[name]
                 for name, given in (("athlete", athlete), ("url", url))}
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
    return Account(athlete_id(athlete, where["athlete"]), api_key(key),
                   service_url(url or INTERVALS_URL, where["url"]))


def intervals_url(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return service_url(env.get("STRIDES_INTERVALS_URL", "").strip() or INTERVALS_URL, "STRIDES_INTERVALS_URL")


def service_url(text: str, where: str) -> str:
    """`https://host[:port][/path]` without a trailing slash. A user name or password in it is refused without
    showing it: the key travels in a header, to this host alone."""
    try:
        parts = urllib.parse.urlsplit(text.strip())
        port = parts.port  # a port that is not a number raises here
    except ValueError:
        parts, port = None, None
    if parts is not None and (parts.username is not None or parts.password is not None):
        raise StridesError(f"{where} holds a user name or password; strides sends the API key itself, to that "
                           "host alone: give the address without them")
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or not text.isprintable() or " " in text.strip() or port == 0):
        shown = text if text.isprintable() else repr(text)
        raise StridesError(f"{where} `{shown[:80]}` is not a web address strides can use: give one such as "
                           f"{INTERVALS_URL}")
    return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")


def athlete_id(text: str, where: str) -> str:
    """An intervals.icu athlete id (`i12345`), checked: it is a part of every request's path."""
    if not ATHLETE_ID.fullmatch(text):
        shown = text if text.isprintable() else repr(text)
        raise StridesError(f"{where} `{shown[:40]}` is not an intervals.icu athlete id: it is written like "
                           "i12345 (intervals.icu's Settings page, under Developer Settings)")
    return text


def api_key(text: str) -> str:
    """The key, checked without being shown: printable, no spaces."""
    if not text.isprintable() or any(character.isspace() for character in text) or not text.isascii():
        raise StridesError("the intervals.icu API key holds a space or a character that is not plain text: "
                           "copy it again from intervals.icu's Settings page, under Developer Settings")
    return text


def garmin_tokens(env: Mapping[str, str] | None = None) -> Path:
    """Where `strides login garmin` keeps Garmin Connect's tokens (STRIDES_GARMIN_TOKENS to change it)."""
    env = os.environ if env is None else env
    chosen = env.get("STRIDES_GARMIN_TOKENS", "").strip()
    return Path(chosen).expanduser() if chosen else config_folder(env) / GARMIN_TOKENS


def garmin_domain(env: Mapping[str, str] | None = None) -> str:
    """garmin.com, or garmin.cn for Garmin Connect China (STRIDES_GARMIN_DOMAIN): the two the library
    talks to; anything else is refused rather than taken as garmin.com."""
    env = os.environ if env is None else env
    domain = env.get("STRIDES_GARMIN_DOMAIN", "").strip() or GARMIN_DOMAINS[0]
    if domain not in GARMIN_DOMAINS:
        shown = domain if domain.isprintable() else repr(domain)
        raise StridesError(f"STRIDES_GARMIN_DOMAIN `{shown[:60]}` is neither garmin.com nor garmin.cn, the two "
                           "Garmin Connect sites strides talks to")
    return domain


def private_folder(path: Path) -> Path:
    """`path` made if need be, and only its owner's (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def write_private(path: Path, text: str) -> Path:
    """`text` into `path`, readable by its owner alone from the start (never briefly by others), whole or not
    at all. A symbolic link is written through: its target gets the text and the link stays. Returns the file
    written."""
    private_folder(path.parent)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    handle, part = _private_temporary(target.parent, target.name)
    try:
        try:
            os.write(handle, text.encode("utf-8"))
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return target


def _private_temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new file in `folder` that only its owner can read, under a name no other writer takes."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        part = folder / f".{name}.{os.urandom(6).hex()}.part"
        try:
            handle = os.open(part, flags, 0o600)
        except FileExistsError:
            continue
        os.fchmod(handle, 0o600)  # whatever the umask or a default ACL gave it
        return handle, part


@contextmanager
def account_lock(service: str, account: str, env: Mapping[str, str] | None = None,
                 waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """One push (or login) at a time per account: a lock file in the config folder, held while the block
    runs. `waiting()` is called once if another holds it."""
    from strides.delivery import watch_lock

    folder = private_folder(config_folder(env) / LOCKS)
    name = f"{service}-{hashlib.sha256(account.encode('utf-8')).hexdigest()[:16]}.lock"
    try:
        held = watch_lock.acquire(folder, lambda _: waiting() if waiting else None, name)
    except OSError as error:
        raise StridesError(f"cannot make the lock file in {folder}: {error.strerror or error}") from None
    try:
        yield
    finally:
        watch_lock.release(held)


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
