"""The sandbox: a local HTTP server that stands in for the Zenoti API (and later a card reader).

Run it with ``kiosk sandbox --port 0``; it prints ``kiosk sandbox ready: http://127.0.0.1:<port>``
once it accepts connections. See docs/sandbox.md for the control routes tests use.

It may import the domain and its own modules only; nothing of the product imports it (the one
door is ``kiosk sandbox``, which starts it as its own program).
"""
