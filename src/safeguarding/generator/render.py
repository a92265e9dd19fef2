"""How each agency writes a person down: its habits with names, dates of birth, addresses and ids.

Police hold full names with the surname in capitals and a date of birth; A&E and walk-in centres take
nicknames and often no date of birth; GPs hold the formal name and NHS number; housing writes the
tenant as title and initial; day centres know a first name. On top of the habits come the errors real
systems hold: transliterations, swapped name order, typos, 1 January for a year-only date of birth,
day and month swapped, an old address.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .model import Address, Person
from .names import FAMILY_VARIANTS, GIVEN_VARIANTS, strip_diacritics


@dataclass(frozen=True, slots=True)
class Habit:
    style: str  # police | formal | title_initial | title_full | casual | first_only
    dob: float  # chance the date of birth is recorded
    address: float  # chance an address is recorded
    postcode: float
    old_address: float  # chance an address out of date is used after a move
    variant: float  # chance of a transliteration / short form / swapped order
    typo: float
    nhs: float = 0.0
    pnc: bool = False
    year_only_dob: float = 0.0  # recorded as 1 January
    gender: float = 0.95


HABITS: dict[str, Habit] = {
    "police": Habit("police", 0.95, 0.9, 0.7, 0.05, 0.25, 0.03, pnc=True, year_only_dob=0.01),
    "probation": Habit("police", 1.0, 0.9, 0.8, 0.05, 0.15, 0.02, pnc=True),
    "prison": Habit("police", 1.0, 0.3, 0.3, 0.3, 0.15, 0.02, pnc=True),
    "mappa": Habit("police", 1.0, 0.8, 0.6, 0.05, 0.15, 0.02, pnc=True),
    "marac": Habit("formal", 0.9, 0.9, 0.7, 0.05, 0.2, 0.03),
    "idva": Habit("formal", 0.7, 0.6, 0.4, 0.05, 0.3, 0.04),
    "day_centre": Habit("first_only", 0.05, 0.1, 0.0, 0.2, 0.5, 0.05, gender=0.5),
    "housing": Habit("title_initial", 0.4, 1.0, 1.0, 0.0, 0.2, 0.03),
    "housing_provider": Habit("title_full", 0.5, 1.0, 1.0, 0.0, 0.2, 0.03),
    "gp": Habit("formal", 1.0, 0.95, 0.9, 0.35, 0.1, 0.01, nhs=1.0),
    "walk_in_centre": Habit("casual", 0.55, 0.6, 0.5, 0.3, 0.45, 0.06, nhs=0.2, year_only_dob=0.12),
    "ed": Habit("casual", 0.7, 0.8, 0.6, 0.3, 0.4, 0.05, nhs=0.4, year_only_dob=0.1),
    "ambulance": Habit("casual", 0.5, 0.9, 0.8, 0.0, 0.4, 0.06, nhs=0.1, year_only_dob=0.2),
    "mental_health": Habit("formal", 1.0, 0.9, 0.8, 0.2, 0.15, 0.02, nhs=1.0),
    "drug_alcohol": Habit("casual", 0.8, 0.6, 0.5, 0.2, 0.35, 0.04, nhs=0.3),
    "adult_social_care": Habit("formal", 0.9, 1.0, 0.9, 0.1, 0.15, 0.03, nhs=0.6),
    "childrens_social_care": Habit("formal", 0.8, 0.9, 0.8, 0.1, 0.2, 0.03),
}

AGENCIES = tuple(HABITS)

_TITLES = {"F": ("Ms", "Mrs", "Miss"), "M": ("Mr",)}


def typo(rng: random.Random, word: str) -> str:
    """A letter dropped, doubled or transposed: the commonest keying errors."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def name_parts(rng: random.Random, person: Person, habit: Habit) -> tuple[str, str]:
    """(given, family) as this agency holds them, before formatting."""
    given, family = person.given, person.family
    if rng.random() < habit.variant:
        roll = rng.random()
        if person.origin == "english":
            if person.nickname and roll < 0.7 and habit.style in ("casual", "first_only"):
                given = person.nickname
            elif person.alt_family and roll < 0.5 and habit.style != "police":
                family = person.alt_family  # maiden name held from before the marriage
        elif person.origin == "chinese":
            if roll < 0.4:
                given, family = family, given  # family name first, as written at home
            elif roll < 0.6 and person.english_name:
                given = person.english_name
            elif family in FAMILY_VARIANTS:
                family = rng.choice(FAMILY_VARIANTS[family])
        else:
            if roll < 0.45 and given in GIVEN_VARIANTS:
                given = rng.choice(GIVEN_VARIANTS[given])
            elif roll < 0.65 and person.alt_family:
                family = person.alt_family
            elif roll < 0.8 and family in FAMILY_VARIANTS:
                family = rng.choice(FAMILY_VARIANTS[family])
            elif roll < 0.9 and person.origin in ("south_asian", "arabic") and habit.style != "first_only":
                given, family = family, given  # given and family names swapped on the form
            elif person.english_name:
                given = person.english_name
            elif given in GIVEN_VARIANTS:
                given = rng.choice(GIVEN_VARIANTS[given])
    elif habit.style in ("casual", "first_only") and person.nickname and rng.random() < 0.3:
        given = person.nickname
    if person.origin in ("eastern_european", "other") and rng.random() < 0.5:
        given, family = strip_diacritics(given), strip_diacritics(family)
    if rng.random() < habit.typo:
        if rng.random() < 0.6:
            family = typo(rng, family)
        else:
            given = typo(rng, given)
    return given, family


