"""``kiosk screenshots``: every screen, in both layout profiles and every language, as PNG files.

It runs a real sale against a sandbox of its own, moving through the screens the way a guest
would, and grabs each one. Used to review the UI, and for the pictures in the README.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtWidgets import QApplication

from kiosk.commands.screenshots_staff import STAFF_STEPS
from kiosk.config import KioskConfig, config_from_sandbox
from kiosk.domain.catalog import Catalog, Membership
from kiosk.domain.guest import Phone
from kiosk.domain.sale import SaleState
from kiosk.sandbox_process import SandboxProcess, start_sandbox
from kiosk.simulation.driving import wait_for_state
from kiosk.ui import routes
from kiosk.ui.asyncbridge import GarbageCollector
from kiosk.ui.brand import Brand
from kiosk.ui.flow import SaleFlow
from kiosk.ui.i18n import LANGUAGES, translator
from kiosk.ui.screens import SCREENS
from kiosk.ui.theme import PROFILES, Look
from kiosk.ui.window import KioskWindow
from kiosk.wiring import open_engine

SETTLE_S = 0.35  # layouts, fonts and fades settle before a grab
DECLINE = "4000000000000002"
APPROVE = "4242424242424242"
JAMES_PHONE_DIGITS = "9175550199"


@dataclass(frozen=True, slots=True)
class Shot:
    """One picture: a name, and how to bring the kiosk there from the previous shot."""

    name: str
    go: Callable[[KioskWindow, SandboxProcess], Awaitable[None]]


async def _attract(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.router.go(routes.Attract())


async def _catalog(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.router.go(routes.Catalog())
    await window.flow.catalogue()


async def _membership(window: KioskWindow, sandbox: SandboxProcess) -> None:
    catalog = await window.flow.catalogue()
    window.router.go(routes.Membership(membership=_by_name(catalog, "Glow Monthly")))


async def _compare(window: KioskWindow, sandbox: SandboxProcess) -> None:
    catalog = await window.flow.catalogue()
    names = ("Glow Monthly", "Restore Annual", "Serenity 3-Month Pass")
    picks = tuple(_by_name(catalog, name) for name in names)
    window.router.go(routes.Compare(memberships=picks))


async def _identify(window: KioskWindow, sandbox: SandboxProcess) -> None:
    catalog = await window.flow.catalogue()
    await window.flow.begin([_by_name(catalog, "Glow Monthly").id])
    window.router.go(routes.Identify())


async def _reach(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.set_reach(True)  # a portrait kiosk only; the tablet has no reach mode


async def _register(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.set_reach(False)
    window.router.go(routes.Register(phone=Phone(225, "3475550111")))


async def _terms(window: KioskWindow, sandbox: SandboxProcess) -> None:
    from kiosk.domain.guest import Phone

    sale = window.flow.sale
    found = await sale.find_guests(phone=Phone(225, JAMES_PHONE_DIGITS))
    await sale.choose_guest(found[0].guest_id)
    window.router.go(routes.Terms())


async def _review(window: KioskWindow, sandbox: SandboxProcess) -> None:
    sale = window.flow.sale
    await sale.accept_terms("terms", SIGNATURE)
    await sale.create_invoice()
    window.router.go(routes.Review())


async def _payment_waiting(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.router.go(routes.Payment())
    await asyncio.sleep(SETTLE_S)
    window.router.current.pay_by_card()  # type: ignore[attr-defined]
    await wait_for_state(window.flow.sale, SaleState.AWAITING_CARD)


async def _payment_declined(window: KioskWindow, sandbox: SandboxProcess) -> None:
    await window.flow.sale.present_test_card(DECLINE)
    await wait_for_state(window.flow.sale, SaleState.DECLINED)


async def _save_card(window: KioskWindow, sandbox: SandboxProcess) -> None:
    # Glow Monthly is recurring and James has no saved card: the card step comes next.
    window.router.current.pay_by_card()  # type: ignore[attr-defined]
    await wait_for_state(window.flow.sale, SaleState.AWAITING_CARD)
    await window.flow.sale.present_test_card(APPROVE)
    await wait_for_state(window.flow.sale, SaleState.SAVING_CARD)


async def _receipt(window: KioskWindow, sandbox: SandboxProcess) -> None:
    page = window.flow.sale.view.add_card_uri
    if page is not None:  # the guest's phone saves the card on Zenoti's page
        async with httpx.AsyncClient(timeout=10.0) as phone:
            await phone.post(page, data={"number": APPROVE, "expiry": "12/39", "cvc": "123"})
    await wait_for_state(window.flow.sale, SaleState.COMPLETED)
    for _ in range(100):
        if window.router.current.name == "receipt":
            break
        await asyncio.sleep(0.05)


async def _still_there(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.overlay.ask(15)


async def _unavailable(window: KioskWindow, sandbox: SandboxProcess) -> None:
    window.overlay.dismiss()
    window.reset()
    window.router.go(routes.Unavailable())


SHOTS: tuple[Shot, ...] = (
    Shot("01-attract", _attract),
    Shot("02-catalog", _catalog),
    Shot("03-membership", _membership),
    Shot("04-compare", _compare),
    Shot("05-identify", _identify),
    Shot("05-identify-reach", _reach),
    Shot("06-register", _register),
    Shot("07-terms", _terms),
    Shot("08-review", _review),
    Shot("09-payment-waiting", _payment_waiting),
    Shot("10-payment-declined", _payment_declined),
    Shot("11-save-card", _save_card),
    Shot("11-receipt", _receipt),
    Shot("12-still-there", _still_there),
    Shot("13-unavailable", _unavailable),
    *(Shot(name, go) for name, go in STAFF_STEPS),
)

# A small signature image for recurring consent (the pad's export is PNG as well).
SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _by_name(catalog: Catalog, name: str) -> Membership:
    # Zenoti's catalogue carries no membership code: the sandbox seed's names are what is stable.
    return next(m for m in catalog if m.name == name)


async def render_all(
    out: Path,
    *,
    profiles: Sequence[str] = tuple(PROFILES),
    languages: Sequence[str] = tuple(LANGUAGES),
    scales: Sequence[float] = (1.0,),
) -> list[Path]:
    """Render every shot for every profile, language and text scale; returns the files."""
    out.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - once, before anything runs
    collector = GarbageCollector()
    collector.start()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-screenshots-") as scratch:
        sandbox = start_sandbox(Path(scratch) / "sandbox.sqlite3")
        try:
            sandbox.settings(rate_limit={"enabled": False})
            sandbox.reader(processing_ms=0)
            for profile in profiles:
                for language in languages:
                    for scale in scales:
                        sandbox.reset()
                        sandbox.settings(rate_limit={"enabled": False})
                        sandbox.reader(processing_ms=0)
                        journal = Path(scratch) / f"journal-{profile}-{language}-{scale}.sqlite3"
                        config = config_from_sandbox(
                            sandbox.base_url, sandbox.info(), journal_path=journal
                        )
                        suffix = f"{profile}-{language}" + (f"-x{scale:g}" if scale != 1 else "")
                        written += await _render_run(
                            config, sandbox, out, suffix, profile, language, scale
                        )
        finally:
            sandbox.stop()
            collector.stop()
    return written


async def _pictures_shown(window: KioskWindow, timeout: float = 5.0) -> None:
    """Wait (a while at most) for the membership pictures in view to be fetched and decoded."""
    from kiosk.ui.widgets.membership_image import MembershipImage

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        tasks = [image.wait_loaded() for image in window.findChildren(MembershipImage)]
        pending = [task for task in tasks if task is not None and not task.done()]
        if not pending:
            return
        await asyncio.wait(pending, timeout=deadline - loop.time())


async def _render_run(
    config: KioskConfig,
    sandbox: SandboxProcess,
    out: Path,
    suffix: str,
    profile: str,
    language: str,
    scale: float,
) -> list[Path]:
    written = []
    async with open_engine(config) as engine:
        flow = SaleFlow(engine, Brand(), sandbox=True)
        look = Look(profile=PROFILES[profile], brand=flow.brand.colour, scale=scale)
        window = KioskWindow(flow, SCREENS, look, idle_after_ms=3_600_000)
        window.start()
        window.show()
        translator.set_language(language)
        try:
            for shot in SHOTS:
                await shot.go(window, sandbox)
                if translator.language != language:  # a reset went back to the home language
                    translator.set_language(language)
                await asyncio.sleep(SETTLE_S)
                await _pictures_shown(window)
                # Not processEvents(): a task resumed inside it (an image decoded on a worker
                # thread) would be entered while this one runs, and qasync drops its step.
                await asyncio.sleep(0)
                path = out / f"{shot.name}-{suffix}.png"
                window.grab().save(str(path))
                written.append(path)
        finally:
            window.overlay.dismiss()
            if window.flow.payment_in_flight:
                window.flow.sale.cancel_payment()
            window.reset()
            window.shutdown()
            translator.set_language("en")
    return written


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``kiosk screenshots`` its options and its handler."""
    parser.description = (
        "Run a real sale on a sandbox of its own and save every screen it passes, in both "
        "layouts and every language, as PNG files."
    )
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="folder for the PNGs")
    parser.add_argument("--profiles", nargs="+", choices=list(PROFILES))
    parser.add_argument("--languages", nargs="+", choices=list(LANGUAGES))
    parser.add_argument("--large-text", action="store_true", help="also at text scale 1.5")
    parser.set_defaults(handler=handle)


def handle(options: argparse.Namespace) -> int:
    from kiosk.ui.asyncbridge import new_event_loop

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # pictures need no screen
    app = QApplication.instance() or QApplication(["kiosk"])
    loop = new_event_loop(app)  # type: ignore[arg-type]
    asyncio.set_event_loop(loop)
    kwargs: dict[str, Any] = {"scales": (1.0, 1.5) if options.large_text else (1.0,)}
    if options.profiles:
        kwargs["profiles"] = options.profiles
    if options.languages:
        kwargs["languages"] = options.languages
    try:
        files = loop.run_until_complete(render_all(options.out, **kwargs))
    finally:
        loop.close()
    print(f"{len(files)} screenshots in {options.out}")
    return 0
