"""A record that two people share keeps its subjects once each, however the people are batched
when their timelines are built (a full evaluation builds a thousand at a time)."""

from __future__ import annotations

import pytest

from safeguarding.signals import timeline
from safeguarding.signals.timeline import build_timelines
from tests.signals.builders import World


@pytest.mark.parametrize("people_per_query", [1, 500])
def test_each_persons_entry_lists_every_subject_of_the_shared_record_once(
    world: World, monkeypatch: pytest.MonkeyPatch, people_per_query: int
) -> None:
    monkeypatch.setattr(timeline, "PEOPLE_PER_QUERY", people_per_query)
    world.record(
        "police", "incident", "2020-03-01", [("victim", "victim"), ("abuser", "alleged_perpetrator")],
        summary="Domestic incident: he punched her.", relationships=[("abuser", "victim", "partner")],
    )  # fmt: skip
    world.record("gp", "consultation", "2020-03-05", [("victim", "patient")], summary="Bruising to her arm.")
    victim, abuser = world.person("victim"), world.person("abuser")

    built = build_timelines([victim.pk, abuser.pk])

    assert [e.type for e in built[victim.pk].entries] == ["incident", "consultation"]
    assert [e.type for e in built[abuser.pk].entries] == ["incident"]
    for entry in (built[victim.pk].entries[0], built[abuser.pk].entries[0]):
        assert sorted((s.role, s.person_id) for s in entry.subjects) == sorted(
            [("victim", victim.pk), ("alleged_perpetrator", abuser.pk)]
        )
    assert [p.person_id for p in built[victim.pk].entries[0].perpetrators()] == [abuser.pk]
