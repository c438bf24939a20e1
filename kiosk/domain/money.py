"""Money: a Decimal amount in one ISO-4217 currency. Never a float."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Currencies whose minor unit is not the hundredth (Stripe's zero- and three-decimal lists).
_ZERO_DECIMAL = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA"}
    | {"PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"}
)
_THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


def minor_unit_exponent(currency: str) -> int:
    """How many decimals the currency's minor unit has (2 for USD, 0 for JPY, 3 for KWD)."""
    if currency in _ZERO_DECIMAL:
        return 0
    if currency in _THREE_DECIMAL:
        return 3
    return 2


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of one currency; arithmetic and ordering only within that currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, Decimal | int):
            raise TypeError(f"Money needs a Decimal amount, not {type(self.amount).__name__}")
        amount = Decimal(self.amount)
        if not amount.is_finite():
            raise ValueError("Money needs a finite amount")
        if not isinstance(self.currency, str):
            raise TypeError("currency must be a str")
        currency = self.currency.upper()
        if len(currency) != 3 or not (currency.isascii() and currency.isalpha()):
            raise ValueError(f"not an ISO-4217 currency code: {self.currency!r}")
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "currency", currency)

    @classmethod
    def of(cls, amount: str | int | Decimal, currency: str) -> Money:
        """``Money.of("12.50", "USD")``; a string must be a plain decimal number."""
        if isinstance(amount, str):
            try:
                amount = Decimal(amount.strip())
            except InvalidOperation:
                raise ValueError(f"not a decimal amount: {amount!r}") from None
        return cls(Decimal(amount), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Nothing, in ``currency``."""
        return cls(Decimal(0), currency)

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: str) -> Money:
        """The sum of ``amounts`` (zero when empty); all must be in ``currency``."""
        result = cls.zero(currency)
        for amount in amounts:
            result = result + amount
        return result

    @property
    def exponent(self) -> int:
        """Decimals of this currency's minor unit."""
        return minor_unit_exponent(self.currency)

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    @property
    def is_negative(self) -> bool:
        return self.amount < 0

    def quantized(self) -> Money:
        """Rounded to the currency's minor unit (cents), half up."""
        step = Decimal(1).scaleb(-self.exponent)
        return Money(self.amount.quantize(step, rounding=ROUND_HALF_UP), self.currency)

    def minor_units(self) -> int:
        """The amount in minor units (cents; yen for JPY), rounded half up (for Stripe)."""
        return int(self.quantized().amount.scaleb(self.exponent))

    def _same_currency(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same_currency(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same_currency(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            raise TypeError("Money can only be multiplied by an int or a Decimal")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same_currency(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same_currency(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same_currency(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same_currency(other).amount

    def __str__(self) -> str:
        return f"{self.quantized().amount} {self.currency}"
