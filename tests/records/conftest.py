"""Helpers for the records tests: write small files in each format and count what is stored."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


def a_record(**changes: Any) -> dict[str, Any]:
    """An invented police incident; tests change what they need."""
    record: dict[str, Any] = {
        "agency": "police",
        "record_id": "INC-TEST-0001",
        "occurred": "2015-06-14T23:40",
        "recorded": "2015-06-15T09:12",
        "type": "incident",
        "subjects": [
            {"ref": "a", "role": "victim", "name": "Maisie Thornbury", "dob": "1980-02-11", "gender": "F",
             "address": "3 Quarry Row, Ludlow", "postcode": "SY8 1AA"},
            {"ref": "b", "role": "alleged_perpetrator", "name": "Colm Ashdown", "ids": {"pnc": "01/123456X"}},
        ],
        "summary": "Neighbour called 999: shouting from number 3.",
        "outcome": "Words of advice.",
        "tags": ["domestic", "alcohol"],
        "risk": {"tool": "DASH", "score": 9, "level": "medium", "about": "b"},
        "relationships": [{"from": "b", "to": "a", "type": "partner"}],
    }  # fmt: skip
    record.update(changes)
    return record


def write_jsonl(path: Path, records: list[Any]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[Any], rows: list[list[Any]], merge: str | None = None) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Chronology"
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


def stored_counts() -> tuple[int, int, int, int]:
    from safeguarding.people.models import Mention
    from safeguarding.records.models import ImportBatch, Record, RecordVersion

    return (
        Record.objects.count(),
        Mention.objects.count(),
        RecordVersion.objects.count(),
        ImportBatch.objects.count(),
    )


@pytest.fixture
def counts() -> Callable[[], tuple[int, int, int, int]]:
    return stored_counts


def refuse(path: Path, **kwargs: Any) -> list[Any]:
    """Import a file that must be refused; check nothing was stored; return its problems."""
    from safeguarding.audit.models import AuditEntry
    from safeguarding.records.importer import ImportRejected, import_file

    before = stored_counts()
    with pytest.raises(ImportRejected) as caught:
        import_file(path, **kwargs)
    assert stored_counts() == before, "a refused file must leave the database as it was"
    assert AuditEntry.objects.filter(action="records_import_refused").exists()
    assert str(caught.value).count("\n") == len(caught.value.problems)
    return caught.value.problems


def only(problems: list[Any]) -> Any:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]
