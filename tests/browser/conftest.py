"""A real server and Debian's Chromium for the browser tests; they skip, saying why, only when no browser can be had."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from provenance.db import session_scope
from provenance.tokens import create_token
from provenance.workspace import Workspace
from web.app import create_app

from ..conftest import REPO, make_workspace

CHROMIUM = os.environ.get("PROVENANCE_CHROMIUM", "/usr/bin/chromium")
# Playwright's own browser download is not used (it needs a CDN); these flags keep Chromium offline and quiet.
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium_or_reason() -> str | None:
    """None when Chromium is there (installing it if we can), else why the browser tests cannot run."""
    if os.access(CHROMIUM, os.X_OK):
        return None
    script = REPO / "scripts" / "ensure-chromium.sh"
    out = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=False,
                         env={**os.environ, "PROVENANCE_CHROMIUM": CHROMIUM})
    if os.access(CHROMIUM, os.X_OK):
        return None
    return f"no browser at {CHROMIUM} and it could not be installed: {(out.stdout + out.stderr).strip()}"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = _chromium_or_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    from provenance.seeding import seed

    tmp: Path = tmp_path_factory.mktemp("browser")
    ws = make_workspace(f"sqlite:///{tmp / 'seeded.db'}", tmp)
    seed(ws)
    return ws


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(seeded: Workspace) -> Iterator[str]:
    """The app served by a real uvicorn on a free localhost port, in a background thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(seeded), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join()


@pytest.fixture(scope="module")
def token(seeded: Workspace) -> str:
    with session_scope(seeded.engine) as s:
        return create_token(s, "browser-tests")


@pytest.fixture
def page(browser) -> Iterator[object]:  # noqa: ANN001
    """A fresh page that records dialogs and console errors (a CSP violation shows up there)."""
    context = browser.new_context()
    p = context.new_page()
    p.dialogs, p.console_errors = [], []
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    p.on("console", lambda m: p.console_errors.append(m.text) if m.type == "error" else None)
    yield p
    context.close()
