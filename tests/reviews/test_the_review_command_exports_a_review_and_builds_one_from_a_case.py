"""`safeguarding review export REVIEW --format xlsx|docx|json` on the configured database, and
`safeguarding review build CASE_DIR --out DIR` in a throw-away one (interfaces.md)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguarding.audit.models import AuditEntry
from tests.reviews.published_files import forbidden_strings_in_case, survivors, text_of


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_export_writes_the_chronology_file_and_audits_it(small_review, tmp_path, fmt):
    call_command(
        "review",
        "export",
        small_review.reference,
        "--format",
        fmt,
        "--out",
        str(tmp_path),
        stderr=io.StringIO(),
    )
    [path] = tmp_path.iterdir()
    assert path.name == f"DHR-2022-01-chronology.{fmt}"
    assert "POL-2021-7" in text_of(path)
    assert AuditEntry.objects.filter(action="export", detail__format=fmt).exists()


def test_export_as_json_prints_the_chronology_to_standard_output(small_review):
    out = io.StringIO()
    call_command(
        "review", "export", small_review.reference, "--format", "json", stdout=out, stderr=io.StringIO()
    )
    data = json.loads(out.getvalue())
    assert data["review"]["reference"] == "DHR-2022-01"
    assert [e["record_id"] for e in data["chronology"]] == ["POL-2021-7", "IDVA-88", "GP-5531"]
    assert data["chronology"][0]["people"] == ["V1", "P1"]


def test_export_of_an_unknown_review_fails_naming_the_reviews_there_are(small_review):
    with pytest.raises(CommandError, match=r"No review 'DHR-NOPE'.*DHR-2022-01"):
        call_command("review", "export", "DHR-NOPE", "--format", "json")


def test_build_refuses_a_folder_without_records(tmp_path):
    with pytest.raises(CommandError, match=r"records\.jsonl"):
        call_command("review", "build", str(tmp_path), "--out", str(tmp_path / "out"))


@pytest.mark.slow
def test_build_from_a_case_folder_writes_every_file_the_interface_names(shared_dir, tmp_path):
    case = shared_dir / "cases" / "carer"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_SECRET_KEY": "x" * 50,
    }
    result = subprocess.run(
        [sys.executable, "-m", "safeguarding", "review", "build", str(case), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    out = tmp_path / "out"
    for name in (
        "chronology.xlsx",
        "chronology.docx",
        "analysis.json",
        "published/chronology.xlsx",
        "published/chronology.docx",
    ):
        assert (out / name).is_file(), name
    analysis = json.loads((out / "analysis.json").read_text())
    assert analysis["people"] and all({"id", "name", "mentions"} <= set(p) for p in analysis["people"])
    assert all({"code", "person", "first_raised", "agencies"} <= set(s) for s in analysis["signals"])
    assert result.stdout == ""  # progress goes to standard error
    forbidden = forbidden_strings_in_case(case)
    for path in Path(out / "published").iterdir():
        assert survivors(text_of(path), forbidden) == [], path.name
