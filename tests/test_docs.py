"""The README documents every setting and every CLI command, and gives the two commands first."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.cli import main
from provenance.config import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting) -> None:  # noqa: ANN001
    assert f"PROVENANCE_{setting.name}" in README


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command: str) -> None:
    assert f"provenance {command}" in README


def test_readme_gives_the_two_commands_first() -> None:
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "make test" in ci
