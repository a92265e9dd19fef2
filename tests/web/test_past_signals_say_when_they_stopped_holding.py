"""A past episode (the demo loads many) says in every list when it stopped holding, not just "Open"."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.signals.models import Signal
from safeguarding.web.signal_display import status_text

pytestmark = pytest.mark.django_db


def test_a_cleared_signal_says_the_day_it_stopped_holding_and_an_open_one_its_status(storyline):
    victim = storyline.victim
    past = Signal(code="ESCALATION", person=victim, anchor=victim, first_raised=dt.date(2019, 3, 1),
                  cleared=dt.date(2020, 2, 29), why="Three call-outs", action="Refer")  # fmt: skip
    current = Signal(code="ESCALATION", person=victim, anchor=victim, first_raised=dt.date(2024, 3, 1),
                     why="Three call-outs", action="Refer", status=Signal.Status.ACKNOWLEDGED)  # fmt: skip
    assert status_text(past) == "Stopped holding on 29 February 2020 (open)"
    assert status_text(current) == "Acknowledged"


def test_the_all_signals_list_shows_when_a_past_signal_stopped(client, storyline):
    victim = storyline.victim
    Signal.objects.create(code="ESCALATION", person=victim, anchor=victim, first_raised=dt.date(2019, 3, 1),
                          cleared=dt.date(2020, 2, 29), why="Three call-outs", action="Refer")  # fmt: skip
    client.force_login(storyline.police_officer)
    html = client.get("/signals/?show=all").content.decode()
    assert "Stopped holding on 29 February 2020" in html
    assert "Stopped holding" not in client.get("/signals/").content.decode()
