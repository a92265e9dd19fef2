"""Linkage: subject mentions into people, incrementally or all at once, with people in control.

The public surface (other apps import these names only):

- `link_mentions(mentions)`: link new or changed mentions against everyone known; returns the
  ids of the people whose mentions changed;
- `relink_all()`: the full Splink run over every mention (`safeguarding link`);
- `explain(mention_a, mention_b)`: why two mentions are (or are not) the same person;
- `confirm_link`, `split_mention`, `mark_not_same`: practitioners' decisions, which win over
  every later automatic run;
- `review_queue()`: uncertain pairs for clerical review, most uncertain first.

Both paths use one trained model (`model_spec.load_model`): Splink computes the match
probabilities in a full run, and the incremental path computes the same probabilities in
Python from the model's m and u parameters, on candidates from an in-memory blocking index.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, ForeignObjectRel, ProtectedError, Q

from safeguarding.audit.log import log_action
from safeguarding.people import index as blocking_index
from safeguarding.people.clustering import (
    Clusters,
    Profile,
    add_decision_tags,
    clearly_first,
    cluster,
    is_rich,
)
from safeguarding.people.context import (
    AGENCY_CASELOAD,
    MAX_FORENAME_CANDIDATES,
    ContextStore,
    MemoryContext,
    caseload_in_doubt,
    caseload_people,
    caseload_strangers,
    is_sparse,
    name_chooses,
    name_too_common,
    namesakes,
    place_in_context,
    sparse_key,
    supported_people,
    surname_initial,
)
from safeguarding.people.events import people_changed
from safeguarding.people.features import (
    DistinctFeatures,
    distinct_features,
    features_of,
    mention_features,
    strong_pair_count,
)
from safeguarding.people.index import NAME_ONLY
from safeguarding.people.model_spec import TrainedModel, load_model
from safeguarding.people.models import LinkDecision, Mention, Person, ReviewPair
from safeguarding.people.naming import parse_name

logger = logging.getLogger(__name__)

__all__ = [
    "LinkingError",
    "confirm_link",
    "explain",
    "link_mentions",
    "mark_not_same",
    "relink_all",
    "review_queue",
    "split_mention",
]

_FIELDS = ("name", "dob", "gender", "address", "postcode", "ids", "role")


class LinkingError(ValueError):
    """A decision that cannot be carried out (for example, two subjects of one record)."""


def link_threshold() -> float:
    return float(settings.SAFEGUARDING_LINK_THRESHOLD)


def review_threshold() -> float:
    return float(settings.SAFEGUARDING_REVIEW_THRESHOLD)


def _features_from_row(row: dict[str, Any]) -> dict[str, Any]:
    return mention_features(**{k: row[k] for k in _FIELDS})


def _context_features(row: dict[str, Any]) -> dict[str, Any]:
    """The model's features and, for the context steps only, the surname's initial ("Cheryl H.")."""
    return {**_features_from_row(row), "surname_initial": surname_initial(row["name"])}


def _profile_of_rows(rows: Iterable[dict[str, Any]]) -> Profile:
    profile = Profile()
    for row in rows:
        profile.merge(Profile.of(row["id"], row["record_id"], _features_from_row(row)))
    return profile


def _active_decisions() -> list[LinkDecision]:
    return list(LinkDecision.objects.filter(is_active=True))


def _person_rows(person_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = Mention.objects.filter(person_id__in=list(person_ids)).values(
        "id", "record_id", "person_id", *_FIELDS
    )
    for row in rows:
        out[row["person_id"]].append(row)
    return out


def _tagged_profile(rows: list[dict[str, Any]], decisions: list[LinkDecision]) -> Profile:
    profiles = {r["id"]: Profile.of(r["id"], r["record_id"], _features_from_row(r)) for r in rows}
    add_decision_tags(profiles, decisions)
    merged = Profile()
    for p in profiles.values():
        merged.merge(p)
    return merged


# ---------------------------------------------------------------------------------------------
# Display names
# ---------------------------------------------------------------------------------------------


def best_display_name(names: Iterable[str]) -> str:
    """The fullest name, most often recorded: "Valerie Jean Dunmore" over "Val" or "Ms V Dunmore"."""
    counts: Counter[str] = Counter()
    for raw in names:
        display = parse_name(raw).display
        if display:
            counts[display] += 1
    if not counts:
        return ""

    def score(item: tuple[str, int]) -> tuple[int, int, str]:
        display, count = item
        full_words = sum(1 for w in display.split() if len(w) > 1)
        return (min(full_words, 2), count, display)

    return max(counts.items(), key=score)[0]


def _refresh_display_names(person_ids: Iterable[int]) -> None:
    names: dict[int, list[str]] = defaultdict(list)
    for pid, name in Mention.objects.filter(person_id__in=list(person_ids)).values_list("person_id", "name"):
        names[pid].append(name)
    for person in Person.objects.filter(pk__in=list(names)):
        new = best_display_name(names[person.pk])[:300]
        if new != person.display_name:
            person.display_name = new
            person.save(update_fields=["display_name", "updated_at"])


def _hand_over(old_pid: int, new_pid: int) -> None:
    """Move the work recorded about a merged-away person (DASH assessments, MARAC referrals, review
    roles, grants) to the person who absorbed them: nothing a practitioner did about someone may be
    lost, or block a merge, because linkage later found them to be one."""
    if old_pid == new_pid:
        return
    # Hidden relations (related_name="+") count too. Linkage's own rows (decisions, review pairs)
    # keep the people they were made about, as history; signals are derived, and evaluation raises
    # them afresh for the person who remains.
    for relation in Person._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
            continue
        model = relation.related_model
        if model is None or model._meta.app_label in ("people", "signals"):
            continue
        name = relation.field.name
        try:
            with transaction.atomic():
                model._default_manager.filter(**{name: old_pid}).update(**{name: new_pid})
        except IntegrityError:
            # A row that would duplicate one the survivor already has (a one-per-person row) stays.
            logger.warning("could not move %s rows from person %s to %s", model._meta.label, old_pid, new_pid)


def _delete_empty(person_ids: Iterable[int]) -> None:
    empty = Person.objects.filter(pk__in=list(person_ids), mentions__isnull=True)
    try:
        with transaction.atomic():
            empty.delete()
    except ProtectedError:
        # A person with nothing left to link but work recorded about them (a DASH, a referral) is kept.
        for person in empty:
            with contextlib.suppress(ProtectedError), transaction.atomic():
                person.delete()


def _announce(person_ids: set[int]) -> None:
    if person_ids:
        ids = sorted(person_ids)
        transaction.on_commit(lambda: people_changed.send(sender=Person, person_ids=ids))


# ---------------------------------------------------------------------------------------------
# Incremental linking
# ---------------------------------------------------------------------------------------------


@dataclass
class _Scored:
    mention_id: int
    person_id: int | None
    probability: float


def _score_against_known(
    mention_id: int, record_id: int, features: dict[str, Any], model: TrainedModel
) -> list[_Scored]:
    candidates = blocking_index._index.candidates(features)
    candidates.discard(mention_id)
    if not candidates:
        return []
    rows = Mention.objects.filter(id__in=candidates).exclude(record_id=record_id)
    out = []
    for row in rows.values("id", "person_id", *_FIELDS):
        other = _features_from_row(row)
        blocking_index._index.add(row["id"], other)  # keeps the index true to the database
        out.append(_Scored(row["id"], row["person_id"], model.score(features, other)))
    return out


def link_mentions(mentions: Iterable[Mention]) -> set[int]:
    """Link new or changed mentions against everyone known, one at a time in id order.

    Each mention joins the person it most probably is (match probability at least
    SAFEGUARDING_LINK_THRESHOLD on some mention of theirs), or a new person. A mention that
    matches several people brings them together only where nothing separates them (a shared
    record, a practitioner's decision, or contradicting dates of birth, identifiers or gender).
    Returns the ids of the people whose mentions changed.
    """
    todo = sorted(mentions, key=lambda m: m.pk)
    if not todo:
        return set()
    threshold, lower = link_threshold(), review_threshold()
    changed: set[int] = set()
    with transaction.atomic():
        known = blocking_index.get_index()
        model = load_model().for_store(known.strong.mentions, known.strong.pairs)
        decisions = _active_decisions()
        for mention in todo:
            changed |= _link_one(mention, model, threshold, lower, decisions)
        changed |= _place_in_context({m.record_id for m in todo}, known, decisions)
        _delete_empty(changed)
        _refresh_display_names(changed)
    _announce(changed)
    return changed


def _link_one(
    mention: Mention, model: TrainedModel, threshold: float, lower: float, decisions: list[LinkDecision]
) -> set[int]:
    features = blocking_index.add_mention(mention)
    scored = _score_against_known(mention.pk, mention.record_id, features, model)
    best: dict[int, float] = {}
    for s in scored:
        if s.person_id is not None and s.probability > best.get(s.person_id, -1.0):
            best[s.person_id] = s.probability
    old_person = mention.person_id

    # Confirmed links involving this mention pull their people in first.
    confirmed: list[int] = []
    for d in decisions:
        if d.kind == LinkDecision.Kind.CONFIRM and mention.pk in (d.side_a + d.side_b):
            confirmed.extend(d.side_a + d.side_b)
    confirmed_people = set(
        Mention.objects.filter(id__in=confirmed).exclude(pk=mention.pk).values_list("person_id", flat=True)
    ) - {None}
    wanted = [pid for pid, p in sorted(best.items(), key=lambda kv: (-kv[1], kv[0])) if p >= threshold]
    ordered = sorted(confirmed_people) + [p for p in wanted if p not in confirmed_people]

    own = {
        "id": mention.pk,
        "record_id": mention.record_id,
        **{f: getattr(mention, f) for f in _FIELDS},
    }
    group = _tagged_profile([own], decisions)
    rows_by_person = _person_rows(ordered) if ordered else {}
    target: int | None = None
    changed: set[int] = set()
    if (
        not is_rich(features)
        and not confirmed_people
        and _ambiguous(group, ordered, rows_by_person, mention, decisions, best)
    ):
        # A sparse mention matching two people who contradict each other (a father and son of
        # one name at one address) is not guessed: it stays apart, for a practitioner to place.
        ordered = []
    for pid in ordered:
        rows = [r for r in rows_by_person.get(pid, []) if r["id"] != mention.pk]
        if not rows:
            continue
        profile = _tagged_profile(rows, decisions)
        reason = group.conflicts_with(profile)
        if reason and not (
            pid in confirmed_people and reason not in ("same record", "a practitioner's decision")
        ):
            continue
        group.merge(profile)
        if target is None:
            target = pid
        else:
            # The new mention shows two known people to be one: bring them together.
            Mention.objects.filter(person_id=pid).update(person_id=target)
            _hand_over(pid, target)
            changed.add(pid)
    if target is None:
        target = Person.objects.create().pk
    probability = max((best.get(pid, 0.0) for pid in ordered if pid == target), default=None)
    Mention.objects.filter(pk=mention.pk).update(person_id=target, match_probability=probability)
    mention.person_id = target
    mention.match_probability = probability
    changed.add(target)
    if old_person is not None and old_person != target:
        changed.add(old_person)

    # Uncertain pairs with other people go to clerical review, and so do likely ones that a
    # constraint or an ambiguity kept apart.
    for s in scored:
        if s.person_id is not None and s.person_id != target and lower <= s.probability:
            a, b = sorted((mention.pk, s.mention_id))
            ReviewPair.objects.update_or_create(
                mention_a_id=a, mention_b_id=b, defaults={"match_probability": s.probability}
            )
    return changed


class _DbContext:
    """The context steps' view of the database (`context.ContextStore`), cached until a mention
    moves."""

    def __init__(self, known: blocking_index.BlockingIndex, decisions: list[LinkDecision]):
        self.known = known
        self.decisions = decisions
        self.rows: dict[int, dict[str, Any]] = {}
        self.people: dict[int, list[int]] = {}
        self.records: dict[int, list[int]] = {}
        self.agencies: dict[int, str] = {}
        # Mentions at an agency under a name part: moving mentions between people does not change it.
        self.at: dict[tuple[str, str, str], set[int]] = {}

    def _load(self, q: Q) -> list[dict[str, Any]]:
        rows = list(
            Mention.objects.filter(q).values("id", "record_id", "person_id", "record__agency__code", *_FIELDS)
        )
        for r in rows:
            r["features"] = _context_features(r)
            self.rows[r["id"]] = r
            self.agencies[r["record_id"]] = r["record__agency__code"]
        return rows

    def row(self, mid: int) -> dict[str, Any]:
        if mid not in self.rows:
            self._load(Q(pk=mid))
        return self.rows[mid]

    def person_rows(self, pid: int | None) -> list[dict[str, Any]]:
        if pid is None:
            return []
        if pid not in self.people:
            self.people[pid] = [r["id"] for r in self._load(Q(person_id=pid))]
        return [self.rows[m] for m in self.people[pid]]

    def records_of(self, pid: int) -> set[int]:
        records = {r["record_id"] for r in self.person_rows(pid)}
        missing = [r for r in records if r not in self.records]
        if missing:
            found: dict[int, list[int]] = {r: [] for r in missing}
            for row in self._load(Q(record_id__in=missing)):
                found[row["record_id"]].append(row["id"])
            self.records.update({r: sorted(ids) for r, ids in found.items()})
        return records

    def mentions_in(self, record: int) -> list[int]:
        if record not in self.records:
            self.records[record] = sorted(r["id"] for r in self._load(Q(record_id=record)))
        return self.records[record]

    def agency_of(self, record: int) -> str:
        if record not in self.agencies:
            self.mentions_in(record)
        return self.agencies[record]

    def at_agency(self, agency: str, key: tuple[str, str]) -> set[int]:
        if (agency, *key) not in self.at:
            ids = self.known.by_name.get(key, set())
            found: set[int] = set()
            if len(ids) <= MAX_CASELOAD_CANDIDATES:
                rows = self._load(Q(id__in=list(ids), record__agency__code=agency))
                found = {r["id"] for r in rows if r["features"].get(key[0]) == key[1]}
            self.at[(agency, *key)] = found
        return self.at[(agency, *key)]

    def doubted(self, mid: int) -> set[int]:
        pairs = ReviewPair.objects.filter(Q(mention_a_id=mid) | Q(mention_b_id=mid))
        return {b if a == mid else a for a, b in pairs.values_list("mention_a_id", "mention_b_id")}

    def named_with(self, key: tuple[str, str]) -> set[int]:
        ids = self.known.by_name.get(key, set())
        if len(ids) > MAX_FORENAME_CANDIDATES:
            return set()
        rows = self._load(Q(id__in=list(ids)))
        people = {r["person_id"] for r in rows if r["features"].get(key[0]) == key[1]}
        return {p for p in people if p is not None and self.is_named(p)}

    def is_named(self, pid: int) -> bool:
        return any(r["features"].get("surname") and r["features"].get("given") for r in self.person_rows(pid))

    def conflicts(self, mid: int, pid: int) -> bool:
        rows = [r for r in self.person_rows(pid) if r["id"] != mid]
        if not rows:
            return True
        own = _tagged_profile([self.row(mid)], self.decisions)
        return bool(own.conflicts_with(_tagged_profile(rows, self.decisions)))

    def store(self) -> ContextStore:
        return ContextStore(
            person_of=lambda m: self.row(m)["person_id"],
            records_of=self.records_of,
            mentions_in=self.mentions_in,
            features=lambda m: self.row(m)["features"],
            named_with=self.named_with,
            is_named=self.is_named,
            conflicts=self.conflicts,
            size_of=lambda p: len(self.person_rows(p)),
            agency_of=self.agency_of,
            record_of=lambda m: self.row(m)["record_id"],
            at_agency=self.at_agency,
            doubted=self.doubted,
            name_count=lambda key: len(self.known.by_name.get(key, ())),
        )


# A name part held by more mentions than this (in the whole store) is not looked up by agency:
# one query for thousands of ids would cost more than the rare mention it could place.
MAX_CASELOAD_CANDIDATES = 5000


def _place_in_context(
    record_ids: set[int], known: blocking_index.BlockingIndex, decisions: list[LinkDecision]
) -> set[int]:
    """The context steps (context.py) for the records just linked: a lone sparse mention joins the
    one named person its record's other subjects, or its agency's caseload, single out."""
    if not record_ids:
        return set()
    db = _DbContext(known, decisions)
    changed: set[int] = set()

    def join(mid: int, pid: int, rule: str, evidence: set[int]) -> None:
        old = db.row(mid)["person_id"]
        Mention.objects.filter(pk=mid).update(person_id=pid)
        changed.update({pid, old} - {None})
        db.rows.clear()
        db.people.clear()
        db.records.clear()
        logger.info("mention %s joins person %s by %s %s", mid, pid, rule, sorted(evidence))

    place_in_context(db.store(), record_ids, join)
    return changed


def _ambiguous(
    group: Profile,
    person_ids: list[int],
    rows_by_person: dict[int, list[dict[str, Any]]],
    mention: Mention,
    decisions: list[LinkDecision],
    best: dict[int, float],
) -> bool:
    """Whether the sparse mention matches people who contradict each other, without the model
    finding the most likely of them overwhelmingly so (clustering.clearly_first, as a full run)."""
    candidates: list[tuple[int, Profile]] = []
    for pid in person_ids:
        rows = [r for r in rows_by_person.get(pid, []) if r["id"] != mention.pk]
        if rows:
            profile = _tagged_profile(rows, decisions)
            if not group.conflicts_with(profile):
                candidates.append((pid, profile))
    if not candidates:
        return False
    top = best.get(candidates[0][0], 0.0)
    close = [profile for pid, profile in candidates if not clearly_first(top, best.get(pid, 0.0))]
    return any(a.conflicts_with(b) for i, a in enumerate(close) for b in close[i + 1 :])


# ---------------------------------------------------------------------------------------------
# Full run
# ---------------------------------------------------------------------------------------------


def _all_rows() -> list[dict[str, Any]]:
    fields = ("id", "record_id", "person_id", *_FIELDS)
    rows = Mention.objects.order_by("id").values(*fields, agency=F("record__agency__code"))
    return list(rows.iterator(chunk_size=10000))


def cluster_rows(
    rows: Sequence[dict[str, Any]],
    model: TrainedModel,
    *,
    decisions: Sequence[LinkDecision] = (),
    backend: str = "duckdb",
    spark: Any = None,
) -> tuple[list[list[int]], list[tuple[int, int, float]]]:
    """People (groups of mention ids) and every scored pair above the review threshold.

    `rows` need `id`, `record_id` and the recorded fields. Used by `relink_all`, the benchmark
    and the Spark test, so that all of them cluster in exactly the same way.
    """
    with _gc_paused():
        return _cluster_rows(rows, model, decisions, backend, spark)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the run. A full run makes millions of small
    objects (profiles, feature rows, pairs) that live to its end, and each collection walked them
    all again: some 40% of the run's CPU time. What the run leaves for it is collected after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cluster_rows(
    rows: Sequence[dict[str, Any]],
    model: TrainedModel,
    decisions: Sequence[LinkDecision],
    backend: str,
    spark: Any,
) -> tuple[list[list[int]], list[tuple[int, int, float]]]:
    from safeguarding.people.splink_run import predict

    # Each distinct feature row once: agencies repeat themselves, record after record.
    features = distinct_features(rows)
    codes = features.codes.tolist()
    ids = [r["id"] for r in rows]
    record_keys = [str(r["record_id"]) for r in rows]
    model = model.for_store(len(rows), strong_pair_count(features))
    threshold, lower = link_threshold(), review_threshold()
    record_codes, _ = pd.factorize(pd.Series(record_keys, dtype=object))
    pairs = predict(
        features,
        np.arange(len(rows)),  # pairs of positions in `rows`
        record_codes,
        model,
        threshold=min(lower, threshold),
        backend=backend,
        spark=spark,
    )
    # Vectorised: a full run has a million or more pairs.
    other_record = pairs["record_key_l"].to_numpy() != pairs["record_key_r"].to_numpy()
    left = pairs["unique_id_l"].to_numpy()[other_record]
    right = pairs["unique_id_r"].to_numpy()[other_record]
    value_of_pair, values = pd.factorize(pairs["match_probability"].to_numpy()[other_record])
    del pairs
    # The pairs share their ids' and probabilities' Python objects (a few hundred distinct
    # probabilities in a million pairs): a third of the memory of a new int and float in each.
    id_objects = np.array(ids, dtype=object)
    edges = list(
        zip(
            id_objects[left].tolist(),
            id_objects[right].tolist(),
            np.array(values.tolist(), dtype=object)[value_of_pair].tolist(),
            strict=True,
        )
    )
    # The same pairs as an array for the clustering (rather than read back from the tuples).
    id_array = np.array(ids, dtype=np.float64)
    scored = np.column_stack([id_array[left], id_array[right], values[value_of_pair]])
    del id_objects, id_array, value_of_pair
    # Positions (in 32 bits where they fit: half the memory) of the pairs, for the context steps.
    position = np.int32 if len(rows) < 2**31 else np.int64
    left, right = left.astype(position), right.astype(position)
    profiles = {
        mid: Profile.of(mid, record, features.rows[code])
        for mid, record, code in zip(ids, record_keys, codes, strict=True)
    }
    add_decision_tags(profiles, decisions)
    must_link: list[tuple[int, int]] = []
    for d in decisions:
        if d.kind == LinkDecision.Kind.CONFIRM and d.is_active:
            side = list(d.side_a) + list(d.side_b)
            must_link.extend((side[0], other) for other in side[1:])
    rich_row = [is_rich(f) for f in features.rows]
    rich = {mid for mid, code in zip(ids, codes, strict=True) if rich_row[code]}
    groups = cluster(profiles, scored, threshold=threshold, must_link=must_link, rich=rich)
    del profiles, rich, scored
    return _placed_in_context(rows, groups, _Neighbours(left, right, ids), features, decisions), edges


def _placed_in_context(
    rows: Sequence[dict[str, Any]],
    groups: list[list[int]],
    doubted: Mapping[int, set[int]],
    features: DistinctFeatures,
    decisions: Sequence[LinkDecision],
) -> list[list[int]]:
    """The groups after the context steps (context.py), exactly as the incremental path takes
    them. `doubted` are the mentions each was scored with, `features` the rows' (`distinct_features`).
    Rows name their agency as `agency`, or (rows from a records file) first in `key`; without
    one the caseload step has nothing to go on."""
    record_of: dict[int, Any] = {}
    agency: dict[Any, Any] = {}
    by_mention: dict[int, dict[str, Any]] = {}
    # The context steps' features: the model's and the surname's initial, one dict per distinct pair.
    shared: dict[tuple[int, str | None], dict[str, Any]] = {}
    initials: dict[Any, str | None] = {}
    for r, code in zip(rows, features.codes.tolist(), strict=True):
        mid, record, name = r["id"], r["record_id"], r["name"]
        record_of[mid] = record
        agency[record] = r.get("agency", r["key"][0] if "key" in r else None)
        if name not in initials:
            initials[name] = surname_initial(name)
        key = (code, initials[name])
        if key not in shared:
            shared[key] = {**features.rows[code], "surname_initial": key[1]}
        by_mention[mid] = shared[key]
    context = MemoryContext(
        groups,
        record_of=record_of,
        agency_of=agency,
        features=by_mention,
        profiles=_MentionProfiles(record_of, by_mention, decisions),
        doubted=doubted,
    )
    # Only a record with a lone sparse mention can have one placed, and joining makes no mention
    # lone: the first round need not look at the others (most of a full run's records).
    lone_sparse = {record_of[g[0]] for g in groups if len(g) == 1 and is_sparse(by_mention[g[0]])}
    place_in_context(context.store(), lone_sparse, context.join, expand=False)
    return context.groups()


class _MentionProfiles(Mapping[int, Profile]):
    """Each mention's profile with its decision tags (`Profile.of`, `add_decision_tags`), made
    when first asked for: the context steps compare few of a full run's mentions."""

    def __init__(
        self,
        record_of: Mapping[int, Any],
        features: Mapping[int, Mapping[str, Any]],
        decisions: Sequence[LinkDecision],
    ):
        self.record_of = record_of
        self.features = features
        self.made: dict[int, Profile] = {}
        self.decisions: dict[int, list[LinkDecision]] = defaultdict(list)
        for d in decisions:
            for mid in {*d.side_a, *d.side_b}:
                self.decisions[mid].append(d)

    def __getitem__(self, mid: int) -> Profile:
        profile = self.made.get(mid)
        if profile is None:
            profile = Profile.of(mid, self.record_of[mid], self.features[mid])
            if mid in self.decisions:
                add_decision_tags({mid: profile}, self.decisions[mid])
            self.made[mid] = profile
        return profile

    def __iter__(self) -> Iterator[int]:
        return iter(self.record_of)

    def __len__(self) -> int:
        return len(self.record_of)


class _Neighbours(Mapping[int, set[int]]):
    """The mentions paired with each mention, both ways, from the pairs' two sides given as
    positions in `ids`: sorted once, when first asked (the steps ask about few mentions), instead
    of a set per mention."""

    def __init__(self, left: np.ndarray, right: np.ndarray, ids: Sequence[int]):
        self.pairs: tuple[np.ndarray, np.ndarray] | None = (left, right)
        self.ids = np.asarray(ids, dtype=np.int64)
        self.by_id = self.starts = self.others = np.zeros(0, dtype=np.int64)

    def _index(self) -> None:
        if self.pairs is not None:
            left, right = self.pairs
            ends = np.concatenate([left, right])
            self.others = np.concatenate([right, left])[np.argsort(ends)]
            self.starts = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=len(self.ids)))])
            self.by_id = np.argsort(self.ids)
            self.pairs = None

    def __getitem__(self, mid: int) -> set[int]:
        self._index()
        i = int(np.searchsorted(self.ids, mid, sorter=self.by_id))
        if i == len(self.ids) or self.ids[self.by_id[i]] != mid:
            raise KeyError(mid)
        position = self.by_id[i]
        found = self.others[self.starts[position] : self.starts[position + 1]]
        if not len(found):
            raise KeyError(mid)
        return set(self.ids[found].tolist())

    def __iter__(self) -> Iterator[int]:
        self._index()
        return iter(self.ids[np.flatnonzero(np.diff(self.starts))].tolist())

    def __len__(self) -> int:
        self._index()
        return int(np.count_nonzero(np.diff(self.starts)))


