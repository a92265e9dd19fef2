import pytest
from django.db import DatabaseError, connection, transaction

from safeguarding.audit import log_action, verify_chain
from safeguarding.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_update_through_the_orm_is_refused_by_the_database():
    entry = log_action("search", detail={"q": "anything"})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="covering tracks")
    assert verify_chain() == (1, None)


def test_a_raw_sql_update_is_refused_by_the_database():
    entry = log_action("login")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_label = 'someone else' WHERE id = %s", [entry.pk])
    AuditEntry.objects.get(pk=entry.pk)
    assert AuditEntry.objects.get(pk=entry.pk).actor_label == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps DELETE for the test runner's flush"
)
def test_a_delete_is_refused_by_postgresql():
    entry = log_action("login")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk)._raw_delete(AuditEntry.objects.db)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
