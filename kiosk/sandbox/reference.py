"""The business's reference data (centers, staff, memberships, countries, payment types).

It comes from the seed files in ``resources/sandbox/`` and never changes through the API, so it is
held in memory rather than in the store.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kiosk.resources import resource
from kiosk.sandbox.money import tax_on


@dataclass(frozen=True)
class Center:
    """One location of the business, with its own tax rate and invoice prefix."""

    id: str
    code: str
    name: str
    display_name: str
    phone: str
    email: str
    time_zone_id: int
    time_zone: str
    currency_id: int
    tax_rate: Decimal
    invoice_prefix: str
    address_info: dict[str, Any]


@dataclass(frozen=True)
class Employee:
    """A member of staff (the kiosk itself is one, so kiosk sales show in reports)."""

    id: str
    code: str
    first_name: str
    last_name: str
    gender: int
    job: dict[str, str]
    center_ids: tuple[str, ...]


@dataclass(frozen=True)
class Membership:
    """A membership the business sells; ``setup_fee`` is set only for type 2."""

    id: str
    version_id: str
    center_ids: tuple[str, ...]
    name: str
    display_name: str
    code: str
    description: str
    price: Decimal
    setup_fee: Decimal | None
    membership_type: int
    payment_frequency: str
    first_collection_after: int
    duration_months: int | None
    sale_from: date | None
    sale_until: date | None
    terms: str
    image: str
    # Zenoti's benefit lists of this membership (services, classes, workshops, products,
    # discounts.services/classes), each entry as Zenoti's sample has it, naming this membership.
    benefits: dict[str, Any]

    @property
    def is_recurring(self) -> bool:
        return self.membership_type in (1, 2)

    def on_sale(self, center_id: str, today: date) -> bool:
        """Sold at this center today (inside its sale period)."""
        if center_id not in self.center_ids:
            return False
        if self.sale_from and today < self.sale_from:
            return False
        return not (self.sale_until and today > self.sale_until)

    def price_at(self, center: Center) -> dict[str, Any]:
        tax = tax_on(self.price, center.tax_rate)
        return {
            "currency_id": center.currency_id,
            "sales": self.price,
            "tax": tax,
            "final": self.price + tax,
        }


@dataclass(frozen=True)
class Reference:
    """Everything the seed says about the business, read-only."""

    organisation: dict[str, Any]
    currency: dict[str, Any]
    employee_login: dict[str, str]
    centers: tuple[Center, ...]
    employees: tuple[Employee, ...]
    custom_payment_types: tuple[dict[str, str], ...]
    countries: tuple[dict[str, Any], ...]
    memberships: tuple[Membership, ...]
    mandatory_guest_fields: tuple[str, ...]
    seed_guests: tuple[dict[str, Any], ...]

    def center(self, center_id: object) -> Center | None:
        return next((c for c in self.centers if c.id == center_id), None)

    def employee(self, employee_id: object) -> Employee | None:
        return next((e for e in self.employees if e.id == employee_id), None)

    def membership(self, membership_id: object) -> Membership | None:
        return next((m for m in self.memberships if membership_id in (m.id, m.version_id)), None)

    def country(self, country_id: object) -> dict[str, Any] | None:
        return next((c for c in self.countries if c["id"] == country_id), None)

    def payment_type(self, type_id: object) -> dict[str, str] | None:
        return next((p for p in self.custom_payment_types if p["id"] == type_id), None)

    @property
    def kiosk_employee(self) -> Employee:
        return next(e for e in self.employees if e.code == "KIOSK")


def _read(folder: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / name).read_text(encoding="utf-8"))
    return data


def benefit_entries(benefits: dict[str, Any]) -> list[dict[str, Any]]:
    """Every entry of one membership's benefit lists."""
    lists = [benefits.get(k) or [] for k in ("services", "classes", "workshops", "products")]
    discounts = benefits.get("discounts") or {}
    lists += [discounts.get(k) or [] for k in ("services", "classes")]
    return [entry for entries in lists for entry in entries]


def with_membership_id(benefits: dict[str, Any], membership_id: str) -> dict[str, Any]:
    """The same benefit lists, every entry naming ``membership_id``."""
    copied: dict[str, Any] = copy.deepcopy(benefits)
    for entry in benefit_entries(copied):
        entry["membership_id"] = membership_id
    return copied


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load_reference(folder: Path | None = None, catalogue_size: int | None = None) -> Reference:
    """Read the seed files (``resources/sandbox/*.json`` unless another folder is given).

    ``catalogue_size`` gives the first center exactly that many memberships, the seed's own
    first and then numbered copies of them, so the kiosk can be measured on a large catalogue.
    """
    folder = folder or resource("sandbox")
    org = _read(folder, "organisation.json")
    catalogue = _read(folder, "memberships.json")
    centers = tuple(Center(**{**c, "tax_rate": Decimal(c["tax_rate"])}) for c in org["centers"])
    employees = tuple(
        Employee(**{**e, "center_ids": tuple(e["center_ids"])}) for e in org["employees"]
    )
    memberships = tuple(
        Membership(
            **{
                **m,
                "center_ids": tuple(m["center_ids"]),
                "price": Decimal(m["price"]),
                "setup_fee": Decimal(m["setup_fee"]) if m["setup_fee"] else None,
                "sale_from": _day(m["sale_from"]),
                "sale_until": _day(m["sale_until"]),
                "terms": catalogue["terms"][m["terms"]],
            }
        )
        for m in catalogue["memberships"]
    )
    for membership in memberships:
        named = {e.get("membership_id") for e in benefit_entries(membership.benefits)}
        if named - {membership.id}:
            raise ValueError(f"a benefit of {membership.name} names another membership")
    if catalogue_size is not None:
        memberships = synthetic_catalogue(memberships, centers[0].id, catalogue_size)
    return Reference(
        organisation=org["organisation"],
        currency=org["currency"],
        employee_login=org["employee_login"],
        centers=centers,
        employees=employees,
        custom_payment_types=tuple(org["custom_payment_types"]),
        countries=tuple(_read(folder, "countries.json")["countries"]),
        memberships=memberships,
        mandatory_guest_fields=tuple(org["settings"]["mandatory_guest_fields"]),
        seed_guests=tuple(_read(folder, "guests.json")["guests"]),
    )


def synthetic_catalogue(
    seed: tuple[Membership, ...], center_id: str, size: int
) -> tuple[Membership, ...]:
    """``size`` memberships on sale at ``center_id``: the seed's, then numbered copies."""
    today = date.today()
    pool = [
        m
        for m in seed
        if m.center_ids == (center_id,)
        and (m.sale_from is None or m.sale_from <= today)
        and (m.sale_until is None or m.sale_until >= today)
    ]
    chosen = list(pool[:size])
    for number in range(len(chosen), size):
        base = pool[number % len(pool)]
        copy_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base.id}/{number}"))
        chosen.append(
            dataclasses.replace(
                base,
                id=copy_id,
                version_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base.version_id}/{number}")),
                name=f"{base.name} {number + 1}",
                display_name=f"{base.display_name} {number + 1}",
                code=f"{base.code[:6]}{number:04d}",
                benefits=with_membership_id(base.benefits, copy_id),
            )
        )
    return tuple(chosen)
