"""The Neovim set-up of docs/editors.md, as written there, in a headless Neovim (Debian 12's 0.7.2, or whatever
`nvim` is installed): a `.strides` file opened gets its diagnostics from `strides lsp`, a hover answers, and
formatting writes the workouts that read."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the language server needs the lsp extra (pip install -e '.[test]')")
ROOT = Path(__file__).parents[2]
NVIM = shutil.which("nvim")

# Run in Neovim once the file is open: wait for the diagnostics, ask for a hover and for formatting, and write
# what came back as JSON.
PROBE = r"""
local bufnr = vim.api.nvim_get_current_buf()
local out = { diagnostics = {}, hover = nil, formatted = nil }
vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(out.diagnostics, d.message) end
local function ask(method, params)
  local answers = vim.lsp.buf_request_sync(bufnr, method, params, 20000) or {}
  for _, answer in pairs(answers) do if answer.result then return answer.result end end
  return nil
end
local document = { uri = vim.uri_from_bufnr(bufnr) }
local hover = ask("textDocument/hover", { textDocument = document, position = { line = 3, character = 4 } })
if hover then out.hover = hover.contents.value end
local options = { tabSize = 2, insertSpaces = true }
local edits = ask("textDocument/formatting", { textDocument = document, options = options })
if edits then
  vim.lsp.util.apply_text_edits(edits, bufnr, "utf-16")
  out.formatted = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
end
local file = io.open(vim.env.STRIDES_PROBE_OUT, "w")
file:write(vim.fn.json_encode(out))
file:close()
vim.cmd("qa!")
"""

TEXT = "5k = 19:00\n\nTue track:\n  wu 15min easy\n  12x400 @5k-3s r35\n  last all-out\nThu: 3 X 1MI @ T R 2 MIN\n"


def configuration() -> str:
    """The Lua of docs/editors.md's Neovim section."""
    section = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8").split("### Neovim", 1)[1].split("###")[0]
    [lua] = re.findall(r"```lua\n(.*?)```", section, re.S)
    return str(lua)


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (apt-get install neovim)")
def test_the_documented_set_up_brings_diagnostics_hover_and_formatting(tmp_path: Path) -> None:
    assert NVIM is not None
    (tmp_path / "init.lua").write_text(configuration(), encoding="utf-8")
    (tmp_path / "probe.lua").write_text(PROBE, encoding="utf-8")
    workout = tmp_path / "week.strides"
    workout.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.json"
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                   "STRIDES_PROBE_OUT": str(out), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                   "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state"),
                   "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([NVIM, "--headless", "-n", "-i", "NONE", "-u", str(tmp_path / "init.lua"), str(workout),
                           "-c", f"luafile {tmp_path / 'probe.lua'}"], env=environment, cwd=tmp_path,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False)
    assert out.exists(), done.stderr + done.stdout
    found = json.loads(out.read_text(encoding="utf-8"))
    assert [m.split("\n")[0] for m in found["diagnostics"]] == ["`r35` has no unit: seconds or metres?"]
    assert found["hover"] == "**Warm up 15 min at easy pace (4:41–5:19/km).**\n\nabout 15 min · 3.0 km"
    assert found["formatted"] == ("5k = 19:00\n\nTue track:\n  wu 15min easy\n  12x400 @5k-3s r35\n  last all-out\n"
                                  "\nThu:\n  3x1mi @T r2min")
    assert workout.read_text(encoding="utf-8") == TEXT  # formatted in the editor, not saved
