"""A kiosk's Prometheus metrics, served on this machine only."""

from __future__ import annotations

import httpx

from kiosk.fleet.metrics import KioskMetrics
from kiosk.zenoti.ratelimit import Priority


def test_the_metrics_count_sales_calls_429s_waits_and_the_reader_on_loopback_only() -> None:
    metrics = KioskMetrics()
    port = metrics.serve(0)
    try:
        metrics.answered("GET /v1/guests/search", "200")
        metrics.answered("POST /v1/invoices/{invoice_id}/close", "429")
        metrics.answered("POST /v1/invoices/{invoice_id}/close", "200")
        metrics.granted(Priority.MONEY, 0.3, "shared")
        metrics.granted(Priority.BACKGROUND, 4.0, "local share")
        metrics.reader_did("approved")
        metrics.sales_finished({"completed": 2, "abandoned": 1}, needing_staff=1)
        metrics.link_changed(False)
        metrics.journal_wrote(0.004)
        assert metrics._server is not None
        assert metrics._server.server_address[0] == "127.0.0.1"
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    finally:
        metrics.stop()
    assert 'kiosk_sales_total{outcome="completed"} 2.0' in text
    assert "kiosk_sales_needing_staff 1.0" in text
    assert 'kiosk_zenoti_calls_total{route="GET /v1/guests/search",status="200"} 1.0' in text
    assert "kiosk_zenoti_throttled_total 1.0" in text
    assert 'kiosk_budget_wait_seconds_count{mode="shared",priority="money"} 1.0' in text
    assert (
        'kiosk_budget_wait_seconds_bucket{le="5.0",mode="local share",priority="background"}'
        in text
    )
    assert 'kiosk_reader_outcomes_total{outcome="approved"} 1.0' in text
    assert "kiosk_fleet_redis_up 0.0" in text
    assert 'kiosk_journal_seconds_bucket{le="0.005"} 1.0' in text
    assert list(metrics.money_waits) == [0.3]
    assert metrics.zenoti == "ok"  # the last answer, for the heartbeat
