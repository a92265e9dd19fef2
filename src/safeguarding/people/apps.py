from typing import Any

from django.apps import AppConfig

# Above this many mentions in one import, a full run is quicker than linking one at a time
# (and a large first import is better linked all together).
FULL_RUN_MENTIONS = 20000


class PeopleConfig(AppConfig):
    name = "safeguarding.people"
    label = "people"

    def ready(self) -> None:
        from safeguarding.records.events import records_stored

        records_stored.connect(link_stored_records, dispatch_uid="people.link_stored_records")


def link_stored_records(sender: Any, record_ids: list[int] | None = None, **kwargs: Any) -> None:
    """Link the subjects of records just stored: incrementally, or all at once for a large batch."""
    from safeguarding.people.linking import link_mentions, relink_all
    from safeguarding.people.models import Mention

    if not record_ids:
        return
    mentions = Mention.objects.filter(record_id__in=record_ids)
    if mentions.count() > FULL_RUN_MENTIONS:
        relink_all()
    else:
        link_mentions(list(mentions.order_by("id")))
