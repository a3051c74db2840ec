"""The lowest versions pyproject.toml allows, so CI can prove the floors work.

    python .ci/floors.py           # pip constraints: `lark==1.1.9`, one per dependency
    python .ci/floors.py --tests   # the test tools that install beside those floors

The language-server tools (pygls, lsprotocol) need a newer attrs than strides' own floor, and mypy, ruff and
Playwright check the code, not the dependencies: those are left out, and their tests skip with a reason.
"""

import re
import sys
from pathlib import Path

import tomllib

NOT_WITH_THE_FLOORS = ("pygls", "lsprotocol", "mypy", "ruff", "playwright")

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
if sys.argv[1:] == ["--tests"]:
    for requirement in project["optional-dependencies"]["test"]:
        if re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0] not in NOT_WITH_THE_FLOORS:
            print(requirement)
    sys.exit()
for requirement in project["dependencies"]:
    match = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9.]*)", requirement.strip())
    if match is None:
        sys.exit(f"no floor to pin in {requirement!r}: write it as name>=version")
    print(f"{match[1]}=={match[2]}")
