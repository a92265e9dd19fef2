from safeguarding.agencies.models import BreakGlassGrant
from safeguarding.audit.models import AuditEntry
from tests.personas import make_user


def test_the_gp_states_a_reason_and_is_sent_to_the_person_page(client, storyline, gp_worker):
    client.force_login(gp_worker)
    url = f"/accounts/break-glass/{storyline.victim.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "short"})
    assert response.status_code == 200 and not BreakGlassGrant.objects.exists()
    response = client.post(url, {"reason": "Unconscious patient brought in; need injury history now."})
    assert response["Location"] == f"/people/{storyline.victim.pk}/"
    assert BreakGlassGrant.objects.get().user == gp_worker


def test_a_gp_manager_reviews_it_and_not_justified_ends_the_access(client, storyline, gp_worker):
    from safeguarding.agencies.access import break_glass, can_view_person

    grant = break_glass(
        gp_worker, storyline.victim, "Unconscious patient brought in; need injury history now."
    )
    manager = make_user("gp_manager", "gp", "team_manager")
    client.force_login(manager)
    assert "Unconscious patient" in client.get("/accounts/break-glass/reviews/").content.decode()
    client.post(
        f"/accounts/break-glass/reviews/{grant.pk}/", {"outcome": "not_justified", "note": "Not an emergency"}
    )
    grant.refresh_from_db()
    assert grant.outcome == "not_justified" and grant.reviewed_by == manager
    assert not can_view_person(gp_worker, storyline.victim)
    assert AuditEntry.objects.filter(action="break_glass_reviewed", actor=manager).exists()


def test_a_manager_in_another_agency_cannot_review_it(client, storyline, gp_worker, police_manager):
    from safeguarding.agencies.access import break_glass

    grant = break_glass(
        gp_worker, storyline.victim, "Unconscious patient brought in; need injury history now."
    )
    client.force_login(police_manager)
    assert (
        client.post(f"/accounts/break-glass/reviews/{grant.pk}/", {"outcome": "justified"}).status_code == 404
    )
