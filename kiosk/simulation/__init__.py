"""``kiosk simulate``: scripted guests, faults and crashes against a sandbox, and the money
invariants checked after every sale.

It may import the engine, the configuration and the sandbox launcher; never Qt or the UI.
"""
