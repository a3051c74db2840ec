"""`strides lsp`, driven in its own process over stdio by a real LSP client (pygls'), its JSON-RPC answers
checked: diagnostics and their ranges, hovers, completions, formatting, the outline, inlay hints and fixes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="pygls is in the test extra (pip install -e '.[test]')")
from lsp_client import Client  # noqa: E402
from lsprotocol import types as lsp  # noqa: E402

ROOT = Path(__file__).parents[2]
TRACK = (ROOT / "examples" / "track-400s.strides").read_text(encoding="utf-8")
WEEK = (ROOT / "examples" / "week.strides").read_text(encoding="utf-8")
_opened = iter(range(1_000_000))


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    started = Client()
    yield started
    started.close()


def uri() -> str:
    """A file name of its own for each document a test opens."""
    return f"file:///workouts/test-{next(_opened)}.strides"


def where(text: str, word: str, line_containing: str | None = None, offset: int = 0) -> tuple[int, int]:
    """(line, character) of `word`, on the first line holding `line_containing` (or `word`)."""
    for number, line in enumerate(text.split("\n")):
        if (line_containing or word) in line and word in line:
            return number, line.index(word) + offset
    raise AssertionError(f"{word!r} is not in the text")


def span(diagnostic: lsp.Diagnostic) -> tuple[int, int, int, int]:
    r = diagnostic.range
    return r.start.line, r.start.character, r.end.line, r.end.character


def hover_text(client: Client, name: str, text: str, word: str, offset: int = 0) -> str:
    found = client.hover(name, *where(text, word, offset=offset))
    assert found is not None
    assert isinstance(found.contents, lsp.MarkupContent)
    return found.contents.value


def apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """The text with the edits made, as an editor makes them (the last first)."""
    def offset(position: lsp.Position) -> int:
        lines = text.split("\n")
        return sum(len(line) + 1 for line in lines[: position.line]) + position.character

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


# ---- the session ----------------------------------------------------------------------------------------------
def test_initialize_names_the_server_and_what_it_answers(client: Client) -> None:
    answer = client.initialized
    assert answer.server_info is not None and answer.server_info.name == "strides"
    capabilities = answer.capabilities
    assert capabilities.hover_provider and capabilities.document_formatting_provider
    assert capabilities.document_symbol_provider and capabilities.inlay_hint_provider
    assert capabilities.completion_provider is not None
    assert list(capabilities.completion_provider.trigger_characters or ()) == ["@"]
    assert capabilities.code_action_provider is not None
    sync = capabilities.text_document_sync
    assert isinstance(sync, lsp.TextDocumentSyncOptions) and sync.change == lsp.TextDocumentSyncKind.Incremental


# ---- diagnostics ------------------------------------------------------------------------------------------------
def test_a_file_without_mistakes_has_no_diagnostics(client: Client) -> None:
    assert client.open(uri(), WEEK) == []


def test_a_mistake_is_published_at_its_caret_span_with_its_hint(client: Client) -> None:
    text = "5k = 19:00\nTue:\n  12x400 @5k-3s r35\n"
    [diagnostic] = client.open(uri(), text)
    assert span(diagnostic) == (2, 16, 2, 19)  # `r35`, as `strides check` underlines it
    assert diagnostic.severity == lsp.DiagnosticSeverity.Error and diagnostic.source == "strides"
    assert diagnostic.message == ("`r35` has no unit: seconds or metres?\n"
                                  "did you mean `r35s`? (a bare number is metres: `r200` jogs 200 m)")


def test_a_warning_is_published_as_a_warning(client: Client) -> None:
    [diagnostic] = client.open(uri(), "vdot = 50\nLong: 6h easy\n")
    assert diagnostic.severity == lsp.DiagnosticSeverity.Warning
    assert diagnostic.message.startswith("`Long` takes about 6.0 hours")
    assert span(diagnostic) == (1, 0, 1, 5)


def test_every_mistake_of_a_file_is_published_each_in_its_workout(client: Client) -> None:
    text = "5k = 19:00\nMon: 12x400 @5k r35\nTue: wu 15mn\nWed: 5x1k @T r2min\nThu: 40min eazy\n"
    diagnostics = client.open(uri(), text)
    assert sorted(span(d)[:2] for d in diagnostics) == [(1, 16), (2, 10), (4, 11)]


def test_a_syntax_error_in_one_workout_leaves_the_others_checked(client: Client) -> None:
    """`strides check` stops at a mistake in the file's syntax; the editor still checks every other workout."""
    name = uri()
    broken = WEEK.replace("4x400 @mile r200 jog", "4x400 @mile ((r200 jog")
    diagnostics = client.open(name, broken.replace("30min easy", "30min eazy"))
    assert sorted((d.range.start.line, d.message.split("\n")[0]) for d in diagnostics) == [
        (13, "unknown word `eazy`"), (17, "unexpected `((r200`")]
    outline = {s.name: s.detail for s in client.symbols(name)}
    assert outline["Tue 12 x 400"] == "about 51 min · 10.0 km · 29 steps on the watch"
    assert outline["Thu tempo"] == "has a mistake"


