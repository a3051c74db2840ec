"""A roster: the athletes of a squad, each with the profile settings a strides file takes, in groups.

    lap = 400                          # before any athlete: for the whole squad
    Group A: units = km                # a group's settings, on its line or on the lines below it
    Alice: 5k = 19:00, maxhr = 188     # an athlete: name, colon, settings separated by `,` or `;`
    Ben: 10k = 41:30, units = mi, intervals = i12345

An athlete belongs to the group named above it; athletes before the first group belong to none. Later
settings win: the squad's, then the group's, then the athlete's own. Every value is read by the profile's
own reader (`strides.meaning.profile.runner_from`), so a mistake is pointed at where it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs

from strides.errors import Span, StridesError, normalise_newlines, refuse_invisible
from strides.language.ast import Setting
from strides.meaning.profile import Runner, runner_from, setting_key

GROUP_WORD = "group"
ACCOUNT_KEY = "intervals"  # an athlete's intervals.icu account: `intervals = i12345` or `i12345:KEY`
MAX_NAME = 60
_NAME = re.compile(r"[^\S\n]*([^\s#=:,;][^#=:\n]*?)[^\S\n]*:(?![0-9])")
_PAIR = re.compile(r"[^\S\n]*([A-Za-z0-9_.][A-Za-z0-9_. \t\-]*?)[^\S\n]*=[^\S\n]*([^,;#\n]*?)[^\S\n]*(?=[,;#\n]|$)")


@attrs.frozen
class Account:
    """An athlete's intervals.icu account as the roster gives it; the key may come from the environment."""

    athlete: str
    key: str = attrs.field(default="", repr=lambda _: "***")


@attrs.frozen
class Athlete:
    name: str
    group: str  # "" for none
    settings: tuple[Setting, ...]  # the squad's, the group's, then the athlete's own: later ones win
    span: Span | None = attrs.field(default=None, eq=False)
    account: Account | None = None

    @property
    def runner(self) -> Runner:
        return runner_from(self.settings)


@attrs.frozen
class Roster:
    athletes: tuple[Athlete, ...]
    groups: tuple[str, ...]  # in the order written
    shown_text: str  # the text as messages may show it: every key written over with `*`


class RosterMistakes(StridesError):
    """Every mistake of a roster, each at its place; the message is the first one's. `shown_text` is the
    roster as the messages show it, keys hidden."""

    def __init__(self, mistakes: Sequence[StridesError], shown_text: str = "") -> None:
        first = mistakes[0]
        super().__init__(first.message, first.span, first.hint)
        self.mistakes = tuple(mistakes)
        self.shown_text = shown_text


def read_roster(text: str) -> Roster:
    """The athletes of a roster written in strides' own style; RosterMistakes names every mistake."""
    text = normalise_newlines(text)
    reader = Reader(text)
    for number, start, line in _lines(text):
        reader.line(number, start, line)
    return reader.roster()


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    start = 0
    for number, line in enumerate(text.split("\n"), 1):
        yield number, start, line
        start += len(line) + 1


def span_of(number: int, line_start: int, column: int, length: int) -> Span:
    """The span of `length` characters from `column` (0-based) of line `number`, which starts at `line_start`."""
    return Span(number, column + 1, line_start + column, line_start + column + max(1, length))


