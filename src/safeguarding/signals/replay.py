"""Replaying a case: records fed in `recorded` order, linkage and every signal after each one, and
the absence signals day by day, so that `first_raised` is the first moment the partnership could
have known (replay-output.md)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

from safeguarding.signals.evaluation import Evaluator, live_evaluation_suspended, run_daily
from safeguarding.signals.history import due_offsets
from safeguarding.signals.reading import read_records


class CaseRejected(ValueError):
    """The case's records.jsonl has problems; nothing was replayed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_case(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """Every record of CASE_DIR/records.jsonl (or a .jsonl file), validated, in `recorded` order."""
    from safeguarding.records.parsing import parse_when, validate_record

    file = path / "records.jsonl" if path.is_dir() else path
    if not file.is_file():
        raise CaseRejected([f"{file}: no such file"])
    problems: list[str] = []
    rows: list[tuple[Any, int, dict[str, Any]]] = []
    with file.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                problems.append(f"{file}, line {number}: not valid JSON ({exc})")
                continue
            if not isinstance(data, dict):
                problems.append(f"{file}, line {number}: a record must be a JSON object")
                continue
            found = validate_record(data, file=str(file), line=number)
            if found:
                problems.extend(str(p) for p in found)
                continue
            when = parse_when(data.get("recorded") or data.get("occurred"))[2]
            rows.append((when, number, data))
    if problems:
        raise CaseRejected(problems)
    rows.sort(key=lambda row: (row[0], row[1]))
    return [(number, data) for _, number, data in rows]


Linker = Callable[[list[Any]], set[int]]


def _default_linker(mentions: list[Any]) -> set[int]:
    from safeguarding.people.linking import link_mentions

    return link_mentions(mentions)


def replay(
    path: Path, *, horizon_days: int = 30, link: Linker | None = None, err: Any = None,
    records: Iterable[tuple[int, dict[str, Any]]] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Replay a case into the current (throw-away) database and return the replay output document."""
    from safeguarding.people.models import Mention
    from safeguarding.records.importer import store_record
    from safeguarding.records.parsing import parse_when

    err = err or sys.stderr
    linker = link or _default_linker
    items = list(records) if records is not None else load_case(path)
    evaluator = Evaluator()
    known: set[int] = set()
    # Absence signals become due a fixed number of days after a record (a disclosure, a breach, the last
    # contact): the daily run is made on those days for the people concerned, which gives the same
    # first_raised as running it every day for everyone, at a fraction of the cost.
    pending: dict[date, set[int]] = {}
    offsets = due_offsets(evaluator.params)
    last_day: date | None = None
    with live_evaluation_suspended():
        for count, (number, data) in enumerate(items, start=1):
            recorded_day = parse_when(data.get("recorded") or data.get("occurred"))[2].date()
            _run_pending(evaluator, pending, before=recorded_day)
            record, _status = store_record(data, source=str(path), line=number, notify=False)
            read_records([record.pk], force=True)
            mentions = list(Mention.objects.filter(record=record).order_by("pk"))
            changed = set(linker(mentions))
            touched = changed | set(
                Mention.objects.filter(record=record, person__isnull=False).values_list(
                    "person_id", flat=True
                )
            )
            evaluator.invalidate(touched, closures=record.type == "service_change")
            known = _existing(known | touched)
            evaluator.evaluate(sorted(known & touched), recorded_day)
            for offset in offsets:
                pending.setdefault(recorded_day + timedelta(days=offset), set()).update(known & touched)
            last_day = recorded_day
            if count % 50 == 0:
                err.write(f"replay: {count}/{len(items)} records\n")
        if last_day is not None:
            _run_pending(evaluator, pending, before=last_day + timedelta(days=horizon_days + 1))
    err.write(f"replay: {len(items)} records replayed\n")
    return replay_output()


def _existing(person_ids: set[int]) -> set[int]:
    from safeguarding.people.models import Person

    return set(Person.objects.filter(pk__in=person_ids).values_list("pk", flat=True))


def _run_pending(evaluator: Evaluator, pending: dict[date, set[int]], *, before: date) -> None:
    """The daily run, in date order, for every scheduled day before `before`."""
    for due in sorted(d for d in pending if d < before):
        people = _existing(pending.pop(due))
        if people:
            run_daily(due, evaluator=evaluator, person_ids=sorted(people))


def replay_output() -> dict[str, Any]:
    """People (with their mentions) and every signal episode, as replay-output.md describes."""
    from safeguarding.people.models import Mention, Person
    from safeguarding.signals.models import Signal

    labels: dict[int, str] = {}
    people = []
    mentions: dict[int, list[list[str]]] = {}
    names: dict[int, str] = {}
    for person_id, agency, record_id, ref, name in (
        Mention.objects.filter(person__isnull=False)
        .order_by("record__recorded", "record_id", "ref")
        .values_list("person_id", "record__agency__code", "record__record_id", "ref", "name")
    ):
        mentions.setdefault(person_id, []).append([agency, record_id, ref])
        names.setdefault(person_id, name)
    for person in Person.objects.filter(pk__in=list(mentions)).order_by("pk"):
        labels[person.pk] = f"p{len(labels) + 1}"
        people.append(
            {
                "id": labels[person.pk],
                "name": person.display_name or names.get(person.pk, ""),
                "mentions": mentions[person.pk],
            }
        )
    signals = []
    for s in Signal.objects.filter(person_id__in=list(labels)).order_by(
        "first_raised", "code", "person_id", "id"
    ):
        item: dict[str, Any] = {"code": s.code, "person": labels[s.person_id]}
        if s.other_id is not None and s.other_id in labels:
            item["other"] = labels[s.other_id]
        item.update(
            {
                "first_raised": s.first_raised.isoformat(),
                "cleared": s.cleared.isoformat() if s.cleared else None,
                "evidence": s.evidence,
                "why": s.why,
                "action": s.action,
            }
        )
        signals.append(item)
    return {"people": people, "signals": signals}
