"""The installed `provenance` command works as a user runs it, on a fresh SQLite file from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

TRIMMED = "we will research the Moon and build a lunar research base together, Russia and China"


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "provenance"
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=300)


def test_seed_then_trace_json_in_a_fresh_process(tmp_path: Path) -> None:
    env = dict(os.environ, PROVENANCE_DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.db'}",
               PROVENANCE_DATA_DIR=str(tmp_path / "data"))
    seeded = _run(["seed"], env)
    assert seeded.returncode == 0, seeded.stderr
    traced = _run(["trace", "--json", TRIMMED], env)
    assert traced.returncode == 0, traced.stderr
    origin = json.loads(traced.stdout)["origin"]
    assert "Rogozin" in origin["speaker"] and origin["url"] and origin["published_at"]
    assert (tmp_path / "fresh.db").exists()
