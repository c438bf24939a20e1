"""Zenoti's own published samples (tests/fixtures/zenoti/) as test tools.

Two tools: a real ``ZenotiClient`` served a sample byte for byte, and a shape comparison that
holds any JSON value (the sandbox's answer) to a sample: keys, nesting, JSON types, null-ability.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import httpx

from kiosk.zenoti import ApiKeyAuth, Backoff, RateBudget, ZenotiClient

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "zenoti"


def sample_bytes(name: str) -> bytes:
    """The sample file ``name`` (e.g. ``"list-memberships.json"``) exactly as it is stored."""
    return (SAMPLES / name).read_bytes()


def sample(name: str) -> Any:
    """The sample file ``name`` parsed as JSON."""
    return json.loads(sample_bytes(name))


Responder = Callable[[httpx.Request], httpx.Response]


def answer(raw: bytes, status: int = 200, headers: Mapping[str, str] | None = None) -> Responder:
    """A responder that gives every request the same status and the same bytes."""

    def respond(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status,
            content=raw,
            headers={"content-type": "application/json", **(headers or {})},
        )

    return respond


def client_serving(
    *responders: Responder | bytes, currency: str = "USD"
) -> tuple[ZenotiClient, list[httpx.Request]]:
    """A real client over ``httpx.MockTransport``: the n-th request gets the n-th answer.

    Bytes stand for ``answer(bytes)``; the last answer repeats for any further request.
    """
    seen: list[httpx.Request] = []
    queue: list[Responder] = [r if callable(r) else answer(r) for r in responders]

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        respond = queue.pop(0) if len(queue) > 1 else queue[0]
        return respond(request)

    client = ZenotiClient(
        "https://api.zenoti.test",
        ApiKeyAuth("sample-key"),
        currency=currency,
        rate_budget=RateBudget(6000),
        transport=httpx.MockTransport(handler),
        max_retries=0,
        backoff=Backoff(base=0.0, cap=0.0),
    )
    return client, seen


# -- shapes ----------------------------------------------------------------------------------------
def json_type(value: object) -> str:
    """The JSON type of a parsed value: object, array, string, number, boolean or null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float) or type(value).__name__ == "Decimal":
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _merged(items: Iterable[Any]) -> Any:
    """One element standing for all of a sample list's elements (keys united, non-null kept)."""
    items = [i for i in items if i is not None]
    if not items:
        return None
    if all(isinstance(i, dict) for i in items):
        merged: dict[str, Any] = {}
        for item in items:
            for key, value in item.items():
                if merged.get(key) is None:
                    merged[key] = value
                elif isinstance(value, list) and isinstance(merged[key], list):
                    merged[key] = [*merged[key], *value]
        return merged
    return items[0]


def shape_differences(
    actual: Any,
    expected: Any,
    *,
    nullable: Iterable[str] = (),
    extra: Iterable[str] = (),
    absent: Iterable[str] = (),
) -> list[str]:
    """Where ``actual`` does not have the shape of the sample ``expected``; empty when it does.

    Paths are written ``memberships[].price.final``. A sample's ``null`` admits any value there
    (Zenoti says it may be null, and shows no type); a sample's empty list admits any list.
    ``nullable``: paths where ``actual`` may be null although the sample shows a value.
    ``extra``: paths ``actual`` may carry that the sample does not (each one a documented
    addition). ``absent``: sample paths ``actual`` may leave out (each one documented).
    """
    found: list[str] = []
    _compare(actual, expected, "", set(nullable), set(extra), set(absent), found)
    return found


def _compare(
    actual: Any,
    expected: Any,
    path: str,
    nullable: set[str],
    extra: set[str],
    absent: set[str],
    found: list[str],
) -> None:
    where = path or "<body>"
    if expected is None:
        return
    if actual is None:
        if path not in nullable:
            found.append(f"{where}: null, Zenoti's sample has {json_type(expected)}")
        return
    got, want = json_type(actual), json_type(expected)
    if got != want:
        found.append(f"{where}: {got}, Zenoti's sample has {want}")
        return
    if want == "object":
        for key, value in expected.items():
            child = f"{path}.{key}" if path else key
            if key not in actual:
                if child not in absent:
                    found.append(f"{child}: missing, Zenoti's sample has it")
                continue
            _compare(actual[key], value, child, nullable, extra, absent, found)
        for key in actual:
            child = f"{path}.{key}" if path else key
            if key not in expected and child not in extra:
                found.append(f"{child}: not in Zenoti's sample")
    elif want == "array":
        element = _merged(expected)
        if element is None:
            return
        for item in actual:
            _compare(item, element, f"{path}[]", nullable, extra, absent, found)
