from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "safeguarding.marac"
    label = "marac"

    def ready(self) -> None:
        from safeguarding.agencies.access import register_relationship_provider
        from safeguarding.people.events import people_changed
        from safeguarding.records.events import records_stored

        register_relationship_provider("marac_case", "marac", _marac_people)
        people_changed.connect(_people_changed, dispatch_uid="marac_repeat_on_people_changed")
        records_stored.connect(_records_stored, dispatch_uid="marac_repeat_on_records_stored")


def _marac_people(user: Any) -> Any:
    """The coordinator works every referred case; an agency attending a meeting, the cases on it."""
    from safeguarding.marac.models import Referral

    if user.role == "marac_coordinator":
        return Referral.objects.values("person_id")
    if user.agency_id:
        return Referral.objects.filter(meeting__agencies=user.agency_id).values("person_id")
    return None


def _people_changed(sender: Any, person_ids: Any = (), **kwargs: Any) -> None:
    from safeguarding.marac.casework import detect_repeats

    detect_repeats(person_ids)


def _records_stored(sender: Any, record_ids: Any = (), **kwargs: Any) -> None:
    from safeguarding.marac.casework import REPEAT_TYPES, detect_repeats
    from safeguarding.people.models import Mention

    people = Mention.objects.filter(
        record_id__in=list(record_ids), record__type__in=REPEAT_TYPES, person__isnull=False
    ).values_list("person_id", flat=True)
    detect_repeats(set(people))
