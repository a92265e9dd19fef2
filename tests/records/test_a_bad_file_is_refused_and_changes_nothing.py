"""Files given by mistake are refused before anything is read into the database."""

from __future__ import annotations

import json

import pytest

from safeguarding.records.importer import import_file

from .conftest import a_record, only, refuse, write_csv, write_jsonl, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_record_already_stored(tmp_path):
    # So that "unchanged" means something: a refused file must not touch what is there.
    import_file(write_jsonl(tmp_path / "existing.jsonl", [a_record(record_id="ALREADY-1")]))


def test_a_malformed_json_line_is_refused_naming_its_line(tmp_path):
    path = write_jsonl(
        tmp_path / "feed.jsonl", [a_record(), '{"agency": "police", "record_id": ', a_record(record_id="X2")]
    )
    problem = only(refuse(path))
    assert (problem.file, problem.line) == (str(path), 2)
    assert "not valid JSON" in problem.message


def test_a_csv_without_a_required_column_is_refused_naming_the_column(tmp_path):
    path = write_csv(tmp_path / "gp.csv", ["agency", "record_id", "type"], [["gp", "GP-1", "consultation"]])
    problem = only(refuse(path))
    assert problem.field == "occurred"
    assert problem.line == 1
    assert "required column is missing" in problem.message


def test_an_xlsx_with_a_merged_header_is_refused(tmp_path):
    header = ["agency", "record_id", "occurred", "type"]
    path = write_xlsx(
        tmp_path / "housing.xlsx", header, [["housing", "H-1", "2014-03-02", "note"]], merge="A1:B1"
    )
    problem = only(refuse(path))
    assert "merged" in problem.message and "A1:B1" in problem.message
    assert problem.line == 1 and problem.unit == "row"


def test_an_xlsx_with_an_empty_sheet_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "empty.xlsx", [], [])
    problem = only(refuse(path))
    assert "sheet is empty" in problem.message
    assert "empty.xlsx" in problem.file


def test_an_xlsx_with_a_header_and_no_records_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "nothing.xlsx", ["agency", "record_id", "occurred", "type"], [])
    assert "has no records" in only(refuse(path)).message


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "export.jsonl"
    with path.open("wb") as f:
        f.truncate(2 * 1024**3)  # a sparse 2 GB file: nothing is written to disk
    problem = only(refuse(path))
    assert "2.0 GB" in problem.message and "limit" in problem.message


def test_the_size_limit_is_a_setting(tmp_path, settings):
    settings.SAFEGUARDING_IMPORT_MAX_BYTES = 100
    path = write_jsonl(tmp_path / "small.jsonl", [a_record()])
    assert "SAFEGUARDING_IMPORT_MAX_BYTES" in only(refuse(path)).message


def test_a_binary_file_is_refused(tmp_path):
    path = tmp_path / "scan.csv"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert "binary" in only(refuse(path)).message


def test_utf16_text_is_refused_naming_the_encoding(tmp_path):
    path = tmp_path / "police.csv"
    path.write_text("agency,record_id,occurred,type\npolice,P-1,2014-01-01,incident\n", encoding="utf-16")
    message = only(refuse(path)).message
    assert "not UTF-8" in message and "UTF-16" in message


def test_windows_1252_text_is_refused_naming_the_encoding_and_line(tmp_path):
    record = a_record(summary="Caller said “get out” — café on the corner")
    path = tmp_path / "idva.jsonl"
    lines = [json.dumps(a_record(record_id="OK-1")), json.dumps(record, ensure_ascii=False)]
    path.write_bytes("\n".join(lines).encode("cp1252"))
    problem = only(refuse(path))
    assert problem.line == 2
    assert "not UTF-8" in problem.message and "Windows-1252" in problem.message


def test_a_file_of_another_type_is_refused(tmp_path):
    path = tmp_path / "records.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    assert "unknown file type" in only(refuse(path)).message


def test_an_xlsx_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_text("agency,record_id\n", encoding="utf-8")
    assert "not an Excel workbook" in only(refuse(path)).message


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "none.jsonl"
    path.write_bytes(b"")
    assert "empty" in only(refuse(path)).message
