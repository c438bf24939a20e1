"""Stripe's Terminal routes, as the sandbox's simulated reader answers them, mounted at ``/stripe``.

Bodies are form-encoded (``metadata[k]=v``, ``payment_method_types[]=card_present``), answers are
JSON, auth is ``Authorization: Bearer <secret key>``, and every POST honours ``Idempotency-Key``:
the first answer is kept in the store with the request's writes, the same request with the same
key gets it back with ``Idempotent-Replayed: true``, a different request with it a 400
``idempotency_error``. Every answer names the API version it is rendered in (``Stripe-Version``);
a URL or method Stripe has no route for is Stripe's 404, and a parameter it does not know is
Stripe's 400 ``parameter_unknown``. The control routes under ``/_sandbox/`` script the reader for
tests and the tester panel.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from kiosk.sandbox import reader_sim as sim
from kiosk.sandbox import reader_store, reader_wire
from kiosk.sandbox.reader_cards import DEFAULT_TEST_CARD
from kiosk.sandbox.reader_checks import StripeError, refuse_unknown_parameters
from kiosk.sandbox.reader_store import JsonObject, ReaderRow, ReaderStore, StoredAnswer
from kiosk.sandbox.reference import Reference
from kiosk.sandbox.state import SandboxState
from kiosk.sandbox.store import Store

log = logging.getLogger("kiosk.sandbox")

BASE_PATH = reader_wire.BASE_PATH
STRIPE_VERSION = reader_wire.EMULATED_VERSION
DEFAULT_SECRET_KEY = "sk_test_sandbox"
SECRET_KEY_VARIABLE = "KIOSK_SANDBOX_STRIPE_SECRET"  # to run the sandbox with another secret key
SCHEMA = reader_store.SCHEMA

Form = reader_wire.Form
StripeHandler = Callable[[ReaderStore, Request, Form], JsonObject]


def reader_sandbox(state: SandboxState) -> ReaderSandbox:
    """The simulated Stripe account over the sandbox's store: one reader per seeded center."""
    secret_key = os.environ.get(SECRET_KEY_VARIABLE) or DEFAULT_SECRET_KEY
    return ReaderSandbox(state.store, _centers(state.ref), secret_key)


def routes(state: SandboxState) -> list[BaseRoute]:
    """Stripe's routes under ``/stripe`` and the reader's control routes, for the app's list."""
    return reader_sandbox(state).routes()


def seed(store: Store, ref: Reference) -> None:
    """Seed the readers (into a fresh database, or after the reset's wipe)."""
    ReaderSandbox(store, _centers(ref)).seed()


def info(state: SandboxState) -> JsonObject:
    """The ``reader`` entry of ``GET /_sandbox/info``."""
    return reader_sandbox(state).info()


def _centers(ref: Reference) -> list[tuple[str, str]]:
    return [(center.id, center.code.lower()) for center in ref.centers]


