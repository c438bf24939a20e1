"""Card-reader drivers behind the ``PaymentTerminal`` protocol (``terminal.py``).

A driver may import the domain and httpx; never the Zenoti client, the sale engine or Qt.
"""
