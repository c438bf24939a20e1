"""Offer codes: what Zenoti answered when a media campaign's code was applied to an invoice."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OfferApplied:
    """``discount_applied`` and the campaign it came from; the amounts are on the invoice."""

    discount_applied: bool
    campaign_id: str | None
