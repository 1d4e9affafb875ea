"""A visitor uses the home page and an API client calls /api/v1/trace."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from web.app import create_app

from .test_trace import TRIMMED_ROGOZIN


@pytest.fixture
def client(seeded_ws) -> TestClient:  # noqa: ANN001
    return TestClient(create_app(seeded_ws))


def test_home_page_form_traces_a_quote_without_javascript(client: TestClient) -> None:
    page = client.get("/", params={"q": TRIMMED_ROGOZIN})
    assert page.status_code == 200
    assert "<html" in page.text and "First appearance" in page.text
    assert "Strategic Culture Foundation" in page.text and "Rogozin" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


@pytest.mark.parametrize("headers, full_page", [({}, True), ({"HX-Request": "true"}, False)])
def test_htmx_gets_only_the_result_partial(client: TestClient, headers: dict, full_page: bool) -> None:
    page = client.get("/", params={"q": TRIMMED_ROGOZIN}, headers=headers)
    assert page.status_code == 200
    assert ("<html" in page.text) is full_page
    assert "First appearance" in page.text


def test_api_trace_returns_the_cli_json(client: TestClient) -> None:
    r = client.post("/api/v1/trace", json={"text": TRIMMED_ROGOZIN})
    assert r.status_code == 200
    body = r.json()
    assert "Rogozin" in body["origin"]["speaker"] and body["origin"]["published_at"].startswith("2020-08-01")


@pytest.mark.parametrize("payload, status", [({"text": ""}, 422), ({"text": "   "}, 422), ({}, 422),
                                             ({"text": "x" * 5001}, 413)])
def test_api_rejects_bad_quotes_with_clear_errors(client: TestClient, payload: dict, status: int) -> None:
    r = client.post("/api/v1/trace", json=payload)
    assert r.status_code == status
    assert "detail" in r.json()


def test_vendored_htmx_is_served_locally(client: TestClient) -> None:
    r = client.get("/static/vendor/htmx/htmx.min.js")
    assert r.status_code == 200 and "htmx" in r.text[:2000]
