"""The look: one stylesheet (``resources/theme/kiosk.qss``) filled in with the brand colour, the
layout profile's sizes and the guest's choices (large text, high contrast), plus bundled fonts.

Widgets carry a ``role`` property ("primary", "title", "card", ...) and the stylesheet styles the
roles; no colour or size is written in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.resources import resource

FONT_FILES = (
    "Inter-Regular.otf",
    "Inter-Medium.otf",
    "Inter-SemiBold.otf",
    "Inter-Bold.otf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
)
FONT_FAMILIES = '"Inter", "Noto Sans Arabic", "DejaVu Sans", sans-serif'


@dataclass(frozen=True, slots=True)
class Profile:
    """A layout profile: the screen it is made for and the smallest touch target on it."""

    name: str
    width: int
    height: int
    touch: int  # px: a button's edge
    font: int  # px: body text at scale 1.0
    gap: int  # px: the spacing unit
    target: int  # px: the smallest edge of anything a guest taps (a chip, a language)


PORTRAIT_KIOSK = Profile("kiosk", 1080, 1920, touch=72, font=26, gap=16, target=64)
LANDSCAPE_TABLET = Profile("tablet", 1280, 800, touch=52, font=19, gap=12, target=48)
PROFILES = {p.name: p for p in (PORTRAIT_KIOSK, LANDSCAPE_TABLET)}


@dataclass(frozen=True, slots=True)
class Palette:
    """The colours the stylesheet uses."""

    brand: str
    on_brand: str
    ink: str
    muted: str
    background: str
    surface: str
    line: str
    accent_soft: str
    danger: str
    success: str
    focus: str


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    c = QColor(colour)

    def channel(value: int) -> float:
        s = value / 255
        return s / 12.92 if s <= 0.03928 else float(((s + 0.055) / 1.055) ** 2.4)

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed into white: ``amount`` 0 is white, 1 is the colour itself."""
    c = QColor(colour)
    mix = [round(255 + (channel - 255) * amount) for channel in (c.red(), c.green(), c.blue())]
    return QColor(*mix).name()


def _darken_until(colour: str, against: str, ratio: float) -> str:
    c = QColor(colour)
    for _ in range(40):
        if contrast(c.name(), against) >= ratio:
            break
        c = c.darker(110)
    return c.name()


def palette_for(brand: str, *, high_contrast: bool) -> Palette:
    """The palette around a brand colour; text contrast ≥ 4.5:1, or ≥ 7:1 in high contrast."""
    ratio = 7.0 if high_contrast else 4.5
    if high_contrast:
        return Palette(
            brand=_darken_until(brand, "#ffffff", ratio),
            on_brand="#ffffff",
            ink="#000000",
            muted="#1a1a1a",
            background="#ffffff",
            surface="#ffffff",
            line="#000000",
            accent_soft="#e8e8e8",
            danger="#7a0000",
            success="#004d1a",
            focus="#000000",
        )
    return Palette(
        brand=_darken_until(brand, "#ffffff", ratio),
        on_brand="#ffffff",
        ink="#1b1f24",
        muted="#545b64",
        background="#f6f4f0",
        surface="#ffffff",
        line="#d9d4cc",
        accent_soft=_tint(brand, 0.16),
        danger="#a3261b",
        success="#1e6b3a",
        focus="#1b1f24",
    )


@dataclass(frozen=True, slots=True)
class Look:
    """Everything that decides how the kiosk looks right now."""

    profile: Profile = PORTRAIT_KIOSK
    brand: str = "#2f6f62"
    scale: float = 1.0  # 1.5 in large-text mode
    high_contrast: bool = False

    def with_(self, **changes: object) -> Look:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def touch(self) -> int:
        return round(self.profile.touch * max(1.0, self.scale * 0.85))

    def px(self, factor: float) -> int:
        """A font size: ``factor`` × the profile's body size × the text scale."""
        return round(self.profile.font * factor * self.scale)

    def stylesheet(self) -> str:
        palette = palette_for(self.brand, high_contrast=self.high_contrast)
        template = Template(_stylesheet_source())
        gap = self.profile.gap
        return template.substitute(
            families=FONT_FAMILIES,
            touch=self.touch,
            # Smaller controls (chips, languages) still make the profile's touch target.
            touch_small=max(round(self.touch * 0.8), self.profile.target),
            touch_big=round(self.touch * 1.6),
            radius=round(gap * 1.1),
            gap=gap,
            gap2=gap * 2,
            border=3 if self.high_contrast else 1,
            f_small=self.px(0.8),
            f_body=self.px(1.0),
            f_large=self.px(1.25),
            f_title=self.px(1.7),
            f_hero=self.px(2.6),
            f_price=self.px(1.5),
            f_key=self.px(1.4),
            **{name: getattr(palette, name) for name in Palette.__dataclass_fields__},
        )


def _stylesheet_source() -> str:
    """``kiosk.qss`` (the base), then each area's own stylesheet, in name order."""
    folder = resource("theme")
    areas = sorted(p for p in folder.glob("*.qss") if p.name != "kiosk.qss")
    return "\n".join(p.read_text(encoding="utf-8") for p in [folder / "kiosk.qss", *areas])


_fonts_loaded = False


def load_fonts() -> None:
    """Register the bundled fonts with Qt (once)."""
    global _fonts_loaded
    if _fonts_loaded:
        return
    for name in FONT_FILES:
        QFontDatabase.addApplicationFont(str(resource("theme", "fonts", name)))
    _fonts_loaded = True


def apply(look: Look, target: QApplication | QWidget) -> None:
    """Style the application (or one widget tree) with ``look``."""
    load_fonts()
    target.setStyleSheet(look.stylesheet())


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget its stylesheet role, and re-polish it if it was already styled.

    A widget not yet polished takes its role when it is first shown; polishing it here as well
    matched it against the whole stylesheet twice (a third of a catalogue card's making).
    """
    widget.setProperty("role", role)
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
