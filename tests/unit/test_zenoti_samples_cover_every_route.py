"""Every Zenoti route the kiosk calls is held to a fixture from Zenoti's reference, with its source.

The routes are read from the client's own code, so a route added to the client without a sample
(or a documented model of one) and its source note fails here.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import kiosk.zenoti.auth
import kiosk.zenoti.client
from tests.support.zenoti_samples import SAMPLES

_ROUTE = re.compile(r"\b(GET|POST|PUT|DELETE) (/v1/[^\s`?]+)")
_CALLS = {"_get": None, "_all_pages": None, "_write": 0}  # where the method is: fixed, or arg n

# Zenoti's reference has no page for these: there is nothing to hold them to. Each says why.
NO_REFERENCE: set[tuple[str, str]] = set()
# Zenoti's page for these shows neither a sample nor a response table: the note says so, and the
# client reads them tolerantly (list-countries.source.md).
NO_DOCUMENTED_SHAPE = {("GET", "/v1/countries")}


def _normal(template: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", template.rstrip("/")).lower()


def _literal(node: ast.expr, assigned: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return assigned.get(node.id)
    return None


def routes_the_client_calls() -> set[tuple[str, str]]:
    """(method, template) of every call in ``ZenotiClient`` and the classes it is made of, and
    the token route of the auth."""
    found: set[tuple[str, str]] = set()
    files = {inspect.getfile(part) for part in kiosk.zenoti.client.ZenotiClient.__mro__[:-1]}
    assert len(files) > 1  # the routes live in more than one module: all are read
    trees = [ast.parse(Path(file).read_text(encoding="utf-8")) for file in sorted(files)]
    for function in (node for tree in trees for node in ast.walk(tree)):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        assigned = {
            target.id: node.value.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for call in ast.walk(function):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
                continue
            if call.func.attr not in _CALLS or function.name.startswith("_"):
                continue  # the plumbing passes templates on; the routes are its callers'
            method_at = _CALLS[call.func.attr]
            method = "GET" if method_at is None else _literal(call.args[method_at], assigned)
            template = _literal(call.args[0 if method_at is None else 1], assigned)
            assert method, f"{function.name}: a method the test cannot read"
            assert template, f"{function.name}: a route the test cannot read"
            found.add((method, _normal(template)))
    method, template = kiosk.zenoti.auth.TOKENS_ROUTE.split(" ")
    found.add((method, _normal(template)))
    return found


def _note_of(fixture: Path) -> Path | None:
    own = fixture.with_name(fixture.name.removesuffix(".json") + ".source.md")
    slug = fixture.with_name(fixture.name.split(".")[0] + ".source.md")
    return next((note for note in (own, slug) if note.exists()), None)


def routes_with_a_fixture() -> dict[tuple[str, str], list[str]]:
    """Each route named in a fixture's source note, with the fixtures that note covers."""
    covered: dict[tuple[str, str], list[str]] = {}
    for fixture in sorted(SAMPLES.glob("*.json")):
        note = _note_of(fixture)
        assert note is not None, f"{fixture.name} has no .source.md beside it"
        for method, template in _ROUTE.findall(note.read_text(encoding="utf-8")):
            covered.setdefault((method, _normal(template)), []).append(fixture.name)
    return covered


def test_the_route_reader_finds_the_routes_of_the_sale() -> None:
    routes = routes_the_client_calls()
    assert ("GET", "/v1/centers/{}/memberships") in routes
    assert ("POST", "/v1/invoices/{}/payment/custom") in routes
    assert ("PUT", "/v1/invoices/{}/email") in routes
    assert len(routes) >= 20


def test_every_route_the_kiosk_calls_has_a_fixture_from_zenotis_reference() -> None:
    covered = routes_with_a_fixture()
    unheld = NO_REFERENCE | NO_DOCUMENTED_SHAPE
    missing = sorted(routes_the_client_calls() - covered.keys() - unheld)
    assert missing == []


def test_every_route_without_a_fixture_is_still_called_and_still_without_one() -> None:
    unheld = NO_REFERENCE | NO_DOCUMENTED_SHAPE
    assert routes_the_client_calls() >= unheld
    assert not unheld & routes_with_a_fixture().keys()


def test_every_source_note_names_zenotis_page_for_its_route() -> None:
    notes = sorted(SAMPLES.glob("*.source.md"))
    assert len(notes) >= len(routes_the_client_calls())
    for note in notes:
        text = note.read_text(encoding="utf-8")
        routes = {(m, _normal(t)) for m, t in _ROUTE.findall(text)}
        assert routes, f"{note.name} names no route"
        if not routes <= NO_REFERENCE:
            assert "https://docs.zenoti.com/" in text, note.name