def relink_all(*, backend: str = "duckdb", actor: Any = None) -> dict[str, Any]:
    """Re-link every mention with the full Splink model; practitioners' decisions still win.

    People keep their ids where they keep most of their mentions, so that links, signals and
    bookmarks to them survive a re-run. Returns a summary for the command line and the audit.
    """
    started = time.monotonic()
    model = load_model()
    rows = _all_rows()
    decisions = _active_decisions()
    if rows:
        groups, edges = cluster_rows(rows, model, decisions=decisions, backend=backend)
    else:
        groups, edges = [], []
    old_person = {r["id"]: r["person_id"] for r in rows}
    changed: set[int] = set()
    threshold, lower = link_threshold(), review_threshold()
    with transaction.atomic():
        used: set[int] = set()
        assignment: dict[int, int] = {}
        new_groups = []
        for group in sorted(groups, key=lambda g: (-len(g), g[0])):
            votes = Counter(old_person[m] for m in group if old_person[m] is not None)
            pid = next((p for p, _ in votes.most_common() if p not in used), None)
            if pid is None:
                new_groups.append(group)
                continue
            used.add(pid)
            for m in group:
                assignment[m] = pid
        created = Person.objects.bulk_create([Person() for _ in new_groups])
        for person, group in zip(created, new_groups, strict=True):
            for m in group:
                assignment[m] = person.pk
        best: dict[int, float] = {}
        for a, b, p in edges:
            if p >= threshold and assignment.get(a) == assignment.get(b):
                best[a] = max(best.get(a, 0.0), p)
                best[b] = max(best.get(b, 0.0), p)
        moves: dict[int, list[int]] = defaultdict(list)
        for mid, pid in assignment.items():
            if old_person[mid] != pid:
                moves[pid].append(mid)
                changed.add(pid)
                if old_person[mid] is not None:
                    changed.add(old_person[mid])
        for pid, mids in moves.items():
            for chunk in range(0, len(mids), 5000):
                Mention.objects.filter(id__in=mids[chunk : chunk + 5000]).update(person_id=pid)
        _update_probabilities(best, assignment)
        emptied = changed | set(old_person.values()) - {None} - set(assignment.values())
        successors: dict[int, Counter[int]] = defaultdict(Counter)
        for mid, pid in assignment.items():
            if old_person[mid] in emptied:
                successors[old_person[mid]][pid] += 1
        for gone, counts in successors.items():
            _hand_over(gone, counts.most_common(1)[0][0])
        _delete_empty(emptied)
        _refresh_display_names(changed & set(assignment.values()))
        ReviewPair.objects.all().delete()
        ReviewPair.objects.bulk_create(
            [
                ReviewPair(mention_a_id=a, mention_b_id=b, match_probability=p)
                for a, b, p in edges
                if lower <= p and assignment.get(a) != assignment.get(b)
            ],
            batch_size=5000,
        )
        summary = {
            "mentions": len(rows),
            "people": len(groups),
            "pairs_scored": len(edges),
            "people_changed": len(changed),
            "decisions_applied": len(decisions),
            "model": model.name,
            "backend": backend,
            "link_threshold": threshold,
            "review_threshold": lower,
            "seconds": round(time.monotonic() - started, 2),
        }
        log_action("linkage_run", actor=actor, detail=summary)
    blocking_index.reset_index()
    _announce(changed)
    return summary


