"""The output is valid chronology-format data (checked against the spec's own vocabularies)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from safeguarding.generator import generate_population

AGENCIES = {
    "police", "probation", "prison", "mappa", "marac", "idva", "day_centre", "housing", "housing_provider", "gp",
    "walk_in_centre", "ed", "ambulance", "mental_health", "drug_alcohol", "adult_social_care",
    "childrens_social_care", "cps", "court", "other",
}  # fmt: skip
TYPES = {
    "incident", "crime", "arrest", "charge", "no_further_action", "conviction", "protective_order", "order_breach",
    "asb_complaint", "tenancy_action", "ed_attendance", "consultation", "missed_appointment", "letter",
    "support_contact", "disclosure", "referral", "risk_assessment", "marac_referral", "marac_meeting",
    "mappa_meeting", "custody_start", "custody_release", "recall", "contact_from_custody", "service_change",
    "welfare_concern", "death", "note",
}  # fmt: skip
ROLES = {
    "victim", "alleged_perpetrator", "associate", "household_member", "child", "neighbour", "witness", "reporter",
    "client", "patient", "tenant", "offender", "other",
}  # fmt: skip
RELATIONSHIPS = {
    "partner", "ex_partner", "spouse", "parent", "child", "sibling", "other_family", "household", "carer", "associate",
}  # fmt: skip
WHEN = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def problems_in(record: dict[str, Any]) -> list[str]:
    found = []
    for field in ("agency", "record_id", "occurred", "type", "subjects"):
        if field not in record:
            found.append(f"missing {field}")
    if record.get("agency") not in AGENCIES:
        found.append(f"unknown agency {record.get('agency')}")
    if record.get("type") not in TYPES:
        found.append(f"unknown type {record.get('type')}")
    for field in ("occurred", "recorded"):
        if field in record and not WHEN.match(record[field]):
            found.append(f"bad {field} {record[field]}")
    refs = [s.get("ref") for s in record.get("subjects", [])]
    if len(refs) != len(set(refs)) or None in refs:
        found.append("subject refs missing or repeated")
    for subject in record.get("subjects", []):
        if subject.get("role") not in ROLES:
            found.append(f"unknown role {subject.get('role')}")
        if "dob" in subject and not DAY.match(subject["dob"]):
            found.append(f"bad dob {subject['dob']}")
    if "risk" in record:
        risk = record["risk"]
        if risk.get("level") not in ("standard", "medium", "high") or not isinstance(risk.get("score"), int):
            found.append("bad risk")
        if "about" in risk and risk["about"] not in refs:
            found.append("risk.about names no subject")
    for rel in record.get("relationships", []):
        if rel["from"] not in refs or rel["to"] not in refs or rel["type"] not in RELATIONSHIPS:
            found.append(f"bad relationship {rel}")
    return found


def test_every_record_has_the_required_fields_and_known_vocabulary(population) -> None:
    records, _ = population
    bad = {(r["agency"], r["record_id"]): problems_in(r) for r in records if problems_in(r)}
    assert not bad, list(bad.items())[:5]


def test_record_ids_are_unique_within_each_agency(population) -> None:
    records, _ = population
    keys = [(r["agency"], r["record_id"]) for r in records]
    assert len(keys) == len(set(keys))


def test_records_are_ordered_by_when_they_were_recorded(population) -> None:
    records, _ = population
    recorded = [r.get("recorded", r["occurred"]) for r in records]
    assert recorded == sorted(recorded)


def test_records_are_never_recorded_before_they_happened(population) -> None:
    records, _ = population
    early = [r for r in records if r["recorded"][: len(r["occurred"])] < r["occurred"]]
    assert not early, early[:3]


@pytest.mark.django_db
def test_the_records_app_accepts_the_file(tmp_path: Path) -> None:
    from safeguarding.records.parsing import parse_file

    generate_population(people=150, seed=2, out_dir=tmp_path, storyline_share=0.2)
    result = parse_file(tmp_path / "records.jsonl")
    assert result.ok, [str(p) for p in result.problems[:5]]
    assert len(result.records) == len((tmp_path / "records.jsonl").read_text().splitlines())
