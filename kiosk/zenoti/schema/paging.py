"""``page_info`` (or ``page_Info``): how many items there are in all."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.zenoti.schema.reader import Node


@dataclass(frozen=True, slots=True)
class PageInfo:
    """Zenoti's pagination block."""

    total: int | None
    page: int | None
    size: int | None


def page_info(body: Node) -> PageInfo | None:
    for key in ("page_info", "page_Info", "pageInfo"):
        if body.has(key):
            info = body.child(key)
            return PageInfo(
                total=info.opt_integer("total"),
                page=info.opt_integer("page"),
                size=info.opt_integer("size"),
            )
    return None


def is_last_page(info: PageInfo | None, size: int, got: int, collected: int) -> bool:
    """Whether to stop after ``page``: the total is reached, the page came back short, or empty."""
    if got == 0:
        return True
    if info is not None and info.total is not None:
        return collected >= info.total
    return got < size
