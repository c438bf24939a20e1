"""The kiosk's Prometheus metrics, served on 127.0.0.1 only (``[fleet] metrics_port``).

Sales by outcome, Zenoti calls by route and status, 429s, budget waits by priority and mode,
reader outcomes and whether Redis answers. Labels are route templates and outcome words, never an
id, a guest's detail or an amount.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

from kiosk.zenoti.ratelimit import Priority

WAIT_BUCKETS = (0.0, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
WRITE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_TRANSPORT = "transport error"


class _Sales(Collector):
    """Sales this kiosk finished since it started, by final state (read from its journal)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def collect(self) -> Iterable[Metric]:
        family = CounterMetricFamily(
            "kiosk_sales", "Sales finished since the kiosk started, by outcome", labels=["outcome"]
        )
        for outcome, count in sorted(self.counts.items()):
            family.add_metric([outcome], count)
        yield family


class KioskMetrics:
    """Everything the kiosk counts; one registry per kiosk (tests make several)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self._sales = _Sales()
        registry.register(self._sales)
        self.zenoti_calls = Counter(
            "kiosk_zenoti_calls", "Zenoti answers by route and HTTP status", ["route", "status"],
            registry=registry,
        )  # fmt: skip
        self.throttled = Counter("kiosk_zenoti_throttled", "429s from Zenoti", registry=registry)
        self.budget_waits = Histogram(
            "kiosk_budget_wait_seconds", "Waits for the call budget, by priority and bucket",
            ["priority", "mode"], buckets=WAIT_BUCKETS, registry=registry,
        )  # fmt: skip
        self.reader_outcomes = Counter(
            "kiosk_reader_outcomes", "What the card reader did, by outcome", ["outcome"],
            registry=registry,
        )  # fmt: skip
        self.needing_staff = Gauge(
            "kiosk_sales_needing_staff", "Sales waiting for a person", registry=registry
        )
        self.journal_writes = Histogram(
            "kiosk_journal_seconds", "Journal operations on disk (a write's commit and fsync)",
            buckets=WRITE_BUCKETS, registry=registry,
        )  # fmt: skip
        self.redis_up = Gauge(
            "kiosk_fleet_redis_up", "1 while the fleet's Redis answers", registry=registry
        )
        # Every money-path wait, for `kiosk simulate`'s percentiles (the histogram is coarse).
        self.money_waits: deque[float] = deque(maxlen=100_000)
        self.zenoti = "not asked yet"  # for the heartbeat
        self.reader = "none"
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    # -- listeners -------------------------------------------------------------------------------
    def answered(self, route: str, status: str) -> None:
        """A Zenoti answer (the session's listener)."""
        self.zenoti_calls.labels(route, status).inc()
        if status == "429":
            self.throttled.inc()
            self.zenoti = "throttled"
        elif status.isdigit() and int(status) < 500:
            self.zenoti = "ok"
        else:
            self.zenoti = "unreachable"

    def granted(self, priority: Priority, waited: float, mode: str) -> None:
        """A call's wait for the budget (the budget's meter)."""
        self.budget_waits.labels(priority.value, mode).observe(waited)
        if priority is Priority.MONEY:
            self.money_waits.append(waited)

    def journal_wrote(self, seconds: float) -> None:
        """A journal operation's time on disk (the journal's listener, on its thread)."""
        self.journal_writes.observe(seconds)

    def reader_did(self, outcome: str) -> None:
        self.reader_outcomes.labels(outcome).inc()
        self.reader = outcome

    def sales_finished(self, counts: Mapping[str, int], needing_staff: int) -> None:
        self._sales.counts = dict(counts)
        self.needing_staff.set(needing_staff)

    def link_changed(self, up: bool) -> None:
        self.redis_up.set(1 if up else 0)

    def waits(self, priority: Priority) -> Iterator[tuple[float, float]]:
        """(bucket upper bound, cumulative count) of one priority's waits, every mode added."""
        totals: dict[float, float] = {}
        for metric in self.budget_waits.collect():
            for sample in metric.samples:
                if sample.name.endswith("_bucket") and sample.labels["priority"] == priority.value:
                    bound = float(sample.labels["le"])
                    totals[bound] = totals.get(bound, 0.0) + sample.value
        yield from sorted(totals.items())

    # -- serving ---------------------------------------------------------------------------------
    def serve(self, port: int) -> int:
        """Serve ``/metrics`` on 127.0.0.1:``port`` (0: any free port); the port it got."""
        self._server, self._thread = start_http_server(
            port, addr="127.0.0.1", registry=self.registry
        )
        return int(self._server.server_address[1])

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
