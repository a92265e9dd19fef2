"""Past signals, with who acknowledged or dismissed each, add one query to the person page, the same
for one past signal as for twelve."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.signals import verbs
from safeguarding.signals.models import Signal

# Counted as the record-count test counts them (a warm-up request first, then one measured).
from tests.web.test_person_page_queries_do_not_grow_with_records import _queries

pytestmark = pytest.mark.django_db


def _past(person, year: int, user) -> None:
    signal = Signal.objects.create(code="ESCALATION", person=person, anchor=person, why="w", action="a",
                                   first_raised=dt.date(year, 1, 1), cleared=dt.date(year, 6, 1))  # fmt: skip
    verbs.acknowledge(signal, user)


def test_twelve_past_signals_cost_no_more_queries_than_one(client, storyline, police_officer):
    victim = storyline.victim
    client.force_login(police_officer)
    none = _queries(client, victim)
    _past(victim, 2010, police_officer)
    one = _queries(client, victim)
    for year in range(2011, 2022):
        _past(victim, year, police_officer)
    twelve = _queries(client, victim)
    assert one <= none + 1, f"{none} queries with no past signals, {one} with one"
    assert twelve == one, f"{one} queries for one past signal, {twelve} for twelve"
