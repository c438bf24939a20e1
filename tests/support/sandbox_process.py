"""The sandbox process the tests talk to (the product's own control client)."""

from kiosk.sandbox_process import READY_LINE, SandboxProcess, attach_sandbox, start_sandbox

__all__ = ["READY_LINE", "SandboxProcess", "attach_sandbox", "start_sandbox"]
