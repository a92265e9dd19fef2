import os
import secrets
import subprocess
import sys

from tests.conftest import REPO_ROOT


def test_manage_check_deploy_reports_no_issues_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "safeguarding.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    # What the test run itself sets (no HTTPS redirect, no static manifest, Playwright's async
    # allowance) is not production's: take it away so that the check sees production as deployed.
    for test_only in (
        "DJANGO_SECURE_SSL_REDIRECT",
        "SAFEGUARDING_STATIC_MANIFEST",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(test_only, None)
    result = subprocess.run(
        [sys.executable, "-m", "safeguarding", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "",
        "DJANGO_ALLOWED_HOSTS": "x.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-m", "safeguarding", "manage", "check"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