def test_a_bad_setting_is_said_once_where_it_is_written(client: Client) -> None:
    [diagnostic] = client.open(uri(), "maxhr = 900\nMon: 40min @z2\nTue: 30min @z1\n")
    assert span(diagnostic) == (0, 8, 0, 11) and diagnostic.message == "maxhr = 900 is outside 100–240 bpm"


def test_a_file_of_settings_alone_is_a_profile_and_is_checked_as_one(client: Client) -> None:
    assert client.open(uri(), "5k = 19:00\nmaxhr = 190\n") == []
    [diagnostic] = client.open(uri(), "5k = 19:00\nmaxhr = 9000\n")
    assert diagnostic.range.start.line == 1


def test_diagnostics_follow_each_change(client: Client) -> None:
    name = uri()
    assert client.open(name, TRACK) == []
    line, character = where(TRACK, "r35s", offset=3)
    [mistake] = client.change(name, (line, character), (line, character + 1), "")  # `r35s` -> `r35`
    assert span(mistake) == (line, character - 3, line, character)
    assert client.change(name, (line, character), (line, character), "s") == []


def test_positions_count_utf16_units_as_the_protocol_says(client: Client) -> None:
    text = 'Tue: 4x200 @5k r1min "🏃 hard" r35\n'  # the runner is two UTF-16 units
    [diagnostic] = client.open(uri(), "5k = 19:00\n" + text)
    assert span(diagnostic)[1] == text.index("r35") + 1  # one code point, two units


def test_closing_a_file_clears_its_diagnostics(client: Client) -> None:
    name, other = uri(), uri()
    assert client.open(name, "Mon: 40min eazy\n")
    client.open(other, "Mon: 40min easy\n")
    client.notify(client.client.text_document_did_close, lsp.DidCloseTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=name)))
    client.symbols(other)  # a request answered after the notification: the clearing has been sent
    assert client.published[name][-1][:2] == (None, [])


# ---- hover --------------------------------------------------------------------------------------------------------
def test_hover_over_a_step_gives_its_resolved_meaning(client: Client) -> None:
    name = uri()
    client.open(name, TRACK)
    text = hover_text(client, name, TRACK, "12x400")
    assert text.startswith("**12 × 400 m in 1:28 (5k pace −3 s/lap, 3:40/km), 35 s between reps; "
                           "the last one all-out.**")
    assert text.endswith("\n\nabout 24 min · 4.8 km")


def test_hover_over_a_pace_gives_it_per_km_and_mile_and_the_split(client: Client) -> None:
    name = uri()
    client.open(name, TRACK)
    found = client.hover(name, *where(TRACK, "@5k-3s", offset=2))
    assert found is not None and isinstance(found.contents, lsp.MarkupContent)
    assert found.contents.value.split("\n\n")[:2] == ["**@5k-3s**: 3:40/km · 5:55/mi",
                                                     "400 m in 1:28 · 200 m in 0:44"]
    line, character = where(TRACK, "@5k-3s")
    assert found.range == lsp.Range(start=lsp.Position(line=line, character=character),
                                    end=lsp.Position(line=line, character=character + 6))


def test_hover_gives_the_watch_range_in_the_profiles_units(client: Client) -> None:
    name = uri()
    text = "5k = 19:00\nunits = mi\nTue: 3x2mi @T r2min\n"
    client.open(name, text)
    found = client.hover(name, *where(text, "@T", offset=1))
    assert found is not None and isinstance(found.contents, lsp.MarkupContent)
    beeps = found.contents.value.split("\n\n")[-1]
    assert beeps.startswith("the watch beeps outside ") and beeps.endswith("/mi")


