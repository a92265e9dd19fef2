"""The demo loads each person's signal history: every episode from the day a replay would first have
raised it to the day it stopped holding, so that practitioners see past and current signals."""

from __future__ import annotations

import pytest

from safeguarding.people.models import Person
from safeguarding.signals.evaluation import evaluate_all
from safeguarding.signals.history import signal_history
from safeguarding.signals.models import Signal, SignalEvent
from safeguarding.web.demo import load_signal_history

pytestmark = pytest.mark.slow


def test_past_episodes_are_cleared_and_current_ones_are_open_with_their_first_raised_day(population):
    counts = load_signal_history(population)
    past = Signal.objects.filter(cleared__isnull=False)
    current = Signal.objects.filter(cleared__isnull=True)
    assert counts["past"] == past.count() > 0
    assert counts["open"] == current.count() > 0
    assert all(s.first_raised < s.cleared <= population for s in past)
    assert all(s.first_raised <= population for s in current)
    assert current.filter(first_raised__lt=population).exists()


def test_each_signal_first_appears_on_the_day_a_replay_would_first_raise_it(population):
    load_signal_history(population)
    first: dict[tuple[str, int, int | None], object] = {}
    for s in Signal.objects.order_by("first_raised"):
        first.setdefault((s.code, s.person_id, s.other_id), s.first_raised)
    history = signal_history(Person.objects.values_list("pk", flat=True))
    expected = {(code, pid, other): day for code, pid, other, day, _ in history if day <= population}
    assert first == expected


def test_a_live_evaluation_on_the_same_day_finds_nothing_to_raise_or_clear(population):
    load_signal_history(population)
    changes = evaluate_all(population)
    assert changes.raised == [] and changes.cleared == []


def test_the_working_history_is_dated_when_each_episode_began_and_ended(population):
    load_signal_history(population)
    for event in SignalEvent.objects.select_related("signal")[:200]:
        day = event.signal.first_raised if event.kind == SignalEvent.Kind.RAISED else event.signal.cleared
        assert event.at.date() == day
