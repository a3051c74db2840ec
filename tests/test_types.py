"""The package is typed (`mypy --strict`) and lint-clean (ruff), checked as part of the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
# The installed package `strides` is laid out over three folders (pyproject's package-dir); mypy reads
# packages from one tree, so typecheck/strides lays the package out as it is installed, with relative links
# to the sources, and pyproject's [tool.mypy] `files` points at it: a bare `mypy` checks the package.
LAYOUT = {"": ROOT / "dsl", "backends": ROOT / "backends", "grammar": ROOT / "grammar"}
TREE = ROOT / "typecheck" / "strides"


def package_links() -> dict[str, str]:
    """Each name in the laid-out package and the source it links to, relative to the tree."""
    links = {source.name: f"../../dsl/{source.name}" for source in sorted(LAYOUT[""].iterdir())
             if source.suffix in (".py", ".typed") or (source / "__init__.py").is_file()}  # modules, subpackages
    links.update({name: f"../../{source.name}" for name, source in LAYOUT.items() if name})
    return links


def write_tree() -> None:
    """Lay typecheck/strides out again (run `python tests/test_types.py` after adding a module)."""
    TREE.mkdir(parents=True, exist_ok=True)
    for old in TREE.iterdir():
        old.unlink()
    for name, target in package_links().items():
        (TREE / name).symlink_to(target)


def test_the_typecheck_tree_lays_out_every_module() -> None:
    found = {link.name: str(link.readlink()) for link in TREE.iterdir()}
    assert found == package_links(), "typecheck/strides is stale: run python tests/test_types.py"


def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy", reason="mypy is in the test extra")
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is in the test extra")
    result = subprocess.run([ruff, "check", "--no-cache", str(ROOT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


if __name__ == "__main__":
    write_tree()
