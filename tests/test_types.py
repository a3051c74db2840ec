"""The package is typed (`mypy --strict`) and lint-clean (ruff), checked as part of the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
# The installed package `strides` is laid out over three folders (pyproject's package-dir); mypy reads
# packages from one tree, so the test lays the package out as it is installed, with links to the sources.
LAYOUT = {"": ROOT / "dsl", "backends": ROOT / "backends", "grammar": ROOT / "grammar"}


def package_tree(folder: Path) -> Path:
    package = folder / "strides"
    package.mkdir()
    for source in LAYOUT[""].iterdir():
        if source.suffix in (".py", ".typed") or (source / "__init__.py").is_file():  # modules and subpackages
            (package / source.name).symlink_to(source)
    for name, source in LAYOUT.items():
        if name:
            (package / name).symlink_to(source, target_is_directory=True)
    return folder


def test_mypy_strict_is_clean(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is in the test extra")
    tree = package_tree(tmp_path)
    config = ROOT / "pyproject.toml"
    result = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(config), "-p", "strides"],
                            cwd=tree, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is in the test extra")
    result = subprocess.run([ruff, "check", "--no-cache", str(ROOT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
