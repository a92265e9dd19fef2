"""The demo's users and sharing agreements (docs/interfaces.md). Refused in production."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from safeguarding.agencies.models import Agency, SharingAgreement, User

DEMO_PASSWORD = "demo-only-password"  # noqa: S105 (the documented demo password)

# username -> (agency code or None, role, first name, last name)
DEMO_USERS: dict[str, tuple[str | None, str, str, str]] = {
    "marac.coordinator": ("marac", User.Role.MARAC_COORDINATOR, "Morgan", "Demo (MARAC)"),
    "police.officer": ("police", User.Role.PRACTITIONER, "Pat", "Demo (Police)"),
    "gp.reception": ("gp", User.Role.PRACTITIONER, "Gail", "Demo (GP)"),
    "idva.worker": ("idva", User.Role.PRACTITIONER, "Isla", "Demo (IDVA)"),
    "review.chair": (None, User.Role.REVIEW_CHAIR, "Rowan", "Demo (Review chair)"),
    "admin": (None, User.Role.ADMINISTRATOR, "Alex", "Demo (Administrator)"),
}

_LAWFUL_BASIS = (
    "UK GDPR Art. 6(1)(e) public task and Art. 9(2)(g) substantial public interest; "
    "DPA 2018 Sch. 1 para. 18 (safeguarding of individuals at risk); Crime and Disorder Act 1998 s115."
)
# The demo partnership's agreements: (from, to or None for the whole partnership, purposes, record types)
DEMO_AGREEMENTS: list[tuple[str, str | None, list[str], list[str]]] = [
    (code, "marac", ["marac", "safeguarding"], [])
    for code in ("police", "probation", "idva", "housing", "gp", "ed", "mental_health", "drug_alcohol",
                 "adult_social_care", "childrens_social_care", "ambulance", "housing_provider", "prison")
] + [
    ("police", "idva", ["safeguarding"], []),
    ("idva", "police", ["safeguarding"], ["support_contact", "disclosure", "risk_assessment", "referral"]),
    ("police", "gp", ["safeguarding"], ["incident", "crime", "protective_order", "order_breach"]),
    ("ed", "gp", ["safeguarding"], ["ed_attendance"]),
    ("police", "housing", ["safeguarding"], ["incident", "protective_order", "order_breach"]),
] + [
    (code, None, ["review"], [])
    for code in ("police", "probation", "prison", "idva", "housing", "gp", "ed", "mental_health",
                 "drug_alcohol", "adult_social_care", "childrens_social_care", "ambulance", "marac")
]  # fmt: skip


def _refuse_outside_debug() -> None:
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "Demo users sign in without a second factor: they are only created with DJANGO_DEBUG=true."
        )


@transaction.atomic
def create_demo_users(password: str = DEMO_PASSWORD, *, agreements: bool = True) -> list[User]:
    """Create (or reset) the six demo users; refused when DEBUG is false."""
    _refuse_outside_debug()
    users = []
    for username, (agency_code, role, first, last) in DEMO_USERS.items():
        agency = Agency.objects.get(code=agency_code) if agency_code else None
        user, _ = User.objects.get_or_create(username=username)
        user.agency = agency
        user.role = role
        user.first_name, user.last_name = first, last
        user.demo_without_second_factor = True
        user.is_active = True
        user.set_password(password)
        user.save()
        users.append(user)
    if agreements:
        create_demo_agreements()
    return users


def create_demo_agreements() -> list[SharingAgreement]:
    _refuse_outside_debug()
    today = timezone.localdate()
    agencies = {a.code: a for a in Agency.objects.all()}
    made = []
    for from_code, to_code, purposes, types in DEMO_AGREEMENTS:
        if from_code not in agencies or (to_code and to_code not in agencies):
            continue
        agreement, _ = SharingAgreement.objects.get_or_create(
            from_agency=agencies[from_code],
            to_agency=agencies[to_code] if to_code else None,
            purposes=purposes,
            defaults={
                "record_types": types,
                "lawful_basis": _LAWFUL_BASIS,
                "starts_on": today - timedelta(days=365 * 20),
                "ends_on": today + timedelta(days=365 * 3),
            },
        )
        made.append(agreement)
    return made