class ReaderSandbox:
    """The simulated Stripe account: its readers, intents, secret key, and routes."""

    def __init__(
        self,
        store: Store,
        centers: Sequence[tuple[str, str]],
        secret_key: str = DEFAULT_SECRET_KEY,
    ) -> None:
        self.readers = ReaderStore(store)
        self.centers = tuple(centers)
        self.secret_key = secret_key

    def seed(self) -> None:
        """Put one online reader per center (after a wipe, or into a fresh database)."""
        with self.readers.store.transaction():
            self.readers.seed_readers(self.centers)

    def info(self) -> JsonObject:
        """What a kiosk needs to drive the simulated reader (for ``GET /_sandbox/info``)."""
        return {
            "secret_key": self.secret_key,
            "base_path": BASE_PATH,
            "stripe_version": STRIPE_VERSION,
            "readers": [
                {"id": r.id, "center_id": r.center_id, "label": r.body["label"]}
                for r in self.readers.readers()
            ],
        }

    # ------------------------------------------------------------------ routes

    def routes(self) -> list[BaseRoute]:
        """Stripe's routes under ``/stripe``; the reader's control routes under ``/_sandbox``."""

        def route(path: str, handler: StripeHandler, method: str) -> Route:
            return Route(path, self._stripe(handler), methods=[method])

        readers = "/v1/terminal/readers"
        reader = readers + "/{reader_id}"
        stripe = [
            route("/v1/payment_intents", _create_intent, "POST"),
            route("/v1/payment_intents", _list_intents, "GET"),
            route("/v1/payment_intents/{intent_id}", _get_intent, "GET"),
            route("/v1/payment_intents/{intent_id}/cancel", _cancel_intent, "POST"),
            route(readers, _list_readers, "GET"),
            route(reader, _get_reader, "GET"),
            route(reader + "/process_payment_intent", _process_payment_intent, "POST"),
            route(reader + "/cancel_action", _cancel_action, "POST"),
            route(
                "/v1/test_helpers/terminal/readers/{reader_id}/present_payment_method",
                _present_payment_method,
                "POST",
            ),
            # Last: any other URL, or a known URL with another method, is Stripe's 404.
            Route("/{path:path}", self._unrecognized, methods=list(_ANY_METHOD)),
        ]
        return [
            Mount(BASE_PATH, routes=stripe),
            # The mount's own path (no slash) is a URL too; no redirect to the slashed one.
            Route(BASE_PATH, self._unrecognized, methods=list(_ANY_METHOD)),
            Route("/_sandbox/reader", self._control_readers, methods=["GET"]),
            Route("/_sandbox/reader", self._control_script, methods=["POST"]),
            Route("/_sandbox/payment_intents", self._control_intents, methods=["GET"]),
        ]

    async def _unrecognized(self, request: Request) -> Response:
        # Like Stripe, the key is checked before the URL is looked at.
        refusal = self._refuse_auth(request)
        if refusal is not None:
            return reader_wire.answer(refusal.status, refusal.body())
        return reader_wire.unrecognized_url(request.method, request.url.path)

    def _stripe(self, handler: StripeHandler) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            refusal = self._refuse_auth(request) or _refuse_version(request)
            if refusal is not None:
                return reader_wire.answer(refusal.status, refusal.body())
            try:
                raw = await request.body() if request.method == "POST" else b""
            except ClientDisconnect:
                # The client gave up (an injected latency outlived its timeout) before its body
                # was read: like Stripe, nothing happened.
                log.info("client gone before %s %s was read", request.method, request.url.path)
                return Response(status_code=499)
            pairs = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
            if request.method == "GET":
                pairs = list(request.query_params.multi_items())
            key = request.headers.get("Idempotency-Key") if request.method == "POST" else None
            fingerprint = reader_wire.fingerprint(request, pairs)
            try:
                # No await inside: the writes and the kept answer commit together, before any
                # byte of the answer is sent (so a dropped connection still finds them).
                with self.readers.store.transaction():
                    return self._run(handler, request, pairs, key, fingerprint)
            except Exception:
                log.exception("unexpected error in %s %s", request.method, request.url.path)
                return reader_wire.internal_error()

        return run

    def _run(
        self,
        handler: StripeHandler,
        request: Request,
        pairs: list[tuple[str, str]],
        key: str | None,
        fingerprint: str,
    ) -> Response:
        sim.advance(self.readers, time.time())
        if key:
            kept = self.readers.stored_answer(key)
            if kept is not None and kept.fingerprint != fingerprint:
                error = StripeError(
                    400,
                    None,
                    "Keys for idempotent requests can only be used with the same parameters they"
                    f" were first used with. Try using a key other than '{key}' if you meant to"
                    " execute a different request.",
                    type="idempotency_error",
                )
                return reader_wire.answer(400, error.body(), key)
            if kept is not None:
                return reader_wire.answer(kept.status, kept.body, key, replayed=True)
        try:
            status, body = 200, handler(self.readers, request, reader_wire.decode_form(pairs))
        except StripeError as error:
            # Caught inside the transaction on purpose: a refused hand-off may still have armed
            # the reader (the timeout false negative), and that write must stand.
            status, body = error.status, error.body()
        if key and not _failed_validation(status, body):
            self.readers.keep_answer(key, StoredAnswer(fingerprint, status, body))
        return reader_wire.answer(status, body, key)

    def _refuse_auth(self, request: Request) -> StripeError | None:
        given = reader_wire.secret_from(request.headers.get("Authorization", ""))
        if not given:
            return StripeError(
                401,
                None,
                "You did not provide an API key. You need to provide your API key in the"
                " Authorization header, using Bearer auth (e.g. 'Authorization: Bearer"
                " YOUR_SECRET_KEY').",
            )
        if not secrets.compare_digest(given, self.secret_key):
            return StripeError(401, None, f"Invalid API Key provided: {reader_wire.masked(given)}")
        return None

    # ------------------------------------------------------------------ control routes

    async def _control_readers(self, request: Request) -> Response:
        with self.readers.store.transaction():
            sim.advance(self.readers, time.time())
            rows = self.readers.readers()
        return JSONResponse({"readers": [_control_view(row) for row in rows]})

    async def _control_script(self, request: Request) -> Response:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            return JSONResponse({"error": "body must be a JSON object"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "body must be a JSON object"}, status_code=400)
        problem = _script_problem(body)
        if problem:
            return JSONResponse({"error": problem}, status_code=400)
        rows = self.readers.readers()
        reader_id = body.get("reader_id") or (rows[0].id if rows else "")
        changes = {k: body[k] for k in ("next_process", "online", "processing_ms") if k in body}
        try:
            with self.readers.store.transaction():
                row = sim.set_script(self.readers, str(reader_id), changes)
        except StripeError as error:
            return JSONResponse({"error": error.message}, status_code=404)
        return JSONResponse(_control_view(row))

    async def _control_intents(self, request: Request) -> Response:
        with self.readers.store.transaction():
            sim.advance(self.readers, time.time())
            intents = self.readers.intents()
        keys = ("id", "status", "amount", "amount_received", "currency", "metadata")
        return JSONResponse({"payment_intents": [{k: i.get(k) for k in keys} for i in intents]})


# ---------------------------------------------------------------------- Stripe handlers


# The parameters each route takes (Stripe's API reference for the route lists them); any other
# is refused with parameter_unknown, as Stripe refuses it, so a driver bug shows up here first.
_EXPAND = frozenset({"expand"})
_CREATE_INTENT = _EXPAND | {
    "amount",
    "currency",
    "payment_method_types",
    "capture_method",
    "metadata",
    "description",
}
_LIST = _EXPAND | {"limit", "starting_after", "ending_before"}
_LIST_INTENTS = _LIST | {"created"}
_LIST_READERS = _LIST | {"device_type", "location", "serial_number", "status"}
_CANCEL_INTENT = _EXPAND | {"cancellation_reason"}
_PROCESS = _EXPAND | {"payment_intent", "process_config"}
_PRESENT = _EXPAND | {"type", "card_present"}
_ANY_METHOD = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _create_intent(rs: ReaderStore, request: Request, form: Form) -> JsonObject:
    refuse_unknown_parameters(form, _CREATE_INTENT)
    return sim.create_intent(rs, form)


def _list_intents(rs: ReaderStore, request: Request, form: Form) -> JsonObject:
    refuse_unknown_parameters(form, _LIST_INTENTS)
    return sim.list_intents(rs, form)


def _get_intent(rs: ReaderStore, request: Request, form: Form) -> JsonObject:
    refuse_unknown_parameters(form, _EXPAND | {"client_secret"})
    expand = form.get("expand") or []
    return sim.retrieve_intent(rs, request.path_params["intent_id"], list(expand))


