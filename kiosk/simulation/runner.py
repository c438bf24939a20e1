"""``kiosk simulate``: N scripted sales against a sandbox, with faults and crashes, then the
invariants checked in the sandbox's own state. Operators smoke-test a deployment with it; the
chaos tests use it too.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.checkout.engine import SaleEngine
from kiosk.checkout.errors import PaymentInFlight, SaleError
from kiosk.checkout.journal import Journal
from kiosk.checkout.sale import Sale
from kiosk.checkout.settings import Deadlines
from kiosk.checkout.view import SaleView
from kiosk.config import UNTHROTTLED_PER_MINUTE, config_from_sandbox
from kiosk.domain.guest import NewGuest, Phone
from kiosk.domain.sale import SaleState
from kiosk.sandbox_process import SandboxProcess, attach_sandbox, start_sandbox
from kiosk.simulation.driving import pay_by_card, pay_on_phone_page, save_card_on_page
from kiosk.simulation.invariants import check_invariants
from kiosk.simulation.machine import Machine
from kiosk.simulation.reader_control import ReaderControl
from kiosk.simulation.scenarios import APPROVE, DECLINE, Scenario, make_scenarios
from kiosk.wiring import open_engine

# Short enough for hundreds of sales in minutes, long enough for the sandbox to answer.
SIMULATION_DEADLINES = Deadlines(
    awaiting_card=1.5,
    reconcile=4.0,
    phone_payment=5.0,
    poll_initial=0.05,
    poll_max=0.4,
    record_attempts=4,
)


@dataclass(frozen=True, slots=True)
class SimulationOptions:
    """What to run, and against which sandbox."""

    sales: int
    seed: int
    faults: str = "none"
    sandbox_url: str | None = None  # attach to a running sandbox instead of starting one
    journal_path: Path | None = None
    rate_limit: bool = False
    progress: Callable[[str], None] | None = None
    reader: str = "stripe"  # the sandbox's simulated Stripe reader, or its Adyen terminal


async def run_simulation(options: SimulationOptions) -> dict[str, Any]:
    """Run the sales; returns the JSON summary (``violations`` 0 means every invariant held)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-simulate-") as scratch:
        sandbox = (
            attach_sandbox(options.sandbox_url)
            if options.sandbox_url
            else start_sandbox(Path(scratch) / "sandbox.sqlite3")
        )
        try:
            return await _run(options, sandbox, Path(scratch))
        finally:
            sandbox.stop()


async def _run(
    options: SimulationOptions, sandbox: SandboxProcess, scratch: Path
) -> dict[str, Any]:
    sandbox.settings(rate_limit={"enabled": options.rate_limit})
    ReaderControl(sandbox, options.reader).script(processing_ms=0, next_process=None)
    journal_path = options.journal_path or scratch / "journal.sqlite3"
    config = config_from_sandbox(
        sandbox.base_url,
        sandbox.info(),
        journal_path=journal_path,
        deadlines=SIMULATION_DEADLINES,
        # With the sandbox's bucket off, the client's own budget would be the only brake.
        rate_per_minute=60.0 if options.rate_limit else UNTHROTTLED_PER_MINUTE,
        reader_kind=options.reader,
    )
    run = _Run(sandbox, options, Machine(journal_path))
    engine_cm = open_engine(config)
    engine = run.machine_on(await engine_cm.__aenter__())
    try:
        run.recovered.update((await engine.recover()).outcomes)
        for scenario in make_scenarios(options.sales, options.seed, options.faults, options.reader):
            crashed = await run.sell(engine, scenario)
            if crashed:
                # The kiosk died: close what it held, start again, and recover (rule 11).
                await engine_cm.__aexit__(None, None, None)
                engine_cm = open_engine(config)
                engine = run.machine_on(await engine_cm.__aenter__())
                run.recovered.update((await engine.recover()).outcomes)
        _clear_faults(sandbox)
        run.recovered.update((await engine.recover()).outcomes)
    finally:
        await engine_cm.__aexit__(None, None, None)
    return await run.summary(journal_path)


