from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_triggers = importlib.import_module("safeguarding.audit.migrations.0002_append_only_triggers")


@contextmanager
def database_guard_lifted() -> Iterator[None]:
    """What an attacker with database rights could do: drop the append-only trigger for a moment.

    DDL is transactional in SQLite and PostgreSQL, so the test's rollback also restores the trigger.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_auditentry")
        else:
            cursor.execute(_triggers.SQLITE_DOWN)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(_triggers.POSTGRES_UP)
            else:
                cursor.execute(_triggers.SQLITE_UP.strip())
