"""Money and dates in the guest's language, from Decimal amounts (never through a float)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from kiosk.domain.money import Money

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "$", "AUD": "$", "INR": "₹", "MXN": "$"}

# A sample the locale formats, to learn where it puts the symbol, separators and digits.
_SAMPLE = 1234.5


def format_money(money: Money, locale: QLocale, *, cents: bool = True) -> str:
    """``$1,234.50`` / ``1234,50 $`` / RTL forms, computed from the Decimal itself."""
    symbol = SYMBOLS.get(money.currency, money.currency + " ")
    digits = money.exponent if cents or money.amount % 1 else 0
    amount = money.amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    template = locale.toCurrencyString(_SAMPLE, symbol)
    sample_number = locale.toString(_SAMPLE, "f", 2)
    number = _format_number(amount, locale, digits)
    if sample_number in template:
        return template.replace(sample_number, number)
    return f"{symbol}{number}"


def _format_number(amount: Decimal, locale: QLocale, digits: int) -> str:
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):.{digits}f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = locale.groupSeparator().join(groups)
    if fraction:
        text += locale.decimalPoint() + fraction
    zero = locale.zeroDigit()
    if zero != "0":
        text = "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in text)
    return sign + text


def format_date(day: date, locale: QLocale) -> str:
    """A date the way the guest's language writes it, in full (``March 5, 2027``)."""
    return locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)


def format_when(moment: datetime, locale: QLocale, *, with_date: bool = True) -> str:
    """A moment in the kiosk's local time, short (``2027-03-05 14:05``, or ``14:05`` alone)."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    if not with_date:
        return locale.toString(QTime(local.hour, local.minute), "HH:mm")
    stamp = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return locale.toString(stamp, "yyyy-MM-dd HH:mm")
