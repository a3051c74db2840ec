"""Prints the lowest versions pyproject.toml allows, as pip constraints (`lark==1.1.9`), so CI can prove the
floors work."""

import re
import sys
from pathlib import Path

import tomllib

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
for requirement in project["dependencies"]:
    match = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9.]*)", requirement.strip())
    if match is None:
        sys.exit(f"no floor to pin in {requirement!r}: write it as name>=version")
    print(f"{match[1]}=={match[2]}")
