"""kill -9 at any instant loses nothing the journal had acknowledged."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.checkout.journal import Journal

WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from kiosk.checkout.journal import Journal

    async def main() -> None:
        journal = await Journal.open(Path(sys.argv[1]))
        n = 0
        while True:
            await journal.begin_sale(f"sale-{n}", "center", ["m"], recurring=False)
            await journal.note(f"sale-{n}", event="acked", pending_effect="x")
            print(f"acked {n}", flush=True)
            n += 1

    asyncio.run(main())
    """
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_loses_no_acknowledged_write(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "journal.sqlite3"
    kill_after = random.Random(seed).randint(5, 80)
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    acked = -1
    for line in child.stdout:
        acked = int(line.split()[1])
        if acked >= kill_after:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    assert acked >= kill_after

    async def read_back() -> list[str]:
        journal = await Journal.open(path)
        try:
            return [(await journal.get(f"sale-{n}")).pending_effect or "" for n in range(acked + 1)]
        finally:
            await journal.close()

    assert asyncio.run(read_back()) == ["x"] * (acked + 1)
