"""Helpers for the linkage tests: records and their subjects stored directly, a fresh index."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from safeguarding.people import index


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    """Each test starts with an empty in-memory blocking index (the database is rolled back)."""
    index.reset_index()
    yield
    index.reset_index()


def store(agency: str, record_id: str, *subjects: dict[str, Any], day: str = "2020-01-01") -> list[Any]:
    """A record with its subjects as mentions (no linking): the mentions, in ref order."""
    from safeguarding.agencies.models import Agency
    from safeguarding.people.models import Mention
    from safeguarding.records.models import Record

    raw = json.dumps({"agency": agency, "record_id": record_id, "subjects": list(subjects)})
    when = timezone.make_aware(datetime.fromisoformat(day))
    record = Record.objects.create(
        agency=Agency.objects.get(code=agency),
        record_id=record_id,
        type="note",
        occurred=day,
        occurred_precision="day",
        occurred_start=when,
        recorded=when,
        raw=raw,
        content_hash=hashlib.sha256(raw.encode()).hexdigest(),
    )
    mentions = []
    for i, s in enumerate(subjects):
        mentions.append(
            Mention.objects.create(
                record=record,
                ref=s.get("ref", "abcdefgh"[i]),
                role=s.get("role", "victim"),
                name=s.get("name", ""),
                dob=s.get("dob", ""),
                gender=s.get("gender", ""),
                address=s.get("address", ""),
                postcode=s.get("postcode", ""),
                ids=s.get("ids", {}),
            )
        )
    return mentions


def link(agency: str, record_id: str, *subjects: dict[str, Any], day: str = "2020-01-01") -> list[Any]:
    """Store a record and link its mentions as an import would; the mentions, refreshed."""
    from safeguarding.people.linking import link_mentions

    mentions = store(agency, record_id, *subjects, day=day)
    link_mentions(mentions)
    for m in mentions:
        m.refresh_from_db()
    return mentions
