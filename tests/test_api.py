"""A researcher scripts the JSON API: traces, checks, compares, browses, and (with a token) adds articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from provenance.config import settings_from
from provenance.db import session_scope
from provenance.models import Article
from provenance.tokens import create_token, revoke_token
from provenance.workspace import Workspace, new_workspace
from web.app import create_app

from .factories import BRIDENSTINE, ROGOZIN
from .test_trace import TRIMMED_ROGOZIN

HALF_ISS = ("Remember, half of the International Space Station is Russian, and if we’re going to make sure that we "
            "have continual access to it, and that they have continual access to it, then we’re going to need to "
            "be willing to launch on each other’s vehicles.")


@pytest.fixture(scope="module")
def rogozin_id(client: TestClient) -> int:
    return client.post("/api/v1/trace", json={"text": TRIMMED_ROGOZIN}).json()["statement_id"]


def test_healthz(client: TestClient) -> None:
    assert client.get("/api/v1/healthz").json() == {"status": "ok"}


def test_trace_returns_the_cli_json(client: TestClient) -> None:
    body = client.post("/api/v1/trace", json={"text": TRIMMED_ROGOZIN}).json()
    assert body["origin"]["outlet"] == "Strategic Culture Foundation"
    assert body["origin"]["published_at"].startswith("2020-08-01")
    assert [a["published_at"] for a in body["appearances"]] == sorted(a["published_at"] for a in body["appearances"])
    assert {"url", "outlet", "title", "quote", "speaker", "relation", "score"} <= set(body["appearances"][0])


@pytest.mark.parametrize("path, payload, status, message", [
    ("/api/v1/trace", {"text": ""}, 422, "the quote is empty"),
    ("/api/v1/trace", {"text": "   \n"}, 422, "the quote is empty"),
    ("/api/v1/trace", {}, 422, "text: Field required"),
    ("/api/v1/trace", {"text": 5}, 422, "valid string"),
    ("/api/v1/trace", {"text": "x" * 5001}, 413, "longer than 5000 characters"),
    ("/api/v1/trace", {"text": "a \x00 b"}, 422, "NUL"),
    ("/api/v1/check", {"text": ROGOZIN}, 422, "speaker: Field required"),
    ("/api/v1/check", {"text": ROGOZIN, "speaker": " "}, 422, "the speaker is empty"),
    ("/api/v1/check", {"text": "y" * 5001, "speaker": "Rogozin"}, 413, "longer than 5000"),
    ("/api/v1/compare", {"a": ROGOZIN, "b": ""}, 422, "second wording (b) is empty"),
    ("/api/v1/compare", {"a": ROGOZIN}, 422, "b: Field required"),
])
def test_bad_input_gets_a_clear_json_error(client: TestClient, path: str, payload: dict, status: int,
                                           message: str) -> None:
    r = client.post(path, json=payload)
    assert r.status_code == status
    assert message in r.json()["detail"]


def test_check_names_the_original_speaker_of_a_misattributed_quote(client: TestClient) -> None:
    body = client.post("/api/v1/check", json={"text": HALF_ISS, "speaker": "Dmitry Rogozin"}).json()
    assert body["verdict"] == "misattributed"
    assert "Bridenstine" in body["original_speaker"]
    assert body["chain"] and body["chain"][0]["outlet"] == "Strategic Culture Foundation"


def test_check_verifies_a_faithful_attribution(client: TestClient) -> None:
    body = client.post("/api/v1/check", json={"text": BRIDENSTINE, "speaker": "Jim Bridenstine"}).json()
    assert body["verdict"] == "verified"


def test_compare_tells_a_trimmed_quote_is_the_same_statement(client: TestClient) -> None:
    body = client.post("/api/v1/compare", json={"a": ROGOZIN, "b": TRIMMED_ROGOZIN}).json()
    assert body["same_statement"] is True and 0 <= body["score"] <= 1


def test_statement_lineage_and_prov(client: TestClient, rogozin_id: int) -> None:
    st = client.get(f"/api/v1/statements/{rogozin_id}").json()
    assert st["origin"]["outlet"] == "Strategic Culture Foundation" and st["confidence"] > 0
    assert st["timeline"][0]["day"] == "2020-08-01"
    trimmed = [a for a in st["appearances"] if a["relation"] == "fragment"]
    assert trimmed and any(op == "delete" for op, _ in trimmed[0]["diff"])
    lin = client.get(f"/api/v1/statements/{rogozin_id}/lineage").json()
    assert len(lin["edges"]) == len(lin["appearances"]) - 1
    assert {e["relation"] for e in lin["edges"]} >= {"verbatim", "translation"}
    prov = client.get(f"/api/v1/statements/{rogozin_id}/prov")
    assert prov.headers["content-type"].startswith("application/json")
    from prov.model import ProvDocument

    assert ProvDocument.deserialize(content=prov.text, format="json").get_records()
    csv = client.get(f"/api/v1/statements/{rogozin_id}/export", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and "strategic-culture.org" in csv.text


@pytest.mark.parametrize("path", ["/api/v1/statements/999999", "/api/v1/statements/999999/lineage",
                                  "/api/v1/statements/999999/prov", "/api/v1/articles/999999",
                                  "/api/v1/speakers/999999", "/api/v1/outlets/999999"])
def test_unknown_ids_are_404_with_a_message(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and "999999" in r.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/statements/abc", "/api/v1/statements/0", "/api/v1/articles/-1",
                                  f"/api/v1/articles/{2**70}", "/api/v1/quotes?page=0", "/api/v1/quotes?since=soon",
                                  "/api/v1/quotes?per_page=1000", "/api/v1/statements/1/export?format=xml"])
def test_malformed_ids_and_filters_are_422(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 422 and r.json()["detail"].startswith("invalid input")


def test_quote_search_filters_combine(client: TestClient) -> None:
    def texts(**params: str) -> list[str]:
        return [q["text"] for q in client.get("/api/v1/quotes", params=params).json()["items"]]

    moon = texts(q="lunar base")
    assert moon and all("lunar" in t.lower() and "base" in t.lower() for t in moon)
    assert len(texts(q="lunar base", outlet="Global Research")) == 1
    dated = client.get("/api/v1/quotes", params={"since": "2020-08-02", "until": "2020-08-04"}).json()["items"]
    assert dated and all("2020-08-02" <= q["published_at"][:10] <= "2020-08-04" for q in dated)
    by_speaker = client.get("/api/v1/quotes", params={"speaker": "Bridenstine"}).json()["items"]
    assert by_speaker and all("Bridenstine" in q["speaker"] for q in by_speaker)
    assert texts(q="zebra crossing") == []
    assert texts(q="100%_") == []  # LIKE wildcards are taken literally


def test_article_json_has_text_and_quote_spans(client: TestClient) -> None:
    first = client.get("/api/v1/articles", params={"outlet": "Strategic Culture"}).json()["items"][0]
    art = client.get(f"/api/v1/articles/{first['article_id']}").json()
    for q in art["quotes"]:
        assert art["text"][q["start"]:q["end"]] == q["text"]


# --- writes -----------------------------------------------------------------------------------------

LIMIT = 4000


@pytest.fixture
def small_ws(db_url: str, tmp_path: Path) -> Workspace:
    """An empty store (on each engine) with a small article limit, so 'too large' is cheap to reach."""
    return new_workspace(settings_from({"PROVENANCE_DATABASE_URL": db_url, "PROVENANCE_DATA_DIR": str(tmp_path),
                                        "PROVENANCE_MAX_ARTICLE_BYTES": str(LIMIT)}))


@pytest.fixture
def writer(small_ws: Workspace) -> Iterator[tuple[TestClient, str]]:
    with session_scope(small_ws.engine) as s:
        secret = create_token(s, "tests")
    yield TestClient(create_app(small_ws)), secret


def articles_in(ws: Workspace) -> int:
    with Session(ws.engine) as s:
        return s.scalar(select(func.count()).select_from(Article))


RECORD = {"url": "https://news.example.org/2020/08/09/moon", "outlet": "Example News",
          "published_at": "2020-08-09", "title": "Moon base",
          "text": f"Rogozin said: “{ROGOZIN}” No date was set."}


def test_ingest_with_a_token_stores_the_article_once(writer: tuple[TestClient, str], small_ws: Workspace) -> None:
    client, secret = writer
    auth = {"Authorization": f"Bearer {secret}"}
    r = client.post("/api/v1/articles", json=RECORD, headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "ingested" and body["quotes"] >= 1
    again = client.post("/api/v1/articles", json=RECORD, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "present"
    assert again.json()["article_id"] == body["article_id"]
    page = client.get(f"/api/v1/articles/{body['article_id']}").json()
    assert page["article"]["outlet"] == "Example News" and page["quotes"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer prov_wrong"}, {"Authorization": "Basic eDp5"}])
def test_writes_without_a_valid_token_get_401_and_write_nothing(writer: tuple[TestClient, str], small_ws: Workspace,
                                                                headers: dict) -> None:
    client, _ = writer
    r = client.post("/api/v1/articles", json=RECORD, headers=headers)
    assert r.status_code == 401 and "token" in r.json()["detail"]
    assert r.headers["www-authenticate"] == "Bearer"
    assert articles_in(small_ws) == 0


def test_a_revoked_token_no_longer_writes(writer: tuple[TestClient, str], small_ws: Workspace) -> None:
    client, secret = writer
    with session_scope(small_ws.engine) as s:
        assert revoke_token(s, "tests")
    r = client.post("/api/v1/articles", json=RECORD, headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 401 and articles_in(small_ws) == 0


@pytest.mark.parametrize("body, message", [
    (b"{not json", "invalid JSON"),
    (b"\xff\xfe", "not valid UTF-8"),
    (json.dumps([1, 2]).encode(), "must be a JSON object"),
    (json.dumps({"text": "words"}).encode(), "missing required field 'url'"),
    (json.dumps({"url": "https://x.example.org/a"}).encode(), "missing required field 'text' or 'html'"),
    (json.dumps({**RECORD, "published_at": "last Tuesday"}).encode(), "unparseable published_at"),
    (json.dumps({**RECORD, "title": 7}).encode(), "field 'title' must be a string"),
    (b'{"url": "https://x.example.org/s", "text": "a lone \\ud800 surrogate"}', "not valid Unicode"),
    (json.dumps({**RECORD, "text": "nul \x00 byte"}).encode(), "NUL character"),
])
def test_invalid_articles_get_422_with_the_cli_message(writer: tuple[TestClient, str], small_ws: Workspace,
                                                      body: bytes, message: str) -> None:
    client, secret = writer
    r = client.post("/api/v1/articles", content=body,
                    headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
    assert r.status_code == 422 and message in r.json()["detail"]
    assert articles_in(small_ws) == 0


def test_too_large_articles_get_413_and_write_nothing(writer: tuple[TestClient, str], small_ws: Workspace) -> None:
    client, secret = writer
    auth = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    over = {**RECORD, "text": "word " * (LIMIT // 5 + 1)}
    r = client.post("/api/v1/articles", json=over, headers=auth)
    assert r.status_code == 413 and f"{LIMIT}-byte limit" in r.json()["detail"]
    # A declared Content-Length over the body limit is refused before anything is read ...
    r = client.post("/api/v1/articles", content=b"{}", headers={**auth, "Content-Length": str(10**9)})
    assert r.status_code == 413 and "declared body size" in r.json()["detail"]
    # ... and a body streamed without a length is cut off as soon as it passes the limit.

    def stream() -> Iterator[bytes]:
        yield b'{"url": "https://x.example.org/big", "text": "'
        for _ in range(LIMIT):
            yield b"words " * 10
        yield b'"}'

    r = client.post("/api/v1/articles", content=stream(), headers=auth)
    assert r.status_code == 413 and "request body is larger" in r.json()["detail"]
    assert articles_in(small_ws) == 0


def test_a_five_megabyte_article_is_refused_by_default(client: TestClient, seeded_store: Workspace) -> None:
    with session_scope(seeded_store.engine) as s:
        secret = create_token(s, "big")
    text = "x" * (5 * 1024 * 1024 + 1)
    r = client.post("/api/v1/articles", json={"url": "https://big.example.org/a", "text": text},
                    headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 413
    assert client.get("/api/v1/articles", params={"outlet": "big.example.org"}).json()["total"] == 0
