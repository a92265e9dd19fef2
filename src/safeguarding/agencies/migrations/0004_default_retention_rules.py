from django.db import migrations


def add_default_rules(apps, schema_editor):
    from safeguarding.agencies.models import DEFAULT_RETENTION_YEARS

    RetentionRule = apps.get_model("agencies", "RetentionRule")
    for record_type, years in DEFAULT_RETENTION_YEARS.items():
        RetentionRule.objects.get_or_create(
            record_type=record_type, defaults={"retain_years": years, "basis": "Default on installation"}
        )


class Migration(migrations.Migration):
    dependencies = [("agencies", "0003_governance")]
    operations = [migrations.RunPython(add_default_rules, migrations.RunPython.noop)]
