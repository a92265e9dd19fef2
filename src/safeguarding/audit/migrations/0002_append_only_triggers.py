"""Make the audit table append-only in the database itself, not only in the model.

PostgreSQL: row-level triggers refuse UPDATE and DELETE (TRUNCATE, which needs the table owner's
rights, is left to the owner: run the application as a role that does not own its tables).
SQLite: a trigger refuses UPDATE. DELETE is not refused there, because Django's test runner empties
tables with DELETE; a deleted entry still breaks the hash chain at the entry after it.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: UPDATE and DELETE are refused';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_auditentry;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only (UPDATE refused)');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_entry_no_update;"


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            if schema_editor.connection.vendor == "sqlite":
                schema_editor.execute(sql.strip())
            else:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
