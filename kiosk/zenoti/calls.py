"""``ZenotiCalls``: the connection to one Zenoti organisation and how every route is called (one
GET, one write whose unreadable answer is an unknown outcome, every page of a list)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from kiosk import APP_NAME, __version__
from kiosk.domain.money import Money
from kiosk.zenoti.auth import Auth
from kiosk.zenoti.errors import ZenotiProtocolError, ZenotiUnknownOutcome
from kiosk.zenoti.ratelimit import CallBudget, RateBudget
from kiosk.zenoti.schema.paging import is_last_page, page_info
from kiosk.zenoti.schema.reader import Node
from kiosk.zenoti.session import AnswerListener, Backoff, Params, ZenotiSession

T = TypeVar("T")

PAGE_SIZE = 100  # Zenoti's maximum
MAX_PAGES = 100  # a server that never says "last page" must not keep the kiosk busy forever


class ZenotiCalls:
    """The session under every route: ``async with`` it, or ``aclose()`` it."""

    def __init__(
        self,
        base_url: str,
        auth: Auth,
        *,
        currency: str,
        rate_budget: CallBudget | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
        max_retries: int = 3,
        backoff: Backoff | None = None,
        app_name: str = APP_NAME,
        app_version: str = __version__,
        on_answer: AnswerListener | None = None,
    ) -> None:
        self.currency = Money.zero(currency).currency  # validates the ISO code
        self._session = ZenotiSession(
            base_url,
            auth,
            rate_budget=rate_budget or RateBudget(),
            transport=transport,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff or Backoff(),
            app_name=app_name,
            app_version=app_version,
            on_answer=on_answer,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._session.aclose()

    # -- plumbing --------------------------------------------------------------------------------
    async def _get(
        self,
        template: str,
        parse: Callable[[Node], T],
        *,
        path: Mapping[str, str] | None = None,
        params: Params | None = None,
    ) -> T:
        body = await self._session.call("GET", template, path=path, params=params)
        return parse(Node(body, f"GET {template}"))

    async def _write(
        self,
        method: str,
        template: str,
        parse: Callable[[Node], T],
        *,
        path: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> T:
        route = f"{method} {template}"
        answer = await self._session.call(method, template, path=path, body=body)
        try:
            return parse(Node(answer, route))
        except ZenotiProtocolError as exc:
            # Zenoti acted (2xx, no error) but we cannot tell what it did: read back, don't re-post.
            raise ZenotiUnknownOutcome(route, f"unreadable answer ({exc.message})") from exc

    async def _all_pages(
        self,
        template: str,
        parse: Callable[[Node], list[T]],
        *,
        path: Mapping[str, str],
        params: Mapping[str, str] | None = None,
    ) -> list[T]:
        found: list[T] = []
        for page in range(1, MAX_PAGES + 1):
            query = {**(params or {}), "page": str(page), "size": str(PAGE_SIZE)}
            pair = await self._get(
                template, lambda n: (parse(n), page_info(n)), path=path, params=query
            )
            items, info = pair
            found += items
            if is_last_page(info, PAGE_SIZE, len(items), len(found)):
                break
        return found
