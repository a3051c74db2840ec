"""The squad sheet as a web page: the same tables as the printed sheet (strides.backends.cards.squad), one
per workout, self-contained (no network), deterministic."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from strides.backends.cards.squad import Cell, Sheet, group_text
from strides.names import slug

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#111}
h2{margin:2rem 0 .2rem}
p.all,p.groups,p.left{color:#444;margin:.2rem 0}
table{border-collapse:collapse;margin:.6rem 0}
th,td{padding:.3rem .8rem;text-align:left;vertical-align:bottom}
thead th{border-bottom:2px solid #777;font-size:.9rem}
thead small{display:block;font-weight:normal;color:#555}
tbody tr:nth-child(even){background:#eee}
td.split b{font-size:1.25rem}
td small{color:#555}
td.tick{width:3rem}
td.tick span{display:inline-block;width:1rem;height:1rem;border:1px solid #333}
@media print{body{margin:0}h2{break-before:page}}
"""


def render_page(sheets: Sequence[Sheet]) -> str:
    body = Markup("\n").join(_sheet(s) for s in sheets)
    title = escape(", ".join(s.name for s in sheets))
    return (f"<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n"
            f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _sheet(found: Sheet) -> Markup:
    parts = [Markup('<section id="{}">\n<h2>{}</h2>').format(slug(found.name), found.name)]
    if found.same:
        parts.append(Markup('<p class="all">all: {}</p>').format(" · ".join(found.same)))
    heads = [Markup("<th>athlete</th>")]
    for column in found.columns:
        small = [text for text in (column.recovery, "split · 200 m" if column.track else "") if text]
        heads.append(Markup("<th>{}{}</th>").format(
            column.title, Markup("").join(Markup("<small>{}</small>").format(s) for s in small)))
    heads += [Markup("<th>total</th>"), Markup("<th>✓</th>")]
    rows = []
    for line in found.lines:
        cells = Markup("").join(_cell(cell) for cell in line.cells)
        rows.append(Markup('<tr><th scope="row">{}</th>{}<td>{}</td><td class="tick"><span></span></td></tr>')
                    .format(line.name, cells, line.total))
    parts.append(Markup("<table>\n<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody>\n</table>").format(
        Markup("").join(heads), Markup("\n").join(rows)))
    parts += [Markup('<p class="groups">{}</p>').format(group_text(g, found.columns)) for g in found.groups]
    if found.left_out:
        parts.append(Markup('<p class="left">not on this sheet (their profile cannot pace it): {}</p>')
                     .format(", ".join(found.left_out)))
    parts.append(Markup("</section>"))
    return Markup("\n").join(parts)


def _cell(cell: Cell) -> Markup:
    half = Markup(" <small>{}</small>").format(cell.half) if cell.half else Markup("")
    recovery = Markup("<br><small>{}</small>").format(cell.recovery) if cell.recovery else Markup("")
    return Markup('<td class="split"><b>{}</b>{}{}</td>').format(cell.split, half, recovery)
