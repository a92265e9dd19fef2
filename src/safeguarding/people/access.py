"""Who may see people, mentions and link explanations, and who may change links.

The one place the people API asks. It defers to the partnership's need-to-know policy in
`safeguarding.agencies.access` (people the user has a legitimate relationship with, records
the user may see, confidential details withheld), so a list never shows what a detail refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from safeguarding.agencies import access as policy

if TYPE_CHECKING:
    from django.http import HttpRequest

    from safeguarding.people.models import Mention, Person

# Roles that may confirm, split or separate links (auditors and administrators only read the
# audit trail; review chairs work on a review's own copy).
DECIDING_ROLES = frozenset({"practitioner", "team_manager", "marac_coordinator"})


def visible_people(user: Any) -> QuerySet[Person]:
    return policy.visible_people(user)


def can_view_person(user: Any, person: Any) -> bool:
    return policy.can_view_person(user, person)


def get_person_for_user(user: Any, pk: Any, request: HttpRequest | None = None) -> Person:
    """The person, or 404 whether missing or not the user's to see (the same to the user)."""
    return policy.get_person_for_user(user, pk, request=request)


def visible_mentions(user: Any, person: Person) -> QuerySet[Mention]:
    """The person's mentions in records the user may see."""
    return person.mentions.filter(record__in=policy.visible_records(user)).select_related("record__agency")


def get_mention_for_user(user: Any, pk: Any, request: HttpRequest | None = None) -> Mention:
    """A mention whose person and record the user may both see, or 404."""
    from safeguarding.people.models import Mention

    mention = (
        Mention.objects.select_related("record__agency").filter(pk=pk).first() if str(pk).isdigit() else None
    )
    if (
        mention is None
        or mention.person_id is None
        or not policy.can_view_person(user, mention.person_id)
        or not policy.may_see_record(user, mention.record)
    ):
        raise Http404("No such mention")
    return mention


def redacted(user: Any, mentions: Iterable[Mention], request: HttpRequest | None = None) -> list[Mention]:
    """The mentions as the user may see them (confidential addresses withheld)."""
    return [policy.redact_mention(user, m, request=request) for m in mentions]


def may_decide(user: Any, people: Iterable[Any]) -> bool:
    """A practitioner may change links only between people they may see."""
    if getattr(user, "role", None) not in DECIDING_ROLES:
        return False
    return all(policy.can_view_person(user, p) for p in people)
