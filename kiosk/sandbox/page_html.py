"""The look of the sandbox's HTML pages: one small, self-contained, phone-friendly layout."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from starlette.responses import HTMLResponse

STYLE = """
:root { color-scheme: light; --ink: #23312b; --soft: #6b7a73; --accent: #2e7d4f; --line: #e3e8e5; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: var(--ink); min-height: 100vh;
       background: linear-gradient(160deg, #f4f8f5, #e7efe9); }
main { max-width: 28rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.card { background: #fff; border-radius: 18px; padding: 1.5rem; box-shadow: 0 8px 30px #23312b14; }
.brand { letter-spacing: .25em; font-size: .75rem; color: var(--soft); text-transform: uppercase; }
h1 { font-size: 1.4rem; margin: .25rem 0 1rem; }
.amount { font-size: 2.2rem; font-weight: 600; margin: .25rem 0 1rem; }
label { display: block; font-size: .85rem; color: var(--soft); margin: .75rem 0 .25rem; }
input { width: 100%; font-size: 1.1rem; padding: .7rem .8rem; border: 1px solid #cfd8d3;
        border-radius: 10px; }
.row { display: flex; gap: .75rem; } .row > div { flex: 1; }
button, .button { display: block; width: 100%; margin-top: 1.25rem; padding: .9rem; border: 0;
        border-radius: 12px; background: var(--accent); color: #fff; font-size: 1.1rem;
        text-align: center; text-decoration: none; }
.notice { padding: .75rem 1rem; border-radius: 10px; background: #fdecea; color: #8a1f11; }
.ok { background: #e6f4ea; color: #1e5b35; }
table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
td { padding: .45rem 0; border-bottom: 1px solid var(--line); }
td:last-child { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 600; border-bottom: 0; }
.muted { color: var(--soft); font-size: .85rem; }
"""


def money(amount: Decimal, symbol: str = "$") -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{abs(amount):,.2f}"


def page(title: str, business: str, body: str, status: int = 200) -> HTMLResponse:
    """A whole page: ``body`` is trusted HTML built with :func:`escape` by the caller."""
    document = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · {escape(business)}</title><style>{STYLE}</style></head>
<body><main><div class="card"><div class="brand">{escape(business)}</div>
<h1>{escape(title)}</h1>
{body}
</div></main></body></html>"""
    return HTMLResponse(document, status_code=status)


def card_form(action: str, button: str, problem: str | None = None) -> str:
    notice = f'<p class="notice">{escape(problem)}</p>' if problem else ""
    return f"""{notice}
<form method="post" action="{escape(action)}" autocomplete="off">
<label for="number">Card number</label>
<input id="number" name="number" inputmode="numeric" placeholder="4242 4242 4242 4242" required>
<div class="row"><div><label for="expiry">Expiry</label>
<input id="expiry" name="expiry" placeholder="MM/YY" required></div>
<div><label for="cvc">Security code</label>
<input id="cvc" name="cvc" inputmode="numeric" placeholder="123" required></div></div>
<button type="submit">{escape(button)}</button>
</form>
<p class="muted">Sandbox: no real card is charged. 4000 0000 0000 0002 is always declined.</p>"""


def rows(lines: list[tuple[str, str]], total: tuple[str, str] | None = None) -> str:
    body = "".join(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in lines)
    if total:
        body += f'<tr class="total"><td>{escape(total[0])}</td><td>{escape(total[1])}</td></tr>'
    return f"<table>{body}</table>"


def link(href: str | None, label: str) -> str:
    return f'<a class="button" href="{escape(href)}">{escape(label)}</a>' if href else ""
