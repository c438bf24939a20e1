"""A typed reader over parsed JSON naming the route and dotted field path of a wrong field.

Every parser reads through ``Node`` so that no KeyError, TypeError, ValueError or float escapes:
a wrong body becomes ``ZenotiProtocolError(route, "invoice.invoice_dues.balance", "...")``.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from kiosk.domain.money import Money
from kiosk.zenoti.errors import ZenotiProtocolError

# Amounts beyond this are nonsense for a kiosk and could make Decimal arithmetic explode.
_MAX_AMOUNT = Decimal(10) ** 12


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def parse_json(content: bytes) -> Any:
    """JSON with every non-integer number as Decimal; NaN/Infinity refused. Raises ValueError."""
    try:
        return json.loads(content, parse_float=Decimal, parse_constant=_refuse_constant)
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply") from exc


def encode_json(value: object) -> bytes:
    """JSON for a request body, with Decimals written as exact number literals (never via float)."""
    return _encode(value).encode("utf-8")


def _encode(value: object) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("cannot send a non-finite amount")
        return format(value, "f")
    if isinstance(value, dict):
        pairs = (f"{json.dumps(str(k))}:{_encode(v)}" for k, v in value.items())
        return "{" + ",".join(pairs) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_encode(v) for v in value) + "]"
    if value is None or isinstance(value, bool | int | str):
        return json.dumps(value)
    raise TypeError(f"cannot send {type(value).__name__} as JSON")


def _describe(value: object) -> str:
    return "null" if value is None else type(value).__name__


class Node:
    """One JSON value at a dotted ``path`` of the body of ``route``."""

    __slots__ = ("path", "route", "value")

    def __init__(self, value: object, route: str, path: str = "") -> None:
        self.value = value
        self.route = route
        self.path = path

    # -- structure -------------------------------------------------------------------------------
    def error(self, detail: str, key: str | None = None) -> ZenotiProtocolError:
        return ZenotiProtocolError(self.route, self._join(key) if key else self.path, detail)

    def _join(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _dict(self) -> dict[str, Any]:
        if not isinstance(self.value, dict):
            raise self.error(f"expected an object, got {_describe(self.value)}")
        return self.value

    def has(self, key: str) -> bool:
        """Whether this is an object with ``key`` set to something other than null."""
        return isinstance(self.value, dict) and self.value.get(key) is not None

    def raw(self, key: str) -> object:
        """The value at ``key`` (None when missing); this node must be an object."""
        return self._dict().get(key)

    def child(self, key: str) -> Node:
        """A required object."""
        node = Node(self.raw(key), self.route, self._join(key))
        node._dict()
        return node

    def opt_child(self, key: str) -> Node | None:
        """An optional object: missing or null is None."""
        return None if self.raw(key) is None else self.child(key)

    def items(self, key: str) -> list[Node]:
        """A list; missing or null is empty (Zenoti sends null for empty lists)."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(f"expected a list, got {_describe(value)}", key)
        return [Node(v, self.route, f"{self._join(key)}[{i}]") for i, v in enumerate(value)]

    def elements(self) -> list[Node]:
        """This node as a list."""
        if not isinstance(self.value, list):
            raise self.error(f"expected a list, got {_describe(self.value)}")
        return [Node(v, self.route, f"{self.path}[{i}]") for i, v in enumerate(self.value)]

    # -- scalars ---------------------------------------------------------------------------------
    def text(self, key: str) -> str:
        """A required non-empty string (ids, names)."""
        value = self.opt_text(key)
        if not value:
            raise self.error("required text is missing", key)
        return value

    def opt_text(self, key: str) -> str | None:
        """A string; numbers are accepted and written out (codes are sometimes numbers)."""
        value = self.raw(key)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return str(value)
        raise self.error(f"expected text, got {_describe(value)}", key)

    def opt_text_or_json(self, key: str) -> str | None:
        """Text; an object or list is kept as compact JSON text (Zenoti's free-form fields)."""
        value = self.raw(key)
        if isinstance(value, dict | list):
            try:
                return encode_json(value).decode("utf-8")
            except (TypeError, ValueError):
                raise self.error("unreadable value", key) from None
        return self.opt_text(key)

    def integer(self, key: str) -> int:
        value = self.opt_integer(key)
        if value is None:
            raise self.error("required number is missing", key)
        return value

    def opt_integer(self, key: str) -> int | None:
        """An int; integral Decimals and numeric strings are accepted."""
        value = self.raw(key)
        if value is None or value == "":
            return None
        number = self._number(value, key)
        if number != number.to_integral_value():
            raise self.error(f"expected a whole number, got {number}", key)
        return int(number)

    def decimal(self, key: str) -> Decimal:
        value = self.opt_decimal(key)
        if value is None:
            raise self.error("required amount is missing", key)
        return value

    def opt_decimal(self, key: str) -> Decimal | None:
        """A Decimal from a JSON number or a numeric string."""
        value = self.raw(key)
        if value is None or value == "":
            return None
        return self._number(value, key)

    def _number(self, value: object, key: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            raise self.error(f"expected a number, got {_describe(value)}", key)
        try:
            number = Decimal(value.strip() if isinstance(value, str) else value)
        except (InvalidOperation, ValueError):
            raise self.error("expected a number", key) from None
        if not number.is_finite() or abs(number) >= _MAX_AMOUNT:
            raise self.error("number out of range", key)
        return number

    def money(self, key: str, currency: str) -> Money:
        return Money(self.decimal(key), currency)

    def opt_money(self, key: str, currency: str) -> Money | None:
        amount = self.opt_decimal(key)
        return None if amount is None else Money(amount, currency)

    def money_or_zero(self, key: str, currency: str) -> Money:
        """An amount where Zenoti sends null for nothing (tips, discounts)."""
        return self.opt_money(key, currency) or Money.zero(currency)

    def flag(self, key: str, default: bool) -> bool:
        """A boolean (also ``"true"``/``"false"``, 0/1); missing or null is ``default``."""
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if isinstance(value, int) and value in (0, 1):
            return value == 1
        raise self.error(f"expected true or false, got {_describe(value)}", key)

    def opt_date(self, key: str) -> date | None:
        """A date from ``yyyy-mm-dd`` or ISO date-time; unreadable is None (display only)."""
        moment = self._iso(key)
        return moment.date() if moment else None

    def opt_datetime(self, key: str) -> datetime | None:
        """An ISO-8601 date-time (center-local when naive); unreadable is None (display only)."""
        return self._iso(key)

    def _iso(self, key: str) -> datetime | None:
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            return None
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None

    def utc_datetime(self, key: str) -> datetime | None:
        """An ISO-8601 instant; a naive one is taken as UTC."""
        moment = self._iso(key)
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment
