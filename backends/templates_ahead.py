"""The Jinja templates of the card and the page, compiled to Python ahead of time.

    python -m strides.ahead           # rewrite templates/compiled/ (and whatever else is stale)
    python -m strides.ahead --check   # exit 1 when it is out of date

Jinja compiles a template to Python when it is first used: reading it, generating the code and compiling that
is a tenth of a year's plan printed as cards, every run. Compiled here once, the templates are modules of the
package like any other (Python keeps their bytecode), loaded with Jinja's own ModuleLoader. Each set records
the Jinja version and a checksum of its sources and options: when either differs (another Jinja, a template
edited), the templates are compiled from their sources as before, and the sync test fails until they are
written again.
"""

from __future__ import annotations

import binascii
import shutil
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

SOURCES = Path(__file__).with_name("templates")
COMPILED = SOURCES / "compiled"
STAMP = "STAMP"


class Templates:
    """A set of templates and the environment they are rendered in."""

    def __init__(self, name: str, templates: tuple[str, ...], filters: Mapping[str, Callable[..., Any]],
                 **options: Any) -> None:
        self.name, self.templates, self.filters, self.options = name, templates, dict(filters), options

    @cached_property
    def environment(self) -> jinja2.Environment:
        """The environment, its templates loaded from their compiled modules when those are fresh."""
        loader: jinja2.BaseLoader = (jinja2.ModuleLoader(self.folder) if self.fresh()
                                     else jinja2.FileSystemLoader(SOURCES))
        return self._environment(loader)

    def get_template(self, name: str) -> jinja2.Template:
        return self.environment.get_template(name)

    @property
    def folder(self) -> Path:
        return COMPILED / self.name

    def stamp(self) -> str:
        """What the compiled modules are of: the Jinja that compiled them, and the sources and options."""
        sources = "\n".join(f"{name}\n{(SOURCES / name).read_text(encoding='utf-8')}" for name in self.templates)
        options = repr(sorted((key, repr(value)) for key, value in self.options.items()))
        checksum = binascii.crc32(f"{options}\n{sources}".encode())
        return f"jinja2 {jinja2.__version__}\n{checksum:08x}\n"

    def fresh(self) -> bool:
        try:
            return (self.folder / STAMP).read_text(encoding="utf-8") == self.stamp()
        except OSError:  # not written, or the sources cannot be read: compile from the sources
            return False

    def write(self) -> None:
        """Compile the templates into their folder, with the stamp."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self._environment(jinja2.FileSystemLoader(SOURCES)).compile_templates(
            self.folder, zip=None, filter_func=lambda name: name in self.templates, ignore_errors=False,
            log_function=lambda _: None)
        (self.folder / STAMP).write_text(self.stamp(), encoding="utf-8")

    def _environment(self, loader: jinja2.BaseLoader) -> jinja2.Environment:
        environment = jinja2.Environment(loader=loader, **self.options)
        environment.filters.update(self.filters)
        return environment


# The browser editor's page (`strides serve`): a page like the others, shipped compiled beside them.
SERVE_TEMPLATES = Templates("serve", ("serve_page.html.j2",), {}, autoescape=True, keep_trailing_newline=True)


def every_set() -> tuple[Templates, ...]:
    from strides.backends.cards.text import CARD_TEMPLATES
    from strides.backends.page.html import PAGE_TEMPLATES

    return CARD_TEMPLATES, PAGE_TEMPLATES, SERVE_TEMPLATES


def made_by() -> str:
    """The Jinja that compiled the shipped templates, as their stamp names it (`jinja2 3.1.6`)."""
    try:
        return (COMPILED / "card" / STAMP).read_text(encoding="utf-8").split("\n")[0]
    except OSError:
        return "nothing"


def stale() -> list[str]:
    return [f"the compiled templates of {templates.name}" for templates in every_set() if not templates.fresh()]


def write() -> list[str]:
    for templates in every_set():
        templates.write()
    return [str(templates.folder) for templates in every_set()]
