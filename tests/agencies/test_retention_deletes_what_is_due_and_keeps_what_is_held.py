from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from safeguarding.agencies import governance
from safeguarding.agencies.governance import apply_retention, place_legal_hold
from safeguarding.audit.models import AuditEntry
from safeguarding.people.models import Mention, Person
from safeguarding.records.models import Record
from tests.personas import make_record


@pytest.fixture
def old_records(storyline):
    """Two notes recorded 20 years ago: one about a stranger, one about the storyline's victim."""
    stranger = Person.objects.create(display_name="Old Stranger")
    old = timezone.now() - timedelta(days=365 * 20)
    a = make_record(
        "gp",
        "GP-OLD-1",
        "note",
        "2004-01-01",
        [{"ref": "a", "role": "patient", "name": "Old Stranger", "person": stranger}],
    )
    b = make_record(
        "gp",
        "GP-OLD-2",
        "note",
        "2004-01-02",
        [{"ref": "a", "role": "patient", "name": "Vera Quillfeather", "person": storyline.victim}],
    )
    Record.objects.filter(pk__in=[a.pk, b.pk]).update(recorded=old)
    return a, b, stranger


def test_due_records_their_mentions_and_orphaned_people_are_deleted_and_audited(storyline, old_records):
    a, b, stranger = old_records
    result = apply_retention()
    assert result.deleted == 2
    assert not Record.objects.filter(pk__in=[a.pk, b.pk]).exists()
    assert not Mention.objects.filter(record_id__in=[a.pk, b.pk]).exists()
    assert not Person.objects.filter(pk=stranger.pk).exists()
    assert Person.objects.filter(pk=storyline.victim.pk).exists()  # she has newer records
    assert Record.objects.filter(pk=storyline.police_incident.pk).exists()
    entry = AuditEntry.objects.get(action="retention_deleted")
    assert set(entry.detail["deleted"]) == {"gp:GP-OLD-1", "gp:GP-OLD-2"}
    assert entry.reason


def test_running_it_again_deletes_nothing_more_and_writes_no_entry(storyline, old_records):
    apply_retention()
    assert apply_retention().deleted == 0
    assert AuditEntry.objects.filter(action="retention_deleted").count() == 1


def test_a_legal_hold_on_the_person_keeps_her_old_record(storyline, old_records, police_manager):
    a, b, _ = old_records
    place_legal_hold(police_manager, person=storyline.victim, reason="Inquest pending into a related death")
    apply_retention()
    assert Record.objects.filter(pk=b.pk).exists()
    assert not Record.objects.filter(pk=a.pk).exists()


def test_a_live_review_registered_through_the_hook_keeps_its_people(storyline, old_records):
    victim_id = storyline.victim.pk
    governance.register_hold_provider(
        "test_live_review", "person", lambda: Person.objects.filter(pk=victim_id).values("pk")
    )
    try:
        apply_retention()
    finally:
        governance._hold_providers.pop("test_live_review")
    assert Record.objects.filter(pk=old_records[1].pk).exists()


def test_audit_entries_survive_retention(storyline, old_records):
    from safeguarding.audit import log_action

    log_action("record_viewed", target=old_records[0])
    before = AuditEntry.objects.count()
    call_command("apply_retention")
    assert AuditEntry.objects.count() == before + 1


def test_a_dry_run_deletes_nothing(storyline, old_records):
    result = apply_retention(dry_run=True)
    assert result.deleted == 2 and Record.objects.filter(pk=old_records[0].pk).exists()
