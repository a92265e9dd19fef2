"""`generate_population`: households and storylines, streamed to records.jsonl and expected.json."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Person
from .names import ENGLISH_FAMILY, SOUTH_ASIAN_FAMILY
from .ordinary import background, ordinary_household, settle
from .storylines import STORYLINES, storyline
from .unit import Unit
from .world import World


@dataclass
class Summary:
    people: int
    records: int
    storylines: dict[str, int]
    signals: int
    must_not: int
    lookalikes: int
    seconds: float
    records_path: Path
    expected_path: Path
    origins: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"people: {self.people}",
            f"records: {self.records}",
            f"storylines: {sum(self.storylines.values())}",
        ]
        out += [f"  {kind}: {n}" for kind, n in sorted(self.storylines.items())]
        out += [
            f"expected signals: {self.signals}; must_not: {self.must_not}; look-alike pairs: {self.lookalikes}",
            "origins: " + ", ".join(f"{k} {v}" for k, v in sorted(self.origins.items())),
            f"seconds: {self.seconds:.1f}",
        ]
        return out


# Household sizes of ordinary households and how common each is.
SIZES = (1, 2, 3, 4, 5)
SIZE_WEIGHTS = (0.33, 0.3, 0.15, 0.16, 0.06)


def generate_population(
    people: int,
    seed: int,
    out_dir: Path,
    *,
    storyline_share: float = 0.05,
    start_year: int = 2012,
    end_year: int = 2023,
    records: int | None = None,
    lookalike_share: float = 0.03,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Write a synthetic multi-agency population to `out_dir` (records.jsonl and expected.json).

    `people` is the exact number of people; with `records` set, households are added until at least that
    many records are written and `people` is ignored. `storyline_share` is the share of people who carry a
    domestic-abuse storyline. The same arguments always give byte-identical files.
    """
    if not 0 <= storyline_share <= 1:
        raise ValueError("storyline_share must be between 0 and 1")
    if records is None and people < 1:
        raise ValueError("people must be at least 1")
    began = time.monotonic()
    world = World(seed, start_year, end_year)
    rng = world.rng
    from .output import Output

    output = Output(Path(out_dir))
    kinds: list[str] = []
    counts: Counter[str] = Counter()
    story_people = 0
    try:
        while True:
            done = output.people
            if records is not None:
                if output.records >= records:
                    break
                remaining = 1 << 30
            else:
                remaining = people - done
                if remaining <= 0:
                    break
            if storyline_share > 0 and remaining >= 6 and story_people < storyline_share * (done + 1):
                if not kinds:
                    kinds = list(STORYLINES)
                    rng.shuffle(kinds)
                kind = kinds.pop()
                unit = storyline(world, kind)
                story_people += len(unit.people)
                counts[kind] += 1
            else:
                unit = _ordinary(world, remaining, lookalike_share)
            unit.finish()
            output.add(unit)
            if progress is not None:
                progress(output.people, output.records)
        records_path, expected_path = output.close(
            case=f"synthetic-{seed}",
            source=(
                f"Synthetic population from `safeguarding generate` (seed {seed}, {start_year}-{end_year}, "
                f"storyline share {storyline_share}). Every name, address and record is invented."
            ),
        )
    except BaseException:
        output.abandon()
        raise
    return Summary(
        people=output.people,
        records=output.records,
        storylines=dict(counts),
        signals=len(output.signals),
        must_not=len(output.must_not),
        lookalikes=len(output.lookalikes),
        seconds=time.monotonic() - began,
        records_path=records_path,
        expected_path=expected_path,
        origins=dict(Counter(output.origins.values())),
    )


def _ordinary(world: World, remaining: int, lookalike_share: float) -> Unit:
    rng = world.rng
    roll = rng.random()
    if remaining >= 3 and roll < lookalike_share * 0.5:
        return _father_and_son(world)
    if remaining >= 2 and roll < lookalike_share * 0.8:
        return _namesakes(world)
    if remaining >= 4 and roll < lookalike_share:
        return _twins(world)
    size = min(rng.choices(SIZES, SIZE_WEIGHTS)[0], remaining)
    return ordinary_household(world, size)


def _father_and_son(world: World) -> Unit:
    """Father and adult son with one name, living at one address: two people a linker must keep apart."""
    rng = world.rng
    unit = Unit(world, "ordinary")
    origin = world.origin()
    father = world.person("O", origin, "M", world.dob_for_age(50, 68))
    mother = world.person("O", origin, "F", world.dob_for_age(48, 66), family=_female(father), married=True)
    son_dob = father.dob.replace(year=father.dob.year + rng.randint(22, 28), day=min(father.dob.day, 28))
    son = world.person("O", origin, "M", son_dob, family=father.family, given=father.given)
    son.middle = father.middle if rng.random() < 0.5 else son.middle
    son.nickname = father.nickname
    settle(world, [father, mother, son])
    unit.join(father, mother, son)
    unit.lookalikes.append((father.label, son.label))
    for person in unit.people:
        background(unit, person)
    return unit


def _namesakes(world: World) -> Unit:
    """Two people with the same common name in different towns, born years apart."""
    rng = world.rng
    unit = Unit(world, "ordinary")
    origin = rng.choice(("english", "english", "south_asian"))
    gender = rng.choice("FM")
    family = rng.choice(ENGLISH_FAMILY[:60] if origin == "english" else SOUTH_ASIAN_FAMILY[:12])
    one = world.person("O", origin, gender, world.dob_for_age(20, 70), family=family)
    two = world.person("O", origin, gender, world.dob_for_age(20, 70), family=family, given=one.given)
    settle(world, [one])
    settle(world, [two])
    if two.addresses[0][1].town == one.addresses[0][1].town and len(world.areas) > 1:
        settle(world, [two])
    unit.join(one, two)
    unit.lookalikes.append((one.label, two.label))
    for person in unit.people:
        background(unit, person)
    return unit


def _twins(world: World) -> Unit:
    """A family with adult twins: one date of birth, one surname, one address, two people."""
    rng = world.rng
    unit = Unit(world, "ordinary")
    origin = world.origin()
    father = world.person("O", origin, "M", world.dob_for_age(50, 65))
    mother = world.person("O", origin, "F", world.dob_for_age(48, 63), family=_female(father), married=True)
    dob = world.dob_for_age(18, 26)
    gender = rng.choice("FM")
    family = father.family if gender == "M" else _female(father)
    one = world.person("O", origin, gender, dob, family=family)
    two = world.person("O", origin, gender, dob, family=family)
    while two.given == one.given:
        two.given = world.person("O", origin, gender, dob).given
    settle(world, [father, mother, one, two])
    unit.join(father, mother, one, two)
    unit.lookalikes.append((one.label, two.label))
    for person in unit.people:
        background(unit, person)
    return unit


def _female(person: Person) -> str:
    from .names import gendered_family

    return gendered_family(person.family, "F")
