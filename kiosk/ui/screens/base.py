"""What every screen is: a view that shows the sale and calls the flow, in the guest's language.

A screen says which route shows it (``route = routes.Membership``), and ``entered(route=...)``
runs each time that route shows it, with the route's fields. It depends on the ``SaleFlow`` and
a ``Navigator``, nothing else of the kiosk. Texts are bound with ``self.text(widget, "English")``
so a language switch retranslates them in place; ``forget_guest()`` wipes whatever the screen
shows of a guest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.ui import routes
from kiosk.ui.i18n import tr, translator
from kiosk.ui.navigator import Navigator
from kiosk.ui.routes import Route

if TYPE_CHECKING:
    from kiosk.ui.flow import SaleFlow


class Screen(QWidget):
    """A full-window page of the kiosk, shown for its ``route``."""

    #: the route that shows this screen
    route: ClassVar[type[Route]]
    #: the router's name for this screen (its route's)
    name = ""
    #: whether the idle reset applies on this screen (not on attract)
    resets_when_idle = True
    #: whether idle time may get this screen ready (``prepare``) and paint it while hidden, before
    #: its first visit (the catalogue's cards, the membership pages). Every screen, this one or
    #: not, is laid out at its size in idle time: its resize comes then, not at its first showing
    lays_out_ahead = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The name is the route's; a screen that gives only a name (the payment screen for now,
        # tests' stand-ins) finds its route by that name.
        if "route" in cls.__dict__:
            cls.name = cls.route.name
        elif cls.__dict__.get("name"):
            cls.route = routes.route_type(cls.name)

    def __init__(self, flow: SaleFlow, router: Navigator) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.flow = flow
        self.router = router
        self._bindings: list[tuple[Callable[[str], None], str, dict[str, Any]]] = []
        translator.changed.connect(self._on_language)

    # ------------------------------------------------------------------ translation

    def text(self, widget: QLabel | QAbstractButton, english: str, **values: Any) -> None:
        """Show ``english`` (translated) on ``widget``, and keep it translated on every switch."""
        if isinstance(widget, QAbstractButton) and (
            not widget.accessibleName() or widget.accessibleName() == widget.text()
        ):
            # A button named by its text keeps its accessible name in step with it, language too.
            self.bind(_Caption(widget), english, **values)
            return
        self.bind(widget.setText, english, **values)

    def bind(self, setter: Callable[[str], None], english: str, **values: Any) -> None:
        """Call ``setter`` with the translation now and after every language switch."""
        self._bindings = [b for b in self._bindings if b[0] != setter]
        self._bindings.append((setter, english, values))
        setter(tr(english, **values))

    def _on_language(self, _language: str) -> None:
        for setter, english, values in self._bindings:
            setter(tr(english, **values))
        self.retranslate()

    def retranslate(self) -> None:
        """Rebuild texts that are not simple bindings (lists, amounts); after a switch."""

    # ------------------------------------------------------------------ shape

    @property
    def is_landscape(self) -> bool:
        """Whether the room the window gives this screen is wider than tall."""
        room = self.room()
        return room.width() > room.height()

    def room(self) -> QSize:
        """The room the window gives this screen.

        Asked of the screen's holder (the window's screen area), never of the screen itself: a
        screen that grew taller than the window to scroll would otherwise call itself portrait
        and stay so. Before it is shown, the layout profile decides.
        """
        holder = self.parentWidget()
        if self.isVisible() and holder is not None:
            return holder.size()
        shell = self.router.shell
        if shell is not None:
            return QSize(shell.look.profile.width, shell.look.profile.height)
        return self.size()

    # ------------------------------------------------------------------ life cycle

    # Each screen narrows ``route`` to its own route's type. Keyword-only, so that a screen still
    # taking ``**context`` (the payment screen, for now) fits it too.
    def entered(self, *, route: Any) -> None:
        """The screen is shown for ``route``: what the previous screen passed on."""

    def forget_guest(self) -> None:
        """Wipe every trace of the guest this screen shows or holds (after each sale)."""

    def prepare(self) -> bool:
        """Idle time before a visit: do a little of what the first visit would (the catalogue
        makes its cards), no more than a frame's worth; True once there is nothing left to do."""
        return True


@dataclass(frozen=True)
class _Caption:
    """Sets a button's text and accessible name together (equal per button, so rebinding works)."""

    button: QAbstractButton

    def __call__(self, text: str) -> None:
        self.button.setText(text)
        self.button.setAccessibleName(text)
