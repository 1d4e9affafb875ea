"""A person in a real browser: traces the Rogozin quote, follows its lineage, checks attributions, and is safe
from a hostile article."""

from __future__ import annotations

import re

import httpx

from ..test_api import HALF_ISS
from ..test_trace import TRIMMED_ROGOZIN



def test_paste_the_rogozin_quote_see_origin_and_lineage_then_the_statement(page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.fill("#q", TRIMMED_ROGOZIN)
    page.click("button[type=submit]")
    origin = page.locator("#origin")
    origin.wait_for()
    # htmx swapped the result in and pushed the URL, so the result can be shared and reloaded
    assert "q=" in page.url
    assert "Strategic Culture Foundation" in origin.inner_text()
    assert "2020-08-01" in origin.inner_text()
    assert page.locator("svg.lineage a.node").count() >= 3
    assert page.locator("svg.lineage .edge").count() >= 2
    relations = page.locator("table.appearances .rel").all_inner_texts()
    assert {"verbatim", "fragment", "translation"} <= set(relations)
    assert page.locator("table.appearances del").count() >= 1  # the trimmed quote's cut words
    page.click("a.statement-page-link")
    page.wait_for_url(re.compile(r"/statements/\d+$"))
    assert page.locator("h1").inner_text().startswith("Statement")
    assert page.locator("svg.lineage").is_visible() and page.locator("svg.timeline").is_visible()
    # follow the lineage graph to the origin's stored article, where the quote is highlighted and linked back
    page.click("svg.lineage a.node.origin")
    page.wait_for_url(re.compile(r"/articles/\d+#q\d+$"))
    assert page.locator(".article-text a.quote").count() >= 3
    assert not page.dialogs and not [e for e in page.console_errors if "Content Security Policy" in e]


def test_check_an_attribution_from_the_statement_page(page, live_server: str) -> None:
    page.goto(live_server + "/?" + httpx.QueryParams({"q": HALF_ISS}).__str__())
    page.click("a.statement-page-link")
    page.wait_for_url(re.compile(r"/statements/\d+$"))
    page.fill("#check-speaker", "Dmitry Rogozin")
    page.click(".check-form button")
    verdict = page.locator("#verdict")
    verdict.wait_for()
    assert "misattributed" in verdict.inner_text().lower()
    assert "Bridenstine" in verdict.inner_text()


def test_a_faithful_attribution_is_verified_with_htmx(page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.fill("#q", "We see a day when Russian cosmonauts can launch on American rockets, and American "
                    "astronauts can launch on Russian rockets.")
    page.fill("#speaker", "Jim Bridenstine")
    page.click("button[type=submit]")
    page.locator("#verdict").wait_for()
    assert "verified" in page.locator("#verdict").inner_text().lower()


def test_the_site_works_without_javascript(browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    page.fill("#q", TRIMMED_ROGOZIN)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"\?q="))
    assert "Strategic Culture Foundation" in page.locator("#origin").inner_text()
    page.goto(live_server + "/browse?q=lunar&per_page=1")
    page.click("a[rel=next]")
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator("table.quotes tbody tr").count() == 1
    context.close()


HOSTILE = [
    "<script>window.__pwned = 'script'; alert('script')</script>",
    "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">",
    "<a href=\"javascript:window.__pwned='link';alert('link')\">click me</a>",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "\"><script>window.__pwned='breakout'</script>",
    "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
    "<style>body{display:none}</style>",
]


def _hostile_records() -> list[dict]:
    payload = " ".join(HOSTILE)
    # The quote itself is plain (the extractor skips wordings full of markup); the markup is all around it.
    quote = ("“We will build the lunar base together with our friends and nothing will stop us,” said Minister "
             "<b onmouseover=\"window.__pwned='speaker'\">Ivan Hostile</b> " + HOSTILE[1] + ".")
    return [
        {"url": "https://evil.example.org/a?x=\"><script>window.__pwned='url'</script>",
         "outlet": "<script>window.__pwned='outlet'</script>Evil Outlet",
         "title": "<img src=x onerror=\"window.__pwned='title'\">Hostile title",
         "author": "<script>alert('author')</script>", "published_at": "2020-08-10",
         "text": f"Opening {payload}\n\n{quote}\n\nMore {payload} and {HOSTILE[2]}"},
        {"url": "javascript:window.__pwned='article-url'", "published_at": "2020-08-11",
         "text": f"Second copy. {quote} {HOSTILE[0]}"},
        {"url": "https://evil.example.org/html", "published_at": "2020-08-12",
         "html": f"<html><head><title>HTML page</title><script>window.__pwned='html'</script></head><body>"
                 f"<article><h1>HTML page</h1><p>The minister spoke at length about the plans for the base. {quote}"
                 f"</p><p>{HOSTILE[1]} {HOSTILE[2]} and the rest of the day was quiet in the city.</p></article>"
                 f"</body></html>"},
    ]


def test_a_hostile_article_runs_nothing_in_the_browser(page, live_server: str, token: str) -> None:
    ids = []
    for rec in _hostile_records():
        r = httpx.post(live_server + "/api/v1/articles", json=rec, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 201, r.text
        ids.append(r.json()["article_id"])
    first = httpx.get(f"{live_server}/api/v1/articles/{ids[0]}").json()
    urls = [f"/articles/{i}" for i in ids]
    urls += [f"/statements/{q['statement_id']}" for q in first["quotes"] if q["statement_id"]]
    urls += [f"/outlets/{first['article']['outlet_id']}", "/outlets", "/speakers", "/browse?what=articles",
             "/browse?q=lunar", "/?" + str(httpx.QueryParams({"q": "We will build the lunar base together with "
                                                                   "our friends and nothing will stop us"}))]
    for url in urls:
        page.goto(live_server + url)
        page.wait_for_load_state("load")
        # the only script is our htmx; no image, iframe, event handler or javascript: link came from the article
        assert page.locator("script").count() == 1, url
        assert page.locator("img, iframe, [onerror], [onload], [onmouseover]").count() == 0, url
        assert page.locator("a[href^='javascript:' i]").count() == 0, url
        for link in page.get_by_text("click me").all()[:3]:
            link.click()  # plain text: clicking does nothing
        assert page.evaluate("window.__pwned") is None, url
        assert page.dialogs == [], url
    page.goto(live_server + urls[0])
    text = page.locator(".article-text").inner_text()
    assert "<script>window.__pwned = 'script'" in text  # shown as the text it is
    assert page.locator(".article-text a.quote").count() >= 1
    assert "Evil Outlet" in page.locator(".meta").first.inner_text()
    page.goto(live_server + urls[1])
    assert page.locator(".meta .unlinked").count() == 1  # the javascript: URL is shown, never linked
