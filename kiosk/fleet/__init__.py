"""A chain of kiosks on one Redis: one organisation-wide Zenoti call budget, one catalogue per
center, and a heartbeat from every kiosk for a view of the whole fleet (see ``docs/fleet.md``).

Nothing here is needed by a single kiosk: with no ``[fleet]`` configured the kiosk keeps its own
bucket and catalogue cache. Importing this package loads no Redis client; its modules do.

It may import the domain, the sale engine's ports, the Zenoti client's budget protocol, the
reader protocol, Redis and Prometheus; never Qt, the UI, the configuration or the commands.
"""
