"""The pure part of ``kiosk setup``: each answer checked as the loader checks it, choosing the
center and the kiosk employee, the TOML it writes (escaping included), and the questions asked
through the prompter seam without a terminal or a network."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given as for_all
from hypothesis import strategies as st

from kiosk.commands import setup_answers as pure
from kiosk.commands.setup_answers import Answers, Given, NotChosen, Reader, SetupStopped
from kiosk.commands.setup_flow import Conversation, ask_reader
from kiosk.commands.toml_text import render_toml, toml_string
from kiosk.config.load import load_configuration
from kiosk.config.schema import Invalid
from kiosk.domain.center import Center, Employee

CARD = "333167fe-1959-5c0c-962c-8610d9e06fd5"
CASH = "0a7ab781-3016-58d9-9f74-f49c71e4cac2"
SPA = Center("4a537340-9825-5091-ab85-8930a34fe639", "LWSPA", "Lumen Spa", currency_id=148)
STUDIO = Center("a7db732c-26c8-5548-9006-9ec261324a77", "LWSTU", "Lumen Studio")
KIOSK = Employee("10776684-116d-50f2-b2dc-d9c766c6dbf0", "KIOSK", "Kiosk", "Lumen")
AMARA = Employee("5400ab86-e918-5dce-acc7-75fdfceff1db", "SP01", "Amara", "Lewis")
AMAL = Employee("03253088-a105-527c-bdca-c8b7b591cc4c", "SP02", "Amal", "Patel")


class Scripted:
    """The prompter seam, answered from a list; what was shown is kept as a transcript."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.lines: list[str] = []

    def ask(self, question: str) -> str:
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        self.lines.append(question + answer)
        return answer

    def secret(self, question: str) -> str:
        if not self.answers:
            raise EOFError
        self.lines.append(question)  # the answer is never shown
        return self.answers.pop(0)

    def say(self, line: str = "") -> None:
        self.lines.append(line)

    def fail(self, line: str) -> None:
        self.lines.append(line)


def answers(**changes: object) -> Answers:
    fields: dict[str, object] = {
        "zenoti_url": "https://api.zenoti.com",
        "api_key": "zen-key-123",
        "center": SPA,
        "employee": KIOSK,
        "card_payment_type": CARD,
        "cash_payment_type": CASH,
        "currency": "USD",
        "reader": Reader("https://api.stripe.com", "tmr_FrontDesk01", "rk_live_abc"),
        "brand_name": 'Casa "Calma" \\ Spa',
        "dialling_code": "44",
    }
    return Answers(**{**fields, **changes})  # type: ignore[arg-type]


def test_answers_are_checked_as_the_loader_checks_them() -> None:
    assert pure.check("zenoti.currency", " usd ") == "USD"
    assert pure.check("payment_types.card_terminal", CARD.upper()) == CARD
    with pytest.raises(Invalid, match="a Zenoti custom payment type id"):
        pure.check("payment_types.card_terminal", "card-terminal")
    with pytest.raises(Invalid, match="three-letter"):
        pure.check("zenoti.currency", "dollars")
    with pytest.raises(Invalid, match="https"):
        pure.check("zenoti.base_url", "http://api.zenoti.com")
    assert pure.check_reader_choice("None") == "none"
    assert pure.check_reader_choice("tmr_FrontDesk01") == "tmr_FrontDesk01"
    with pytest.raises(Invalid, match='"none", "sandbox" or a Stripe reader id'):
        pure.check_reader_choice("front desk")


def test_a_center_by_code_id_or_typed_number() -> None:
    centers = [SPA, STUDIO]
    assert pure.choose_center(centers, "lwstu") is STUDIO
    assert pure.choose_center(centers, SPA.id.upper()) is SPA
    assert pure.choose_center(centers, "2", by_number=True) is STUDIO
    with pytest.raises(NotChosen, match=r"its centers: LWSPA, LWSTU"):
        pure.choose_center(centers, "2")  # a flag names a center, never a list position
    with pytest.raises(NotChosen):
        pure.choose_center(centers, "3", by_number=True)