def test_hover_over_a_training_pace_and_a_heart_rate(client: Client) -> None:
    name = uri()
    text = "10k = 40:00\nmaxhr = 190\nThu: 3x8min @T r90s jog; 40min @z2\n"
    client.open(name, text)
    assert hover_text(client, name, text, "@T", 1).startswith("**@T**: 4:07/km · 6:38/mi\n\n8 min is about 1.9 km")
    assert hover_text(client, name, text, "@z2", 1) == "**@z2**: in zone 2 (114–133 bpm)"


def test_hover_over_a_setting_gives_the_vdot_and_the_pace_table(client: Client) -> None:
    name = uri()
    client.open(name, TRACK)
    text = hover_text(client, name, TRACK, "5k = 19:00")
    assert "VDOT 52.9" in text and "Training paces" in text and "T  threshold" in text


def test_hover_over_a_workout_name_gives_its_totals(client: Client) -> None:
    name = uri()
    client.open(name, TRACK)
    text = hover_text(client, name, TRACK, "Track 400s")
    assert text.startswith("**Track 400s**: about 49 min · 9.8 km · 25 steps on the watch")
    assert "2. 12 × 400 m in 1:28 (5k pace −3 s/lap, 3:40/km)" in text


def test_hover_over_a_comment_gives_nothing(client: Client) -> None:
    name = uri()
    client.open(name, TRACK)
    assert client.hover(name, 0, 3) is None


# ---- completion ----------------------------------------------------------------------------------------------
def test_after_at_come_the_paces_the_profile_resolves_with_their_values(client: Client) -> None:
    name = uri()
    client.open(name, "5k = 19:00\nTue: 12x400 @")
    items = {item.label: item for item in client.completion(name, 1, 13)}
    assert items["5k"].detail == "3:48/km · 6:07/mi — 5 km race pace"
    assert items["T"].detail is not None and items["T"].detail.startswith("4:04/km · 6:32/mi")
    assert "z2" not in items  # no maxhr or lthr: no heart-rate zones
    assert items["all-out"].kind == lsp.CompletionItemKind.Keyword
    edit = items["5k"].text_edit
    assert isinstance(edit, lsp.TextEdit) and edit.new_text == "5k"
    assert edit.range == lsp.Range(start=lsp.Position(line=1, character=13), end=lsp.Position(line=1, character=13))


def test_a_pace_half_typed_is_replaced_whole(client: Client) -> None:
    name = uri()
    client.open(name, "5k = 19:00\nmaxhr = 190\nTue: 40min @z")
    items = {item.label: item for item in client.completion(name, 2, 13)}
    assert items["z2"].detail == "114–133 bpm — heart-rate zone 2"
    edit = items["z2"].text_edit
    assert isinstance(edit, lsp.TextEdit) and edit.range.start.character == 12


def test_after_a_number_come_units(client: Client) -> None:
    name = uri()
    client.open(name, "Tue: wu 15")
    items = {item.label: item for item in client.completion(name, 0, 10)}
    assert {"15s", "15min", "15m", "15k", "15mi"} <= set(items)
    edit = items["15min"].text_edit
    assert isinstance(edit, lsp.TextEdit) and (edit.range.start.character, edit.new_text) == (8, "15min")
    assert items["15min"].kind == lsp.CompletionItemKind.Unit


def test_after_r_come_the_recovery_forms(client: Client) -> None:
    name = uri()
    client.open(name, "Tue: 12x400 @5k r")
    labels = [item.label for item in client.completion(name, 0, 17)]
    assert {"r90s", "r2min jog", "r200 jog", "r1:1", "r full"} <= set(labels)


def test_where_a_step_starts_come_kinds_and_snippets_of_sessions(client: Client) -> None:
    name = uri()
    client.open(name, "5k = 19:00\nTue:\n  \n")
    items = {item.label: item for item in client.completion(name, 2, 2)}
    assert {"wu", "cd", "easy", "jog", "strides", "last"} <= set(items)
    snippet = items["track 12x400"]
    assert snippet.kind == lsp.CompletionItemKind.Snippet
    assert snippet.insert_text_format == lsp.InsertTextFormat.Snippet
    assert isinstance(snippet.text_edit, lsp.TextEdit)
    assert snippet.text_edit.new_text == "${1:12}x${2:400} @${3:5k}-${4:3}s r${5:35}s"
    assert snippet.detail == "12x400 @5k-3s r35s"


