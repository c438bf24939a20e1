"""Wall-clock times as the sandbox writes them: UTC in the store, local time on invoices."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_now_iso() -> str:
    return iso_utc(utc_now())


def iso_utc(moment: datetime) -> str:
    """``2024-05-01T14:03:09Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


def local_iso(utc_text: str, time_zone: str) -> str:
    """A stored UTC time as the center's local time without offset, as Zenoti dates are."""
    try:
        zone = ZoneInfo(time_zone)
    except ZoneInfoNotFoundError:
        zone = ZoneInfo("UTC")
    return parse_utc(utc_text).astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def center_today(time_zone: str) -> date:
    """Today's date where the center is (sale periods are the business's local dates)."""
    try:
        zone = ZoneInfo(time_zone)
    except ZoneInfoNotFoundError:
        zone = ZoneInfo("UTC")
    return utc_now().astimezone(zone).date()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(f"no such month: {year}-{month}")
