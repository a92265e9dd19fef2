"""What a user may see in the practitioners' pages: people, their records, their signals.

Every person page, timeline, search result and signal list is built from these functions, so that
a list can never show what a detail page would refuse. The rules belong to the partnership's access
policy (`safeguarding.agencies.access`); this module applies them to the web application's
questions. "Missing" and "forbidden" both raise Http404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from safeguarding.agencies import access as policy
from safeguarding.people.models import Mention, Person
from safeguarding.records.models import Record

if TYPE_CHECKING:
    from safeguarding.agencies.models import User


def visible_records(user: User) -> QuerySet[Record]:
    return policy.visible_records(user)


def visible_people(user: User) -> QuerySet[Person]:
    return policy.visible_people(user)


def person_for_user(user: User, person_id: int | str, request: HttpRequest | None = None) -> Person:
    """The person, if this user may see them; Http404 otherwise (as if there were none)."""
    return policy.get_person_for_user(user, person_id, request)


def records_of(user: User, person: Person) -> QuerySet[Record]:
    """The records about this person that this user may see."""
    ids = Mention.objects.filter(person=person).values("record_id")
    return visible_records(user).filter(pk__in=ids)


def redacted(user: User, records: list[Record], request: HttpRequest | None = None) -> list[Record]:
    """The records as this user may see them: confidential details withheld, their mentions attached."""
    return policy.redact_records(user, records, request=request)


def mentions_as_seen(record: Record) -> list[Mention]:
    return policy.redacted_mentions_of(record) or []


def searchable_mentions(user: User) -> QuerySet[Mention]:
    """Mentions a search may match: visible records only, never on a confidential address."""
    return Mention.objects.filter(record__in=visible_records(user), person__isnull=False)


def confidential_mentions() -> QuerySet[Mention]:
    return policy.confidential_address_mentions()


def may_see_address(user: User, mention: Mention) -> bool:
    return policy.may_see_confidential(user, mention)


def visible_signals(user: User) -> QuerySet[Any]:
    """Signals about people this user may see: that a concern exists is shown to every agency involved."""
    from safeguarding.signals.models import Signal

    return Signal.objects.filter(person__in=visible_people(user))


def signal_for_user(user: User, signal_id: int | str) -> Any:
    from safeguarding.signals.models import Signal

    try:
        return visible_signals(user).select_related("person").get(pk=int(signal_id))
    except (Signal.DoesNotExist, ValueError, TypeError):
        raise Http404("No such signal") from None


def may_act_on_signals(user: User) -> bool:
    return user.is_authenticated and user.role in {"practitioner", "team_manager", "marac_coordinator"}


def redact_mention(user: User, mention: Mention) -> Mention:
    """The mention as this user may see it (a confidential address withheld): for display only."""
    return policy.redact_mention(user, mention)
