"""The kiosk's pure domain: money, catalogue, guests, invoices, the sale's states (stdlib only).

It imports nothing else of the kiosk, no Qt and no I/O library; every other layer may import it.
"""
