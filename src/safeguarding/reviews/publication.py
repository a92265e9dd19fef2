"""Pseudonymisation for publication.

A published review names people only as the review names them (V1, P1, ...). Every name,
address, date of birth and agency reference that the records hold is replaced, wherever it
appears: in the subjects, and inside the free text of summaries and outcomes, including a
surname or first name alone and nicknames. Names that appear only in free text ("a man called
Mick") are caught by a list of common first names and by titles ("Mr Holloway").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from safeguarding.people.models import Mention
from safeguarding.records.models import Record

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "rev", "sir", "dame", "prof"}
# Words a name field holds that are not names.
NOT_NAMES = TITLES | {
    "unknown", "known", "as", "aka", "the", "and", "of", "nfa", "male", "female", "baby", "neighbour", "caller",
    "resident", "anonymous", "occupier", "tenant", "friend", "son", "daughter", "mother", "father", "partner",
}  # fmt: skip
# Role -> the letter a published review gives people in it.
ROLE_PREFIX = {
    "victim": "V",
    "alleged_perpetrator": "P",
    "offender": "P",
    "child": "C",
    "neighbour": "NB",
    "reporter": "NB",
    "witness": "W",
    "household_member": "F",
    "associate": "A",
}

# First names and short forms people use, so that a name met only in free text is still caught.
COMMON_FIRST_NAMES = """
Aaron Abbie Adam Adrian Aimee Alan Albert Alex Alexander Alfie Alice Alison Amanda Amber Amy Andrea Andrew
Andy Angela Anne Annie Anthony Tony Barbara Barry Ben Benjamin Beth Bethany Bev Beverley Bill Billy Bob Brenda
Brian Carl Carol Caroline Charlie Charlotte Chloe Chris Christine Christopher Claire Clare Colin Craig Dan
Daniel Danny Darren Dave David Dawn Dean Debbie Deborah Denise Derek Diane Donna Dorothy Doug Emma Eric Gary Gaz
Gemma Geoff George Georgia Gill Gillian Glen Gordon Graham Hannah Harry Hayley Heather Helen Ian Jack Jackie
Jacqueline James Jamie Jane Janet Jason Jay Jayne Jean Jeff Jen Jennifer Jenny Jess Jessica Jim Jimmy Jo Joan
Joanne Jock Joe John Johnny Jon Jonathan Josh Joshua Julie Karen Kate Katie Kay Keith Kelly Kerry Kev Kevin Kim
Kirsty Laura Lauren Lee Leanne Les Lesley Leslie Lewis Linda Lisa Liz Louise Lucy Lynn Lynne Maggie Mandy Margaret
Maria Marie Martin Mary Matt Matthew Maureen Mel Melanie Michael Michelle Mick Mike Nat Natalie Neil Nick Nicola
Nicole Nigel Norman Pam Pat Patricia Paul Paula Pauline Pete Peter Phil Philip Rachel Ray Rebecca Richard Rick
Rob Robert Robbie Ross Ruth Ryan Sam Samantha Sandra Sarah Scott Sean Shane Sharon Shaun Sheila Shirley Simon
Sophie Stacey Stephen Steve Steven Stuart Sue Susan Suzanne Terry Tina Tom Tommy Tracey Tracy Val Valerie Vicky
Victoria Wayne Wendy Yvonne Zoe
""".split()  # noqa: SIM905 - a list of names reads best as text

STREET_WORDS = (
    "road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|court|ct|way|walk|place|pl|crescent|terrace|"
    "gardens|grove|house|flat|flats|rise|hill|parade|square|row|mews|view|green|park|estate|cottages?|"
    "lodge|mansions|heights|tower|court|apartment|apartments|hostel|farm|yard|wharf|quay|path|vale"
)
_STREET_RE = re.compile(rf"\b({STREET_WORDS})\b", re.IGNORECASE)
POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
FLAT_RE = re.compile(r"\b(?:flat|apartment|room|unit)\s+\d+[a-z]?\b", re.IGNORECASE)
HOUSE_NUMBER_STREET_RE = re.compile(
    rf"\b\d+[a-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?:{STREET_WORDS})\b", re.IGNORECASE
)
TITLE_NAME_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z]\.?\s+)?[A-Z][A-Za-z'’-]+")
QUOTED_NAME_RE = re.compile(r"(['‘\"“])([A-Z][a-z]{1,15})(['’\"”])")
DOB_LABEL_RE = re.compile(r"\b(?:DOB|D\.O\.B\.?|date of birth|born)\s*:?\s*\d[\d/.\-]{5,9}\d", re.IGNORECASE)
REFERENCE_RE = re.compile(r"\b(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9/\-]*\d)[A-Z0-9]+(?:[-/][A-Z0-9]+)+\b")
NHS_RE = re.compile(r"\b\d{3}\s?\d{3}\s?\d{4}\b")
PHONE_RE = re.compile(r"\b(?:\+44\s?|0)\d{2,4}\s?\d{3}\s?\d{3,4}\b")

TOKEN_RE = re.compile(r"(?<![\w/.-])[A-Za-z0-9][A-Za-z0-9/._-]*[A-Za-z0-9](?![\w/-])")
# A word, with apostrophes inside it (O'Brien, Mellard's) but not the quote marks around it ('Steve').
WORD_RE = re.compile(r"(?<![\w-])(?<!\w['’])[A-Za-z](?:[A-Za-z-]|['’](?=[A-Za-z]))*(?![\w-])")
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,4})[/.-](\d{1,2})[/.-](\d{2,4})\b")
WORD_DATE_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+(\d{4})\b",
    re.IGNORECASE,
)

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
]  # fmt: skip


def _as_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _numeric_dates(m: re.Match[str]) -> set[dt.date]:
    """The dates a numeric date could be: ISO, or day/month/year with a two- or four-digit year."""
    a, b, c = m.group(1), m.group(2), m.group(3)
    out = set()
    candidates = [(int(a), int(b), int(c))] if len(a) == 4 else []
    if len(a) <= 2:
        years = [int(c)] if len(c) == 4 else [1900 + int(c), 2000 + int(c)]
        candidates += [(y, int(b), int(a)) for y in years]
    for y, mo, d in candidates:
        with contextlib.suppress(ValueError):
            out.add(dt.date(y, mo, d))
    return out


def _word_date(m: re.Match[str]) -> dt.date | None:
    month = next(
        (i for i, name in enumerate(MONTHS, start=1) if name.lower().startswith(m.group(2).lower()[:3])), 0
    )
    try:
        return dt.date(int(m.group(3)), month, int(m.group(1)))
    except ValueError:
        return None


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def dob_spellings(dob: str) -> set[str]:
    """The ways a date of birth is written in agency text."""
    out = {dob}
    try:
        d = dt.date.fromisoformat(dob[:10])
    except ValueError:
        return out
    month = MONTHS[d.month - 1]
    for day in (str(d.day), f"{d.day:02d}", _ordinal(d.day)):
        out.add(f"{day} {month} {d.year}")
        out.add(f"{day} {month[:3]} {d.year}")
        out.add(f"{day} of {month} {d.year}")
    for sep in "/.-":
        for day in (str(d.day), f"{d.day:02d}"):
            for mon in (str(d.month), f"{d.month:02d}"):
                out.add(f"{day}{sep}{mon}{sep}{d.year}")
                out.add(f"{day}{sep}{mon}{sep}{d.year % 100:02d}")
    out.add(d.isoformat())
    return out


# A "name" holding one of these words describes a post or a body ("Manager, Cornmarket Day Centre"),
# not a person: its words are not names to replace wherever they appear.
ORGANISATION_WORDS = {
    "manager", "centre", "center", "officer", "team", "service", "services", "council", "police", "ward",
    "worker", "staff", "surgery", "unit", "department", "nurse", "practice", "trust", "hospital", "school",
    "ltd", "limited", "association", "housing", "group", "duty", "desk", "control", "room", "clinic",
}  # fmt: skip


def is_post_or_body(name: str) -> bool:
    return any(w.lower().strip(".,") in ORGANISATION_WORDS for w in name.split())


def name_parts(name: str) -> tuple[str, list[str], list[str]]:
    """(cleaned full name, its words that could identify, nicknames in quotes)."""
    if is_post_or_body(name):
        return "", [], []
    nicknames = [m.group(2) for m in QUOTED_NAME_RE.finditer(name)]
    cleaned = re.sub(r"\(.*?\)", " ", QUOTED_NAME_RE.sub(" ", name))
    words = [w.strip(".,'’\"") for w in re.split(r"[\s,]+", cleaned)]
    # A name is written with capitals; lower-case words in a name field describe ("neighbour at no. 6").
    words = [w for w in words if len(w) >= 2 and w[0].isupper() and w.lower() not in NOT_NAMES]
    full = " ".join(words)
    return full, words, nicknames


def _variants(spellings: str | set[str]) -> set[str]:
    """The spellings as recorded, in title case and in capitals (police records write surnames in capitals)."""
    words = {spellings} if isinstance(spellings, str) else spellings
    return {v for w in words for v in (w, w.title(), w.upper())}


@dataclass
class Pseudonymiser:
    """Built once for a review; `clean(text)` applies it to any text that will be published."""

    mention_labels: dict[int, str]
    replacements: dict[str, str] = field(default_factory=dict)
    literal_removals: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None
    _literal_pattern: re.Pattern[str] | None = None
    dates_of_birth: set[dt.date] = field(default_factory=set)
    _literal_lookup: dict[str, str] = field(default_factory=dict)
    _token_lookup: dict[str, str] = field(default_factory=dict)
    _full_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_records(cls, records: Iterable[Record], person_labels: dict[int, str]) -> Pseudonymiser:
        records = list(records)
        mentions: list[Mention] = [m for r in records for m in r.mentions.all()]
        labels = _label_mentions(mentions, person_labels)

        # Each identifying word -> the labels of the people it could name.
        word_owners: dict[str, set[str]] = defaultdict(set)
        spellings: dict[str, set[str]] = defaultdict(set)
        full_names: dict[str, str] = {}
        literals: dict[str, str] = {}
        dobs: set[dt.date] = set()
        for m in mentions:
            label = labels[m.pk]
            if m.name:
                full, words, nicknames = name_parts(m.name)
                if full and len(words) > 1:
                    full_names[full] = label
                    full_names[m.name.strip()] = label
                for w in [*words, *nicknames]:
                    if len(w) >= 2 and not (len(w) == 2 and w.isupper()):
                        word_owners[w.lower()].add(label)
                        spellings[w.lower()].add(w)
            if m.dob:
                literals[m.dob.strip()] = "[date of birth removed]"
                born = _as_date(m.dob)
                if born is not None:
                    dobs.add(born)
            for address in (m.address, m.postcode):
                _add_address(address, literals)
            for value in (m.ids or {}).values():
                if value:
                    literals[str(value)] = "[reference removed]"
                    literals[str(value).replace(" ", "")] = "[reference removed]"
        for r in records:
            literals[r.record_id] = "[reference removed]"
            _add_address(r.location, literals)
        for first in COMMON_FIRST_NAMES:
            word_owners.setdefault(first.lower(), set())
            spellings[first.lower()].add(first)

        replacements: dict[str, str] = {}
        for full, label in full_names.items():
            for v in _variants(full):
                replacements[v] = label
        for word, owners in word_owners.items():
            target = next(iter(owners)) if len(owners) == 1 else "[name removed]"
            for v in _variants(spellings[word]):
                replacements.setdefault(v, target)
        self = cls(
            mention_labels=labels, replacements=replacements, literal_removals=literals, dates_of_birth=dobs
        )
        self._compile()
        return self

    def _compile(self) -> None:
        # Single words go through a dictionary, token by token; only phrases (full names, addresses)
        # need a pattern. One pattern of thousands of alternatives is slow on every row of a long chronology.
        self._full_names = {k: v for k, v in self.replacements.items() if " " in k}
        names = sorted(self._full_names, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w])(" + "|".join(map(re.escape, names)) + r")(?:'s|’s)?(?![\w])")
            if names
            else None
        )
        self._literal_lookup = {k.lower(): v for k, v in self.literal_removals.items()}
        self._token_lookup = {k: v for k, v in self._literal_lookup.items() if not re.search(r"[\s,]", k)}
        phrases = sorted(
            (k for k in self.literal_removals if len(k) >= 3 and re.search(r"[\s,]", k)),
            key=len,
            reverse=True,
        )
        self._literal_pattern = (
            re.compile("(?<![\\w])(" + "|".join(map(re.escape, phrases)) + ")(?![\\w])", re.IGNORECASE)
            if phrases
            else None
        )

    def _dates_of_birth(self, text: str) -> str:
        if not self.dates_of_birth:
            return text

        def numeric(m: re.Match[str]) -> str:
            return "[date of birth removed]" if _numeric_dates(m) & self.dates_of_birth else m.group(0)

        def words(m: re.Match[str]) -> str:
            return "[date of birth removed]" if _word_date(m) in self.dates_of_birth else m.group(0)

        return WORD_DATE_RE.sub(words, NUMERIC_DATE_RE.sub(numeric, text))

    def is_date_of_birth(self, day: str) -> bool:
        return _as_date(day) in self.dates_of_birth

    def _word(self, m: re.Match[str]) -> str:
        word = m.group(0)
        if word in self.replacements:
            return self.replacements[word]
        if word[-2:] in ("'s", "’s") and word[:-2] in self.replacements:
            return self.replacements[word[:-2]] + "'s"
        return word

    def label_for(self, mention: Mention) -> str:
        return self.mention_labels.get(mention.pk, "[name removed]")

    def clean(self, text: str) -> str:
        if not text:
            return ""
        out = text
        # Identifiers and addresses first: they hold words that would otherwise read as names.
        if self._literal_pattern is not None:
            lookup = self._literal_lookup
            out = self._literal_pattern.sub(lambda m: lookup.get(m.group(1).lower(), "[removed]"), out)
        tokens = self._token_lookup
        out = TOKEN_RE.sub(lambda m: tokens.get(m.group(0).lower(), m.group(0)), out)
        out = self._dates_of_birth(out)
        out = DOB_LABEL_RE.sub("[date of birth removed]", out)
        out = POSTCODE_RE.sub("[postcode removed]", out)
        out = HOUSE_NUMBER_STREET_RE.sub("[address removed]", out)
        out = FLAT_RE.sub("[address removed]", out)
        out = NHS_RE.sub("[reference removed]", out)
        out = PHONE_RE.sub("[telephone removed]", out)
        out = REFERENCE_RE.sub("[reference removed]", out)
        if self._pattern is not None:

            def _name(m: re.Match[str]) -> str:
                label = self._full_names[m.group(1)]
                return label + ("'s" if len(m.group(0)) > len(m.group(1)) else "")

            out = self._pattern.sub(_name, out)
        out = WORD_RE.sub(self._word, out)
        # "Mr NB1", "Ms D NB1": a title and initials before a pseudonym would hint at the person.
        out = re.sub(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:[A-Z]\.?\s+)*(?=[A-Z]{1,2}\d+\b)", "", out)
        out = TITLE_NAME_RE.sub("[name removed]", out)
        # "Mrs T", "Mr S G": a title with initials alone still points at someone.
        out = re.sub(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?(?:\s+[A-Z]\.?)+(?![\w])", "[name removed]", out)
        out = QUOTED_NAME_RE.sub(lambda m: f"{m.group(1)}[name removed]{m.group(3)}", out)
        # "V1 V1" where a first name and a surname were each replaced.
        out = re.sub(r"\b([A-Z]{1,2}\d+)(?:\s+\1\b)+", r"\1", out)
        out = re.sub(r"(\[(?:name|address) removed\])(?:[\s,]+\1)+", r"\1", out)
        return out


# Parts of a location that name a public place or a service, not where someone lives.
PUBLIC_PLACE_WORDS = re.compile(
    r"\b(centre|center|practice|surgery|clinic|hospital|magistrates'?|crown court|hmp|prison|custody|station|"
    r"aid|recovery|council|ward|ed)\b",
    re.IGNORECASE,
)


def _add_address(address: str, literals: dict[str, str]) -> None:
    """Add an address's identifying parts (house, flat, street, postcode); keep the town and public places."""
    address = (address or "").strip()
    if not address:
        return
    parts = [p.strip() for p in address.split(",") if p.strip()]
    flagged = []
    for part in parts:
        if POSTCODE_RE.fullmatch(part):
            literals[part] = "[postcode removed]"
            flagged.append(part)
            continue
        if PUBLIC_PLACE_WORDS.search(part):
            continue
        if any(c.isdigit() for c in part) or _STREET_RE.search(part):
            flagged.append(part)
            literals[part] = "[address removed]"
            bare = POSTCODE_RE.sub("", re.sub(r"^\d+[a-z]?\s+", "", part)).strip()
            if (
                bare
                and bare != part
                and len(bare) >= 4
                and (_STREET_RE.search(bare) or any(c.isdigit() for c in bare))
            ):
                literals[bare] = "[address removed]"
    if flagged:
        literals[address] = "[address removed]"
        for i in range(len(parts)):
            for j in range(i + 2, len(parts) + 1):
                if any(p in flagged for p in parts[i:j]):
                    literals[", ".join(parts[i:j])] = "[address removed]"


def _label_mentions(mentions: list[Mention], person_labels: dict[int, str]) -> dict[int, str]:
    """Mention id -> label. Everyone the review did not name gets one by the role they most often
    have (N1 for a neighbour, C1 for a child, ...); unlinked mentions with the same name count as one."""
    used = Counter(re.sub(r"\d+$", "", v) for v in person_labels.values())
    counters: dict[str, int] = dict(used)
    keys: dict[int, str] = {}
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    order: list[str] = []
    for m in mentions:
        if m.person_id is not None:
            key = f"p{m.person_id}"
        else:
            full = name_parts(m.name)[0].lower() if m.name else ""
            key = f"n:{full}" if full else f"m:{m.pk}"
        keys[m.pk] = key
        if key not in roles:
            order.append(key)
        roles[key][m.role] += 1
    key_labels = {f"p{pid}": label for pid, label in person_labels.items()}
    for key in order:
        if key in key_labels:
            continue
        role = roles[key].most_common(1)[0][0]
        prefix = ROLE_PREFIX.get(role, "X")
        counters[prefix] = counters.get(prefix, 0) + 1
        key_labels[key] = f"{prefix}{counters[prefix]}"
    return {pk: key_labels[key] for pk, key in keys.items()}
