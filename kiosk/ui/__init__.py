"""The touch UI (PySide6 Widgets on the qasync loop): the window, the router, the sale flow,
screens/, widgets/, theme, translations, staff mode, the crash guard and the watchdog.

It sees only the sale engine (through ``flow.SaleFlow`` and ``back_office.BackOffice``) and the
domain; never Zenoti, the reader drivers, the sandbox, httpx or sqlite.
"""
