from __future__ import annotations

import pytest

from safeguarding.records.parsing import parse_file

from .conftest import a_record, refuse, write_jsonl

pytestmark = pytest.mark.django_db


def test_all_problems_of_all_lines_are_listed_in_file_order(tmp_path):
    records = [
        a_record(record_id="A", agency="nowhere"),
        a_record(record_id="B"),
        a_record(record_id="C", occurred="2010-13", type="party"),
        "not json",
    ]
    path = write_jsonl(tmp_path / "many.jsonl", records)
    problems = refuse(path)
    assert [(p.line, p.field) for p in problems] == [(1, "agency"), (3, "type"), (3, "occurred"), (4, "")]


def test_parse_file_reports_the_same_problems_without_storing(tmp_path):
    path = write_jsonl(tmp_path / "many.jsonl", [a_record(type="party"), a_record(record_id="ok")])
    result = parse_file(path)
    assert not result.ok
    assert [p.field for p in result.problems] == ["type"]
    assert result.records == []


def test_a_problem_reads_as_file_line_field_and_message(tmp_path):
    path = write_jsonl(tmp_path / "one.jsonl", [a_record(type="party")])
    (problem,) = parse_file(path).problems
    assert (
        str(problem)
        == "one.jsonl, line 1, field type: unknown event type 'party' (see the event types in the format)"
    )
