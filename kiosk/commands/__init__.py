"""The ``kiosk`` subcommands, one module per command, each registering its own parser.

``kiosk.cli`` imports only the chosen command's module. Commands are entry points: they may import
any layer of the product (and ``kiosk sandbox`` starts the sandbox's program); nothing imports them.
"""
