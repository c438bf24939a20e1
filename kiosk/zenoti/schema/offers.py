"""Offer codes: apply-a-media-campaign-offer-code-on-an-invoice's answer."""

from __future__ import annotations

from kiosk.domain.offer import OfferApplied
from kiosk.zenoti.schema.reader import Node


def parse_offer_applied(body: Node) -> OfferApplied:
    """``{discount_applied, campaign_id, error}`` (a failure never reaches here)."""
    return OfferApplied(
        discount_applied=body.flag("discount_applied", default=False),
        campaign_id=body.opt_text("campaign_id") or None,
    )