def _update_probabilities(best: dict[int, float], assignment: dict[int, int]) -> None:
    by_value: dict[float | None, list[int]] = defaultdict(list)
    for mid in assignment:
        by_value[round(best[mid], 6) if mid in best else None].append(mid)
    for value, mids in by_value.items():
        for chunk in range(0, len(mids), 5000):
            Mention.objects.filter(id__in=mids[chunk : chunk + 5000]).update(match_probability=value)


# ---------------------------------------------------------------------------------------------
# Explanations and clerical review
# ---------------------------------------------------------------------------------------------


def explain(mention_a: Mention, mention_b: Mention) -> dict[str, Any]:
    """Per comparison: the level that applied, its m, u, Bayes factor and match weight; the overall
    match probability; the model used; and any practitioner's decision about the pair."""
    known = blocking_index.get_index()
    model = load_model().for_store(known.strong.mentions, known.strong.pairs)
    result = model.explain(features_of(mention_a), features_of(mention_b))
    same_record = mention_a.record_id == mention_b.record_id
    decisions = [
        {"id": d.pk, "kind": d.kind, "reason": d.reason, "created_at": d.created_at.isoformat()}
        for d in _decisions_between([mention_a.pk], [mention_b.pk])
    ]
    result.update(
        {
            "mention_a": mention_a.pk,
            "mention_b": mention_b.pk,
            "same_person": mention_a.person_id is not None and mention_a.person_id == mention_b.person_id,
            "same_record": same_record,
            "model": {"name": model.name, "path": str(model.path)},
            "link_threshold": link_threshold(),
            "review_threshold": review_threshold(),
            "decisions": decisions,
        }
    )
    if same_record:
        result["note"] = "Two subjects of one record are never the same person."
    store = _DbContext(known, _active_decisions()).store()
    result["shared_associates"] = _shared_associates(mention_a, mention_b, store)
    result["agency_caseload"] = caseload = _agency_caseload(mention_a, mention_b, store)
    result["context_note"] = caseload.get("summary", "")
    if result["shared_associates"].get("decisive"):
        result["context_note"] = "Seen elsewhere with the same people as the other subjects of its record."
    return result