def test_the_employee_named_like_kiosk_is_proposed_only_when_it_is_the_only_one() -> None:
    assert pure.proposed_employee([AMARA, KIOSK]) is KIOSK
    assert pure.proposed_employee([AMARA]) is None
    second = Employee("9ec512f7-98a9-5283-84c9-7c6a02666dc9", "KIOSK2", "Lobby", "Kiosk")
    assert pure.proposed_employee([KIOSK, second]) is None
    assert pure.kiosk_like([AMARA, KIOSK, second]) == [KIOSK, second]


def test_an_employee_by_id_code_name_part_of_a_name_or_typed_number() -> None:
    staff = [KIOSK, AMARA, AMAL]
    assert pure.choose_employee(staff, KIOSK.id) is KIOSK
    assert pure.choose_employee(staff, "sp01") is AMARA
    assert pure.choose_employee(staff, "amal patel") is AMAL
    assert pure.choose_employee(staff, "Kiosk") is KIOSK
    assert pure.choose_employee(staff, "3", by_number=True) is AMAL
    with pytest.raises(NotChosen, match="several employees are named like"):
        pure.choose_employee(staff, "ama")
    with pytest.raises(NotChosen, match='no employee "Zoe"'):
        pure.choose_employee(staff, "Zoe")


def test_a_script_is_told_every_flag_nothing_can_propose() -> None:
    missing = pure.missing_in_script(Given(interactive=False, reader="tmr_FrontDesk01"))
    assert missing == [
        "missing the Zenoti API key: set KIOSK_ZENOTI_API_KEY or pass --api-key-file FILE",
        "missing --card-payment-type: the Zenoti custom payment type id for cards",
        'missing --cash-payment-type: the one for cash, or "none"',
        "missing --currency: the center's ISO 4217 currency code, e.g. USD",
        "missing the reader's secret key: set KIOSK_READER_SECRET_KEY or pass --reader-key-file "
        "FILE",
    ]
    complete = Given(
        interactive=False,
        api_key="k",
        card_payment_type=CARD,
        cash_payment_type="none",
        currency="USD",
        reader="sandbox",
    )
    assert pure.missing_in_script(complete) == []


def test_secrets_stay_out_of_reprs_and_out_of_kiosk_toml() -> None:
    chosen = answers()
    assert "zen-key-123" not in repr(chosen)
    assert "rk_live_abc" not in repr(chosen)
    assert "zen-key-123" not in repr(Given(api_key="zen-key-123"))
    text = render_toml(pure.config_document(chosen), pure.config_header(chosen))
    assert "zen-key-123" not in text
    assert "rk_live_abc" not in text
    assert tomllib.loads(render_toml(pure.secrets_document(chosen))) == {
        "zenoti": {"api_key": "zen-key-123"},
        "reader": {"secret_key": "rk_live_abc"},
    }


def test_what_is_written_is_what_the_configuration_loader_reads(tmp_path: Path) -> None:
    chosen = answers(journal=tmp_path / "journal.sqlite3")
    config = tmp_path / "kiosk.toml"
    config.write_text(render_toml(pure.config_document(chosen), pure.config_header(chosen)))
    secrets = tmp_path / pure.SECRETS_NAME
    secrets.write_text(render_toml(pure.secrets_document(chosen), pure.SECRETS_HEADER))
    os.chmod(secrets, 0o600)
    live = load_configuration(config, {}).live
    assert live is not None
    assert (live.zenoti.center_id, live.zenoti.kiosk_employee_id) == (SPA.id, KIOSK.id)
    assert (live.zenoti.api_key, live.zenoti.currency, live.zenoti.dialling_code) == (
        "zen-key-123",
        "USD",
        "44",
    )
    assert (live.zenoti.payment_types.card_terminal, live.zenoti.payment_types.cash) == (CARD, CASH)
    assert live.reader is not None
    assert (live.reader.reader_id, live.reader.secret_key) == ("tmr_FrontDesk01", "rk_live_abc")
    assert live.brand.name == 'Casa "Calma" \\ Spa'
    assert live.journal_path == tmp_path / "journal.sqlite3"


def test_without_cash_or_reader_those_keys_are_left_out() -> None:
    document = pure.config_document(answers(cash_payment_type=None, reader=None))
    assert document["payment_types"] == {"card_terminal": CARD}
    assert "reader" not in document
    assert "reader" not in pure.secrets_document(answers(reader=None))


@for_all(st.text())
def test_any_text_survives_the_toml_escaping(value: str) -> None:
    assert tomllib.loads(f"name = {toml_string(value)}\n") == {"name": value}


