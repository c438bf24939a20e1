"""``kiosk setup``: from a Zenoti API key to a kiosk that sells.

It asks for (or reads from flags) the Zenoti URL and API key, offers the organisation's centers
and the center's employee named like "Kiosk", asks for what Zenoti cannot list (the custom payment
types, the currency, the reader), writes a private ``kiosk.toml`` and secrets file, and runs
``kiosk doctor`` on them: exit code 0 only when the doctor passes.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command's modules load only when it runs: `kiosk --help` stays quick
    from kiosk.commands.setup_answers import Given
    from kiosk.commands.setup_flow import Prompter

DESCRIPTION = (
    "Ask for the Zenoti URL and API key, choose the center and the kiosk's employee from "
    "Zenoti's lists, ask for the custom payment types, the currency and the card reader, write "
    "a private kiosk.toml and secrets file (mode 0600), then run kiosk doctor on them. The API "
    "key is read without being shown, from KIOSK_ZENOTI_API_KEY or from --api-key-file, never "
    "from a flag. With --non-interactive every answer comes from a flag (the only center and "
    "the only employee named like Kiosk are taken when not given); a missing one is an error "
    "naming its flag, exit code 2. Exit code 0 when the doctor passes, 1 when a check fails."
)


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``kiosk setup`` its options and its handler."""
    parser.description = DESCRIPTION
    parser.set_defaults(handler=handle)
    add = parser.add_argument
    add(
        "--config",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="where to write kiosk.toml (default: where the kiosk looks: $KIOSK_CONFIG, else "
        "~/.config/kiosk/kiosk.toml); secrets.toml goes beside it",
    )
    add("--force", action="store_true", help="replace an existing kiosk.toml and secrets.toml")
    add(
        "--non-interactive",
        action="store_true",
        help="never prompt: every answer from a flag, a missing one is an error",
    )
    add("--zenoti-url", metavar="URL", help="the Zenoti API root (default https://api.zenoti.com)")
    add(
        "--api-key-file",
        type=Path,
        metavar="FILE",
        help="read the Zenoti API key from FILE (else KIOSK_ZENOTI_API_KEY, else a prompt)",
    )
    add("--center", metavar="CODE_OR_ID", help="the center's code or id")
    add("--employee", metavar="NAME_OR_ID", help="the kiosk's employee: name, code or id")
    add("--card-payment-type", metavar="GUID", help="custom payment type for card payments")
    add("--cash-payment-type", metavar="GUID", help='custom payment type for cash, or "none"')
    add("--currency", metavar="CODE", help="the center's ISO 4217 currency code, e.g. USD")
    add(
        "--reader",
        metavar="READER",
        help='a Stripe Terminal reader id (tmr_...), "sandbox" (the sandbox\'s simulated '
        'reader) or "none" (guests pay on their phone)',
    )
    add("--reader-url", metavar="URL", help="Stripe's API root (default https://api.stripe.com)")
    add(
        "--reader-key-file",
        type=Path,
        metavar="FILE",
        help="read the reader's Stripe secret key from FILE (else KIOSK_READER_SECRET_KEY, else "
        "a prompt)",
    )
    add("--brand-name", metavar="TEXT", help="the name guests see (default: the center's name)")
    add("--dialling-code", metavar="DIGITS", help='the country dialling code (default "1")')
    add("--journal", metavar="PATH", help="the sale journal (default: the kiosk's data folder)")


def handle(options: argparse.Namespace) -> int:
    """Run ``kiosk setup`` on the terminal."""
    from kiosk.commands.setup_answers import SetupStopped
    from kiosk.commands.setup_flow import TerminalPrompter

    prompter = TerminalPrompter()
    try:
        given = given_from(options, os.environ)
    except SetupStopped as stopped:
        prompter.fail(str(stopped))
        return stopped.code
    return run(given, prompter, options.config, force=options.force)


