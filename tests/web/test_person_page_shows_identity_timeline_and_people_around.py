"""A person's page: who they are, the timeline as a picture and a table, the people around them."""

from __future__ import annotations

import pytest

from safeguarding.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_page_shows_names_dates_of_birth_and_the_agencies_that_recorded_them(client, storyline):
    client.force_login(storyline.police_officer)
    html = client.get(f"/people/{storyline.victim.pk}/").content.decode()
    assert "Vera Quillfeather" in html
    assert "1984-03-02" in html
    assert "Police" in html


def test_the_timeline_is_a_picture_with_one_lane_per_agency_and_a_table_of_the_same_records(
    client, storyline
):
    client.force_login(storyline.police_officer)
    html = client.get(f"/people/{storyline.victim.pk}/").content.decode()
    assert "<svg" in html and 'aria-labelledby="timeline-title"' in html
    assert 'class="lane-label"' in html
    assert f'id="record-{storyline.police_incident.pk}"' in html
    assert f"#record-{storyline.police_incident.pk}" in html  # the marker links to its row


def test_the_alleged_perpetrator_is_among_the_people_around_her_with_the_record_that_shows_it(
    client, storyline
):
    client.force_login(storyline.police_officer)
    html = client.get(f"/people/{storyline.victim.pk}/").content.decode()
    assert f'href="/people/{storyline.perpetrator.pk}/"' in html
    assert "Alleged perpetrator" in html


def test_zooming_to_a_period_leaves_out_records_outside_it(client, storyline):
    client.force_login(storyline.police_officer)
    html = client.get(f"/people/{storyline.victim.pk}/?from=2023-01&to=2023-12").content.decode()
    assert f'id="record-{storyline.police_incident.pk}"' not in html
    html = client.get(f"/people/{storyline.victim.pk}/?from=2024-02&to=2024-02").content.decode()
    assert f'id="record-{storyline.police_incident.pk}"' in html


def test_viewing_the_page_is_audited_as_a_person_view_and_a_timeline_view(client, storyline):
    client.force_login(storyline.police_officer)
    client.get(f"/people/{storyline.victim.pk}/")
    actions = set(AuditEntry.objects.filter(person_id=storyline.victim.pk).values_list("action", flat=True))
    assert {"person_viewed", "timeline_viewed"} <= actions


def test_a_person_the_user_may_not_see_looks_the_same_as_one_that_does_not_exist(client, storyline):
    client.force_login(storyline.gp_worker)
    assert client.get(f"/people/{storyline.victim.pk}/").status_code == 404
    assert client.get("/people/999999/").status_code == 404


def test_the_refuge_address_never_reaches_an_agency_that_may_not_see_it(client, storyline):
    from tests.personas import REFUGE_ADDRESS, REFUGE_POSTCODE

    client.force_login(storyline.police_officer)
    html = client.get(f"/people/{storyline.victim.pk}/").content.decode()
    assert REFUGE_ADDRESS not in html and REFUGE_POSTCODE not in html
    assert "A confidential address is held" in html
