"""Live evaluation: read new records' text once; re-evaluate just the people linkage changed."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from safeguarding.people.events import people_changed
from safeguarding.records.events import records_stored
from safeguarding.signals.evaluation import evaluate_people, live_evaluation_enabled
from safeguarding.signals.reading import read_records

log = logging.getLogger(__name__)


@receiver(records_stored, dispatch_uid="signals_read_new_records")
def read_new_records(sender: Any, record_ids: list[int] | None = None, **kwargs: Any) -> None:
    if not record_ids or not live_evaluation_enabled():
        return
    read_records(record_ids, force=True)
    # A corrected record changes what its (already linked) people's signals rest on; new records'
    # people are evaluated when linkage announces them.
    from safeguarding.people.models import Mention

    linked = set(
        Mention.objects.filter(record_id__in=record_ids, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    if linked:
        try:
            evaluate_people(linked)
        except Exception:
            log.exception("evaluating signals for people %s failed", sorted(linked))


@receiver(people_changed, dispatch_uid="signals_evaluate_changed_people")
def evaluate_changed_people(sender: Any, person_ids: list[int] | None = None, **kwargs: Any) -> None:
    if person_ids and live_evaluation_enabled():
        try:
            evaluate_people(person_ids)
        except Exception:  # an evaluation failure must never undo or block the import that caused it
            log.exception("evaluating signals for people %s failed", person_ids)