def test_above_the_workouts_come_the_settings(client: Client) -> None:
    name = uri()
    client.open(name, "\nTue: 5x1k @T\n")
    labels = {item.label for item in client.completion(name, 0, 0)}
    assert {"5k", "maxhr", "units", "vdot"} <= labels


def test_an_editor_without_snippets_gets_plain_text() -> None:
    plain = Client(snippets=False)
    try:
        name = uri()
        plain.open(name, "Tue:\n  \n")
        snippet = next(item for item in plain.completion(name, 1, 2) if item.label == "track 12x400")
        assert snippet.insert_text_format == lsp.InsertTextFormat.PlainText
        assert isinstance(snippet.text_edit, lsp.TextEdit) and snippet.text_edit.new_text == "12x400 @5k-3s r35s"
    finally:
        plain.close()


# ---- formatting, outline, inlay hints, fixes --------------------------------------------------------------------
def test_formatting_gives_the_canonical_spelling(client: Client) -> None:
    name = uri()
    text = "WU 15 MIN; 12 X 400 @ 5K - 3S R 35 S; Last All Out"
    client.open(name, text)
    edits = client.formatting(name)
    assert edits is not None
    assert apply(text, edits) == "wu 15min\n12x400 @5k-3s r35s\nlast all-out\n"


def test_a_canonical_file_needs_no_formatting_and_a_broken_one_is_left_as_typed_and_said(client: Client) -> None:
    canonical = uri()
    client.open(canonical, "wu 15min\n12x400 @5k-3s r35s\n")
    edits = client.formatting(canonical)
    assert edits is not None and list(edits) == []
    broken = uri()
    client.open(broken, "wu 15min; 12x400 ((")
    edits = client.formatting(broken)
    assert edits is not None and list(edits) == []
    assert client.messages[-1].endswith("left as typed, with a mistake: the lines above the first name (line 1)")


def test_the_outline_lists_each_workout_with_its_steps(client: Client) -> None:
    name = uri()
    client.open(name, WEEK)
    outline = client.symbols(name)
    assert [s.name for s in outline] == ["Mon easy", "Tue 12 x 400", "Wed recovery", "Thu tempo",
                                         "Fri rest day strides", "Sat fartlek", "Sun long"]
    tuesday = outline[1]
    assert tuesday.kind == lsp.SymbolKind.Event and tuesday.detail.startswith("about 51 min")
    assert (tuesday.range.start.line, tuesday.range.end.line) == (7, 11)
    assert tuesday.selection_range == lsp.Range(start=lsp.Position(line=7, character=0),
                                                end=lsp.Position(line=7, character=13))
    assert [c.name for c in tuesday.children] == ["wu 15min easy", "4x100 strides", "12x400 @5k-3s r35s",
                                                  "last all-out", "cd 10min easy"]


def test_inlay_hints_give_the_split_after_each_rep_and_totals_after_a_name(client: Client) -> None:
    name = uri()
    client.open(name, TRACK)
    found = {(h.position.line, h.position.character): h.label for h in client.inlay_hints(name, 0, 20)}
    line, _ = where(TRACK, "12x400")
    assert found[(line, len(TRACK.split("\n")[line]))] == "= 1:28"
    assert found[where(TRACK, "Track 400s:", offset=len("Track 400s:"))] == "49 min · 9.8 km"
    assert len(found) == 2  # easy running has a range, not a split


def test_a_suggestion_is_one_click_away(client: Client) -> None:
    name = uri()
    text = "5k = 19:00\nTue: wu 15mn; 12x400 @5k r35; cd 10min\n"
    diagnostics = client.open(name, text)
    assert [d.range.start.character for d in diagnostics] == [10, 25]  # every mistake of the workout
    [action] = client.code_actions(name, diagnostics[0])
    assert action.title == "Write `min`" and action.kind == lsp.CodeActionKind.QuickFix and action.is_preferred
    [edit] = action.edit.changes[name]
    fixed = apply(text, [edit])
    assert fixed == "5k = 19:00\nTue: wu 15min; 12x400 @5k r35; cd 10min\n"
    [next_mistake] = client.change(name, (edit.range.start.line, edit.range.start.character),
                                   (edit.range.end.line, edit.range.end.character), edit.new_text)
    [action] = client.code_actions(name, next_mistake)
    assert action.title == "Write `r35s`"
    [edit] = action.edit.changes[name]
    assert client.change(name, (edit.range.start.line, edit.range.start.character),
                         (edit.range.end.line, edit.range.end.character), edit.new_text) == []


