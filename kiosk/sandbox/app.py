"""Assembling the sandbox: its parts (each brings routes, tables and seed), the state, the app.

To add a product surface (the simulated card reader, say), write a module with
``routes(state)``, an optional ``SCHEMA`` and ``seed(store, ref)``, and add one ``Part`` line to
:data:`PARTS`. Its tables are created with the others, wiped and reseeded by ``/_sandbox/reset``,
and its routes get the middleware (faults, latency, request log); only paths under ``/v1/`` are
Zenoti's and get its authentication and rate limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp

from kiosk.sandbox import (
    adyen_api,
    control,
    pages,
    printer_routes,
    reader_api,
    reader_wire,
    zenoti_api,
)
from kiosk.sandbox.errors import ZenotiError, error_response
from kiosk.sandbox.middleware import SandboxMiddleware
from kiosk.sandbox.reference import Reference, load_reference
from kiosk.sandbox.settings import Settings
from kiosk.sandbox.state import SandboxState
from kiosk.sandbox.store import Store


@dataclass(frozen=True)
class Part:
    """One surface of the sandbox: its routes, and the tables and seed rows behind them."""

    name: str
    routes: Callable[[SandboxState], list[BaseRoute]]
    schema: str = ""
    seed: Callable[[Store, Reference], None] | None = None


PARTS: tuple[Part, ...] = (
    Part("zenoti", zenoti_api.routes, schema=zenoti_api.SCHEMA, seed=zenoti_api.seed),
    Part("pages", pages.routes),
    Part("reader", reader_api.routes, schema=reader_api.SCHEMA, seed=reader_api.seed),
    Part("adyen", adyen_api.routes, schema=adyen_api.SCHEMA, seed=adyen_api.seed),
    Part("printer", printer_routes.routes),
)


@dataclass(frozen=True)
class SandboxOptions:
    """What the command line decides: where the state lives, the key, the start-up settings."""

    db_path: Path
    api_key: str = "sandbox-api-key"
    settings: Settings = field(default_factory=Settings)
    seed_folder: Path | None = None
    catalogue_size: int | None = None  # a synthetic catalogue of this many memberships


def build_state(options: SandboxOptions, parts: tuple[Part, ...] = PARTS) -> SandboxState:
    """Open (or create and seed) the store and gather the running state."""
    ref = load_reference(options.seed_folder, options.catalogue_size)
    store = Store(options.db_path, [p.schema for p in parts if p.schema])

    def reseed() -> None:
        for part in parts:
            if part.seed is not None:
                part.seed(store, ref)
        store.mark_seeded()

    if not store.seeded:
        reseed()
    # The business's own mandatory guest fields come from the seed unless tests change them.
    settings = replace(options.settings, mandatory_guest_fields=ref.mandatory_guest_fields)
    return SandboxState(
        store=store, ref=ref, api_key=options.api_key, startup_settings=settings, reseed=reseed
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if reader_wire.is_stripe_path(request.url.path):
        # Under /stripe only Stripe's shapes: what no route took is Stripe's unrecognized URL.
        if status >= 500:
            return reader_wire.internal_error()
        return reader_wire.unrecognized_url(request.method, request.url.path)
    if status >= 500:
        return error_response(ZenotiError(500, 4023, "Something went wrong"))
    message = exc.detail if isinstance(exc, HTTPException) else "Bad request"
    return error_response(ZenotiError(status, 400, str(message)))


def build_app(state: SandboxState, parts: tuple[Part, ...] = PARTS) -> ASGIApp:
    """The ASGI app: the control routes, every part's routes, all inside the middleware."""
    routes = [*control.routes(state)]
    for part in parts:
        routes.extend(part.routes(state))
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _http_error},
    )
    return SandboxMiddleware(app, state)