class _Run:
    """The tallies of one simulation run."""

    def __init__(
        self, sandbox: SandboxProcess, options: SimulationOptions, machine: Machine | None = None
    ) -> None:
        self.machine = machine or Machine(None)
        self.sandbox = sandbox
        self.options = options
        self.reader = ReaderControl(sandbox, options.reader)
        self.outcomes: Counter[str] = Counter()
        self.recovered: Counter[str] = Counter()
        self.calls: list[int] = []
        # Zenoti calls of fault-free card sales, by kind: returning / new guest, recurring or not.
        self.clean_card_calls: dict[str, list[int]] = {}
        self.kind = ""
        self.crashes = 0
        self.guests: list[Phone] = []

    def machine_on(self, engine: SaleEngine) -> SaleEngine:
        """The machine's faults reach this engine's journal; it retries a failed one quickly."""
        engine.inject_storage_fault(self.machine.storage)
        engine.journal_watch.retry_every_s = 0.05
        return engine

    async def sell(self, engine: SaleEngine, scenario: Scenario) -> bool:
        """One scripted sale; True when the scripted kiosk crashed during it."""
        _clear_faults(self.sandbox)
        self.reader.script(next_process=None)
        for fault in scenario.faults:
            self.sandbox.inject(**fault)
        self.sandbox.clear_requests()
        before = asyncio.all_tasks()
        started = time.monotonic()
        crash = asyncio.Event()
        work = asyncio.ensure_future(self._play(engine, scenario, crash))
        crash_wait = asyncio.ensure_future(crash.wait())
        await asyncio.wait({work, crash_wait}, return_when=asyncio.FIRST_COMPLETED)
        crash_wait.cancel()
        crashed = crash.is_set() and not work.done()
        if crashed:
            self.crashes += 1
            for task in asyncio.all_tasks() - before - {asyncio.current_task()}:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError, SaleError):
                await work  # cut off where the crash found it: the journal holds the rest
            self.outcomes["crashed"] += 1
        else:
            self.outcomes[work.result()] += 1
        if scenario.machine is not None:
            await self.machine.heal(engine)  # space freed: what was held is settled first
        calls = sum(1 for r in self.sandbox.requests() if r["path"].startswith("/v1/"))
        self.calls.append(calls)
        if not scenario.faults and not crashed and scenario.script == "approve" and self.kind:
            self.clean_card_calls.setdefault(self.kind, []).append(calls)
        if self.options.progress:
            faults = ", ".join(f"{f['kind']} {f['method']} {f['path']}" for f in scenario.faults)
            notes = [f"crash at {scenario.crash_at.value}"] if scenario.crash_at else []
            notes += [f"faults: {faults}"] if faults else []
            notes += [scenario.machine.describe()] if scenario.machine else []
            self.options.progress(
                f"sale {scenario.number + 1}: {scenario.script}, {calls} Zenoti calls, "
                f"{time.monotonic() - started:.1f} s" + "".join(f", {note}" for note in notes)
            )
        return crashed

    async def _play(self, engine: SaleEngine, scenario: Scenario, crash: asyncio.Event) -> str:
        catalog = await engine.catalogue()
        membership = catalog.memberships[scenario.membership_index % len(catalog)]
        sale = await engine.start_sale([membership.id])
        if scenario.crash_at is not None:
            sale.subscribe(lambda view: self._maybe_crash(sale, view, scenario, crash))
        if scenario.machine is not None:
            sale.subscribe(self.machine.watch(scenario.machine))
        try:
            await self._identify(sale, scenario)
            if scenario.script == "leave_before_invoice":
                return _outcome(await sale.abandon())
            await sale.accept_terms(
                membership.terms or "terms", b"signature" if membership.is_recurring else None
            )
            await sale.create_invoice()
            paid = await self._pay(sale, scenario)
            if paid.state is SaleState.CARD_NEEDED:
                # Paid: the guest saves a card for the later payments on Zenoti's page.
                paid = await save_card_on_page(sale, APPROVE)
            outcome = _outcome(paid)
            return (
                "declined" if outcome == "cancelled" and "decline" in scenario.script else outcome
            )
        except SaleError:
            with contextlib.suppress(SaleError):
                await sale.abandon()  # the guest saw a plain error and left
            return "error shown" if sale.state.is_final else _outcome(sale.view)

    async def _identify(self, sale: Sale, scenario: Scenario) -> None:
        recurring = " recurring" if any(m.is_recurring for m in sale.view.memberships) else ""
        self.kind = ""
        if scenario.returning_guest and self.guests:
            phone = self.guests[scenario.membership_index % len(self.guests)]
            found = await sale.find_guests(phone=phone)
            if found:
                await sale.choose_guest(found[0].guest_id)
                self.kind = "returning guest" + recurring
                return
        self.kind = "new guest" + recurring
        details = scenario.new_guest
        phone = Phone(225, details["phone"])
        await sale.register_guest(
            NewGuest(details["first_name"], details["last_name"], details["email"], phone)
        )
        self.guests.append(phone)

    async def _pay(self, sale: Sale, scenario: Scenario) -> SaleView:
        script = scenario.script
        if script == "cash":
            return await sale.pay_cash(staff_mode=True)
        if script == "phone":
            return await pay_on_phone_page(sale, APPROVE)
        if script == "reader_timeout_then_approve":
            self.reader.script(next_process="timeout")
        first_card = {
            "decline_then_approve": DECLINE,
            "decline_then_leave": DECLINE,
            "leave_at_the_reader": None,
            "cancel_then_approve": None,
        }.get(script, APPROVE)
        view = await pay_by_card(sale, first_card)
        if view.state is SaleState.INTENT_CREATED or (
            view.state is SaleState.INVOICE_READY and script != "leave_at_the_reader"
        ):
            view = await pay_by_card(sale, first_card or APPROVE)  # reader was busy or unarmed
        retry_states = (SaleState.DECLINED, SaleState.INVOICE_READY, SaleState.INTENT_CREATED)
        if script in ("decline_then_approve", "cancel_then_approve") and view.state in retry_states:
            view = await pay_by_card(sale, APPROVE)
        if not view.state.is_final and view.state is not SaleState.NEEDS_STAFF:
            with contextlib.suppress(PaymentInFlight):
                view = await sale.abandon()
        return view

    def _maybe_crash(
        self, sale: Sale, view: SaleView, scenario: Scenario, crash: asyncio.Event
    ) -> None:
        if view.state is not scenario.crash_at or crash.is_set():
            return
        if view.state is SaleState.AWAITING_CARD and scenario.card_before_crash:
            # The guest taps just as the kiosk dies: the reader takes the money anyway.
            asyncio.ensure_future(sale.present_test_card(APPROVE)).add_done_callback(
                lambda tapped: crash.set() if not tapped.cancelled() else None
            )
            return
        crash.set()

    async def summary(self, journal_path: Path) -> dict[str, Any]:
        journal = await Journal.open(journal_path)
        try:
            records = await journal.sales_between(
                datetime(2000, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC)
            )
        finally:
            await journal.close()
        invariants = check_invariants(self.sandbox.invoices(), self.reader.payments(), records)
        final_states = Counter(record.state.value for record in records)
        return {
            "sales": self.options.sales,
            "seed": self.options.seed,
            "faults": self.options.faults,
            "outcomes": dict(self.outcomes),
            "journal": dict(final_states),
            "crashes": self.crashes,
            "machine_faults": self.machine.faults,
            "recovered_at_start_up": dict(self.recovered),
            "zenoti_calls_per_sale": {
                "mean": round(statistics.fmean(self.calls), 2) if self.calls else 0,
                "max": max(self.calls, default=0),
                "fault_free_card_sales_max": {
                    kind: max(calls) for kind, calls in sorted(self.clean_card_calls.items())
                },
            },
            "invariants": invariants.as_json(),
            "violations": invariants.violations,
        }


def _outcome(view: SaleView) -> str:
    if view.state is SaleState.COMPLETED:
        return "completed"
    if view.state is SaleState.NEEDS_STAFF:
        return "needs staff"
    return str(view.state.value)


def _clear_faults(sandbox: SandboxProcess) -> None:
    sandbox.clear_faults()
