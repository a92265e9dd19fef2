"""The panel comments on any entry of the combined chronology; comments show on the page and in the
panel's Excel and Word copies, in the panel comment column."""

from __future__ import annotations

from safeguarding.audit.models import AuditEntry
from safeguarding.records.models import Record
from safeguarding.reviews.exports import export_review
from tests.reviews.published_files import text_of


def test_a_comment_is_added_shown_and_exported(client, chair, small_review, tmp_path):
    record = Record.objects.get(record_id="GP-5531")
    client.force_login(chair)
    response = client.post(
        f"/reviews/{small_review.pk}/chronology/{record.pk}/comment/",
        {"text": "Nobody asked her about abuse."},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#entry-{record.pk}")
    assert (
        "Nobody asked her about abuse."
        in client.get(f"/reviews/{small_review.pk}/chronology/").content.decode()
    )
    for fmt in ("xlsx", "docx"):
        assert "Nobody asked her about abuse." in text_of(
            export_review(small_review, fmt, tmp_path / f"c.{fmt}")
        )
    assert AuditEntry.objects.filter(action="review_changed", detail__change="panel comment").exists()


def test_a_comment_on_a_record_outside_the_chronology_is_refused(client, chair, small_review):
    outside = Record.objects.get(record_id="POL-2020-1")
    client.force_login(chair)
    assert (
        client.post(f"/reviews/{small_review.pk}/chronology/{outside.pk}/comment/", {"text": "x"}).status_code
        == 404
    )
