from typing import Any

from django.apps import AppConfig

# A review is live, and needs its people's records kept, until its action plan is complete.
LIVE_STATUSES = ("open", "published")


def review_panel_people(user: Any) -> Any:
    """A panel member has a legitimate relationship with the people of an open review."""
    if not getattr(user, "is_authenticated", False):
        return None
    from safeguarding.reviews.models import ReviewSubject

    return ReviewSubject.objects.filter(
        review__panel__user=user, review__status="open", person__isnull=False
    ).values("person_id")


def held_people() -> Any:
    from safeguarding.reviews.models import ReviewSubject

    return ReviewSubject.objects.filter(review__status__in=LIVE_STATUSES, person__isnull=False).values(
        "person_id"
    )


def held_records() -> Any:
    from safeguarding.reviews.models import ReviewRecord

    return ReviewRecord.objects.filter(review__status__in=LIVE_STATUSES).values("record_id")


class ReviewsConfig(AppConfig):
    name = "safeguarding.reviews"
    label = "reviews"
    verbose_name = "Domestic Homicide Reviews"

    def ready(self) -> None:
        from safeguarding.agencies.access import register_relationship_provider
        from safeguarding.agencies.governance import register_hold_provider

        register_relationship_provider("review_panel", "review", review_panel_people)
        # Retention never deletes what a live review needs: its people, and every record returned to it.
        register_hold_provider("live_review_people", "person", held_people)
        register_hold_provider("live_review_records", "record", held_records)
