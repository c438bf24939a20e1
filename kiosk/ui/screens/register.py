"""Register: a new guest types their name, email, mobile and (optionally) date of birth on the
in-app keyboard. Zenoti's own mandatory fields come back field by field and are marked on the form.

Getting it right the first time:
- every field says whether it is required or optional, beside its caption;
- Continue checks every field at once and shows each problem under its own field; the first one
  takes the focus and is scrolled into view;
- a field's message line keeps its room while empty, so nothing moves under the guest's finger
  when messages come or go;
- while the guest types in a field, its message only goes (once fixed, or when it no longer
  says what is wrong); a new complaint waits until the guest leaves the field or taps Continue.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.checkout.errors import GuestFieldInvalid, SaleError
from kiosk.domain.guest import NewGuest, Phone, mask_name
from kiosk.domain.sale import SaleState
from kiosk.ui import routes
from kiosk.ui.asyncbridge import async_slot
from kiosk.ui.i18n import tr
from kiosk.ui.messages import error_text
from kiosk.ui.screens.guest_page import GuestScreen
from kiosk.ui.widgets.country_picker import CountryPicker, PhoneEdit, country_by_id
from kiosk.ui.widgets.form import BirthDate, Field, looks_like_email, tell, touch_edit, wipe
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.parts import button, label, scroll_area

_NAME_HINTS = Qt.InputMethodHint.ImhNoPredictiveText
_EMAIL_HINTS = Qt.InputMethodHint.ImhEmailCharactersOnly | Qt.InputMethodHint.ImhNoAutoUppercase
# What the kiosk asks for: a receipt goes by email and Zenoti's organisations commonly require
# a mobile number, so only the date of birth may be left out (Zenoti may still ask for it).
OPTIONAL = frozenset({"date_of_birth"})


class RegisterScreen(GuestScreen):
    """Signs a new guest up with Zenoti, then continues to the terms."""

    route = routes.Register

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._busy = False
        self._visit = 0  # bumped by forget_guest: a late answer must not act for a gone guest
        self._touched: set[str] = set()
        self._typing: str | None = None  # the field being typed in: no new complaint yet
        self._refused: GuestFieldInvalid | None = None
        self._registered: NewGuest | None = None
        self.back_button = self.way_out
        self.text(self.back_button, "Back")
        self.back_button.clicked.connect(self.router.back)
        # The title stays in view above the form, which scrolls under it.
        heading = QVBoxLayout()
        heading.setContentsMargins(48, 24, 48, 8)
        heading.setSpacing(8)
        title = label("title")
        self.text(title, "Sign up")
        intro = label("body")
        self.text(intro, "It takes a minute. We'll send your receipt by email.")
        heading.addWidget(title)
        heading.addWidget(intro)
        self.form_area = scroll_area()
        self.form_area.setWidget(self._form())
        form_column = QWidget()
        form_layout = QVBoxLayout(form_column)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(heading)
        form_layout.addWidget(self.form_area, 1)
        # The form above the keyboard when tall; side by side when wide (the keyboard's rows
        # would leave a wide screen no height for the fields).
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(0)
        self.body.addWidget(form_column, 1)
        side = QWidget()
        self.side = QVBoxLayout(side)
        self.side.setSpacing(16)
        self.side.addStretch(0)
        self.body.addWidget(side)
        self.column.addLayout(self.body, 1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(*self.edits, self.country.search)
        self.keyboard.focused.connect(self._focused)
        self.birth.moved_to.connect(self.keyboard.set_target)
        self.problem = label("error")
        self.continue_button = button("primary")
        self.text(self.continue_button, "Continue")
        self.continue_button.clicked.connect(self.submit)
        for widget in (self.keyboard, self.problem, self.continue_button):
            self.side.addWidget(widget)
        self.settle_shape()
        self.retranslate()

    def _form(self) -> QWidget:
        form = QWidget()
        column = QVBoxLayout(form)
        column.setContentsMargins(48, 8, 48, 16)
        # Each field's message line (its room kept) already parts it from the next.
        column.setSpacing(8)
        self.first_name = touch_edit(_NAME_HINTS)
        self.last_name = touch_edit(_NAME_HINTS)
        self.email = touch_edit(_EMAIL_HINTS)
        self.email.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.country = CountryPicker()
        self.mobile = PhoneEdit()
        self.country.changed.connect(self.mobile.set_country)
        self.country.opened.connect(self._countries_opened)
        self.birth = BirthDate()
        self.fields = {
            "first_name": Field(self.first_name),
            "last_name": Field(self.last_name),
            "email": Field(self.email),
            "mobile_phone": Field(self.country, self.mobile),
            "date_of_birth": Field(self.birth, edits=self.birth.edits),
        }
        self.fields["mobile_phone"].row.setStretch(1, 1)
        self.edits = [self.first_name, self.last_name, self.email, self.mobile,
                      self.birth.day, self.birth.month, self.birth.year]  # fmt: skip
        names = ("first", "last", "email", "mobile", "day", "month", "year")
        for edit, name in zip(self.edits, names, strict=True):
            edit.setObjectName(name)  # how tests and tools find a field
        for name, field in self.fields.items():
            for edit in field.edits:
                edit.textChanged.connect(lambda _text, n=name: self._edited(n))
                edit.editingFinished.connect(lambda n=name: self._left(n))
            column.addWidget(field)
        column.addStretch(1)
        return form

    def _countries_opened(self, is_open: bool) -> None:
        if is_open:
            self._learn_countries()
        self._arrange_mobile()  # the list takes the form's whole width while it is open

    def _arrange_mobile(self) -> None:
        # A narrow form, or an open country list, puts the country above the number.
        mobile = self.fields["mobile_phone"].row
        stacked = bool(self._landscape) or self.country.toggle.isChecked()
        direction = QBoxLayout.Direction
        mobile.setDirection(direction.TopToBottom if stacked else direction.LeftToRight)

    @async_slot
    async def _learn_countries(self) -> None:
        await self.flow.countries()  # Zenoti's ids for every country, read once
        self.country.refresh()

    def arrange(self, landscape: bool) -> None:
        """Tall: the form, then the keyboard under it. Wide: the form beside the keyboard."""
        direction = QBoxLayout.Direction
        self.body.setDirection(direction.LeftToRight if landscape else direction.TopToBottom)
        self.body.setStretch(0, 1)
        self.body.setStretch(1, 1 if landscape else 0)
        # Wide, the keyboard sits low in its column, within reach of the thumbs.
        self.side.setStretch(0, 1 if landscape else 0)
        self.side.setContentsMargins(16 if landscape else 48, 16, 48, 24)
        self._arrange_mobile()

    # ------------------------------------------------------------------ checking as typed

    def _problems(self) -> dict[str, str]:
        """What is wrong with the form now, field by field, in the guest's language."""
        problems: dict[str, str] = {}
        if not self.first_name.text().strip():
            problems["first_name"] = tr("Please enter your first name")
        if not self.last_name.text().strip():
            problems["last_name"] = tr("Please enter your last name")
        if not self.email.text().strip():
            problems["email"] = tr("Please enter your email")
        elif not looks_like_email(self.email.text()):
            problems["email"] = tr("Enter an email like name@example.com")
        digits = self.mobile.digits
        country = self.country.country
        if not digits:
            problems["mobile_phone"] = tr("Please enter your mobile number")
        elif not country.is_complete(digits):
            problems["mobile_phone"] = tr("Enter your whole mobile number")
        elif digits and not country.is_valid(digits):
            problems["mobile_phone"] = tr(
                "Check your number: it is not a valid number in {country}", country=country.name
            )
        birth = self.birth.problem()
        if birth is not None:
            problems["date_of_birth"] = birth
        return problems

    def _show_problems(self) -> dict[str, str]:
        """Mark the fields the guest has been through, and the one Zenoti refused."""
        problems = self._problems()
        refused = self._refused
        for name, field in self.fields.items():
            message = problems.get(name) if name in self._touched else None
            if name == self._typing and message != field.error.text():
                message = None  # fixed, or still being typed: a new complaint waits
            if message is None and refused is not None and refused.field == name:
                message = error_text(refused)
            field.show_problem(message)
        known = refused is not None and refused.field in self.fields
        tell(self.problem, error_text(refused) if refused and not known else "")
        return problems

    def _edited(self, name: str) -> None:
        if self._refused is not None and self._refused.field == name:
            self._refused = None  # the guest is fixing what Zenoti asked for
        self._typing = name
        self._show_problems()

    def _left(self, name: str) -> None:
        self._touched.add(name)
        if self._typing == name:
            self._typing = None
        self._show_problems()

    def _focused(self, edit: QLineEdit) -> None:
        for field in self.fields.values():
            if edit in field.edits:
                self.form_area.ensureWidgetVisible(field)

    # ------------------------------------------------------------------ submitting

    def _new_guest(self) -> NewGuest:
        digits = self.mobile.digits
        country = self.country.country
        return NewGuest(
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            email=self.email.text().strip() or None,
            phone=Phone(country.zenoti_id, country.national(digits)) if digits else None,
            date_of_birth=self.birth.value(),
        )

    def submit(self) -> None:
        """Check the form, register the guest with Zenoti, and go on to the terms."""
        if self._busy:
            return
        self._touched.update(self.fields)
        self._typing = None
        self._refused = None
        problems = self._show_problems()
        if problems:
            self._focus_field(next(iter(problems)))
            return
        new_guest = self._new_guest()
        if self._already_registered(new_guest):
            self.router.go(routes.Terms())
            return
        self._set_busy(True)  # at once: a second tap finds the button disabled
        self._register(new_guest)

    @async_slot
    async def _register(self, new_guest: NewGuest) -> None:
        visit = self._visit
        try:
            await self.flow.sale.register_guest(new_guest)
        except GuestFieldInvalid as refused:
            if visit == self._visit:
                self._refused = refused
                self._show_problems()
                self._focus_field(refused.field)
            return
        except SaleError as error:
            if visit == self._visit:
                tell(self.problem, error_text(error))
            return
        finally:
            self._set_busy(False)
        if visit == self._visit:
            self._registered = new_guest
            self.router.go(routes.Terms())

    def _already_registered(self, new_guest: NewGuest) -> bool:
        """Back from the terms with the same details: the guest exists, don't register twice."""
        view = self.flow.view
        return (
            new_guest == self._registered
            and view is not None
            and view.state is SaleState.GUEST_IDENTIFIED
            and view.guest_masked_name == mask_name(new_guest.first_name, new_guest.last_name)
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.continue_button.setEnabled(not busy)
        if busy:
            self.text(self.continue_button, "Signing you up…")
        else:
            self.text(self.continue_button, "Continue")

    def _focus_field(self, name: str) -> None:
        field = self.fields.get(name)
        if field is not None and field.edits:
            first = self.birth.edits[0] if name == "date_of_birth" else field.edits[0]
            first.setFocus()
            self.keyboard.set_target(first)
            self.form_area.ensureWidgetVisible(field)

    # ------------------------------------------------------------------ life cycle

    def retranslate(self) -> None:
        captions = {
            "first_name": tr("First name"),
            "last_name": tr("Last name"),
            "email": tr("Email"),
            "mobile_phone": tr("Mobile phone"),
            "date_of_birth": tr("Date of birth"),
        }
        for name, field in self.fields.items():
            field.name_it(captions[name], tr("optional") if name in OPTIONAL else tr("required"))
        self.email.setPlaceholderText(tr("name@example.com"))
        tab_order = [self.back_button, self.first_name, self.last_name, self.email,
                     self.country.toggle, self.mobile, *self.birth.edits,
                     self.continue_button]  # fmt: skip
        for before, after in pairwise(tab_order):
            self.setTabOrder(before, after)
        self._typing = None  # the messages shown are in the old language: all say them again
        self._show_problems()

    def entered(self, *, route: routes.Register) -> None:
        phone = route.phone
        if phone is not None:
            country = country_by_id(phone.country_id)
            self.country.choose(country)
            self.mobile.set_number(country, phone.number)
        if route.email:
            self.email.setText(route.email)
        first_empty = next((e for e in self.edits if not e.text()), self.first_name)
        # The router focuses the screen after this: the proxy passes it to the first empty field.
        self.setFocusProxy(first_empty)
        self.keyboard.set_target(first_empty)

    def forget_guest(self) -> None:
        self._visit += 1
        for edit in self.edits:
            wipe(edit)
        self._touched.clear()
        self._typing = None
        self._refused = None
        self._registered = None
        self.country.reset()
        self.mobile.country = self.country.country
        tell(self.problem, "")
        self._show_problems()
        self.form_area.verticalScrollBar().setValue(0)
