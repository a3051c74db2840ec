"""The cards' fonts cut down to the scripts runners write in, made ahead of time:

    python -m strides.backends.fonts_ahead           # write backends/fonts/*-common.ttf
    python -m strides.backends.fonts_ahead --check   # exit 1 if they are not what the full fonts give

fpdf2 reads the whole of a font file before the first page: for DejaVu Sans, 6,000 glyphs, over a tenth of a
second for the two weights. The common cut keeps the Latin, Greek and Cyrillic scripts, the punctuation and
the symbols a card draws, two glyphs in five, and reads in about a third of that time. A document that
holds a character outside it is set again with the full fonts (`strides.backends.cards.typeset`), so what a card
can show is what it always could. The glyphs and their widths are the full fonts' own; DejaVu's licence
allows a modified copy under a name without "Bitstream" or "Vera".
"""

from __future__ import annotations

import sys
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


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check the common fonts, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for full in FULL:
        data, target = cut(FONTS / full), FONTS / common_name(full)
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(target.name)
        else:
            target.write_bytes(data)
    if stale:
        print(f"out of date: {', '.join(stale)} (run python -m strides.backends.fonts_ahead)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
