"""Money in the sandbox: Decimal cents, half-up tax, parsing amounts from JSON."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: Decimal) -> Decimal:
    """Round to cents, half-up (how the business's receipts round)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def tax_on(sales: Decimal, rate_percent: Decimal) -> Decimal:
    """The tax on a pre-tax amount at a percentage rate (8.875 means 8.875 %)."""
    return cents(sales * rate_percent / Decimal(100))


def parse_amount(value: object) -> Decimal | None:
    """A JSON number or numeric string as Decimal; None when it is neither (or not finite)."""
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None
