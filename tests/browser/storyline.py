"""A small generated population, imported, linked and evaluated as `make demo` does, with the demo
users; and the victim of one of its storylines."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Victim:
    person: Any
    name: str


def build_population(people: int = 50, seed: int = 11) -> dict[str, Any]:
    from safeguarding.agencies.demo import create_demo_users
    from safeguarding.generator import generate_population
    from safeguarding.people.linking import relink_all
    from safeguarding.records.importer import import_file
    from safeguarding.signals.evaluation import evaluate_all

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate_population(people=people, seed=seed, out_dir=out, storyline_share=0.5)
        import_file(out / "records.jsonl", notify=False)
        expected = json.loads((out / "expected.json").read_text())
    relink_all()
    evaluate_all()
    create_demo_users()
    return expected


def storyline_victim(expected: dict[str, Any], agency: str = "police") -> Victim:
    """A storyline victim whom `agency` knows and who has an open signal; the one with most records."""
    from django.db.models import Count

    from safeguarding.people.models import Mention, Person
    from safeguarding.signals.models import Signal

    victims = set()
    for key, refs in expected["people"].items():
        if not key.startswith("V") or not any(r[0] == agency for r in refs):
            continue
        first = next(r for r in refs if r[0] == agency)
        mention = Mention.objects.filter(
            record__agency__code=first[0], record__record_id=first[1], ref=first[2], person__isnull=False
        ).first()
        if mention is not None:
            victims.add(mention.person_id)
    flagged = set(
        Signal.objects.filter(person_id__in=victims, cleared__isnull=True).values_list("person_id", flat=True)
    )
    person = (
        Person.objects.filter(pk__in=flagged or victims)
        .annotate(n=Count("mentions"))
        .order_by("-n", "pk")
        .first()
    )
    if person is None:
        raise LookupError(f"no storyline victim known to {agency}")
    return Victim(person, person.display_name)
