"""``/_sandbox/printer``: what the sandbox printer printed, and its faults.

- ``GET /_sandbox/printer``: its port, faults and every job kept (id, time, size, text).
- ``PUT /_sandbox/printer`` ``{"paper": "ok"|"low"|"out", "online": bool, "delay_s": n}``.
- ``GET /_sandbox/printer/jobs/{id}.png``: the job's ticket as an image.
- ``DELETE /_sandbox/printer/jobs``: forget the jobs.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from kiosk.sandbox.errors import ZenotiError
from kiosk.sandbox.printer import SandboxPrinter
from kiosk.sandbox.wire import endpoint, json_body

if TYPE_CHECKING:
    from kiosk.sandbox.state import SandboxState


def info(state: SandboxState) -> dict[str, Any] | None:
    """The printer's part of ``/_sandbox/info`` (None when the sandbox runs without one)."""
    printer = state.printer
    if printer is None:
        return None
    return {"host": "127.0.0.1", "port": printer.port, "paper_width": 80}


def routes(state: SandboxState) -> list[BaseRoute]:
    """The printer's control routes."""

    def printer() -> SandboxPrinter:
        if state.printer is None:
            raise ZenotiError(404, 404, "this sandbox has no printer")
        return state.printer

    def described(found: SandboxPrinter) -> dict[str, Any]:
        return {
            "port": found.port,
            "faults": asdict(found.faults),
            "jobs": [
                {
                    "id": job.id,
                    "received_at": job.received_at,
                    "bytes": len(job.data),
                    "text": (rendered := job.rendered(found.dots)).text,
                    "cut": rendered.cut,
                }
                for job in found.jobs()
            ],
        }

    async def show(request: Request) -> dict[str, Any]:
        return described(printer())

    async def change(request: Request) -> dict[str, Any]:
        found = printer()
        try:
            found.set_faults(await json_body(request))
        except ValueError as error:
            raise ZenotiError(400, 400, str(error)) from None
        return described(found)

    async def picture(request: Request) -> Response:
        found = printer()
        job = found.job(int(request.path_params["job_id"]))
        if job is None:
            raise ZenotiError(404, 404, "no such job")
        return Response(job.rendered(found.dots).png, media_type="image/png")

    async def forget(request: Request) -> dict[str, Any]:
        found = printer()
        found.clear_jobs()
        return described(found)

    return [
        Route("/_sandbox/printer", endpoint(show), methods=["GET"]),
        Route("/_sandbox/printer", endpoint(change), methods=["PUT"]),
        Route("/_sandbox/printer/jobs/{job_id:int}.png", endpoint(picture), methods=["GET"]),
        Route("/_sandbox/printer/jobs", endpoint(forget), methods=["DELETE"]),
    ]
