"""Tighten the bundled Noto Sans Arabic's line metrics for a touch screen.

    pip install fonttools && python scripts/arabic_font_metrics.py

Noto Sans Arabic declares an ascent of 1374 and a descent of 738 units (2.11 em): room for the
stacked Quranic annotation marks (U+06D6-U+06ED), which reach 1359. Qt lays out every line that
holds an Arabic letter at that height, so Arabic text stood almost twice as tall as the same text
in Inter (1.21 em): the contract, the consent and the receipt no longer fitted a screen at large
text. The letters and vowel marks of everyday Arabic stay within 1150 and -600 (alef with hamza
986, a mark above a tall letter about 1100, yeh's tail -548), so those are the metrics the kiosk
ships (1.75 em). Nothing else in the font changes; its version string says so.

Run once on the upstream files (Noto Sans Arabic 2.005, OFL 1.1, no reserved font name) when
they are updated; the kiosk's tests check the bundled files carry these metrics.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "resources" / "theme" / "fonts"
FILES = ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
ASCENT = 1150
DESCENT = -600
NOTE = "; line metrics tightened for the kiosk (ascent 1150, descent 600)"


def tighten(path: Path) -> None:
    font = TTFont(path)
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = ASCENT, DESCENT, 0
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ASCENT, DESCENT, 0
    os2.usWinAscent, os2.usWinDescent = ASCENT, -DESCENT
    names = font["name"]
    for record in names.names:
        if record.nameID == 5 and NOTE not in record.toUnicode():
            names.setName(record.toUnicode() + NOTE, 5, record.platformID,
                          record.platEncID, record.langID)  # fmt: skip
    font.save(path)


def main() -> None:
    for name in FILES:
        tighten(FONTS / name)
        print(f"{name}: ascent {ASCENT}, descent {-DESCENT}")


if __name__ == "__main__":
    main()
