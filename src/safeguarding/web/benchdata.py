"""Invented data for measuring the person page: one victim with many records across many agencies,
in a database of any size. Used by bench/bench_person_page.py and the query-count test; no real people."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction

AGENCIES = ["police", "idva", "gp", "ed", "housing", "probation", "ambulance", "mental_health",
            "drug_alcohol", "adult_social_care", "day_centre", "walk_in_centre"]  # fmt: skip
TYPES = ["incident", "support_contact", "consultation", "ed_attendance", "tenancy_action", "note",
         "ed_attendance", "consultation", "support_contact", "referral", "support_contact", "ed_attendance"]  # fmt: skip
BATCH = 5000


def _record(agency_id: int, agency_code: str, n: int, when: dt.datetime, type_: str) -> Any:
    from safeguarding.records.models import Record

    raw = f'{{"agency": "{agency_code}", "record_id": "B-{n}"}}'
    return Record(
        agency_id=agency_id, record_id=f"B-{n}", type=type_, occurred=when.strftime("%Y-%m-%dT%H:%M"),
        occurred_precision="minute", occurred_start=when, recorded=when, raw=raw,
        content_hash=hashlib.sha256(raw.encode()).hexdigest(),
        summary=f"Contact {n}: seen with her partner present; bruising to her arm noted.",
        outcome="Advice given.", tags=["domestic"] if n % 3 == 0 else [],
        relationships=[{"from": "b", "to": "a", "type": "partner"}],
    )  # fmt: skip


def build(*, victim_records: int, total_records: int, start: int = 0) -> dict[str, Any]:
    """One victim (with a partner named in each of her records) and filler people making up the total.

    Every agency shares with the whole partnership, so a police officer who holds one of her records
    sees them all: the page must draw every agency's lane.
    """
    from safeguarding.agencies.models import Agency, SharingAgreement
    from safeguarding.people.models import Mention, Person
    from safeguarding.records.models import Record

    agencies = {a.code: a for a in Agency.objects.filter(code__in=AGENCIES)}
    today = dt.date.today()  # noqa: DTZ011 - a date range for agreements
    with transaction.atomic():
        for code in AGENCIES:
            SharingAgreement.objects.get_or_create(
                from_agency=agencies[code], to_agency=None,
                defaults={"purposes": ["safeguarding", "marac"], "lawful_basis": "Benchmark data",
                          "starts_on": today - dt.timedelta(days=3650), "ends_on": today + dt.timedelta(days=3650)},
            )  # fmt: skip
        victim = Person.objects.create(display_name="Bench Victim Rowanberry")
        partner = Person.objects.create(display_name="Bench Partner Thistlewood")
    base = dt.datetime(2005, 1, 1, tzinfo=dt.UTC)
    n = start
    made = 0
    filler: Person | None = None
    while made < total_records:
        records, people = [], []
        for _ in range(min(BATCH, total_records - made)):
            i = made
            agency = AGENCIES[i % len(AGENCIES)]
            when = base + dt.timedelta(hours=37 * i % (24 * 365 * 18))
            records.append(_record(agencies[agency].pk, agency, n, when, TYPES[i % len(TYPES)]))
            people.append(i < victim_records)
            n += 1
            made += 1
        with transaction.atomic():
            Record.objects.bulk_create(records, batch_size=BATCH)
            ids = dict(
                Record.objects.filter(record_id__in=[r.record_id for r in records]).values_list(
                    "record_id", "pk"
                )
            )
            mentions = []
            for record, is_victim in zip(records, people, strict=True):
                pk = ids[record.record_id]
                if is_victim:
                    mentions.append(Mention(record_id=pk, ref="a", role="victim", name="Bench Victim Rowanberry",
                                            dob="1980-05-06", postcode="ZZ1 1ZZ", person=victim, match_probability=0.99))  # fmt: skip
                    mentions.append(Mention(record_id=pk, ref="b", role="alleged_perpetrator",
                                            name="Bench Partner Thistlewood", person=partner))  # fmt: skip
                else:
                    if filler is None or (pk % 50) == 0:
                        filler = Person.objects.create(display_name=f"Filler {pk}")
                    mentions.append(
                        Mention(record_id=pk, ref="a", role="client", name=f"Filler {pk}", person=filler)
                    )
            Mention.objects.bulk_create(mentions, batch_size=BATCH)
    return {"victim": victim, "partner": partner}
