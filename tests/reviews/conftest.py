"""Helpers for review tests: a small invented review built with the ORM, and case folders linked by their truth.

The invented people: Rhona Vexley (who died), Callum Drummond (her partner), Nessa Orrin (a neighbour).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from safeguarding.agencies.models import Agency, User
from safeguarding.people.models import Mention, Person
from safeguarding.records.models import Record
from safeguarding.reviews.models import AgencyRequest, PanelMember, Review, ReviewRecord
from safeguarding.reviews.operations import create_review


def aware(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text if "T" in text else text + "T00:00")
    return timezone.make_aware(moment)


def make_record(
    agency: str, record_id: str, occurred: str, type_: str, subjects: list[dict[str, Any]], **extra: Any
) -> Record:
    start = occurred if len(occurred) > 7 else occurred + "-01"
    record = Record.objects.create(
        agency=Agency.objects.get(code=agency),
        record_id=record_id,
        type=type_,
        occurred=occurred,
        occurred_precision="day" if len(occurred) == 10 else ("month" if len(occurred) == 7 else "minute"),
        occurred_start=aware(start),
        recorded=aware(extra.pop("recorded", start)),
        summary=extra.pop("summary", ""),
        outcome=extra.pop("outcome", ""),
        location=extra.pop("location", ""),
        tags=extra.pop("tags", []),
        raw="{}",
        content_hash=record_id,
        **extra,
    )
    for i, s in enumerate(subjects):
        Mention.objects.create(
            record=record,
            ref=s.get("ref", "abcdefgh"[i]),
            role=s["role"],
            name=s.get("name", ""),
            dob=s.get("dob", ""),
            address=s.get("address", ""),
            postcode=s.get("postcode", ""),
            ids=s.get("ids", {}),
            person=s.get("person"),
        )
    return record


@pytest.fixture
def chair(db: Any) -> User:
    return User.objects.create_user(
        "chair.person", password="x" * 20, role="review_chair", email="chair@example.org"
    )


@pytest.fixture
def small_review(db: Any, chair: User) -> Review:
    """Rhona Vexley's review: 2021-01-01 to 2021-12-31, four records from three agencies, one before the period."""
    rhona = Person.objects.create(display_name="Rhona Vexley")
    callum = Person.objects.create(display_name="Callum Drummond")
    nessa = Person.objects.create(display_name="Nessa Orrin")
    v = {
        "role": "victim",
        "name": "Rhona VEXLEY",
        "dob": "1984-03-17",
        "address": "12 Quarry Lane, Dunmere",
        "postcode": "DN4 7QT",
        "person": rhona,
    }
    p = {
        "role": "alleged_perpetrator",
        "name": "Callum 'Cal' DRUMMOND",
        "dob": "1980-11-02",
        "ids": {"pnc": "99/123456X"},
        "person": callum,
    }
    make_record(
        "police", "POL-2020-1", "2020-06-01", "incident", [v, p], summary="Outside the review period."
    )
    make_record(
        "police", "POL-2021-7", "2021-02-03T22:10", "incident",
        [v, p, {"role": "reporter", "name": "Nessa Orrin", "address": "14 Quarry Lane, Dunmere", "person": nessa}],
        summary="Neighbour Nessa Orrin called. VEXLEY had a cut lip and said DRUMMOND pushed her. Cal was drunk.",
        outcome="Words of advice. DASH not completed.", tags=["domestic", "injury"],
    )  # fmt: skip
    make_record(
        "gp", "GP-5531", "2021-03-09", "consultation", [{**v, "role": "patient", "ids": {"nhs": "943 476 5919"}}],
        summary="Rhona attended with a sprained wrist, said she fell. Lives at 12 Quarry Lane. DOB 17/03/1984.",
        outcome="Strapped. No enquiry about abuse.",
    )  # fmt: skip
    make_record(
        "idva", "IDVA-88", "2021-03", "support_contact", [{**v, "role": "client"}],
        summary="Rhona told the worker that Callum checks her phone. A man called Mick also visits.",
        outcome="Referred to MARAC.",
    )  # fmt: skip
    review = create_review(
        actor=chair,
        reference="DHR-2022-01",
        title="Rhona",
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2021, 12, 31),
        date_of_death=dt.date(2021, 12, 20),
        deceased=rhona,
        perpetrator=callum,
        partnership="Dunmere Community Safety Partnership",
        notified_on=dt.date(2022, 1, 5),
    )
    PanelMember.objects.create(
        review=review, name="Chair Person", role="chair_author", user=chair, independent=True
    )
    # Police and the GP have returned their chronologies to the review; the IDVA service has not yet.
    for code in ("police", "gp"):
        req = AgencyRequest.objects.create(
            review=review, agency=Agency.objects.get(code=code), kind="chronology", due=dt.date(2022, 3, 1),
            returned_on=dt.date(2022, 2, 1),
        )  # fmt: skip
        for record in Record.objects.filter(agency__code=code):
            ReviewRecord.objects.create(review=review, record=record, request=req)
    return review


def link_case_by_truth(case_dir: Path) -> dict[str, Person]:
    """Assign the case's mentions to people as expected.json says (linkage is tested elsewhere)."""
    truth = json.loads((case_dir / "expected.json").read_text())
    people = {}
    for key, mentions in truth["people"].items():
        person = Person.objects.create(display_name=key)
        people[key] = person
        for agency, record_id, ref in mentions:
            Mention.objects.filter(record__agency__code=agency, record__record_id=record_id, ref=ref).update(
                person=person
            )
    return people


def case_records(case_dir: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in (case_dir / "records.jsonl").read_text().splitlines() if line.strip()
    ]


class TruthLinker:
    """A linker for D's replay that assigns mentions as the case's expected.json says."""

    def __init__(self, case_dir: Path) -> None:
        truth = json.loads((case_dir / "expected.json").read_text())
        self.key = {(a, r, ref): key for key, ms in truth["people"].items() for a, r, ref in ms}
        self.people: dict[str, Person] = {}

    def __call__(self, mentions: list[Mention]) -> set[int]:
        changed = set()
        for m in mentions:
            key = self.key.get((m.record.agency.code, m.record.record_id, m.ref)) or f"unlinked:{m.pk}"
            if key not in self.people:
                self.people[key] = Person.objects.create(display_name=m.name or key)
            m.person = self.people[key]
            m.save(update_fields=["person"])
            changed.add(m.person.pk)
        return changed
