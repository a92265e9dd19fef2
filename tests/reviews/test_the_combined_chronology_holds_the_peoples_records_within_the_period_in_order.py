"""The combined chronology: every agency's records for the review's people, within the period, in date order,
filtered by agency, person and event type."""

from __future__ import annotations

from safeguarding.reviews.chronology import ChronologyFilter, build_chronology


def test_records_outside_the_period_are_left_out_and_the_rest_are_in_date_order(small_review):
    entries = build_chronology(small_review)
    assert [e.record.record_id for e in entries] == ["POL-2021-7", "IDVA-88", "GP-5531"]


def test_a_month_only_date_keeps_its_precision(small_review):
    idva = next(e for e in build_chronology(small_review) if e.record.record_id == "IDVA-88")
    assert idva.date == "March 2021"


def test_the_chronology_filters_by_agency_person_and_event_type(small_review):
    assert [
        e.record.record_id for e in build_chronology(small_review, ChronologyFilter(agencies=["gp"]))
    ] == ["GP-5531"]
    assert [
        e.record.record_id for e in build_chronology(small_review, ChronologyFilter(types=["incident"]))
    ] == ["POL-2021-7"]
    p1 = small_review.subjects.get(pseudonym="P1")
    assert [
        e.record.record_id for e in build_chronology(small_review, ChronologyFilter(subject_ids=[p1.pk]))
    ] == ["POL-2021-7"]


def test_each_entry_names_the_people_as_the_review_does(small_review):
    first = build_chronology(small_review)[0]
    assert first.subject_pseudonyms == ["V1", "P1"]
