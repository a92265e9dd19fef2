import io
import json

import pytest
from django.core.management import call_command

from safeguarding.audit.models import AuditEntry
from safeguarding.people.models import Mention
from tests.people.conftest import store


@pytest.mark.django_db
def test_link_relinks_everyone_and_names_the_model():
    store("police", "INC-1", {"name": "Ewan Maddox", "dob": "1970-12-01", "gender": "M"})
    store(
        "gp",
        "GP-1",
        {"name": "Ewan MADDOX", "dob": "1970-12-01", "gender": "M", "ids": {"nhs": "4010232137"}},
    )
    store(
        "gp",
        "GP-2",
        {"name": "Iris Maddox", "dob": "1972-03-05", "gender": "F", "ids": {"nhs": "4010232145"}},
    )
    out = io.StringIO()
    call_command("link", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["mentions"] == 3 and summary["people"] == 2
    assert summary["model"].startswith("default.json")
    assert Mention.objects.filter(person__isnull=True).count() == 0
    assert AuditEntry.objects.filter(action="linkage_run").exists()
    # Safe to re-run: the same people keep their ids.
    before = dict(Mention.objects.values_list("id", "person_id"))
    call_command("link", "--json", stdout=io.StringIO())
    assert dict(Mention.objects.values_list("id", "person_id")) == before
