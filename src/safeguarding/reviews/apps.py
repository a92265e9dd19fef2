from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "safeguarding.reviews"
    label = "reviews"
    verbose_name = "Domestic Homicide Reviews"

    def ready(self) -> None:
        from safeguarding.agencies.access import register_relationship_provider

        def review_panel_people(user):  # type: ignore[no-untyped-def]
            """A panel member has a legitimate relationship with the people of an open review."""
            if not getattr(user, "is_authenticated", False):
                return None
            from safeguarding.reviews.models import Review, ReviewSubject

            return ReviewSubject.objects.filter(
                review__panel__user=user, review__status=Review.Status.OPEN, person__isnull=False
            ).values("person_id")

        register_relationship_provider("review_panel", "review", review_panel_people)
