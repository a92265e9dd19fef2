"""The whole journey in a real browser, with axe-core on every page type and screenshots:
find a storyline victim, open her timeline, acknowledge a signal, complete a DASH that scores 14,
make the referral, put it on a meeting, record an action and see it fall overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot, sign_in, sign_out
from tests.browser.storyline import build_population, storyline_victim

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_from_the_timeline_through_dash_to_an_overdue_marac_action(site, page):
    from safeguarding.marac.models import Action, Referral

    expected = build_population()
    victim = storyline_victim(expected, agency="police")

    # The police officer finds her, despite a slip in the name.
    sign_in(page, site, "police.officer")
    assert_accessible(page, "practitioner's home page")
    screenshot(page, "home-practitioner")
    surname = victim.name.split()[-1]
    page.get_by_label("Find a person").fill(f"{victim.name.split()[0]} {surname[:-1]}")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page, "search results")
    page.get_by_role("link", name=victim.name).first.click()

    # Her page: the timeline picture and table, her signals, the people around her.
    assert page.get_by_role("heading", level=1).inner_text() == victim.name
    assert page.locator(".app-timeline svg").is_visible()
    assert page.locator("#timeline-table tbody tr").count() > 0
    assert_accessible(page, "person page")

    # Acknowledge one of her signals.
    act = page.get_by_role("link", name="Act on this signal")
    assert act.count() > 0, "the storyline victim has no open signal"
    act.first.click()
    assert_accessible(page, "signal page")
    page.get_by_role("button", name="Acknowledge").click()
    assert page.get_by_text("Signal acknowledged.").is_visible()
    assert_accessible(page, "signal page after acknowledging")
    page.get_by_role("link", name=f"Back to {victim.name}").click()

    # DASH: 14 yes answers; the live count follows the answers.
    page.get_by_role("link", name="Start a DASH risk assessment").click()
    radios = page.locator('input[type="radio"][value="yes"]')
    assert radios.count() == 24
    for i in range(24):
        value = "yes" if i < 14 else "no"
        page.locator(f'input[type="radio"][value="{value}"]').nth(i).check()
    assert page.locator("#dash-count").inner_text() == "14"
    assert_accessible(page, "DASH form")
    page.get_by_role("heading", name="DASH risk assessment").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "dash")
    page.get_by_role("button", name="Save the assessment").click()

    # Straight into the referral, already filled in from the assessment.
    assert page.get_by_role("heading", name="Refer to MARAC now").is_visible()
    assert page.locator('input[value="visible_high_risk"]').is_checked()
    assert "14 of 24 answered yes" in page.locator("textarea[name=reason]").input_value()
    assert_accessible(page, "DASH result with the referral")
    page.get_by_role("button", name="Make the MARAC referral").click()
    assert_accessible(page, "referral page")
    referral = Referral.objects.get(person=victim.person)
    sign_out(page)

    # The coordinator sees it in the queue, plans a meeting and lists it.
    sign_in(page, site, "marac.coordinator")
    assert page.get_by_role("link", name=victim.name).first.is_visible()
    screenshot(page, "home-coordinator")
    page.get_by_role("link", name="Plan a meeting").first.click()
    day = timezone.localdate() + dt.timedelta(days=14)
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))
    page.get_by_label("Where").fill("Civic Centre, room 2")
    page.get_by_label("Police", exact=True).check()
    assert_accessible(page, "meeting form")
    page.get_by_role("button", name="Create the meeting").click()
    page.get_by_label("Referral").select_option(str(referral.pk))
    page.get_by_role("button", name="Add to the agenda").click()
    assert page.get_by_role("link", name=victim.name).is_visible()
    assert_accessible(page, "meeting page")
    screenshot(page, "meeting")

    # On the agenda, the coordinator sees what every sharing agency holds about her.
    page.goto(f"{site}/people/{victim.person.pk}/")
    page.locator("#signals").scroll_into_view_if_needed()
    screenshot(page, "person-signals")
    page.locator("#timeline").evaluate(
        "e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 10)"
    )
    screenshot(page, "person-timeline")
    page.locator(".app-timeline svg").screenshot(path=str(_shots() / "timeline.png"))
    page.goto(f"{site}/people/{victim.person.pk}/links/")
    assert_accessible(page, "how the records were linked")
    page.goto(f"{site}/marac/")
    assert_accessible(page, "MARAC overview")
    page.goto(f"{site}/signals/")
    assert_accessible(page, "signal list")
    page.goto(f"{site}/people/review/")
    assert_accessible(page, "links to check")
    page.goto(f"{site}/accessibility/")
    assert_accessible(page, "accessibility statement")
    page.goto(f"{site}/marac/referrals/{referral.pk}/")

    # An action for the police, due in three days.
    due = timezone.localdate() + dt.timedelta(days=3)
    page.get_by_label("Action").fill("Flag her address for an urgent response to any call")
    page.get_by_label("Owner agency").select_option(label="Police")
    page.get_by_label("Day", exact=True).fill(str(due.day))
    page.get_by_label("Month", exact=True).fill(str(due.month))
    page.get_by_label("Year", exact=True).fill(str(due.year))
    page.get_by_role("button", name="Record the action").click()
    assert page.get_by_text("Action recorded.").is_visible()
    assert_accessible(page, "referral with research and actions")

    # Time passes: the due date goes by, and the daily run notices.
    Action.objects.filter(referral=referral).update(due=timezone.localdate() - dt.timedelta(days=1))
    call_command("notify")
    page.goto(f"{site}/marac/actions/overdue/")
    assert page.get_by_text("Flag her address").is_visible()
    assert_accessible(page, "overdue actions")
    page.goto(f"{site}/notifications/")
    assert page.get_by_text("MARAC action overdue").first.is_visible()
    assert_accessible(page, "notifications")
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def _shots():
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
