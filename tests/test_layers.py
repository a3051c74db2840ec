"""The package's layering, as docs/architecture.md draws it, checked on the imports the sources write.

Each concern is a sub-package; a package may import only those below it. The compiler (language and
meaning, with the words every surface says) imports no command line, editor, delivery or backend; the backends
read the model and the phrasebook; delivery and the editor are clients of the compiler and the backends; the
command line sits on top.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SOURCES = {"strides": ROOT / "dsl", "strides.backends": ROOT / "backends", "strides.grammar": ROOT / "grammar"}

# What each part of the package may import, besides itself and the shared bottom (errors, diagnostics, files,
# names, record). A part missing from a set is forbidden to it, wherever the import is written.
BOTTOM = {"errors", "diagnostics", "files", "messages", "names", "record", "sources", "grammar"}
ALLOWED: dict[str, set[str]] = {
    **{part: set() for part in BOTTOM},
    "language": {"meaning"},
    "meaning": {"language"},
    "words": {"meaning"},
    "pipeline": {"language", "meaning"},
    "api": {"pipeline", "meaning", "backends"},
    "backends": {"meaning", "words", "pipeline"},
    "review": {"language", "meaning", "words", "pipeline", "backends", "api"},
    "importers": {"language", "meaning", "words", "pipeline", "backends", "api"},
    "delivery": {"language", "meaning", "words", "pipeline", "backends", "api"},
    "editor": {"language", "meaning", "words", "pipeline", "backends", "api", "strides"},
    "assistant": {"language", "meaning", "words", "pipeline", "backends", "api", "delivery", "strides"},
    "squad": {"language", "meaning", "words", "pipeline", "backends"},
    "cli": {"*"},
    "ahead": {"*"},  # the command that makes the shipped parts again: a tool of the checkout
    "__main__": {"cli"},
    "strides": {"api", "meaning", "pipeline"},  # the package's own __init__: the public names
}


def _module_of(path: Path) -> str:
    for package, folder in sorted(SOURCES.items(), key=lambda item: -len(item[0])):
        if path.is_relative_to(folder):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            return ".".join([package, *parts])
    raise AssertionError(path)


def _part(module: str) -> str:
    """`strides.language.parse` -> `language`; `strides.errors` -> `errors`; `strides` -> `strides`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "strides"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "strides":
                found.update(f"strides.{alias.name}" for alias in node.names)
            elif node.module.startswith("strides."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("strides."))
    return found


def _sources() -> list[Path]:
    return [path for folder in SOURCES.values() for path in sorted(folder.rglob("*.py"))
            if "compiled" not in path.parts]


def test_each_part_imports_only_what_lies_below_it() -> None:
    wrong = []
    for path in _sources():
        here = _part(_module_of(path))
        allowed = ALLOWED.get(here)
        assert allowed is not None, f"{path}: a part of the package docs/architecture.md does not place"
        for module in _imports(path):
            there = _part(module)
            if there in (here, *BOTTOM) or "*" in allowed or there in allowed or module == "strides.__version__":
                continue
            wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_compiling_loads_no_command_line_editor_delivery_or_backend() -> None:
    program = ("import sys, strides\n"
               "strides.compile('wu 15min; 12x400 @5k-3s r35s; cd 10min', {'5k': '19:00'})\n"
               "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('strides'))))\n")
    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    parts = {_part(module) for module in loaded.split()}
    assert not parts & {"cli", "editor", "delivery", "backends", "review", "importers", "assistant"}, loaded


@pytest.mark.parametrize("part", ["language", "meaning", "words"])
def test_the_compiler_imports_no_surface(part: str) -> None:
    assert not ALLOWED[part] & {"cli", "editor", "delivery", "backends", "review", "importers", "assistant"}
