"""The questions ``kiosk setup`` asks, in order, through a :class:`Prompter` (the terminal, or a
test's script), and the Zenoti calls that offer the answers.

Each answer comes from its flag when one was given, else from the prompt; with
``--non-interactive`` an answer nothing can propose stops the command, naming its flag.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from kiosk.commands import setup_answers as pure
from kiosk.commands.setup_answers import Answers, Given, NotChosen, Reader, SetupStopped
from kiosk.commands.setup_lookups import is_sandbox, lookup, sandbox_reader
from kiosk.config.schema import Invalid
from kiosk.domain.center import Center, Employee

T = TypeVar("T")

LISTED = 40  # employees shown before "and N more"


class Prompter(Protocol):
    """The seam between the questions and whoever answers them."""

    def ask(self, question: str) -> str:
        """One line typed in answer (EOFError when input has ended)."""

    def secret(self, question: str) -> str:
        """One line typed without being shown."""

    def say(self, line: str = "") -> None:
        """A line of output."""

    def fail(self, line: str) -> None:
        """A line saying why setup stopped."""


class TerminalPrompter:
    """The terminal: ``input``, ``getpass`` (never echoed), stdout, and stderr for failures."""

    def ask(self, question: str) -> str:
        return input(question)

    def secret(self, question: str) -> str:
        return getpass.getpass(question)

    def say(self, line: str = "") -> None:
        print(line, flush=True)

    def fail(self, line: str) -> None:
        print(line, file=sys.stderr, flush=True)


class Conversation:
    """Asks each question once it is reached: from its flag, a proposal, or the prompt."""

    def __init__(self, io: Prompter, given: Given) -> None:
        self.io = io
        self.given = given

    def answer(
        self,
        flag: str,
        question: str,
        parse: Callable[[str], T],
        *,
        given: str | None,
        default: str | None = None,
        hint: str = "",
    ) -> T:
        if given is not None:
            try:
                return parse(given)
            except (Invalid, NotChosen) as error:
                raise SetupStopped(f"kiosk setup: {flag}: {error}", 2) from None
        if not self.given.interactive:
            if default is not None:
                return parse(default)
            raise SetupStopped(f"kiosk setup: missing {flag}{': ' if hint else ''}{hint}", 2)
        prompt = f"{question} [{default}]: " if default else f"{question}: "
        while True:
            raw = self.io.ask(prompt).strip() or (default or "")
            if not raw:
                self.io.say("  an answer is needed")
                continue
            try:
                return parse(raw)
            except (Invalid, NotChosen) as error:
                self.io.say(f"  {error}")

    def secret(self, question: str, parse: Callable[[str], T]) -> T:
        while True:
            raw = self.io.secret(question).strip()
            try:
                return parse(raw)
            except Invalid as error:  # the message quotes the value: say only what was expected
                self.io.say("  " + str(error).partition(", got")[0])


def ask_all(io: Prompter, given: Given) -> Answers:
    """Every answer, checked as the configuration loader will check it."""
    talk = Conversation(io, given)
    url = talk.answer(
        "--zenoti-url",
        "Zenoti API root (regional hosts differ)",
        lambda raw: str(pure.check("zenoti.base_url", raw)),
        given=given.zenoti_url,
        default=pure.DEFAULT_ZENOTI_URL,
    )
    api_key = given.api_key or talk.secret(
        "Zenoti API key (Zenoti: Setup → Apps, the backend API key; not shown as you type): ",
        lambda raw: str(pure.check("zenoti.api_key", raw)),
    )
    centers = lookup(url, api_key, lambda zenoti: zenoti.centers(), "the organisation's centers")
    center = _center(talk, centers)
    employees = lookup(url, api_key, lambda z: z.employees(center.id), "the center's employees")
    employee = _employee(talk, employees, center)
    if given.interactive:
        io.say(f"Selling at {center.name or center.code} as {employee.name or employee.code}.")
    if given.interactive and None in (given.card_payment_type, given.cash_payment_type):
        io.say()
        io.say(pure.PAYMENT_TYPES_HELP)
    card = talk.answer(
        "--card-payment-type",
        "Custom payment type for card payments (on the reader or the guest's phone)",
        lambda raw: str(pure.check("payment_types.card_terminal", raw)),
        given=given.card_payment_type,
    )
    cash = talk.answer(
        "--cash-payment-type",
        'Custom payment type for cash taken by staff ("none": staff cannot record cash)',
        _optional_payment_type,
        given=given.cash_payment_type,
        default="none" if given.interactive else None,
    )
    if given.interactive and given.currency is None:
        io.say()
        io.say(pure.CURRENCY_HELP.format(currency_id=center.currency_id or "not given"))
    currency = talk.answer(
        "--currency",
        "Currency",
        lambda raw: str(pure.check("zenoti.currency", raw)),
        given=given.currency,
    )
    reader = ask_reader(talk, url, center)
    brand = talk.answer(
        "--brand-name",
        "Business name shown to guests",
        lambda raw: str(pure.check("brand.name", raw)),
        given=given.brand_name,
        default=center.name or None,
    )
    dialling = talk.answer(
        "--dialling-code",
        "Country dialling code, for finding guests by phone",
        lambda raw: str(pure.check("zenoti.dialling_code", raw)),
        given=given.dialling_code,
        default="1",
    )
    return Answers(
        zenoti_url=url,
        api_key=api_key,
        center=center,
        employee=employee,
        card_payment_type=card,
        cash_payment_type=cash,
        currency=currency,
        reader=reader,
        brand_name=brand,
        dialling_code=dialling,
        journal=Path(given.journal).expanduser() if given.journal else None,
    )


def _optional_payment_type(raw: str) -> str | None:
    if raw.strip().lower() == "none":
        return None
    return str(pure.check("payment_types.cash", raw))


def _center(talk: Conversation, centers: Sequence[Center]) -> Center:
    if not centers:
        raise SetupStopped("kiosk setup: this API key's organisation has no centers", 1)
    if talk.given.interactive and talk.given.center is None:
        talk.io.say("The organisation's centers:")
        for number, center in enumerate(centers, start=1):
            talk.io.say(pure.center_line(number, center))
    typed = talk.given.interactive and talk.given.center is None  # a number means the list's
    only = centers[0].code or centers[0].id if len(centers) == 1 else None
    return talk.answer(
        "--center",
        "Center (number, code or id)",
        lambda raw: pure.choose_center(centers, raw, by_number=typed),
        given=talk.given.center,
        default=only,
        hint="the organisation's centers: " + ", ".join(c.code or c.id for c in centers),
    )


def _employee(talk: Conversation, employees: Sequence[Employee], center: Center) -> Employee:
    if not employees:
        raise SetupStopped(
            f"kiosk setup: {center.name or center.id} has no employees: create one for the "
            "kiosk in Zenoti (invoices are raised and paid as it), then run kiosk setup again",
            1,
        )
    proposed = pure.proposed_employee(employees)
    if talk.given.interactive and talk.given.employee is None:
        talk.io.say(f"The employees of {center.name or center.code}:")
        for number, employee in enumerate(employees[:LISTED], start=1):
            talk.io.say(pure.employee_line(number, employee))
        if len(employees) > LISTED:
            talk.io.say(f"  … and {len(employees) - LISTED} more: type a name, code or id")
        if proposed is None:
            talk.io.say('  (none is named like "Kiosk": a dedicated kiosk employee is best)')
    typed = talk.given.interactive and talk.given.employee is None
    default = (proposed.code or proposed.id) if proposed else None
    return talk.answer(
        "--employee",
        "The employee the kiosk sells as (number, name, code or id)",
        lambda raw: pure.choose_employee(employees, raw, by_number=typed),
        given=talk.given.employee,
        default=default,
        hint=f'no single employee of this center is named like "Kiosk" '
        f"({len(pure.kiosk_like(employees))} are)",
    )


def ask_reader(talk: Conversation, zenoti_url: str, center: Center) -> Reader | None:
    given, io = talk.given, talk.io
    offers_sandbox = given.interactive and given.reader is None and is_sandbox(zenoti_url)
    options = ["stripe", *(["sandbox"] if offers_sandbox else []), "none"]
    if given.interactive and given.reader is None:
        io.say()
        io.say("The card reader:")
        io.say("   1. a Stripe Terminal reader (Stripe Dashboard → Terminal → Readers)")
        if offers_sandbox:
            io.say("   2. the sandbox's simulated reader (this Zenoti URL is a kiosk sandbox)")
        io.say(f"   {len(options)}. none: guests pay on their phone (or with staff)")

    def choice(raw: str) -> str:
        typed = given.interactive and given.reader is None
        index = pure.list_number(raw.strip(), len(options)) if typed else None
        return options[index] if index is not None else pure.check_reader_choice(raw)

    chosen = talk.answer(
        "--reader", "Card reader (number, tmr_ id, sandbox or none)", choice, given=given.reader
    )
    if chosen == "none":
        return None
    if chosen == "sandbox":
        return sandbox_reader(zenoti_url, center.id)
    reader_id = chosen
    if chosen == "stripe":  # chosen by number at the prompt: its id next
        reader_id = talk.answer(
            "--reader",
            "Reader id (tmr_…)",
            lambda raw: str(pure.check("reader.reader_id", raw)),
            given=None,
        )
    base_url = talk.answer(
        "--reader-url",
        "Stripe API root",
        lambda raw: str(pure.check("reader.base_url", raw)),
        given=given.reader_url,
        default=pure.DEFAULT_STRIPE_URL,
    )
    secret = given.reader_key or talk.secret(
        "The reader's Stripe secret key (a restricted rk_… key is best; not shown): ",
        lambda raw: str(pure.check("reader.secret_key", raw)),
    )
    if given.reader_key:
        try:
            pure.check("reader.secret_key", secret)
        except Invalid:
            raise SetupStopped(
                "kiosk setup: the reader's secret key is not a Stripe secret key (sk_… or rk_…)", 2
            ) from None
    return Reader(base_url, reader_id, secret)
