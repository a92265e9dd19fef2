import json

from django.core.management import call_command

from safeguarding.agencies.governance import subject_access_export
from safeguarding.audit.models import AuditEntry
from tests.personas import REFUGE_ADDRESS, REFUGE_POSTCODE


def test_the_perpetrators_export_holds_his_records_but_not_the_victims_details(storyline, auditor):
    export = subject_access_export(storyline.perpetrator, by=auditor)
    text = json.dumps(export)
    keys = {(r["agency"], r["record_id"]) for r in export["records"]}
    assert ("probation", "PRB-TEST-0001") in keys and ("police", "INC-TEST-0001") in keys
    for secret in ("Vera", "Quillfeather", "1984-03-02", REFUGE_ADDRESS, REFUGE_POSTCODE, "22 Tansy Row"):
        assert secret not in text, secret
    assert "Dale Brackenbury" in text
    assert AuditEntry.objects.get(action="subject_access_export").person_id == storyline.perpetrator.pk


def test_the_victims_export_keeps_her_own_details(storyline, auditor):
    export = subject_access_export(storyline.victim, by=auditor)
    text = json.dumps(export)
    assert "1984-03-02" in text and "Brackenbury" not in text


def test_the_command_writes_the_export_to_a_file(storyline, auditor, tmp_path):
    out = tmp_path / "sar.json"
    call_command("subject_access_export", str(storyline.victim.pk), "--out", str(out), "--by", "auditor")
    assert json.loads(out.read_text())["person"]["id"] == storyline.victim.pk
