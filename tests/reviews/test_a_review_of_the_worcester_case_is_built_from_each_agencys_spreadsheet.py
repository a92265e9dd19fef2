"""End to end on the public case: open the review, ask every agency for its chronology, upload each
agency's records as its own spreadsheet, and export the combined chronology for the panel and for publication."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from safeguarding.agencies.models import Agency
from safeguarding.records.models import Record
from safeguarding.reviews.chronology import build_chronology
from safeguarding.reviews.exports import export_review, write_format_xlsx
from safeguarding.reviews.models import AgencyRequest, ReviewSubject
from safeguarding.reviews.operations import add_subject, create_review, request_returns, upload_chronology
from tests.reviews.conftest import case_records, link_case_by_truth
from tests.reviews.published_files import forbidden_strings, survivors, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_every_agency_returns_its_spreadsheet_and_the_chronology_exports(worcester_case, chair, tmp_path):
    by_agency = defaultdict(list)
    for record in case_records(worcester_case):
        by_agency[record["agency"]].append(record)
    review = create_review(
        actor=chair, reference="DHR-SW-2012-02", title="Case 2", period_start=dt.date(2009, 12, 1),
        period_end=dt.date(2012, 4, 30), date_of_death=dt.date(2012, 4, 12), notified_on=dt.date(2012, 4, 20),
    )  # fmt: skip
    agencies = list(Agency.objects.filter(code__in=by_agency))
    request_returns(review, agencies, actor=chair, due=dt.date(2012, 6, 1), kinds=["chronology"])
    assert review.outstanding_requests().count() == 15

    for code, records in sorted(by_agency.items()):
        path = write_format_xlsx(records, tmp_path / f"{code}.xlsx", agency=code)
        req = AgencyRequest.objects.get(review=review, agency__code=code)
        result = upload_chronology(
            req, actor=chair, name=path.name, content=path.read_bytes(), today=dt.date(2012, 5, 20)
        )
        assert result.record_count == len(records)
    assert review.outstanding_requests().count() == 0
    assert Record.objects.count() == 139

    # Linkage is tested in the people app; here the case's truth links the mentions.
    people = link_case_by_truth(worcester_case)
    review.subjects.filter(pseudonym="V1").update(person=people["V1"])
    add_subject(review, actor=chair, role=ReviewSubject.Role.PERPETRATOR, person=people["P1"], pseudonym="P1")
    add_subject(
        review, actor=chair, role=ReviewSubject.Role.OTHER_PERPETRATOR, person=people["P2"], pseudonym="P2"
    )

    entries = build_chronology(review)
    assert len(entries) == 139
    assert [e.record.occurred_start for e in entries] == sorted(e.record.occurred_start for e in entries)
    assert {e.record.agency.code for e in entries} == set(by_agency)

    panel = text_of(export_review(review, "xlsx", tmp_path / "chronology.xlsx"))
    assert "WMP-LOG-20091226-0031" in panel
    export_review(review, "docx", tmp_path / "chronology.docx")
    forbidden = forbidden_strings(list(Record.objects.all()))
    for fmt in ("xlsx", "docx"):
        published = text_of(export_review(review, fmt, tmp_path / f"published.{fmt}", published=True))
        assert survivors(published, forbidden) == [], fmt
        assert "V1" in published and "P1" in published and "P2" in published


def test_a_spreadsheet_with_a_bad_row_is_refused_with_its_row_number(worcester_case, chair, tmp_path):
    records = [r for r in case_records(worcester_case) if r["agency"] == "gp"][:3]
    records[1] = {**records[1], "occurred": "31/02/2010"}
    path = write_format_xlsx(records, tmp_path / "gp.xlsx", agency="gp")
    review = create_review(
        actor=chair,
        reference="DHR-X",
        title="X",
        period_start=dt.date(2009, 1, 1),
        period_end=dt.date(2012, 1, 1),
    )
    [req] = request_returns(
        review, [Agency.objects.get(code="gp")], actor=chair, due=dt.date(2012, 6, 1), kinds=["chronology"]
    )
    from safeguarding.reviews.operations import UploadRejected

    with pytest.raises(UploadRejected) as refused:
        upload_chronology(req, actor=chair, name="gp.xlsx", content=path.read_bytes())
    [problem] = refused.value.problems
    assert problem["line"] == 3 and problem["field"] == "occurred"
    req.refresh_from_db()
    assert req.returned_on is None and Record.objects.count() == 0


def test_a_spreadsheet_holding_another_agencys_records_is_refused(worcester_case, chair, tmp_path):
    records = [r for r in case_records(worcester_case) if r["agency"] == "police"][:2]
    path = write_format_xlsx(records, tmp_path / "police.xlsx")
    review = create_review(
        actor=chair,
        reference="DHR-Y",
        title="Y",
        period_start=dt.date(2009, 1, 1),
        period_end=dt.date(2012, 1, 1),
    )
    [req] = request_returns(
        review, [Agency.objects.get(code="gp")], actor=chair, due=dt.date(2012, 6, 1), kinds=["chronology"]
    )
    from safeguarding.reviews.operations import UploadRejected

    with pytest.raises(UploadRejected) as refused:
        upload_chronology(req, actor=chair, name="police.xlsx", content=path.read_bytes())
    assert [p["line"] for p in refused.value.problems] == [2, 3]
    assert all(p["field"] == "agency" for p in refused.value.problems)
