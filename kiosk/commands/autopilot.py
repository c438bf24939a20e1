"""``kiosk autopilot``: whole sales through the real kiosk window, driven by injected touches.

It builds the same window as ``kiosk`` (``app.open_window``) on a sandbox, and a scripted
guest (``kiosk.commands.scripted_guest``) taps through attract → catalogue → a membership → a
returning guest found by phone → terms → review → pay by card → a test card on the sandbox
reader → (a recurring membership: a card saved on Zenoti's add-card page, as a phone would) →
receipt → Done. A sale counts as completed only when the engine published it COMPLETED;
anything else is a failure with the screen it stopped on, and the kiosk is put back to attract
for the next sale.
Packaging smoke-tests a build with it, and the benchmarks drive their UI sales with it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.app import AppOptions, open_window, run_on_qt
from kiosk.commands.scripted_guest import (
    GuestStuck,
    accept_terms,
    choose,
    find_button,
    identify_returning_guest,
    on_screen,
    pay_by_card,
    save_card_on_phone,
    tap,
    until,
)
from kiosk.config import UNTHROTTLED_PER_MINUTE, config_from_sandbox
from kiosk.domain.sale import SaleState
from kiosk.sandbox_process import SandboxProcess, attach_sandbox, start_sandbox
from kiosk.ui.first_paint import ready_for_guests
from kiosk.ui.window import KioskWindow

RETURNING_GUEST_PHONE = "9175550199"  # a returning guest of the sandbox's seed
APPROVING_CARD = "Approve"  # the test card on the sandbox reader panel
RECEIPT_TIMEOUT_S = 30.0
CARD_STEP = (SaleState.CARD_NEEDED, SaleState.SAVING_CARD)  # paid, a card still to be saved
SETTLE_TIMEOUT_S = 60.0  # a payment in flight has its own deadline; wait for it before a reset


@dataclass(frozen=True, slots=True)
class AutopilotOptions:
    """How many sales, on which layout, against which sandbox."""

    sales: int = 1
    profile: str = "kiosk"
    sandbox_url: str | None = None
    phone: str = RETURNING_GUEST_PHONE
    card: str = APPROVING_CARD


class SaleNotCompleted(Exception):
    """The sale ended, but not COMPLETED (declined, cancelled, needs staff...)."""


async def sell_once(window: KioskWindow, options: AutopilotOptions) -> None:
    """One whole sale, attract to attract; raises with where and why it stopped."""
    # What the attract screen knows before a guest starts (Zenoti there? the reader online?),
    # looked at now rather than whenever its own look comes back.
    await window.flow.health()
    await choose(window)
    await identify_returning_guest(window, options.phone)
    await accept_terms(window)
    await pay_by_card(window)

    # The reader asks for a card, or the payment stops on a problem first (reader offline...).
    def asked_or_over() -> bool:
        return find_button(window, options.card) is not None or _over(window)

    await until(asked_or_over, RECEIPT_TIMEOUT_S, "the reader to ask for a card")
    if not _over(window):
        await tap(window, options.card)
    await until(lambda: _over(window), RECEIPT_TIMEOUT_S, "the sale to end")
    if window.flow.view is not None and window.flow.view.state in CARD_STEP:
        await save_card_on_phone(window)  # paid: a card for the later payments, on the phone
    view = window.flow.view
    if view is None or view.state is not SaleState.COMPLETED:
        state = "gone" if view is None else view.state.name
        problem = "" if view is None or view.problem is None else f" ({view.problem.value})"
        raise SaleNotCompleted(f"the sale ended {state}{problem}")
    await on_screen(window, "receipt")
    await tap(window, "Done")
    await on_screen(window, "attract")


def _over(window: KioskWindow) -> bool:
    """Completed, ended otherwise, or stopped on a problem the guest would have to act on."""
    view = window.flow.view
    if view is None:
        return True
    # The save-card screen starts the step as it is shown (CARD_NEEDED becomes SAVING_CARD at
    # once), so a guest who looks a moment later finds either state there.
    paid_card_next = view.state in CARD_STEP and window.router.current.name == "save_card"
    return (
        view.state.is_final
        or paid_card_next
        or (view.problem is not None and not view.payment_in_flight)
    )


async def drive(
    window: KioskWindow,
    options: AutopilotOptions,
    after_sale: Callable[[int], object] | None = None,
) -> dict[str, Any]:
    """Run ``options.sales`` sales on ``window``; the summary says what happened to each."""
    failures: list[dict[str, Any]] = []
    completed = 0
    started = time.monotonic()
    for number in range(1, options.sales + 1):
        try:
            await sell_once(window, options)
            completed += 1
        except GuestStuck as error:  # every sale that stopped is reported, none stops the count
            failures.append(_failure(window, number, error))
            if not await _back_to_attract(window):
                failures.append({"sale": number, "screen": "-", "error": "the kiosk cannot reset"})
                break
        if after_sale is not None:
            after_sale(number)
    seconds = time.monotonic() - started
    return {
        "sales": options.sales,
        "completed": completed,
        "failed": options.sales - completed,
        "failures": failures,
        "seconds": round(seconds, 3),
        "seconds_per_sale": round(seconds / options.sales, 3) if options.sales else 0.0,
        "profile": options.profile,
    }


def _failure(window: KioskWindow, number: int, error: GuestStuck) -> dict[str, Any]:
    """Where the sale stopped and why, as the engine published it (no guest data)."""
    view = window.flow.view
    return {
        "sale": number,
        "screen": window.router.current.name,
        "state": None if view is None else view.state.name,
        "problem": None if view is None or view.problem is None else view.problem.value,
        "error": str(error),
    }


async def _back_to_attract(window: KioskWindow) -> bool:
    """What staff would do after a failed sale: wait out a payment in flight, then reset."""
    try:
        await until(lambda: not window.flow.payment_in_flight, SETTLE_TIMEOUT_S, "the payment")
    except GuestStuck:
        return False
    return window.reset()


async def run_autopilot(options: AutopilotOptions) -> dict[str, Any]:
    """Start (or attach to) a sandbox, open the kiosk's window on it, and drive the sales."""
    async with AsyncExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kiosk-autopilot-")))
        sandbox = _sandbox(options, scratch)
        stack.callback(sandbox.stop)
        # Many sales a minute: the sandbox's 60-per-minute bucket (and the client's) would make
        # the autopilot wait, not test anything.
        sandbox.settings(rate_limit={"enabled": False})
        config = config_from_sandbox(
            sandbox.base_url,
            sandbox.info(),
            journal_path=scratch / "journal.sqlite3",
            rate_per_minute=UNTHROTTLED_PER_MINUTE,
        )
        window = await stack.enter_async_context(
            open_window(config, AppOptions(profile=options.profile))
        )
        stack.callback(window.shutdown)
        window.show()
        await ready_for_guests(window)  # the catalogue loaded and painted, as for a guest
        return await drive(window, options)


