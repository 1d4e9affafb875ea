"""A reader browses the site without JavaScript, with htmx, and as JSON: every page, its partial, its twin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import Session

from provenance.models import Article, Outlet, Speaker
from provenance.trace import trace
from provenance.workspace import Workspace

from .test_trace import TRIMMED_ROGOZIN

HX = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def ids(seeded_store: Workspace) -> dict[str, int]:
    """Ids of seed records the routes below point at."""
    with Session(seeded_store.engine) as s:
        scf = s.scalars(select(Outlet).where(Outlet.name == "Strategic Culture Foundation")).one()
        article = s.scalars(select(Article).where(Article.outlet_id == scf.id)).one()
        bridenstine = s.scalars(select(Speaker).where(Speaker.name.like("%Bridenstine%"))).first()
    return {"rogozin": trace(seeded_store, TRIMMED_ROGOZIN).statement_id, "scf": scf.id, "scf_article": article.id,
            "bridenstine": bridenstine.id}


Q = TRIMMED_ROGOZIN.replace(" ", "+")
# (route, status, text the page must show). Each runs with and without HX-Request.
ROUTES = [
    ("/", 200, "paste a quote"),
    (f"/?q={Q}", 200, "First appearance"),
    (f"/?q={Q}&speaker=Vladimir+Putin", 200, "misattributed"),
    ("/?q=" + "x" * 5001, 413, "longer than 5000"),
    ("/browse", 200, "quotes"),
    ("/browse?q=lunar+base", 200, "research the Moon"),
    ("/browse?what=statements&outlet=strategic", 200, "/statements/"),
    ("/browse?what=articles&since=2020-08-02&until=2020-08-03", 200, "Global Research"),
    ("/browse?since=yesterday", 422, "must be a date"),
    ("/statements/{rogozin}", 200, "Lineage"),
    ("/statements/999999", 404, "no statement 999999"),
    ("/speakers", 200, "Bridenstine"),
    ("/speakers?name=bridenstine", 200, "Bridenstine"),
    ("/speakers/{bridenstine}", 200, "Statements first said by"),
    ("/speakers/999999", 404, "no speaker"),
    ("/outlets", 200, "Strategic Culture Foundation"),
    ("/outlets/{scf}", 200, "Originated"),
    ("/outlets/999999", 404, "no outlet"),
    ("/articles/{scf_article}", 200, 'class="quote"'),
    ("/articles/999999", 404, "no article"),
    ("/articles/abc", 422, "valid integer"),
]


@pytest.mark.parametrize("hx", [False, True], ids=["full-page", "htmx"])
@pytest.mark.parametrize("route, status, expected", ROUTES)
def test_every_page_renders_whole_or_as_its_htmx_partial(client: TestClient, ids: dict, route: str, status: int,
                                                         expected: str, hx: bool) -> None:
    page = client.get(route.format(**ids), headers=HX if hx else {})
    assert page.status_code == status, page.text[:500]
    assert page.headers["content-type"].startswith("text/html")
    assert expected.lower() in page.text.lower()
    # htmx gets only the fragment to swap in, errors included (the page swaps 4xx fragments too).
    assert ("<html" in page.text) is (not hx)
    assert "script-src 'self'" in page.headers["content-security-policy"]


JSON_TWINS = [
    ("/?q={q}", "origin", None),
    ("/browse?q=lunar", "items", "/api/v1/quotes?q=lunar"),
    ("/browse?what=articles", "items", "/api/v1/articles"),
    ("/statements/{rogozin}", "appearances", "/api/v1/statements/{rogozin}"),
    ("/speakers", "items", "/api/v1/speakers"),
    ("/speakers/{bridenstine}", "said", "/api/v1/speakers/{bridenstine}"),
    ("/outlets", "items", "/api/v1/outlets"),
    ("/outlets/{scf}", "originated", "/api/v1/outlets/{scf}"),
    ("/articles/{scf_article}", "quotes", "/api/v1/articles/{scf_article}"),
]


@pytest.mark.parametrize("route, key, api", JSON_TWINS)
@pytest.mark.parametrize("how", ["format", "accept"])
def test_every_page_has_a_json_twin_equal_to_its_api_route(client: TestClient, ids: dict, route: str, key: str,
                                                           api: str | None, how: str) -> None:
    url = route.format(q=Q, **ids)
    if how == "format":
        r = client.get(url + ("&" if "?" in url else "?") + "format=json")
    else:
        r = client.get(url, headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert key in body
    if api:
        assert body == {**client.get(api.format(**ids)).json(), **({"what": body["what"]} if "what" in body else {})}


def test_missing_page_json_twin_is_a_json_404(client: TestClient) -> None:
    r = client.get("/statements/999999?format=json")
    assert r.status_code == 404 and r.json() == {"detail": "There is no statement 999999 in the store."}


def test_home_shows_origin_verdict_appearances_diff_lineage_and_timeline(client: TestClient) -> None:
    page = client.get("/", params={"q": TRIMMED_ROGOZIN, "speaker": "Vladimir Putin"}).text
    card = page[page.index('id="origin"'):]
    assert "Strategic Culture Foundation" in card and "2020-08-01" in card
    assert "Confidence in this origin" in card
    assert re.search(r"Attribution: <span[^>]*>misattributed", page)
    # appearances oldest first, each with its relation; the trimmed one shows what was cut from the origin
    table = page[page.index('class="appearances"'):page.index("</table>", page.index('class="appearances"'))]
    dates = re.findall(r'datetime="(\d{4}-\d\d-\d\d)', table)
    assert dates == sorted(dates) and len(dates) >= 3
    assert "fragment" in table and "<del>" in table
    assert '<svg class="lineage"' in page and page.count('class="edge') >= 2
    assert '<svg class="timeline"' in page and page.count('class="bar ') >= 3


def test_unrelated_quote_finds_no_origin(client: TestClient) -> None:
    page = client.get("/", params={"q": "The price of tea in the harbour rose sharply after the storm."})
    assert page.status_code == 200 and "No stored statement matches" in page.text


def test_article_page_links_each_quote_to_its_statement(client: TestClient, ids: dict) -> None:
    page = client.get(f"/articles/{ids['scf_article']}").text
    assert f'href="/statements/{ids["rogozin"]}">Recently, we have agreed' in page
    assert "strategic-culture.org" in page


def test_outlet_page_tells_originated_from_reprinted(client: TestClient) -> None:
    outlets = client.get("/api/v1/outlets").json()["items"]
    by_name = {o["name"]: o for o in outlets}
    assert by_name["Strategic Culture Foundation"]["originated"] >= 3
    assert by_name["Global Research"]["originated"] == 0 and by_name["Global Research"]["reprinted"] >= 3
    gr = client.get(f"/outlets/{by_name['Global Research']['outlet_id']}").text
    reprinted = gr[gr.index('class="reprinted"'):]
    assert "first in" in reprinted and "Strategic Culture Foundation" in reprinted


def test_browse_pages_through_results(client: TestClient) -> None:
    first = client.get("/api/v1/quotes", params={"per_page": 2}).json()
    second = client.get("/api/v1/quotes", params={"per_page": 2, "page": 2}).json()
    assert first["total"] > 2 and first["pages"] == -(-first["total"] // 2)
    assert {q["quote_id"] for q in first["items"]}.isdisjoint(q["quote_id"] for q in second["items"])
    page = client.get("/browse", params={"q": "", "per_page": 2}).text
    assert 'rel="next"' in page and 'hx-get="/browse?q=&amp;per_page=2&amp;page=2"' in page


def test_no_template_has_inline_script_or_event_handlers() -> None:
    templates = Path(__file__).resolve().parent.parent / "web" / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag, f"{path.name}: inline script {tag}"
        assert not re.search(r"<script\b[^>]*>\s*[^<\s]", text), f"{path.name}: script with a body"
        assert not re.search(r"\son[a-z]+\s*=", text), f"{path.name}: inline event handler"
        assert not re.search(r"\|\s*safe\b", text) and "javascript:" not in text, path.name


def test_api_docs_are_self_hosted(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "POST /api/v1/articles" in page.text and "GET /api/v1/statements/{statement_id}/lineage" in page.text
    assert not re.search(r'(src|href)="(https?:)?//', page.text), "no asset or link from another host"
    assert client.get("/openapi.json").json()["paths"]["/api/v1/trace"]["post"]


def test_highlighted_article_markup_is_built_from_escaped_pieces() -> None:
    from provenance.browse import QuoteSpan
    from web.render import highlight

    text = 'A <script>x()</script> said “<img src=x onerror="y()"> hi” & left.'
    start = text.index("<img")
    end = text.index(" hi”") + 3
    spans = [QuoteSpan(quote_id=7, start=start, end=end, text=text[start:end], kind="direct", statement_id=3,
                       speaker_id=None, speaker=None),
             QuoteSpan(quote_id=8, start=start + 2, end=end, text="", kind="direct", statement_id=4,
                       speaker_id=None, speaker=None)]  # overlaps the first: left plain
    html = str(highlight(text, spans))
    assert "<script>" not in html and "<img" not in html
    assert '&lt;script&gt;x()&lt;/script&gt;' in html and "&amp; left." in html
    assert html.count('<a class="quote"') == 1
    assert '<a class="quote" id="q7" href="/statements/3">&lt;img src=x onerror=&#34;y()&#34;&gt; hi</a>' in html


def test_word_diff_marks_cut_and_added_words_and_ignores_case_and_punctuation() -> None:
    from web.render import safe_url, word_diff

    ops = word_diff("Recently, we agreed to build a base - Russia and China.", "we agreed to build a lunar base")
    assert ops == [("delete", "Recently,"), ("equal", "we agreed to build a"), ("insert", "lunar"),
                   ("equal", "base"), ("delete", "- Russia and China.")]
    assert safe_url("https://a.example/x") and safe_url("HTTP://a.example")
    assert safe_url("javascript:alert(1)") is None and safe_url(" JavaScript:alert(1)") is None
    assert safe_url("data:text/html,x") is None and safe_url("file:///etc/passwd") is None
