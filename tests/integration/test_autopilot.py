"""``kiosk autopilot`` as packaging and the benchmarks run it: a separate process, real touches on
the real window, against a sandbox over HTTP; its exit code and JSON summary are the verdict."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.support.sandbox_process import SandboxProcess

pytestmark = pytest.mark.sandbox


def _autopilot(sandbox: SandboxProcess, *args: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", *args, "autopilot", "--sandbox-url", sandbox.base_url],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    return done.returncode, json.loads(done.stdout)


def test_one_sale_through_the_window_completes(sandbox: SandboxProcess) -> None:
    code, summary = _autopilot(sandbox)
    assert summary["completed"] == 1, summary  # the failure says where the sale stopped
    assert summary["failures"] == []
    assert code == 0
    paid = [i for i in sandbox.invoices() if i["is_closed"]]
    assert len(paid) == 1  # one membership sold, on Zenoti's books


def test_a_sale_that_cannot_be_paid_fails_loudly_and_the_next_is_still_tried(
    sandbox: SandboxProcess,
) -> None:
    sandbox.reader(online=False)
    code, summary = _autopilot(sandbox, "--profile", "tablet")
    assert code == 1
    assert summary["completed"] == 0
    assert summary["failed"] == 1
    [failure] = summary["failures"]
    # The kiosk knew before the guest started: it offers only the phone, never a dead reader.
    assert failure["screen"] == "payment"
    assert failure["state"] == "INVOICE_READY"
    assert "no button 'Pay by card'" in failure["error"]
    assert not [i for i in sandbox.invoices() if i["is_closed"]]