def _agency_caseload(mention_a: Mention, mention_b: Mention, store: ContextStore) -> dict[str, Any]:
    """The evidence of the agency-caseload step (context.py) for the pair, if any: the named
    people the sparse mention's agency knows by its name part, and whether this one is the only one."""
    from safeguarding.agencies.models import Agency

    for sparse, other in ((mention_a, mention_b), (mention_b, mention_a)):
        key = sparse_key(store.features(sparse.pk))
        if other.person_id is None or key is None:
            continue
        known = caseload_people(store, sparse.pk, sparse.record_id, placed=True)
        if other.person_id not in known:
            continue
        anchors = known[other.person_id]
        strangers = caseload_strangers(store, sparse.pk, sparse.record_id, other.person_id)
        doubted = caseload_in_doubt(store, other.person_id, anchors, key)
        others = namesakes(store, sparse.pk, other.person_id)
        too_common = name_too_common(store, sparse.pk)
        decisive = len(known) == 1 and not doubted and not strangers and not others and not too_common
        agency = Agency.objects.get(code=store.agency_of(sparse.record_id))
        name = sparse.name.strip() if key[0] == NAME_ONLY else key[1].title()
        if decisive:
            summary = f"The only {name} known to {agency.name}."
        elif len(known) > 1:
            summary = f"{agency.name} knows {len(known)} people called {name}: its records do not choose."
        elif too_common:
            summary = f"{name} is recorded too often across the partnership for the name alone to choose."
        elif others:
            summary = (
                f"The partnership knows {len(others)} other {'person' if len(others) == 1 else 'people'}"
                f" called {name}: the name alone does not choose."
            )
        elif strangers:
            summary = (
                f"{agency.name} also records a {name} who cannot be this person: its records do not choose."
            )
        else:
            summary = f"{agency.name} knows one {name}, but one of those records is itself uncertain."
        return {
            "rule": AGENCY_CASELOAD,
            "sparse_mention": sparse.pk,
            "person": other.person_id,
            "agency": agency.code,
            "name_part": list(key),
            "anchors": sorted(anchors),
            "people_known": sorted(known),
            "others_of_the_name": sorted(strangers - {sparse.pk}),
            "namesakes": sorted(others),
            "decisive": decisive,
            "summary": summary,
        }
    return {}


