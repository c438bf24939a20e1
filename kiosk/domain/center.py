"""Where the kiosk sells (the center), who it sells as (an employee), and countries for phones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Center:
    """A Zenoti center (one location of the business)."""

    id: str
    code: str
    name: str
    phone: str | None = None
    email: str | None = None
    time_zone_id: int | None = None
    currency_id: int | None = None


@dataclass(frozen=True, slots=True)
class Employee:
    """A Zenoti employee; the kiosk sells, collects and closes as a dedicated one."""

    id: str
    code: str
    first_name: str
    last_name: str
    job: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class Country:
    """A country as Zenoti numbers it: ``id`` goes in ``mobile_phone.country_code``."""

    id: int
    code: str
    name: str
    phone_code: str