def _cancel_intent(rs: ReaderStore, request: Request, form: Form) -> JsonObject:
    refuse_unknown_parameters(form, _CANCEL_INTENT)
    reason = form.get("cancellation_reason")
    return sim.cancel_intent(rs, request.path_params["intent_id"], reason)


def _list_readers(rs: ReaderStore, request: Request, form: Form) -> JsonObject:
    refuse_unknown_parameters(form, _LIST_READERS)
    return sim.list_readers(rs, form)


def _get_reader(rs: ReaderStore, request: Request, form: Form) -> JsonObject:
    refuse_unknown_parameters(form, _EXPAND)
    return sim.retrieve_reader(rs, request.path_params["reader_id"])


def _process_payment_intent(rs: ReaderStore, request: Request, form: Form) -> JsonObject:
    refuse_unknown_parameters(form, _PROCESS)
    intent_id = form.get("payment_intent")
    if not isinstance(intent_id, str) or not intent_id:
        raise StripeError(
            400,
            "parameter_missing",
            "Missing required param: payment_intent.",
            param="payment_intent",
        )
    return sim.process_payment_intent(rs, request.path_params["reader_id"], intent_id)


def _cancel_action(rs: ReaderStore, request: Request, form: Form) -> JsonObject:
    refuse_unknown_parameters(form, _EXPAND)
    return sim.cancel_action(rs, request.path_params["reader_id"])


def _present_payment_method(rs: ReaderStore, request: Request, form: Form) -> JsonObject:
    refuse_unknown_parameters(form, _PRESENT)
    kind = form.get("type", "card_present")
    if kind != "card_present":
        # Stripe's helper also simulates card and interac_present; this reader takes card_present.
        raise StripeError(
            400,
            None,
            f"The simulated reader only takes type card_present, not {kind}.",
            param="type",
        )
    card = form.get("card_present")
    number = card.get("number") if isinstance(card, dict) else None
    number = str(number or DEFAULT_TEST_CARD).replace(" ", "")
    return sim.present_payment_method(rs, request.path_params["reader_id"], number, time.time())


def _failed_validation(status: int, body: JsonObject) -> bool:
    """Whether the request was refused for its parameters, before the endpoint ran.

    Stripe keeps an answer under its Idempotency-Key only once the endpoint's execution began; a
    request whose parameters fail validation keeps nothing, so the key can be used again
    (https://docs.stripe.com/api/idempotent_requests). Here: a 400 naming the ``param`` at fault.
    """
    error = body.get("error")
    return status == 400 and isinstance(error, dict) and bool(error.get("param"))


def _refuse_version(request: Request) -> StripeError | None:
    problem = reader_wire.version_problem(request.headers.get("Stripe-Version"))
    return None if problem is None else StripeError(400, None, problem)


def _script_problem(body: dict[str, Any]) -> str | None:
    if "reader_id" in body and not isinstance(body["reader_id"], str):
        return "reader_id must be a string"
    if "next_process" in body and body["next_process"] not in (*sorted(sim.SCRIPTS), None):
        return "next_process must be one of timeout, busy, offline or null"
    if "online" in body and not isinstance(body["online"], bool):
        return "online must be true or false"
    if "processing_ms" in body and (
        not isinstance(body["processing_ms"], int)
        or isinstance(body["processing_ms"], bool)
        or not 0 <= body["processing_ms"] <= 600_000
    ):
        return "processing_ms must be a whole number of milliseconds from 0 to 600000"
    return None


def _control_view(row: ReaderRow) -> JsonObject:
    return {
        "id": row.id,
        "center_id": row.center_id,
        "label": row.body["label"],
        "status": row.body["status"],
        "action": row.body["action"],
        "next_process": row.next_process,
        "processing_ms": row.processing_ms,
        "authorising": row.settle_at is not None,
    }
