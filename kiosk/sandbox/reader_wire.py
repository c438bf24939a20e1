"""What every answer under ``/stripe`` shares, whichever part of the sandbox gives it.

Stripe answers every failure as ``{"error": {"type", "code"?, "message", "param"?, "doc_url"?}}``
(https://docs.stripe.com/api/errors) and names the API version it rendered the answer in with a
``Stripe-Version`` header (https://docs.stripe.com/api/versioning). The reader's routes, the
middleware (injected faults, a handler that blew up), and the app's fallbacks for unknown URLs
all answer through here, so nothing under ``/stripe`` ever speaks Zenoti's dialect.

A leaf module: only the standard library and Starlette, so the middleware and the fault table can
import it without import cycles.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

BASE_PATH = "/stripe"

# The API version the simulated account renders every object in. Stripe picks a request's version
# from its Stripe-Version header, else the account's default; the sandbox renders this one whatever
# a client asks for, and says so in each answer's Stripe-Version header. Its reference pages (and
# the samples in tests/fixtures/stripe/) are the ones the emulation is held to.
EMULATED_VERSION = "2026-04-22.dahlia"

# Stripe's dated versions: YYYY-MM-DD, and since 2024-09-30 a release name after a dot.
_VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$")
_DOCS = "Please see https://stripe.com/docs or we can help at https://support.stripe.com/."


def is_stripe_path(path: str) -> bool:
    """Whether ``path`` is under the Stripe mount (so its answers must be Stripe's)."""
    return path == BASE_PATH or path.startswith(BASE_PATH + "/")


def stripe_path(path: str) -> str:
    """The path as Stripe would print it: the mount's prefix taken off (``/v1/...``)."""
    if not is_stripe_path(path):
        return path
    return path[len(BASE_PATH) :] or "/"


def doc_url(code: str) -> str:
    """Stripe's page for an error code (``card_declined`` → ``.../error-codes/card-declined``)."""
    return "https://stripe.com/docs/error-codes/" + code.replace("_", "-")


def error_body(
    message: str,
    *,
    type: str = "invalid_request_error",  # Stripe's own field name
    code: str | None = None,
    param: str | None = None,
) -> dict[str, Any]:
    """Stripe's error object; ``code`` brings its ``doc_url`` as Stripe's answers do."""
    error: dict[str, Any] = {"type": type, "message": message}
    if code:
        error["code"] = code
        error["doc_url"] = doc_url(code)
    if param:
        error["param"] = param
    return {"error": error}


def headers(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The headers every Stripe answer carries: its ``Request-Id`` and ``Stripe-Version``."""
    return {
        "Request-Id": new_request_id(),
        "Stripe-Version": EMULATED_VERSION,
        **(extra or {}),
    }


def new_request_id() -> str:
    return "req_" + secrets.token_hex(7)


def json_response(
    status: int, body: Mapping[str, Any], extra_headers: Mapping[str, str] | None = None
) -> Response:
    """A JSON answer with Stripe's headers."""
    return Response(
        json.dumps(body),
        status_code=status,
        media_type="application/json",
        headers=headers(extra_headers),
    )


def error_response(status: int, message: str, **fields: Any) -> Response:
    """A Stripe error answer (see :func:`error_body` for the fields)."""
    return json_response(status, error_body(message, **fields))


def unrecognized_url(method: str, path: str) -> Response:
    """Stripe's 404 for a URL it has no route for, including a known URL with another method."""
    shown = stripe_path(path)
    hint = ""
    if shown.endswith("/") and shown != "/":
        hint = (
            " If you are trying to list objects, remove the trailing slash. If you are trying to"
            " retrieve an object, make sure you passed a valid (non-empty) identifier in your"
            " code."
        )
    return error_response(404, f"Unrecognized request URL ({method}: {shown}).{hint} {_DOCS}")


def internal_error() -> Response:
    """Stripe's 500 when something went wrong on its side (nothing is promised about effects)."""
    return error_response(500, "An unknown error occurred", type="api_error")


def version_problem(requested: str | None) -> str | None:
    """Why a request's ``Stripe-Version`` header cannot be honoured, or None when it can."""
    if requested is None or _VERSION.match(requested.strip()):
        return None
    return f"Invalid Stripe API version: {requested}"


# ---------------------------------------------------------------------- requests


Form = dict[str, Any]  # a decoded form body, nested as Stripe nests it


def decode_form(pairs: Sequence[tuple[str, str]]) -> Form:
    """Stripe's form nesting: ``a[b]=v`` → ``{"a": {"b": v}}``, ``a[]=v`` → ``{"a": [v]}``."""
    form: Form = {}
    for name, value in pairs:
        if name.endswith("[]"):
            form.setdefault(name[:-2], []).append(value)
        elif "[" in name and name.endswith("]"):
            outer, inner = name[:-1].split("[", 1)
            if inner.isdigit():  # a[0]=v, the other way to write a list
                form.setdefault(outer, []).append(value)
            else:
                nested = form.setdefault(outer, {})
                if isinstance(nested, dict):
                    nested[inner] = value
        else:
            form[name] = value
    return form


def fingerprint(request: Request, pairs: Sequence[tuple[str, str]]) -> str:
    text = request.method + " " + request.url.path + "?" + json.dumps(sorted(pairs))
    return hashlib.sha256(text.encode()).hexdigest()


def answer(
    status: int, body: Mapping[str, Any], key: str | None = None, *, replayed: bool = False
) -> Response:
    headers = {}
    if key:
        headers["Idempotency-Key"] = key
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(status, body, headers)


def secret_from(header: str) -> str:
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":  # curl -u sk_test_...: works against Stripe too
        try:
            return base64.b64decode(value.strip()).decode().partition(":")[0]
        except ValueError:
            return ""
    return ""


def masked(key: str) -> str:
    return key[:8] + "*" * max(len(key) - 12, 4) + key[-4:]
