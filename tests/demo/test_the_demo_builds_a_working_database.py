import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, var: Path, debug: str = "true") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SAFEGUARDING_VAR_DIR=str(var), DJANGO_DEBUG=debug)
    return subprocess.run(
        [sys.executable, "-m", "safeguarding", *args],
        capture_output=True, text=True, env=env, timeout=900, check=False,
    )  # fmt: skip


def test_the_demo_refuses_to_run_in_production(tmp_path):
    result = run("demo", "--no-serve", "--people", "20", var=tmp_path, debug="false")
    assert result.returncode != 0
    assert "DJANGO_DEBUG=true" in result.stderr
    assert not (tmp_path / "demo.sqlite3").exists() or "records" not in result.stdout


@pytest.mark.slow
def test_a_small_demo_has_records_people_signals_and_the_six_users(tmp_path):
    result = run("demo", "--no-serve", "--people", "150", var=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "demo.sqlite3").exists()
    for username in (
        "marac.coordinator",
        "police.officer",
        "gp.reception",
        "idva.worker",
        "review.chair",
        "admin",
    ):
        assert username in result.stdout
    assert "demo-only-password" in result.stdout

    stats = subprocess.run(
        [sys.executable, "-m", "safeguarding", "stats", "--json"],
        capture_output=True, text=True, check=True, timeout=120,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "DJANGO_DEBUG": "true"},
    )  # fmt: skip
    counts = json.loads(stats.stdout)
    assert counts["records"] > 150
    assert counts["mentions"] >= counts["records"]
    assert 0 < counts["people"] < counts["mentions"]
    assert counts["signals"] > 0

    # A second run reuses the database instead of building it again.
    again = run("demo", "--no-serve", var=tmp_path)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "already built" in again.stderr


@pytest.mark.slow
def test_the_demo_creates_its_var_folder_in_a_fresh_clone_and_says_where_to_go(tmp_path):
    var = tmp_path / "fresh-clone" / "var"
    result = run("demo", "--no-serve", "--people", "40", var=var)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (var / "demo.sqlite3").exists()
    assert "http://127.0.0.1:8000/" in result.stdout
    assert "Working out each person's signal history" in result.stderr
