"""The README's screenshots, taken from a running demo (not a test: `make demo` first, then
`.venv/bin/python tests/browser/take_demo_screenshots.py [URL]`).

It walks the newcomer's journey as the demo users: the coordinator's home page, the first victim in
the referral queue (her signals and her timeline), the start of a DASH, a practitioner's home page and
the review chair's missed-opportunity analysis, and prints each page it reached.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "demo-only-password"  # the documented demo password


def sign_in(page: Any, site: str, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def shot(page: Any, name: str, *, at: str | None = None) -> None:
    if at:
        page.locator(at).first.scroll_into_view_if_needed()
        page.evaluate("(sel) => document.querySelector(sel).scrollIntoView({block: 'start'})", at)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    print(f"{name}.png: {page.title()} ({page.url})")


def main(site: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()

        sign_in(page, site, "marac.coordinator")
        shot(page, "demo-home-coordinator")
        page.locator("h2:has-text('Referral queue') + ul a").first.click()
        page.wait_for_load_state()
        shot(page, "demo-person-signals", at="#signals")
        shot(page, "demo-person-timeline", at="#timeline")
        page.get_by_role("link", name="Start a DASH risk assessment").click()
        print(f"DASH form: {page.title()}")
        page.get_by_role("button", name="Sign out").click()

        sign_in(page, site, "police.officer")
        shot(page, "demo-home-practitioner")
        page.get_by_role("button", name="Sign out").click()

        sign_in(page, site, "review.chair")
        page.get_by_role("link", name="Missed opportunities").first.click()
        page.wait_for_load_state()
        shot(page, "demo-review-analysis")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
