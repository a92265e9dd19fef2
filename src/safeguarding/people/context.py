"""Shared-associate evidence: placing a forename-only mention by the company it keeps.

A day centre writes "Maggie" and "Rob"; a police record elsewhere names Margaret Quenby and
Robert Halsall together. The Splink model compares mentions two at a time and cannot link
"Maggie" (no surname, no date of birth, no address) to anyone with confidence. This step, run after the
model's clustering and outside it (so the model's probabilities stay exactly Splink's), uses the
other subjects of the sparse mention's record:

A *sparse* mention (a forename or a surname only, no date of birth, no identifier; or a full name
and nothing else, below) that is still a person of its own joins person X when

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

The *agency caseload* step (`place_by_caseload`) places what the associates cannot: a "Val" alone
in a day centre's record. An agency's own workers writing "Val" mean the Val on their books, so the
lone sparse mention joins person X when X is the ONLY named person with a mention at the same agency
under the same canonical name part (Val = Valerie), X does not contradict it, and none of X's
mentions there is itself in doubt (the model scored it within the review range against another
named person). When the agency knows two Vals, the evidence does not choose and nothing joins.

A mention that gives a *full name and nothing else* ("Ryan Taylor" at an A&E attendance: no date
of birth, identifier or address) is sparse too, known by its whole name (forename and surname,
nicknames folded, either order). The model scores it about even against the Ryan Taylor it knows,
since the name is all it has. Both steps place it as above, and only where the whole store holds
no other person under that name (`namesakes`; other bare "Ryan Taylor" mentions, the kind being
placed, do not count): a father and son of one name, or two women of a common name anywhere in
the partnership, leave it where it is, in the review queue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from safeguarding.people.clustering import Profile, is_rich
from safeguarding.people.index import NAME_ONLY, NAME_PARTS
from safeguarding.people.naming import parse_name

# A forename shared by more mentions than this is not used to list candidates (national scale).
MAX_FORENAME_CANDIDATES = 500
# An agency that has recorded a name part this often has no "caseload" of that name to speak of
# (a police force's Johns): the caseload step does not apply there.
MAX_CASELOAD_MENTIONS = 200
# Agency codes that stand for many organisations (the format's catch-all): no one caseload.
NO_CASELOAD = frozenset({"other"})


def is_sparse(features: Mapping[str, Any]) -> bool:
    """A mention with a forename only or a surname only ("Maggie", "Mr Halsall"), and no date of birth
    or identifier."""
    return sparse_key(features) is not None


def sparse_key(features: Mapping[str, Any]) -> tuple[str, str] | None:
    """What a sparse mention is known by: ("given", canonical forename), ("surname", ...), or for
    a full name and nothing else (no address either) ("name_key", forename and surname)."""
    if is_rich(features):
        return None
    given, surname = features.get("given"), features.get("surname")
    if given and not surname:
        return ("given", given)
    if surname and not given and not features.get("initial"):
        return ("surname", surname)
    if given and surname and features.get("name_key") and not _has_place(features):
        return (NAME_ONLY, features["name_key"])
    return None


def _has_place(features: Mapping[str, Any]) -> bool:
    return bool(features.get("addr_key") or features.get("addr_street") or features.get("postcode"))


@dataclass
class ContextStore:
    """What the rule needs to know about the mentions and people involved.

    `person_of` and `records_of` map mention -> person and person -> record keys;
    `mentions_in` maps record key -> mention ids; `features` mention -> features;
    `named_with(key)` lists the people who have a mention with that name part (a
    `sparse_key`) and a mention with both forename and surname; `conflicts(mention, person)` says whether the mention may not join.
    For the caseload step: `agency_of(record)`; `at_agency(agency, key)` the mentions at that
    agency with that name part; `doubted(mention)` the mentions of other people that the model
    scored within the review range against it.
    """

    person_of: Callable[[int], Any]
    records_of: Callable[[Any], set[Any]]
    mentions_in: Callable[[Any], list[int]]
    features: Callable[[int], Mapping[str, Any]]
    named_with: Callable[[tuple[str, str]], set[Any]]
    is_named: Callable[[Any], bool]
    conflicts: Callable[[int, Any], bool]
    size_of: Callable[[Any], int]
    agency_of: Callable[[Any], Any]
    record_of: Callable[[int], Any]
    at_agency: Callable[[Any, tuple[str, str]], set[int]]
    doubted: Callable[[int], set[int]]
    # How many mentions of the whole store carry the name part (a `sparse_key`).
    name_count: Callable[[tuple[str, str]], int]


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


Joiner = Callable[[int, Any, str, set[Any]], None]


def _place_each(
    store: ContextStore,
    records: Iterable[Any],
    join: Joiner,
    rule: str,
    choose: Callable[[int, Any], tuple[Any, set[Any]] | None],
) -> list[tuple[int, Any, set[Any]]]:
    """Each lone sparse mention of the records, one at a time, joins the person `choose` names."""
    out = []
    for record in records:
        for mention in store.mentions_in(record):
            if not _lone_sparse(store, mention):
                continue
            chosen = choose(mention, record)
            if chosen is not None and name_chooses(store, mention, chosen[0]):
                join(mention, chosen[0], rule, chosen[1])
                out.append((mention, *chosen))
    return out


def name_chooses(store: ContextStore, mention: int, person: Any) -> bool:
    """Whether the mention's name can single out the person: always for a forename or surname
    (the steps' own evidence decides), and for a full name and nothing else only where the store
    holds nobody else of that name and does not hold it too often to tell."""
    return not name_too_common(store, mention) and not namesakes(store, mention, person)


def namesakes(store: ContextStore, mention: int, person: Any) -> set[Any]:
    """For a mention with a full name and nothing else: the other people in the whole store under
    that name (other than mentions as bare as itself, which are what is being placed). Any one of
    them means the name does not choose, at whatever agency: two Ryan Taylors, father and son,
    one of whom the agency never recorded in full."""
    key = sparse_key(store.features(mention))
    if key is None or key[0] != NAME_ONLY:
        return set()
    own = store.person_of(mention)
    return {p for p in store.named_with(key) if p not in (person, own) and not _bare(store, p, key)}


def name_too_common(store: ContextStore, mention: int) -> bool:
    """For a mention with a full name and nothing else: whether the store holds the name too often
    to list its people (`named_with` gives up there), so that the name alone can never choose."""
    key = sparse_key(store.features(mention))
    return key is not None and key[0] == NAME_ONLY and store.name_count(key) > MAX_FORENAME_CANDIDATES


def _bare(store: ContextStore, person: Any, key: tuple[str, str]) -> bool:
    """A person who is one mention under the name and nothing more (another lone "Ryan Taylor")."""
    if store.size_of(person) != 1:
        return False
    return all(sparse_key(store.features(m)) == key for m in _members(store, person))


def place_sparse(
    store: ContextStore, records: Iterable[Any], join: Joiner
) -> list[tuple[int, Any, set[Any]]]:
    """Join the records' lone sparse mentions whose associates single out one person, one at a
    time (a placed "Maggie" then helps place the "Rob" beside her); `join(mention, person, rule,
    evidence)` carries each out and must keep the store current. Returns what was joined."""

    def choose(mention: int, record: Any) -> tuple[Any, set[Any]] | None:
        supported = supported_people(store, mention, record)
        return next(iter(supported.items())) if len(supported) == 1 else None

    return _place_each(store, records, join, SHARED_ASSOCIATES, choose)


SHARED_ASSOCIATES = "shared_associates"
AGENCY_CASELOAD = "agency_caseload"


def _lone_sparse(store: ContextStore, mention: int) -> bool:
    return is_sparse(store.features(mention)) and store.size_of(store.person_of(mention)) == 1


def caseload_people(
    store: ContextStore, mention: int, record: Any, *, placed: bool = False
) -> dict[Any, set[int]]:
    """Each named person, not contradicting the sparse mention, who has a mention under its name
    part at the agency that recorded it: person -> those mentions (the anchors). `placed`: the
    mention may already be in one of them (an explanation after the fact)."""
    key = sparse_key(store.features(mention))
    agency = store.agency_of(record)
    if key is None or agency is None or agency in NO_CASELOAD:
        return {}
    own = None if placed else store.person_of(mention)
    out: dict[Any, set[int]] = defaultdict(set)
    known = store.at_agency(agency, key)
    if len(known) > MAX_CASELOAD_MENTIONS:
        return {}
    for m in known:
        x = store.person_of(m)
        if m == mention or x is None or x == own or not store.is_named(x):
            continue
        if key[0] == NAME_ONLY and _bare(store, x, key):  # another bare "Ryan Taylor": not a person known
            continue
        if x in out or placed or not store.conflicts(mention, x):
            out[x].add(m)
    return dict(out)


def surname_initial(name: str | None) -> str | None:
    """The first letter of the surname, where the name gives it: "Cheryl Oakley" -> "o", and a
    forename with an initial after it, as day centres write ("Cheryl H.") -> "h"."""
    parsed = parse_name(name)
    if parsed.surname:
        return parsed.surname[0]
    words = parsed.display.split()
    if parsed.given and len(words) == 2 and len(words[1]) == 1 and words[1].isalpha():
        return words[1].lower()
    return None


def _members(store: ContextStore, person: Any) -> list[int]:
    return [m for r in store.records_of(person) for m in store.mentions_in(r) if store.person_of(m) == person]


def caseload_strangers(store: ContextStore, mention: int, record: Any, person: Any) -> set[int]:
    """Mentions at the agency, under the name part, that could be the sparse mention but cannot be
    the person: the agency knows another of that name even if it never wrote her surname ("Cheryl
    H." beside Cheryl Oakley; a Cheryl of another date of birth). The mention counts itself when its
    own initial rules the person out."""
    features = store.features(mention)
    key = sparse_key(features)
    if key is None:
        return set()
    initials = {i for m in _members(store, person) if (i := store.features(m).get("surname_initial"))}

    def ruled_out(m: int) -> bool:
        own = store.features(m).get("surname_initial")
        return bool(own and initials and own not in initials)

    out = {mention} if ruled_out(mention) else set()
    for m in store.at_agency(store.agency_of(record), key):
        if m == mention or store.person_of(m) == person or not _alike(features, store.features(m)):
            continue
        if ruled_out(m) or store.conflicts(m, person):
            out.add(m)
    return out


def _alike(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Nothing recorded tells the two apart (gender, the surname's initial)."""
    return all(not (a.get(f) and b.get(f)) or a[f] == b[f] for f in ("gender", "surname_initial"))


def caseload_in_doubt(
    store: ContextStore, person: Any, anchors: Iterable[int], key: tuple[str, str] | None = None
) -> bool:
    """Whether one of the person's mentions at the agency is itself uncertain: the model scored it
    within the review range against another named person (that "Val" might be another Valerie).
    For a full name (`key`), `namesakes` asks the stronger question instead: whether anyone else
    in the store has that name at all (a mother and daughter of one surname and address score in
    the review range, but "Lisa Dyson" cannot be her daughter Hayley)."""
    if key is not None and key[0] == NAME_ONLY:
        return False
    for anchor in anchors:
        for other in store.doubted(anchor):
            rival = store.person_of(other)
            if rival is not None and rival != person and store.is_named(rival):
                return True
    return False


def place_by_caseload(
    store: ContextStore, records: Iterable[Any], join: Joiner
) -> list[tuple[int, Any, set[Any]]]:
    """Join each lone sparse mention of the records to the only named person its agency knows by
    that name part (see the module's docstring); `join` as for `place_sparse`."""

    def choose(mention: int, record: Any) -> tuple[Any, set[Any]] | None:
        known = caseload_people(store, mention, record)
        if len(known) != 1:
            return None
        ((person, anchors),) = known.items()
        key = sparse_key(store.features(mention))
        if caseload_in_doubt(store, person, anchors, key) or caseload_strangers(
            store, mention, record, person
        ):
            return None
        return person, anchors

    return _place_each(store, records, join, AGENCY_CASELOAD, choose)


def related_records(store: ContextStore, records: Iterable[Any]) -> set[Any]:
    """The records whose lone sparse mentions the records' mentions may help place by caseload:
    those with a lone sparse mention at the same agency under a name part one of them has."""
    out: set[Any] = set()
    for record in records:
        agency = store.agency_of(record)
        if agency is None or agency in NO_CASELOAD:
            continue
        for mention in store.mentions_in(record):
            features = store.features(mention)
            for part in NAME_PARTS:
                if not features.get(part):
                    continue
                known = store.at_agency(agency, (part, features[part]))
                if len(known) > MAX_CASELOAD_MENTIONS:  # no caseload there to place by
                    continue
                out.update(store.record_of(m) for m in known if _lone_sparse(store, m))
    return out


def place_in_context(
    store: ContextStore,
    records: Iterable[Any],
    join: Joiner,
    *,
    expand: bool = True,
) -> list[tuple[int, Any, set[Any]]]:
    """Both steps after the model, shared associates (the stronger evidence) then the agency's
    caseload, repeated for what each placement may unlock (a "Val" placed by caseload may single
    out the "Rob" beside her; a newly placed "Val" makes its person known to the agency). The
    incremental and the full run both go through here; `expand=False` when `records` is already
    every record (the full run)."""
    todo = set(records)
    if expand:
        todo |= related_records(store, todo)
    out: list[tuple[int, Any, set[Any]]] = []
    for _ in range(MAX_ROUNDS):
        ordered = sorted(todo)
        placed = place_sparse(store, ordered, join)
        placed += place_by_caseload(store, ordered, join)
        if not placed:
            break
        out += placed
        todo = {store.record_of(m) for m, _, _ in placed}
        todo |= related_records(store, todo)
    return out


# Each round places only mentions that were lone before it; this bounds a long chain of them.
MAX_ROUNDS = 4


class MemoryContext:
    """The steps' view of a full run, in memory: the groups clustering made, changed as mentions
    join. `record_of`, `features` and `profiles` (with decision tags) are per mention;
    `agency_of` per record; `doubted` the model's pairs within the review range, both ways."""

    def __init__(
        self,
        groups: Iterable[Iterable[int]],
        *,
        record_of: Mapping[int, Any],
        agency_of: Mapping[Any, Any],
        features: Mapping[int, Mapping[str, Any]],
        profiles: Mapping[int, Profile],
        doubted: Mapping[int, set[int]],
    ):
        self.person = {m: i for i, g in enumerate(groups) for m in g}
        self.members: dict[int, set[int]] = defaultdict(set)
        for m, p in self.person.items():
            self.members[p].add(m)
        self.record = record_of
        self.agency = agency_of
        self.feats = features
        self.profiles = profiles
        self.pairs = doubted
        self.in_record: dict[Any, list[int]] = defaultdict(list)
        self.by_name: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_agency: dict[tuple[Any, str, str], set[int]] = defaultdict(set)
        for m in sorted(self.person):
            record = record_of[m]
            self.in_record[record].append(m)
            for part in NAME_PARTS:
                value = features[m].get(part)
                if value:
                    self.by_name[(part, value)].add(m)
                    self.by_agency[(agency_of[record], part, value)].add(m)

    def is_named(self, person: int) -> bool:
        return any(self.feats[m].get("given") and self.feats[m].get("surname") for m in self.members[person])

    def conflicts(self, mention: int, person: int) -> bool:
        others = self.members[person] - {mention}
        if not others:
            return True
        group = Profile()
        for m in others:
            group.merge(self.profiles[m])
        return bool(self.profiles[mention].conflicts_with(group))

    def named_with(self, key: tuple[str, str]) -> set[Any]:
        ids = self.by_name.get(key, set())
        if len(ids) > MAX_FORENAME_CANDIDATES:  # as the incremental path's index does
            return set()
        return {p for p in {self.person[m] for m in ids} if self.is_named(p)}

    def join(self, mention: int, person: Any, rule: str, evidence: set[Any]) -> None:
        self.members[self.person[mention]].discard(mention)
        self.members[person].add(mention)
        self.person[mention] = person

    def groups(self) -> list[list[int]]:
        return [sorted(g) for g in self.members.values() if g]

    def store(self) -> ContextStore:
        return ContextStore(
            person_of=self.person.__getitem__,
            records_of=lambda p: {self.record[m] for m in self.members[p]},
            mentions_in=lambda r: self.in_record.get(r, []),
            features=self.feats.__getitem__,
            named_with=self.named_with,
            is_named=self.is_named,
            conflicts=self.conflicts,
            size_of=lambda p: len(self.members[p]),
            agency_of=self.agency.__getitem__,
            record_of=self.record.__getitem__,
            at_agency=lambda a, key: self.by_agency.get((a, *key), set()),
            doubted=lambda m: self.pairs.get(m, set()),
            name_count=lambda key: len(self.by_name.get(key, ())),
        )
