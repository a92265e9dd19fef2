"""Pseudonymised for publication: people as the review names them (V1, P1, ...); no name, address, date of
birth or agency reference from the records survives, even inside free text, as a surname alone or a nickname."""

from __future__ import annotations

import datetime as dt

from safeguarding.records.models import Record
from safeguarding.reviews.analysis import ReplayedSignal, analyse
from safeguarding.reviews.chronology import build_chronology
from safeguarding.reviews.exports import export_review, pseudonymiser_for, write_overview_skeleton
from safeguarding.reviews.operations import add_comment
from tests.reviews.published_files import forbidden_strings, survivors, text_of


def test_free_text_names_addresses_dates_of_birth_and_references_are_replaced(small_review):
    entries = build_chronology(small_review)
    clean = pseudonymiser_for(small_review, entries).clean
    text = clean(
        "Neighbour Nessa Orrin called. VEXLEY had a cut lip and said DRUMMOND pushed her. Cal was drunk. "
        "Lives at 12 Quarry Lane, DN4 7QT. DOB 17/03/1984, born 17 March 1984. Ref POL-2021-7, PNC 99/123456X. "
        "A man called Mick also visits; Mr Petheridge next door."
    )
    for gone in ["Nessa", "Orrin", "VEXLEY", "DRUMMOND", "Cal ", "Quarry", "DN4", "17/03/1984", "17 March 1984",
                 "POL-2021-7", "99/123456X", "Mick", "Petheridge"]:  # fmt: skip
        assert gone not in text, (gone, text)
    assert "V1 had a cut lip and said P1 pushed her" in text
    assert "P1 was drunk" in text


def test_the_published_chronology_files_hold_nothing_that_identifies(small_review, chair, tmp_path):
    add_comment(small_review, Record.objects.get(record_id="GP-5531"), actor=chair,
                text="Rhona VEXLEY was not asked about abuse; DRUMMOND was never assessed.")  # fmt: skip
    signal = ReplayedSignal(
        "ESCALATION", small_review.deceased.person_id, dt.date(2021, 2, 4), (("police", "POL-2021-7"),)
    )
    analysis = analyse(small_review, [signal])
    files = [
        export_review(small_review, "xlsx", tmp_path / "c.xlsx", published=True),
        export_review(small_review, "docx", tmp_path / "c.docx", published=True),
        write_overview_skeleton(small_review, tmp_path / "overview.docx", analysis=analysis),
    ]
    forbidden = forbidden_strings(list(Record.objects.all()))
    assert "Rhona VEXLEY" in forbidden and "12 Quarry Lane, Dunmere" in forbidden
    for path in files:
        text = text_of(path)
        assert survivors(text, forbidden) == [], path.name
    published = text_of(files[0])
    assert "V1" in published and "P1" in published
    assert "was not asked about abuse; P1 was never assessed" in published


def test_the_panel_copy_keeps_the_names_and_references(small_review, tmp_path):
    text = text_of(export_review(small_review, "xlsx", tmp_path / "panel.xlsx"))
    assert "POL-2021-7" in text and "VEXLEY" in text


def test_a_title_with_initials_is_removed_too(small_review):
    clean = pseudonymiser_for(small_review, build_chronology(small_review)).clean
    assert clean("Mrs T smiling; Mr S. G. answered; Mr & Mrs K attended.") == (
        "[name removed] smiling; [name removed] answered; Mr & [name removed] attended."
    )


def test_names_in_quotes_and_possessives_are_replaced(small_review):
    clean = pseudonymiser_for(small_review, build_chronology(small_review)).clean
    assert clean("She said 'I'm not doing anything against Callum' and went to Drummond's flat.") == (
        "She said 'I'm not doing anything against P1' and went to P1's flat."
    )


def test_an_event_on_a_date_of_birth_shows_only_its_month(small_review):
    from safeguarding.reviews.exports import published_rows
    from tests.reviews.conftest import make_record

    make_record(
        "gp",
        "GP-BIRTH",
        "1984-03-17",
        "note",
        [
            {
                "role": "patient",
                "name": "Rhona Vexley",
                "dob": "1984-03-17",
                "person": small_review.deceased.person,
            }
        ],
    )
    small_review.period_start = small_review.period_start.replace(year=1984)
    small_review.save()
    entries = build_chronology(small_review)
    rows = published_rows(entries, pseudonymiser_for(small_review, entries))
    assert "March 1984" in [r.date for r in rows] and "17/03/1984" not in [r.date for r in rows]
