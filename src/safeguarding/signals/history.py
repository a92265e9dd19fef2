"""A person's signals over time, worked out from records already stored, writing nothing.

`signal_history` gives when each signal could first have been known (what a replay would find, for a
whole population at once: the benchmark and a partnership loading its past use it);
`signal_episodes` gives every stretch of days on which each one held, from the day its rule first
held to the day it stopped (the demo stores them as past and current signals). Both evaluate each
timeline on the days its records were recorded and on the days an absence signal could start or
stop holding after them (`due_offsets`, which the replay's daily clock uses too).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from safeguarding.signals.catalogue import CATALOGUE, DAILY_CODES, EVALUATION_ORDER, all_thresholds
from safeguarding.signals.evaluation import Evaluator
from safeguarding.signals.rules import Finding
from safeguarding.signals.timeline import Timeline

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
E = TypeVar("E", bound=Evaluator)


def due_offsets(params: dict[str, dict[str, int]]) -> list[int]:
    """Days after a record on which an absence signal can start or stop holding."""
    offsets = {0}
    for code in DAILY_CODES:
        p = params.get(code, {})
        if not p:
            continue
        if "days" in p:
            offsets |= {p["days"], p["days"] + p.get("holds_days", 0) + 1}
        offsets |= {p.get("high_risk_days", 0) + 1, p.get("high_harm_days", 0) + 1}
    return sorted(offsets)


class _HistoryEvaluator(Evaluator):
    """An evaluator whose record of raised signals is in memory (nothing is written)."""

    def __init__(self, params: dict[str, dict[str, int]] | None = None) -> None:
        super().__init__(params)
        self.first: dict[tuple[str, int, int | None], tuple[date, Finding]] = {}

    def raised_codes(self, person_id: int, codes: Iterable[str]) -> list[tuple[str, date]]:
        wanted = set(codes)
        return [
            (code, day)
            for (code, pid, _), (day, _) in self.first.items()
            if pid == person_id and code in wanted
        ]


def signal_history(
    person_ids: Iterable[int], *, chunk: int = 500
) -> list[tuple[str, int, int | None, date, Finding]]:
    """When each signal could first have been known, from records already stored, without writing anything.

    Every person's timeline is evaluated as on each day one of their records was recorded, and on the
    days an absence signal could fall due after it: what a replay would find, for a whole population at
    once (used when a partnership loads its history, and by the benchmark).
    """
    params = all_thresholds()
    offsets = due_offsets(params)
    evaluators: list[_HistoryEvaluator] = []
    for evaluator, tl in _timelines(person_ids, lambda: _HistoryEvaluator(params), chunk):
        if not evaluators or evaluators[-1] is not evaluator:
            evaluators.append(evaluator)
        record_days = {e.day for e in tl.entries}
        days = sorted({d + timedelta(days=o) for d in record_days for o in offsets})
        for day in days:
            for code in EVALUATION_ORDER:
                rule = CATALOGUE[code]
                if not rule.daily and day not in record_days:
                    continue
                try:
                    findings = rule.check(tl, evaluator, params.get(code, rule.thresholds), day)
                except Exception:
                    log.exception("signal rule %s failed for person %s", code, tl.person_id)
                    continue
                for f in findings:
                    key = (code, f.person_id, f.other_id)
                    if key not in evaluator.first or day < evaluator.first[key][0]:
                        evaluator.first[key] = (day, f)
    return [
        (code, pid, other, day, f)
        for evaluator in evaluators
        for (code, pid, other), (day, f) in evaluator.first.items()
    ]


def _timelines(
    person_ids: Iterable[int],
    make_evaluator: Callable[[], E],
    chunk: int,
    progress: Progress | None = None,
) -> Iterator[tuple[E, Timeline]]:
    """Each person's timeline (those with records), loaded `chunk` people at a time by a fresh evaluator."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), chunk):
        evaluator = make_evaluator()
        batch = ids[start : start + chunk]
        evaluator.load(batch)
        for pid in batch:
            tl = evaluator.timeline(pid)
            if tl is not None and tl.entries:
                yield evaluator, tl
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))


