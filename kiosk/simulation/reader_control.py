"""The sandbox's simulated card reader of either kind, as a scripted run drives and inspects it:
the Stripe reader (``/_sandbox/reader``, ``/_sandbox/payment_intents``) or the Adyen terminal
(``/_sandbox/adyen/terminal``, ``/_sandbox/adyen/payments``). Both take the same script keys
(``next_process`` timeout | busy | offline, ``online``, ``processing_ms``) and list their payments
in the same shape (``id`` = the reference recorded in Zenoti, ``status``, ``metadata.sale_id``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from kiosk.sandbox_process import SandboxProcess

READER_KINDS = ("stripe", "adyen")


@dataclass(frozen=True)
class ReaderControl:
    """Scripts and reads the sandbox's reader of ``kind``."""

    sandbox: SandboxProcess
    kind: str = "stripe"

    def script(self, **changes: Any) -> dict[str, Any]:
        if self.kind != "adyen":
            return self.sandbox.reader(**changes)
        result: dict[str, Any] = self._call("POST", "/_sandbox/adyen/terminal", changes)
        return result

    def payments(self) -> list[dict[str, Any]]:
        """Every payment the reader's processor holds (Stripe's intents, Adyen's payments)."""
        if self.kind != "adyen":
            return self.sandbox.payment_intents()
        rows: list[dict[str, Any]] = self._call("GET", "/_sandbox/adyen/payments")["payments"]
        return rows

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        with httpx.Client(base_url=self.sandbox.base_url, timeout=10.0) as http:
            response = http.request(method, path, json=body)
            response.raise_for_status()
            return response.json()
