"""The cards' fonts cut down to the scripts runners write in, made ahead of time:

    python -m strides.ahead           # write backends/fonts/*-common.ttf (and whatever else is stale)
    python -m strides.ahead --check   # exit 1 if they are not what the full fonts give

fpdf2 reads the whole of a font file before the first page: for DejaVu Sans, 6,000 glyphs, over a tenth of a
second for the two weights. The common cut keeps the Latin, Greek and Cyrillic scripts, the punctuation and
the symbols a card draws, two glyphs in five, and reads in about a third of that time. A document that
holds a character outside it is set again with the full fonts (`strides.backends.cards.typeset`), so what a card
can show is what it always could. The glyphs and their widths are the full fonts' own; DejaVu's licence
allows a modified copy under a name without "Bitstream" or "Vera".
"""

from __future__ import annotations

from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"
FULL = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
COMMON_SUFFIX = "-common.ttf"
# (first, last) code points, both kept.
COMMON_RANGES = (
    (0x0020, 0x036F),  # Latin (Basic to Extended-B), IPA, spacing modifiers, combining accents
    (0x0370, 0x052F),  # Greek and Coptic, Cyrillic and its supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2000, 0x22FF),  # punctuation, super- and subscripts, currency, letterlike, number forms, arrows, maths
    (0x2500, 0x26FF),  # box drawing, blocks, geometric shapes, miscellaneous symbols (the tick box ☐)
)


def common_name(full: str) -> str:
    return full.removesuffix(".ttf") + COMMON_SUFFIX


def in_common(code: int) -> bool:
    return any(first <= code <= last for first, last in COMMON_RANGES)


def cut(full: Path) -> bytes:
    """The common cut of a font file, the same bytes each time for the same fontTools."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(full, recalcTimestamp=False)
    options = subset.Options()
    options.name_IDs, options.name_languages = ["*"], ["*"]  # the licence and the names stay
    options.layout_features = ["*"]
    options.glyph_names = True
    options.notdef_outline = True
    options.hinting = True
    options.legacy_kern = True
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's timestamps: not a font table
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[code for code in font.getBestCmap() if in_common(code)])
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def stale() -> list[str]:
    targets = {full: FONTS / common_name(full) for full in FULL}
    return [f"{target.name}: the common cut of {full}" for full, target in targets.items()
            if not target.exists() or target.read_bytes() != cut(FONTS / full)]


def write() -> list[str]:
    for full in FULL:
        (FONTS / common_name(full)).write_bytes(cut(FONTS / full))
    return [str(FONTS / common_name(full)) for full in FULL]
