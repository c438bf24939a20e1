"""Printed receipts on an ESC/POS thermal printer: the ticket, its layout, the printer's wire and
what the printer last said about itself.

It may import the domain and python-escpos; never Qt, the UI, the engine, the configuration or
the entry points. The engine (``kiosk.checkout.receipts``) decides when a ticket is printed.
"""
