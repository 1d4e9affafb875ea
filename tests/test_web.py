"""A visitor opens the site: the home page traces a quote without JavaScript, and every asset is our own."""

from __future__ import annotations

import hashlib
import re

from fastapi.testclient import TestClient

from web.app import CSP, STATIC

from .test_trace import TRIMMED_ROGOZIN


def test_home_page_form_traces_a_quote_without_javascript(client: TestClient) -> None:
    home = client.get("/")
    form = re.search(r'<form action="/" method="get"[^>]*>', home.text)
    assert form and 'name="q"' in home.text  # a plain GET form: works with JavaScript off
    page = client.get("/", params={"q": TRIMMED_ROGOZIN})
    assert page.status_code == 200
    assert "<html" in page.text and "First appearance" in page.text
    assert "Strategic Culture Foundation" in page.text


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for url in ["/", "/api/v1/healthz", "/statements/999999", "/static/app.css"]:
        r = client.get(url)
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


def test_vendored_htmx_is_served_locally_with_its_licence(client: TestClient) -> None:
    vendor = STATIC / "vendor" / "htmx"
    assert "htmx.org 2.0.8" in (vendor / "VERSION").read_text()
    assert "Zero-Clause BSD" in (vendor / "LICENSE").read_text()
    r = client.get("/static/vendor/htmx/htmx.min.js")
    assert r.status_code == 200
    digest = hashlib.sha256(r.content).hexdigest()
    assert digest in (vendor / "SHA256SUMS").read_text()


def test_pages_load_nothing_from_another_host(client: TestClient) -> None:
    page = client.get("/", params={"q": TRIMMED_ROGOZIN}).text
    for ref in re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="([^"]*)"', page):
        assert ref.startswith("/") or ref.startswith("data:"), ref
    assert 'name="htmx-config"' in page and '"includeIndicatorStyles": false' in page
