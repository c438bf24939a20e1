"""``kiosk sandbox``: run the sandbox on a loopback port until SIGTERM or SIGINT.

Prints ``kiosk sandbox ready: http://127.0.0.1:<port>`` (one line, flushed) once it accepts
connections; with ``--port 0`` the system picks a free port. Without ``--db`` the state lives in a
temporary file that is deleted at exit.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import socket
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

import uvicorn

from kiosk.sandbox.app import SandboxOptions, build_app, build_state
from kiosk.sandbox.faults import HideDroppedConnections
from kiosk.sandbox.lifeline import exit_with_parent
from kiosk.sandbox.printer import SandboxPrinter
from kiosk.sandbox.settings import Settings

GRACEFUL_SHUTDOWN_S = 3
READY_PREFIX = "kiosk sandbox ready: "


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kiosk sandbox", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="TCP port; 0 picks a free one")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--db", type=Path, help="SQLite file; kept across restarts")
    parser.add_argument("--api-key", default="sandbox-api-key", help="the accepted API key")
    parser.add_argument("--no-rate-limit", action="store_true", help="switch the bucket off")
    parser.add_argument("--rate-per-minute", type=int, default=60, help="calls per minute (60)")
    parser.add_argument("--auto-close", action="store_true", help="close invoices once paid")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay every product call")
    parser.add_argument(
        "--catalogue-size",
        type=int,
        help="sell exactly this many memberships at the first center (numbered copies of the "
        "seed's), to measure the kiosk on a large catalogue",
    )
    parser.add_argument("--token-ttl", type=int, default=10 * 3600, help="access token seconds")
    parser.add_argument(
        "--parent-pid", type=int, help="stop when this process (the kiosk that started us) is gone"
    )
    return parser.parse_args(list(argv))


def configure_logging() -> None:
    logging.basicConfig(
        level=logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("uvicorn.error").addFilter(HideDroppedConnections())


def bind(host: str, port: int) -> socket.socket:
    """Bind before uvicorn starts, so the port (even a system-picked one) is known up front."""
    # IPPROTO_TCP named, not 0: asyncio switches Nagle's algorithm off (TCP_NODELAY) only on
    # sockets that say they are TCP. With it on, every answer on a kept-alive connection (its
    # headers and its body are two writes) waited about 40 ms for the client's delayed ACK, and
    # the sandbox was that much slower than the latency it was told to add.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that prints the ready line once it is accepting connections."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and sockets:
            host, port = sockets[0].getsockname()[:2]
            print(f"{READY_PREFIX}http://{host}:{port}", flush=True)


def main(argv: Sequence[str]) -> int:
    """Run the sandbox; returns the exit code (0 after SIGTERM/SIGINT)."""
    args = parse_args(argv)
    configure_logging()
    if args.parent_pid is not None:
        exit_with_parent(args.parent_pid)
    settings = Settings(
        rate_limit_enabled=not args.no_rate_limit,
        rate_per_minute=args.rate_per_minute,
        auto_close=args.auto_close,
        latency_ms=args.latency_ms,
        token_ttl_seconds=args.token_ttl,
    )
    with tempfile.TemporaryDirectory(prefix="kiosk-sandbox-") as scratch:
        db_path = args.db or Path(scratch) / "sandbox.sqlite3"
        state = build_state(
            SandboxOptions(
                db_path=db_path,
                api_key=args.api_key,
                settings=settings,
                catalogue_size=args.catalogue_size,
            )
        )
        try:
            sock = bind(args.host, args.port)
        except OSError as exc:
            print(
                f"kiosk sandbox: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr
            )
            state.store.close()
            return 2
        # The receipt printer listens on loopback beside it (its port is in /_sandbox/info).
        state.printer = SandboxPrinter().start()
        config = uvicorn.Config(
            build_app(state),
            log_level="warning",
            access_log=False,
            log_config=None,
            lifespan="off",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        )
        server = AnnouncingServer(config)

        def stop(signum: int, frame: FrameType | None) -> None:
            # uvicorn handles signals while it serves and re-raises them afterwards;
            # this handler makes that re-raise (and an early signal) a clean stop.
            server.should_exit = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            asyncio.run(server.serve(sockets=[sock]))
        finally:
            sock.close()
            state.printer.stop()
            state.store.close()
    return 0