class Reader:
    """Reads a roster line by line, keeping the mistakes and going on after each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.squad: list[Setting] = []
        self.groups: dict[str, tuple[list[Setting], Span]] = {}
        self.group = ""
        self.athletes: dict[str, Athlete] = {}
        self.mistakes: list[StridesError] = []

    def line(self, number: int, start: int, line: str) -> None:
        body = line.split("#", 1)[0]
        if not body.strip():
            return
        named = _NAME.match(body)
        try:
            if named is None:
                self.settings_for_group(self._settings(number, start, body, 0))
                return
            name, rest = named[1], named.end()
            where = span_of(number, start, named.start(1), len(name))
            try:
                settings = self._settings(number, start, body, rest)
            except StridesError as error:  # the name still counts: a second one of it is a mistake too
                self.mistakes.append(error)
                settings = []
            words = name.split(None, 1)
            if words[0].lower() == GROUP_WORD and len(words) == 2:
                self.new_group(words[1], where, settings)
            else:
                self.new_athlete(name, where, settings, self.group)
        except StridesError as error:
            self.mistakes.append(error)

    def _settings(self, number: int, start: int, body: str, at: int) -> list[Setting]:
        """The `key = value` pairs of a line from column `at`, separated by `,` or `;`."""
        settings: list[Setting] = []
        while body[at:].strip(" \t,;"):
            pair = _PAIR.match(body, at)
            if pair is None:
                column = at + len(body[at:]) - len(body[at:].lstrip(" \t,;"))
                raise StridesError(f"`{body[column:].strip()[:40]}` is not a setting",
                                   span_of(number, start, column, len(body[column:].rstrip())),
                                   "write `key = value`, as in `5k = 19:00`; an athlete's line starts `Name:`")
            key, value = pair[1], pair[2]
            settings.append(Setting(key, value, span_of(number, start, pair.start(1), pair.end() - pair.start(1)),
                                    span_of(number, start, pair.start(2), len(value))))
            at = pair.end()
            at += body[at:at + 1] in (",", ";")
        return settings

    def settings_for_group(self, settings: list[Setting]) -> None:
        self._check(settings, athlete=False)
        (self.groups[self.group][0] if self.group else self.squad).extend(settings)

    def new_group(self, name: str, where: Span, settings: list[Setting]) -> None:
        name = name.strip()
        refuse_invisible(name, where, "a group's name")
        if name.casefold() in (g.casefold() for g in self.groups):
            earlier = next(span for g, (_, span) in self.groups.items() if g.casefold() == name.casefold())
            raise StridesError(f"the group `{name}` is already on the roster, at line {earlier.line}", where)
        self._check(settings, athlete=False)
        self.groups[name] = (settings, where)
        self.group = name

    def new_athlete(self, name: str, where: Span, settings: list[Setting], group: str) -> None:
        refuse_invisible(name, where, "a name")
        if len(name) > MAX_NAME:
            raise StridesError(f"a name is at most {MAX_NAME} characters", where)
        earlier = self.athletes.get(name.casefold())
        if earlier is not None:
            line = earlier.span.line if earlier.span else "?"
            raise StridesError(f"`{name}` is already on the roster, at line {line}", where,
                               "give each athlete a name of their own (`Alice B.`)")
        self.athletes[name.casefold()] = Athlete(name, group, (), where)  # taken, even if a setting is wrong
        account = self._account(settings)
        own = [s for s in settings if setting_key(s.key) != ACCOUNT_KEY]
        self._check(own, athlete=True)
        shared = self.groups[group][0] if group else []
        self.athletes[name.casefold()] = Athlete(name, group, (*self.squad, *shared, *own), where, account)

    def _account(self, settings: list[Setting]) -> Account | None:
        found = [s for s in settings if setting_key(s.key) == ACCOUNT_KEY]
        if not found:
            return None
        setting = found[-1]
        athlete, colon, key = setting.value.partition(":")
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", athlete.strip()) or (colon and not key.strip()):
            raise StridesError("an intervals.icu account is written `intervals = i12345` (the key then comes "
                               "from the environment) or `intervals = i12345:KEY`", setting.value_span)
        return Account(athlete.strip(), key.strip())

    def _check(self, settings: list[Setting], athlete: bool) -> None:
        """Each setting read on its own, where it was written (their mix is read once the roster is whole)."""
        for setting in settings:
            if setting_key(setting.key) == ACCOUNT_KEY and not athlete:
                raise StridesError("an intervals.icu account belongs to one athlete: write it on their line",
                                   setting.span)
            runner_from([setting])

    def roster(self) -> Roster:
        athletes = tuple(self.athletes.values())
        if not self.mistakes and not athletes:
            self.mistakes.append(StridesError("there is no athlete on this roster: write one a line, as in "
                                              "`Alice: 5k = 19:00`"))
        shown = hide_keys(self.text)
        if self.mistakes:
            raise RosterMistakes(self.mistakes, shown)
        return Roster(athletes, tuple(self.groups), shown)


_KEY = re.compile(r"(\bintervals[^\S\n]*=[^\S\n]*[^\s:,;#]*:)([^,;#\n]*)", re.IGNORECASE)


def hide_keys(text: str) -> str:
    """The text with every key (`intervals = i12345:KEY`) written over with `*`, found before anything else
    is read so that no message can show one; positions stay where they were."""
    return _KEY.sub(lambda found: found[1] + "*" * len(found[2]), text)
