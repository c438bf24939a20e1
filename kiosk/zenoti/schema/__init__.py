"""Zenoti JSON → domain objects: strict on what the kiosk needs, lenient on Zenoti's quirks."""