@dataclass
class Episode:
    """One stretch of days on which a signal held, as the anchor's timeline showed it."""

    code: str
    anchor: int
    person: int
    other: int | None
    raised: date
    held: date  # the last day it was seen holding
    finding: Finding
    evidence: list[list[str]] = field(default_factory=list)
    cleared: date | None = None

    @property
    def key(self) -> tuple[str, int, int | None]:
        return (self.code, self.person, self.other)


class _EpisodeEvaluator(Evaluator):
    """Rules that ask which signals a person already had (ESCALATION before REPEAT_MARAC, ...) read
    the episodes found so far, in memory: nothing is written while the history is worked out."""

    def __init__(self, params: dict[str, dict[str, int]]) -> None:
        super().__init__(params)
        self.seen: dict[int, list[tuple[str, date]]] = defaultdict(list)

    def raised_codes(self, person_id: int, codes: Iterable[str]) -> list[tuple[str, date]]:
        wanted = set(codes)
        return [(code, day) for code, day in self.seen[person_id] if code in wanted]


def signal_episodes(
    person_ids: Iterable[int], until: date, *, chunk: int = 500, progress: Progress | None = None
) -> list[Episode]:
    """Every episode of every signal for these people, from the records already stored, up to `until`.

    Each person's timeline is evaluated as on each day one of their records was recorded, on the days
    an absence signal could fall due after it (as `signal_history` does) and on
    `until`. An episode ends on the first day its rule no longer holds: between two evaluated days
    nothing new is recorded, so that day is found by halving the interval.
    """
    params = all_thresholds()
    offsets = due_offsets(params)
    found: list[Episode] = []
    for evaluator, tl in _timelines(person_ids, lambda: _EpisodeEvaluator(params), chunk, progress):
        found += _episodes_of(tl, evaluator, params, offsets, until)
    return _one_anchor_per_signal(found)


def _episodes_of(
    tl: Timeline, ev: _EpisodeEvaluator, params: dict[str, dict[str, int]], offsets: list[int], until: date
) -> list[Episode]:
    record_days = {e.day for e in tl.entries if e.day <= until}
    days = sorted({d + timedelta(days=o) for d in record_days for o in offsets} | {until})
    days = [d for d in days if d <= until]
    open_: dict[tuple[str, int, int | None], Episode] = {}
    done: list[Episode] = []

    def holding(code: str, day: date) -> dict[tuple[str, int, int | None], Finding]:
        rule = CATALOGUE[code]
        try:
            findings = rule.check(tl, ev, params.get(code, rule.thresholds), day)
        except Exception:  # a rule's bug must not stop the demo; the live run logs it
            return {}
        return {(code, f.person_id, f.other_id): f for f in findings}

    for day in days:
        for code in EVALUATION_ORDER:
            # Record-driven rules change only when a record arrives; `until` closes what stopped since.
            if not CATALOGUE[code].daily and day not in record_days and day != until:
                continue
            now = holding(code, day)
            for key, finding in now.items():
                episode = open_.get(key)
                if episode is None:
                    episode = open_[key] = Episode(code, tl.person_id, key[1], key[2], day, day, finding)
                    ev.seen[key[1]].append((code, day))
                episode.held, episode.finding = day, finding
                episode.evidence += [k for k in finding.evidence_keys if k not in episode.evidence]
            for key in [k for k in open_ if k[0] == code and k not in now]:
                episode = open_.pop(key)
                low, high = episode.held, day
                while (high - low).days > 1:
                    middle = low + timedelta(days=(high - low).days // 2)
                    low, high = (middle, high) if key in holding(code, middle) else (low, middle)
                episode.cleared = high
                done.append(episode)
    return done + list(open_.values())


def _one_anchor_per_signal(episodes: list[Episode]) -> list[Episode]:
    """A signal about two people can be read from either one's timeline: keep the anchor that saw it first."""
    first: dict[tuple[str, int, int | None], tuple[date, int]] = {}
    for e in episodes:
        first[e.key] = min(first.get(e.key, (e.raised, e.anchor)), (e.raised, e.anchor))
    return [e for e in episodes if first[e.key][1] == e.anchor]
