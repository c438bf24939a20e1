"""Centers, employees and countries."""

from __future__ import annotations

from kiosk.domain.center import Center, Country, Employee
from kiosk.zenoti.schema.reader import Node


def _lenient_int(node: Node, key: str) -> int | None:
    # time_zone_id / currency_id are informative: a surprising shape is not worth failing a call.
    raw = node.raw(key)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        return int(raw.strip()[:18])
    return None


def parse_center(node: Node) -> Center:
    """A center, bare or wrapped as ``{"center": ...}``."""
    if node.has("center") and not node.has("id"):
        node = node.child("center")
    return Center(
        id=node.text("id"),
        code=node.opt_text("code") or "",
        name=node.opt_text("name") or node.opt_text("display_name") or "",
        phone=node.opt_text("phone") if not isinstance(node.raw("phone"), dict) else None,
        email=node.opt_text("email") if not isinstance(node.raw("email"), dict) else None,
        time_zone_id=_lenient_int(node, "time_zone_id"),
        currency_id=_lenient_int(node, "currency_id"),
    )


def parse_centers(body: Node) -> list[Center]:
    return [parse_center(c) for c in body.items("centers")]


def parse_employee(node: Node) -> Employee:
    personal = node.opt_child("personal_info")
    job = node.opt_child("job_info")
    first = personal.opt_text("first_name") if personal else None
    last = personal.opt_text("last_name") if personal else None
    if personal and not (first or last):
        first = personal.opt_text("name")
    return Employee(
        id=node.text("id"),
        code=node.opt_text("code") or "",
        first_name=first or "",
        last_name=last or "",
        job=job.opt_text("name") if job else None,
    )


def parse_employees(body: Node) -> list[Employee]:
    return [parse_employee(e) for e in body.items("employees")]


def parse_countries(body: Node) -> list[Country]:
    return [
        Country(
            id=c.integer("id"),
            code=c.opt_text("code") or "",
            name=c.opt_text("name") or "",
            phone_code=(c.opt_text("phone_code") or "").lstrip("+"),
        )
        for c in body.items("countries")
    ]
