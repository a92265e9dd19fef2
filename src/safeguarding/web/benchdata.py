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
FILLER_RECORDS = 50  # records per filler person


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
            # Its own agreement, beside any narrower one a demo database already holds.
            SharingAgreement.objects.get_or_create(
                from_agency=agencies[code], to_agency=None, lawful_basis="Benchmark data",
                defaults={"purposes": ["safeguarding", "marac"],
                          "starts_on": today - dt.timedelta(days=3650), "ends_on": today + dt.timedelta(days=3650)},
            )  # fmt: skip
        victim = Person.objects.create(display_name="Bench Victim Rowanberry")
        partner = Person.objects.create(display_name="Bench Partner Thistlewood")
    base = dt.datetime(2005, 1, 1, tzinfo=dt.UTC)
    made = 0
    while made < total_records:
        size = min(BATCH, total_records - made)
        records = []
        for i in range(made, made + size):
            agency = AGENCIES[i % len(AGENCIES)]
            when = base + dt.timedelta(hours=37 * i % (24 * 365 * 18))
            records.append(_record(agencies[agency].pk, agency, start + i, when, TYPES[i % len(TYPES)]))
        with transaction.atomic():
            # Both backends return the new primary keys from a bulk insert: no look-up afterwards
            # (looking the records up by record_id scanned the whole table once per batch).
            Record.objects.bulk_create(records, batch_size=BATCH)
            fillers = Person.objects.bulk_create(
                [Person(display_name=f"Filler {start + i}") for i in range(made, made + size, FILLER_RECORDS)]
            )
            mentions = []
            for offset, record in enumerate(records):
                i = made + offset
                if i < victim_records:
                    mentions.append(Mention(record_id=record.pk, ref="a", role="victim", name="Bench Victim Rowanberry",
                                            dob="1980-05-06", postcode="ZZ1 1ZZ", person=victim, match_probability=0.99))  # fmt: skip
                    mentions.append(Mention(record_id=record.pk, ref="b", role="alleged_perpetrator",
                                            name="Bench Partner Thistlewood", person=partner))  # fmt: skip
                else:
                    filler = fillers[offset // FILLER_RECORDS]
                    mentions.append(
                        Mention(
                            record_id=record.pk,
                            ref="a",
                            role="client",
                            name=filler.display_name,
                            person=filler,
                        )
                    )
            Mention.objects.bulk_create(mentions, batch_size=BATCH)
        made += size
    return {"victim": victim, "partner": partner}