def _sandbox(options: AutopilotOptions, scratch: Path) -> SandboxProcess:
    if options.sandbox_url:
        return attach_sandbox(options.sandbox_url)
    return start_sandbox(scratch / "sandbox.sqlite3")


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``kiosk autopilot`` its options and its handler."""
    parser.description = (
        "Start the kiosk on a sandbox (offscreen unless --visible) and buy N memberships through "
        "its screens as a returning guest paying by card. Prints a JSON summary; exit code 1 "
        "unless every sale completed."
    )
    parser.add_argument(
        "--sales",
        type=int,
        default=1,
        help="how many sales (default 1; 0: start, wait until ready, stop)",
    )
    parser.add_argument("--sandbox-url", help="use this running sandbox instead of starting one")
    parser.add_argument("--visible", action="store_true", help="show the window while driving")
    parser.set_defaults(handler=handle)


def handle(options: argparse.Namespace) -> int:
    if options.sales < 0:
        print("kiosk autopilot: --sales must be 0 or more", file=sys.stderr)
        return 2
    autopilot = AutopilotOptions(
        sales=options.sales, profile=options.profile or "kiosk", sandbox_url=options.sandbox_url
    )
    return main(autopilot, visible=options.visible)


def main(options: AutopilotOptions, *, visible: bool = False) -> int:
    """Run the autopilot, print its JSON summary; exit code 0 only when every sale completed."""
    if not visible:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    summary = run_on_qt(lambda: run_autopilot(options))
    print(json.dumps(summary, indent=2, sort_keys=True), flush=True)
    return 0 if summary["completed"] == options.sales else 1  # no sales: ready is a pass
