"""The demo's casework: the coordinator's home page leads to storyline victims (the referral queue and
the next meeting), the agencies have MARAC actions (one overdue), and the review chair has a Domestic
Homicide Review whose chronology and missed-opportunity analysis are filled in."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safeguarding.marac.models import Action, Referral
from safeguarding.reviews.models import Review, ReviewSubject
from safeguarding.web.demo import create_marac_work, create_review, load_signal_history

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(population, settings):
    from safeguarding.agencies.demo import create_demo_users

    settings.DEBUG = True  # demo users are refused otherwise
    users = {u.username: u for u in create_demo_users()}
    load_signal_history(population)
    # The meetings and deadlines are set from today, as when the demo is built.
    cases = create_marac_work(users)
    review = create_review(users["review.chair"], avoid=[p for ps in cases.values() for p in ps])
    return users, cases, review


def test_the_coordinators_home_page_links_to_the_victims_in_the_queue_and_on_the_next_meeting(client, demo):
    users, cases, _ = demo
    assert cases["queue"] and cases["listed"]
    client.force_login(users["marac.coordinator"])
    html = client.get("/").content.decode()
    for pid in cases["queue"]:
        assert f'href="/people/{pid}/"' in html
    meeting = Referral.objects.get(person_id=cases["listed"][0]).meeting
    assert f'href="/marac/meetings/{meeting.pk}/"' in html
    assert client.get(f"/people/{cases['queue'][0]}/").status_code == 200


def test_each_case_is_a_victim_with_open_signals(demo):
    from safeguarding.signals.models import Signal

    _, cases, _ = demo
    for pid in [p for ps in cases.values() for p in ps]:
        assert Signal.objects.filter(person_id=pid, cleared__isnull=True).exists()
        assert Referral.objects.filter(person_id=pid).exists()


def test_the_agencies_have_marac_actions_and_one_has_fallen_overdue(demo):
    _, cases, _ = demo
    if not cases["heard"]:
        pytest.skip("too few victims with open signals for a past meeting")
    open_actions = Action.objects.filter(status=Action.Status.OPEN)
    assert open_actions.filter(due__lt=timezone.localdate()).exists()
    assert Action.objects.filter(status=Action.Status.DONE).exists()
    assert {a.owner_agency.code for a in open_actions} >= {"housing", "gp"}


def test_the_review_chair_has_a_review_with_a_chronology_and_missed_opportunities(client, demo):
    from safeguarding.reviews.analysis import analyse_review
    from safeguarding.reviews.chronology import build_chronology

    users, cases, review = demo
    assert review is not None and Review.objects.count() == 1
    deceased = review.subjects.get(role=ReviewSubject.Role.DECEASED).person_id
    assert deceased not in [p for ps in cases.values() for p in ps]
    assert build_chronology(review)
    assert analyse_review(review).opportunities
    client.force_login(users["review.chair"])
    home = client.get("/").content.decode()
    assert f'href="/reviews/{review.pk}/analysis/"' in home
    assert client.get(f"/reviews/{review.pk}/chronology/").status_code == 200
    assert client.get(f"/reviews/{review.pk}/analysis/").status_code == 200
