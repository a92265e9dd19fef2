"""Clustering scored pairs into people, under the constraints that no score may override.

Two groups of mentions are never put together when:

- they hold two subjects of the same record (two subjects of one record are two people);
- a practitioner's decision (split, or "not the same person") separates them;
- their profiles contradict each other on near-certain evidence: both have full dates of birth
  and none of them is compatible (the same, a typo, the year one out, or day and month swapped),
  both have an NHS number or a PNC id and none agree or is one keying error away (a character
  changed, added, dropped or two swapped), both have full dates of birth and full forenames and
  no forename is compatible (the same after nicknames and transliterations, the same sound, one
  keying error, a short form, or the same name in the other order), or both have a gender and
  they differ. Dates of birth and forenames
  are checked only where no NHS number or PNC id agrees.

  This is what keeps a father and son of the same name at the same address apart even when a
  sparse mention (no date of birth) scores highly against both (it joins neither, see
  `cluster`), and adult twins (one surname, one date of birth, one address) apart although the
  model, which cannot tell them from one person recorded under two forenames, scores them high.

A date of birth or identifier difference is near-certain evidence only where the model says so:
when the trained model has seen it in more than 1 in 100 true matches (data whose dates and
identifiers are themselves unreliable, as FEBRL's), it is left to the match probability, which
already weighs it (`Constraints.for_model`). A forename difference gives way only where true
matches show another forename at least 1 in 20 times (the m of "surname similar, forename
differs", the level of brothers, sisters and twins; FEBRL replaces forenames): the model cannot
see twins, so that rule is kept unless the data plainly say forenames are unreliable. A full run
follows the configured model; the incremental path stays strict.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from jellyfish import damerau_levenshtein_distance

from safeguarding.people.model_spec import (
    COMPARISONS,
    DOB,
    FORENAME_DIFFERS,
    IDENTIFIERS,
    NAME,
    ComparisonSpec,
    TrainedModel,
    levenshtein,
)

# A difference that the model says fewer than this share of true matches show is a hard
# contradiction; a commoner one is left to the match probability.
NEAR_CERTAIN_M = 0.01
# The forename rule gives way only on stronger evidence: the model cannot tell twins from one
# person (it scores them 0.9999), so the rule is their only protection, and it yields only where
# true matches carry another forename at least 1 in 20 times (the shipped model: 0.009; FEBRL,
# which replaces forenames: 0.08).
REPLACED_FORENAME_M = 0.05


@dataclass(frozen=True)
class Constraints:
    """Which differences no score may override (names, records, decisions and gender always)."""

    dob: bool = True
    identifiers: bool = True
    forename: bool = True

    @classmethod
    def for_model(cls, model: TrainedModel) -> Constraints:
        """Hard where the model's own m for "differs" says true matches almost never differ."""
        return cls(
            dob=_level_m(model, DOB) <= NEAR_CERTAIN_M,
            identifiers=_level_m(model, IDENTIFIERS) <= NEAR_CERTAIN_M,
            forename=_level_m(model, NAME, FORENAME_DIFFERS) < REPLACED_FORENAME_M,
        )


STRICT = Constraints()


def _level_m(model: TrainedModel, spec: ComparisonSpec, label: str | None = None) -> float:
    """m of one labelled level of a comparison, by default its last ("dates differ", ...)."""
    weights = model.weights[COMPARISONS.index(spec)]
    m = weights[-1].m if label is None else next(w.m for w in weights if w.label == label)
    return 0.0 if m is None else m


