"""Changes to a review that span several models: each writes, audits and returns in one transaction."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from safeguarding.agencies.models import Agency
from safeguarding.audit.log import log_action
from safeguarding.people.models import Person
from safeguarding.records.models import Record
from safeguarding.reviews.models import (
    AgencyRequest,
    PanelComment,
    Review,
    ReviewRecord,
    ReviewSubject,
    Stage,
)


def _audit(actor: Any, review: Review, what: str, **detail: Any) -> None:
    log_action(
        "review_changed",
        actor=actor,
        target=review,
        detail={"review": review.reference, "change": what, **detail},
    )


@transaction.atomic
def create_review(
    *,
    actor: Any,
    reference: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    kind: str = Review.Kind.DHR,
    death_kind: str = Review.DeathKind.HOMICIDE,
    date_of_death: dt.date | None = None,
    partnership: str = "",
    deceased: Person | None = None,
    perpetrator: Person | None = None,
    notified_on: dt.date | None = None,
) -> Review:
    """Open a review with the person who died as V1, the alleged perpetrator as P1, and the stages
    timed from the notification as the statutory guidance sets them."""
    review = Review.objects.create(
        reference=reference,
        title=title,
        kind=kind,
        death_kind=death_kind,
        date_of_death=date_of_death,
        period_start=period_start,
        period_end=period_end,
        partnership=partnership,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    ReviewSubject.objects.create(
        review=review, person=deceased, role=ReviewSubject.Role.DECEASED, pseudonym="V1",
        description="the person who died",
    )  # fmt: skip
    if perpetrator is not None:
        ReviewSubject.objects.create(
            review=review, person=perpetrator, role=ReviewSubject.Role.PERPETRATOR, pseudonym="P1",
            description="the alleged perpetrator",
        )  # fmt: skip
    if notified_on is not None:
        plan_stages(review, notified_on)
    _audit(actor, review, "created")
    return review


def plan_stages(review: Review, notified_on: dt.date) -> None:
    for kind, offset in Stage.DEFAULT_OFFSETS_DAYS.items():
        Stage.objects.get_or_create(
            review=review, kind=kind, label="",
            defaults={"due": notified_on + dt.timedelta(days=offset),
                      "completed": notified_on if kind == Stage.Kind.NOTIFICATION else None},
        )  # fmt: skip


@transaction.atomic
def add_subject(
    review: Review,
    *,
    actor: Any,
    role: str,
    person: Person | None = None,
    pseudonym: str = "",
    description: str = "",
) -> ReviewSubject:
    subject = ReviewSubject.objects.create(
        review=review,
        person=person,
        role=role,
        pseudonym=pseudonym or review.next_pseudonym(role),
        description=description,
    )
    _audit(actor, review, "subject added", pseudonym=subject.pseudonym, person=person.pk if person else None)
    return subject


@transaction.atomic
def request_returns(
    review: Review, agencies: list[Agency], *, actor: Any, due: dt.date, kinds: list[str] | None = None
) -> list[AgencyRequest]:
    """Ask each agency for its chronology and management review (re-asking changes only the deadline)."""
    made = []
    for agency in agencies:
        for kind in kinds or [AgencyRequest.Kind.CHRONOLOGY, AgencyRequest.Kind.MANAGEMENT_REVIEW]:
            req, created = AgencyRequest.objects.get_or_create(
                review=review, agency=agency, kind=kind, defaults={"due": due}
            )
            if not created and req.returned_on is None and req.due != due:
                req.due = due
                req.save(update_fields=["due"])
            made.append(req)
    _audit(actor, review, "returns requested", agencies=[a.code for a in agencies], due=due.isoformat())
    return made


@dataclass
class UploadResult:
    created: int
    updated: int
    unchanged: int
    record_count: int


class UploadRejected(Exception):
    """The file was refused: `problems` lists each with its line (or row), field and message."""

    def __init__(self, problems: list[dict[str, Any]]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _problem_dict(p: Any) -> dict[str, Any]:
    if isinstance(p, dict):
        return p
    out = {k: getattr(p, k, "") for k in ("file", "line", "field", "message")}
    out["unit"] = getattr(p, "unit", "line")
    return out


def upload_chronology(
    req: AgencyRequest, *, actor: Any, name: str, content: bytes, today: dt.date | None = None
) -> UploadResult:
    """Take an agency's chronology (.xlsx, .csv or .jsonl in the chronology format) for the review.

    The file is validated in full before anything is stored; a file with any problem, or with a
    record from another agency, is refused whole, with every problem and its line."""
    from safeguarding.records import importer, parsing

    suffix = Path(name).suffix.lower()
    if suffix not in {".xlsx", ".csv", ".jsonl"}:
        raise UploadRejected(
            [
                {
                    "file": name,
                    "line": None,
                    "field": "",
                    "message": "Upload a .xlsx, .csv or .jsonl file in the chronology format.",
                }
            ]
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(content)
        parsed = parsing.parse_file(path, display=Path(name).name)
        problems = [_problem_dict(p) for p in getattr(parsed, "problems", [])]
        for rec in parsed.records:
            agency = rec.data.get("agency")
            if agency != req.agency.code:
                problems.append({
                    "file": name, "line": rec.line, "field": "agency",
                    "message": f"This request is for the {req.agency.name} chronology; this record is from {agency}.",
                })  # fmt: skip
        if problems:
            raise UploadRejected(problems)
        try:
            result = importer.import_file(
                path, user=actor if getattr(actor, "pk", None) else None, display=Path(name).name
            )
        except importer.ImportRejected as exc:
            raise UploadRejected([_problem_dict(p) for p in exc.problems]) from exc
    with transaction.atomic():
        ids = list(result.record_ids)
        ReviewRecord.objects.bulk_create(
            [ReviewRecord(review=req.review, record_id=pk, request=req) for pk in ids], ignore_conflicts=True
        )
        req.returned_on = req.returned_on or today or dt.date.today()  # noqa: DTZ011
        req.returned_by = actor if getattr(actor, "pk", None) else None
        req.file_name = Path(name).name
        req.record_count = len(ids)
        req.save()
        _audit(
            actor,
            req.review,
            "chronology uploaded",
            agency=req.agency.code,
            records=len(ids),
            file=req.file_name,
        )
    return UploadResult(result.created, result.updated, result.unchanged, len(ids))


@transaction.atomic
def mark_returned(req: AgencyRequest, *, actor: Any, on: dt.date, document: str = "") -> AgencyRequest:
    req.returned_on = on
    req.returned_by = actor if getattr(actor, "pk", None) else None
    if document:
        req.document = document
    req.save()
    _audit(actor, req.review, f"{req.kind} returned", agency=req.agency.code)
    return req


@transaction.atomic
def add_comment(review: Review, record: Record, *, actor: Any, text: str) -> PanelComment:
    comment = PanelComment.objects.create(
        review=review, record=record, author=actor if getattr(actor, "pk", None) else None, text=text.strip()
    )
    _audit(actor, review, "panel comment", record=f"{record.agency.code}:{record.record_id}")
    return comment


def audit(actor: Any, review: Review, what: str, **detail: Any) -> None:
    """Record a change made through a plain form on one of the review's own models."""
    _audit(actor, review, what, **detail)
