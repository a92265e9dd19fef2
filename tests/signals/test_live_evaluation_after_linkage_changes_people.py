from django.utils import timezone

from safeguarding.people.events import people_changed
from safeguarding.signals.models import RecordText


def test_people_changed_evaluates_just_those_people_as_of_today(world):
    today = timezone.localdate().isoformat()
    world.record("police", "risk_assessment", today, [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 risk={"tool": "DASH", "score": 18, "level": "high", "about": "Bob"})  # fmt: skip
    world.record("police", "risk_assessment", today, [("Cat", "victim"), ("Dan", "alleged_perpetrator")],
                 risk={"tool": "DASH", "score": 18, "level": "high", "about": "Dan"})  # fmt: skip
    people_changed.send(sender=None, person_ids=[world.people["Ann"].pk])
    assert [s.person.display_name for s in world.signals("MARAC_HIGH_RISK")] == ["Ann"]


def test_records_are_read_once_when_stored_and_the_markers_kept(world):
    record = world.record(
        "police", "incident", "2020-01-01", [("Ann", "victim")], "Female had burns to her scalp."
    )
    text = RecordText.objects.get(record=record)
    assert "burns" in text.markers and "injury" in text.markers
