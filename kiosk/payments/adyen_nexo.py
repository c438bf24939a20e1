"""Adyen's Terminal API messages (nexo ``SaleToPOIRequest`` / ``SaleToPOIResponse`` JSON): the
three requests the kiosk sends and what it reads out of the answers.

The shapes are Adyen's published samples (tests/fixtures/adyen/, each with the page it is from):
a request is ``{"SaleToPOIRequest": {"MessageHeader": {...}, "<Category>Request": {...}}}``; the
answer mirrors it under ``SaleToPOIResponse`` with ``MessageType`` Response, and its ``Response``
object carries ``Result`` (Success | Partial | Failure), ``ErrorCondition`` and
``AdditionalResponse`` (form-encoded key-value pairs, or Base64 JSON). Amounts are in major units,
as JSON numbers; they are encoded and parsed as Decimal, never float.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode

from kiosk.domain.money import Money

JsonObject = dict[str, Any]

PROTOCOL_VERSION = "3.0"
SERVICE_ID_LENGTH = 10  # "1-10 alphanumeric characters, unique within the last 48 hours"


def encode(message: Mapping[str, Any]) -> bytes:
    """JSON with every Decimal written exactly (``10.99``, never ``10.990000001``)."""
    return _dumps(message).encode("utf-8")


def decode(raw: bytes) -> Any:
    """JSON with numbers that have a fraction read as Decimal."""
    return json.loads(raw, parse_float=Decimal)


def _dumps(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{json.dumps(str(k))}:{_dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_dumps(item) for item in value) + "]"
    return json.dumps(value)


def timestamp(when: datetime | None = None) -> str:
    """ISO 8601 in UTC with milliseconds, as Adyen's samples write ``TimeStamp``."""
    moment = (when or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# ---------------------------------------------------------------------- requests


def header(category: str, sale_id: str, service_id: str, poi_id: str) -> JsonObject:
    """The ``MessageHeader`` of a request of ``category`` (Payment, TransactionStatus, Abort)."""
    return {
        "ProtocolVersion": PROTOCOL_VERSION,
        "MessageClass": "Service",
        "MessageCategory": category,
        "MessageType": "Request",
        "ServiceID": service_id,
        "SaleID": sale_id,
        "POIID": poi_id,
    }


def payment_request(
    *,
    sale_id: str,
    poi_id: str,
    service_id: str,
    transaction_id: str,
    amount: Money,
    metadata: Mapping[str, str],
    when: datetime | None = None,
) -> JsonObject:
    """A card ``PaymentRequest`` for ``amount``; ``metadata`` rides in ``SaleToAcquirerData``."""
    sale_data: JsonObject = {
        "SaleTransactionID": {"TransactionID": transaction_id, "TimeStamp": timestamp(when)}
    }
    if metadata:
        # Adyen's key-value form of additional data: metadata.<key>=<value>&...
        sale_data["SaleToAcquirerData"] = urlencode(
            {f"metadata.{key}": value for key, value in metadata.items()}
        )
    return {
        "SaleToPOIRequest": {
            "MessageHeader": header("Payment", sale_id, service_id, poi_id),
            "PaymentRequest": {
                "SaleData": sale_data,
                "PaymentTransaction": {
                    "AmountsReq": {
                        "Currency": amount.currency,
                        "RequestedAmount": amount.amount.quantize(
                            Decimal(1).scaleb(-amount.exponent)
                        ),
                    }
                },
            },
        }
    }


def _reference(sale_id: str, service_id: str) -> JsonObject:
    return {"MessageCategory": "Payment", "SaleID": sale_id, "ServiceID": service_id}


def status_request(
    *, sale_id: str, poi_id: str, service_id: str, payment_service_id: str
) -> JsonObject:
    """A ``TransactionStatusRequest`` naming the payment sent with ``payment_service_id``."""
    return {
        "SaleToPOIRequest": {
            "MessageHeader": header("TransactionStatus", sale_id, service_id, poi_id),
            "TransactionStatusRequest": {
                "MessageReference": _reference(sale_id, payment_service_id),
            },
        }
    }


def abort_request(
    *, sale_id: str, poi_id: str, service_id: str, payment_service_id: str
) -> JsonObject:
    """An ``AbortRequest`` (MerchantAbort) for the payment sent with ``payment_service_id``."""
    return {
        "SaleToPOIRequest": {
            "MessageHeader": header("Abort", sale_id, service_id, poi_id),
            "AbortRequest": {
                "AbortReason": "MerchantAbort",
                "MessageReference": _reference(sale_id, payment_service_id),
            },
        }
    }


# ---------------------------------------------------------------------- answers


@dataclass(frozen=True, slots=True)
class Outcome:
    """A ``Response`` object: the result, its error condition and the additional response."""

    result: str
    condition: str | None = None
    additional: Mapping[str, str] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return self.result == "Success"


@dataclass(frozen=True, slots=True)
class PaymentAnswer:
    """What a ``PaymentResponse`` says about one payment request."""

    outcome: Outcome
    service_id: str | None  # the payment request's ServiceID, when the answer names it
    transaction_id: str | None  # SaleData.SaleTransactionID.TransactionID (the kiosk's reference)
    authorised: Decimal | None  # PaymentResult.AmountsResp.AuthorizedAmount, major units
    currency: str | None
    when: str | None  # POIData.POITransactionID.TimeStamp
    brand: str | None = None
    last_four: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def psp_reference(self) -> str | None:
        return self.outcome.additional.get("pspReference")


@dataclass(frozen=True, slots=True)
class StatusAnswer:
    """A ``TransactionStatusResponse``: the original payment's answer, or why there is none."""

    outcome: Outcome
    payment: PaymentAnswer | None  # the repeated PaymentResponse when Result is Success

    @property
    def in_progress(self) -> bool:
        return self.outcome.condition == "InProgress"

    @property
    def not_found(self) -> bool:
        return self.outcome.condition == "NotFound"


class NotNexo(ValueError):
    """The body is not the Terminal API answer that was expected."""


def response_body(message: Any, name: str) -> JsonObject:
    """``SaleToPOIResponse[name]`` (``PaymentResponse``, ``TransactionStatusResponse``)."""
    envelope = message.get("SaleToPOIResponse") if isinstance(message, dict) else None
    body = envelope.get(name) if isinstance(envelope, dict) else None
    if not isinstance(body, dict):
        raise NotNexo(f"the answer carries no {name}")
    return body


def response_header(message: Any) -> JsonObject:
    envelope = message.get("SaleToPOIResponse") if isinstance(message, dict) else None
    found = envelope.get("MessageHeader") if isinstance(envelope, dict) else None
    return found if isinstance(found, dict) else {}


def rejection(message: Any) -> str | None:
    """The ``EventDetails`` of an ``EventNotification`` Reject (the cloud refusing to deliver)."""
    envelope = message.get("SaleToPOIRequest") if isinstance(message, dict) else None
    event = envelope.get("EventNotification") if isinstance(envelope, dict) else None
    if not isinstance(event, dict) or event.get("EventToNotify") != "Reject":
        return None
    return str(event.get("EventDetails") or "message=Rejected")


def outcome_of(response: Any) -> Outcome:
    if not isinstance(response, dict) or not isinstance(response.get("Result"), str):
        raise NotNexo("the answer's Response has no Result")
    condition = response.get("ErrorCondition")
    return Outcome(
        result=str(response["Result"]),
        condition=str(condition) if condition else None,
        additional=additional_response(response.get("AdditionalResponse")),
    )


def additional_response(text: Any) -> dict[str, str]:
    """``AdditionalResponse`` as a dict: form-encoded pairs, or Base64 JSON (``additionalData``)."""
    if not isinstance(text, str) or not text:
        return {}
    if "=" not in text.rstrip("="):
        try:
            decoded = json.loads(base64.b64decode(text, validate=True))
        except (binascii.Error, ValueError):
            return {"message": text}
        data = decoded.get("additionalData", decoded) if isinstance(decoded, dict) else {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    return dict(parse_qsl(text, keep_blank_values=True))


def payment_answer(body: Mapping[str, Any], service_id: str | None = None) -> PaymentAnswer:
    """A ``PaymentResponse`` body read into a :class:`PaymentAnswer`."""
    result = _dict(body.get("PaymentResult"))
    amounts = _dict(result.get("AmountsResp"))
    card = _dict(_dict(result.get("PaymentInstrumentData")).get("CardData"))
    sale = _dict(_dict(body.get("SaleData")).get("SaleTransactionID"))
    poi = _dict(_dict(body.get("POIData")).get("POITransactionID"))
    authorised = amounts.get("AuthorizedAmount")
    masked = str(card.get("MaskedPan") or "")
    last_four = masked[-4:] if masked[-4:].isdigit() else None
    acquirer = _dict(body.get("SaleData")).get("SaleToAcquirerData")
    metadata = {
        key.removeprefix("metadata."): value
        for key, value in additional_response(acquirer).items()
        if key.startswith("metadata.")
    }
    return PaymentAnswer(
        outcome=outcome_of(body.get("Response")),
        service_id=service_id,
        transaction_id=_text(sale.get("TransactionID")),
        authorised=Decimal(str(authorised)) if isinstance(authorised, int | Decimal) else None,
        currency=_text(amounts.get("Currency")),
        when=_text(poi.get("TimeStamp")) or _text(sale.get("TimeStamp")),
        brand=_text(card.get("PaymentBrand")),
        last_four=last_four,
        metadata=metadata,
    )


def status_answer(message: Any) -> StatusAnswer:
    """A ``TransactionStatusResponse`` read; the repeated payment when the original is final."""
    body = response_body(message, "TransactionStatusResponse")
    outcome = outcome_of(body.get("Response"))
    repeated = _dict(body.get("RepeatedMessageResponse"))
    payment = _dict(_dict(repeated.get("RepeatedResponseMessageBody")).get("PaymentResponse"))
    if not outcome.succeeded or not payment:
        return StatusAnswer(outcome, None)
    original = _text(_dict(repeated.get("MessageHeader")).get("ServiceID")) or _text(
        _dict(body.get("MessageReference")).get("ServiceID")
    )
    return StatusAnswer(outcome, payment_answer(payment, original))


def _dict(value: Any) -> JsonObject:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
