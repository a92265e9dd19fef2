from __future__ import annotations

import json

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.people.models import Mention, Person
from safeguarding.records.importer import import_file, store_record
from safeguarding.records.models import ImportBatch, Record, RecordVersion

from .conftest import a_record, write_jsonl

pytestmark = pytest.mark.django_db


def test_a_changed_record_keeps_the_old_version(tmp_path):
    import_file(write_jsonl(tmp_path / "v1.jsonl", [a_record()]))
    original = Record.objects.get()
    result = import_file(write_jsonl(tmp_path / "v2.jsonl", [a_record(outcome="Arrested for assault.")]))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    record = Record.objects.get()
    assert record.pk == original.pk
    assert record.version == 2 and record.outcome == "Arrested for assault."
    old = RecordVersion.objects.get(record=record)
    assert old.version == 1
    assert json.loads(old.raw)["outcome"] == "Words of advice."
    assert old.content_hash == original.content_hash


def test_an_identical_reimport_writes_nothing(tmp_path):
    path = write_jsonl(tmp_path / "same.jsonl", [a_record()])
    import_file(path)
    before = Record.objects.values_list("updated_at", "version").get()
    result = import_file(path)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert Record.objects.values_list("updated_at", "version").get() == before
    assert RecordVersion.objects.count() == 0


def test_mentions_are_updated_in_place_by_ref(tmp_path):
    import_file(write_jsonl(tmp_path / "v1.jsonl", [a_record()]))
    victim, perpetrator = Mention.objects.order_by("ref")
    person = Person.objects.create(display_name="Maisie Thornbury")
    Mention.objects.filter(pk__in=[victim.pk, perpetrator.pk]).update(person=person, match_probability=0.99)

    changed = a_record()
    changed["subjects"][0]["role"] = "client"  # not who she is: the link stands
    changed["subjects"][1]["name"] = "Colin Ashdown"  # who he is: linkage must look again
    changed["subjects"].append({"ref": "c", "role": "child"})
    import_file(write_jsonl(tmp_path / "v2.jsonl", [changed]))

    victim.refresh_from_db()
    perpetrator.refresh_from_db()
    assert (victim.role, victim.person_id) == ("client", person.pk)
    assert (perpetrator.name, perpetrator.person_id, perpetrator.match_probability) == (
        "Colin Ashdown",
        None,
        None,
    )
    assert Mention.objects.filter(ref="c", role="child").exists()

    fewer = a_record(risk=None, relationships=None)
    fewer["subjects"] = fewer["subjects"][:1]
    import_file(write_jsonl(tmp_path / "v3.jsonl", [fewer]))
    assert list(Mention.objects.values_list("ref", flat=True)) == ["a"]
    assert Record.objects.get().version == 3
    assert RecordVersion.objects.count() == 2


def test_each_file_gets_a_batch_and_an_audit_entry_with_counts(tmp_path):
    import_file(write_jsonl(tmp_path / "a.jsonl", [a_record(record_id="1"), a_record(record_id="2")]))
    import_file(
        write_jsonl(tmp_path / "b.jsonl", [a_record(record_id="1"), a_record(record_id="2", type="crime")])
    )
    batch = ImportBatch.objects.latest("id")
    assert (batch.created_count, batch.updated_count, batch.unchanged_count, batch.format) == (
        0,
        1,
        1,
        "jsonl",
    )
    entry = AuditEntry.objects.filter(action="records_imported").latest("id")
    assert entry.detail["updated"] == 1 and entry.detail["unchanged"] == 1
    assert entry.object_id == str(batch.pk)


def test_store_record_reports_what_it_did():
    assert store_record(a_record())[1] == "created"
    assert store_record(a_record())[1] == "unchanged"
    record, status = store_record(a_record(summary="More detail."))
    assert status == "updated" and record.version == 2


def test_the_same_record_id_in_two_agencies_is_two_records():
    store_record(a_record(agency="police", record_id="X-1"))
    store_record(a_record(agency="gp", record_id="X-1", type="consultation"))
    assert Record.objects.filter(record_id="X-1").count() == 2
