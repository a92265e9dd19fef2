"""Finding a person: by name (tolerant of spelling and nicknames), date of birth, address,
postcode or an agency's own reference, and only among the people the user may see."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from safeguarding.web import access

if TYPE_CHECKING:
    from safeguarding.agencies.models import User

MAX_RESULTS = 50
POSTCODE = re.compile(r"^\s*([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})?\s*$", re.IGNORECASE)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%d %B %Y", "%d %b %Y")

# Common English nicknames and short forms, both ways round.
_NICKNAMES: dict[str, set[str]] = {
    "robert": {"bob", "rob", "bobby", "robbie", "bert"}, "william": {"bill", "will", "billy", "liam"},
    "margaret": {"maggie", "peggy", "meg", "marge", "margie"}, "elizabeth": {"liz", "beth", "betty", "lizzie", "eliza"},
    "valerie": {"val"}, "katherine": {"kate", "kathy", "katie", "kath", "kat"}, "catherine": {"cath", "cathy", "kate"},
    "richard": {"rick", "dick", "rich", "ricky"}, "anthony": {"tony"}, "michael": {"mike", "mick", "mikey"},
    "james": {"jim", "jimmy", "jamie"}, "jennifer": {"jen", "jenny"}, "susan": {"sue", "susie"},
    "christopher": {"chris", "kit"}, "christine": {"chris", "chrissie"}, "stephen": {"steve"},
    "steven": {"steve"}, "daniel": {"dan", "danny"}, "joseph": {"joe", "joey"}, "patricia": {"pat", "patsy", "tricia"},
    "patrick": {"pat", "paddy"}, "deborah": {"debbie", "deb"}, "rebecca": {"becky", "becca"},
    "samantha": {"sam"}, "samuel": {"sam"}, "alexander": {"alex", "sandy"}, "alexandra": {"alex", "sandra"},
    "thomas": {"tom", "tommy"}, "edward": {"ed", "eddie", "ted", "ned"}, "gary": {"gaz"},
    "nicholas": {"nick", "nicky"}, "nicola": {"nicky", "nikki"}, "victoria": {"vicky", "tori"},
    "stanley": {"stan"}, "gerald": {"gerry"}, "graham": {"gray"}, "karen": {"kaz"}, "sharon": {"shaz"},
    "jacqueline": {"jackie"}, "john": {"jack", "johnny"}, "david": {"dave", "davy"}, "andrew": {"andy", "drew"},
    "jonathan": {"jon", "jonny"}, "barbara": {"babs", "barb"}, "dorothy": {"dot", "dotty"},
    "frederick": {"fred", "freddie"}, "leonard": {"len", "lenny"}, "terence": {"terry"}, "lawrence": {"larry"},
}  # fmt: skip
_CANONICAL: dict[str, str] = {}
for _full, _shorts in _NICKNAMES.items():
    _CANONICAL[_full] = _full
    for _short in _shorts:
        _CANONICAL.setdefault(_short, _full)
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "mx", "master"}


def tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return [t for t in re.split(r"[^a-z]+", text) if t and t not in _TITLES]


def soundex(word: str) -> str:
    codes = {**dict.fromkeys("bfpv", "1"), **dict.fromkeys("cgjkqsxz", "2"), **dict.fromkeys("dt", "3"),
             "l": "4", **dict.fromkeys("mn", "5"), "r": "6"}  # fmt: skip
    if not word:
        return ""
    out, last = word[0], codes.get(word[0], "")
    for ch in word[1:]:
        code = codes.get(ch, "")
        if code and code != last:
            out += code
        if ch not in "hw":
            last = code
    return (out + "000")[:4]


def _close(a: str, b: str) -> bool:
    """Same word give or take one typing slip, a nickname, or the same sound."""
    if a == b or _CANONICAL.get(a, a) == _CANONICAL.get(b, b):
        return True
    if len(a) > 1 and len(b) > 1 and (a.startswith(b) or b.startswith(a)) and min(len(a), len(b)) >= 3:
        return True
    if abs(len(a) - len(b)) <= 1 and _edits_within_one(a, b):
        return True
    return len(a) >= 4 and len(b) >= 4 and soundex(a) == soundex(b)


def _edits_within_one(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            if i + 1 < len(a) and a[i] == b[j + 1] and a[i + 1] == b[j]:  # transposition
                i += 2
                j += 2
                continue
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1


def name_matches(query: list[str], candidate: list[str]) -> bool:
    """Every word of the query matches some word of the name (initials match any name so begun)."""
    if not query or not candidate:
        return False
    for q in query:
        if len(q) == 1:
            if not any(c.startswith(q) for c in candidate):
                return False
        # A name recorded only as an initial ("Mrs S Lamb") matches a full word that begins with it.
        elif not any(_close(q, c) or (len(c) == 1 and q.startswith(c)) for c in candidate):
            return False
    return True


def parse_date(text: str) -> str | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()  # noqa: DTZ007 - a date of birth
        except ValueError:
            continue
    return None


@dataclass
class Result:
    person_id: int
    name: str
    names: set[str] = field(default_factory=set)
    dobs: set[str] = field(default_factory=set)
    districts: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    matched_on: str = ""

    @property
    def age(self) -> int | None:
        today = timezone.localdate()
        for dob in sorted(self.dobs):
            try:
                born = dt.date.fromisoformat(dob[:10])
            except ValueError:
                continue
            return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return None


def find(user: User, query: str) -> tuple[list[Result], str]:
    """People matching the query whom this user may see, and a phrase saying how it was read."""
    query = query.strip()
    if not query:
        return [], ""
    mentions = access.searchable_mentions(user)
    # A confidential address is never matched on, nor shown as an area.
    not_secret = mentions.exclude(pk__in=access.confidential_mentions().values("pk"))
    date = parse_date(query)
    postcode = POSTCODE.match(query)
    if date:
        hits = mentions.filter(dob=date)
        how = f"date of birth {date}"
    elif postcode:
        outward, inward = postcode.group(1).upper(), (postcode.group(2) or "").upper()
        hits = not_secret.filter(postcode__iregex=r"^\s*" + re.escape(outward) + r"\s*" + re.escape(inward))
        how = f"postcode {outward} {inward}".strip() if inward else f"postcode district {outward}"
    else:
        words = tokens(query)
        reference = Q(record__record_id__iexact=query) | Q(ids__icontains=query)
        by_text = set(mentions.filter(reference).values_list("person_id", flat=True)[:500])
        by_text |= set(not_secret.filter(address__icontains=query).values_list("person_id", flat=True)[:500])
        # Names are compared in Python so that nicknames, typing slips and sound-alikes match.
        by_name = set()
        if words:
            for person_id, name in mentions.exclude(name="").values_list("person_id", "name").distinct():
                if name_matches(words, tokens(name)):
                    by_name.add(person_id)
        hits = mentions.filter(person_id__in=by_text | by_name)
        how = "name, reference or address"
    person_ids = list(hits.values_list("person_id", flat=True).distinct()[: MAX_RESULTS + 1])
    return _summarise(user, person_ids[:MAX_RESULTS]), how


def _summarise(user: User, person_ids: list[int]) -> list[Result]:
    """Enough to tell look-alikes apart: names, age, area, agencies, roles; in one query."""
    results: dict[int, Result] = {}
    secret = set(access.confidential_mentions().filter(person_id__in=person_ids).values_list("pk", flat=True))
    rows = (
        access.searchable_mentions(user)
        .filter(person_id__in=person_ids)
        .values_list(
            "pk",
            "person_id", "person__display_name", "name", "dob", "postcode", "is_confidential_address",
            "record__agency__name", "role",
        )
    )  # fmt: skip
    names: dict[int, set[str]] = defaultdict(set)
    for pk, person_id, display, name, dob, postcode, confidential, agency, role in rows:
        result = results.setdefault(person_id, Result(person_id, display or name or f"Person {person_id}"))
        if name:
            names[person_id].add(name.strip())
        if dob:
            result.dobs.add(dob)
        if postcode and not confidential and pk not in secret:
            result.districts.add(
                postcode.split()[0].upper() if " " in postcode.strip() else postcode[:-3].upper()
            )
        result.agencies.add(agency)
        result.roles.add(role.replace("_", " "))
    for person_id, result in results.items():
        result.names = names[person_id] - {result.name}
    return sorted(results.values(), key=lambda r: r.name.lower())
