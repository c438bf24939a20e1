"""The sandbox ends when the process that started it is gone.

A kiosk killed outright (SIGKILL, a crash, systemd's last resort) cannot stop its sandbox. Without
this the sandbox would live on as an orphan, and a supervisor that restarts the kiosk would leak
one sandbox per crash. The kiosk passes its own pid; the sandbox watches for being re-parented
(``getppid`` changes once the parent dies) and then stops itself the same way SIGTERM does.
A polling thread rather than Linux's ``PR_SET_PDEATHSIG``: that signal fires when the *thread*
that started the child ends, which would stop a sandbox started from a worker thread.
"""

from __future__ import annotations

import os
import signal
import threading

CHECK_EVERY_S = 0.5


def exit_with_parent(parent_pid: int) -> threading.Thread | None:
    """Watch ``parent_pid`` in a daemon thread; SIGTERM ourselves once it is no longer our parent.

    Returns None where a parent's death cannot be seen this way (Windows keeps the old parent
    pid), or when the parent is already gone.
    """
    if os.name != "posix":
        return None
    if os.getppid() != parent_pid:
        os.kill(os.getpid(), signal.SIGTERM)
        return None
    stopped = threading.Event()

    def watch() -> None:
        while not stopped.wait(CHECK_EVERY_S):
            if os.getppid() != parent_pid:
                stopped.set()
                os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, name="sandbox-lifeline", daemon=True)
    thread.start()
    return thread
