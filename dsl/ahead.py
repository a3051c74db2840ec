"""Everything strides ships built ahead of time, made again or checked by one command:

    python -m strides.ahead            # write what is out of date
    python -m strides.ahead --check    # exit 1, naming what is out of date, and write nothing

- the parse tables of grammar/strides.lark (`strides.grammar.build`): Lark builds them in seconds, the
  shipped parser reads them in no time;
- the card's and the page's Jinja templates compiled to Python (`strides.backends.templates_ahead`);
- the cards' fonts cut to the common scripts (`strides.backends.fonts_ahead`), read in a third of the time;
- in a source checkout, the type-check tree `typecheck/strides`: the package laid out as it is installed, in
  links to dsl/, backends/ and grammar/, so that mypy reads one package.

Each is kept where its logic lives; each module gives `stale() -> list[str]` (what is out of date, worded
for a person) and `write() -> list[str]` (what it wrote). This module only lists them, in the order they are
made (the templates and fonts do not depend on the tables, but the tree links every module there is).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path

MADE_AHEAD: dict[str, str] = {
    "parse tables": "strides.grammar.build",
    "templates": "strides.backends.templates_ahead",
    "fonts": "strides.backends.fonts_ahead",
    "type-check tree": "strides.ahead",
}

# The source checkout this module sits in, when it does (an installed package has no typecheck/ beside it).
CHECKOUT = Path(__file__).resolve().parent.parent
TREE = CHECKOUT / "typecheck" / "strides"
LAYOUT = {"": CHECKOUT / "dsl", "backends": CHECKOUT / "backends", "grammar": CHECKOUT / "grammar"}


def package_links() -> dict[str, str]:
    """Each name at the top of the laid-out package and the source it links to, relative to the tree."""
    links = {source.name: f"../../dsl/{source.name}" for source in sorted(LAYOUT[""].iterdir())
             if source.suffix in (".py", ".typed") or (source / "__init__.py").is_file()}  # modules, subpackages
    links.update({name: f"../../{source.name}" for name, source in LAYOUT.items() if name})
    return links


def stale() -> list[str]:
    if not TREE.parent.is_dir():
        return []  # an installed package: there is no tree to keep
    found = {link.name: str(link.readlink()) for link in TREE.iterdir()} if TREE.is_dir() else {}
    return [] if found == package_links() else [f"{TREE.relative_to(CHECKOUT)} does not link every module"]


def write() -> list[str]:
    if not TREE.parent.is_dir():
        return []
    TREE.mkdir(exist_ok=True)
    for old in TREE.iterdir():
        old.unlink()
    for name, target in package_links().items():
        (TREE / name).symlink_to(target)
    return [str(TREE.relative_to(CHECKOUT))]


def out_of_date(names: Sequence[str] = tuple(MADE_AHEAD)) -> list[str]:
    """What is out of date, of the parts named."""
    return [reason for name in names for reason in import_module(MADE_AHEAD[name]).stale()]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    unknown = [arg for arg in argv if arg not in ("--check", "-h", "--help")]
    if unknown or "-h" in argv or "--help" in argv:
        print(__doc__, file=sys.stdout if not unknown else sys.stderr)
        return 2 if unknown else 0
    if "--check" in argv:
        reasons = out_of_date()
        for reason in reasons:
            print(f"out of date: {reason}", file=sys.stderr)
        if reasons:
            print("run python -m strides.ahead", file=sys.stderr)
        return 1 if reasons else 0
    for module in MADE_AHEAD.values():
        made = import_module(module)
        if made.stale():
            for written in made.write():
                print(f"wrote {written}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
