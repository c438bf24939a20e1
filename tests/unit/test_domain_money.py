"""Money: Decimal only, one currency at a time, minor units for card processors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.money import Money

amounts = st.decimals(
    min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2, allow_nan=False
)


def test_a_float_amount_is_refused() -> None:
    with pytest.raises(TypeError):
        Money(12.5, "USD")  # type: ignore[arg-type]


def test_a_bool_amount_is_refused() -> None:
    with pytest.raises(TypeError):
        Money(True, "USD")  # type: ignore[arg-type]


def test_non_finite_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="finite"):
        Money(Decimal("NaN"), "USD")
    with pytest.raises(ValueError, match="finite"):
        Money(Decimal("Infinity"), "USD")


@pytest.mark.parametrize("currency", ["US", "USDX", "U$D", "", "12A"])
def test_currency_must_be_a_three_letter_code(currency: str) -> None:
    with pytest.raises(ValueError, match="ISO-4217"):
        Money(Decimal(1), currency)


def test_currency_is_upper_cased_and_ints_become_decimals() -> None:
    money = Money(5, "usd")  # type: ignore[arg-type]
    assert money.currency == "USD"
    assert isinstance(money.amount, Decimal)


def test_of_parses_a_decimal_string() -> None:
    assert Money.of("12.50", "USD") == Money(Decimal("12.50"), "USD")
    assert Money.of(" 3 ", "EUR").amount == Decimal(3)
    with pytest.raises(ValueError, match="decimal"):
        Money.of("twelve", "USD")


def test_arithmetic_across_currencies_is_refused() -> None:
    usd, eur = Money.of("1", "USD"), Money.of("1", "EUR")
    with pytest.raises(ValueError, match="USD with EUR"):
        usd + eur
    with pytest.raises(ValueError, match="combine"):
        usd - eur
    with pytest.raises(ValueError, match="combine"):
        _ = usd < eur
    assert usd != eur


def test_adding_a_number_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Money.of("1", "USD") + Decimal(1)  # type: ignore[operator]


def test_minor_units_for_two_zero_and_three_decimal_currencies() -> None:
    assert Money.of("96.12", "USD").minor_units() == 9612
    assert Money.of("96.125", "USD").minor_units() == 9613  # half up
    assert Money.of("1500", "JPY").minor_units() == 1500
    assert Money.of("1500.5", "KRW").minor_units() == 1501
    assert Money.of("1.234", "KWD").minor_units() == 1234


def test_quantized_rounds_half_up_to_cents() -> None:
    assert Money.of("0.005", "USD").quantized().amount == Decimal("0.01")
    assert Money.of("-0.005", "USD").quantized().amount == Decimal("-0.01")
    assert str(Money.of("7", "USD")) == "7.00 USD"


def test_zero_total_and_flags() -> None:
    assert Money.zero("USD").is_zero
    parts = [Money.of("1.10", "USD"), Money.of("2.20", "USD")]
    assert Money.total(parts, "USD") == Money.of("3.30", "USD")
    assert Money.total([], "EUR") == Money.zero("EUR")
    assert (-Money.of("1", "USD")).is_negative
    assert Money.of("2.50", "USD") * 3 == Money.of("7.50", "USD")


@given(amounts, amounts)
def test_addition_and_subtraction_are_exact_inverses(a: Decimal, b: Decimal) -> None:
    x, y = Money(a, "USD"), Money(b, "USD")
    assert (x + y) - y == x
    assert x + y == y + x
    assert (x + y).amount == a + b


@given(amounts, amounts)
def test_ordering_agrees_with_the_amounts(a: Decimal, b: Decimal) -> None:
    x, y = Money(a, "USD"), Money(b, "USD")
    assert (x < y) == (a < b)
    assert (x <= y) == (a <= b)
    assert (x > y) == (a > b)
    assert (x >= y) == (a >= b)


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), allow_nan=False))
def test_minor_units_round_trip_through_quantized(a: Decimal) -> None:
    money = Money(a, "USD")
    cents = money.minor_units()
    assert Decimal(cents) / 100 == money.quantized().amount
    assert abs(money.quantized().amount - a) <= Decimal("0.005")
