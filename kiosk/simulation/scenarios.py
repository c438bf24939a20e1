"""Scripted guests for ``kiosk simulate``: who they are, what they buy, how they behave at the
reader, and which faults the world throws at the sale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from kiosk.domain.sale import SaleState
from kiosk.simulation.machine import MachineFault

APPROVE = "4242424242424242"
DECLINE = "4000000000000002"
INSUFFICIENT_FUNDS = "4000000000009995"

# How a guest behaves, with how often it happens in a mixed run.
SCRIPTS: tuple[tuple[str, int], ...] = (
    ("approve", 45),
    ("decline_then_approve", 12),
    ("decline_then_leave", 5),
    ("reader_timeout_then_approve", 10),
    ("leave_before_invoice", 5),
    ("leave_at_the_reader", 6),
    ("phone", 8),
    ("cash", 5),
    ("cancel_then_approve", 4),
)

# Faults for the "chaos" profile: each is one injected failure, aimed at one step.
CHAOS_FAULTS: tuple[dict[str, Any], ...] = (
    {"method": "POST", "path": "/v1/invoices/memberships", "kind": "drop_after_commit"},
    {"method": "POST", "path": "/v1/invoices/*/payment/custom", "kind": "drop_after_commit"},
    {"method": "POST", "path": "/v1/invoices/*/close", "kind": "drop_after_commit"},
    {"method": "POST", "path": "/v1/guests", "kind": "drop_after_commit"},
    {"method": "GET", "path": "/v1/invoices/*", "kind": "status", "status": 503},
    {"method": "GET", "path": "/v1/guests/search", "kind": "status", "status": 502},
    {"method": "*", "path": "/v1/*", "kind": "rate_limit", "retry_after": 1},
    {"method": "POST", "path": "/v1/invoices/*/payment/custom", "kind": "status", "status": 500},
    {"method": "PUT", "path": "/v1/invoices/*/email", "kind": "status", "status": 503},
    {"method": "POST", "path": "/stripe/v1/payment_intents", "kind": "drop_after_commit"},
    {
        "method": "POST",
        "path": "/stripe/v1/terminal/readers/*/process_payment_intent",
        "kind": "drop_after_commit",
    },
    {"method": "GET", "path": "/stripe/v1/payment_intents/*", "kind": "status", "status": 500},
    {"method": "*", "path": "/v1/*", "kind": "latency", "latency_ms": 300},
)
# The same three reader faults, aimed at Adyen's one endpoint (it carries the payment, the status
# reads and the aborts alike): an answer lost after the request took effect, and a 500.
_STRIPE_FAULTS = CHAOS_FAULTS[9:12]
_ADYEN_FAULTS: tuple[dict[str, Any], ...] = (
    {"method": "POST", "path": "/adyen/sync", "kind": "drop_after_commit"},
    {"method": "POST", "path": "/adyen/sync", "kind": "drop"},
    {"method": "POST", "path": "/adyen/sync", "kind": "status", "status": 500},
)


def chaos_faults(reader: str) -> tuple[dict[str, Any], ...]:
    """The chaos profile's faults for the sandbox's reader of ``reader`` kind."""
    if reader != "adyen":
        return CHAOS_FAULTS
    return tuple(
        _ADYEN_FAULTS[_STRIPE_FAULTS.index(f)] if f in _STRIPE_FAULTS else f for f in CHAOS_FAULTS
    )


# States at which a "crash" may stop the kiosk (then a restarted kiosk recovers the sale).
CRASH_POINTS: tuple[SaleState, ...] = (
    SaleState.GUEST_IDENTIFIED,
    SaleState.INVOICE_REQUESTED,
    SaleState.INVOICE_READY,
    SaleState.SENT,
    SaleState.AWAITING_CARD,
    SaleState.PROCESSING,
    SaleState.APPROVED,
    SaleState.RECORDED,
    SaleState.CLOSED,
)


@dataclass(frozen=True, slots=True)
class Scenario:
    """One scripted sale."""

    number: int
    returning_guest: bool
    membership_index: int
    script: str
    faults: tuple[dict[str, Any], ...] = ()
    crash_at: SaleState | None = None
    card_before_crash: bool = False
    new_guest: dict[str, str] = field(default_factory=dict)
    machine: MachineFault | None = None  # the "machine" profile: the disk, the file, the clock


def make_scenarios(count: int, seed: int, profile: str, reader: str = "stripe") -> list[Scenario]:
    """``count`` scenarios drawn from ``seed``; ``profile`` is "none", "chaos" or "machine";
    the reader's faults are aimed at the sandbox's reader of ``reader`` kind."""
    faults_pool = chaos_faults(reader)
    rng = random.Random(seed)
    scripts = [name for name, _ in SCRIPTS]
    weights = [weight for _, weight in SCRIPTS]
    scenarios = []
    for number in range(count):
        faults: tuple[dict[str, Any], ...] = ()
        crash_at = None
        machine = None
        if profile == "machine" and rng.random() < 0.6:
            machine = MachineFault.draw(rng)
        if profile == "chaos":
            if rng.random() < 0.55:
                picked = rng.sample(faults_pool, k=rng.choice((1, 1, 2)))
                faults = tuple({**fault, "count": rng.choice((1, 1, 2))} for fault in picked)
            if rng.random() < 0.15:
                crash_at = rng.choice(CRASH_POINTS)
        scenarios.append(
            Scenario(
                number=number,
                returning_guest=rng.random() < 0.7,
                membership_index=rng.randrange(1000),
                script=rng.choices(scripts, weights)[0],
                faults=faults,
                crash_at=crash_at,
                card_before_crash=rng.random() < 0.5,
                new_guest=_new_guest(rng, number, seed),
                machine=machine,
            )
        )
    return scenarios


_FIRST = ("Ana", "Ben", "Chloé", "Dev", "Elif", "Farah", "Goran", "Hana", "Iker", "Jun")
_LAST = ("Ruiz", "Mensah", "Dubois", "Patel", "Yılmaz", "Haddad", "Novak", "Sato", "Etxeberria")


def _new_guest(rng: random.Random, number: int, seed: int) -> dict[str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    digits = f"{(seed * 7919 + number) % 10_000_000:07d}"
    return {
        "first_name": first,
        "last_name": last,
        "email": f"sim{seed}.{number}@example.com",
        "phone": f"347{digits}",
    }