def given_from(options: argparse.Namespace, environ: Mapping[str, str]) -> Given:
    """The flags' answers, with the secrets read from their files or the environment."""
    from kiosk.commands.setup_answers import API_KEY_ENV, READER_KEY_ENV, Given

    return Given(
        interactive=not options.non_interactive,
        zenoti_url=options.zenoti_url,
        api_key=_secret(options.api_key_file, "--api-key-file", environ.get(API_KEY_ENV)),
        center=options.center,
        employee=options.employee,
        card_payment_type=options.card_payment_type,
        cash_payment_type=options.cash_payment_type,
        currency=options.currency,
        reader=options.reader,
        reader_url=options.reader_url,
        reader_key=_secret(
            options.reader_key_file, "--reader-key-file", environ.get(READER_KEY_ENV)
        ),
        brand_name=options.brand_name,
        dialling_code=options.dialling_code,
        journal=options.journal,
    )


def _secret(path: Path | None, flag: str, fallback: str | None) -> str | None:
    from kiosk.commands.setup_answers import SetupStopped

    if path is None:
        return fallback or None
    try:
        found = path.expanduser().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise SetupStopped(f"kiosk setup: {flag}: cannot read {path} ({reason})", 2) from None
    if not found:
        raise SetupStopped(f"kiosk setup: {flag}: {path} is empty", 2)
    return found


def run(
    given: Given,
    io: Prompter,
    config: Path | None = None,
    *,
    force: bool = False,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Ask, write, check: the exit code (0 only when the doctor passes)."""
    from kiosk.commands import setup_answers as pure
    from kiosk.commands.setup_answers import SetupStopped
    from kiosk.commands.setup_flow import ask_all
    from kiosk.commands.toml_text import render_toml
    from kiosk.doctor.run import run as doctor

    environ = os.environ if environ is None else environ
    config_path, secrets_path = target_paths(config, environ)
    try:
        refuse_overwrite((config_path, secrets_path), force=force)
        if not given.interactive and (missing := pure.missing_in_script(given)):
            for line in missing:
                io.fail(f"kiosk setup: {line}")
            return 2
        answers = ask_all(io, given)
        config_text = render_toml(pure.config_document(answers), pure.config_header(answers))
        secrets_text = render_toml(pure.secrets_document(answers), pure.SECRETS_HEADER)
        refuse_overwrite((config_path, secrets_path), force=force)  # nobody wrote one meanwhile
    except SetupStopped as stopped:
        io.fail(str(stopped))
        return stopped.code
    except (EOFError, KeyboardInterrupt):
        io.fail("kiosk setup: stopped before every answer was given; nothing was written")
        return 2
    write_private(secrets_path, secrets_text)  # first: kiosk.toml never names a missing file
    write_private(config_path, config_text)
    io.say()
    io.say(f"Wrote {config_path} and {secrets_path} (mode 0600: only this user can read them).")
    overriding = sorted(n for n in environ if n.startswith("KIOSK_") and n != "KIOSK_CONFIG")
    if overriding:
        io.say(f"Note: set in the environment, so ahead of these files: {', '.join(overriding)}.")
    io.say("Checking with kiosk doctor:")
    code = doctor(config_path, out=io.say)
    again = "" if config is None else f" --config {config_path}"
    if code == 0:
        io.say(f"The kiosk is ready to sell: start it with `kiosk{again}`.")
        io.say("Staff mode needs staff: add [[staff]] to the secrets file (see kiosk hash-pin).")
    else:
        io.say(f"Fix what failed (each FAIL says how), then run `kiosk doctor{again}` again.")
    return code


def target_paths(config: Path | None, environ: Mapping[str, str]) -> tuple[Path, Path]:
    """``kiosk.toml`` where the kiosk will look for it, and the secrets file beside it."""
    from kiosk.commands.setup_answers import SECRETS_NAME
    from kiosk.config.file import CONFIG_ENV, default_config_path

    named = config or (Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else None)
    path = (named or default_config_path()).expanduser().absolute()
    return path, path.parent / SECRETS_NAME


def refuse_overwrite(paths: tuple[Path, ...], *, force: bool) -> None:
    from kiosk.commands.setup_answers import SetupStopped

    existing = [path for path in paths if path.exists()]
    if existing and not force:
        raise SetupStopped(
            f"kiosk setup: {existing[0]} already exists; nothing was written — run kiosk setup "
            "--force to overwrite it (its values are lost)",
            2,
        )


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, mode 0600 from its first byte, replacing it in one step."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(partial, 0o600)  # the mode is explicit, whatever the umask
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
