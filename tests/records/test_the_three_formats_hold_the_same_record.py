"""A record sent as JSON Lines, CSV or XLSX is the same record: re-sending it in another format changes nothing."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from safeguarding.people.models import Mention
from safeguarding.records.importer import import_file
from safeguarding.records.models import Record
from safeguarding.records.parsing import parse_file

from .conftest import a_record, write_csv, write_jsonl, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    "agency", "record_id", "occurred", "recorded", "type", "summary", "outcome", "tags",
    "risk_tool", "risk_score", "risk_level", "risk_about", "relationships",
    "subject1_role", "subject1_name", "subject1_dob", "subject1_gender", "subject1_address", "subject1_postcode",
    "subject2_role", "subject2_name", "subject2_id_pnc",
]  # fmt: skip


def _row(record):
    a, b = record["subjects"]
    return [
        record["agency"], record["record_id"], record["occurred"], record["recorded"], record["type"],
        record["summary"], record["outcome"], "; ".join(record["tags"]),
        record["risk"]["tool"], str(record["risk"]["score"]), record["risk"]["level"], record["risk"]["about"],
        json.dumps(record["relationships"]),
        a["role"], a["name"], a["dob"], a["gender"], a["address"], a["postcode"],
        b["role"], b["name"], b["ids"]["pnc"],
    ]  # fmt: skip


def test_csv_and_jsonl_give_the_same_content(tmp_path):
    record = a_record()
    from_json = parse_file(write_jsonl(tmp_path / "r.jsonl", [record])).records[0]
    from_csv = parse_file(write_csv(tmp_path / "r.csv", HEADER, [_row(record)])).records[0]
    assert from_csv.data == from_json.data
    assert from_csv.content_hash == from_json.content_hash
    assert json.loads(from_csv.raw)["subject1_name"] == "Maisie Thornbury"  # the row as received


def test_xlsx_and_jsonl_give_the_same_content(tmp_path):
    record = a_record()
    row = _row(record)
    row[HEADER.index("risk_score")] = 9  # a number cell
    from_json = parse_file(write_jsonl(tmp_path / "r.jsonl", [record])).records[0]
    from_xlsx = parse_file(write_xlsx(tmp_path / "r.xlsx", HEADER, [row])).records[0]
    assert from_xlsx.data == from_json.data
    assert from_xlsx.line == 2


def test_reimporting_in_another_format_changes_nothing(tmp_path):
    record = a_record()
    import_file(write_jsonl(tmp_path / "r.jsonl", [record]))
    again = import_file(write_csv(tmp_path / "r.csv", HEADER, [_row(record)]))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Record.objects.get().version == 1
    assert Mention.objects.count() == 2


def test_spreadsheet_date_cells_and_unambiguous_uk_dates_are_read(tmp_path):
    header = ["agency", "record_id", "occurred", "recorded", "type", "subject1_role", "subject1_dob"]
    rows = [
        [
            "ed",
            "ED-1",
            datetime(2013, 5, 17),
            datetime(2013, 5, 17, 22, 5),
            "ed_attendance",
            "patient",
            "25/12/1979",
        ],
        ["ed", "ED-2", "17/05/2013 22:05", "2013-05-18", "ed_attendance", "patient", datetime(1979, 12, 25)],
        ["ed", "ED-3", "05/05/2013", None, "ed_attendance", "patient", "1979"],
    ]
    result = import_file(write_xlsx(tmp_path / "ed.xlsx", header, rows))
    assert result.created == 3
    one, two, three = Record.objects.order_by("record_id")
    assert (one.occurred, one.occurred_precision) == ("2013-05-17", "day")
    assert (two.occurred, two.occurred_precision) == ("2013-05-17T22:05", "minute")
    assert three.occurred == "2013-05-05"
    dobs = dict(Mention.objects.values_list("record__record_id", "dob"))
    assert dobs == {"ED-1": "1979-12-25", "ED-2": "1979-12-25", "ED-3": "1979"}


def test_default_subject_refs_are_letters_by_position(tmp_path):
    header = [
        "agency",
        "record_id",
        "occurred",
        "type",
        "subject1_role",
        "subject2_role",
        "subject3_role",
        "subject3_ref",
    ]
    path = write_csv(
        tmp_path / "h.csv",
        header,
        [["housing", "H-1", "2012-01", "note", "tenant", "neighbour", "reporter", "rep"]],
    )
    (record,) = parse_file(path).records
    assert [s["ref"] for s in record.data["subjects"]] == ["a", "b", "rep"]


def test_tags_split_on_semicolons_or_commas(tmp_path):
    path = write_csv(tmp_path / "t.csv", ["agency", "record_id", "occurred", "type", "tags"],
                     [["police", "P-1", "2012", "incident", "domestic; alcohol,injury"]])  # fmt: skip
    assert parse_file(path).records[0].data["tags"] == ["domestic", "alcohol", "injury"]


def test_a_byte_order_mark_from_excel_is_accepted(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffagency,record_id,occurred,type\npolice,P-9,2012-02-03,incident\n".encode())
    assert import_file(path).created == 1
