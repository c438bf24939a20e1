"""The journal: write-ahead records that survive, in order, checked against the state table."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.checkout.journal import Journal, UnknownSale
from kiosk.checkout.journal_schema import MIGRATIONS, SCHEMA_VERSION, JournalTooNew
from kiosk.domain.sale import IllegalTransition, SaleState

pytestmark = pytest.mark.asyncio


async def test_a_new_sale_starts_choosing_with_its_memberships(journal: Journal) -> None:
    record = await journal.begin_sale("s1", "center-1", ["m1", "m2"], recurring=False)
    assert record.state is SaleState.CHOOSING
    assert record.membership_ids == ("m1", "m2")
    assert (await journal.get("s1")) == record


async def test_transitions_change_fields_and_append_history(journal: Journal) -> None:
    await journal.begin_sale("s1", "c", ["m1"], recurring=True)
    await journal.transition("s1", SaleState.GUEST_IDENTIFIED, event="guest", guest_id="g1")
    await journal.transition("s1", SaleState.TERMS_ACCEPTED, event="terms")
    await journal.transition("s1", SaleState.INVOICE_REQUESTED, event="intend invoice")
    record = await journal.transition(
        "s1",
        SaleState.INVOICE_READY,
        event="invoice read back",
        invoice_id="inv-1",
        amount=Decimal("96.12"),
        currency="USD",
    )
    assert record.guest_id == "g1"
    assert record.invoice_id == "inv-1"
    assert record.amount == Decimal("96.12")
    assert record.recurring is True
    history = [event.event for event in await journal.events("s1")]
    assert history == ["sale started", "guest", "terms", "intend invoice", "invoice read back"]


async def test_an_illegal_transition_raises_and_writes_nothing(journal: Journal) -> None:
    await journal.begin_sale("s1", "c", ["m1"], recurring=False)
    with pytest.raises(IllegalTransition):
        await journal.transition("s1", SaleState.APPROVED, event="skip ahead", invoice_id="x")
    record = await journal.get("s1")
    assert record.state is SaleState.CHOOSING
    assert record.invoice_id is None
    assert len(await journal.events("s1")) == 1


async def test_a_note_changes_fields_but_not_the_state(journal: Journal) -> None:
    await journal.begin_sale("s1", "c", ["m1"], recurring=False)
    record = await journal.note("s1", event="intend x", pending_effect="create_invoice")
    assert record.state is SaleState.CHOOSING
    assert record.pending_effect == "create_invoice"


async def test_unknown_fields_and_float_amounts_are_refused(journal: Journal) -> None:
    await journal.begin_sale("s1", "c", ["m1"], recurring=False)
    with pytest.raises(ValueError, match="not a journal field"):
        await journal.note("s1", event="x", guest_name="Ana")
    with pytest.raises(TypeError):
        await journal.note("s1", event="x", amount=96.12)


async def test_unfinished_lists_every_sale_not_final(journal: Journal) -> None:
    for sale in ("a", "b", "c"):
        await journal.begin_sale(sale, "c", ["m"], recurring=False)
    await journal.transition("b", SaleState.ABANDONED, event="walked away")
    assert [record.id for record in await journal.unfinished()] == ["a", "c"]


async def test_an_unknown_sale_is_a_lookup_error(journal: Journal) -> None:
    with pytest.raises(UnknownSale):
        await journal.get("nope")


async def test_the_journal_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    first = await Journal.open(path)
    await first.begin_sale("s1", "c", ["m"], recurring=False)
    await first.close()
    second = await Journal.open(path)
    try:
        assert (await second.get("s1")).state is SaleState.CHOOSING
    finally:
        await second.close()


async def test_durability_settings_are_wal_and_full_sync(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    opened = await Journal.open(path)
    await opened.close()
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        db.close()


async def test_a_journal_from_a_newer_kiosk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(JournalTooNew, match="newer kiosk"):
        await Journal.open(path)


async def test_the_write_check_takes_the_lock_and_leaves_no_trace(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = await Journal.open(path)
    try:
        await journal.check_writable()
        assert await journal.audit_log() == []
    finally:
        await journal.close()
    db = sqlite3.connect(path)
    try:
        # The rolled-back row took no number: the audit log shows no gap a reader could suspect.
        assert db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchall() == []
    finally:
        db.close()


async def test_a_journal_of_the_first_version_upgrades_with_its_sales_and_no_lockout(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO sales (id, state, created_at, updated_at, center_id, membership_ids)"
        " VALUES ('s1', 'needs_staff', '2025-03-01T10:00:00+00:00', '2025-03-01T10:00:00+00:00',"
        " 'c', '[\"m1\"]')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    journal = await Journal.open(path)
    try:
        record = await journal.get("s1")
        assert record.state is SaleState.NEEDS_STAFF
        assert record.kept_item_ids == ()
        assert record.payment_type_id is None
        lock = await journal.staff_lock()
        assert (lock.failures, lock.locked_until) == (0, None)
        assert await journal.audit_log() == []
    finally:
        await journal.close()


def _journal_of_version_4(path: Path, rows: list[tuple[str, str, str | None, str | None]]) -> None:
    """A journal as a kiosk before pay-on-phone's own state wrote it (id, state, method, intent)."""
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:4]:
        db.executescript(script)
    for sale_id, state, method, intent in rows:
        db.execute(
            "INSERT INTO sales (id, state, created_at, updated_at, center_id, membership_ids,"
            " invoice_id, method, intent_id) VALUES (?, ?, '2025-03-01T10:00:00+00:00',"
            " '2025-03-01T10:00:00+00:00', 'c', '[\"m1\"]', 'inv-1', ?, ?)",
            (sale_id, state, method, intent),
        )
    db.execute("PRAGMA user_version = 4")
    db.commit()
    db.close()


async def test_an_older_journals_phone_sale_waits_in_its_own_state_with_its_own_token(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    _journal_of_version_4(
        path,
        [
            ("waiting", "awaiting_card", "phone", "tok-1"),
            ("opened", "intent_created", "phone", "tok-2"),
            ("paid", "completed", "phone", "tok-3"),
            ("card", "awaiting_card", "card", "pi_1"),
        ],
    )
    journal = await Journal.open(path)
    try:
        waiting, opened, paid, card = [
            await journal.get(sale) for sale in ("waiting", "opened", "paid", "card")
        ]
    finally:
        await journal.close()
    assert (waiting.state, waiting.phone_token, waiting.intent_id) == (
        SaleState.AWAITING_PHONE,
        "tok-1",
        None,
    )
    assert (opened.state, opened.phone_token) == (SaleState.AWAITING_PHONE, "tok-2")
    # History stays as it was; only where a sale stands now moves.
    assert (paid.state, paid.phone_token, paid.intent_id) == (SaleState.COMPLETED, "tok-3", None)
    assert (card.state, card.intent_id, card.phone_token) == (SaleState.AWAITING_CARD, "pi_1", None)


async def test_every_journal_operation_is_timed_for_the_metrics(journal: Journal) -> None:
    took: list[float] = []
    journal.time_writes(took.append)
    await journal.begin_sale("s1", "c", ["m1"], recurring=False)
    journal.time_writes(None)
    await journal.begin_sale("s2", "c", ["m1"], recurring=False)
    assert len(took) == 1  # the first sale's write, and nothing once the listener is gone
    assert took[0] > 0
