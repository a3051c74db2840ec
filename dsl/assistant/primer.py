"""What an assistant reads about strides before it writes a workout: the server's instructions and each
tool's description, short enough to sit in its context, with the examples it should copy."""

from __future__ import annotations

LANGUAGE_URI = "strides://docs/language"

PRIMER = f"""\
strides reads running workouts written the way a coach writes them on a whiteboard:
    wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min
- Steps are separated by `;`, `,` or line breaks. A line `Name:` starts a named workout:
  `Thu tempo: wu 2mi; 3x8min @T r90s jog; cd 1mi`. `key = value` lines set the profile (`5k = 19:00`).
- Time: `90s` `15min` `1h15` `1:30`. Distance: `400` (a bare number on a rep is metres) `1k` `1.5mi` `mile`
  `lap`. `m` always means metres, never minutes: write `15min`, not `15m`.
- Repeats `12x400`, nested `3x(1mi @T r1min)`, groups `(1600 @10k, 800 @5k) r2min`, ladders
  `200/400/600 @5k r200 jog`. Recoveries come between reps: `r90s`, `r2min jog`, `r200` (200 m),
  `walk 1min`, `jog back`. A recovery needs its unit: `r35` is refused, write `r35s`.
- Targets: race paces `@5k` `@10k` `@hm` `@mp`; offsets `@5k-3s` (per 400 m lap), `@mp+20s/mi`;
  Daniels paces `@E` `@M` `@T` `@I` `@R`; absolute `@3:48/km` `@7:00/mi`; heart rate `@z2` `@140-150bpm`;
  efforts `all-out` `hard` `@rpe7`. Kinds: `wu` `cd` `easy` `tempo` `steady` `jog` `strides` `hill`.
- Notes in double quotes: `"on grass"`. Modifiers change the block before them: `last all-out`,
  `last 2 @5k-5s`, `reps 3,6 all-out`, `each -10s/mi` (a progression).
- Paces come from the runner's profile, given as `settings`: {{"5k": "19:00"}} (race results 1500, mile, 3k,
  5k, 10k, hm, marathon as times; or vdot), maxhr or lthr for heart rates, units km or mi. A message that
  says `--set 5k=19:00` means the `settings` argument.
Check every text before showing or pushing it, and fix each mistake at its line and column: the suggestion
says how. The full reference is the resource {LANGUAGE_URI}."""

INSTRUCTIONS = f"""\
strides checks, explains, compiles and sends running workouts written in its own small language. Never
guess its syntax from other tools: write the text, call `check`, fix what it reports, and only then
`compile`, `explain` or `push`. `push` sends nothing until it has shown a dry run of the same text and
settings, and the user has agreed to it.

{PRIMER}"""

CHECK = f"""\
Check workout text: every mistake and warning, each with its line, column, message and suggestion (as
`strides check` prints it). Call it on every text you write before you show, compile or push it; a result
with isError true means the text has mistakes.

{PRIMER}"""

EXPLAIN = """\
Each workout of the text in plain English, with the paces the profile gives, e.g. `12x400 @5k-3s r35s` with
settings {"5k": "19:00"} reads "12 × 400 m in 1:28 (5k pace −3 s/lap, 3:40/km), 35 s between reps", and the
totals of time, distance and watch steps. Use it to confirm with the user that the text means what they
asked for. The language is described with the `check` tool."""

COMPILE = """\
Compile workout text into a format: json (the resolved timeline), card (a text track card with every split),
explain, html, icu (intervals.icu's workout text), garmin (Garmin Connect's workout JSON), zwo (Zwift), and
the binary fit (a watch workout file, one per workout) and pdf (printable cards). Text formats come back in
the result; a binary format needs `path`, an absolute path the user named, where it is written whole or not
at all (for several workouts in fit, `path` is a folder, ending in /). An existing file is never replaced
unless `overwrite` is true. The language is described with the `check` tool."""

PACES = """\
The equivalent race times and the Daniels training paces (E, M, T, I, R per km and per mile) of a profile,
given as `settings` with a race result or a VDOT: {"5k": "19:00"}, {"hm": "1:28:00"}, {"vdot": 50}. These
are the paces that `@5k`, `@T` or `@E` resolve to in workout text."""

FMT = """\
The text in strides' canonical spelling: one step per line, lower-case words, units against their numbers,
settings first, a blank line before each workout name. The meaning never changes, e.g.
`WU 15 MIN; 12 X 400 @ 5K - 3S R 35 S; Last All Out` becomes `wu 15min`, `12x400 @5k-3s r35s`, `last all-out`,
each on its own line."""

PUSH = """\
Send workouts to the runner's watch: `usb` (FIT files onto a Garmin watch plugged in), `intervals`
(intervals.icu, which passes them on to the watch) or `garmin` (Garmin Connect). Preview first, always:
a call with dry_run true (the default) sends nothing and says exactly what would be sent. Show that to the
user; only when they agree, call push again with the same text, destination, settings and options and
dry_run false. A push without such a dry run before it is refused. `date` puts one workout on the calendar;
`week_of` (a Monday) puts each workout on the day its name starts with (`Tue track`). Pushing the same
workouts again changes nothing, and an edited workout replaces the one strides sent before."""
