"""An operator creates, lists and revokes write tokens from the CLI."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlmodel import Session

from provenance.cli import main
from provenance.config import get_settings
from provenance.db import get_engine
from provenance.tokens import verify_token


def test_token_lifecycle_from_the_cli(cli_env: Path) -> None:
    runner = CliRunner()
    created = runner.invoke(main, ["token", "create", "newsroom"])
    assert created.exit_code == 0, created.output
    secret = created.output.strip()
    assert secret.startswith("prov_")
    engine = get_engine(get_settings().database_url)
    with Session(engine) as s:
        assert verify_token(s, secret) is not None
        assert verify_token(s, secret + "x") is None
    listed = runner.invoke(main, ["token", "list"])
    assert "newsroom" in listed.output and secret not in listed.output
    assert runner.invoke(main, ["token", "create", "newsroom"]).exit_code == 1
    assert runner.invoke(main, ["token", "revoke", "newsroom"]).exit_code == 0
    with Session(engine) as s:
        assert verify_token(s, secret) is None
    assert runner.invoke(main, ["token", "revoke", "newsroom"]).exit_code == 1
