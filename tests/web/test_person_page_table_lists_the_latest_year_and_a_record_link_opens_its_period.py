"""The person page's table lists the latest 12 months by default; the picture still shows her whole
history, and a link to an older record opens the year that holds it, on the page of its row."""

from __future__ import annotations

import pytest

from tests.personas import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_record(storyline):
    vera = {"name": "Vera Quillfeather", "dob": "1984-03-02", "person": storyline.victim}
    return make_record(
        "police", "INC-TEST-OLD", "incident", "2019-06-03", [{"ref": "a", "role": "victim", **vera}],
        summary="Earlier call-out: raised voices.",
    )  # fmt: skip


def test_an_older_record_is_in_the_picture_but_not_in_the_default_table(client, storyline, old_record):
    client.force_login(storyline.police_officer)
    html = client.get(f"/people/{storyline.victim.pk}/").content.decode()
    assert f'id="record-{storyline.police_incident.pk}"' in html  # within the latest 12 months
    assert f'id="record-{old_record.pk}"' not in html
    assert f'href="?record={old_record.pk}#record-{old_record.pk}"' in html  # its marker
    assert "Records from April 2023 to March 2024" in html


def test_a_link_to_an_older_record_opens_its_year_with_its_row(client, storyline, old_record):
    client.force_login(storyline.police_officer)
    html = client.get(f"/people/{storyline.victim.pk}/?record={old_record.pk}").content.decode()
    assert f'id="record-{old_record.pk}"' in html
    assert f'id="record-{storyline.police_incident.pk}"' not in html
    assert "Records from January 2019 to December 2019" in html


def test_a_record_link_finds_the_page_of_the_table_that_holds_its_row(client, storyline):
    from safeguarding.web import person_page

    vera = {"name": "Vera Quillfeather", "person": storyline.victim}
    records = [
        make_record("police", f"INC-MANY-{i}", "incident", f"2024-01-{1 + i % 28:02d}", [{"ref": "a", "role": "victim", **vera}])
        for i in range(person_page.PAGE_SIZE + 5)
    ]  # fmt: skip
    client.force_login(storyline.police_officer)
    last = max(records, key=lambda r: (r.occurred_start, r.pk))
    html = client.get(f"/people/{storyline.victim.pk}/").content.decode()
    assert f'id="record-{last.pk}"' not in html  # the first page holds the earliest rows
    html = client.get(f"/people/{storyline.victim.pk}/?record={last.pk}").content.decode()
    assert f'id="record-{last.pk}"' in html
    assert 'rel="prev"' in html
