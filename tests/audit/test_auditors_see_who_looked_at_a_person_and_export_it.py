import csv
import io

from safeguarding.audit import log_action
from safeguarding.audit.models import AuditEntry


def _look(storyline, user, action="person_viewed"):
    return log_action(action, actor=user, person_id=storyline.victim.pk)


def test_the_auditor_sees_who_looked_at_the_victim(client, storyline, auditor, police_officer, idva_worker):
    _look(storyline, police_officer)
    _look(storyline, idva_worker, "timeline_viewed")
    log_action("record_viewed", actor=idva_worker, target=storyline.idva_disclosure)
    client.force_login(auditor)
    page = client.get(f"/audit/people/{storyline.victim.pk}/").content.decode()
    assert "police_officer" in page and "idva_worker" in page
    assert "Viewed a record" in page
    assert AuditEntry.objects.filter(
        action="audit_viewed", actor=auditor, person_id=storyline.victim.pk
    ).exists()


def test_the_export_is_csv_and_is_itself_audited(client, storyline, auditor, police_officer):
    _look(storyline, police_officer)
    log_action("search", actor=police_officer, person_id=storyline.victim.pk, detail={"q": "=HYPERLINK(1)"})
    client.force_login(auditor)
    response = client.get(f"/audit/people/{storyline.victim.pk}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {r["actor_label"] for r in rows} >= {"police_officer"}
    assert all(not r["detail"].startswith("=") for r in rows)
    assert AuditEntry.objects.filter(action="export", actor=auditor, person_id=storyline.victim.pk).exists()


def test_the_auditor_sees_what_one_user_looked_at(client, storyline, auditor, police_officer):
    _look(storyline, police_officer)
    client.force_login(auditor)
    response = client.get("/audit/", {"username": "police_officer"})
    assert response["Location"] == f"/audit/users/{police_officer.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Viewed a person&#x27;s page" in page or "Viewed a person's page" in page
    export = client.get(f"/audit/users/{police_officer.pk}/export.csv")
    assert b"person_viewed" in b"".join(export.streaming_content)


def test_nobody_but_an_auditor_reaches_the_audit_pages(
    client, storyline, police_officer, administrator, police_manager
):
    for user in (police_officer, administrator, police_manager):
        client.force_login(user)
        for url in (
            "/audit/",
            f"/audit/people/{storyline.victim.pk}/",
            f"/audit/people/{storyline.victim.pk}/export.csv",
        ):
            assert client.get(url).status_code == 404
    client.logout()
    assert client.get("/audit/").status_code == 302


def test_the_check_page_names_the_first_changed_entry(client, storyline, auditor):
    from tests.audit.conftest import database_guard_lifted

    entries = [log_action("search") for _ in range(3)]
    with database_guard_lifted():
        AuditEntry.objects.filter(pk=entries[1].pk).update(reason="edited")
    client.force_login(auditor)
    page = client.get("/audit/verify/").content.decode()
    assert f"Entry {entries[1].pk}" in page
