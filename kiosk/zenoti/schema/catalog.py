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


def _acceptance(node: Node, key: str) -> bool:
    """Whether the guest must accept the terms: Zenoti's table calls the field an acceptance text
    (a string), its sample has null, earlier integrations saw a boolean. A text asks for it."""
    raw = node.raw(key)
    if isinstance(raw, str) and raw.strip().lower() not in ("true", "false"):
        return bool(raw.strip())
    return node.flag(key, default=False)


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
        terms_acceptance_required=_acceptance(node, "terms_and_conditions_acceptance"),
        images=(
            {k: v for k, v in images.items() if isinstance(k, str) and isinstance(v, str) and v}
            if isinstance(images, dict)
            else {}
        ),
    )


def _percent(node: Node, key: str) -> Decimal | None:
    # A discount is a number or null in Zenoti's sample; an object carrying it is read too.
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
    name = child.opt_text("name") if child else None
    return (name.strip() or None) if name else None


def _code(node: Node, key: str) -> int | None:
    """Zenoti's ``frequency``/``frequency_mode``: a whole number, ``-1`` or null for none.

    Zenoti publishes no meaning for the numbers; anything else (text, a fraction) is read as
    "not given" rather than failing the catalogue over a field the kiosk only reports.
    """
    raw = node.raw(key)
    if isinstance(raw, str):
        text = raw.strip()
        raw = int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None
    if isinstance(raw, Decimal) and raw.is_finite() and abs(raw) < 10**9:
        raw = int(raw) if raw == raw.to_integral_value() else None
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < 10**9:
        return raw
    return None


def parse_benefit(node: Node, kind: BenefitKind) -> Benefit:
    """One entry of Zenoti's ``benefits`` lists.

    An entry names no item of its own: ``category`` is the node the benefit is set on (a category
    when ``is_category``, else an item), ``parent`` and ``grand_parent`` the menu above it. The
    benefit is named after the first of those that has a name, and ``category`` is the next one.
    Zenoti's reference has no field table for these entries: this reading is the kiosk's own.
    """
    names = [n for n in (_name_of(node, k) for k in ("category", "parent", "grand_parent")) if n]
    allowed = node.opt_integer("allowed_quantity_in_frequency")
    return Benefit(
        kind=kind,
        name=names[0] if names else "",
        category=names[1] if len(names) > 1 else None,
        is_category=node.flag("is_category", default=False),
        quantity=node.opt_integer("quantity"),
        allowed_per_period=allowed if allowed and allowed > 0 else None,
        frequency=_code(node, "frequency"),
        frequency_mode=_code(node, "frequency_mode"),
        expiration_days=node.opt_integer("expiration_days"),
        peak_discount_percent=_percent(node, "peak_discount"),
        off_peak_discount_percent=_percent(node, "off_peak_discount"),
        post_credit_peak_discount_percent=_percent(node, "post_credit_consumption_peak_discount"),
        post_credit_off_peak_discount_percent=_percent(
            node, "post_credit_consumption_off_peak_discount"
        ),
    )


def parse_benefits(body: Node) -> dict[str, list[Benefit]]:
    """Zenoti's top-level ``benefits``: one object keyed by kind for the whole page, each entry
    naming its ``membership_id``; credits first, then discounts. Null is no benefits.

    An entry without a ``membership_id`` belongs to no membership and is left out.
    """
    found: dict[str, list[Benefit]] = {}
    benefits = body.opt_child("benefits")
    if benefits is None:
        return found
    groups = [(benefits, key, kind) for key, kind in _BENEFIT_LISTS]
    discounts = benefits.opt_child("discounts")
    if discounts is not None:
        groups += [(discounts, key, kind) for key, kind in _DISCOUNT_LISTS]
    for parent, key, kind in groups:
        for entry in parent.items(key):
            membership_id = entry.opt_text("membership_id")
            if membership_id:
                found.setdefault(membership_id, []).append(parse_benefit(entry, kind))
    return found


def parse_membership_page(body: Node, currency: str) -> MembershipPage:
    return MembershipPage(
        memberships=[parse_membership(m, currency) for m in body.items("memberships")],
        benefits=parse_benefits(body),
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
