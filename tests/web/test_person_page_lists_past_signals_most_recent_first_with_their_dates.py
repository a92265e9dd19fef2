"""A victim's page lists the concerns that held before, under the open ones: each with when it was
first raised, when it stopped holding (or was dismissed), who did what, and a link to its page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from safeguarding.signals import verbs
from safeguarding.signals.models import Signal

pytestmark = pytest.mark.django_db


def _signal(person, code: str, raised: dt.date, cleared: dt.date | None = None) -> Signal:
    return Signal.objects.create(
        code=code, person=person, anchor=person, first_raised=raised, cleared=cleared,
        why="Raised by the rule", action="Act on it",
    )  # fmt: skip


def _past_section(html: str) -> str:
    return html[html.index('id="past-signals"') : html.index('id="timeline"')]


def test_past_signals_are_listed_with_their_dates_most_recent_first(client, storyline, police_officer):
    victim = storyline.victim
    older = _signal(victim, "ESCALATION", dt.date(2019, 3, 1), cleared=dt.date(2020, 2, 29))
    newer = _signal(victim, "MARAC_HIGH_RISK", dt.date(2024, 3, 3), cleared=dt.date(2024, 6, 2))
    verbs.acknowledge(newer, police_officer)
    dismissed = _signal(victim, "NON_ENGAGEMENT", dt.date(2021, 5, 1))
    verbs.dismiss(dismissed, police_officer, "Engaging again with the IDVA service")
    still_open = _signal(victim, "CHILDREN_EXPOSED", dt.date(2025, 1, 10))

    client.force_login(police_officer)
    past = _past_section(client.get(f"/people/{victim.pk}/").content.decode())

    today = timezone.localdate()
    # The dismissal happened today, so it is the most recent ending; then June 2024, then February 2020.
    links = re.findall(r'href="/signals/(\d+)/"', past)
    assert links == [str(dismissed.pk), str(newer.pk), str(older.pk)]
    assert str(still_open.pk) not in links
    assert "3 March 2024" in past and "Stopped holding 2 June 2024" in past
    assert "1 March 2019" in past and "Stopped holding 29 February 2020" in past
    assert f"Dismissed {today:%-d %B %Y}" in past
    assert f"Acknowledged by {police_officer} on {today:%-d %B %Y}" in past
    assert f"Dismissed by {police_officer} on {today:%-d %B %Y}" in past


def test_a_long_history_folds_the_earlier_past_signals_away(client, storyline, police_officer):
    victim = storyline.victim
    for year in range(2010, 2018):
        _signal(victim, "ESCALATION", dt.date(year, 1, 1), cleared=dt.date(year, 6, 1))
    client.force_login(police_officer)
    past = _past_section(client.get(f"/people/{victim.pk}/").content.decode())
    shown, folded = past.split('<details class="govuk-details"')
    assert "Stopped holding 1 June 2017" in shown and "Stopped holding 1 June 2010" not in shown
    assert "3 earlier past signals" in folded and "Stopped holding 1 June 2010" in folded


def test_a_person_with_no_past_signals_says_so(client, storyline, police_officer):
    _signal(storyline.victim, "ESCALATION", dt.date(2024, 1, 1))
    client.force_login(police_officer)
    assert "No past signals." in _past_section(client.get(f"/people/{storyline.victim.pk}/").content.decode())
