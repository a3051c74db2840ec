"""`strides mcp`, driven in its own process over stdio by the Model Context Protocol SDK's own client: the
tools listed and called, mistakes and bad calls answered as tool results (never a crash), files written
whole and never over one that is there, and a push that sends only what a dry run of the same call showed."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

pytest.importorskip("mcp", reason="mcp is in the test extra (pip install -e '.[test]')")
import fitdecode  # noqa: E402
from fakeservices import ATHLETE, KEY, Intervals, serving  # noqa: E402
from mcp import Client  # noqa: E402
from mcp.client.stdio import StdioServerParameters, stdio_client  # noqa: E402
from mcp.shared.exceptions import MCPError  # noqa: E402
from mcp.types import CallToolResult, TextContent  # noqa: E402

import strides.assistant  # noqa: E402
from strides import api  # noqa: E402
from strides.assistant import primer  # noqa: E402
from strides.cli.main import main  # noqa: E402
from strides.language.input_limits import MAX_SOURCE_BYTES  # noqa: E402

ROOT = Path(__file__).parents[2]
TIMEOUT = 60.0
TRACK = "wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min"
WEEK = "Tue track: wu 15min; 12x400 @5k-3s r35s; cd 10min\nThu tempo: wu 2k; 3x8min @T r90s jog; cd 1k\n"
PROFILE = {"5k": "19:00"}
T = TypeVar("T")


class Server:
    """`strides mcp` in its own process and the SDK's client connected to it, used from plain synchronous
    tests: the client lives in one task of an event loop on a thread of its own, from entering to leaving."""

    def __init__(self, env: dict[str, str] | None = None, args: tuple[str, ...] = (), mode: str = "auto") -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        parameters = StdioServerParameters(command=sys.executable, args=["-m", "strides", "mcp", *args],
                                           env=env, cwd=str(ROOT))
        self.client = Client(stdio_client(parameters), mode=mode, read_timeout_seconds=TIMEOUT)
        self.entered = threading.Event()
        self.leave = asyncio.Event()
        self.holding = asyncio.run_coroutine_threadsafe(self._hold(), self.loop)
        if not self.entered.wait(TIMEOUT):
            raise AssertionError("strides mcp did not start")
        if self.holding.done():
            self.holding.result()  # the reason it did not start

    async def _hold(self) -> None:
        try:
            async with self.client:
                self.entered.set()
                await self.leave.wait()
        finally:
            self.entered.set()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(TIMEOUT)

    def call(self, tool: str, arguments: dict[str, Any] | None = None) -> CallToolResult:
        return self.run(self.client.call_tool(tool, arguments))

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.leave.set)
        self.holding.result(TIMEOUT)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(TIMEOUT)
        self.loop.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("home")  # no config file of the machine's user is read
    started = Server({"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")})
    yield started
    started.close()


def text_of(result: CallToolResult) -> str:
    [content] = result.content
    assert isinstance(content, TextContent)
    return content.text


def data_of(result: CallToolResult) -> dict[str, Any]:
    assert isinstance(result.structured_content, dict)
    return result.structured_content


def refused(result: CallToolResult) -> str:
    """The one-line message of a call answered with an error."""
    assert result.is_error
    message = text_of(result)
    assert "\n" not in message and message == data_of(result)["error"]
    return message


# ---- what the client sees -----------------------------------------------------------------------------------


def test_every_tool_is_listed_with_its_schema(server: Server) -> None:
    tools = {tool.name: tool for tool in server.run(server.client.list_tools()).tools}
    assert sorted(tools) == ["check", "compile", "explain", "fmt", "paces", "push"]
    for tool in tools.values():
        assert tool.input_schema["type"] == "object" and tool.input_schema["additionalProperties"] is False
        assert tool.description
    assert tools["check"].input_schema["required"] == ["text"]
    assert tools["compile"].input_schema["properties"]["format"]["enum"] == api.formats()
    assert "12x400 @5k-3s r35s" in (tools["check"].description or "")
    assert "dry_run" in (tools["push"].description or "")
    assert tools["check"].annotations is not None and tools["check"].annotations.read_only_hint
    assert tools["push"].annotations is not None and not tools["push"].annotations.read_only_hint


def test_the_language_reference_is_a_resource(server: Server) -> None:
    [resource] = server.run(server.client.list_resources()).resources
    assert resource.uri == primer.LANGUAGE_URI
    [content] = server.run(server.client.read_resource(primer.LANGUAGE_URI)).contents
    assert getattr(content, "text", None) == (ROOT / "docs" / "language.md").read_text(encoding="utf-8")


def test_a_resource_that_is_not_there_is_a_protocol_error(server: Server) -> None:
    with pytest.raises(MCPError, match="no resource strides://nothing"):
        server.run(server.client.read_resource("strides://nothing"))


def test_the_instructions_teach_the_language_first(server: Server) -> None:
    assert "check" in (server.client.instructions or "") and TRACK in (server.client.instructions or "")


def test_a_client_of_the_older_handshake_is_served(tmp_path: Path) -> None:
    legacy = Server({"HOME": str(tmp_path)}, mode="legacy")
    try:
        assert data_of(legacy.call("check", {"text": TRACK, "settings": PROFILE}))["ok"]
    finally:
        legacy.close()


def test_the_examples_the_tools_teach_compile() -> None:
    for example in [TRACK, "Thu tempo: wu 2mi; 3x8min @T r90s jog; cd 1mi", "3x(1mi @T r1min)",
                    "(1600 @10k, 800 @5k) r2min", "200/400/600 @5k r200 jog", "12x400 r200", "5x1k walk 1min",
                    "wu 15min easy; 4x1mi @mp+20s/mi; 6x400 @3:48/km r90s; 3x1k @7:00/mi r2min jog",
                    "6x400 @E; 4x1k @M; 3x1k @I r2min; 8x200 @R jog back", "45min @z2", "20min @140-150bpm",
                    'hill: 8x60s hard r90s; 6x20s @rpe7 "on grass"', "12x400 @5k r60s; last 2 @5k-5s",
                    "10x400 @5k r60s; reps 3,6 all-out", "6x1mi @T; each -10s/mi", "3x1mi @10k r2min; 2x800 @5k",
                    "wu 15 min steady; 4x200 strides; cd 10min tempo", "12x400 @5k-3s r35s"]:
        assert not api.check(example, {**PROFILE, "maxhr": "190"}), example
    for fragment in ["(1600 @10k, 800 @5k) r2min", "200/400/600 @5k r200 jog", "@mp+20s/mi", "@3:48/km",
                     "@7:00/mi", "@140-150bpm", "`@rpe7`", "`last 2 @5k-5s`", "`reps 3,6 all-out`", "each -10s/mi"]:
        assert fragment in primer.PRIMER
    assert api.check("12x400 @5k r35", PROFILE)[0].hint == "did you mean `r35s`? (a bare number is metres: `r200` " \
        "jogs 200 m)"
    said = "12 × 400 m in 1:28 (5k pace −3 s/lap, 3:40/km), 35 s between reps"
    assert said in " ".join(primer.EXPLAIN.split()) and said in str(api.render(api.compile(
        "12x400 @5k-3s r35s", PROFILE), "explain"))


# ---- the tools ----------------------------------------------------------------------------------------------


def test_check_says_a_text_is_fine(server: Server) -> None:
    result = server.call("check", {"text": WEEK, "settings": PROFILE})
    assert not result.is_error
    assert text_of(result) == "2 workouts ok"
    assert data_of(result) == {"ok": True, "workouts": 2, "errors": 0, "warnings": 0, "diagnostics": []}


def test_a_mistake_comes_back_with_its_place_and_suggestion(server: Server) -> None:
    result = server.call("check", {"text": "wu 15min\n12x400 @5k r35\ncd 10min", "settings": PROFILE})
    assert result.is_error
    [found] = data_of(result)["diagnostics"]
    assert (found["severity"], found["line"], found["column"], found["end_column"]) == ("error", 2, 12, 15)
    assert found["message"] == "`r35` has no unit: seconds or metres?"
    assert found["suggestion"].startswith("did you mean `r35s`?")
    assert text_of(result) == found["shown"] == (
        "<text>:2:12: `r35` has no unit: seconds or metres?\n  12x400 @5k r35\n             ^^^\n"
        "  did you mean `r35s`? (a bare number is metres: `r200` jogs 200 m)")


def test_every_mistake_is_reported_not_only_the_first(server: Server) -> None:
    result = server.call("check", {"text": "A: 12x400 @5k r35\nB: wu 20\n", "settings": PROFILE})
    assert [(d["line"], d["column"]) for d in data_of(result)["diagnostics"]] == [(1, 15), (2, 7)]


def test_settings_resolve_paces_and_a_missing_profile_is_said(server: Server) -> None:
    assert "3:40/km" in text_of(server.call("explain", {"text": "12x400 @5k-3s r35s", "settings": PROFILE}))
    missing = server.call("explain", {"text": "12x400 @5k-3s r35s"})
    assert missing.is_error and "needs a 5k time" in data_of(missing)["diagnostics"][0]["message"]
    wrong = server.call("check", {"text": "12x400 @5k r60s", "settings": {"5k": "fast"}})
    assert wrong.is_error and "`fast` is not a race time" in text_of(wrong)


def test_the_server_profile_is_used_and_a_call_overrides_it(tmp_path: Path) -> None:
    profiled = Server({"HOME": str(tmp_path)}, args=("--set", "5k=19:00"))
    try:
        assert "3:40/km" in text_of(profiled.call("explain", {"text": "12x400 @5k-3s r35s"}))
        faster = profiled.call("explain", {"text": "12x400 @5k-3s r35s", "settings": {"5k": "17:00"}})
        assert "3:40/km" not in text_of(faster) and "5 km 17:00" in text_of(faster)
    finally:
        profiled.close()


def test_explain_reads_like_the_command_line(server: Server) -> None:
    result = server.call("explain", {"text": TRACK, "settings": PROFILE})
    assert not result.is_error
    explained = str(api.render(api.compile(TRACK, PROFILE), "explain"))
    assert text_of(result) == explained == data_of(result)["explanation"]


def test_compile_gives_each_text_format(server: Server) -> None:
    workouts = api.compile(WEEK, PROFILE)
    for fmt in ("json", "card", "html", "explain"):
        result = server.call("compile", {"text": WEEK, "settings": PROFILE, "format": fmt})
        assert not result.is_error, text_of(result)
        assert data_of(result)["output"] == text_of(result) == api.render(workouts, fmt)
    for fmt in ("icu", "garmin", "zwo"):  # one file per workout
        result = server.call("compile", {"text": WEEK, "settings": PROFILE, "format": fmt})
        assert data_of(result)["outputs"] == [{"workout": w.name, "output": api.render(w, fmt)} for w in workouts]
    timeline = json.loads(data_of(server.call("compile", {"text": TRACK, "settings": PROFILE}))["output"])
    assert timeline["workouts"][0]["timeline"][1]["split"] == 88.2  # 91.2 s at 5 km pace, 3 s faster
    garmin = server.call("compile", {"text": TRACK, "settings": PROFILE, "format": "garmin"})
    assert json.loads(text_of(garmin))["sportType"]["sportTypeKey"] == "running"
    zwo = server.call("compile", {"text": TRACK, "settings": PROFILE, "format": "zwo"})
    assert ElementTree.fromstring(data_of(zwo)["outputs"][0]["output"]).tag == "workout_file"


def test_a_binary_format_needs_a_path(server: Server) -> None:
    for fmt in ("fit", "pdf"):
        assert refused(server.call("compile", {"text": TRACK, "settings": PROFILE, "format": fmt})).startswith(
            f"{fmt} is a binary format: give `path`")


def fit_steps(path: Path) -> list[str]:
    with fitdecode.FitReader(str(path)) as reader:
        return [str(frame.get_value("wkt_step_name")) for frame in reader
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step"
                and frame.has_field("wkt_step_name")]


def test_a_fit_file_is_written_where_asked_and_never_over_a_file(server: Server, tmp_path: Path) -> None:
    target = tmp_path / "track.fit"
    result = server.call("compile", {"text": TRACK, "settings": PROFILE, "format": "fit", "path": str(target)})
    assert not result.is_error and data_of(result)["written"] == [str(target)]
    assert "400 @1:28" in fit_steps(target)
    first = target.read_bytes()
    again = server.call("compile", {"text": "10x400 @5k r60s", "settings": PROFILE, "format": "fit",
                                    "path": str(target)})
    assert "already exists: nothing was written" in refused(again)
    assert target.read_bytes() == first
    replaced = server.call("compile", {"text": "10x400 @5k r60s", "settings": PROFILE, "format": "fit",
                                       "path": str(target), "overwrite": True})
    assert not replaced.is_error and target.read_bytes() != first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["track.fit"]  # no temporary file left


def test_several_workouts_go_into_a_folder_all_or_none(server: Server, tmp_path: Path) -> None:
    folder = tmp_path / "week"
    (folder).mkdir()
    (folder / "thu-tempo.fit").write_bytes(b"mine")
    arguments = {"text": WEEK, "settings": PROFILE, "format": "fit", "path": f"{folder}/"}
    assert "thu-tempo.fit already exists" in refused(server.call("compile", arguments))
    assert sorted(p.name for p in folder.iterdir()) == ["thu-tempo.fit"]  # the other was not written either
    (folder / "thu-tempo.fit").unlink()
    result = server.call("compile", arguments)
    assert data_of(result)["written"] == [str(folder / "tue-track.fit"), str(folder / "thu-tempo.fit")]
    assert "400 @1:28" in fit_steps(folder / "tue-track.fit")
    one_file = server.call("compile", {**arguments, "path": str(tmp_path / "week.fit")})
    assert "give a folder as `path`" in refused(one_file)


def test_a_pdf_card_is_written(server: Server, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is in the test extra")
    target = tmp_path / "cards.pdf"
    result = server.call("compile", {"text": WEEK, "settings": PROFILE, "format": "pdf", "card": "a6",
                                     "path": str(target)})
    assert not result.is_error, text_of(result)
    assert "Tue track" in "".join(page.extract_text() for page in pypdf.PdfReader(target).pages)


def test_a_workout_a_watch_cannot_take_is_a_diagnostic(server: Server, tmp_path: Path) -> None:
    result = server.call("compile", {"text": "30x400 @5k r60s; each -1s", "settings": PROFILE,
                                     "format": "fit", "path": str(tmp_path / "long.fit")})
    assert result.is_error and data_of(result)["diagnostics"][0]["message"] == (
        "the workout `Workout` needs 59 steps on the watch; watches accept at most 50")
    assert not (tmp_path / "long.fit").exists()


def test_paces_of_a_profile(server: Server) -> None:
    result = server.call("paces", {"settings": {"5k": "19:00"}})
    assert not result.is_error and data_of(result)["vdot"] == 52.9
    assert "T  threshold   4:04/km" in text_of(result)
    assert refused(server.call("paces", {})).startswith("give a race result or a VDOT")


def test_fmt_gives_the_canonical_spelling(server: Server) -> None:
    result = server.call("fmt", {"text": "WU 15 MIN; 12 X 400 @ 5K - 3S R 35 S; Last All Out"})
    assert data_of(result) == {"text": "wu 15min\n12x400 @5k-3s r35s\nlast all-out\n", "changed": True}
    assert server.call("fmt", {"text": "wu 15min; 12x400 r"}).is_error


# ---- bad calls ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("tool", "arguments", "said"), [
    ("check", {}, "`text` is missing"),
    ("check", {"text": 12}, "`text` takes workout text as a string, not a number"),
    ("check", {"text": ["wu 15min"]}, "not an array"),
    ("check", {"text": TRACK, "profile": PROFILE}, "unknown argument `profile`; this tool takes text, settings"),
    ("check", {"text": TRACK, "settings": ["5k=19:00"]}, "`settings` takes an object of profile settings"),
    ("check", {"text": TRACK, "settings": {"5k": True}}, "5k takes a string or a number, not a boolean"),
    ("check", {"text": TRACK, "settings": {"5k": {"time": "19:00"}}}, "not an object"),
    ("check", {"text": TRACK, "settings": {"x" * 41: "1"}}, "keys such as 5k"),
    ("check", {"text": TRACK, "settings": {f"k{i}": "1" for i in range(51)}}, "more than 50 settings"),
    ("check", {"text": TRACK, "settings": {"5k": "9" * 101}}, "a value of 1 to 100 characters"),
    ("compile", {"text": TRACK, "format": "docx"}, "`format` takes one of card, explain, fit"),
    ("compile", {"text": TRACK, "format": "fit", "path": "out/track.fit"}, "`path` takes an absolute path"),
    ("compile", {"text": TRACK, "format": "pdf", "path": "/tmp/x.pdf", "overwrite": "yes"}, "true or false"),
    ("push", {"text": TRACK}, "`to` is missing"),
    ("push", {"text": TRACK, "to": "strava"}, "`to` takes one of usb, intervals, garmin, not `strava`"),
    ("push", {"text": TRACK, "to": "intervals", "dry_run": "false"}, "`dry_run` takes true or false, not a string"),
    ("push", {"text": TRACK, "to": "intervals", "date": "8 Dec"}, "`date` takes a date written YYYY-MM-DD"),
    ("push", {"text": TRACK, "to": "intervals", "device": "/media/me/GARMIN"}, "`device` is for usb"),
    ("nothing", {"text": TRACK}, "there is no tool `nothing`"),
])
def test_a_bad_call_is_one_line_and_the_server_goes_on(server: Server, tool: str, arguments: dict[str, Any],
                                                       said: str) -> None:
    assert said in refused(server.call(tool, arguments))
    assert not server.call("fmt", {"text": "wu 15min"}).is_error


def test_a_text_over_the_size_limit_is_refused(server: Server) -> None:
    result = server.call("check", {"text": "#" + "é" * (MAX_SOURCE_BYTES // 2)})
    assert refused(result) == f"`text` is larger than {MAX_SOURCE_BYTES:,} bytes; split it into several calls"


def test_a_null_stands_for_an_argument_left_out(server: Server) -> None:
    result = server.call("compile", {"text": "wu 15min", "settings": None, "format": None, "path": None})
    assert not result.is_error and data_of(result)["format"] == "json"


def test_garbage_on_the_wire_leaves_the_server_serving(tmp_path: Path) -> None:
    """What no SDK client sends: a line that is not JSON, a call whose arguments are not an object."""
    process = subprocess.Popen([sys.executable, "-m", "strides", "mcp"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                               env={**os.environ, "HOME": str(tmp_path)})
    assert process.stdin is not None and process.stdout is not None
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    bad_call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "check", "arguments": [1]}}
    call = {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "fmt",
                                                                           "arguments": {"text": "WU 15 MIN"}}}
    lines = ["this is not json", json.dumps(initialize),
             json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
             json.dumps(bad_call), json.dumps(call)]
    killer = threading.Timer(TIMEOUT, process.kill)  # a server that stops answering fails the test, never hangs it
    killer.start()
    answers: dict[int, Any] = {}
    try:
        process.stdin.write("\n".join(lines).encode() + b"\n")
        process.stdin.flush()
        while 3 not in answers and (line := process.stdout.readline()):
            message = json.loads(line)
            answers[message.get("id")] = message
        process.stdin.close()  # the client is done: the server ends on its own
        process.wait(TIMEOUT)
    finally:
        killer.cancel()
        process.kill()
    assert process.stderr is not None
    err = process.stderr.read()
    process.stderr.close()
    process.stdout.close()
    assert answers[1]["result"]["serverInfo"]["name"] == "strides"
    assert "error" in answers[2]
    assert answers[3]["result"]["structuredContent"]["text"] == "wu 15min\n"
    assert b"Traceback" not in err
    assert process.returncode == 0


def test_a_fault_in_strides_is_a_tool_result(monkeypatch: pytest.MonkeyPatch) -> None:
    from strides.assistant import server
    from strides.assistant.tools import Session

    def broken(*args: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(server, "run_tool", broken)
    reply = server._answer(Session(), "check", {"text": TRACK})
    assert reply.error and reply.text == "strides could not finish `check` (ZeroDivisionError); this is a fault in " \
        "strides"


def test_without_the_extra_the_command_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "mcp", None)  # what an import finds when the package is not installed
    monkeypatch.delitem(sys.modules, "strides.assistant.server", raising=False)
    monkeypatch.delattr(strides.assistant, "server", raising=False)  # left by an earlier import
    assert main(["mcp"]) == 1
    assert capsys.readouterr().err == ("strides: the MCP server needs the mcp package (mcp is missing): "
                                       "pip install 'strides[mcp]'\n")


def test_a_bad_profile_on_the_command_line_stops_the_server(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mcp", "--set", "5k=fast"]) == 1
    assert capsys.readouterr().err.startswith("strides: --set 5k=fast: `fast` is not a race time")


def test_the_base_install_never_imports_the_sdk() -> None:
    code = ("import sys; from strides.cli.main import main; from strides.assistant import registry; "
            "main(['check', '-e', '12x400 r60s']); print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('mcp', 'mcp_types', 'pydantic', 'anyio', 'starlette')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.splitlines()[-1] == "[]"


# ---- push: a dry run first, then what it showed -----------------------------------------------------------


@pytest.fixture(scope="module")
def intervals(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Intervals]]:
    service = Intervals()
    home = tmp_path_factory.mktemp("home")
    with serving(service) as url:
        started = Server({"HOME": str(home), "STRIDES_INTERVALS_URL": url, "STRIDES_INTERVALS_ATHLETE": ATHLETE,
                          "STRIDES_INTERVALS_API_KEY": KEY})
        try:
            yield started, service
        finally:
            started.close()


def test_push_sends_only_what_a_dry_run_showed(intervals: tuple[Server, Intervals]) -> None:
    server, service = intervals
    call = {"text": "Tue track: 12x400 @5k-3s r35s", "to": "intervals", "settings": PROFILE, "date": "2026-12-08"}
    unseen = server.call("push", {**call, "dry_run": False})
    assert refused(unseen).startswith("push sends only what a dry run showed")
    assert service.seen == []
    preview = server.call("push", call)  # dry_run is true unless said otherwise
    assert not preview.is_error and data_of(preview)["sent"] is False
    assert [r["method"] for r in data_of(preview)["requests"]] == ["GET", "POST"]
    assert KEY not in text_of(preview) and "Nothing was sent" in text_of(preview)
    assert service.requests("POST") == []
    for changed in ({"settings": {"5k": "18:00"}}, {"date": "2026-12-09"}, {"text": "Tue track: 10x400 @5k r60s"}):
        assert refused(server.call("push", {**call, **changed, "dry_run": False})).startswith("push sends only")
    assert service.requests("POST") == []
    sent = server.call("push", {**call, "dry_run": False})
    assert not sent.is_error, text_of(sent)
    assert data_of(sent)["pushed"] == [{"name": "Tue track", "date": "2026-12-08",
                                        "destination": "intervals.icu calendar", "result": "created"}]
    assert [event["name"] for event in service.events.values()] == ["Tue track"]
    assert refused(server.call("push", {**call, "dry_run": False})).startswith("push sends only")  # previewed once


def test_a_push_that_fails_says_what_was_done(intervals: tuple[Server, Intervals]) -> None:
    server, service = intervals
    from fakeservices import Answer

    call = {"text": "Wed: 6x1k @5k r2min", "to": "intervals", "settings": PROFILE, "date": "2026-12-09"}
    server.call("push", call)
    service.fail(*[Answer(500, {"error": "down"})] * 6)
    failed = server.call("push", {**call, "dry_run": False})
    assert failed.is_error and "intervals.icu answered 500" in text_of(failed)
    assert "nothing was pushed" in text_of(failed) and data_of(failed)["sent"] is False
    service.queued.clear()


def test_push_onto_a_watch_over_usb(server: Server, tmp_path: Path) -> None:
    (tmp_path / "GARMIN").mkdir()
    call = {"text": WEEK, "to": "usb", "settings": PROFILE, "device": str(tmp_path)}
    preview = server.call("push", call)
    assert [f["name"] for f in data_of(preview)["files"]] == ["tue-track.fit", "thu-tempo.fit"]
    assert not (tmp_path / "GARMIN" / "NewFiles").exists()
    sent = server.call("push", {**call, "dry_run": False})
    assert [p["result"] for p in data_of(sent)["pushed"]] == ["copied", "copied"]
    assert "400 @1:28" in fit_steps(tmp_path / "GARMIN" / "NewFiles" / "tue-track.fit")
    assert refused(server.call("push", {**call, "date": "2026-12-08"})).startswith("`date` is for intervals")
