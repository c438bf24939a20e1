"""``kiosk doctor``: is this kiosk ready to sell? One line per check, each failure with its fix.

An installer runs it after writing the configuration, and support runs it when a kiosk misbehaves,
so every check runs even when an earlier one failed, nothing waits without a deadline, and no
secret is ever printed. It may import the configuration, the engine and the Zenoti and reader
clients; never Qt or the UI.
"""