@dataclass(slots=True)
class Profile:
    """What a group of mentions says on near-certain fields, and what may never join it."""

    dobs: AbstractSet[str] = field(default_factory=set)
    placeholder_years: AbstractSet[str] = field(default_factory=set)
    genders: AbstractSet[str] = field(default_factory=set)
    nhs: AbstractSet[str] = field(default_factory=set)
    pnc: AbstractSet[str] = field(default_factory=set)
    forenames: AbstractSet[str] = field(default_factory=set)  # canonical forenames (not initials)
    forename_codes: AbstractSet[str] = field(default_factory=set)  # their phonetic codes
    name_keys: AbstractSet[str] = field(default_factory=set)  # forename and surname, sorted
    # conflict key -> side: two groups conflict when they hold one key with different sides.
    # Records use ("r", record key) -> mention id; decisions ("d", id) -> "a" or "b".
    tags: dict[tuple[str, Any], Any] = field(default_factory=dict)
    # How many mentions give each date: the usual one is the person's, the rest mostly slips.
    dob_counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, mention_id: int, record_key: Any, features: Mapping[Any, Any]) -> Profile:
        # Built in one call (a full run makes one per mention), of shared immutable sets.
        get = features.get
        dob: str = get("dob") or ""
        given = get("given")
        placeholder = bool(dob) and bool(get("dob_placeholder"))
        return cls(
            _shared(dob) if not placeholder else _NONE,
            _shared(dob[:4]) if placeholder else _NONE,
            _shared(get("gender")),
            _shared(get("nhs")),
            _shared(get("pnc")),
            _shared(given),
            _shared(get("given_ph")) if given else _NONE,
            _shared(get("name_key")) if given else _NONE,
            {("r", record_key): mention_id},
            {dob: 1} if dob and not placeholder else {},
        )

    def merge(self, other: Profile) -> None:
        self.dobs |= other.dobs
        self.placeholder_years |= other.placeholder_years
        self.genders |= other.genders
        self.nhs |= other.nhs
        self.pnc |= other.pnc
        self.forenames |= other.forenames
        self.forename_codes |= other.forename_codes
        self.name_keys |= other.name_keys
        self.tags.update(other.tags)
        for dob, n in other.dob_counts.items():
            self.dob_counts[dob] = self.dob_counts.get(dob, 0) + n

    def conflicts_with(self, other: Profile, constraints: Constraints = STRICT) -> str | None:
        """Why the two may not be one person, or None."""
        small, large = (self, other) if len(self.tags) <= len(other.tags) else (other, self)
        for key, side in small.tags.items():
            if key in large.tags and large.tags[key] != side:
                return "same record" if key[0] == "r" else "a practitioner's decision"
        if self.genders and other.genders and not (self.genders & other.genders):
            return "gender differs"
        if constraints.identifiers:
            if self.nhs and other.nhs and not _any_close(self.nhs, other.nhs):
                return "NHS number differs"
            if self.pnc and other.pnc and not _any_close(self.pnc, other.pnc):
                return "PNC id differs"
        if bool(self.nhs & other.nhs) or bool(self.pnc & other.pnc):
            return None
        if (
            constraints.dob
            and self.dobs
            and other.dobs
            and not any(dobs_compatible(a, b) for a in self.dobs for b in other.dobs)
        ):
            return "date of birth differs"
        # Each group's usual date must agree too: slips on both sides (1953 for a father born in
        # 1952, 1973 for his son born in 1974) can be one typo apart when the two men are not.
        if (
            constraints.dob
            and self.dob_counts
            and other.dob_counts
            and not any(
                dobs_compatible(a, b) for a in _usual(self.dob_counts) for b in _usual(other.dob_counts)
            )
        ):
            return "date of birth differs"
        # Born the same day (or near it) in one family, only the forename tells twins apart.
        # Without dates on both sides a forename difference is left to the model: a mention
        # may use a middle name or a nickname no table knows.
        if (
            constraints.forename
            and self.dobs
            and other.dobs
            and self.forenames
            and other.forenames
            and not self.forenames_compatible(other)
        ):
            return "forename differs"
        return None

    def forenames_compatible(self, other: Profile) -> bool:
        """Some forename of one is some forename of the other: the same canonical name (nicknames
        and transliterations folded), the same sound, one keying error, the whole name the same
        in the other order ("KHAN Mohammed", "Mohammed Khan"), or a short form (the same first two
        letters: "Kaz" and "Karen", "Gray" and "Graham"; nicknames are mostly clipped names, and
        no table lists them all)."""
        if (
            self.forenames & other.forenames
            or self.forename_codes & other.forename_codes
            or self.name_keys & other.name_keys
        ):
            return True
        return any(a[:2] == b[:2] or _one_keying_error(a, b) for a in self.forenames for b in other.forenames)


def _usual(counts: dict[str, int]) -> list[str]:
    """The dates most mentions give (all of them where they tie)."""
    most = max(counts.values())
    return [d for d, n in counts.items() if n == most]


_NONE: frozenset[Any] = frozenset()


@lru_cache(maxsize=1 << 16)
def _shared(value: Any) -> frozenset[Any]:
    """{value}, or nothing: one immutable set per value, shared by the profiles of a full run's
    mentions (`merge` replaces a group's immutable sets, never changes them)."""
    return frozenset((value,)) if value else _NONE


def _one_keying_error(a: str, b: str) -> bool:
    """A character changed, added or dropped, or two neighbours swapped."""
    return abs(len(a) - len(b)) <= 1 and damerau_levenshtein_distance(a, b) <= 1


def _any_close(a: AbstractSet[str], b: AbstractSet[str]) -> bool:
    """Some identifier of one equals, or is one keying error from, some identifier of the other."""
    return bool(a & b) or any(_one_keying_error(x, y) for x in a for y in b)


