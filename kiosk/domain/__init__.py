"""The kiosk's pure domain: money, catalogue, guests, invoices (stdlib only)."""
