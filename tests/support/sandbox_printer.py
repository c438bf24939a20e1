"""The sandbox's receipt printer as tests read it: the jobs it printed (text and ticket image),
its faults, and the QR code on a ticket decoded as a phone would."""

from __future__ import annotations

import io
from typing import Any

import httpx
import zxingcpp
from PIL import Image

from tests.support.sandbox_process import SandboxProcess


def _control(sandbox: SandboxProcess, method: str, path: str, **kwargs: Any) -> httpx.Response:
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        response = http.request(method, f"/_sandbox/printer{path}", **kwargs)
    response.raise_for_status()
    return response


def printed(sandbox: SandboxProcess) -> list[dict[str, Any]]:
    """Every job the sandbox printer kept, oldest first: id, received_at, bytes, text, cut."""
    jobs: list[dict[str, Any]] = _control(sandbox, "GET", "").json()["jobs"]
    return jobs


def ticket_image(sandbox: SandboxProcess, job_id: int) -> Image.Image:
    """The ticket of job ``job_id`` as the paper shows it."""
    png = _control(sandbox, "GET", f"/jobs/{job_id}.png").content
    return Image.open(io.BytesIO(png))


def printer_fault(sandbox: SandboxProcess, **faults: Any) -> None:
    """``paper="out"|"low"|"ok"``, ``online=False``, ``delay_s=2.0``."""
    _control(sandbox, "PUT", "", json=faults)


def qr_codes(image: Image.Image) -> list[str]:
    """What every QR code on the image says."""
    return [code.text for code in zxingcpp.read_barcodes(image)]
