"""``/_sandbox/*``: how tests and the kiosk configure, inspect and reset the sandbox.

No authentication, not rate-limited, not logged, never faulted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from kiosk.sandbox import adyen_api, printer_routes, reader_api
from kiosk.sandbox.card_form import DECLINED_CARD, TEST_CARD
from kiosk.sandbox.errors import ZenotiError
from kiosk.sandbox.invoice_views import invoice_json
from kiosk.sandbox.ledger import list_invoices
from kiosk.sandbox.wire import endpoint, json_body
from kiosk.sandbox.zenoti_catalog import COUNTRY_FIELDS

if TYPE_CHECKING:
    from kiosk.sandbox.state import SandboxState

LOGIN_KEYS = ("account_name", "user_name", "password", "app_id", "app_secret")


def routes(state: SandboxState) -> list[BaseRoute]:
    """The control routes."""
    ref, store = state.ref, state.store

    async def info(request: Request) -> dict[str, Any]:
        return {
            "api_key": state.api_key,
            "organisation": ref.organisation["name"],
            "currency": ref.currency["code"],
            "currency_id": ref.currency["id"],
            "centers": [{"id": c.id, "name": c.name, "tax_rate": c.tax_rate} for c in ref.centers],
            "employees": {"kiosk": ref.kiosk_employee.id},
            "custom_payment_types": [dict(p) for p in ref.custom_payment_types],
            "employee_login": {k: ref.employee_login[k] for k in LOGIN_KEYS},
            "countries": [{k: c[k] for k in COUNTRY_FIELDS} for c in ref.countries],
            "test_cards": {"approved": TEST_CARD, "declined": DECLINED_CARD},
            "reader": reader_api.info(state),
            "adyen": adyen_api.info(state),
            "printer": printer_routes.info(state),
        }

    async def reset(request: Request) -> dict[str, Any]:
        state.reset()
        return {"reset": True}

    async def get_settings(request: Request) -> dict[str, Any]:
        return state.settings.to_json()

    async def put_settings(request: Request) -> dict[str, Any]:
        state.apply(state.settings.merged(await json_body(request)))
        return state.settings.to_json()

    async def add_fault(request: Request) -> dict[str, Any]:
        return {"id": state.faults.add(await json_body(request)).id}

    async def list_faults(request: Request) -> dict[str, Any]:
        return {"faults": state.faults.to_json()}

    async def clear_faults(request: Request) -> dict[str, Any]:
        state.faults.clear()
        return {"faults": []}

    async def list_requests(request: Request) -> dict[str, Any]:
        return {"requests": state.requests.to_json()}

    async def clear_requests(request: Request) -> dict[str, Any]:
        state.requests.clear()
        return {"requests": []}

    async def outbox(request: Request) -> dict[str, Any]:
        rows = store.query(
            "SELECT invoice_id, to_address, subject, sent_at FROM outbox ORDER BY id"
        )
        emails = [
            {
                "invoice_id": r["invoice_id"],
                "to": r["to_address"],
                "subject": r["subject"],
                "sent_at": r["sent_at"],
            }
            for r in rows
        ]
        return {"emails": emails}

    async def invoices(request: Request) -> dict[str, Any]:
        found = []
        for invoice in list_invoices(store):
            center = ref.center(invoice.center_id)
            if center is None:
                raise ZenotiError(500, 4023, f"invoice {invoice.id} has an unknown center")
            found.append(invoice_json(store, center, invoice, items=True, transactions=True))
        return {"invoices": found}

    def route(path: str, handler: Any, method: str) -> Route:
        return Route(f"/_sandbox/{path}", endpoint(handler), methods=[method])

    return [
        route("info", info, "GET"),
        route("reset", reset, "POST"),
        route("settings", get_settings, "GET"),
        route("settings", put_settings, "PUT"),
        route("faults", add_fault, "POST"),
        route("faults", list_faults, "GET"),
        route("faults", clear_faults, "DELETE"),
        route("requests", list_requests, "GET"),
        route("requests", clear_requests, "DELETE"),
        route("outbox", outbox, "GET"),
        route("invoices", invoices, "GET"),
    ]
