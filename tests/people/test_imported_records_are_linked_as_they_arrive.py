"""An import links its records' subjects (the records_stored signal), and says so to other apps."""

import pytest

from safeguarding.people.events import people_changed
from safeguarding.people.models import Mention
from safeguarding.records.importer import store_record

RECORD = {
    "agency": "police",
    "record_id": "INC-77",
    "occurred": "2021-04-01",
    "type": "incident",
    "subjects": [
        {"ref": "a", "role": "victim", "name": "Imogen Tarrant", "dob": "1992-08-30", "gender": "F"},
        {"ref": "b", "role": "alleged_perpetrator", "name": "Callum Rudd", "gender": "M"},
    ],
}


@pytest.mark.django_db
def test_stored_records_are_linked_and_people_changed_is_sent(django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, person_ids, **kwargs):
        received.extend(person_ids)

    people_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            store_record(RECORD)
        with django_capture_on_commit_callbacks(execute=True):
            store_record({**RECORD, "record_id": "INC-78", "subjects": [
                {"ref": "a", "role": "victim", "name": "Imogen TARRANT", "dob": "1992-08-30", "gender": "F"}]})  # fmt: skip
    finally:
        people_changed.disconnect(receiver)
    mentions = {m.record.record_id + m.ref: m for m in Mention.objects.select_related("record")}
    assert all(m.person_id for m in mentions.values())
    assert mentions["INC-77a"].person_id == mentions["INC-78a"].person_id
    assert mentions["INC-77a"].person_id != mentions["INC-77b"].person_id
    assert mentions["INC-77a"].person.display_name == "Imogen Tarrant"
    assert set(received) >= {mentions["INC-77a"].person_id, mentions["INC-77b"].person_id}