def _shared_associates(mention_a: Mention, mention_b: Mention, store: ContextStore) -> dict[str, Any]:
    """The evidence of the shared-associate step (context.py) for the pair, if any: the people
    seen both with the sparse mention (in its record) and with the other mention's person."""
    for sparse, other in ((mention_a, mention_b), (mention_b, mention_a)):
        if other.person_id is None or sparse_key(store.features(sparse.pk)) is None:
            continue
        supported = supported_people(store, sparse.pk, sparse.record_id, placed=True)
        if other.person_id in supported:
            return {
                "sparse_mention": sparse.pk,
                "person": other.person_id,
                "associates": sorted(supported[other.person_id]),
                "people_supported": sorted(supported),
                "decisive": len(supported) == 1 and name_chooses(store, sparse.pk, other.person_id),
            }
    return {}


def _decisions_between(side_a: list[int], side_b: list[int]) -> list[LinkDecision]:
    out = []
    a, b = set(side_a), set(side_b)
    for d in _active_decisions():
        da, db = set(d.side_a), set(d.side_b)
        if (da & a and db & b) or (da & b and db & a):
            out.append(d)
    return out


def review_queue(limit: int | None = None, person_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Uncertain pairs of mentions now in different people, one per pair of people, most uncertain
    first (closest to even odds). `person_ids` restricts it to pairs where both people are in it."""
    decisions = _active_decisions()
    qs = ReviewPair.objects.select_related("mention_a", "mention_b").order_by("id")
    if person_ids is not None:
        ids = list(person_ids)
        qs = qs.filter(mention_a__person_id__in=ids, mention_b__person_id__in=ids)
    best: dict[tuple[int, int], ReviewPair] = {}
    for pair in qs:
        pa, pb = pair.mention_a.person_id, pair.mention_b.person_id
        if pa is None or pb is None or pa == pb:
            continue
        key = (min(pa, pb), max(pa, pb))
        if key not in best or pair.match_probability > best[key].match_probability:
            best[key] = pair
    separated = _separated_pairs(decisions)
    items = []
    for pair in best.values():
        if (pair.mention_a_id, pair.mention_b_id) in separated:
            continue
        p = min(max(pair.match_probability, 1e-12), 1 - 1e-12)
        items.append(
            {
                "mention_a": pair.mention_a_id,
                "mention_b": pair.mention_b_id,
                "person_a": pair.mention_a.person_id,
                "person_b": pair.mention_b.person_id,
                "match_probability": pair.match_probability,
                "uncertainty": abs(math.log2(p / (1 - p))),
            }
        )
    items.sort(key=lambda i: (i["uncertainty"], i["mention_a"], i["mention_b"]))
    return items[:limit] if limit else items


def _separated_pairs(decisions: Iterable[LinkDecision]) -> set[tuple[int, int]]:
    out = set()
    for d in decisions:
        if d.kind == LinkDecision.Kind.CONFIRM:
            continue
        for a in d.side_a:
            for b in d.side_b:
                out.add((min(a, b), max(a, b)))
    return out


# ---------------------------------------------------------------------------------------------
# Practitioners' decisions
# ---------------------------------------------------------------------------------------------


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise LinkingError("A reason is required for every linkage decision.")
    return reason


def _retire(decisions: Iterable[LinkDecision]) -> None:
    ids = [d.pk for d in decisions]
    if ids:
        LinkDecision.objects.filter(pk__in=ids).update(is_active=False)


def confirm_link(mention_a: Mention, mention_b: Mention, user: Any, reason: str) -> LinkDecision:
    """A practitioner confirms two mentions are the same person: their people become one."""
    reason = _require_reason(reason)
    if mention_a.pk == mention_b.pk:
        raise LinkingError("A mention is trivially the same person as itself.")
    if mention_a.record_id == mention_b.record_id:
        raise LinkingError("Two subjects of one record cannot be the same person.")
    with transaction.atomic():
        mention_a.refresh_from_db()
        mention_b.refresh_from_db()
        pa, pb = mention_a.person_id, mention_b.person_id
        members_a = (
            list(Mention.objects.filter(person_id=pa).values_list("id", "record_id"))
            if pa
            else [(mention_a.pk, mention_a.record_id)]
        )
        members_b = (
            list(Mention.objects.filter(person_id=pb).values_list("id", "record_id"))
            if pb
            else [(mention_b.pk, mention_b.record_id)]
        )
        if pa != pb and {r for _, r in members_a} & {r for _, r in members_b}:
            raise LinkingError(
                "These two people appear as different subjects of the same record; split the "
                "wrong mention off first."
            )
        # This decision overrides earlier ones that kept these mentions apart.
        _retire(_decisions_between([m for m, _ in members_a], [m for m, _ in members_b]))
        decision = LinkDecision.objects.create(
            kind=LinkDecision.Kind.CONFIRM,
            side_a=[mention_a.pk],
            side_b=[mention_b.pk],
            person_a_id=pa,
            person_b_id=pb,
            decided_by=user,
            reason=reason,
        )
        changed: set[int] = set()
        if pa is None or pb is None or pa != pb:
            target = pa or pb or Person.objects.create().pk
            ids = [m for m, _ in members_a] + [m for m, _ in members_b]
            Mention.objects.filter(id__in=ids).update(person_id=target)
            changed = {p for p in (pa, pb, target) if p}
            for merged in changed - {target}:
                if not Mention.objects.filter(person_id=merged).exists():
                    _hand_over(merged, target)
            _delete_empty(changed)
            _refresh_display_names(changed)
        ReviewPair.objects.filter(
            Q(mention_a_id__in=[mention_a.pk, mention_b.pk])
            & Q(mention_b_id__in=[mention_a.pk, mention_b.pk])
        ).delete()
        mention_a.refresh_from_db()
        log_action(
            "link_confirmed",
            actor=user,
            target=decision,
            person_id=mention_a.person_id,
            reason=reason,
            detail={"mention_a": mention_a.pk, "mention_b": mention_b.pk, "people_before": [pa, pb]},
        )
    _announce(changed)
    return decision


def split_mention(mention: Mention, user: Any, reason: str) -> LinkDecision:
    """A practitioner splits a mention off its person: it becomes a person of its own and is
    never again linked automatically to the mentions it was split from."""
    reason = _require_reason(reason)
    with transaction.atomic():
        mention.refresh_from_db()
        old = mention.person_id
        others = (
            list(Mention.objects.filter(person_id=old).exclude(pk=mention.pk).values_list("id", flat=True))
            if old
            else []
        )
        # Earlier confirmations that joined this mention to any of them are overridden.
        _retire(d for d in _decisions_between([mention.pk], others) if d.kind == LinkDecision.Kind.CONFIRM)
        decision = LinkDecision.objects.create(
            kind=LinkDecision.Kind.SPLIT,
            side_a=[mention.pk],
            side_b=others,
            person_a_id=old,
            decided_by=user,
            reason=reason,
        )
        changed: set[int] = set()
        if others:
            new = Person.objects.create()
            Mention.objects.filter(pk=mention.pk).update(person_id=new.pk, match_probability=None)
            changed = {old, new.pk} - {None}  # type: ignore[assignment]
            _refresh_display_names(changed)
        log_action(
            "link_split",
            actor=user,
            target=decision,
            person_id=old,
            reason=reason,
            detail={"mention": mention.pk, "from_person": old, "separated_from": len(others)},
        )
    mention.refresh_from_db()
    _announce(changed)
    return decision


def mark_not_same(person_a: Person, person_b: Person, user: Any, reason: str) -> LinkDecision:
    """A practitioner records that two people are not the same person: no automatic run will
    ever merge them (nor any mention of one into the other)."""
    reason = _require_reason(reason)
    if person_a.pk == person_b.pk:
        raise LinkingError("Choose two different people (split a mention off to separate one person).")
    with transaction.atomic():
        side_a = list(Mention.objects.filter(person=person_a).values_list("id", flat=True))
        side_b = list(Mention.objects.filter(person=person_b).values_list("id", flat=True))
        _retire(d for d in _decisions_between(side_a, side_b) if d.kind == LinkDecision.Kind.CONFIRM)
        decision = LinkDecision.objects.create(
            kind=LinkDecision.Kind.NOT_SAME,
            side_a=side_a,
            side_b=side_b,
            person_a_id=person_a.pk,
            person_b_id=person_b.pk,
            decided_by=user,
            reason=reason,
        )
        ReviewPair.objects.filter(
            Q(mention_a_id__in=side_a, mention_b_id__in=side_b)
            | Q(mention_a_id__in=side_b, mention_b_id__in=side_a)
        ).delete()
        for pid, other in ((person_a.pk, person_b.pk), (person_b.pk, person_a.pk)):
            log_action(
                "link_not_same",
                actor=user,
                target=decision,
                person_id=pid,
                reason=reason,
                detail={"person_a": person_a.pk, "person_b": person_b.pk, "other": other},
            )
    return decision


# Re-exported for callers that cluster outside the database (benchmarks, tests).
__all__ += ["Clusters", "best_display_name", "cluster_rows"]
