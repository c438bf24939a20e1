"""Reusable touch widgets (cards, keypads, keyboard, QR, signature pad) and their shared parts.

A widget may import the domain, ``kiosk.ui`` helpers (theme, translations, formatting) and other
widgets; never a screen, and never the sale engine.
"""
