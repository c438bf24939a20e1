"""Driving the sandbox's simulated Stripe reader from tests: the driver, Stripe's own client
library, Stripe's published samples, scripts and invariants."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import stripe

from kiosk.payments.stripe_http import STRIPE_API_VERSION
from kiosk.payments.stripe_terminal import StripeTerminal
from tests.support.sandbox_process import SandboxProcess

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "stripe"

APPROVE = "4242424242424242"
DECLINE = "4000000000000002"
INSUFFICIENT_FUNDS = "4000000000009995"


def reader_info(sandbox: SandboxProcess) -> dict[str, Any]:
    """The ``reader`` entry of ``GET /_sandbox/info``: secret key, base path, readers."""
    info: dict[str, Any] = sandbox.info()["reader"]
    return info


def reader_id(sandbox: SandboxProcess, index: int = 0) -> str:
    return str(reader_info(sandbox)["readers"][index]["id"])


@asynccontextmanager
async def open_terminal(
    sandbox: SandboxProcess, *, index: int = 0, **options: Any
) -> AsyncIterator[StripeTerminal]:
    """A driver on the sandbox's reader, polling fast so tests stay quick; closed on exit."""
    info = reader_info(sandbox)
    options.setdefault("poll_interval", 0.05)
    options.setdefault("watch_deadline", 10.0)
    terminal = StripeTerminal(
        sandbox.base_url + info["base_path"],
        info["secret_key"],
        reader_id(sandbox, index),
        "USD",
        **options,
    )
    try:
        yield terminal
    finally:
        await terminal.aclose()


@contextmanager
def stripe_client(sandbox: SandboxProcess) -> Iterator[httpx.Client]:
    """A raw HTTP client on the sandbox's Stripe mount, with the secret key."""
    info = reader_info(sandbox)
    with httpx.Client(
        base_url=sandbox.base_url + info["base_path"],
        headers={"Authorization": f"Bearer {info['secret_key']}"},
        timeout=10.0,
    ) as http:
        yield http


def stripe_library(sandbox: SandboxProcess, **options: Any) -> stripe.StripeClient:
    """Stripe's official client on the sandbox's mount, pinned to the driver's API version.

    No retries by default, so an injected fault is seen once; ``options`` go to ``StripeClient``.
    """
    info = reader_info(sandbox)
    options.setdefault("stripe_version", STRIPE_API_VERSION)
    options.setdefault("max_network_retries", 0)
    return stripe.StripeClient(
        options.pop("api_key", info["secret_key"]),
        base_addresses={"api": sandbox.base_url + info["base_path"]},
        **options,
    )


def stripe_sample(name: str) -> Any:
    """Stripe's published sample ``name`` (tests/fixtures/stripe/<name>.json), parsed."""
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def script_reader(sandbox: SandboxProcess, **changes: Any) -> dict[str, Any]:
    """``POST /_sandbox/reader``: next_process, online, processing_ms (first reader by default)."""
    changes.setdefault("reader_id", reader_id(sandbox))
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        response = http.post("/_sandbox/reader", json=changes)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result


def payment_intents(sandbox: SandboxProcess) -> list[dict[str, Any]]:
    """Every PaymentIntent in the simulated Stripe account (``GET /_sandbox/payment_intents``)."""
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        response = http.get("/_sandbox/payment_intents")
        response.raise_for_status()
        rows: list[dict[str, Any]] = response.json()["payment_intents"]
        return rows
