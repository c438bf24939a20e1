"""Staff mode's back office: PIN access, the needs-staff queue, selling onto front-desk invoices.

``desk.StaffDesk`` is all the staff screens call. It may import the rest of ``kiosk.checkout``,
the domain, and the Zenoti and reader ports; never Qt, the UI or the entry points.
"""
