import pytest
from django.http import Http404

from safeguarding.agencies.access import can_view_person, get_person_for_user, visible_people
from safeguarding.audit.models import AuditEntry


def test_agencies_holding_a_record_about_the_person_may_view_her(
    storyline, police_officer, idva_worker, housing_officer
):
    for user in (police_officer, idva_worker, housing_officer):
        assert can_view_person(user, storyline.victim)
        assert storyline.victim in visible_people(user)


def test_the_gp_with_no_record_may_not_view_her_and_the_refusal_looks_like_missing(storyline, gp_worker):
    assert not can_view_person(gp_worker, storyline.victim)
    assert storyline.victim not in visible_people(gp_worker)
    with pytest.raises(Http404):
        get_person_for_user(gp_worker, storyline.victim.pk)
    with pytest.raises(Http404):
        get_person_for_user(gp_worker, 999_999)
    assert AuditEntry.objects.filter(
        action="access_refused", actor=gp_worker, person_id=storyline.victim.pk
    ).exists()


def test_an_inactive_account_sees_nobody(storyline, police_officer):
    police_officer.is_active = False
    police_officer.save()
    assert not visible_people(police_officer).exists()
