"""The Zenoti checks: the center, its catalogue, the kiosk employee, the payment types, and how
much of the organisation's call budget is left.

They share one client with short timeouts and a single retry, so an unreachable Zenoti costs
seconds, not the minutes a sale's patient retries would; each call also has a hard deadline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from kiosk.config import ContentConfig, ZenotiConfig
from kiosk.doctor.result import Check
from kiosk.domain.catalog import Catalog
from kiosk.zenoti.auth import ApiKeyAuth
from kiosk.zenoti.client import ZenotiClient
from kiosk.zenoti.errors import (
    ZenotiAuthError,
    ZenotiError,
    ZenotiProtocolError,
    ZenotiRateLimited,
    ZenotiUnavailable,
)
from kiosk.zenoti.ratelimit import RateBudget
from kiosk.zenoti.session import Backoff

T = TypeVar("T")

HTTP_TIMEOUT = 10.0  # seconds for one HTTP exchange
CALL_DEADLINE = 30.0  # seconds for one check's call, retries and rate-budget waits included

FIX_REACH = "check the network, [zenoti] base_url and the API key (KIOSK_ZENOTI_API_KEY)"
FIX_KEY = (
    "set the backend API key from Zenoti (Setup → Apps) in KIOSK_ZENOTI_API_KEY or the secrets file"
)
FIX_BUDGET = (
    "the organisation's calls this minute are used up by the kiosks and other integrations "
    "sharing them: run the doctor again in a minute; if it stays low, spread the integrations out"
)


class _Failed(Exception):
    """A check ends here: ``check`` is its FAIL line."""

    def __init__(self, check: Check) -> None:
        super().__init__(check.detail)
        self.check = check


async def zenoti_checks(zenoti: ZenotiConfig, content: ContentConfig | None = None) -> list[Check]:
    """Every Zenoti check, in order; a failed center makes its dependants fail without a call.

    With the business's translations (``content``), the catalogue is also held against them."""
    budget = RateBudget(per_minute=zenoti.rate_per_minute)
    client = ZenotiClient(
        zenoti.base_url,
        ApiKeyAuth(zenoti.api_key),
        currency=zenoti.currency,
        rate_budget=budget,
        timeout=HTTP_TIMEOUT,
        max_retries=1,
        backoff=Backoff(cap=1.0, max_retry_after=5.0),
    )
    async with client:
        center = await _checked(_center(client, zenoti))
        if center.ok:
            checks = [
                center,
                *await _catalogue(client, zenoti, content),
                await _checked(_employee(client, zenoti)),
            ]
        else:
            skipped = "not checked, because the center check failed"
            checks = [
                center,
                Check.failed("catalogue", skipped, center.fix),
                Check.failed("kiosk employee", skipped, center.fix),
            ]
    return [*checks, payment_types(zenoti), _headroom(budget, center)]


async def _checked(check: Awaitable[Check]) -> Check:
    try:
        return await check
    except _Failed as failed:
        return failed.check


async def _ask(name: str, call: Awaitable[T], zenoti: ZenotiConfig, refused: str, fix: str) -> T:
    """The call's answer, or ``_Failed``: Zenoti unreachable, or it ``refused`` (do ``fix``)."""
    try:
        return await asyncio.wait_for(call, CALL_DEADLINE)
    except TimeoutError:
        detail, fix = f"no answer from {zenoti.base_url} in {CALL_DEADLINE:.0f} s", FIX_REACH
    except ZenotiAuthError as error:
        detail, fix = f"Zenoti refused the API key ({error.code})", FIX_KEY
    except ZenotiRateLimited:
        detail, fix = "Zenoti is throttling the organisation (429)", FIX_BUDGET
    except (ZenotiUnavailable, ZenotiProtocolError) as error:
        detail, fix = f"no usable answer from {zenoti.base_url} ({error.message})", FIX_REACH
    except ZenotiError as error:
        detail = f"{refused} ({error.message})"
    raise _Failed(Check.failed(name, detail, fix))


async def _center(client: ZenotiClient, zenoti: ZenotiConfig) -> Check:
    name = "center found"
    center = await _ask(
        name,
        client.center(zenoti.center_id),
        zenoti,
        f"Zenoti has no center {zenoti.center_id} for this API key",
        "copy the center's id from Zenoti (Admin → Organization → Centers) into "
        "[zenoti] center_id, or use the API key of that center's organisation",
    )
    return Check.passed(name, center.name)


