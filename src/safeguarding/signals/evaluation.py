"""Evaluating the catalogue: for the people a new record touches (live), every day (absence
signals), for everyone (the `safeguarding signals` command), and day by day in a replay.

A signal is an episode: raised on the day its rule first holds, `cleared` on the day it stops
holding; holding again later is a new `Signal` row. A dismissed signal reopens when new evidence
arrives.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguarding.signals.catalogue import CATALOGUE, DAILY_CODES, EVALUATION_ORDER, all_thresholds
from safeguarding.signals.models import Signal, SignalEvent
from safeguarding.signals.rules import Finding
from safeguarding.signals.timeline import Entry, Timeline, build_timelines

log = logging.getLogger(__name__)

# Set while a replay (or a bulk job) drives evaluation itself: the live receivers stand aside.
_live_suspended: ContextVar[bool] = ContextVar("signals_live_suspended", default=False)


@contextlib.contextmanager
def live_evaluation_suspended() -> Iterator[None]:
    token = _live_suspended.set(True)
    try:
        yield
    finally:
        _live_suspended.reset(token)


def live_evaluation_enabled() -> bool:
    return not _live_suspended.get()


@dataclass
class Changes:
    raised: list[Signal] = field(default_factory=list)
    cleared: list[Signal] = field(default_factory=list)
    reopened: list[Signal] = field(default_factory=list)
    updated: int = 0

    def __iadd__(self, other: Changes) -> Changes:
        self.raised += other.raised
        self.cleared += other.cleared
        self.reopened += other.reopened
        self.updated += other.updated
        return self


class Evaluator:
    """Evaluates rules for people, keeping their timelines until told that they changed.

    Live code makes a fresh one per call; a replay keeps one and invalidates the people each new
    record touches, so that day-by-day evaluation does not rebuild every timeline every day.
    """

    def __init__(self, params: dict[str, dict[str, int]] | None = None) -> None:
        self.params = params if params is not None else all_thresholds()
        self._timelines: dict[int, Timeline | None] = {}
        self._closures: dict[str, list[Entry]] | None = None
        self._raised: dict[int, list[tuple[str, date]]] = {}
        # Open (not cleared) episodes by code and anchor, loaded once per anchor and kept up to date.
        self._open: dict[str, dict[int, dict[tuple[int, int | None], Signal]]] = {}

    # -- the Context the rules read ------------------------------------------------------------
    def timeline(self, person_id: int) -> Timeline | None:
        if person_id not in self._timelines:
            self.load([person_id])
        return self._timelines.get(person_id)

    def load(self, person_ids: Iterable[int]) -> None:
        missing = [pid for pid in set(person_ids) if pid not in self._timelines]
        if not missing:
            return
        built = build_timelines(missing)
        for pid in missing:
            self._timelines[pid] = built.get(pid)

    def invalidate(self, person_ids: Iterable[int] | None = None, *, closures: bool = False) -> None:
        if person_ids is None:
            self._timelines.clear()
            self._raised.clear()
            self._open.clear()
        else:
            gone = set(person_ids)
            for pid in gone:
                self._timelines.pop(pid, None)
                self._raised.pop(pid, None)
            from safeguarding.people.models import Person

            # Open episodes stay cached unless a person in them was merged away (their rows are gone).
            gone -= set(Person.objects.filter(pk__in=gone).values_list("pk", flat=True))
            for by_anchor in self._open.values():
                for anchor in list(by_anchor):
                    if anchor in gone or any(
                        s.person_id in gone or s.other_id in gone for s in by_anchor[anchor].values()
                    ):
                        del by_anchor[anchor]
        if closures or person_ids is None:
            self._closures = None

    def raised_codes(self, person_id: int, codes: Iterable[str]) -> list[tuple[str, date]]:
        if person_id not in self._raised:
            self._raised[person_id] = list(
                Signal.objects.filter(person_id=person_id).values_list("code", "first_raised")
            )
        wanted = set(codes)
        return [(code, day) for code, day in self._raised[person_id] if code in wanted]

    def closures(self, agency: str) -> list[Entry]:
        """Service changes an agency recorded without naming anyone: they concern all its open clients."""
        if self._closures is None:
            from safeguarding.records.models import Record

            self._closures = {}
            rows = Record.objects.filter(type="service_change", mentions__isnull=True).values_list(
                "pk",
                "agency__code",
                "record_id",
                "occurred_start",
                "recorded",
                "summary",
                "outcome",
                "location",
            )
            for pk, code, record_id, occurred, recorded, summary, outcome, location in rows:
                entry = Entry(
                    pk=pk, agency=code, record_id=record_id, type="service_change", occurred=occurred.date(),
                    recorded=recorded, role="", ref="", markers=frozenset(), tags=frozenset(), risk=None,
                    relationships=[], location=location or "", text=f"{summary}\n{outcome}", subjects=[],
                )  # fmt: skip
                self._closures.setdefault(code, []).append(entry)
        return self._closures.get(agency, [])

    # -- evaluation -----------------------------------------------------------------------------
    def evaluate(self, person_ids: Iterable[int], as_of: date, codes: Iterable[str] | None = None) -> Changes:
        ids = sorted(set(person_ids))
        wanted = list(codes) if codes is not None else EVALUATION_ORDER
        order = [c for c in EVALUATION_ORDER if c in wanted]
        changes = Changes()
        if not ids:
            return changes
        self.load(ids)
        self._load_open(ids)
        with transaction.atomic():
            for code in order:
                changes += self._evaluate_rule(code, ids, as_of)
        return changes

    def _load_open(self, ids: list[int]) -> None:
        """Every open episode anchored on these people, for every code, and every signal raised for
        them (what `raised_codes` answers), in one query."""
        unloaded = [pid for pid in ids if any(pid not in self._open.get(code, {}) for code in CATALOGUE)]
        if not unloaded:
            return
        for code in CATALOGUE:
            by_anchor = self._open.setdefault(code, {})
            for pid in unloaded:
                by_anchor[pid] = {}
        wanted = set(unloaded)
        raised: dict[int, list[tuple[str, date]]] = {pid: [] for pid in unloaded if pid not in self._raised}
        rows = Signal.objects.filter(
            Q(cleared__isnull=True, anchor_id__in=unloaded) | Q(person_id__in=list(raised))
        )
        for signal in rows:
            if signal.cleared is None and signal.anchor_id in wanted:
                self._open[signal.code][signal.anchor_id][(signal.person_id, signal.other_id)] = signal
            if signal.person_id in raised:
                raised[signal.person_id].append((signal.code, signal.first_raised))
        self._raised.update(raised)

    def _evaluate_rule(self, code: str, ids: list[int], as_of: date) -> Changes:
        rule = CATALOGUE[code]
        params = self.params.get(code, rule.thresholds)
        found: dict[tuple[int, int | None], tuple[int, Finding]] = {}
        for pid in ids:
            tl = self._timelines.get(pid)
            if tl is None or not tl.entries:
                continue
            try:
                findings = rule.check(tl, self, params, as_of)
            except Exception:  # a rule's bug must not stop the others, nor an import
                log.exception("signal rule %s failed for person %s", code, pid)
                continue
            for f in findings:
                found[(f.person_id, f.other_id)] = (pid, f)
        by_anchor = self._open.setdefault(code, {})
        unloaded = [pid for pid in ids if pid not in by_anchor]
        for pid in unloaded:
            by_anchor[pid] = {}
        if unloaded:
            for s in Signal.objects.filter(code=code, cleared__isnull=True, anchor_id__in=unloaded):
                by_anchor[s.anchor_id][(s.person_id, s.other_id)] = s
        existing: dict[tuple[int, int | None], Signal] = {}
        for pid in ids:
            existing.update(by_anchor[pid])
        changes = Changes()
        now = timezone.now()
        for key, (anchor, f) in found.items():
            current = existing.pop(key, None)
            evidence = f.evidence_keys
            if current is None:
                signal = Signal.objects.create(
                    code=code, person_id=f.person_id, other_id=f.other_id, anchor_id=anchor, first_raised=as_of,
                    evidence=evidence, why=f.why, action=rule.action, evidence_complete_at=f.complete_at,
                )  # fmt: skip
                SignalEvent.objects.create(signal=signal, kind=SignalEvent.Kind.RAISED, text=f.why)
                self._raised.pop(f.person_id, None)
                by_anchor[anchor][key] = signal
                changes.raised.append(signal)
                continue
            new_evidence = [k for k in evidence if k not in current.evidence]
            if not new_evidence and current.why == f.why:
                continue
            current.evidence = sorted({tuple(k) for k in current.evidence} | {tuple(k) for k in evidence})
            current.evidence = [list(k) for k in current.evidence]
            current.why = f.why
            current.evidence_complete_at = f.complete_at
            if new_evidence and current.status == Signal.Status.DISMISSED:
                current.status = Signal.Status.OPEN
                SignalEvent.objects.create(
                    signal=current, kind=SignalEvent.Kind.REOPENED,
                    text=f"New evidence: {', '.join(':'.join(k) for k in new_evidence)}",
                    detail={"new_evidence": new_evidence},
                )  # fmt: skip
                changes.reopened.append(current)
            current.updated = now
            current.save()
            changes.updated += 1
        for key, signal in existing.items():
            by_anchor[signal.anchor_id].pop(key, None)
            signal.cleared = as_of
            signal.save(update_fields=["cleared", "updated"])
            SignalEvent.objects.create(
                signal=signal, kind=SignalEvent.Kind.CLEARED, text="The rule stopped holding."
            )
            changes.cleared.append(signal)
        return changes


def evaluate_people(person_ids: Iterable[int], as_of: date | None = None) -> Changes:
    """Evaluate every signal for these people (live: after their records or links changed)."""
    from safeguarding.people.models import Person

    ids = list(Person.objects.filter(pk__in=list(person_ids)).values_list("pk", flat=True))
    return Evaluator().evaluate(ids, as_of or timezone.localdate())


def evaluate_all(as_of: date | None = None, *, chunk: int = 1000, progress: Any = None) -> Changes:
    """Evaluate every signal for everyone, a chunk of people at a time (memory stays flat)."""
    from safeguarding.people.models import Person

    day = as_of or timezone.localdate()
    params = all_thresholds()
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    changes = Changes()
    for start in range(0, len(ids), chunk):
        evaluator = Evaluator(params)
        changes += evaluator.evaluate(ids[start : start + chunk], day)
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))
    return changes


def daily_candidates(as_of: date) -> list[int]:
    """People whose records could make an absence signal start or stop on `as_of`."""
    from safeguarding.people.models import Mention

    lookback = max(
        max(p.get("days", 0) + p.get("holds_days", 0), p.get("high_risk_days", 0))
        for p in (CATALOGUE[c].thresholds for c in DAILY_CODES)
    )
    since = as_of - timedelta(days=lookback + 1)
    people = set(
        Mention.objects.filter(record__recorded__date__gte=since, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    people |= set(
        Signal.objects.filter(code__in=DAILY_CODES, cleared__isnull=True).values_list("anchor_id", flat=True)
    )
    return sorted(people)


def run_daily(
    as_of: date | None = None, *, evaluator: Evaluator | None = None, person_ids: Iterable[int] | None = None
) -> Changes:
    """Evaluate the absence signals (raised when a period runs out) for `as_of`. Safe to re-run."""
    day = as_of or timezone.localdate()
    ids = list(person_ids) if person_ids is not None else daily_candidates(day)
    ev = evaluator or Evaluator()
    changes = Changes()
    for start in range(0, len(ids), 1000):
        changes += ev.evaluate(ids[start : start + 1000], day, DAILY_CODES)
    return changes
