"""Fixtures shared by every test package. App-specific fixtures live in tests/<app>/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Personas (an officer in one agency, a worker in another with a sharing agreement, ...): tests/personas.py
from tests.personas import (  # noqa: F401
    administrator,
    auditor,
    gp_worker,
    housing_officer,
    idva_worker,
    marac_coordinator,
    police_manager,
    police_officer,
    probation_officer,
    review_chair,
    storyline,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
# CI puts a copy of shared/ beside the clone, as the development checkout has it.
SHARED_DIR = REPO_ROOT.parent / "shared"
CASES_DIR = SHARED_DIR / "cases"


def shared_cases() -> list[Path]:
    """Every case folder in ../shared/cases (the seed review and further worked examples)."""
    if not CASES_DIR.is_dir():
        return []
    return sorted(p for p in CASES_DIR.iterdir() if (p / "records.jsonl").is_file())


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED_DIR


@pytest.fixture
def worcester_case(shared_dir: Path) -> Path:
    return shared_dir / "cases" / "worcester-2012"


@pytest.fixture
def connection_kept_across_requests() -> Iterator[None]:
    """For tests that call the WSGI application directly (schemathesis): Django would close the
    test's database connection (and its transaction) at the end of a request once CONN_MAX_AGE has
    passed, as it does on PostgreSQL; its test client does not."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _force_login_includes_the_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """`client.force_login(user)` stands for a completed sign-in, second factor included, as every
    page now asks for it (SecondFactorMiddleware); the sign-in tests walk the real steps instead."""
    from django.test import Client

    plain_force_login = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        plain_force_login(self, user, backend)
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="Signed in by the test", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
