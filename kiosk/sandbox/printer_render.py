"""What a job sent to the sandbox printer looks like on paper: its text, line by line, and an
image of the ticket (raster images as sent, text in the printer's 12 × 24 dot cells).

Enough of ESC/POS for what a receipt uses: text in the selected code page, bold, sizes
(``ESC !``, ``GS !``), alignment, feeds, raster images (``GS v 0``), native QR codes
(``GS ( k``) and the cut. Anything else is read past.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import qrcode
from PIL import Image, ImageDraw, ImageFont

from kiosk.sandbox.printer_stream import Command, parse

CELL_W, CELL_H, LINE_GAP = 12, 24, 6
# ESC t n: the code pages python-escpos selects for Latin text (its printer profiles' numbers).
CODE_PAGES = {0: "cp437", 2: "cp850", 3: "cp860", 4: "cp863", 5: "cp865", 16: "cp1252",
              17: "cp866", 18: "cp852", 19: "cp858", 40: "iso8859_15"}  # fmt: skip


@dataclass
class _Run:
    text: str
    width: int
    height: int
    bold: bool


@dataclass
class _Page:
    dots: int
    rows: list[tuple[str, Image.Image]] = field(default_factory=list)  # (text, strip)
    line: list[_Run] = field(default_factory=list)
    align: int = 0
    bold: bool = False
    width: int = 1
    height: int = 1
    codec: str = "cp437"
    qr_data: bytes = b""
    qr_module: int = 3
    cut: bool = False


@dataclass(frozen=True, slots=True)
class Rendered:
    """A job as printed: its text and the ticket's image (PNG)."""

    text: str
    png: bytes
    cut: bool


def render(job: bytes, dots: int) -> Rendered:
    """Print ``job`` on paper ``dots`` wide."""
    commands, _ = parse(job)
    page = _Page(dots)
    for command in commands:
        _apply(page, command)
    if page.line:
        _end_line(page)
    height = sum(strip.height for _, strip in page.rows) or CELL_H
    paper = Image.new("L", (dots, height + 2 * CELL_H), 255)
    top = CELL_H
    for _, strip in page.rows:
        paper.paste(strip, (0, top))
        top += strip.height
    out = io.BytesIO()
    paper.save(out, format="PNG")
    text = "\n".join(words for words, _ in page.rows)
    return Rendered(text=text, png=out.getvalue(), cut=page.cut)


def _apply(page: _Page, command: Command) -> None:
    name, params = command.name, command.params
    if name == "text":
        text = command.data.decode(page.codec, errors="replace")
        page.line.append(_Run(text, page.width, page.height, page.bold))
    elif name == "LF":
        _end_line(page)
    elif name == "ESC @":
        page.align, page.bold, page.width, page.height, page.codec = 0, False, 1, 1, "cp437"
    elif name == "ESC !" and params:
        page.bold = bool(params[0] & 0x08)
        page.height = 2 if params[0] & 0x10 else 1
        page.width = 2 if params[0] & 0x20 else 1
    elif name == "GS !" and params:
        page.width, page.height = (params[0] >> 4) + 1, (params[0] & 0x0F) + 1
    elif name == "ESC E" and params:
        page.bold = bool(params[0] & 1)
    elif name == "ESC a" and params:
        page.align = params[0] % 48 if params[0] >= 48 else params[0]
    elif name == "ESC t" and params:
        page.codec = CODE_PAGES.get(params[0], "cp437")
    elif name == "ESC d" and params:
        for _ in range(params[0]):
            _end_line(page)
    elif name == "GS v":
        _raster(page, command)
    elif name == "GS (":
        _function(page, command)
    elif name == "GS V":
        page.cut = True


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _end_line(page: _Page) -> None:
    runs, page.line = page.line, []
    height = max((run.height for run in runs), default=1) * CELL_H
    strip = Image.new("L", (page.dots, height + LINE_GAP), 255)
    used = sum(len(run.text) * run.width * CELL_W for run in runs)
    x = _left(page, used)
    draw = ImageDraw.Draw(strip)
    for run in runs:
        font = _font(int(CELL_H * 0.8 * run.height))
        cell = run.width * CELL_W
        for char in run.text:
            left = x + (cell - font.getlength(char)) / 2  # each character centred in its cell
            for dx in range(2 if run.bold else 1):
                draw.text((left + dx, height - CELL_H * run.height), char, fill=0, font=font)
            x += cell
    page.rows.append(("".join(run.text for run in runs), strip))


def _left(page: _Page, used: int) -> int:
    if page.align == 1:
        return max((page.dots - used) // 2, 0)
    if page.align == 2:
        return max(page.dots - used, 0)
    return 0


def _raster(page: _Page, command: Command) -> None:
    params = command.params
    row_bytes, rows = params[2] + 256 * params[3], params[4] + 256 * params[5]
    image = Image.frombytes("1", (row_bytes * 8, rows), command.data)
    # In ESC/POS a set bit is ink; in a "1" image a set bit is white.
    strip = Image.eval(image.convert("L"), lambda value: 255 - value)
    _place(page, strip, f"[image {row_bytes * 8}x{rows}]")


def _place(page: _Page, image: Image.Image, words: str) -> None:
    if page.line:
        _end_line(page)
    strip = Image.new("L", (page.dots, image.height), 255)
    strip.paste(image.crop((0, 0, min(image.width, page.dots), image.height)),
                (_left(page, min(image.width, page.dots)), 0))  # fmt: skip
    page.rows.append((words, strip))


def _function(page: _Page, command: Command) -> None:
    """``GS ( k``: a native QR code (store its data, set its module size, print it)."""
    if command.params != b"k" or len(command.data) < 3:
        return
    cn, fn = command.data[0], command.data[1]
    if cn != 49:
        return
    if fn == 67:
        page.qr_module = command.data[2]
    elif fn == 80:
        page.qr_data = command.data[3:]
    elif fn == 81 and page.qr_data:
        code = qrcode.QRCode(box_size=page.qr_module, border=2)
        code.add_data(page.qr_data.decode("utf-8", errors="replace"))
        code.make(fit=True)
        image = code.make_image().get_image().convert("L")
        _place(page, image, "[qr code]")
