import pytest
from django.core.management import CommandError, call_command

from safeguarding.audit import log_action, verify_chain
from safeguarding.audit.models import AuditEntry
from tests.audit.conftest import database_guard_lifted

pytestmark = pytest.mark.django_db


def test_an_untouched_chain_verifies():
    for action in ("login", "search", "logout"):
        log_action(action)
    checked, broken = verify_chain()
    assert (checked, broken) == (3, None)


def test_changing_one_row_in_the_database_breaks_the_chain_at_that_row():
    entries = [log_action("search", detail={"q": f"query {i}"}) for i in range(5)]
    with database_guard_lifted():
        AuditEntry.objects.filter(pk=entries[2].pk).update(detail={"q": "something else"})
    checked, broken = verify_chain()
    assert checked == 2
    assert broken is not None and broken.entry_id == entries[2].pk


def test_deleting_a_row_breaks_the_chain_at_the_row_after_it():
    entries = [log_action("search") for _ in range(4)]
    with database_guard_lifted():
        AuditEntry.objects.filter(pk=entries[1].pk)._raw_delete(AuditEntry.objects.db)
    _, broken = verify_chain()
    assert broken is not None and broken.entry_id == entries[2].pk


def test_audit_verify_command_names_the_first_broken_entry():
    entries = [log_action("login") for _ in range(3)]
    with database_guard_lifted():
        AuditEntry.objects.filter(pk=entries[1].pk).update(reason="edited")
    with pytest.raises(CommandError, match=f"entry {entries[1].pk}"):
        call_command("audit", "verify")


def test_entries_cannot_be_changed_or_deleted_through_the_model():
    entry = log_action("login")
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_an_unregistered_action_is_refused():
    with pytest.raises(ValueError, match="Unknown audit action"):
        log_action("made_up_action")
