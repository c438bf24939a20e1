"""The ``kiosk`` subcommands, one module per command, each registering its own parser."""
