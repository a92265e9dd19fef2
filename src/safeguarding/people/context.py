"""Shared-associate evidence: placing a forename-only mention by the company it keeps.

A day centre writes "Maggie" and "Rob"; a police record elsewhere names Margaret Quenby and
Robert Halsall together. The Splink model compares mentions two at a time and cannot link
"Maggie" (no surname, no date of birth, no address) to anyone with confidence. This step, run after the
model's clustering and outside it (so the model's probabilities stay exactly Splink's), uses the
other subjects of the sparse mention's record:

A *sparse* mention (a forename or a surname only, no date of birth, no identifier) that is
still a person of its own joins person X when

- X has a mention with the same canonical forename (nicknames and diminutives folded: Maggie is
  Margaret), or for a surname-only mention ("Mr Halsall") the same surname, and at least one
  mention with both forename and surname (a named person, never another sparse one);
- X does not contradict the mention (gender, a shared record, a practitioner's decision);
- X has been recorded, in another record, together with a person Y who is (or, for another
  sparse subject of this record, could only be) one of the record's other subjects; and
- X is the ONLY person for whom this holds. A "John" seen with Mary Smith, when both John Smith
  and his son John Smith appear with her, joins neither: the evidence does not choose.

Only persons that co-appear with a named associate are considered, so the rule never bridges two
sparse mentions, and look-alikes stay apart (they are each other's competitors for the mention).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from safeguarding.people.clustering import is_rich

# A forename shared by more mentions than this is not used to list candidates (national scale).
MAX_FORENAME_CANDIDATES = 500


def is_sparse(features: Mapping[str, Any]) -> bool:
    """A mention with a forename only or a surname only ("Maggie", "Mr Halsall"), and no date of birth
    or identifier."""
    return sparse_key(features) is not None


def sparse_key(features: Mapping[str, Any]) -> tuple[str, str] | None:
    """The one name part a sparse mention has: ("given", canonical forename) or ("surname", ...)."""
    if is_rich(features):
        return None
    given, surname = features.get("given"), features.get("surname")
    if given and not surname:
        return ("given", given)
    if surname and not given and not features.get("initial"):
        return ("surname", surname)
    return None


@dataclass
class ContextStore:
    """What the rule needs to know about the mentions and people involved.

    `person_of` and `records_of` map mention -> person and person -> record keys;
    `mentions_in` maps record key -> mention ids; `features` mention -> features;
    `named_with(key)` lists the people who have a mention with that name part (a
    `sparse_key`) and a mention with both forename and surname; `conflicts(mention, person)` says whether the mention may not join.
    """

    person_of: Callable[[int], Any]
    records_of: Callable[[Any], set[Any]]
    mentions_in: Callable[[Any], list[int]]
    features: Callable[[int], Mapping[str, Any]]
    named_with: Callable[[tuple[str, str]], set[Any]]
    is_named: Callable[[Any], bool]
    conflicts: Callable[[int, Any], bool]
    size_of: Callable[[Any], int]


def _options(store: ContextStore, mention: int) -> set[Any]:
    """Who a subject of the record is: its person, or for a lone sparse mention the named people
    it could be by forename."""
    person = store.person_of(mention)
    key = sparse_key(store.features(mention))
    if store.size_of(person) > 1 or key is None:
        return {person}
    return {p for p in store.named_with(key) if not store.conflicts(mention, p)}


def supported_people(
    store: ContextStore, mention: int, record: Any, *, placed: bool = False
) -> dict[Any, set[Any]]:
    """Each person X the sparse mention could be, by forename, who appears in another record with
    someone who is (or could be) another subject of this record: X -> those associates.
    `placed`: the mention may already be in X (an explanation after the fact)."""
    key = sparse_key(store.features(mention))
    if key is None:
        return {}
    own = None if placed else store.person_of(mention)
    out: dict[Any, set[Any]] = defaultdict(set)
    for other in store.mentions_in(record):
        if other == mention:
            continue
        for y in _options(store, other):
            if y == own:
                continue
            for rec in store.records_of(y):
                if rec == record:
                    continue
                for m in store.mentions_in(rec):
                    x = store.person_of(m)
                    if x in (y, own) or store.features(m).get(key[0]) != key[1]:
                        continue
                    if store.is_named(x) and (placed or not store.conflicts(mention, x)):
                        out[x].add(y)
    return dict(out)


def place_sparse(
    store: ContextStore, records: Iterable[Any], join: Callable[[int, Any, set[Any]], None]
) -> list[tuple[int, Any, set[Any]]]:
    """Join the records' lone sparse mentions whose associates single out one person, one at a
    time (a placed "Maggie" then helps place the "Rob" beside her); `join(mention, person,
    associates)` carries each out and must keep the store current. Returns what was joined."""
    out = []
    for record in records:
        for mention in store.mentions_in(record):
            if not is_sparse(store.features(mention)) or store.size_of(store.person_of(mention)) > 1:
                continue
            supported = supported_people(store, mention, record)
            if len(supported) == 1:
                ((person, associates),) = supported.items()
                join(mention, person, associates)
                out.append((mention, person, associates))
    return out
