"""Who may see and change a review. Every view fetches reviews through here.

A review is open to its panel (members linked to a user account), to the person who opened it,
and to the partnership's review chairs and administrators who manage the programme of reviews.
A panel member from an agency may upload that agency's chronology; comments are for the panel.
Missing and forbidden look the same (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from safeguarding.reviews.models import AgencyRequest, Review

MANAGING_ROLES = {"review_chair", "administrator"}


def can_create_reviews(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or getattr(user, "role", "") in MANAGING_ROLES))


def visible_reviews(user: Any) -> QuerySet[Review]:
    if not user.is_authenticated:
        return Review.objects.none()
    if can_create_reviews(user):
        return Review.objects.all()
    return Review.objects.filter(Q(panel__user=user) | Q(created_by=user)).distinct()


def get_review_for_user(user: Any, pk: int) -> Review:
    review = visible_reviews(user).filter(pk=pk).first()
    if review is None:
        raise Http404("No such review")
    return review


def can_manage(user: Any, review: Review) -> bool:
    """Change the review's set-up: panel, terms, stages, requests, recommendations."""
    if can_create_reviews(user) or review.created_by_id == user.pk:
        return True
    return review.panel.filter(user=user, role__in=["chair", "chair_author", "secretariat"]).exists()


def can_upload(user: Any, req: AgencyRequest) -> bool:
    if can_manage(user, req.review):
        return True
    return req.review.panel.filter(user=user, agency_id=req.agency_id).exists() or (
        getattr(user, "agency_id", None) == req.agency_id and req.review.panel.filter(user=user).exists()
    )


def review_people_for_user(user: Any) -> set[int]:
    """Person ids in reviews whose panel this user sits on: a legitimate relationship for access."""
    from safeguarding.reviews.models import ReviewSubject

    return set(
        ReviewSubject.objects.filter(
            review__panel__user=user, review__status=Review.Status.OPEN, person__isnull=False
        ).values_list("person_id", flat=True)
    )


def is_panel_member(user: Any, review: Review, *, agency_id: int | None = None) -> bool:
    members = review.panel.filter(user_id=user.pk)
    if agency_id is not None:
        members = members.filter(agency_id=agency_id)
    return members.exists()


def can_comment(user: Any, review: Review) -> bool:
    return is_panel_member(user, review) or can_manage(user, review)


def can_see_records(user: Any, review: Review) -> bool:
    """The chronology, the analysis and the exports hold case records: for review chairs and the panel.
    An administrator runs the programme of reviews (set-up, deadlines, action plans) without seeing them."""
    if getattr(user, "role", "") == "review_chair" or review.created_by_id == user.pk:
        return True
    return is_panel_member(user, review)
