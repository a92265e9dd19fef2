from __future__ import annotations

import json

import pytest

from safeguarding.people.models import Mention
from safeguarding.records.importer import import_file
from safeguarding.records.models import Record, RecordVersion

pytestmark = pytest.mark.django_db


def test_importing_the_worcester_case_twice_leaves_one_record_per_line(worcester_case):
    path = worcester_case / "records.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    subjects = sum(len(r["subjects"]) for r in lines)

    first = import_file(path)
    second = import_file(path)

    assert first.created == len(lines)
    assert (second.created, second.updated, second.unchanged) == (0, 0, len(lines))
    assert Record.objects.count() == len(lines)
    assert Mention.objects.count() == subjects
    assert RecordVersion.objects.count() == 0


def test_every_shared_case_imports_with_its_subjects(shared_dir):
    from tests.conftest import shared_cases

    for case in shared_cases():
        result = import_file(case / "records.jsonl")
        assert result.created > 0
    assert Mention.objects.filter(person__isnull=False).count() == 0
