"""Text stays readable whatever the brand colour: 4.5:1 always, 7:1 in high-contrast mode."""

from __future__ import annotations

import pytest

from kiosk.ui.theme import contrast, palette_for

BRANDS = ["#2f6f62", "#f4c542", "#7fd1ff", "#ff69b4", "#111111", "#ffffff", "#3366ff"]


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize(("high_contrast", "ratio"), [(False, 4.5), (True, 7.0)])
def test_every_text_colour_meets_its_contrast(
    brand: str, high_contrast: bool, ratio: float
) -> None:
    palette = palette_for(brand, high_contrast=high_contrast)
    pairs = {
        "text on the background": (palette.ink, palette.background),
        "text on a surface": (palette.ink, palette.surface),
        "muted text on a surface": (palette.muted, palette.surface),
        "text on a brand button": (palette.on_brand, palette.brand),
        "brand text on a surface": (palette.brand, palette.surface),
        "errors on a surface": (palette.danger, palette.surface),
    }
    weak = {
        name: round(contrast(*pair), 2) for name, pair in pairs.items() if contrast(*pair) < ratio
    }
    assert weak == {}


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)
