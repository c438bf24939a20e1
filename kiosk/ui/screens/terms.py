"""Terms: the chosen membership's terms, read to the end before they can be accepted; for a
recurring membership also an explicit consent to the repeating charge and a signature. Accepting
records the consent and has Zenoti create the invoice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QFrame, QSizePolicy, QVBoxLayout, QWidget

from kiosk.checkout.errors import SaleError
from kiosk.domain.catalog import Membership
from kiosk.domain.sale import SaleState
from kiosk.ui import content, prices, routes
from kiosk.ui.asyncbridge import async_slot
from kiosk.ui.i18n import tr, translator
from kiosk.ui.messages import error_text
from kiosk.ui.screens.guest_page import GuestScreen, is_wide
from kiosk.ui.theme import set_role
from kiosk.ui.widgets.consent import ConsentCheck
from kiosk.ui.widgets.form import tell
from kiosk.ui.widgets.parts import button, label, scroll_area
from kiosk.ui.widgets.signature_pad import SignatureBox

# Pixels short of the very end that still count as "read to the end" (a fling rarely lands exactly).
_END_SLACK = 4
# The contract always keeps this share of the screen's height at least (tall; wide, beside the
# signing, a smaller one): a long heading in large Arabic text must not squeeze it to nothing.
READING_SHARE = 1 / 8
READING_SHARE_WIDE = 1 / 5


class TermsScreen(GuestScreen):
    """Shows the terms, collects consent (and a signature), then has the invoice created."""

    route = routes.Terms
    greets = True  # the first screen after identify: "Welcome back, Maya"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._memberships: tuple[Membership, ...] = ()
        self._read = False
        self._busy = False
        self._visit = 0
        self._consents: list[ConsentCheck] = []
        # What the reading column and the consents were last made for: the next guest taking
        # the same membership in the same language gets them shown again, not made again.
        self._terms_for: tuple[object, ...] | None = None
        self._consents_for: tuple[object, ...] | None = None
        self._accepted = False  # back from the invoice: the terms were accepted already
        # What is paid today and then, in the words of every other screen.
        self.price_summary = label("subtitle")
        self.tax_note = label("muted")
        self.back_button = self.way_out
        self.text(self.back_button, "Back")
        # Back to who's joining (not to the sign-up form: that guest exists now).
        self.back_button.clicked.connect(lambda: self.router.back_to(routes.Identify()))

        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.setContentsMargins(48, 32, 48, 16)
        self.body.setSpacing(32)
        self.body.addWidget(self._reading(), 1)
        self.signing = QWidget()
        signing = QVBoxLayout(self.signing)
        signing.setContentsMargins(0, 0, 0, 0)
        signing.setSpacing(16)
        self.consent_list = QVBoxLayout()
        self.consent_list.setSpacing(16)
        self.signature = SignatureBox()
        self.signature.changed.connect(lambda _signed: self._update())
        signing.addLayout(self.consent_list)
        signing.addWidget(self.signature)
        signing.addStretch(1)
        self.signing_column = signing
        self.body.addWidget(self.signing, 0)
        self.signing.hide()  # until a recurring membership needs it
        self.column.addLayout(self.body, 1)

        # The status, the error and the accept button: under everything, or, on a wide
        # screen, at the foot of the signing column beside the terms.
        self.finish = QWidget()
        finish = QVBoxLayout(self.finish)
        finish.setContentsMargins(0, 0, 0, 0)
        finish.setSpacing(16)
        self.bottom = QVBoxLayout()
        self.bottom.setContentsMargins(48, 0, 48, 32)
        self.bottom.addWidget(self.finish)
        self.column.addLayout(self.bottom)
        self.status = label("muted")
        self.text(self.status, "Preparing your invoice…")
        self.status.hide()
        self.error = label("error")
        self.accept_button = button("primary")
        self.text(self.accept_button, "I accept the terms")
        self.accept_button.clicked.connect(self.accept)
        for widget in (self.status, self.error, self.accept_button):
            finish.addWidget(widget)
        tell(self.error, "")
        self._update()

    def _reading(self) -> QWidget:
        reading = QWidget()
        column = QVBoxLayout(reading)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        title = label("title")
        self.text(title, "Membership terms")
        self.terms_box = QFrame()
        set_role(self.terms_box, "panel")
        self.terms_column = QVBoxLayout(self.terms_box)
        self.terms_column.setContentsMargins(32, 24, 32, 24)
        self.terms_column.setSpacing(16)
        self.reading_area = scroll_area()
        # It keeps a share of the height (``_keep_reading_room``) under headings that wrap.
        self.reading_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.reading_area.setWidget(self.terms_box)
        self.bind(self.reading_area.setAccessibleName, "Membership terms")
        bar = self.reading_area.verticalScrollBar()
        bar.valueChanged.connect(lambda _value: self._check_end())
        bar.rangeChanged.connect(lambda _low, _high: self._check_end())
        self.reading_area.viewport().installEventFilter(self)
        self.hint = label("muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Terms the business did not translate: said before the guest reads or signs them.
        self.language_note = label("notice")
        self.language_note.setObjectName("termsLanguageNote")
        self.language_note.hide()
        column.addWidget(title)
        column.addWidget(self.language_note)
        column.addWidget(self.price_summary)
        column.addWidget(self.tax_note)
        column.addWidget(self.reading_area, 1)
        column.addWidget(self.hint)
        return reading

    # ------------------------------------------------------------------ reading to the end

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is QEvent.Type.Resize:
            self._check_end()
        return False

    def _check_end(self) -> None:
        """Latch "read" once the end of the terms has been on screen."""
        if self._read or not self._memberships or not self.isVisible():
            return
        bar = self.reading_area.verticalScrollBar()
        if bar.maximum() > 0:
            at_end = bar.value() >= bar.maximum() - _END_SLACK
        else:
            # Nothing to scroll, or not laid out yet: believe it only if the text fits for real.
            viewport = self.reading_area.viewport()
            needed = self.terms_box.heightForWidth(viewport.width())
            at_end = viewport.height() > 0 and 0 < needed <= viewport.height()
        if at_end:
            self._read = True
            self._update()

    def _update(self) -> None:
        if self._read:
            self.bind(self.hint.setText, "Thanks for reading")
        else:
            self.bind(self.hint.setText, "Scroll to the end to continue")
        if self._accepted:
            self.hint.setText(tr("You accepted these terms"))
            self.text(self.accept_button, "Continue to your invoice")
            self.accept_button.setEnabled(not self._busy)
            self.accept_button.setAccessibleDescription("")
            return
        self.text(self.accept_button, "I accept the terms")
        consented = all(c.given for c in self._consents)
        signed = not self._recurring or not self.signature.is_empty
        self.accept_button.setEnabled(self._read and consented and signed and not self._busy)
        missing = None
        if not self._read:
            missing = tr("Scroll to the end to continue")
        elif not consented:
            missing = tr("Tick the box to authorise the payments")
        elif not signed:
            missing = tr("Sign in the box to continue")
        self.accept_button.setAccessibleDescription(missing or "")
        if self._read and not (consented and signed):
            self.hint.setText(missing or "")

    @property
    def has_been_read(self) -> bool:
        """The end of the terms has been on screen this visit (accepting needs it)."""
        return self._read

    @property
    def _recurring(self) -> bool:
        return any(m.is_recurring for m in self._memberships)

    def arrange(self, landscape: bool) -> None:
        # Wide screens read on one side and sign on the other; tall ones read above, sign below.
        wide = landscape and self._recurring
        # Wide is short (a tablet, under the steps): every pixel goes to signing and accepting.
        self.body.setContentsMargins(48, 4 if wide else 16, 48, 4 if wide else 16)
        self.signing_column.setSpacing(4 if wide else 16)
        # Tall, the terms take the height the signing leaves; wide, the two halves share it.
        self.body.setStretch(1, 1 if wide else 0)
        self.body.setSpacing(24)
        # Removed from where it is first: a widget added to a second layout makes Qt complain.
        self.bottom.removeWidget(self.finish)
        self.signing_column.removeWidget(self.finish)
        if wide:
            self.signing_column.addWidget(self.finish)
        else:
            self.bottom.addWidget(self.finish)
        self.bottom.setContentsMargins(*((0, 0, 0, 0) if wide else (48, 0, 48, 32)))
        self.body.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        self._keep_reading_room()

    def _keep_reading_room(self) -> None:
        wide = self.body.direction() is QBoxLayout.Direction.LeftToRight
        share = READING_SHARE_WIDE if wide else READING_SHARE
        self.reading_area.setMinimumHeight(round(self.room().height() * share))

    # ------------------------------------------------------------------ accepting

    def _consent_text(self) -> str:
        """What the guest agreed to, as they read it: the terms and each consent sentence."""
        read = [content.shown(m) for m in self._memberships]  # in the language the guest read them
        parts = [f"{m.title}\n{m.terms}" for m in read]
        parts += [c.sentence.text() for c in self._consents]
        return "\n\n".join(parts)

    def accept(self) -> None:
        """Record the acceptance (and signature), then have Zenoti create the invoice."""
        if self._busy or not self.accept_button.isEnabled():
            return
        if self._accepted:
            self.router.go(routes.Review())
            return
        self._busy = True  # at once: a second tap finds the button disabled
        self._update()
        tell(self.error, "")
        self._accept()

    @async_slot
    async def _accept(self) -> None:
        visit = self._visit
        try:
            sale = self.flow.sale
            # A retry after the invoice failed: the terms are already accepted.
            if sale.state is SaleState.GUEST_IDENTIFIED:
                signature = await self.signature.png() if self._recurring else None
                if visit != self._visit:
                    return  # the guest left while the signature was being compressed
                await sale.accept_terms(self._consent_text(), signature)
            self.status.show()
            await sale.create_invoice()
        except SaleError as error:
            if visit == self._visit:
                tell(self.error, error_text(error))
            return
        finally:
            self._busy = False
            self.status.hide()
            self._update()
        if visit == self._visit:
            self.router.go(routes.Review())

    # ------------------------------------------------------------------ life cycle

    def entered(self, *, route: routes.Terms) -> None:
        view = self.flow.view
        self._memberships = view.memberships if view is not None else ()
        self._accepted = view is not None and view.state is SaleState.INVOICE_READY
        self._read = False
        tell(self.error, "")
        self.signature.clear()
        self._show_terms()
        self._show_consents()
        # Lay out for the shape first: showing the signing part activates the layout at once.
        self.arrange(is_wide(self))
        self.signing.setVisible(self._recurring and not self._accepted)
        self._show_prices()
        self.reading_area.verticalScrollBar().setValue(0)
        self._update()
        self.show_chrome()
        # Once laid out, a short text that fits needs no scrolling.
        QTimer.singleShot(0, self, self._check_end)

    def _show_terms(self) -> None:
        shown = [content.shown(m) for m in self._memberships]
        made_for = (tuple((m.title, m.terms) for m in shown), translator.language)
        if made_for == self._terms_for:
            return  # these very terms, in this language, are what the column shows
        self._terms_for = made_for
        while self.terms_column.count():
            item = self.terms_column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for membership in shown:
            heading = label("subtitle", membership.title)
            terms = label("body", membership.terms.strip())
            if not membership.terms.strip():
                terms.setText(tr("This membership has no extra terms."))
            terms.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.terms_column.addWidget(heading)
            self.terms_column.addWidget(terms)
        self.terms_column.addStretch(1)
        self._show_language_note()

    def _show_consents(self) -> None:
        recurring = tuple(m for m in self._memberships if m.is_recurring)
        made_for = (recurring, date.today())  # a sentence names the first collection's day
        if made_for == self._consents_for:
            for consent in self._consents:
                consent.setChecked(False)  # each guest ticks their own
            return
        self._consents_for = made_for
        for consent in self._consents:
            consent.setParent(None)
            consent.deleteLater()
        self._consents = []
        for membership in recurring:
            consent = ConsentCheck(membership)
            consent.toggled.connect(lambda _on: self._update())
            self.consent_list.addWidget(consent)
            self._consents.append(consent)

    def _show_prices(self) -> None:
        lines = [line for line in (prices.summary(m) for m in self._memberships) if line]
        self.price_summary.setText("\n".join(lines))
        self.tax_note.setText(prices.tax_note())
        for shown in (self.price_summary, self.tax_note):
            shown.setVisible(bool(lines))

    def _show_language_note(self) -> None:
        english_only = content.untranslated_terms(self._memberships)
        language = content.language_name(content.source_language()) if english_only else ""
        if not english_only:
            note = ""
        elif len(english_only) == len(self._memberships):
            note = tr(
                "These terms are only in {language}. Please ask our staff if you would like "
                "help reading them before you accept.",
                language=language,
            )
        else:
            note = tr(
                "The terms of {names} are only in {language}. Please ask our staff if you "
                "would like help reading them before you accept.",
                names=", ".join(content.shown(m).title for m in english_only),
                language=language,
            )
        self.language_note.setText(note)
        self.language_note.setVisible(bool(note))

    def retranslate(self) -> None:
        self._show_terms()
        self._show_prices()
        self._update()
        # The terms in the new language, laid out: if they fit, there is nothing to scroll, and
        # nothing else would tell the screen its end is on show.
        QTimer.singleShot(0, self, self._check_end)

    def forget_guest(self) -> None:
        super().forget_guest()
        self._visit += 1
        self.signature.clear()
        for consent in self._consents:
            consent.setChecked(False)
        self._read = False
        self._accepted = False
        self.price_summary.clear()
        tell(self.error, "")
        self._update()
