"""Reading an ESC/POS byte stream as a printer does, one command at a time: the sandbox printer
answers status queries (``DLE EOT n``) as they arrive and renders the rest of each job.

Only whole commands are read; a command still arriving is left for the next read. Raster data
is skipped by its length, so bytes inside an image are never taken for a status query.
"""

from __future__ import annotations

from dataclasses import dataclass

ESC, GS, DLE, EOT, LF, FS = 0x1B, 0x1D, 0x10, 0x04, 0x0A, 0x1C

# ESC commands and how many parameter bytes follow them (Epson's ESC/POS command reference).
_ESC_PARAMS = {
    ord("@"): 0, ord("!"): 1, ord("E"): 1, ord("-"): 1, ord("a"): 1, ord("t"): 1, ord("d"): 1,
    ord("M"): 1, ord("2"): 0, ord("3"): 1, ord("G"): 1, ord("{"): 1, ord("J"): 1, ord("R"): 1,
    ord("V"): 1, ord("c"): 2, ord("p"): 3, ord("="): 1, ord(" "): 1,
}  # fmt: skip
_GS_PARAMS = {ord("!"): 1, ord("B"): 1, ord("b"): 1, ord("L"): 2, ord("W"): 2, ord("H"): 1,
              ord("f"): 1, ord("h"): 1, ord("w"): 1, ord("|"): 1}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Command:
    """One command: ``name`` such as ``"ESC !"`` or ``"text"``, its parameters, its data."""

    name: str
    params: bytes = b""
    data: bytes = b""


def parse(buffer: bytes, start: int = 0) -> tuple[list[Command], int]:
    """The whole commands in ``buffer`` from ``start``, and where the first incomplete one
    begins (the end, when every command is whole)."""
    commands: list[Command] = []
    at = start
    while at < len(buffer):
        found = _one(buffer, at)
        if found is None:
            break
        command, at = found
        commands.append(command)
    return commands, at


def _one(buffer: bytes, at: int) -> tuple[Command, int] | None:
    byte = buffer[at]
    if byte == LF:
        return Command("LF"), at + 1
    if byte == DLE:
        if at + 1 >= len(buffer):
            return None
        if buffer[at + 1] == EOT:
            return _need(buffer, at, 3, Command("DLE EOT", buffer[at + 2 : at + 3]))
        return Command("DLE", buffer[at + 1 : at + 2]), at + 2
    if byte == ESC:
        return _escape(buffer, at)
    if byte == GS:
        return _group(buffer, at)
    if byte == FS:
        return _need(buffer, at, 2, Command("FS", buffer[at + 1 : at + 2]))
    end = at
    while end < len(buffer) and (buffer[end] >= 0x20 or buffer[end] == 0x09):
        end += 1
    if end == at:  # a control byte no printer command starts with: skipped
        return Command("unknown", bytes([byte])), at + 1
    return Command("text", data=buffer[at:end]), end


def _need(buffer: bytes, at: int, length: int, command: Command) -> tuple[Command, int] | None:
    return (command, at + length) if at + length <= len(buffer) else None


def _escape(buffer: bytes, at: int) -> tuple[Command, int] | None:
    if at + 1 >= len(buffer):
        return None
    code = buffer[at + 1]
    if code == ord("*"):  # column bit image: m nL nH, then columns of 1 or 3 bytes
        if at + 5 > len(buffer):
            return None
        m, low, high = buffer[at + 2], buffer[at + 3], buffer[at + 4]
        size = (low + 256 * high) * (3 if m in (32, 33) else 1)
        params = buffer[at + 2 : at + 5]
        return _need(buffer, at, 5 + size, Command("ESC *", params, buffer[at + 5 : at + 5 + size]))
    count = _ESC_PARAMS.get(code, 1)
    params = buffer[at + 2 : at + 2 + count]
    return _need(buffer, at, 2 + count, Command(f"ESC {chr(code)}", params))


def _group(buffer: bytes, at: int) -> tuple[Command, int] | None:
    if at + 1 >= len(buffer):
        return None
    code = buffer[at + 1]
    if code == ord("v"):  # GS v 0 m xL xH yL yH: a raster image, xL+xH*256 bytes a row
        if at + 8 > len(buffer):
            return None
        params = buffer[at + 2 : at + 8]
        size = (params[2] + 256 * params[3]) * (params[4] + 256 * params[5])
        return _need(buffer, at, 8 + size, Command("GS v", params, buffer[at + 8 : at + 8 + size]))
    if code == ord("("):  # GS ( fn pL pH data: QR codes, graphics
        if at + 5 > len(buffer):
            return None
        size = buffer[at + 3] + 256 * buffer[at + 4]
        params = buffer[at + 2 : at + 3]
        return _need(buffer, at, 5 + size, Command("GS (", params, buffer[at + 5 : at + 5 + size]))
    if code == ord("V"):  # cut: m, and a feed byte for m 65/66
        if at + 2 >= len(buffer):
            return None
        mode = buffer[at + 2]
        count = 2 if mode in (65, 66) else 1
        return _need(buffer, at, 2 + count, Command("GS V", buffer[at + 2 : at + 2 + count]))
    count = _GS_PARAMS.get(code, 1)
    params = buffer[at + 2 : at + 2 + count]
    return _need(buffer, at, 2 + count, Command(f"GS {chr(code)}", params))
