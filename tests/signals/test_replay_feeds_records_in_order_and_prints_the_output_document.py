import json
from pathlib import Path

import pytest

from safeguarding.people.models import Person
from safeguarding.signals.replay import CaseRejected, load_case, replay

SUBJECTS = [
    {"ref": "a", "role": "victim", "name": "Nora Quill", "dob": "1981-03-04"},
    {"ref": "b", "role": "alleged_perpetrator", "name": "Owen Quill", "dob": "1979-05-06"},
]


def _record(n: int, recorded: str, **extra) -> dict:
    return {"agency": "police", "record_id": f"Q-{n}", "occurred": recorded[:10], "recorded": recorded, "type": "incident",
            "subjects": SUBJECTS, "summary": "Domestic incident: he pushed her.",
            "relationships": [{"from": "b", "to": "a", "type": "partner"}], **extra}  # fmt: skip


def _by_name(mentions):
    """A stand-in linker for these tests: same name, same person."""
    changed = set()
    for mention in mentions:
        person = Person.objects.filter(mentions__name=mention.name).first() or Person.objects.create(
            display_name=mention.name
        )
        mention.person = person
        mention.save(update_fields=["person"])
        changed.add(person.pk)
    return changed


def test_records_are_replayed_in_recorded_order_and_signals_carry_replay_dates(db, tmp_path: Path):
    lines = [_record(3, "2020-03-01T10:00"), _record(1, "2020-01-01T10:00"), _record(2, "2020-02-01T10:00")]
    (tmp_path / "records.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    assert [d["record_id"] for _, d in load_case(tmp_path)] == ["Q-1", "Q-2", "Q-3"]
    output = replay(tmp_path, link=_by_name)
    assert [p["id"] for p in output["people"]] == ["p1", "p2"]
    assert output["people"][0]["mentions"] == [
        ["police", "Q-1", "a"],
        ["police", "Q-2", "a"],
        ["police", "Q-3", "a"],
    ]
    [escalation] = [s for s in output["signals"] if s["code"] == "ESCALATION"]
    assert (
        escalation["person"] == "p1"
        and escalation["first_raised"] == "2020-03-01"
        and escalation["cleared"] is None
    )
    assert escalation["evidence"][0] == ["police", "Q-1"] and escalation["why"] and escalation["action"]


def test_a_file_with_bad_records_is_rejected_with_line_numbers(db, tmp_path: Path):
    bad = dict(_record(2, "2020-02-01T10:00"), agency="nowhere")
    (tmp_path / "records.jsonl").write_text(
        json.dumps(_record(1, "2020-01-01T10:00")) + "\n" + json.dumps(bad) + "\n{oops\n"
    )
    with pytest.raises(CaseRejected) as caught:
        load_case(tmp_path)
    text = str(caught.value)
    assert "line 2" in text and "line 3" in text
