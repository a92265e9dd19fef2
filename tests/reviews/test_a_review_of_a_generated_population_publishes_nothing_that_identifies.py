"""The pseudonymisation test on generated reviews: for the victims of generated storylines, the published
chronology (Excel and Word) and the overview report skeleton hold no name, address, date of birth or
agency reference from the records in the review."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from safeguarding.people.models import Mention, Person
from safeguarding.records.importer import import_file
from safeguarding.reviews.analysis import Analysis
from safeguarding.reviews.chronology import build_chronology
from safeguarding.reviews.exports import export_review, write_overview_skeleton
from safeguarding.reviews.models import ReviewSubject
from safeguarding.reviews.operations import add_subject, create_review
from tests.reviews.conftest import link_case_by_truth
from tests.reviews.published_files import forbidden_strings, survivors, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("seed", [7, 2024])
def test_published_files_of_generated_reviews_hold_nothing_that_identifies(seed, chair, tmp_path):
    from safeguarding.generator.population import generate_population

    generate_population(40, seed, tmp_path / "pop", storyline_share=0.5)
    import_file(tmp_path / "pop" / "records.jsonl")
    people = link_case_by_truth(tmp_path / "pop")
    truth = json.loads((tmp_path / "pop" / "expected.json").read_text())
    # The two people recorded most often as a victim, each with the person most often recorded as harming them.
    victims = Counter(
        m.person_id for m in Mention.objects.filter(role="victim", person__isnull=False)
    ).most_common(2)
    assert victims, f"seed {seed}: the generated population has no victims"
    checked = 0
    for n, (victim_id, _) in enumerate(victims):
        harmers = Counter(
            m.person_id
            for m in Mention.objects.filter(
                role="alleged_perpetrator", record__mentions__person_id=victim_id, person__isnull=False
            )
        )
        records = Mention.objects.filter(person_id=victim_id).values_list("record__occurred_start", flat=True)
        review = create_review(
            actor=chair, reference=f"DHR-GEN-{seed}-{n}", title=f"Generated {n}",
            period_start=min(records).date() - dt.timedelta(days=1), period_end=max(records).date() + dt.timedelta(days=1),
            deceased=next(p for p in people.values() if p.pk == victim_id),
        )  # fmt: skip
        if harmers:
            perpetrator = Person.objects.get(pk=harmers.most_common(1)[0][0])
            add_subject(
                review, actor=chair, role=ReviewSubject.Role.PERPETRATOR, person=perpetrator, pseudonym="P1"
            )
        entries = build_chronology(review)
        assert entries
        forbidden = forbidden_strings([e.record for e in entries])
        files = [
            export_review(review, "xlsx", tmp_path / f"{n}.xlsx", published=True),
            export_review(review, "docx", tmp_path / f"{n}.docx", published=True),
            write_overview_skeleton(review, tmp_path / f"{n}-overview.docx", analysis=Analysis(review)),
        ]
        for path in files:
            assert survivors(text_of(path), forbidden) == [], (seed, path.name)
        assert "V1" in text_of(files[0])
        checked += 1
    assert checked >= 1 and truth["people"]
