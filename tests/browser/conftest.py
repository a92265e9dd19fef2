"""Playwright driving Debian's Chromium against a live server; axe-core injected for accessibility."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
AXE_SOURCE = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = HERE.parents[1] / "docs" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO_PASSWORD = "demo-only-password"  # the documented demo password


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _plain_http_for_the_live_server() -> None:
    """The live server speaks plain HTTP: no redirect to HTTPS (read when the server starts)."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def site(_plain_http_for_the_live_server: None, live_server: Any, settings: Any) -> str:
    # An earlier live-server test's flush removed what the migrations put in: put the agencies back.
    from safeguarding.agencies.models import STANDARD_AGENCIES, Agency

    for code, (name, kind) in STANDARD_AGENCIES.items():
        Agency.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    # Demo accounts sign in without a second factor only when DEBUG is on, as in `make demo`.
    settings.DEBUG = True
    return str(live_server.url)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def sign_in(page: Any, site: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on the current page (injected through the DevTools protocol,
    so the page's strict Content Security Policy stays on)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""",
        AXE_TAGS,
    )
    return list(result)


def assert_accessible(page: Any, what: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{what} ({page.url}): " + json.dumps(violations, indent=1)


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