def test_a_hint_that_would_not_mend_the_mistake_is_no_fix(client: Client) -> None:
    name = uri()
    diagnostics = client.open(name, "5k: 19:00\nTue: 5x1k @5k\n")  # each hint shows `5k = 19:00`
    assert [d.range.start.line for d in diagnostics] == [0, 1]
    for diagnostic in diagnostics:
        assert "`5k = 19:00`" in diagnostic.message
        assert client.code_actions(name, diagnostic) == []


# ---- the profile from outside the file --------------------------------------------------------------------------
def test_the_profile_can_come_from_the_command_line_and_the_editor() -> None:
    text = "Tue: 12x400 @5k r60s; 40min @z2\n"
    bare = Client(["--set", "5k=19:00"], options={"settings": {"maxhr": "190"}})
    try:
        name = uri()
        assert bare.open(name, text) == []
        assert hover_text(bare, name, text, "@5k", 1).startswith("**@5k**: 3:48/km")
    finally:
        bare.close()


def test_without_pygls_the_command_says_how_to_install_it() -> None:
    script = ("import sys; sys.modules['pygls'] = None; sys.modules['pygls.lsp.server'] = None\n"
              "from strides.cli.main import main; sys.exit(main(['lsp']))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "pip install 'strides[lsp]'" in result.stderr and "Traceback" not in result.stderr


def test_a_file_over_the_size_limit_is_one_diagnostic(client: Client) -> None:
    text = "5k = 19:00\n" + "Tue: 12x400 @5k-3s r35s; cd 10min; wu 10min easy; 3x1mi @T r1min jog\n" * 15_000
    [diagnostic] = client.open(uri(), text)
    assert diagnostic.message == "the input is larger than 1,000,000 bytes; split it into several files"
    assert span(diagnostic) == (0, 0, 0, 0)


def test_hover_over_the_target_of_a_recovery(client: Client) -> None:
    name = uri()
    text = "5k = 19:00\nTue: 10x200 @mile float 200 @mp\n"
    client.open(name, text)
    assert hover_text(client, name, text, "@mp", 1).startswith("**@mp**: 4:19/km · 6:56/mi\n\n200 m in 0:52")


# ---- checking piece by piece (in process) ----------------------------------------------------------------------
def test_an_edit_rechecks_only_the_workout_it_changes() -> None:
    from strides.editor.document import Cache, analyse

    cache = Cache()
    analyse(WEEK, "week.strides", {}, cache)
    assert cache.checked == 7
    analyse(WEEK.replace("30min easy", "35min easy"), "week.strides", {}, cache)
    assert cache.checked == 8
    analyse(WEEK.replace("maxhr = 190", "maxhr = 185"), "week.strides", {}, cache)
    assert cache.checked == 15  # a setting above every workout changes them all


@pytest.mark.parametrize(("mistake", "fixed"), [
    ("r35s", "r35"), ("15min", "15mn"), ("@T", "@TT"), ("30min easy", "30min eazy"), ("maxhr = 190", "maxhr = 900"),
    ("@mile", "@mile-3"), ("2x(90s", "2x(90s r35")])
def test_where_the_file_parses_each_workout_alone_says_what_strides_check_says(mistake: str, fixed: str) -> None:
    import strides
    from strides.editor.document import analyse

    text = WEEK.replace(mistake, fixed, 1)
    said = {(m.start[0] + 1, m.start[1] + 1, m.message) for m in analyse(text, "week.strides").marks}
    assert said == {(d.line, d.column, d.message) for d in strides.check(text, filename="week.strides")}
    assert said


SECTIONS = """5k = 19:00
Tue 6x800 @5k + strides:
  Warm-up: 15 min easy
  Main set: 6x800 @5k w/ 400 jog
  Cool-down: 10 min
Wed easy:
  30min easy r10q
"""


def test_section_labels_and_names_with_targets_split_the_file_as_the_parser_does() -> None:
    import strides
    from strides.editor.document import HEADER, analyse, classify

    assert [classify(line) for line in SECTIONS.splitlines()[1:3]] == [HEADER, "steps"]
    said = {(m.start[0] + 1, m.start[1] + 1, m.message) for m in analyse(SECTIONS, "plan.strides").marks}
    assert said == {(d.line, d.column, d.message) for d in strides.check(SECTIONS, filename="plan.strides")}
    assert said == {(7, 17, "unknown unit `q` in `10q`")}
