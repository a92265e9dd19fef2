"""Large JSON Lines files are checked by worker processes; the outcome must be exactly the same."""

from __future__ import annotations

import pytest

from safeguarding.people.models import Mention
from safeguarding.records.importer import import_file
from safeguarding.records.models import Record, RecordVersion

from .conftest import a_record, only, refuse, write_jsonl

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _workers_from_a_few_lines(settings, monkeypatch):
    settings.SAFEGUARDING_IMPORT_WORKERS = 2
    settings.SAFEGUARDING_IMPORT_PARALLEL_FROM = 3
    monkeypatch.setattr("safeguarding.records.importer.CHUNK", 4)  # several chunks in flight


def test_records_mentions_and_updates_match_the_single_process_import(tmp_path):
    records = [a_record(record_id=f"W-{i}") for i in range(11)]
    first = import_file(write_jsonl(tmp_path / "w.jsonl", records))
    assert first.created == 11
    assert Mention.objects.count() == 22
    assert list(first.record_ids) == sorted(first.record_ids)  # file order kept

    records[5] = a_record(record_id="W-5", outcome="Charged.")
    again = import_file(write_jsonl(tmp_path / "w.jsonl", records))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 10)
    assert Record.objects.get(record_id="W-5").outcome == "Charged."
    assert RecordVersion.objects.count() == 1


def test_problems_found_by_workers_keep_their_lines(tmp_path):
    records = [a_record(record_id=f"W-{i}") for i in range(9)]
    records[6] = a_record(record_id="W-6", type="party")
    records.append(a_record(record_id="W-2", summary="different"))
    problems = refuse(write_jsonl(tmp_path / "w.jsonl", records))
    assert [(p.line, p.field) for p in problems] == [(7, "type"), (10, "record_id")]
    assert "first at line 3" in problems[1].message


def test_a_bad_line_in_a_large_file_is_named(tmp_path):
    records = [a_record(record_id=f"W-{i}") for i in range(8)] + ['{"agency": ']
    assert only(refuse(write_jsonl(tmp_path / "w.jsonl", records))).line == 9
