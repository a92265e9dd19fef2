"""Who may see and change MARAC work. Every MARAC list and page is built from these functions.

- The MARAC coordinator runs the process: every referral, meeting and action.
- A practitioner (or team manager) sees the referrals, DASH assessments and actions about people they
  may see (the partnership's access policy), the meetings their agency attends, and may update the
  actions their agency owns.
- Auditors, administrators and review chairs do no MARAC casework.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from safeguarding.marac.models import Action, DashAssessment, MaracMeeting, Referral
from safeguarding.web import access as web_access

if TYPE_CHECKING:
    from safeguarding.agencies.models import User

CASEWORK_ROLES = {"practitioner", "team_manager", "marac_coordinator"}


def is_coordinator(user: User) -> bool:
    return user.is_authenticated and user.role == "marac_coordinator"


def may_do_casework(user: User) -> bool:
    return user.is_authenticated and user.role in CASEWORK_ROLES


def may_assess(user: User) -> bool:
    """A DASH is recorded as a record of the user's agency, so it needs one."""
    return may_do_casework(user) and user.agency_id is not None


def referrals_for(user: User) -> QuerySet[Referral]:
    if is_coordinator(user):
        return Referral.objects.all()
    if not may_do_casework(user):
        return Referral.objects.none()
    return Referral.objects.filter(person__in=web_access.visible_people(user))


def _get(qs: QuerySet[Any], pk: Any) -> Any:
    try:
        return qs.get(pk=int(pk))
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None


def referral_for_user(user: User, pk: Any) -> Referral:
    return _get(referrals_for(user).select_related("person", "assessment", "meeting", "referring_agency"), pk)


def meetings_for(user: User) -> QuerySet[MaracMeeting]:
    if is_coordinator(user):
        return MaracMeeting.objects.all()
    if not may_do_casework(user) or user.agency_id is None:
        return MaracMeeting.objects.none()
    return MaracMeeting.objects.filter(agencies=user.agency_id)


def meeting_for_user(user: User, pk: Any) -> MaracMeeting:
    return _get(meetings_for(user), pk)


def actions_for(user: User) -> QuerySet[Action]:
    if is_coordinator(user):
        return Action.objects.all()
    if not may_do_casework(user):
        return Action.objects.none()
    return Action.objects.filter(Q(owner_agency_id=user.agency_id) | Q(referral__in=referrals_for(user)))


def action_for_user(user: User, pk: Any) -> Action:
    return _get(actions_for(user).select_related("referral__person", "owner_agency"), pk)


def may_update_action(user: User, action: Action) -> bool:
    return is_coordinator(user) or (may_do_casework(user) and action.owner_agency_id == user.agency_id)


def assessments_for(user: User) -> QuerySet[DashAssessment]:
    if is_coordinator(user):
        return DashAssessment.objects.all()
    if not may_do_casework(user):
        return DashAssessment.objects.none()
    return DashAssessment.objects.filter(person__in=web_access.visible_people(user))


def assessment_for_user(user: User, pk: Any) -> DashAssessment:
    return _get(assessments_for(user).select_related("person", "agency", "completed_by"), pk)
