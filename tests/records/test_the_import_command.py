from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.dispatch import Signal

from safeguarding.records.models import Record

from .conftest import a_record, write_jsonl

pytestmark = pytest.mark.django_db


def test_each_file_is_its_own_all_or_nothing(tmp_path, capsys):
    good = write_jsonl(tmp_path / "good.jsonl", [a_record(record_id="G-1")])
    bad = write_jsonl(
        tmp_path / "bad.jsonl", [a_record(record_id="B-1"), a_record(record_id="B-2", type="x")]
    )
    with pytest.raises(CommandError, match="1 of 2 files refused"):
        call_command("import_records", str(bad), str(good), "--no-progress")
    out, err = capsys.readouterr()
    assert f"{good}: 1 records: 1 new" in out
    assert f"{bad}: refused" in out
    assert f"{bad}, line 2, field type: unknown event type 'x'" in err
    assert list(Record.objects.values_list("record_id", flat=True)) == ["G-1"]


def test_records_stored_is_sent_after_commit_unless_no_link(
    tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    received = []

    def listener(sender, record_ids, **kwargs):
        received.append(sorted(record_ids))

    # Only this listener: what other apps do with the signal is their tests' business.
    signal = Signal()
    monkeypatch.setattr("safeguarding.records.importer.records_stored", signal)
    signal.connect(listener)
    try:
        path = write_jsonl(tmp_path / "r.jsonl", [a_record(record_id="S-1")])
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import_records", str(path), "--no-link", "--no-progress")
        assert received == []
        path = write_jsonl(
            tmp_path / "r.jsonl", [a_record(record_id="S-1", summary="new"), a_record(record_id="S-2")]
        )
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import_records", str(path), "--no-progress")
        assert received == [sorted(Record.objects.values_list("id", flat=True))]
    finally:
        signal.disconnect(listener)


def test_api_tokens_are_issued_listed_and_revoked(capsys):
    call_command("api_token", "create", "idva", "Case system")
    key = capsys.readouterr().out.strip()
    assert key.startswith("sgr_") and len(key) > 40
    call_command("api_token", "list")
    listing = capsys.readouterr().out
    assert "idva" in listing and "Case system" in listing and key not in listing and "active" in listing
    from safeguarding.records.models import ApiToken

    token = ApiToken.objects.get()
    call_command("api_token", "revoke", str(token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(CommandError, match="unknown agency"):
        call_command("api_token", "create", "nowhere", "x")
