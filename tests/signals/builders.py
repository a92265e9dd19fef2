"""Small invented records for the signal tests, built straight with the ORM (people linked by hand)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from safeguarding.agencies.models import Agency
from safeguarding.people.models import Mention, Person
from safeguarding.records.models import Record
from safeguarding.signals.evaluation import Evaluator, run_daily
from safeguarding.signals.models import Signal
from safeguarding.signals.reading import read_records


def day(value: str) -> date:
    return date.fromisoformat(value)


@dataclass
class World:
    """A tiny partnership: people by label, records added in order, evaluation on demand."""

    people: dict[str, Person] = field(default_factory=dict)
    count: int = 0

    def person(self, label: str) -> Person:
        if label not in self.people:
            self.people[label] = Person.objects.create(display_name=label)
        return self.people[label]

    def record(
        self, agency: str, type: str, when: str, subjects: list[tuple[str, str]] | list[tuple[str, str, dict[str, Any]]],
        summary: str = "", outcome: str = "", tags: list[str] | None = None, risk: dict[str, Any] | None = None,
        relationships: list[tuple[str, str, str]] | None = None, location: str = "",
    ) -> Record:  # fmt: skip
        """Add a record; `subjects` are (label, role[, extra mention fields]); relationships are (from, to, type) labels."""
        self.count += 1
        recorded = timezone.make_aware(datetime.fromisoformat(when if "T" in when else f"{when}T12:00"))
        refs = {s[0]: chr(ord("a") + i) for i, s in enumerate(subjects)}
        if risk and "about" in risk:
            risk = {**risk, "about": refs[risk["about"]]}
        record = Record.objects.create(
            agency=Agency.objects.get(code=agency), record_id=f"{agency.upper()}-{self.count:04d}", type=type,
            occurred=when[:10], occurred_precision="day", occurred_start=recorded, recorded=recorded,
            location=location, summary=summary, outcome=outcome, tags=tags or [], risk=risk,
            relationships=[{"from": refs[a], "to": refs[b], "type": t} for a, b, t in relationships or []],
            raw=json.dumps({"summary": summary}), content_hash=str(self.count),
        )  # fmt: skip
        for subject in subjects:
            label, role = subject[0], subject[1]
            extra = subject[2] if len(subject) > 2 else {}  # type: ignore[misc]
            Mention.objects.create(
                record=record, ref=refs[label], role=role, name=label, person=self.person(label), **extra
            )
        read_records([record.pk])
        return record

    def evaluate(self, on: str, *, daily_from: str | None = None) -> None:
        """Evaluate everyone as on `on` (and run the daily clock from `daily_from` up to `on`)."""
        evaluator = Evaluator()
        ids = [p.pk for p in self.people.values()]
        if daily_from:
            current = day(daily_from)
            while current <= day(on):
                run_daily(current, evaluator=evaluator, person_ids=ids)
                current = date.fromordinal(current.toordinal() + 1)
        evaluator.evaluate(ids, day(on))

    def signals(self, code: str, label: str | None = None) -> list[Signal]:
        qs = Signal.objects.filter(code=code)
        if label:
            qs = qs.filter(person=self.people[label])
        return list(qs.order_by("first_raised"))
