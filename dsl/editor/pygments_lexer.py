"""A Pygments lexer for strides files, found by Pygments through the `pygments.lexers` entry point:
`pygmentize -l strides week.strides`, or a ```` ```strides ```` block in a Markdown document.

Pygments is not needed by strides itself; this module is imported only by Pygments.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups, words  # type: ignore[import-untyped,unused-ignore]
from pygments.token import (  # type: ignore[import-untyped,unused-ignore]
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

_KINDS = ("warm-up", "warmup", "warm up", "cool-down", "cooldown", "cool down", "wu", "cd", "running", "run",
          "easy", "tempo", "steady", "jogging", "jogs", "jog", "jg", "walking", "walks", "walk", "float", "rests",
          "rest", "recovery", "between", "off", "strides", "stride", "hills", "hill", "sprints", "sprint", "drills",
          "drill", "stretching", "stretch", "race", "time trial", "time-trial", "timetrial", "tt")
_EFFORTS = ("all-out", "all out", "allout", "max", "hard", "moderate", "fast")
_AFTER = r"(?![\w\-])"
_NUMBER = r"\d+(?::\d\d){0,2}(?:\.\d+)?|\.\d+"
_UNIT_WORDS = (r"k|km|kms|kilometres?|kilometers?|m|metres?|meters?|mi|miles?|min|mins|minutes?|s|sec|secs|seconds?"
               r"|h|hr|hrs|hours?|laps?|bpm")
# `-3s`, ` + 20s/mi`: an offset of a pace is seconds, or anything per a distance
_OFFSET = (r"[+\-−][^\S\n]*\d+(?:\.\d+)?[^\S\n]*"
           r"(?:(?:s|sec|secs|seconds?)(?![a-z])(?:[^\S\n]*/[^\S\n]*[a-z0-9]+)?|[a-z]*[^\S\n]*/[^\S\n]*[a-z0-9]+)")
# `Warm-up:`, `Main set:`, `Set 2:`: a part of the session, not a workout's name (strides.language.lexicon)
_SECTION = (r"(?:warm[- ]?up|wu|cool[- ]?down|cd|main(?:[^\S\n]+(?:set|session))?|session|set(?:[^\S\n]+\d+)?|workout"
            r"|drills|strides|(?:rep|block)[^\S\n]+\d+|(?:first|second|third|last|final)[^\S\n]+set)[^\S\n]*:")


_PLAN_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|am|pm|day[^\S\n]+\d+|\d{4}-\d\d-\d\d"


class StridesLexer(RegexLexer):  # type: ignore[misc,unused-ignore]
    """Workouts as written on the whiteboard: `wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min`."""

    name = "strides"
    aliases: ClassVar[list[str]] = ["strides"]
    filenames: ClassVar[list[str]] = ["*.strides"]
    mimetypes: ClassVar[list[str]] = ["text/x-strides"]
    url = "https://pypi.org/project/strides/"
    flags = re.MULTILINE | re.IGNORECASE

    tokens: ClassVar[dict[str, list[Any]]] = {
        "root": [
            (r"[^\S\n]+", Whitespace),
            (r"\n", Whitespace),
            (r"#.*?$", Comment.Single),
            (rf"^([^\S\n]*)({_SECTION})(?=\s|$|#)", bygroups(Whitespace, Name.Label)),
            # a name line, `Tue track:`; a colon before a digit (1:30) never ends one
            # (the grammar's HEADER: a name may hold `@`, digits and `+`)
            (r'^([^\S\n]*)([^\s#;="“”(][^\n#;="“”]*?:)(?=\s|$|#)', bygroups(Whitespace, Name.Function)),
            # a plan's week header, and the days of a week on one line (docs/plans.md)
            (r"^([^\S\n]*)(week[^\S\n]+(?:\d+|of[^\S\n]+\d{4}-\d\d-\d\d)[^\n#:;|]*:?)",
             bygroups(Whitespace, Name.Function)),
            (rf"([;|/])([^\S\n]*)((?:{_PLAN_DAY})[^\S\n]*:)(?=\s|$)", bygroups(Punctuation, Whitespace, Name.Function)),
            (r"^([^\S\n]*)([A-Za-z0-9_.][A-Za-z0-9_. \t\-]*?)([^\S\n]*)(=)([^\S\n]*)([^\n#]*)",
             bygroups(Whitespace, Name.Attribute, Whitespace, Operator, Whitespace, Number)),
            (r"\d+(?:\.\d+)?['′](?:[^\S\n]*\d+(?:\.\d+)?[\"″])?|\d+(?:\.\d+)?[\"″]", Number),  # 45" 2' 1'30"
            (r'"[^"\n]*"|“[^”\n]*”', String),
            (r"@", Operator, "target"),
            (r"at(?=[^\S\n])", Operator.Word, "target"),  # `at 5k pace`, as prose writes `@`
            (r"(\d+(?:[^\S\n]*[-–][^\S\n]*\d+)?)([^\S\n]*)([x×])(?![a-z])", bygroups(Number, Whitespace, Operator)),
            (rf"(r)([^\S\n]*)(?=\d|\.\d|(?:full|equal){_AFTER})", bygroups(Keyword.Reserved, Whitespace)),
            (rf"w/|with{_AFTER}", Keyword.Reserved),
            (rf"(each)([^\S\n]*)({_OFFSET}|[+\-−][^\S\n]*\d+(?:\.\d+)?[a-z]*)",
             bygroups(Keyword.Reserved, Whitespace, Number)),
            (words(("last", "first", "reps", "rep", "each"), suffix=_AFTER), Keyword.Reserved),
            (words(("back", "full", "equal", "open", "laps", "lap", "mile", "pace", "parkrun", "on", "in", "and",
                    "per", "to"), suffix=_AFTER), Keyword),
            (words(_KINDS, suffix=_AFTER), Keyword.Type),
            (words(_EFFORTS, suffix=_AFTER), Keyword.Constant),
            (r"(rpe)([^\S\n]*)(\d+(?:\.\d+)?)", bygroups(Keyword.Constant, Whitespace, Number)),
            (rf"(?-i:[EMTIR]){_AFTER}", Name.Constant),  # Daniels' `2 E + 6 x 1 k I`
            (r"\d:\d(?!\d)", Number),  # r1:1
            # 400m, 15-20min, 300-600-900 (a dash ladder), 3-min, 1 k, 800 metres
            (rf"(?:{_NUMBER})(?:[^\S\n]*[-–][^\S\n]*(?:{_NUMBER}))*(?:-(?=[a-z]))?"
             rf"(?:[a-z%]+|[^\S\n]+(?:{_UNIT_WORDS}){_AFTER})?", Number),
            (r"[;,()+/|]", Punctuation),
            (r"[\"'′″%]", Punctuation),  # a mark or a sign on its own, as the reference shows them
            (r"[a-z][\w\-]*", Name),  # a word strides does not know: `strides check` says so
        ],
        "target": [
            (r"[^\S\n]+", Whitespace),
            (words(_EFFORTS, suffix=_AFTER), Keyword.Constant, "#pop"),
            (r"(rpe)([^\S\n]*)(\d+(?:\.\d+)?)", bygroups(Keyword.Constant, Whitespace, Number), "#pop"),
            (rf"half[- ]?marathon{_AFTER}|marathon{_AFTER}", Name.Constant, ("#pop", "paced")),
            (r"(?:\d+[a-z]*|[a-z][a-z0-9]*(?:-[a-z]+)?)(?=[^\S\n]*\.\.)", Name.Constant),  # @10k..5k
            (words(("1500m", "1500", "3k", "2mi", "5k", "8k", "10k", "15k", "10mi"), suffix=r"(?![\w:./])"),
             Name.Constant, ("#pop", "paced")),
            # @3:48/km, @7:00/mi, @1:28, @3:40-3:45/km, @88s, @140-150bpm
            (rf"(?:{_NUMBER})(?:[^\S\n]*[-–][^\S\n]*(?:{_NUMBER}))?[a-z%]*(?:[^\S\n]*/[^\S\n]*[a-z0-9]+)?",
             Number, ("#pop", "paced")),
            (r"\.\.", Operator),
            (r"[a-z][a-z0-9]*(?:-[a-z]+)?", Name.Constant, ("#pop", "paced")),
            (r"", Text, "#pop"),
        ],
        # after a pace: `pace`, ` per mile`, an offset (`-3s`, ` + 20s/mi`), or the other end (`to hm`, `-5k`)
        "paced": [
            (r"([^\S\n]+)(to)([^\S\n]+)", bygroups(Whitespace, Operator.Word, Whitespace), ("#pop", "target")),
            (rf"([^\S\n]*)(pace){_AFTER}", bygroups(Whitespace, Keyword)),
            (r"([^\S\n]+)(per)([^\S\n]+)([a-z0-9]+)", bygroups(Whitespace, Keyword, Whitespace, Name.Constant)),
            (rf"([^\S\n]*)({_OFFSET})", bygroups(Whitespace, Number), "#pop"),
            (r"[-–](?=[0-9a-z])", Operator, ("#pop", "target")),  # @3k-5k
            (r"", Text, "#pop"),
        ],
    }
