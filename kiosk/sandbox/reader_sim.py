"""The simulated reader and the PaymentIntents it takes, with Stripe's rules and error codes.

Time moves lazily: a card being authorised carries ``settle_at``, and every request first calls
:func:`advance`, which settles whatever is due. No background task, so a sandbox restart loses
nothing and a test sees the same thing whichever route it reads first.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from kiosk.sandbox.reader_cards import brand_of, outcome_of
from kiosk.sandbox.reader_checks import (
    GUIDE,
    StripeError,
    find_intent,
    find_reader,
    page,
    positive_int,
    reader_busy,
)
from kiosk.sandbox.reader_store import JsonObject, ReaderRow, ReaderStore, new_id, now_ms

_CANCELLABLE = frozenset(
    {"requires_payment_method", "requires_capture", "requires_confirmation", "requires_action"}
)
SCRIPTS = frozenset({"timeout", "busy", "offline"})
_CAPTURE_METHODS = frozenset({"automatic", "automatic_async", "manual"})
# payment_method_options for a card_present intent, as Stripe fills them in by default.
_METHOD_OPTIONS: dict[str, JsonObject] = {
    "card_present": {
        "request_extended_authorization": False,
        "request_incremental_authorization_support": False,
    },
}
_READER_STATUSES = ("offline", "online")


# ---------------------------------------------------------------------- payment intents


def create_intent(rs: ReaderStore, form: Mapping[str, Any]) -> JsonObject:
    """``POST /v1/payment_intents``: a card-present intent waiting for a payment method."""
    amount = positive_int(form.get("amount"), "amount")
    currency = form.get("currency")
    if not isinstance(currency, str) or len(currency) != 3:
        raise StripeError(
            400, "parameter_missing", "Missing required param: currency.", param="currency"
        )
    types = form.get("payment_method_types") or ["card"]
    metadata = form.get("metadata") or {}
    if not isinstance(types, list) or not isinstance(metadata, dict):
        raise StripeError(400, "parameter_invalid_empty", "Invalid array or hash.")
    capture_method = str(form.get("capture_method") or "automatic")
    if capture_method not in _CAPTURE_METHODS:
        raise StripeError(
            400,
            None,
            "Invalid capture_method: must be one of automatic, automatic_async, or manual",
            param="capture_method",
        )
    intent_id = new_id("pi")
    # Every field of Stripe's PaymentIntent object, in the order its reference sample shows them
    # (https://docs.stripe.com/api/payment_intents/object); what the sandbox has no use for is
    # Stripe's empty value for it.
    intent: JsonObject = {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_capturable": 0,
        "amount_details": {"tip": {}},
        "amount_received": 0,
        "application": None,
        "application_fee_amount": None,
        "automatic_payment_methods": None,  # payment_method_types was given instead
        "canceled_at": None,
        "cancellation_reason": None,
        "capture_method": capture_method,
        "client_secret": f"{intent_id}_secret_{new_id('s')[2:]}",
        "confirmation_method": "automatic",
        "created": int(time.time()),
        "currency": currency.lower(),
        "customer": None,
        "description": form.get("description"),
        "last_payment_error": None,
        "latest_charge": None,
        "livemode": False,
        "metadata": {str(key): str(value) for key, value in metadata.items()},
        "next_action": None,
        "on_behalf_of": None,
        "payment_method": None,
        "payment_method_options": {kind: _METHOD_OPTIONS.get(kind, {}) for kind in types},
        "payment_method_types": [str(kind) for kind in types],
        "processing": None,
        "receipt_email": None,
        "review": None,
        "setup_future_usage": None,
        "shipping": None,
        "source": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "requires_payment_method",
        "transfer_data": None,
        "transfer_group": None,
    }
    rs.save_intent(intent)
    return intent


def list_intents(rs: ReaderStore, form: Mapping[str, Any]) -> JsonObject:
    """``GET /v1/payment_intents``: newest first, ``created[gte|gt|lt|lte]`` and pagination."""
    created = form.get("created") or {}
    if not isinstance(created, dict):
        created = {"gte": created, "lte": created}
    tests = {
        "gte": lambda at, bound: at >= bound,
        "gt": lambda at, bound: at > bound,
        "lte": lambda at, bound: at <= bound,
        "lt": lambda at, bound: at < bound,
    }
    for op in created:
        if op not in tests:
            raise StripeError(
                400, "parameter_unknown", f"Received unknown parameter: created[{op}]"
            )
    bounds = {op: positive_int(value, f"created[{op}]") for op, value in created.items()}
    intents = [
        intent
        for intent in reversed(rs.intents())
        if all(tests[op](intent["created"], bound) for op, bound in bounds.items())
    ]
    return page(intents, form, "/v1/payment_intents", "payment_intent")


def list_readers(rs: ReaderStore, form: Mapping[str, Any]) -> JsonObject:
    """``GET /v1/terminal/readers``: filtered by ``device_type``, ``location``, ``serial_number``
    and ``status`` (https://docs.stripe.com/api/terminal/readers/list), then paged."""
    status = form.get("status")
    if status is not None and status not in _READER_STATUSES:
        raise StripeError(
            400, None, "Invalid status: must be one of offline or online", param="status"
        )
    filters = {
        name: form[name]
        for name in ("device_type", "location", "serial_number", "status")
        if name in form
    }
    readers = [
        row.body
        for row in rs.readers()
        if all(row.body.get(name) == value for name, value in filters.items())
    ]
    return page(readers, form, "/v1/terminal/readers", "terminal.reader")


def retrieve_intent(rs: ReaderStore, intent_id: str, expand: list[str]) -> JsonObject:
    """``GET /v1/payment_intents/{id}``, with ``expand[]=payment_method`` honoured."""
    intent = find_intent(rs, intent_id)
    if "payment_method" in expand and isinstance(intent.get("payment_method"), str):
        intent["payment_method"] = rs.payment_method(intent["payment_method"])
    return intent


def cancel_intent(rs: ReaderStore, intent_id: str, reason: str | None) -> JsonObject:
    """``POST /v1/payment_intents/{id}/cancel``: refused once a card is being authorised or paid."""
    intent = find_intent(rs, intent_id)
    if intent["status"] not in _CANCELLABLE:
        raise StripeError(
            400,
            "payment_intent_unexpected_state",
            "You cannot cancel this PaymentIntent because it has a status of"
            f" {intent['status']}. Only a PaymentIntent with one of the following statuses may be"
            f" canceled: {', '.join(sorted(_CANCELLABLE))}.",
        )
    intent.update(
        status="canceled", canceled_at=int(time.time()), cancellation_reason=reason or None
    )
    rs.save_intent(intent)
    # The reader must not keep asking for a card for an intent nobody can pay any more.
    for reader in rs.readers():
        if _action_intent(reader) == intent_id and _action_status(reader) == "in_progress":
            _finish_action(reader, "failed", "canceled", "The PaymentIntent was canceled.")
            rs.save_reader(reader)
    return intent


# ---------------------------------------------------------------------- the reader


def retrieve_reader(rs: ReaderStore, reader_id: str) -> JsonObject:
    """``GET /v1/terminal/readers/{id}``."""
    return find_reader(rs, reader_id).body


def process_payment_intent(rs: ReaderStore, reader_id: str, intent_id: str) -> JsonObject:
    """Hand an intent to the reader, as scripted (offline, busy, or a false-negative timeout)."""
    reader = find_reader(rs, reader_id)
    intent = find_intent(rs, intent_id, param="payment_intent")
    script, reader.next_process = reader.next_process, None
    rs.save_reader(reader)  # a script is spent whatever happens next
    if script == "offline" or reader.body["status"] != "online":
        raise StripeError(
            400,
            "terminal_reader_offline",
            "Reader is currently offline, please ensure the reader is powered on and connected to"
            f" the internet before retrying your request. Reference the integration guide at"
            f" {GUIDE} for details on how to handle this error.",
        )
    if script == "busy" or _action_status(reader) == "in_progress":
        raise reader_busy()
    if intent["status"] != "requires_payment_method" or "card_present" not in intent.get(
        "payment_method_types", []
    ):
        raise StripeError(
            400,
            "intent_invalid_state",
            f"This PaymentIntent has a status of {intent['status']}; a reader can only process a"
            " card_present PaymentIntent whose status is requires_payment_method.",
        )
    reader.body["action"] = {
        "failure_code": None,
        "failure_message": None,
        "process_payment_intent": {"payment_intent": intent_id},
        "status": "in_progress",
        "type": "process_payment_intent",
    }
    reader.body["last_seen_at"] = now_ms()
    rs.save_reader(reader)
    if script == "timeout":
        # The false negative Stripe documents: the reader got the intent, the API says it did not.
        raise StripeError(
            400,
            "terminal_reader_timeout",
            "There was a timeout when sending this command to the reader, please reference the"
            f" integration guide at {GUIDE} for details on how to handle this error.",
        )
    return reader.body


def cancel_action(rs: ReaderStore, reader_id: str) -> JsonObject:
    """``POST .../cancel_action``: refused with ``terminal_reader_busy`` while authorising."""
    reader = find_reader(rs, reader_id)
    if reader.settle_at is not None:
        raise reader_busy()
    if _action_status(reader) != "in_progress":
        raise StripeError(400, None, "This Reader has no in-progress action to cancel.")
    # Stripe's reference answer to cancel_action shows the reader with no action at all.
    reader.body["action"] = None
    rs.save_reader(reader)
    return reader.body


def present_payment_method(rs: ReaderStore, reader_id: str, number: str, now: float) -> JsonObject:
    """The test helper: a guest taps ``number``; it is authorised now or after the set delay."""
    reader = find_reader(rs, reader_id)
    if _action_status(reader) != "in_progress" or reader.body["action"]["type"] != (
        "process_payment_intent"
    ):
        raise StripeError(
            400, None, "This Reader has no in-progress action to present a payment method to."
        )
    if reader.settle_at is not None:
        raise reader_busy()
    reader.pending_card = number
    reader.settle_at = now + reader.processing_ms / 1000
    intent = find_intent(rs, str(_action_intent(reader)))
    intent["status"] = "processing"
    rs.save_intent(intent)
    rs.save_reader(reader)
    advance(rs, now)
    return find_reader(rs, reader_id).body


def advance(rs: ReaderStore, now: float) -> None:
    """Settle every card whose authorisation time has come."""
    for reader in rs.readers():
        if reader.settle_at is not None and reader.settle_at <= now:
            _settle(rs, reader)


def set_script(rs: ReaderStore, reader_id: str, changes: Mapping[str, Any]) -> ReaderRow:
    """The tester's controls; only the keys given change (values checked by the caller).

    ``next_process`` ("timeout" | "busy" | "offline" | None) is spent by the next hand-off;
    ``online`` and ``processing_ms`` (how long authorising lasts) stay until changed.
    """
    reader = find_reader(rs, reader_id)
    if "next_process" in changes:
        reader.next_process = changes["next_process"]
    if "online" in changes:
        reader.body["status"] = "online" if changes["online"] else "offline"
    if "processing_ms" in changes:
        reader.processing_ms = int(changes["processing_ms"])
    rs.save_reader(reader)
    return reader


# ---------------------------------------------------------------------- internals


def _settle(rs: ReaderStore, reader: ReaderRow) -> None:
    number = reader.pending_card or ""
    reader.pending_card, reader.settle_at = None, None
    intent = find_intent(rs, str(_action_intent(reader)))
    method = _payment_method(number)
    rs.save_payment_method(method)
    outcome = outcome_of(number)
    charge_id = new_id("ch")
    if outcome.approved:
        intent.update(
            status="succeeded",
            amount_received=intent["amount"],
            latest_charge=charge_id,
            payment_method=method["id"],
            last_payment_error=None,
        )
        _finish_action(reader, "succeeded", None, None)
    else:
        # The intent goes back to waiting for a payment method: the same intent takes the next card.
        intent.update(
            status="requires_payment_method",
            latest_charge=charge_id,
            payment_method=None,
            last_payment_error={
                "charge": charge_id,
                "code": outcome.code,
                "decline_code": outcome.decline_code,
                "doc_url": "https://stripe.com/docs/error-codes/"
                + str(outcome.code).replace("_", "-"),
                "message": outcome.message,
                "payment_method": method,
                "type": "card_error",
            },
        )
        _finish_action(reader, "failed", outcome.code, outcome.message)
    rs.save_intent(intent)
    rs.save_reader(reader)


def _payment_method(number: str) -> JsonObject:
    expired = outcome_of(number).code == "expired_card"
    brand = brand_of(number)
    return {
        "id": new_id("pm"),
        "object": "payment_method",
        "billing_details": {"address": None, "email": None, "name": None, "phone": None},
        "card_present": {
            "brand": brand,
            "cardholder_name": None,
            "country": "US",
            "exp_month": 12,
            "exp_year": 2020 if expired else 2034,
            "funding": "credit",
            "last4": number[-4:],
            "networks": {"available": [brand], "preferred": None},
            "read_method": "contactless_emv",
        },
        "created": int(time.time()),
        "customer": None,
        "livemode": False,
        "metadata": {},
        "type": "card_present",
    }


def _finish_action(
    reader: ReaderRow, status: str, failure_code: str | None, failure_message: str | None
) -> None:
    action = reader.body["action"]
    action.update(status=status, failure_code=failure_code, failure_message=failure_message)


def _action_status(reader: ReaderRow) -> str | None:
    action = reader.body.get("action")
    return str(action["status"]) if isinstance(action, dict) else None


def _action_intent(reader: ReaderRow) -> str | None:
    action = reader.body.get("action")
    if not isinstance(action, dict) or not isinstance(action.get("process_payment_intent"), dict):
        return None
    return str(action["process_payment_intent"]["payment_intent"])
