"""The VS Code extension packs into a `.vsix` with `vsce package` and no flags (no question asked), holding
its licence, its grammar and the language client, and none of what only its tests use."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

VSCODE = Path(__file__).parents[2] / "editors" / "vscode"


def vsce() -> list[str]:
    """The command that packs an extension: `vsce` installed for the whole machine, or the extension's own."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed (apt-get install nodejs npm)")
    found = shutil.which("vsce") or shutil.which("vsce", path=str(VSCODE / "node_modules" / ".bin"))
    if found is None:
        pytest.skip("vsce is not installed (npm install -g @vscode/vsce)")
    if not (VSCODE / "node_modules" / "vscode-languageclient").is_dir():
        pytest.skip("the extension's dependencies are not installed (npm install in editors/vscode)")
    return [found]


def test_vsce_packs_the_extension_without_a_flag_or_a_question(tmp_path: Path) -> None:
    command = vsce()
    folder = tmp_path / "vscode"
    shutil.copytree(VSCODE, folder, ignore=shutil.ignore_patterns("*.vsix"))
    done = subprocess.run([*command, "package"], cwd=folder, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    [package] = folder.glob("*.vsix")
    with zipfile.ZipFile(package) as vsix:
        names = set(vsix.namelist())
    assert {"extension/package.json", "extension/extension.js", "extension/LICENSE.txt", "extension/readme.md",
            "extension/syntaxes/strides.tmLanguage.json", "extension/language-configuration.json",
            "extension/node_modules/vscode-languageclient/package.json"} <= names
    assert not [name for name in names if "vscode-textmate" in name or "vscode-oniguruma" in name or ".vscode/" in name]