def test_escapes_and_comments() -> None:
    assert toml_string('a"b\\c\n\t\x00\x7f') == '"a\\"b\\\\c\\n\\t\\u0000\\u007F"'
    header = ["Center: LWSPA Spa\nwith = a newline"]
    text = render_toml({"brand": {"name": "x"}}, header)
    assert text.startswith("# Center: LWSPA Spa with = a newline\n")
    assert tomllib.loads(text) == {"brand": {"name": "x"}}
    with pytest.raises(TypeError):
        render_toml({"deadlines": {"poll_max": 1.5}})


def test_the_prompt_asks_again_until_an_answer_fits() -> None:
    io = Scripted("not-a-guid", "", CARD, "")
    talk = Conversation(io, Given())
    parse = lambda raw: str(pure.check("payment_types.card_terminal", raw))  # noqa: E731
    assert talk.answer("--card-payment-type", "Card type", parse, given=None) == CARD
    assert '  expected a Zenoti custom payment type id (a UUID), got "not-a-guid"' in io.lines
    assert "  an answer is needed" in io.lines
    assert talk.answer("--currency", "Currency", str.upper, given=None, default="usd") == "USD"
    assert io.lines[-1] == "Currency [usd]: "  # Enter took the proposal


def test_a_flag_is_taken_without_asking_and_a_wrong_one_stops_naming_it() -> None:
    io = Scripted()
    talk = Conversation(io, Given())
    assert talk.answer("--currency", "Currency", str.upper, given="eur") == "EUR"
    with pytest.raises(SetupStopped, match=r"^kiosk setup: --currency: expected a three-letter"):
        talk.answer(
            "--currency", "Currency", lambda r: pure.check("zenoti.currency", r), given="euro"
        )
    assert io.lines == []


def test_a_script_takes_a_proposal_and_stops_on_what_has_none() -> None:
    talk = Conversation(Scripted(), Given(interactive=False))
    assert talk.answer("--center", "Center", str, given=None, default="LWSPA") == "LWSPA"
    with pytest.raises(SetupStopped) as stopped:
        talk.answer("--employee", "Employee", str, given=None, hint="none is named like Kiosk")
    assert (str(stopped.value), stopped.value.code) == (
        "kiosk setup: missing --employee: none is named like Kiosk",
        2,
    )


def test_a_secret_that_does_not_fit_is_asked_again_without_being_quoted() -> None:
    io = Scripted("sk_wrong_secret", "rk_test_good")
    talk = Conversation(io, Given())
    parse = lambda raw: str(pure.check("reader.secret_key", raw))  # noqa: E731
    assert talk.secret("Reader key: ", parse) == "rk_test_good"
    assert not [line for line in io.lines if "sk_wrong_secret" in line]
    assert "  expected a Stripe secret key (sk_...)" in io.lines


def test_a_stripe_reader_is_asked_for_its_id_and_its_key_which_is_never_shown() -> None:
    io = Scripted("1", "tmr_FrontDesk01", "", "rk_live_abc")
    reader = ask_reader(Conversation(io, Given()), "https://api.zenoti.com", SPA)
    assert reader == Reader("https://api.stripe.com", "tmr_FrontDesk01", "rk_live_abc")
    assert "   2. none: guests pay on their phone (or with staff)" in io.lines  # no sandbox here
    assert not [line for line in io.lines if "rk_live_abc" in line]
    assert ask_reader(Conversation(Scripted("2"), Given()), "https://api.zenoti.com", SPA) is None


def test_a_scripted_stripe_reader_takes_its_key_from_the_environment_or_a_file() -> None:
    given = Given(interactive=False, reader="tmr_FrontDesk01", reader_key="sk_test_123")
    reader = ask_reader(Conversation(Scripted(), given), "https://api.zenoti.com", SPA)
    assert reader == Reader("https://api.stripe.com", "tmr_FrontDesk01", "sk_test_123")
    wrong = Given(interactive=False, reader="tmr_FrontDesk01", reader_key="hunter2")
    with pytest.raises(SetupStopped, match="not a Stripe secret key") as stopped:
        ask_reader(Conversation(Scripted(), wrong), "https://api.zenoti.com", SPA)
    assert "hunter2" not in str(stopped.value)