def format_name(rng: random.Random, person: Person, habit: Habit) -> str:
    given, family = name_parts(rng, person, habit)
    style = habit.style
    if style == "police":
        if person.middle and rng.random() < 0.6:
            return f"{given} {person.middle} {family.upper()}"
        return f"{given} {family.upper()}"
    if style == "formal":
        if person.middle and rng.random() < 0.5:
            return f"{given} {person.middle} {family}"
        if rng.random() < 0.15:
            return f"{rng.choice(_TITLES[person.gender])} {given} {family}"
        return f"{given} {family}"
    if style == "title_initial":
        title = rng.choice(_TITLES[person.gender])
        initials = given[0] + (f" {person.middle[0]}" if person.middle and rng.random() < 0.3 else "")
        return f"{title} {initials} {family}"
    if style == "title_full":
        return f"{rng.choice(_TITLES[person.gender])} {given} {family}"
    if style == "first_only":
        if rng.random() < 0.25:
            return f"{given} {family[0]}."
        return given
    return f"{given} {family}"


def format_dob(rng: random.Random, dob: dt.date, habit: Habit) -> str:
    if rng.random() < habit.year_only_dob:
        return f"{dob.year}-01-01"
    roll = rng.random()
    if roll < 0.015 and dob.day <= 12 and dob.day != dob.month:
        return f"{dob.year}-{dob.day:02d}-{dob.month:02d}"  # day and month swapped on entry
    if roll < 0.025:
        return f"{dob.year + rng.choice((-1, 1))}-{dob.month:02d}-{dob.day:02d}"
    return dob.isoformat()


def nhs_number(rng: random.Random) -> str:
    """A ten-digit NHS number with a valid modulus 11 check digit."""
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        digits[0] = rng.randrange(4, 7)
        total = sum(d * (10 - i) for i, d in enumerate(digits))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def pnc_id(rng: random.Random, year: int) -> str:
    return f"{year % 100:02d}/{rng.randrange(100000, 999999)}{rng.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}"


def subject(
    rng: random.Random,
    agency: str,
    person: Person,
    role: str,
    ref: str,
    day: dt.date,
    *,
    address: Address | None = None,
    name_only: bool = False,
) -> dict[str, object]:
    """One subject entry of a record, as `agency` would write `person` on `day`."""
    habit = HABITS[agency]
    out: dict[str, object] = {"ref": ref, "role": role, "name": format_name(rng, person, habit)}
    if name_only:
        return out
    if rng.random() < habit.dob:
        out["dob"] = format_dob(rng, person.dob, habit)
    if rng.random() < habit.gender:
        out["gender"] = person.gender
    if agency == "idva" and address is None and rng.random() < 0.1:
        # Support services keep a victim's address off shared records.
        out["address"] = "Confidential - not shared"
    elif rng.random() < habit.address:
        where = address
        if where is None:
            where = person.address_on(day)
            if rng.random() < habit.old_address:
                where = person.previous_address(day) or where
        if where is not None:
            out["address"] = where.full
            if rng.random() < habit.postcode:
                out["postcode"] = where.postcode
    ids: dict[str, str] = {}
    if person.nhs and habit.nhs and rng.random() < habit.nhs:
        nhs = person.nhs
        ids["nhs"] = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" if rng.random() < 0.5 else nhs
    if person.pnc and habit.pnc and role in ("offender", "alleged_perpetrator"):
        ids["pnc"] = person.pnc
    if ids:
        out["ids"] = ids
    return out
