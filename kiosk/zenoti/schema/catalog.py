"""``GET /v1/centers/{center_id}/memberships`` → memberships, their benefits, and the page info."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kiosk.domain.catalog import (
    Benefit,
    BenefitKind,
    BillingFrequency,
    Catalog,
    Membership,
    MembershipType,
    Price,
)
from kiosk.domain.money import Money
from kiosk.zenoti.schema.paging import PageInfo, page_info
from kiosk.zenoti.schema.reader import Node

_BENEFIT_LISTS = (
    ("services", BenefitKind.SERVICE),
    ("classes", BenefitKind.CLASS),
    ("workshops", BenefitKind.WORKSHOP),
    ("products", BenefitKind.PRODUCT),
)
_DISCOUNT_LISTS = (
    ("services", BenefitKind.SERVICE_DISCOUNT),
    ("classes", BenefitKind.CLASS_DISCOUNT),
)


@dataclass(frozen=True, slots=True)
class MembershipPage:
    """A catalogue page: memberships (benefits not merged yet) and benefits by membership id."""

    memberships: list[Membership]
    benefits: dict[str, list[Benefit]]
    page: PageInfo | None


def parse_price(node: Node, key: str, currency: str) -> Price:
    """``price`` as an object ``{sales, tax, final}`` or a bare number (the final price)."""
    raw = node.raw(key)
    if isinstance(raw, dict):
        price = node.child(key)
        final = price.money("final", currency)
        sales = price.opt_money("sales", currency) or final
        tax = price.opt_money("tax", currency) or Money.zero(currency)
        return Price(sales=sales, tax=tax, final=final)
    final = node.money(key, currency)
    return Price(sales=final, tax=Money.zero(currency), final=final)


def parse_frequency(node: Node, key: str) -> BillingFrequency | None:
    text = node.opt_text(key)
    if text is None:
        return None
    try:
        return BillingFrequency.parse(text)
    except ValueError:
        raise node.error(f"not a frequency: {text[:40]!r}", key) from None


def parse_membership(node: Node, currency: str) -> Membership:
    is_recurring = node.flag("is_recurring_membership", default=False)
    type_code = node.opt_integer("membership_type")
    if type_code is None:
        kind = MembershipType.RECURRING if is_recurring else MembershipType.NON_RECURRING
    else:
        try:
            kind = MembershipType(type_code)
        except ValueError:
            raise node.error(f"unknown membership type {type_code}", "membership_type") from None
    images = node.raw("image_paths")
    name = node.text("name")
    return Membership(
        id=node.text("id"),
        version_id=node.opt_text("version_id"),
        code=node.opt_text("code") or "",
        name=name,
        display_name=node.opt_text("display_name") or name,
        description=node.opt_text("description") or "",
        price=parse_price(node, "price", currency),
        show_price=node.flag("show_price", default=True),
        type=kind,
        is_recurring=is_recurring or kind is MembershipType.RECURRING,
        billing_frequency=parse_frequency(node, "payment_frequency"),
        first_collection_after_days=node.opt_integer("first_collection_after"),
        terms=node.opt_text("terms_and_conditions") or "",
        terms_acceptance_required=node.flag("terms_and_conditions_acceptance", default=False),
        images=(
            {k: v for k, v in images.items() if isinstance(k, str) and isinstance(v, str) and v}
            if isinstance(images, dict)
            else {}
        ),
    )


def _percent(node: Node, key: str) -> Decimal | None:
    # A discount may be a number or an object carrying it (post-credit discounts are richer).
    raw = node.raw(key)
    if isinstance(raw, dict):
        inner = node.child(key)
        for name in ("value", "percentage", "discount"):
            if inner.has(name):
                return inner.opt_decimal(name)
        return None
    return node.opt_decimal(key)


def _name_of(node: Node, key: str) -> str | None:
    child = node.opt_child(key)
    return child.opt_text("name") if child else None


def parse_benefit(node: Node, kind: BenefitKind) -> Benefit:
    category = _name_of(node, "category")
    name = node.opt_text("name") or _name_of(node, "parent") or category or ""
    return Benefit(
        kind=kind,
        name=name,
        category=category,
        quantity=node.opt_integer("quantity"),
        allowed_per_period=node.opt_integer("allowed_quantity_in_frequency"),
        period=parse_frequency(node, "frequency"),
        expiration_days=node.opt_integer("expiration_days"),
        peak_discount_percent=_percent(node, "peak_discount"),
        off_peak_discount_percent=_percent(node, "off_peak_discount"),
    )


def parse_benefits(entry: Node) -> list[Benefit]:
    """Every benefit of one ``benefits[]`` entry, credits first, then discounts."""
    found = [parse_benefit(b, kind) for key, kind in _BENEFIT_LISTS for b in entry.items(key)]
    discounts = entry.opt_child("discounts")
    if discounts is not None:
        found += [
            parse_benefit(b, kind) for key, kind in _DISCOUNT_LISTS for b in discounts.items(key)
        ]
    return found


def parse_membership_page(body: Node, currency: str) -> MembershipPage:
    benefits: dict[str, list[Benefit]] = {}
    for entry in body.items("benefits"):
        benefits.setdefault(entry.text("membership_id"), []).extend(parse_benefits(entry))
    return MembershipPage(
        memberships=[parse_membership(m, currency) for m in body.items("memberships")],
        benefits=benefits,
        page=page_info(body),
    )


def assemble_catalog(pages: Iterable[MembershipPage]) -> Catalog:
    """Merge pages: each membership gets its benefits from any page; duplicates dropped."""
    pages = list(pages)
    benefits: dict[str, list[Benefit]] = {}
    for page in pages:
        for membership_id, found in page.benefits.items():
            benefits.setdefault(membership_id, []).extend(found)
    seen: set[str] = set()
    memberships: list[Membership] = []
    for page in pages:
        for membership in page.memberships:
            if membership.id in seen:
                continue
            seen.add(membership.id)
            own = tuple(benefits.get(membership.id, ()))
            memberships.append(dataclasses.replace(membership, benefits=own))
    return Catalog(tuple(memberships))
