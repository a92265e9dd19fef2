"""Personas every test can use (registered as fixtures in tests/conftest.py).

A fictional storyline, with no real people: Vera Quillfeather (the victim) and Dale Brackenbury
(the alleged perpetrator). Police recorded an incident with both; the IDVA service supports Vera and
holds her refuge address, marked confidential; housing holds a tenancy record of hers but has no
sharing agreement with the police; probation supervises Dale (so probation is linked to the
perpetrator); the GP knows neither of them.

Personas:
- police_officer      practitioner, police (own agency's records)
- police_manager      team manager, police
- idva_worker         practitioner, idva (agreement police -> idva for safeguarding)
- housing_officer     practitioner, housing (knows Vera, no agreement with the police)
- probation_officer   practitioner, probation (agreement with police; serves the perpetrator)
- gp_worker           practitioner, gp (no legitimate relationship with anyone in the storyline)
- marac_coordinator   MARAC coordinator, marac
- review_chair        review chair, no agency
- auditor             auditor, no agency
- administrator       administrator, no agency
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

PASSWORD = "a-long-test-password-for-personas"
REFUGE_ADDRESS = "Flat 9, Lantern Court, 41 Heron Quay, Exampleton"
REFUGE_POSTCODE = "EX9 4QZ"
OLD_ADDRESS = "22 Tansy Row, Exampleton"

PERSONA_ROLES: dict[str, tuple[str | None, str]] = {
    "police_officer": ("police", "practitioner"),
    "police_manager": ("police", "team_manager"),
    "idva_worker": ("idva", "practitioner"),
    "housing_officer": ("housing", "practitioner"),
    "probation_officer": ("probation", "practitioner"),
    "gp_worker": ("gp", "practitioner"),
    "marac_coordinator": ("marac", "marac_coordinator"),
    "review_chair": (None, "review_chair"),
    "auditor": (None, "auditor"),
    "administrator": (None, "administrator"),
}


@dataclass
class Storyline:
    users: dict[str, Any]
    victim: Any
    perpetrator: Any
    police_incident: Any
    idva_contact: Any
    idva_disclosure: Any
    housing_tenancy: Any
    probation_supervision: Any
    refuge_mention: Any
    agreements: list[Any] = field(default_factory=list)

    def __getitem__(self, name: str) -> Any:
        return self.users[name]

    def __getattr__(self, name: str) -> Any:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


_password_hash: list[str] = []


def _hashed_password() -> str:
    # Argon2 is slow by design: hash the personas' shared password once per test run.
    from django.contrib.auth.hashers import make_password

    if not _password_hash:
        _password_hash.append(make_password(PASSWORD))
    return _password_hash[0]


def make_user(username: str, agency_code: str | None, role: str) -> Any:
    from safeguarding.agencies.models import Agency, User

    agency = Agency.objects.get(code=agency_code) if agency_code else None
    user = User(
        username=username,
        agency=agency,
        role=role,
        first_name=username.split("_")[0].title(),
        last_name="Persona",
        password=_hashed_password(),
    )
    user.save()
    return user


def make_record(
    agency_code: str, record_id: str, type_: str, occurred: str, subjects: list[dict], **extra: Any
):
    """A record and its mentions, stored directly (independent of the importer)."""
    import hashlib

    from safeguarding.agencies.models import Agency
    from safeguarding.people.models import Mention
    from safeguarding.records.models import Record

    raw = {"agency": agency_code, "record_id": record_id, "occurred": occurred, "type": type_}
    raw["subjects"] = [{k: v for k, v in s.items() if k != "person"} for s in subjects]
    raw.update({k: v for k, v in extra.items() if k in {"summary", "outcome", "location", "tags"}})
    raw_text = json.dumps(raw)
    when = timezone.make_aware(datetime.fromisoformat(occurred))
    record = Record.objects.create(
        agency=Agency.objects.get(code=agency_code),
        record_id=record_id,
        type=type_,
        occurred=occurred,
        occurred_precision="day",
        occurred_start=when,
        recorded=when,
        raw=raw_text,
        content_hash=hashlib.sha256(raw_text.encode()).hexdigest(),
        summary=extra.get("summary", ""),
        outcome=extra.get("outcome", ""),
        location=extra.get("location", ""),
        tags=extra.get("tags", []),
    )
    for s in subjects:
        Mention.objects.create(
            record=record,
            ref=s["ref"],
            role=s["role"],
            name=s.get("name", ""),
            dob=s.get("dob", ""),
            address=s.get("address", ""),
            postcode=s.get("postcode", ""),
            person=s.get("person"),
            is_confidential_address=s.get("confidential", False),
        )
    return record


def build_storyline() -> Storyline:
    from safeguarding.agencies.models import Agency, ConfidentialMarker, SharingAgreement
    from safeguarding.people.models import Person

    users = {name: make_user(name, agency, role) for name, (agency, role) in PERSONA_ROLES.items()}
    victim = Person.objects.create(display_name="Vera Quillfeather")
    perpetrator = Person.objects.create(display_name="Dale Brackenbury")
    vera = {"name": "Vera Quillfeather", "dob": "1984-03-02", "person": victim}
    dale = {"name": "Dale Brackenbury", "dob": "1979-11-20", "person": perpetrator}

    police_incident = make_record(
        "police",
        "INC-TEST-0001",
        "incident",
        "2024-02-10",
        [
            {"ref": "a", "role": "victim", **vera, "address": OLD_ADDRESS},
            {"ref": "b", "role": "alleged_perpetrator", **dale},
        ],
        summary="Call from neighbour: shouting. Female had bruising to her arm.",
        location=OLD_ADDRESS,
        tags=["domestic", "injury"],
    )
    idva_contact = make_record(
        "idva",
        "IDVA-TEST-0001",
        "support_contact",
        "2024-03-01",
        [
            {
                "ref": "a",
                "role": "client",
                **vera,
                "address": REFUGE_ADDRESS,
                "postcode": REFUGE_POSTCODE,
                "confidential": True,
            },
            {"ref": "b", "role": "alleged_perpetrator", **dale},
        ],
        summary=f"Vera moved into refuge at {REFUGE_ADDRESS} ({REFUGE_POSTCODE}). Safety plan agreed.",
    )
    refuge_mention = idva_contact.mentions.get(ref="a")
    idva_disclosure = make_record(
        "idva",
        "IDVA-TEST-0002",
        "disclosure",
        "2024-03-05",
        [{"ref": "a", "role": "client", **vera}],
        summary="Vera disclosed years of coercive control to her support worker.",
    )
    idva_disclosure.is_confidential = True
    idva_disclosure.save()
    housing_tenancy = make_record(
        "housing",
        "HSG-TEST-0001",
        "tenancy_action",
        "2023-11-01",
        [{"ref": "a", "role": "tenant", **vera, "address": OLD_ADDRESS}],
        summary="Rent arrears letter.",
    )
    probation_supervision = make_record(
        "probation",
        "PRB-TEST-0001",
        "note",
        "2024-01-15",
        [{"ref": "a", "role": "offender", **dale}],
        summary="Supervision appointment kept.",
    )
    marker = ConfidentialMarker.objects.create(
        kind=ConfidentialMarker.Kind.ADDRESS, mention=refuge_mention, reason=ConfidentialMarker.Reason.REFUGE
    )
    # Shared with probation by mistake: the perpetrator link must still keep it from them.
    marker.shared_with.add(Agency.objects.get(code="probation"))
    today = timezone.localdate()
    agreements = [
        SharingAgreement.objects.create(
            from_agency=Agency.objects.get(code="police"),
            to_agency=Agency.objects.get(code=to),
            record_types=[],
            purposes=["safeguarding", "marac"],
            lawful_basis="UK GDPR 6(1)(e), 9(2)(g); DPA 2018 Sch 1 para 18",
            starts_on=today - timedelta(days=365),
            ends_on=today + timedelta(days=365),
        )
        for to in ("idva", "probation", "marac")
    ]
    agreements.append(
        SharingAgreement.objects.create(
            from_agency=Agency.objects.get(code="idva"),
            to_agency=Agency.objects.get(code="police"),
            record_types=["support_contact", "disclosure"],
            purposes=["safeguarding"],
            lawful_basis="UK GDPR 6(1)(e), 9(2)(g); DPA 2018 Sch 1 para 18",
            starts_on=today - timedelta(days=365),
            ends_on=today + timedelta(days=365),
        )
    )
    return Storyline(
        users=users,
        victim=victim,
        perpetrator=perpetrator,
        police_incident=police_incident,
        idva_contact=idva_contact,
        idva_disclosure=idva_disclosure,
        housing_tenancy=housing_tenancy,
        probation_supervision=probation_supervision,
        refuge_mention=refuge_mention,
        agreements=agreements,
    )


@pytest.fixture
def storyline(db) -> Storyline:
    return build_storyline()


def _persona_fixture(name: str):
    @pytest.fixture(name=name)
    def _fixture(storyline: Storyline):
        return storyline.users[name]

    return _fixture


police_officer = _persona_fixture("police_officer")
police_manager = _persona_fixture("police_manager")
idva_worker = _persona_fixture("idva_worker")
housing_officer = _persona_fixture("housing_officer")
probation_officer = _persona_fixture("probation_officer")
gp_worker = _persona_fixture("gp_worker")
marac_coordinator = _persona_fixture("marac_coordinator")
review_chair = _persona_fixture("review_chair")
auditor = _persona_fixture("auditor")
administrator = _persona_fixture("administrator")

__all__ = [
    "OLD_ADDRESS",
    "PASSWORD",
    "PERSONA_ROLES",
    "REFUGE_ADDRESS",
    "REFUGE_POSTCODE",
    "Storyline",
    "administrator",
    "auditor",
    "build_storyline",
    "gp_worker",
    "housing_officer",
    "idva_worker",
    "make_record",
    "make_user",
    "marac_coordinator",
    "police_manager",
    "police_officer",
    "probation_officer",
    "review_chair",
    "storyline",
]
