"""`safeguarding review build CASE_DIR --out DIR`: a whole review from a case folder, for checks and
demonstrations, in the throw-away database the command line gives it.

The case's records are replayed exactly as `safeguarding replay` does (the signals app's replay:
records in `recorded` order, linkage and every signal after each, a daily clock for absence
signals). The review is then opened on the person who died (the subject of the `death` record),
with the alleged perpetrator as P1, every agency's records returned as its chronology, and the
missed-opportunity analysis drawn from the replayed signals.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from safeguarding.agencies.models import Agency
from safeguarding.people.models import Mention, Person
from safeguarding.records.models import Record
from safeguarding.reviews import exports
from safeguarding.reviews.analysis import Analysis, ReplayedSignal, analyse
from safeguarding.reviews.models import AgencyRequest, Review, ReviewRecord, ReviewSubject
from safeguarding.reviews.operations import create_review

log = logging.getLogger(__name__)

VICTIM_ROLES = ("victim", "patient", "client", "other", "tenant")
PERPETRATOR_ROLES = ("alleged_perpetrator", "offender")


@dataclass
class Replay:
    """What a replay produced: people and signals as in replay-output.md."""

    people: list[dict[str, Any]]
    signals: list[dict[str, Any]]


def _to_dict(x: Any) -> dict[str, Any]:
    if isinstance(x, dict):
        return x
    if hasattr(x, "as_json"):
        return dict(x.as_json())
    if hasattr(x, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(x)
    return dict(vars(x))


def run_replay(case_dir: Path, *, link: Any = None) -> Replay:
    """Replay the case with the signals app's replay into the current (throw-away) database.
    `link` replaces the linker (tests link by a case's truth)."""
    from safeguarding.signals.replay import replay

    out = replay(case_dir, link=link) if link is not None else replay(case_dir)
    return Replay([_to_dict(p) for p in out["people"]], [_to_dict(s) for s in out["signals"]])


def _person_map(replay: Replay) -> dict[str, int]:
    """Replay person id ("p1") -> Person pk in this database, through the mentions it names."""
    keys = {(a, r, ref) for p in replay.people for a, r, ref in p.get("mentions", [])}
    found: dict[tuple[str, str, str], int | None] = {}
    if keys:
        for m in Mention.objects.filter(record__record_id__in={k[1] for k in keys}).select_related(
            "record__agency"
        ):
            found[(m.record.agency.code, m.record.record_id, m.ref)] = m.person_id
    out: dict[str, int] = {}
    for p in replay.people:
        votes = Counter(found.get((a, r, ref)) for a, r, ref in p.get("mentions", []))
        votes.pop(None, None)
        best = votes.most_common(1)[0][0] if votes else None
        if best is not None:
            out[str(p["id"])] = best
    return out


def replayed_signals(replay: Replay, person_ids: dict[str, int]) -> list[ReplayedSignal]:
    out = []
    for s in replay.signals:
        raised = s.get("first_raised")
        if not raised:
            continue
        out.append(
            ReplayedSignal(
                code=str(s["code"]),
                person_id=person_ids.get(str(s.get("person"))),
                other_id=person_ids.get(str(s.get("other"))) if s.get("other") else None,
                first_raised=dt.date.fromisoformat(str(raised)[:10]),
                cleared=dt.date.fromisoformat(str(s["cleared"])[:10]) if s.get("cleared") else None,
                evidence=tuple((str(a), str(r)) for a, r in s.get("evidence", [])),
                why=str(s.get("why", "")),
                action=str(s.get("action", "")),
            )
        )
    return out


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def find_death(records: list[Record]) -> tuple[Record, Mention] | None:
    deaths = [r for r in records if r.type == "death"]
    for record in sorted(deaths, key=lambda r: r.recorded):
        mentions = list(record.mentions.all())
        for role in VICTIM_ROLES:
            for m in mentions:
                if m.role == role and m.person_id:
                    return record, m
    return None


def find_perpetrator(records: list[Record], deceased_id: int, died: dt.date) -> int | None:
    """The person recorded as harming the deceased at or after the death (the arrest, the charge),
    or else the last person recorded as harming them before it."""

    def harmers(r: Record) -> list[int]:
        ms = list(r.mentions.all())
        if not any(m.person_id == deceased_id and m.role in VICTIM_ROLES for m in ms):
            return []
        return [
            m.person_id
            for m in ms
            if m.role in PERPETRATOR_ROLES and m.person_id and m.person_id != deceased_id
        ]

    ordered = sorted(records, key=lambda r: (r.occurred_start, r.recorded))
    for r in ordered:
        if _day(r.occurred_start) >= died and harmers(r):
            return harmers(r)[0]
    for r in reversed(ordered):
        if harmers(r):
            return harmers(r)[0]
    return None


def open_case_review(case_name: str, *, actor: Any = None) -> Review:
    """Open a review over every record in the database, on the subject of its death record."""
    records = list(
        Record.objects.select_related("agency").prefetch_related("mentions").order_by("occurred_start")
    )
    if not records:
        raise ValueError("The case has no records")
    death = find_death(records)
    if death is None:
        raise ValueError("The case has no 'death' record naming the person who died")
    death_record, deceased_mention = death
    died = _day(death_record.occurred_start)
    assert deceased_mention.person_id is not None
    deceased = Person.objects.get(pk=deceased_mention.person_id)
    perp_id = find_perpetrator(records, deceased.pk, died)
    review = create_review(
        actor=actor,
        reference=f"DHR-{case_name}"[:60],
        title=case_name,
        period_start=_day(records[0].occurred_start),
        period_end=max(_day(r.occurred_start) for r in records),
        date_of_death=died,
        deceased=deceased,
        perpetrator=Person.objects.get(pk=perp_id) if perp_id else None,
        partnership="Community Safety Partnership",
    )
    # Everyone else recorded as harming the person who died is named too (P2, P3, ...), in order.
    named = {deceased.pk, perp_id}
    for r in records:
        ms = list(r.mentions.all())
        if any(m.person_id == deceased.pk and m.role in VICTIM_ROLES for m in ms):
            for m in ms:
                if m.role in PERPETRATOR_ROLES and m.person_id and m.person_id not in named:
                    named.add(m.person_id)
                    ReviewSubject.objects.create(
                        review=review,
                        person_id=m.person_id,
                        role=ReviewSubject.Role.OTHER_PERPETRATOR,
                        pseudonym=review.next_pseudonym(ReviewSubject.Role.OTHER_PERPETRATOR),
                        description="another person recorded as harming V1",
                    )
    return_chronologies(review, records, requested_on=died)
    return review


def return_chronologies(review: Review, records: list[Record], *, requested_on: dt.date) -> None:
    """Each agency returned its chronology: every record it holds among `records`, four weeks after asking."""
    by_agency: dict[int, list[Record]] = defaultdict(list)
    for r in records:
        by_agency[r.agency_id].append(r)
    for agency in Agency.objects.filter(pk__in=by_agency):
        req = AgencyRequest.objects.create(
            review=review,
            agency=agency,
            kind=AgencyRequest.Kind.CHRONOLOGY,
            requested_on=requested_on,
            due=requested_on + dt.timedelta(days=42),
            returned_on=requested_on + dt.timedelta(days=28),
            record_count=len(by_agency[agency.pk]),
            file_name=f"{agency.code}.jsonl",
        )
        ReviewRecord.objects.bulk_create(
            [ReviewRecord(review=review, record=r, request=req) for r in by_agency[agency.pk]]
        )


def analysis_json(analysis: Analysis, replay: Replay, person_ids: dict[str, int]) -> dict[str, Any]:
    """analysis.json: the replay's people, and each signal with the agencies that held its evidence."""
    back = {pk: pid for pid, pk in person_ids.items()}
    by_signal = {(o.code, o.signal.person_id, o.first_raised): o for o in analysis.opportunities}
    signals = []
    for s in replay.signals:
        if not s.get("first_raised"):
            continue
        raised = str(s["first_raised"])[:10]
        pk = person_ids.get(str(s.get("person")))
        o = by_signal.get((str(s["code"]), pk, dt.date.fromisoformat(raised)))
        agencies = o.agency_codes if o else list(dict.fromkeys(str(a) for a, _ in s.get("evidence", [])))
        entry = {
            "code": s["code"],
            "person": s.get("person") if pk is None else back.get(pk, s.get("person")),
            "first_raised": raised,
            "agencies": agencies,
        }
        if s.get("other"):
            entry["other"] = s["other"]
        entry["evidence"] = [list(e) for e in s.get("evidence", [])]
        if o is not None:
            entry["evidence_from"] = o.evidence_start.isoformat() if o.evidence_start else None
            entry["held"] = [p.as_json() for p in o.parts]
            entry["followed_by"] = o.as_json()["followed_by"]
            entry["followed_days"] = o.followed_days
            entry["why"] = s.get("why", "")
            entry["action"] = o.action
        signals.append(entry)
    return {"people": replay.people, "signals": signals}


def build(case_dir: Path, out_dir: Path, *, link: Any = None) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "published").mkdir(exist_ok=True)
    replay = run_replay(case_dir, link=link)
    review = open_case_review(case_dir.resolve().name)
    person_ids = _person_map(replay)
    labels = dict(review.subjects.filter(person__isnull=False).values_list("person_id", "pseudonym"))
    for pid, pk in person_ids.items():
        labels.setdefault(pk, pid)
    analysis = analyse(review, replayed_signals(replay, person_ids), person_labels=labels)
    written = {
        "chronology.xlsx": exports.export_review(review, "xlsx", out_dir / "chronology.xlsx"),
        "chronology.docx": exports.export_review(review, "docx", out_dir / "chronology.docx"),
        "published/chronology.xlsx": exports.export_review(
            review, "xlsx", out_dir / "published" / "chronology.xlsx", published=True
        ),
        "published/chronology.docx": exports.export_review(
            review, "docx", out_dir / "published" / "chronology.docx", published=True
        ),
        "published/overview-report-skeleton.docx": exports.write_overview_skeleton(
            review, out_dir / "published" / "overview-report-skeleton.docx", analysis=analysis
        ),
    }
    path = out_dir / "analysis.json"
    path.write_text(json.dumps(analysis_json(analysis, replay, person_ids), indent=2, ensure_ascii=False))
    written["analysis.json"] = path
    return written
