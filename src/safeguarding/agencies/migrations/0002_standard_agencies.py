from django.db import migrations


def add_standard_agencies(apps, schema_editor):
    from safeguarding.agencies.models import STANDARD_AGENCIES

    Agency = apps.get_model("agencies", "Agency")
    for code, (name, kind) in STANDARD_AGENCIES.items():
        Agency.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(add_standard_agencies, migrations.RunPython.noop)]