async def _catalogue(
    client: ZenotiClient, zenoti: ZenotiConfig, content: ContentConfig | None
) -> list[Check]:
    """The catalogue's check, then (with the business's translations) the translations'."""
    name = "catalogue"
    call = client.memberships(zenoti.center_id)
    try:
        catalog = await _ask(name, call, zenoti, "Zenoti refused the catalogue", FIX_REACH)
    except _Failed as failed:
        return [failed.check]
    count = len(catalog.memberships)
    if count == 0:
        return [
            Check.failed(
                name,
                "no memberships on sale at this center",
                "in Zenoti, offer memberships at this center and tick 'Show in catalog'",
            )
        ]
    checks = [Check.passed(name, f"{count} membership{'s' if count != 1 else ''} on sale")]
    if content is not None and content.translations.languages:
        checks.append(translations(catalog, content))
    return checks


def translations(catalog: Catalog, content: ContentConfig) -> Check:
    """The business's translations against what is on sale: entries that name no membership
    (a typo, or one no longer sold) and terms a guest would sign in the business's language."""
    name = "translations"
    by_keys: dict[tuple[str, ...], list[str]] = {}  # languages with the same unmatched entries
    for language, keys in content.translations.unmatched(catalog.memberships).items():
        by_keys.setdefault(tuple(keys), []).append(language)
    notes = [
        f"{', '.join(languages)}: {len(keys)} entr{'y names' if len(keys) == 1 else 'ies name'} "
        f"no membership on sale at this center ({', '.join(repr(k) for k in keys[:3])}"
        f"{', …' if len(keys) > 3 else ''}): another center's, or a misspelt name or id"
        for keys, languages in by_keys.items()
    ]
    with_terms = [m for m in catalog.memberships if m.terms]
    for language in sorted(content.translations.languages):
        english = [
            m
            for m in with_terms
            if content.translations.terms_untranslated(m, language, content.language)
        ]
        if english:
            notes.append(
                f"{language}: the terms of {len(english)} of {len(with_terms)} memberships are not "
                f"translated (guests are told before signing that they are in {content.language!r})"
            )
    if notes:
        return Check.info(name, "; ".join(notes))
    languages = ", ".join(sorted(content.translations.languages))
    return Check.passed(name, f"{languages}: every entry names a membership on sale, all terms")


async def _employee(client: ZenotiClient, zenoti: ZenotiConfig) -> Check:
    name = "kiosk employee"
    fix = (
        "create an employee for the kiosk at this center in Zenoti and put its id in "
        "[zenoti] kiosk_employee_id"
    )
    call = client.employees(zenoti.center_id)
    employees = await _ask(name, call, zenoti, "Zenoti refused the employees", fix)
    found = next((e for e in employees if e.id == zenoti.kiosk_employee_id), None)
    if found is None:
        return Check.failed(
            name, f"{zenoti.kiosk_employee_id} is not an employee of this center", fix
        )
    return Check.passed(name, found.name or found.code)


def payment_types(zenoti: ZenotiConfig) -> Check:
    """INFO, never PASS: Zenoti has no API that lists custom payment types, so nothing here can
    confirm the ids; the first sale paid with each type is the proof (a wrong id fails it)."""
    types = zenoti.payment_types
    named = [f"card terminal {types.card_terminal}"]
    if types.cash:
        named.append(f"cash {types.cash}")
    named += [f"{label} {type_id}" for type_id, label in types.others]
    return Check.info(
        "custom payment types",
        f"{', '.join(named)} — not verifiable: Zenoti offers no API that lists payment types; "
        "the first sale paid with each proves its id",
    )


def _headroom(budget: RateBudget, center: Check) -> Check:
    """From the ``RateLimit-*`` headers of the last answer (Zenoti's count for the organisation)."""
    name = "rate-limit headroom"
    seen = budget.headroom
    if seen is None:
        if center.ok:
            return Check.info(name, "unknown: Zenoti's answers carried no rate-limit headers")
        return Check.failed(name, "unknown: no answer from Zenoti to read it from", center.fix)
    of = f" of {seen.limit}" if seen.limit is not None else ""
    detail = f"{seen.remaining}{of} calls left this minute"
    if seen.remaining < 1:
        wait = f", the next in {seen.reset:.0f} s" if seen.reset is not None else ""
        return Check.failed(name, detail + wait, FIX_BUDGET)
    return Check.passed(name, detail)
