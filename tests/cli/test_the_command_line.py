import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from safeguarding.cli import COMMANDS


def run_cli(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "safeguarding", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )


def test_without_a_command_it_prints_usage_and_fails(tmp_path):
    result = run_cli(tmp_path=tmp_path)
    assert result.returncode == 2
    assert "usage: safeguarding COMMAND" in result.stdout


def test_an_unknown_command_is_named_on_standard_error(tmp_path):
    result = run_cli("frobnicate", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "unknown command 'frobnicate'" in result.stderr


def test_every_fixed_command_of_the_interface_is_mapped():
    fixed = {"import", "link", "signals", "replay", "generate", "demo", "serve", "stats", "audit", "review"}
    assert fixed <= set(COMMANDS)


def test_stats_prints_the_four_counts_as_json_on_a_new_database(tmp_path):
    assert run_cli("manage", "migrate", "--verbosity", "0", tmp_path=tmp_path).returncode == 0
    result = run_cli("stats", "--json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"records": 0, "mentions": 0, "people": 0, "signals": 0}


def test_production_settings_without_a_secret_key_fail_with_a_clear_message(tmp_path):
    result = run_cli("stats", "--json", tmp_path=tmp_path, DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_setting_is_refused_by_name(tmp_path):
    result = run_cli("stats", "--json", tmp_path=tmp_path, DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_on_a_command_comes_from_its_management_command(tmp_path, flag):
    result = run_cli("stats", flag, tmp_path=tmp_path)
    assert result.returncode == 0
    assert "--json" in result.stdout


def test_a_bad_setting_is_one_line_on_standard_error_without_a_traceback(tmp_path):
    result = run_cli("stats", "--json", tmp_path=tmp_path, DJANGO_SECRET_KEY="")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("safeguarding: DJANGO_SECRET_KEY must be set")


def test_a_database_without_tables_says_how_to_create_them(tmp_path):
    result = run_cli("stats", "--json", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "safeguarding manage migrate" in result.stderr


@pytest.mark.parametrize("name", ["signals", "import", "generate"])
def test_help_names_the_command_as_typed_and_needs_no_settings(tmp_path, name):
    result = run_cli(name, "--help", tmp_path=tmp_path, DJANGO_SECRET_KEY="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: safeguarding {name} ")