def dobs_compatible(a: str, b: str) -> bool:
    """The same date, one typo apart, the year one out, or day and month swapped."""
    if a == b or levenshtein(a, b) <= 1:
        return True
    if a[4:] == b[4:] and a[:4].isdigit() and b[:4].isdigit() and abs(int(a[:4]) - int(b[:4])) == 1:
        return True
    return a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]


def add_decision_tags(profiles: dict[int, Profile], decisions: Iterable[Any]) -> None:
    """Mark each mention with the sides of the active separating decisions it is in."""
    for d in decisions:
        if d.kind == "confirm" or not d.is_active:
            continue
        for side, ids in (("a", d.side_a), ("b", d.side_b)):
            for mid in ids:
                if mid in profiles:
                    profiles[mid].tags[("d", d.pk)] = side


class Clusters:
    """Union-find over mention ids, each root holding its group's profile."""

    def __init__(self, profiles: dict[int, Profile], constraints: Constraints = STRICT):
        self.parent = {mid: mid for mid in profiles}
        self.profile = profiles
        self.constraints = constraints

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def try_union(self, a: int, b: int, *, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        pa, pb = self.profile[ra], self.profile[rb]
        if not force and pa.conflicts_with(pb, self.constraints):
            return False
        if force:
            # A confirmed link overrides profile differences, never a record or decision clash.
            reason = pa.conflicts_with(pb, self.constraints)
            if reason in ("same record", "a practitioner's decision"):
                return False
        if len(pa.tags) < len(pb.tags):
            ra, rb, pa, pb = rb, ra, pb, pa
        self.parent[rb] = ra
        pa.merge(pb)
        del self.profile[rb]
        return True

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for mid in self.parent:
            out.setdefault(self.find(mid), []).append(mid)
        return [sorted(g) for g in out.values()]


def is_rich(features: Mapping[Any, Any]) -> bool:
    """A mention that can contradict a look-alike: it has a full date of birth or an identifier."""
    return bool(features.get("dob") or features.get("nhs") or features.get("pnc"))


def cluster(
    profiles: dict[int, Profile],
    edges: Iterable[tuple[int, int, float]] | np.ndarray,
    *,
    threshold: float,
    must_link: Iterable[tuple[int, int]] = (),
    rich: set[int] | None = None,
    constraints: Constraints | None = None,
) -> list[list[int]]:
    """Groups of mention ids: confirmed links first, then pairs from the most probable down.

    Mentions that cannot contradict a look-alike (no date of birth, no identifier) are placed
    after the others: each joins the one group it matches, or stays apart when it matches
    groups that contradict each other (a father and son of one name at one address), so that
    it can never be the bridge that merges them, and never guesses between them.

    Pairs in different connected components of the linked pairs never meet, so each component
    is settled on its own; one in which no two mentions could contradict each other (most of
    them: one person's records) ends as one group whatever the order, and only the others go
    through the ordered, constrained merging. Same groups, a fraction of the work.
    """
    if constraints is None:
        # The configured model's (the shipped one's are all strict).
        from safeguarding.people.model_spec import load_model

        constraints = Constraints.for_model(load_model())
    c = Clusters(profiles, constraints)
    if rich is None:
        rich = set(profiles)
    must = [(a, b) for a, b in must_link if a in c.parent and b in c.parent]
    if isinstance(edges, np.ndarray):  # already an array of rows (a, b, probability)
        arr = edges.astype(np.float64, copy=False).reshape(-1, 3)
    else:
        edge_list = edges if isinstance(edges, list) else list(edges)
        # fromiter: np.array over a list of a million tuples is several times slower.
        arr = np.fromiter(
            itertools.chain.from_iterable(edge_list), dtype=np.float64, count=3 * len(edge_list)
        )
        arr = arr.reshape(-1, 3)
    arr = arr[arr[:, 2] >= threshold]
    lo = np.minimum(arr[:, 0], arr[:, 1]).astype(np.int64)
    hi = np.maximum(arr[:, 0], arr[:, 1]).astype(np.int64)
    prob = arr[:, 2]
    ids = np.sort(np.fromiter(c.parent, dtype=np.int64, count=len(c.parent)))
    must_arr = np.array(must, dtype=np.int64).reshape(-1, 2)
    label = _components(
        len(ids),
        np.searchsorted(ids, np.concatenate([lo, must_arr[:, 0]])),
        np.searchsorted(ids, np.concatenate([hi, must_arr[:, 1]])),
    )
    exact = np.zeros(len(ids), dtype=bool)  # per component label: settle it in order
    exact[label[np.searchsorted(ids, must_arr.ravel())]] = True
    order = np.argsort(label, kind="stable")
    bounds = np.flatnonzero(np.diff(label[order])) + 1
    for members in np.split(order, bounds):
        if len(members) < 2 or exact[label[members[0]]]:
            continue
        mids = ids[members].tolist()
        if _never_contradict([profiles[m] for m in mids]):
            for m in mids:
                c.parent[m] = mids[0]
        else:
            exact[label[members[0]]] = True
    keep = exact[label[np.searchsorted(ids, lo)]]
    by_order = np.lexsort((hi[keep], lo[keep], -prob[keep]))
    ordered = list(
        zip(
            prob[keep][by_order].tolist(),
            lo[keep][by_order].tolist(),
            hi[keep][by_order].tolist(),
            strict=True,
        )
    )
    _merge_in_order(c, ordered, must, rich, constraints)
    return c.groups()


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of n nodes joined by the pairs (a[i], b[i]): each node's smallest member.

    Label propagation with pointer jumping in numpy (scipy's is not a runtime dependency).
    """
    label = np.arange(n)
    while len(a):
        la, lb = label[a], label[b]
        low = np.minimum(la, lb)
        new = label.copy()
        for target in (a, b, la, lb):
            np.minimum.at(new, target, low)
        while True:
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            break
        label = new
    return label


# A sparse mention that matches two people who cannot be one person (a look-alike of the same
# name) joins the more likely one only when the model finds it overwhelmingly so: its likelihood
# ratio at least 2**10 (about a thousand) times the other's, as when her address agrees and the
# look-alike's does not. Below that the evidence does not choose, and nothing is guessed.
DOMINANCE_BITS = 10.0


def match_weight(probability: float) -> float:
    """Log2 odds of a match probability (the prior cancels when two are compared)."""
    p = min(max(probability, 1e-15), 1 - 1e-15)
    return math.log2(p / (1 - p))


def clearly_first(best: float, rival: float) -> bool:
    """Whether a match of probability `best` outweighs one of `rival` by DOMINANCE_BITS."""
    return match_weight(best) - match_weight(rival) >= DOMINANCE_BITS


def _never_contradict(members: list[Profile]) -> bool:
    """No two of these mentions (nor groups of them) could conflict: all from different records,
    no decision about them, and every two genders, identifiers, dates and forenames compatible."""
    records: set[Any] = set()
    genders: set[str] = set()
    values: dict[str, set[str]] = {"nhs": set(), "pnc": set(), "dobs": set(), "forenames": set()}
    for p in members:
        if len(p.tags) != 1:
            return False
        (key,) = p.tags
        if key in records:
            return False
        records.add(key)
        genders |= p.genders
        for attr, seen in values.items():
            seen |= getattr(p, attr)
    if len(genders) > 1:
        return False
    checks = {"nhs": _one_keying_error, "pnc": _one_keying_error, "dobs": dobs_compatible,
              "forenames": lambda a, b: a[:2] == b[:2] or _one_keying_error(a, b)}  # fmt: skip
    return all(
        checks[attr](x, y)
        for attr, seen in values.items()
        for x, y in itertools.combinations(sorted(seen), 2)
    )


def _merge_in_order(
    c: Clusters,
    ordered: list[tuple[float, int, int]],
    must_link: list[tuple[int, int]],
    rich: set[int],
    constraints: Constraints,
) -> None:
    """The constrained merging, pairs from the most probable down (see `cluster`)."""
    for a, b in must_link:
        c.try_union(a, b, force=True)
    # 1. mentions that carry a date of birth or an identifier, among themselves
    for _, a, b in ordered:
        if a in rich and b in rich:
            c.try_union(a, b)
    # 2. each sparse mention joins the groups it matches, unless they contradict each other
    neighbours: dict[int, list[tuple[float, int]]] = {}
    for p, a, b in ordered:
        if (a in rich) != (b in rich):
            sparse, other = (b, a) if a in rich else (a, b)
            neighbours.setdefault(sparse, []).append((p, other))
    ambiguous: set[int] = set()
    for sparse in sorted(neighbours):
        best: dict[int, float] = {}
        for p, other in neighbours[sparse]:  # most probable first
            best.setdefault(c.find(other), p)
        own = c.profile[c.find(sparse)]
        roots = [r for r in best if not own.conflicts_with(c.profile[r], constraints)]
        # Those the most likely one outweighs by far do not make it ambiguous (they cannot join it).
        close = [r for r in roots if not clearly_first(best[roots[0]], best[r])]
        if any(
            c.profile[r1].conflicts_with(c.profile[r2], constraints)
            for r1, r2 in itertools.combinations(close, 2)
        ):
            ambiguous.add(sparse)
            continue
        for r in roots:
            c.try_union(sparse, r)
    # 3. sparse mentions among themselves (never through an ambiguous one)
    for _, a, b in ordered:
        if a not in rich and b not in rich and a not in ambiguous and b not in ambiguous:
            c.try_union(a, b)
