"""End-of-day reconciliation against the sandbox over HTTP: each category produced for real —
a matched card sale, a reader payment Zenoti never recorded, a card-terminal payment in Zenoti the
reader never took, an invoice the kiosk left open — and ``kiosk reconcile``'s CSV and exit code.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kiosk.checkout.reconcile import Category, Reconciliation
from kiosk.config import KioskConfig
from kiosk.domain.sale import SaleState
from tests.support.sandbox_client import new_invoice, pay_custom, zenoti_client
from tests.support.sandbox_process import SandboxProcess
from tests.support.selling import (
    engine_for,
    membership,
    pay_with_card,
    sale_ready_to_pay,
    sandbox_config,
)

pytestmark = [pytest.mark.sandbox]


async def _one_of_each(sandbox: SandboxProcess, config: KioskConfig) -> dict[str, str]:
    """Sell a day with one case of every category; the ids each case is known by."""
    ids: dict[str, str] = {}
    async with engine_for(config) as engine:
        matched = await sale_ready_to_pay(engine)
        assert (await pay_with_card(matched)).state is SaleState.COMPLETED
        ids["matched"] = matched.id

        sandbox.inject(
            method="POST",
            path="/v1/invoices/*/payment/custom",
            kind="status",
            status=503,
            count=1000,
        )
        unrecorded = await sale_ready_to_pay(engine, code="SERENITY6")
        assert (await pay_with_card(unrecorded)).state is SaleState.NEEDS_STAFF
        ids["unrecorded"] = unrecorded.id
        sandbox.clear_faults()

        # Somebody recorded a card-terminal payment by hand that the reader never took.
        unpaid = await sale_ready_to_pay(engine)
        due = unpaid.view.amount_due
        assert due is not None
        with zenoti_client(sandbox) as client:
            invoice_id = unpaid.view.invoice.id  # type: ignore[union-attr]
            answer = pay_custom(client, sandbox, invoice_id, due.amount, additional_data="pi_ghost")
            assert answer.status_code == 200, answer.text
            left_open = new_invoice(client, sandbox, [(await membership(engine, "SERENITY3")).id])
        ids["unpaid"] = unpaid.id
        ids["left_open"] = left_open
    return ids


def _classified(result: Reconciliation) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in result.rows:
        found.setdefault(row.category.value, set()).add(row.sale_id or row.invoice_id or "")
    return found


@pytest.mark.asyncio
async def test_each_category_is_found_in_the_three_accounts(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    ids = await _one_of_each(sandbox, config)
    caplog.clear()  # the unrecorded sale was logged as needing staff
    async with engine_for(config) as engine:
        result = await engine.staff.reconcile(date.today())
    found = _classified(result)
    assert found[Category.MATCHED.value] == {ids["matched"]}
    assert found[Category.PAID_NOT_RECORDED.value] == {ids["unrecorded"]}
    assert found[Category.RECORDED_NOT_PAID.value] == {ids["unpaid"]}
    assert found[Category.OPEN_INVOICE.value] == {ids["left_open"]}
    assert not result.all_matched
    ghost = next(r for r in result.rows if r.category is Category.RECORDED_NOT_PAID)
    assert ghost.intent_id == "pi_ghost"
    unrecorded = next(r for r in result.rows if r.category is Category.PAID_NOT_RECORDED)
    assert unrecorded.intent_id is not None
    assert unrecorded.intent_id.startswith("pi_")
    assert unrecorded.amount is not None
    assert result.counts == {
        "matched": 1,
        "paid-but-not-recorded": 1,
        "recorded-but-not-paid": 1,
        "open-invoice-left-by-kiosk": 1,
    }


@pytest.mark.asyncio
async def test_another_day_has_nothing_to_compare(sandbox: SandboxProcess, tmp_path: Path) -> None:
    config = sandbox_config(sandbox, tmp_path)
    async with engine_for(config) as engine:
        await pay_with_card(await sale_ready_to_pay(engine))
        result = await engine.staff.reconcile(date(2020, 1, 1))
    assert result.rows == ()
    assert result.all_matched


def _environment(config: KioskConfig, tmp_path: Path) -> dict[str, str]:
    """The configured world for a child ``kiosk``: this sandbox, through KIOSK_* variables."""
    assert config.reader is not None
    zenoti, types = config.zenoti, config.zenoti.payment_types
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        environ[name] = str(tmp_path / name.lower())
    return environ | {
        "KIOSK_ZENOTI_BASE_URL": zenoti.base_url,
        "KIOSK_ZENOTI_API_KEY": zenoti.api_key,
        "KIOSK_ZENOTI_CENTER_ID": zenoti.center_id,
        "KIOSK_ZENOTI_CURRENCY": zenoti.currency,
        "KIOSK_ZENOTI_KIOSK_EMPLOYEE_ID": zenoti.kiosk_employee_id,
        "KIOSK_PAYMENT_TYPES_CARD_TERMINAL": types.card_terminal,
        "KIOSK_READER_BASE_URL": config.reader.base_url,
        "KIOSK_READER_SECRET_KEY": config.reader.secret_key,
        "KIOSK_READER_READER_ID": config.reader.reader_id,
        "KIOSK_KIOSK_JOURNAL_PATH": str(config.journal_path),
    }


def _reconcile_command(environ: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "reconcile", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=environ,
        check=False,
    )


def test_the_command_writes_csv_and_exits_1_on_any_mismatch(
    sandbox: SandboxProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = sandbox_config(sandbox, tmp_path)
    ids = asyncio.run(_one_of_each(sandbox, config))
    caplog.clear()
    environ = _environment(config, tmp_path)
    out = tmp_path / "day.csv"
    done = _reconcile_command(environ, "--date", date.today().isoformat(), "--out", str(out))
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    by_category = {row["category"]: row for row in rows}
    assert by_category["matched"]["sale_id"] == ids["matched"]
    assert by_category["paid-but-not-recorded"]["sale_id"] == ids["unrecorded"]
    assert by_category["recorded-but-not-paid"]["reader_intent"] == "pi_ghost"
    assert by_category["open-invoice-left-by-kiosk"]["invoice_id"] == ids["left_open"]
    assert by_category["matched"]["invoice_number"]
    assert "1 matched" in done.stderr


def test_the_command_exits_0_when_everything_matched_and_2_on_a_bad_configuration(
    sandbox: SandboxProcess, tmp_path: Path
) -> None:
    config = sandbox_config(sandbox, tmp_path)

    async def one_good_sale() -> None:
        async with engine_for(config) as engine:
            await pay_with_card(await sale_ready_to_pay(engine))

    asyncio.run(one_good_sale())
    environ = _environment(config, tmp_path)
    done = _reconcile_command(environ)
    assert done.returncode == 0, done.stderr
    [header, row] = done.stdout.splitlines()
    assert header.startswith("category,sale_id,invoice_number")
    assert row.startswith("matched,")
    broken = _reconcile_command(environ | {"KIOSK_ZENOTI_CURRENCY": "dollars"})
    assert broken.returncode == 2
    assert len(broken.stderr.strip().splitlines()) == 1
