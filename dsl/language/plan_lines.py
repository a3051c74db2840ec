"""A training plan's structure, read from the file's lines before its workouts are parsed.

Week headers (`Week 3 (base)`, `Week of 2027-01-04`), phases (`Build`, `Phase 2: build`), days (`Tue:`,
`Tuesday:`, `2027-01-05:`, `Tue 5 Jan:`, `Day 3:`), rest days (`Mon: rest`), doubles (`PM:`), weeks on one line
(`Mon: rest; Tue: 8x400 @5k; Wed: 5mi easy`) and the anchors `start = DAY` and `race = DAY words`.

The workouts themselves are left to the parser: the reader hands it the same text with the plan's own words
blanked out (every offset, line and column stays where it was), the first workout of each line keeping its day
label as its name line. A week on one line is parsed as one workout and cut into days afterwards by the place
of each step (`split`). A file with none of this structure is no plan, and is compiled exactly as before.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

import attrs

from strides.errors import Span, StridesError, normalise_newlines
from strides.language import ast
from strides.language.lexicon import section_label

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_WORDS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2, "thu": 3,
    "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
_WD = (r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?"
       r"|sun(?:day)?)\.?")
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
        r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_ISO = r"\d{4}-\d{2}-\d{2}"
# A day as plans write it, longest forms first; then an optional title (`Tue track:`), then the colon.
_DAY = (rf"(?P<iso>{_ISO})|(?P<wd1>{_WD}),?\s+(?P<d1>\d{{1,2}})\s+(?P<m1>{_MON})|(?P<wd2>{_WD}),?\s+(?P<m2>{_MON})\s+"
        rf"(?P<d2>\d{{1,2}})|day\s+(?P<num>\d{{1,3}})|(?P<wd>{_WD})|(?P<session>am|pm|a\.m\.|p\.m\.)")
_LABEL = re.compile(rf"(?:(?P<sep>[;|/])|(?<![\w@.:/-]))(?P<gap>[^\S\n]*)"
                    rf"(?P<label>(?:{_DAY})(?P<title>[^\S\n]+[^\W\d][^:;|/#\n=\"]*?)?)"
                    r"[^\S\n]*:(?=[^\S\n]|$)", re.I)
_WEEK = re.compile(rf"^[^\S\n]*week[^\S\n]+(?:(?P<number>\d{{1,3}})|of[^\S\n]+(?P<of>{_ISO}))(?P<rest>[^\n]*)$", re.I)
_PHASE_WORDS = r"base|build|peak|taper|recovery|sharpen(?:ing)?|race[ -]specific|foundation|transition|speed|endurance"
_PHASE = re.compile(rf"^[^\S\n]*(?:phase[^\S\n]+(?P<n>\d+)(?:[^\S\n]*[:—–-][^\S\n]*(?P<named>[^\n#]+?))?|(?P<word>"
                    rf"{_PHASE_WORDS})(?:[^\S\n]+phase)?)[^\S\n]*:?[^\S\n]*(?:#[^\n]*)?$", re.I)
_ANCHOR = re.compile(r"^[^\S\n]*(?P<key>start|race)[^\S\n]*=[^\S\n]*(?P<value>[^\s#]*)(?P<words>[^\n#]*)(?:#[^\n]*)?$",
                     re.I)
_HEADER = re.compile(r"^[^\S\n]*(?P<name>[^\s#;=\"“”(][^\n#;=\"“”]*?):(?=[^\S\n]|$|#)")
_SETTING = re.compile(r"^[^\S\n]*[^\s#;=\"“”(][^\n#;=\"“”:]*=")
_REST = re.compile(r"(?:complete[ -])?(?:rest|off|ct|day off|cross|cross[ -]?train(?:ing)?|xt|easy walk|walk|yoga|"
                   r"strength(?: training)?|swim|bike|cycle|stretch(?:ing)?)\b[^\d]*", re.I)
_CELLS = re.compile(r"[^|\n]+")
_WEEKDAY_CELL = re.compile(rf"[^\S\n]*(?P<wd>{_WD})[^\S\n]*", re.I)
_WEEK_CELL = re.compile(r"[^\S\n]*(?:week|wk)?[^\S\n]*(?P<n>\d{1,3})[^\S\n]*", re.I)
_PLAN_HINT = re.compile(rf"^[^\S\n]*(?:week[^\S\n]+(?:\d|of[^\S\n]+{_ISO})|(?:start|race)[^\S\n]*=[^\S\n]*{_ISO})",
                        re.I | re.M)


@attrs.frozen
class WeekLines:
    """A week header as written: its number, the phase it falls in, the Monday it names."""

    number: int
    phase: str | None
    week_of: dt.date | None
    span: Span | None
    note: str | None = None  # `Week 6 — lighter, with a 5 km race`: words about this week only


@attrs.frozen
class DayLabel:
    """How a day is named: by weekday, by date (with or without its year), or by number."""

    text: str
    weekday: int | None = None
    date: dt.date | None = None
    day_month: tuple[int, int] | None = None  # `Tue 5 Jan`: the year comes from the plan's dates
    number: int | None = None  # `Day 3`
    span: Span | None = None


@attrs.frozen
class DayLines:
    """A day of the plan: its week (an index into the weeks), its label, and its rest, if it is one."""

    week: int
    label: DayLabel
    rest: str | None = None


@attrs.frozen
class SessionLines:
    """One workout of a day, starting at `start` (its label's offset); `title` from `Tue track:` or `PM:`."""

    day: int
    start: int
    line: int
    title: str | None
    name: str
    written: str = ""  # the line it is written on, for a calendar's note


@attrs.frozen
class Anchor:
    """`start = 2027-01-04` or `race = 2027-04-18 marathon`."""

    key: str
    date: dt.date
    words: str
    span: Span


@attrs.frozen
class PlanLines:
    """What the reader found: the text left for the parser, the weeks, days, workouts and anchors."""

    text: str
    weeks: tuple[WeekLines, ...]
    days: tuple[DayLines, ...]
    sessions: tuple[SessionLines, ...]
    anchors: tuple[Anchor, ...]
    mistakes: tuple[StridesError, ...]


def is_plan(text: str) -> bool:
    """Whether a file is written as a plan: a week header, an anchor, a table of weeks or a week on one line."""
    if _PLAN_HINT.search(text) or any(_table_head(line) for line in text.splitlines() if line.count("|") >= 5):
        return True
    return any(any(label["sep"] in (";", "|") for label in _LABEL.finditer(line)) for line in text.splitlines()
               if _LABEL.match(line))


def read_plan(source: str) -> PlanLines | None:
    """The plan in `source`, or None when it is written as workouts only."""
    text = normalise_newlines(source)
    if not is_plan(text):
        return None
    reader = _Reader(text)
    reader.read()
    return PlanLines("".join(reader.chars), tuple(reader.weeks), tuple(reader.days), tuple(reader.sessions),
                     tuple(reader.anchors), tuple(reader.mistakes))


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = list(text)
        self.weeks: list[WeekLines] = []
        self.days: list[DayLines] = []
        self.sessions: list[SessionLines] = []
        self.anchors: list[Anchor] = []
        self.mistakes: list[StridesError] = []
        self.phase: str | None = None
        self.open = False  # whether lines of steps continue the last workout
        self.implicit_week = False  # days written before any week header make weeks of their own
        self.line = 0
        self.at = 0
        self.columns: list[int | None] | None = None  # a table's weekday per column, once its head is read

    def read(self) -> None:
        at = 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            self.line, self.at = number, at
            self._line(line)
            at += len(line) + 1

    def span(self, start: int, end: int) -> Span:
        return Span(self.line, start + 1, self.at + start, self.at + max(end, start + 1))

    def blank(self, start: int, end: int) -> None:
        for index in range(self.at + start, self.at + end):
            self.chars[index] = " "

    def _line(self, line: str) -> None:
        body = line.split("#", 1)[0] if '"' not in line else line
        if not body.strip():
            return
        if "|" in line and self._table(line):
            return
        self.columns = None
        if (anchor := _ANCHOR.match(line)) and re.fullmatch(_ISO, anchor["value"] or ""):
            self._anchor(anchor)
        elif week := _WEEK.match(line):
            self._week(week, line)
        elif phase := _PHASE.match(line):
            self.phase = (phase["named"] or phase["word"] or f"phase {phase['n']}").strip().lower()
            self.blank(0, len(line))
            self.open = False
        elif (day := _LABEL.match(line)) and not day["sep"]:
            self._days(line, 0)
        elif (header := _HEADER.match(line)) and not section_label(header["name"])[0]:
            self._named(header, line)
        elif _SETTING.match(line):
            return
        elif not self.open:
            self.mistakes.append(StridesError("steps that belong to no day of the plan",
                                              self.span(len(line) - len(line.lstrip()), len(line.rstrip())),
                                              "start the workout with its day: `Tue: 8x400 @5k r200`"))
            self.blank(0, len(line))

    def _table(self, line: str) -> bool:
        """A plan printed as a table: a head naming the days (`| Week | Mon | Tue | … |`), then one row a week
        (`| 1 | Off | 30 min run | … |`), each cell that day's workout; other columns (totals) are left out."""
        cells = [(m.start(), m.group()) for m in _CELLS.finditer(line)]
        head = _table_head(line)
        if head is not None:
            self.columns = head
            self.blank(0, len(line))
            return True
        if self.columns is None:
            return False
        if re.fullmatch(r"[\s|:+-]*", line):  # `|---|---|`
            self.blank(0, len(line))
            return True
        number = _WEEK_CELL.fullmatch(cells[0][1]) if cells else None
        if number is None:
            return False
        self.weeks.append(WeekLines(int(number["n"]), self.phase, None, self.span(cells[0][0], cells[0][0] + 1)))
        self.implicit_week, self.open = False, False
        self.blank(0, len(line))
        header_written = False
        for (start, cell), weekday in zip(cells[1:], self.columns[1:], strict=False):
            words = cell.strip()
            if weekday is None or not words:
                continue
            label = DayLabel(WEEKDAYS[weekday].title(), weekday, span=self.span(start, start + len(cell)))
            self.days.append(DayLines(len(self.weeks) - 1, label))
            if _REST.fullmatch(words):
                self.days[-1] = attrs.evolve(self.days[-1], rest=words)
                continue
            for index in range(start, start + len(cell)):
                self.chars[self.at + index] = line[index]
            if header_written:
                self.chars[self.at + start - 1] = ";"
            else:  # the parser needs a name line: written over the blanked start of the row
                self.chars[self.at], self.chars[self.at + 1] = "x", ":"
                header_written = True
            self._session(len(self.days) - 1, start if header_written else 0, None)
        return True

    def _anchor(self, anchor: re.Match[str]) -> None:
        span = self.span(anchor.start("value"), anchor.end("value"))
        try:
            day = dt.date.fromisoformat(anchor["value"])
        except ValueError:
            self.mistakes.append(StridesError(f"`{anchor['value']}` is no day of the calendar", span))
        else:
            self.anchors.append(Anchor(anchor["key"].lower(), day, anchor["words"].strip(), span))
        self.blank(0, anchor.end())

    def _week(self, week: re.Match[str], line: str) -> None:
        number = int(week["number"]) if week["number"] else len(self.weeks) + 1
        of = None
        if week["of"]:
            try:
                of = dt.date.fromisoformat(week["of"])
            except ValueError:
                self.mistakes.append(StridesError(f"`{week['of']}` is no day of the calendar",
                                                  self.span(week.start("of"), week.end("of"))))
        rest = week["rest"]
        days_at = _LABEL.search(line, week.start("rest"))
        if days_at is not None and days_at["sep"] == "/":
            days_at = None
        named = rest[: days_at.start() - week.start("rest")] if days_at else rest
        remark = _week_phase(named.split("#", 1)[0])
        phase = re.match(rf"(?:{_PHASE_WORDS})\b", remark or "", re.I)
        if phase:  # `Week 3 (base)`: the phase from this week on; other words are this week's note
            self.phase = phase.group(0).lower()
        note = remark if remark and remark != self.phase else None
        self.weeks.append(WeekLines(number, self.phase, of, self.span(0, week.end("rest")), note))
        self.implicit_week, self.open = False, False
        self.blank(0, days_at.start() + len(days_at["sep"] or "") if days_at else len(line))
        if days_at is not None:
            self._days(line, days_at.start())

    def _named(self, header: re.Match[str], line: str) -> None:
        """`Long run:` under a day: another workout on that day."""
        if not self.days or self.days[-1].rest is not None:
            self.mistakes.append(StridesError(f"`{header['name'].strip()}` is on no day of the plan",
                                              self.span(header.start("name"), header.end("name")),
                                              "put a day before it: `Sat: ` or `Sat long run:`"))
            self.blank(0, len(line))
            return
        title = " ".join(header["name"].split())
        self._session(len(self.days) - 1, header.start("name"), title)
        self.open = True

    def _days(self, line: str, start: int) -> None:
        """The days (and doubles) a line holds, from `start`: each label, what follows it up to the next one.
        After the first, a label starts a day only after `;` or `|` (`/` for a double, `/ PM:`)."""
        labels = [label for label in _LABEL.finditer(line, start) if label.start() == start or self._apart(label)]
        kept_before = False  # a workout's steps stand earlier on this line
        for index, label in enumerate(labels):
            end = labels[index + 1].start() if index + 1 < len(labels) else len(line)
            content = line[label.end():end]
            if label["sep"] and label.start() != start:
                self.chars[self.at + label.start("sep")] = ";" if kept_before else " "
            kind = self._label(label)
            if kind is None:
                self.blank(label.start(), end)
                continue
            words = content.split("#", 1)[0].strip() if '"' not in content else content.strip()
            if kind == "session" or not _REST.fullmatch(words or "-"):
                if not words and index + 1 < len(labels):
                    self.mistakes.append(StridesError(f"`{label['label'].strip()}:` has no workout", self.span(
                        label.start("label"), label.end()), "write its workout, or `rest`"))
                    self.blank(label.start(), end)
                    continue
                self._session(len(self.days) - 1, label.start("label"), _title(label))
                if kept_before:
                    self.blank(label.start("gap"), label.end())
                kept_before, self.open = True, True
            else:
                self.days[-1] = attrs.evolve(self.days[-1], rest=words)
                self.blank(label.start("gap"), end)
                self.open = False

    def _apart(self, label: re.Match[str]) -> bool:
        """Whether a label after the first stands apart from the steps before it; one that does not is
        refused (and read as steps, which the parser refuses too)."""
        if label["sep"]:
            return True
        if label["wd"] or label["num"] or label["iso"] or label["wd1"] or label["wd2"]:
            self.mistakes.append(StridesError(
                f"`{label['label'].strip()}:` stands among the steps of the day before it",
                self.span(label.start("label"), label.end()),
                "on a week written on one line, put `;` or `|` between the days"))
        return False

    def _label(self, label: re.Match[str]) -> str | None:
        """The day a label names, added to the days ("day"), or a second workout of the last day ("session")."""
        span = self.span(label.start("label"), label.end("label"))
        if label["session"]:
            if not self.days or self.days[-1].rest is not None:
                self.mistakes.append(StridesError(f"`{label['session']}:` is on no day of the plan", span,
                                                  "write it after its day: `Tue: 8x400 @5k r200 / PM: 30min easy`"))
                return None
            return "session"
        read = _day_label(label, span)
        if isinstance(read, StridesError):
            self.mistakes.append(read)
            return None
        if not self.weeks or self.implicit_week and self._starts_week(read):
            self.weeks.append(WeekLines(len(self.weeks) + 1, self.phase, None, None))
            self.implicit_week = True
        self.days.append(DayLines(len(self.weeks) - 1, read))
        return "day"

    def _starts_week(self, label: DayLabel) -> bool:
        """Without week headers, a weekday that comes no later than the one before starts the next week."""
        if label.weekday is None or not self.days or self.days[-1].week != len(self.weeks) - 1:
            return False
        before = self.days[-1].label.weekday
        return before is not None and label.weekday <= before

    def _session(self, day: int, start: int, title: str | None) -> None:
        label = self.days[day].label
        week = self.weeks[self.days[day].week].number
        shown = f"Day {label.number}" if label.number is not None else (
            WEEKDAYS[label.weekday].title() if label.weekday is not None else label.text)
        name = " ".join(part for part in (f"Week {week}", shown, title) if part)
        written = self.text[self.at:].split("\n", 1)[0].strip()
        self.sessions.append(SessionLines(day, self.at + start, self.line, title, name, written))


def _table_head(line: str) -> list[int | None] | None:
    """The weekday of each column of a table's head, when at least five of its cells name days."""
    cells = [cell for cell in _CELLS.findall(line)]
    days = [_WEEKDAY_CELL.fullmatch(cell) for cell in cells]
    if sum(day is not None for day in days) < 5:
        return None
    return [_WEEKDAY_WORDS[day["wd"].lower().rstrip(".")] if day else None for day in days]


def _title(label: re.Match[str]) -> str | None:
    if label["session"]:
        return label["session"].replace(".", "").upper()
    return " ".join(label["title"].split()) if label["title"] else None


def _week_phase(words: str) -> str | None:
    """`(base)`, `— taper`, `: build phase`: the phase a week header names."""
    words = words.strip().strip(":—–-").strip().strip("()").strip()
    return words.lower() or None


def _day_label(label: re.Match[str], span: Span) -> DayLabel | StridesError:
    text = label["label"].strip()
    weekday_word = label["wd"] or label["wd1"] or label["wd2"]
    weekday = _WEEKDAY_WORDS[weekday_word.lower().rstrip(".")] if weekday_word else None
    if label["iso"]:
        try:
            date = dt.date.fromisoformat(label["iso"])
        except ValueError:
            return StridesError(f"`{label['iso']}` is no day of the calendar", span)
        return DayLabel(text, date.weekday(), date, span=span)
    if label["num"]:
        return DayLabel(text, number=int(label["num"]), span=span)
    month_word, day_text = label["m1"] or label["m2"], label["d1"] or label["d2"]
    if month_word:
        month, day = _MONTHS[month_word.lower().rstrip(".")], int(day_text)
        if not 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
            return StridesError(f"`{text}`: {month_word} has no day {day}", span)
        return DayLabel(text, weekday, day_month=(day, month), span=span)
    return DayLabel(text, weekday, span=span)


def split(sources: Sequence[ast.WorkoutSource], plan: PlanLines,
          mistakes_in: Callable[[int, int], list[StridesError]]) -> list[tuple[int, ast.WorkoutSource]]:
    """The parser's workouts cut into the plan's: (session index, workout), each named as the plan names it.
    A step goes to the last workout whose label stands before it. The parser keeps one mistake a workout; a
    line of several days with a mistake is read again (`mistakes_in(start, end)`) for each day's own."""
    starts = [session.start for session in plan.sessions]
    first_of_line: dict[int, int] = {}
    for index, session in enumerate(plan.sessions):
        first_of_line.setdefault(session.line, index)
    made: list[tuple[int, ast.WorkoutSource]] = []
    for source in sources:
        first = first_of_line.get(source.span.line) if source.span is not None else None
        if first is None:
            continue  # nothing but settings: the plan's own words are blanked out
        parts: dict[int, list[ast.Element]] = {first: []}
        for element in source.elements:
            at = element.span.start if element.span is not None else starts[first]
            parts.setdefault(max(first, _last_before(starts, at)), []).append(element)
        owned: dict[int, StridesError] = {}
        if source.mistake is not None:
            after = next((i for i in sorted(first_of_line.values()) if i > first), len(starts))
            end = starts[after] if after < len(starts) else len(plan.text)
            found = mistakes_in(starts[first], end) if after - first > 1 else []
            for mistake in found or [source.mistake]:
                at = mistake.span.start if mistake.span is not None else starts[first]
                owned.setdefault(max(first, _last_before(starts, at)), mistake)
                parts.setdefault(max(first, _last_before(starts, at)), [])
        for index, elements in sorted(parts.items()):
            made.append((index, attrs.evolve(source, name=plan.sessions[index].name, elements=tuple(elements),
                                             mistake=owned.get(index))))
    return made


def _last_before(starts: list[int], at: int) -> int:
    return max(0, bisect_right(starts, at) - 1)


__all__: Sequence[str] = ("PlanLines", "is_plan", "read_plan", "split")
