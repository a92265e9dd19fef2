"""Reading stored records' text once, and keeping the markers (`RecordText`)."""

from __future__ import annotations

from collections.abc import Iterable

from safeguarding.records.models import Record
from safeguarding.signals.models import RecordText
from safeguarding.signals.text import READER_VERSION, read_record_text


def read_records(record_ids: Iterable[int], *, force: bool = False) -> int:
    """Read the text of these records (only those not yet read by this reader, unless `force`); return how many."""
    ids = sorted(set(record_ids))
    if not ids:
        return 0
    done = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        if not force:
            fresh = set(
                RecordText.objects.filter(record_id__in=chunk, reader_version=READER_VERSION).values_list(
                    "record_id", flat=True
                )
            )
            chunk = [pk for pk in chunk if pk not in fresh]
        if not chunk:
            continue
        rows = []
        for pk, summary, outcome, tags in Record.objects.filter(pk__in=chunk).values_list(
            "pk", "summary", "outcome", "tags"
        ):
            reading = read_record_text(summary or "", outcome or "", list(tags or []))
            data = reading.as_json()
            rows.append(
                RecordText(
                    record_id=pk,
                    markers=data["markers"],
                    discounted={
                        k: data[k] for k in ("negated", "hypothetical", "possible", "historical") if data[k]
                    },
                    spans=data["spans"],
                    reader_version=READER_VERSION,
                )
            )
        RecordText.objects.filter(record_id__in=[r.record_id for r in rows]).delete()
        RecordText.objects.bulk_create(rows)
        done += len(rows)
    return done
