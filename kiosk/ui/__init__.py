"""The touch UI (PySide6 Widgets on the qasync loop): the window, the router, the sale flow,
screens/, widgets/, theme, translations, staff mode, the crash guard and the watchdog.

It sees only the sale engine (through ``flow.SaleFlow`` and ``back_office.BackOffice``) and the
domain; never Zenoti, the reader drivers, the sandbox, httpx or sqlite.
"""

from kiosk.ui.qt_loading import keep_python_import

keep_python_import()  # before the rest of the UI is imported: see kiosk.ui.qt_loading
