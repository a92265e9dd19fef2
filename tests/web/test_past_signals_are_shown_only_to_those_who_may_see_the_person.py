"""Past signals go through the same access policy as open ones: a user who may not see the person's
signals sees none of them, on the page or from the function that gathers them."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.signals.models import Signal
from safeguarding.web.signal_display import describe_signals

pytestmark = pytest.mark.django_db

WHY = "Raised by the rule for a reason only her agencies may read"


@pytest.fixture
def past_signal(storyline) -> Signal:
    victim = storyline.victim
    return Signal.objects.create(code="MARAC_HIGH_RISK", person=victim, anchor=victim, why=WHY, action="Refer",
                                 first_raised=dt.date(2024, 3, 3), cleared=dt.date(2024, 6, 2))  # fmt: skip


def test_a_user_who_may_see_her_gets_her_past_signals(storyline, idva_worker, past_signal):
    assert [p.signal.pk for p in describe_signals(idva_worker, storyline.victim, {}).past] == [past_signal.pk]


def test_a_user_who_may_not_see_her_gets_no_past_signals(storyline, gp_worker, past_signal):
    signals = describe_signals(gp_worker, storyline.victim, {})
    assert signals.past == [] and signals.open == []


def test_her_page_refuses_a_user_who_may_not_see_her_and_names_no_past_signal(
    client, storyline, gp_worker, past_signal
):
    client.force_login(gp_worker)
    response = client.get(f"/people/{storyline.victim.pk}/")
    assert response.status_code == 404
    assert f"/signals/{past_signal.pk}/" not in response.content.decode()
