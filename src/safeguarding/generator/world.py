"""The generator's shared state: one seeded random source, Faker, the invented towns, id counters.

Everything random comes from `World.rng` (and Faker seeded from the same seed), drawn in a fixed
order, so the same seed always gives byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from faker import Faker

from .model import Address, Area, Person
from .names import (
    CHINESE_ENGLISH_NAMES_F,
    CHINESE_ENGLISH_NAMES_M,
    ENGLISH_FAMILY,
    ENGLISH_NICKNAMES,
    GIVEN_VARIANTS,
    ORIGIN_WEIGHTS,
    SIKH_FAMILY,
    SIKH_GIVEN,
    family_names,
    given_names,
)
from .render import nhs_number, pnc_id

_BUILDINGS = [
    "Kestrel",
    "Heron",
    "Rowan",
    "Beech",
    "Cedar",
    "Willow",
    "Linden",
    "Hawthorn",
    "Alder",
    "Falcon",
    "Swift",
    "Lapwing",
    "Curlew",
    "Magpie",
    "Merlin",
    "Osprey",
    "Plover",
    "Wren",
    "Sycamore",
    "Hazel",
    "Juniper",
    "Laurel",
    "Maple",
    "Poplar",
    "Larch",
    "Aspen",
    "Bramble",
    "Heather",
    "Thistle",
]
_BUILDING_KINDS = ("House", "Court", "Lodge", "Point", "Gardens")
_STREET_SUFFIXES = (
    "Road", "Street", "Lane", "Close", "Avenue", "Drive", "Way", "Crescent", "Grove", "Gardens", "Walk",
    "Place", "Terrace", "Rise", "Court", "Mews", "View",
)  # fmt: skip
_COMMON_STREETS = (
    "High Street", "Station Road", "Church Lane", "Mill Lane", "Park Road", "Victoria Road", "Queens Road",
    "New Road", "School Lane", "North Street", "London Road", "The Green", "Manor Way", "Orchard Close",
)  # fmt: skip
_TOWN_SUFFIXES = ("bury", "ford", "ley", "ton", "ham", "field", "wick", "by", "bridge", "well")
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Agency codes as they appear in record ids.
_ID_PREFIX = {
    "police": "POL",
    "probation": "PRB",
    "prison": "HMP",
    "mappa": "MAPPA",
    "marac": "MARAC",
    "idva": "IDVA",
    "day_centre": "DC",
    "housing": "HSG",
    "housing_provider": "HA",
    "gp": "GP",
    "walk_in_centre": "WIC",
    "ed": "ED",
    "ambulance": "AMB",
    "mental_health": "MH",
    "drug_alcohol": "DA",
    "adult_social_care": "ASC",
    "childrens_social_care": "CSC",
}


class World:
    def __init__(self, seed: int, start_year: int, end_year: int, areas: int = 8) -> None:
        if end_year < start_year + 3:
            raise ValueError("the period must cover at least four years (start_year to end_year)")
        # A private, seeded generator: never the global one, so output depends on the seed alone.
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.faker = Faker("en_GB")
        self.faker.seed_instance(seed)
        self.start = dt.date(start_year, 1, 1)
        self.end = dt.date(end_year, 12, 31)
        self.areas: list[Area] = []
        districts: set[str] = set()
        while len(self.areas) < areas:
            district = self.faker.postcode().split()[0]
            if district in districts:
                continue
            districts.add(district)
            streets = tuple(dict.fromkeys(self._street() for _ in range(60)))
            self.areas.append(Area(town=self._town(), district=district, streets=streets))
        self._postcodes: set[str] = set()
        self._counters: dict[str, int] = defaultdict(int)
        self._labels: dict[str, int] = defaultdict(int)
        self._turns: dict[str, int] = defaultdict(int)
        self.origin_names = list(ORIGIN_WEIGHTS)
        self.origin_weights = list(ORIGIN_WEIGHTS.values())

    def _street(self) -> str:
        # Faker's en_GB street suffixes are American ("Mountains", "Tunnel"): keep its names, use English ones.
        if self.rng.random() < 0.25:
            return self.rng.choice(_COMMON_STREETS)
        return f"{self.faker.last_name()} {self.rng.choice(_STREET_SUFFIXES)}"

    def _town(self) -> str:
        root = self.faker.last_name()
        return f"{root}{self.rng.choice(_TOWN_SUFFIXES)}" if self.rng.random() < 0.7 else self.faker.city()

    # ------------------------------------------------------------------ time
    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        span = (last - first).days
        return first + dt.timedelta(days=self.rng.randint(0, max(span, 0)))

    def at(self, day: dt.date, earliest: int = 8, latest: int = 18) -> dt.datetime:
        """A time of day on `day` (naive: the chronology format holds local wall-clock time)."""
        # random() is several times faster than randint(), and this is the hottest call in the generator.
        rand = self.rng.random
        hour = earliest + int(rand() * (latest - earliest + 1))
        return dt.datetime(day.year, day.month, day.day, hour, int(rand() * 60))  # noqa: DTZ001

    # ------------------------------------------------------------------ places
    def area(self) -> Area:
        return self.rng.choice(self.areas)

    def address(self, area: Area | None = None) -> Address:
        rng = self.rng
        area = area or self.area()
        street = rng.choice(area.streets)
        roll = rng.random()
        number = rng.randint(1, 180)
        if roll < 0.6:
            line = f"{number} {street}"
        elif roll < 0.85:
            line = f"Flat {rng.randint(1, 12)}, {number} {street}"
        else:
            building = f"{rng.choice(_BUILDINGS)} {rng.choice(_BUILDING_KINDS)}"
            line = f"Flat {rng.randint(1, 24)}, {building}, {street}"
        # Each household gets its own postcode, so that no two invented households look like neighbours
        # by accident (neighbours matter to the children and ASB signals).
        while True:
            postcode = f"{area.district} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
            if postcode not in self._postcodes:
                self._postcodes.add(postcode)
                break
        return Address(line=line, town=area.town, postcode=postcode)

    def neighbour_address(self, address: Address, flat: int) -> Address:
        """Another flat in the same building (same postcode): for neighbours who complain."""
        building = address.line.split(", ", 1)[-1]
        return Address(line=f"Flat {flat}, {building}", town=address.town, postcode=address.postcode)

    # ------------------------------------------------------------------ ids
    def record_id(self, agency: str, kind: str, day: dt.date) -> str:
        self._counters[agency] += 1
        return f"{_ID_PREFIX[agency]}-{kind}-{day.year}-{self._counters[agency]:06d}"

    def turn(self, name: str) -> int:
        """How many times `name` has come up before: storylines use it to rotate through their variants,
        so that even a small population holds the main variant of each before the others."""
        self._turns[name] += 1
        return self._turns[name] - 1

    def label(self, prefix: str) -> str:
        self._labels[prefix] += 1
        return f"{prefix}{self._labels[prefix]}"

    # ------------------------------------------------------------------ people
    def origin(self) -> str:
        return self.rng.choices(self.origin_names, self.origin_weights)[0]

    def dob_for_age(self, age_low: int, age_high: int, on: dt.date | None = None) -> dt.date:
        on = on or self.start
        year = on.year - self.rng.randint(age_low, age_high)
        return dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def person(
        self,
        prefix: str,
        origin: str,
        gender: str,
        dob: dt.date,
        *,
        family: str | None = None,
        given: str | None = None,
        married: bool = False,
    ) -> Person:
        rng = self.rng
        given = given or rng.choice(given_names(origin, gender))
        family = family or rng.choice(family_names(origin, gender))
        middle = None
        # Middle names: common on English records, some West African and Polish ones; rare otherwise.
        if rng.random() < {"english": 0.6, "west_african": 0.3, "eastern_european": 0.1}.get(origin, 0.0):
            middle = rng.choice(given_names(origin, gender))
            if middle == given:
                middle = None
        person = Person(
            label=self.label(prefix),
            origin=origin,
            gender=gender,
            given=given,
            family=family,
            dob=dob,
            middle=middle,
        )
        if origin == "english":
            if given in ENGLISH_NICKNAMES and rng.random() < 0.6:
                person.nickname = rng.choice(ENGLISH_NICKNAMES[given])
            if married and gender == "F":
                person.alt_family = rng.choice(ENGLISH_FAMILY)  # maiden name
        elif origin == "south_asian":
            if given in SIKH_GIVEN or family in SIKH_FAMILY:
                person.alt_family = "Kaur" if gender == "F" else "Singh"
            elif gender == "F" and rng.random() < 0.5:
                person.alt_family = rng.choice(("Begum", "Bibi", "Khatun"))
            elif rng.random() < 0.5:
                # father's (or husband's) given name recorded as the surname
                person.alt_family = rng.choice(given_names("south_asian", "M"))
        elif origin == "arabic":
            if rng.random() < 0.6:
                person.alt_family = rng.choice(given_names("arabic", "M"))
        elif origin == "eastern_european":
            if married and gender == "F":
                person.alt_family = rng.choice(family_names("eastern_european", "F"))
        elif origin == "west_african":
            if given in GIVEN_VARIANTS:
                person.nickname = GIVEN_VARIANTS[given][0]
            if married and gender == "F":
                person.alt_family = rng.choice(family_names("west_african", "F"))
        elif origin == "chinese" and rng.random() < 0.5:
            person.english_name = rng.choice(
                CHINESE_ENGLISH_NAMES_F if gender == "F" else CHINESE_ENGLISH_NAMES_M
            )
        if rng.random() < 0.97:
            person.nhs = nhs_number(rng)
        return person

    def give_pnc(self, person: Person, day: dt.date) -> None:
        if person.pnc is None:
            person.pnc = pnc_id(self.rng, day.year - self.rng.randint(0, 8))
