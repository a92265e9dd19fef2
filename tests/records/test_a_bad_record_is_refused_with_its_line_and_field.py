"""A record that breaks the format refuses its whole file, naming the line and the field."""

from __future__ import annotations

import pytest

from safeguarding.records.models import Record

from .conftest import a_record, only, refuse, write_csv, write_jsonl

pytestmark = pytest.mark.django_db


def refused_line(tmp_path, bad, line=2):
    """Put a bad record after a good one; it must be refused on its line, the good one not stored."""
    path = write_jsonl(tmp_path / "feed.jsonl", [a_record(record_id="GOOD-1"), bad])
    problem = only(refuse(path))
    assert problem.line == line
    assert problem.file == str(path)
    assert not Record.objects.filter(record_id="GOOD-1").exists()
    return problem


def test_an_unknown_agency_is_refused(tmp_path):
    problem = refused_line(tmp_path, a_record(agency="polise"))
    assert problem.field == "agency" and "unknown agency 'polise'" in problem.message


def test_an_unknown_event_type_is_refused(tmp_path):
    problem = refused_line(tmp_path, a_record(type="callout"))
    assert problem.field == "type" and "unknown event type 'callout'" in problem.message


def test_an_impossible_date_is_refused(tmp_path):
    problem = refused_line(tmp_path, a_record(occurred="2011-02-30"))
    assert problem.field == "occurred" and "'2011-02-30' is not a real date" in problem.message


def test_a_uk_style_date_in_json_is_refused(tmp_path):
    problem = refused_line(tmp_path, a_record(recorded="13/14/2010"))
    assert problem.field == "recorded" and "not a date" in problem.message


def test_a_subject_without_a_ref_is_refused(tmp_path):
    subjects = [{"role": "victim", "name": "Maisie Thornbury"}]
    problem = refused_line(tmp_path, a_record(subjects=subjects, risk=None, relationships=None))
    assert problem.field == "subjects[0].ref" and "needs a ref" in problem.message


def test_a_duplicate_ref_is_refused(tmp_path):
    subjects = [{"ref": "a", "role": "victim"}, {"ref": "a", "role": "alleged_perpetrator"}]
    problem = refused_line(tmp_path, a_record(subjects=subjects, risk=None, relationships=None))
    assert problem.field == "subjects[1].ref" and "duplicate ref 'a'" in problem.message


def test_an_unknown_subject_role_is_refused(tmp_path):
    subjects = [{"ref": "a", "role": "suspect"}]
    problem = refused_line(tmp_path, a_record(subjects=subjects, risk=None, relationships=None))
    assert problem.field == "subjects[0].role" and "unknown role 'suspect'" in problem.message


def test_an_unknown_relationship_type_is_refused(tmp_path):
    problem = refused_line(tmp_path, a_record(relationships=[{"from": "b", "to": "a", "type": "boyfriend"}]))
    assert (
        problem.field == "relationships[0].type"
        and "unknown relationship type 'boyfriend'" in problem.message
    )


def test_a_relationship_naming_a_ref_not_in_the_record_is_refused(tmp_path):
    problem = refused_line(tmp_path, a_record(relationships=[{"from": "c", "to": "a", "type": "partner"}]))
    assert problem.field == "relationships[0].from" and "'c'" in problem.message


def test_risk_about_a_ref_not_in_the_record_is_refused(tmp_path):
    problem = refused_line(tmp_path, a_record(risk={"tool": "DASH", "level": "high", "about": "z"}))
    assert problem.field == "risk.about"


def test_a_missing_required_field_is_refused(tmp_path):
    bad = a_record()
    del bad["occurred"]
    problem = refused_line(tmp_path, bad)
    assert problem.field == "occurred" and "required" in problem.message


def test_an_unknown_field_is_refused_rather_than_dropped(tmp_path):
    problem = refused_line(tmp_path, a_record(sumary="typo"))
    assert problem.field == "sumary" and "not a field" in problem.message


def test_a_record_that_is_not_an_object_is_refused(tmp_path):
    problem = refused_line(tmp_path, "[1, 2, 3]")
    assert "must be a JSON object" in problem.message


def test_a_nul_character_is_refused(tmp_path):
    problem = refused_line(tmp_path, a_record(summary="before\u0000after"))
    assert "NUL" in problem.message


def test_the_same_record_twice_with_different_content_is_refused(tmp_path):
    first = a_record(record_id="DUP-1")
    second = a_record(record_id="DUP-1", summary="A different account of the same incident.")
    path = write_jsonl(tmp_path / "dups.jsonl", [first, a_record(record_id="OTHER"), second])
    problem = only(refuse(path))
    assert (problem.line, problem.field) == (3, "record_id")
    assert "police:DUP-1 appears twice with different content (first at line 1)" in problem.message


def test_a_changed_duplicate_of_an_unchanged_record_is_refused(tmp_path):
    from safeguarding.records.importer import import_file

    import_file(write_jsonl(tmp_path / "first.jsonl", [a_record(record_id="DUP-2")]))
    path = write_jsonl(
        tmp_path / "again.jsonl",
        [a_record(record_id="DUP-2"), a_record(record_id="DUP-2", outcome="Arrested.")],
    )
    problem = only(refuse(path))
    assert problem.line == 2 and "appears twice" in problem.message


def test_identical_duplicates_are_stored_once(tmp_path):
    from safeguarding.records.importer import import_file

    path = write_jsonl(tmp_path / "twice.jsonl", [a_record(record_id="SAME"), a_record(record_id="SAME")])
    result = import_file(path)
    assert result.created == 1
    assert Record.objects.filter(record_id="SAME").count() == 1


def test_an_ambiguous_spreadsheet_date_is_refused(tmp_path):
    header = ["agency", "record_id", "occurred", "type"]
    path = write_csv(tmp_path / "gp.csv", header, [["gp", "GP-1", "14/03/2010", "consultation"],
                                                    ["gp", "GP-2", "03/04/2010", "consultation"]])  # fmt: skip
    problem = only(refuse(path))
    assert (problem.line, problem.field) == (3, "occurred")
    assert "ambiguous" in problem.message and "3 April or 4 March" in problem.message


def test_an_impossible_spreadsheet_date_is_refused(tmp_path):
    header = ["agency", "record_id", "occurred", "type"]
    path = write_csv(tmp_path / "gp.csv", header, [["gp", "GP-1", "13/14/2010", "consultation"]])
    problem = only(refuse(path))
    assert (problem.line, problem.field) == (2, "occurred")
    assert "'13/14/2010' is not a real date" in problem.message


def test_a_spreadsheet_problem_names_the_column(tmp_path):
    header = ["agency", "record_id", "occurred", "type", "subject1_role", "subject2_ref", "subject2_role"]
    path = write_csv(
        tmp_path / "p.csv", header, [["police", "P-1", "2014-01-01", "incident", "victim", "a", "x"]]
    )
    problems = refuse(path)
    fields = {p.field for p in problems}
    assert "subject2_ref" in fields  # the explicit ref "a" repeats the first subject's default ref
    assert "subject2_role" in fields


def test_a_number_too_long_for_its_field_is_refused(tmp_path):
    subjects = [{"ref": "a", "role": "victim", "postcode": 18446744073709551615}]
    problem = refused_line(tmp_path, a_record(subjects=subjects, risk=None, relationships=None))
    assert problem.field == "subjects[0].postcode" and "longer than 16" in problem.message
