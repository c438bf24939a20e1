"""Driving the sandbox's simulated Adyen terminal from tests: the driver, raw Terminal API calls,
Adyen's published samples (tests/fixtures/adyen/), scripts and the payments it holds."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx

from kiosk.payments.adyen_terminal import SimulatedAdyenTerminal
from tests.support.sandbox_process import SandboxProcess

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "adyen"


def adyen_info(sandbox: SandboxProcess) -> dict[str, Any]:
    """The ``adyen`` entry of ``GET /_sandbox/info``: API key, base path, terminals."""
    info: dict[str, Any] = sandbox.info()["adyen"]
    return info


def poi_id(sandbox: SandboxProcess, index: int = 0) -> str:
    return str(adyen_info(sandbox)["terminals"][index]["poi_id"])


@asynccontextmanager
async def open_adyen(
    sandbox: SandboxProcess, *, index: int = 0, **options: Any
) -> AsyncIterator[SimulatedAdyenTerminal]:
    """A driver on the sandbox's terminal, polling fast so tests stay quick; closed on exit."""
    info = adyen_info(sandbox)
    options.setdefault("poll_interval", 0.05)
    options.setdefault("watch_deadline", 10.0)
    options.setdefault("abort_wait", 3.0)
    terminal = SimulatedAdyenTerminal(
        sandbox.base_url + info["base_path"],
        info["api_key"],
        poi_id(sandbox, index),
        "USD",
        sale_id=info["sale_id"],
        test_helper_url=sandbox.base_url + info["test_helper_path"],
        **options,
    )
    try:
        yield terminal
    finally:
        await terminal.aclose()


@contextmanager
def terminal_api(sandbox: SandboxProcess, api_key: str | None = None) -> Iterator[httpx.Client]:
    """A raw HTTP client on the sandbox's Adyen mount, with the API key."""
    info = adyen_info(sandbox)
    with httpx.Client(
        base_url=sandbox.base_url + info["base_path"],
        headers={"X-API-Key": api_key or info["api_key"]},
        timeout=30.0,
    ) as http:
        yield http


def adyen_sample(name: str) -> Any:
    """Adyen's published sample ``name`` (tests/fixtures/adyen/<name>.json), parsed."""
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def script_terminal(sandbox: SandboxProcess, **changes: Any) -> dict[str, Any]:
    """``POST /_sandbox/adyen/terminal``: next_process, online, processing_ms."""
    changes.setdefault("poi_id", poi_id(sandbox))
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        response = http.post("/_sandbox/adyen/terminal", json=changes)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result


def present_card(sandbox: SandboxProcess, number: str) -> httpx.Response:
    """The guest's tap on the first terminal, through the sandbox's helper."""
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        return http.post(
            f"/_sandbox/adyen/terminals/{poi_id(sandbox)}/present_card", json={"number": number}
        )


def adyen_payments(sandbox: SandboxProcess) -> list[dict[str, Any]]:
    """Every payment request the simulated terminals took (``GET /_sandbox/adyen/payments``)."""
    with httpx.Client(base_url=sandbox.base_url, timeout=10.0) as http:
        response = http.get("/_sandbox/adyen/payments")
        response.raise_for_status()
        rows: list[dict[str, Any]] = response.json()["payments"]
        return rows


def shape(value: Any) -> Any:
    """The key tree of a JSON value (keys and the kind of each leaf), to compare with a sample."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float) or type(value).__name__ == "Decimal":
        return "number"
    return "text"


def missing_keys(sample: Any, answer: Any, path: str = "") -> list[str]:
    """The keys of ``sample`` (recursively) that ``answer`` lacks or gives another kind of."""
    if isinstance(sample, dict):
        if not isinstance(answer, dict):
            return [path or "<root>"]
        found = []
        for key, item in sample.items():
            where = f"{path}.{key}" if path else key
            if key not in answer:
                found.append(where)
            else:
                found += missing_keys(item, answer[key], where)
        return found
    if isinstance(sample, list):
        if not isinstance(answer, list):
            return [path]
        if sample and answer:
            return missing_keys(sample[0], answer[0], path + "[0]")
        return []
    return [] if shape(sample) == shape(answer) else [f"{path} ({shape(answer)})"]
