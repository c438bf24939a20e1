"""The simulated Adyen cloud's answers, in the shapes of Adyen's published samples
(tests/fixtures/adyen/, each with its page): response headers, PaymentResponse bodies for each
outcome, TransactionStatusResponses, EventNotification rejects and HTTP errors.

``AdditionalResponse`` is form-encoded key-value text; amounts in ``AmountsResp`` are major units.
"""

from __future__ import annotations

import base64
import secrets
import string
import time
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

from starlette.responses import Response

from kiosk.domain.money import minor_unit_exponent
from kiosk.sandbox.adyen_store import JsonObject, Payment
from kiosk.sandbox.wire import dumps

MERCHANT_ACCOUNT = "SandboxKioskPOS"
_PSP_ALPHABET = string.ascii_uppercase + string.digits
UNREACHABLE = (
    "message=Failed+to+send+message+to+POI.+There+may+be+a+network+issue+or+it+may+not+have"
    "+the+websocket+connected."
)
NOT_A_JSON_OBJECT = "message=Input+is+not+a+JSONObject"


def now_iso(at: float | None = None) -> str:
    moment = time.gmtime(at if at is not None else time.time())
    millis = int(((at if at is not None else time.time()) % 1) * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", moment) + f".{millis:03d}Z"


def json_answer(body: Any, status: int = 200) -> Response:
    return Response(dumps(body), status_code=status, media_type="application/json")


def ok() -> Response:
    """The answer to a request that has no response message (an AbortRequest)."""
    return Response("ok", status_code=200, media_type="text/plain")


def http_error(status: int, code: str, message: str, kind: str) -> Response:
    """Adyen's error object for an HTTP request it refuses (``status``, ``errorCode``, ...)."""
    body = {"status": status, "errorCode": code, "message": message, "errorType": kind}
    return json_answer(body, status)


def reject(request_header: JsonObject, raw: bytes, details: str) -> JsonObject:
    """The cloud's EventNotification Reject of a request it did not deliver."""
    return {
        "SaleToPOIRequest": {
            "MessageHeader": {
                "DeviceID": _digits(9),
                "MessageCategory": "Event",
                "MessageClass": "Event",
                "MessageType": "Notification",
                "POIID": str(request_header.get("POIID") or "N/A"),
                "ProtocolVersion": "3.0",
                "SaleID": str(request_header.get("SaleID") or "N/A"),
                "ServiceID": str(request_header.get("ServiceID") or ""),
            },
            "EventNotification": {
                "RejectedMessage": base64.b64encode(raw).decode("ascii"),
                "EventToNotify": "Reject",
                "TimeStamp": now_iso(),
                "EventDetails": details,
            },
        }
    }


def response_header(request_header: JsonObject, category: str | None = None) -> JsonObject:
    """A request's header echoed back with ``MessageType`` Response."""
    header = dict(request_header)
    header["MessageType"] = "Response"
    if category is not None:
        header["MessageCategory"] = category
    return header


# ---------------------------------------------------------------------- payment outcomes


def psp_reference() -> str:
    return "".join(secrets.choice(_PSP_ALPHABET) for _ in range(16))


def approved(payment: Payment, card: dict[str, str]) -> JsonObject:
    """A PaymentResponse for an approved card (the amount asked for, authorised in full)."""
    psp = psp_reference()
    minor_units = minor(payment.amount, payment.currency)
    additional = urlencode(
        {
            "tid": "46403161",
            "transactionType": "GOODS_SERVICES",
            "pspReference": psp,
            "merchantReference": payment.transaction_id,
            "paymentMethod": card["brand"],
            "cardSummary": card["last_four"],
            "cardBin": card["bin"],
            "authCode": _digits(6),
            "posAuthAmountCurrency": payment.currency,
            "posAuthAmountValue": str(minor_units),
            "posOriginalAmountValue": str(minor_units),
            "offline": "false",
        },
        quote_via=quote,
    )
    return _payment_body(
        payment,
        psp,
        {"Result": "Success", "AdditionalResponse": additional},
        card=card,
        authorised=payment.amount,
    )


def failed(
    payment: Payment,
    condition: str,
    refusal: str,
    message: str | None = None,
    card: dict[str, str] | None = None,
) -> JsonObject:
    """A PaymentResponse with ``Result`` Failure; ``refusalReason`` and ``message`` as Adyen's
    samples write them (``message=NOT_ENOUGH_BALANCE&refusalReason=210%20Not%20enough...``)."""
    pairs = {"message": message or refusal, "refusalReason": refusal}
    pairs.update({"merchantReference": payment.transaction_id})
    additional = urlencode(pairs, quote_via=quote)
    body = {"Result": "Failure", "ErrorCondition": condition, "AdditionalResponse": additional}
    return _payment_body(payment, psp_reference(), body, card=card)


def busy(request_header: JsonObject, request: JsonObject, in_progress: str | None) -> JsonObject:
    """The Busy answer of a PaymentRequest sent while another transaction is on the terminal."""
    pairs = {"message": "Forbidden Request, Service Dialogue PaymentRequest is in Progress"}
    if in_progress:
        pairs = {"serviceId": in_progress, **pairs}
    found = request.get("SaleData")
    sale: JsonObject = found if isinstance(found, dict) else {}
    return {
        "SaleToPOIResponse": {
            "MessageHeader": response_header(request_header),
            "PaymentResponse": {
                "Response": {
                    "AdditionalResponse": urlencode(pairs, quote_via=quote),
                    "ErrorCondition": "Busy",
                    "Result": "Failure",
                },
                "POIData": {"POITransactionID": {"TimeStamp": now_iso(), "TransactionID": _tx()}},
                "SaleData": {"SaleTransactionID": dict(sale.get("SaleTransactionID") or {})},
            },
        }
    }


def message_format(request_header: JsonObject, category: str, problem: str) -> JsonObject:
    """A ``<category>Response`` with ``ErrorCondition`` MessageFormat (the request is invalid)."""
    return {
        "SaleToPOIResponse": {
            "MessageHeader": response_header(request_header),
            f"{category}Response": {
                "Response": {
                    "Result": "Failure",
                    "ErrorCondition": "MessageFormat",
                    "AdditionalResponse": urlencode({"message": problem}, quote_via=quote),
                }
            },
        }
    }


def _payment_body(
    payment: Payment,
    psp: str,
    response: JsonObject,
    *,
    card: dict[str, str] | None = None,
    authorised: Decimal | None = None,
) -> JsonObject:
    card_data: JsonObject = {}
    if card is not None:
        card_data = {
            "CardCountryCode": "840",
            "EntryMode": ["Tapped"],
            "MaskedPan": f"{card['bin']} **** {card['last_four']}",
            "PaymentBrand": card["brand"],
            "SensitiveCardData": {"CardSeqNumb": "01", "ExpiryDate": card.get("expiry", "1230")},
        }
    result: JsonObject = {
        "AuthenticationMethod": ["OnlinePIN"],
        "MerchantOverrideFlag": False,
        "OnlineFlag": True,
        "PaymentType": "Normal",
        "PaymentAcquirerData": {
            "AcquirerPOIID": payment.poi_id,
            "AcquirerTransactionID": {"TimeStamp": now_iso(), "TransactionID": psp},
            "MerchantID": MERCHANT_ACCOUNT,
        },
        "PaymentInstrumentData": {"CardData": card_data, "PaymentInstrumentType": "Card"},
    }
    if authorised is not None:
        result["AmountsResp"] = {"AuthorizedAmount": authorised, "Currency": payment.currency}
    header = {
        "ProtocolVersion": "3.0",
        "MessageClass": "Service",
        "MessageCategory": "Payment",
        "MessageType": "Response",
        "ServiceID": payment.service_id,
        "SaleID": payment.sale_id,
        "POIID": payment.poi_id,
    }
    return {
        "SaleToPOIResponse": {
            "MessageHeader": header,
            "PaymentResponse": {
                "POIData": {
                    "POIReconciliationID": "1000",
                    "POITransactionID": {"TimeStamp": now_iso(), "TransactionID": _tx(psp)},
                },
                "PaymentReceipt": [],
                "PaymentResult": result,
                "Response": response,
                "SaleData": {
                    "SaleTransactionID": {
                        "TimeStamp": payment.sale_timestamp,
                        "TransactionID": payment.transaction_id,
                    }
                },
            },
        }
    }


# ---------------------------------------------------------------------- transaction status


def status_in_progress(request_header: JsonObject) -> JsonObject:
    return _status(
        request_header,
        {
            "Result": "Failure",
            "ErrorCondition": "InProgress",
            "AdditionalResponse": "message=Uncompleted%20transaction",
        },
    )


def status_not_found(request_header: JsonObject, sale_id: str, service_id: str) -> JsonObject:
    detail = (
        f"Message not found. Category=Payment, last such Request has SaleID={sale_id}"
        f" ServiceID={service_id}"
    )
    return _status(
        request_header,
        {
            "ErrorCondition": "NotFound",
            "Result": "Failure",
            "AdditionalResponse": "message=" + quote(detail, safe=""),
        },
    )


def status_processed(request_header: JsonObject, payment: Payment) -> JsonObject:
    """Success: the original PaymentResponse repeated, with its header and a MessageReference."""
    original = payment.response or {}
    envelope = original.get("SaleToPOIResponse") or {}
    reference = {
        "MessageCategory": "Payment",
        "SaleID": payment.sale_id,
        "ServiceID": payment.service_id,
    }
    answer = _status(request_header, {"Result": "Success"})
    body = answer["SaleToPOIResponse"]["TransactionStatusResponse"]
    body["MessageReference"] = reference
    body["RepeatedMessageResponse"] = {
        "MessageHeader": envelope.get("MessageHeader"),
        "RepeatedResponseMessageBody": {"PaymentResponse": envelope.get("PaymentResponse")},
    }
    return answer


def _status(request_header: JsonObject, response: JsonObject) -> JsonObject:
    return {
        "SaleToPOIResponse": {
            "MessageHeader": response_header(request_header),
            "TransactionStatusResponse": {"Response": response},
        }
    }


def minor(amount: Decimal, currency: str) -> int:
    """The amount in the currency's minor units (Adyen's ``posAuthAmountValue``)."""
    return int(amount.scaleb(minor_unit_exponent(currency)))


def _digits(count: int) -> str:
    return "".join(secrets.choice(string.digits) for _ in range(count))


def _tx(psp: str | None = None) -> str:
    prefix = "".join(secrets.choice(_PSP_ALPHABET) for _ in range(2))
    stamp = f"{prefix}W5001{int(time.time() * 1000)}"
    return f"{stamp}.{psp}" if psp else stamp
