"""Domestic-abuse storylines, each built to raise particular signals of signals.md by its defaults.

Every storyline writes its records, then states in the truth exactly which signals those records
should raise (with the day by which each must be raised) and which would be false alarms. Patterns
that would incidentally meet another rule are avoided: at most two police domestic incidents in a
year outside the escalation storyline, the perpetrator present and the victim declining only where a
withdrawal is meant, no children in the home outside the children storyline, no care needs outside
the adult safeguarding storyline. NOT_SEEN follows from high-risk periods and is worked out by
`Unit.not_seen` from the contacts actually written.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from .model import Person
from .names import gendered_family
from .ordinary import background
from .story_parts import (
    Cast,
    charge,
    dash,
    first,
    her,
    her_obj,
    marac_meeting,
    marac_referral,
    offset,
    police_incident,
    police_name,
    she,
    support,
)
from .unit import Unit, place
from .world import World


def _day(record: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(record["recorded"][:10])


def _ref(record: dict[str, Any]) -> str:
    return f"{record['agency']}:{record['record_id']}"


def _start(world: World, span: int) -> dt.date:
    """A first day that leaves the storyline `span` days, and a margin, before the period ends."""
    first_day = world.start + dt.timedelta(days=400)
    last_day = world.end - dt.timedelta(days=span + 60)
    if last_day < first_day:
        first_day = world.start + dt.timedelta(days=30)
        last_day = max(first_day, last_day)
    return world.day_between(first_day, last_day)


def _opening(unit: Unit, span: int, **cast_options: Any) -> tuple[Cast, World, random.Random, dt.date]:
    """How most storylines begin: a victim and a perpetrator with quiet lives around what follows, and
    a first day that leaves the storyline `span` days. The calls draw on the seeded generator in this
    order, which the output of a given seed depends on."""
    cast = Cast(unit, **cast_options)
    cast.quiet_lives()
    return cast, unit.world, unit.world.rng, _start(unit.world, span)


def _newcomer(world: World, role: str, gender: str, ages: tuple[int, int]) -> Person:
    """Someone else in the storyline (a new partner, an associate), at an address of their own."""
    person = world.person(role, world.origin(), gender, world.dob_for_age(*ages))
    person.addresses = [(dt.date(1900, 1, 1), world.address())]
    return person


def _raise(unit: Unit, code: str, person: Person, record: dict[str, Any], why: str, *, days: int = 0) -> None:
    """The truth: `record` should raise `code` about `person` by its day (plus `days` where the rule
    waits for something that did not happen)."""
    unit.signal(code, person, _day(record) + dt.timedelta(days=days), f"{_ref(record)}: {why}")


def _raise_by_last(unit: Unit, code: str, person: Person, records: list[dict[str, Any]], why: str) -> None:
    """The truth for a signal that counts records: raised by the day of the last of them."""
    unit.signal(code, person, _day(records[-1]), f"{why}: " + ", ".join(_ref(r) for r in records))


def _dvpo(cast: Cast, day: dt.date, condition: str, outcome: str) -> dict[str, Any]:
    """A domestic violence protection order against the perpetrator; `condition` follows "not to contact her"."""
    return cast.unit.add(
        "police",
        "protective_order",
        cast.world.at(day),
        [(cast.perp, "alleged_perpetrator"), (cast.victim, "victim", {"name_only": True})],
        f"DVPO granted at magistrates' court for 28 days: {police_name(cast.perp)} not to contact "
        f"{police_name(cast.victim)} {condition}.",
        outcome,
        tags=["dvpo"],
    )


def partner_word(cast: Cast) -> str:
    """What the perpetrator's records call the victim: the other side of `cast.rel`."""
    return {"husband": "wife", "wife": "husband", "boyfriend": "girlfriend", "girlfriend": "boyfriend"}.get(
        cast.rel, "partner"
    )


def _no_marker(unit: Unit, victim: Person) -> None:
    """For storylines whose records hold no high-harm marker (street names such as "Burns Grove" included)."""
    unit.forbid(
        "HIGH_HARM_MARKER", victim, "no record shows a high-harm marker; any mention is negated or a name"
    )


def _forbid_perp_high_risk(unit: Unit, perp: Person) -> None:
    unit.forbid(
        "MARAC_HIGH_RISK", perp, "the high DASH grade is the risk from this person (risk.about), not to them"
    )
    unit.forbid("UNASSESSED_ABUSER", perp, "every risk assessment and MARAC record is about this person")


# ---------------------------------------------------------------------- storylines
def escalation(unit: Unit) -> None:
    cast, world, rng, day = _opening(unit, 300)
    incidents = []
    for n in range(3):
        outcome = rng.choice(("arrest", "left"))
        incidents.append(police_incident(cast, day, outcome=outcome))
        dash(cast, day, rng.randint(3, 9), rng.choice(("standard", "medium")), following=incidents[-1])
        if outcome == "left" and n < 2:
            # Arrested later, interviewed, and no further action: the criminal justice steps police record.
            caught = offset(day, 2, 10, world)
            unit.add(
                "police",
                "arrest",
                world.at(caught),
                [(cast.perp, "offender")],
                f"{police_name(cast.perp)} located and arrested for assault on {police_name(cast.victim)}.",
                "Interviewed. Denies the offence.",
            )
            world.give_pnc(cast.perp, caught)
            unit.add(
                "police",
                "no_further_action",
                world.at(offset(caught, 10, 30, world)),
                [(cast.perp, "offender"), (cast.victim, "victim", {"name_only": True})],
                "CPS advice: insufficient evidence for a realistic prospect of conviction; no independent "
                "witnesses.",
                "NFA. Both parties informed.",
            )
        day = offset(day, 50, 120, world)
    _raise_by_last(
        unit,
        "ESCALATION",
        cast.victim,
        incidents,
        "third police domestic incident about the victim within 12 months",
    )
    _no_marker(unit, cast.victim)
    unit.forbid("SERIAL_PERPETRATOR", cast.perp, "every incident is against the same victim")


def marac_high_risk(unit: Unit, *, repeat: bool = False) -> None:
    cast, world, rng, day = _opening(unit, 400)
    incident = police_incident(cast, day, outcome="arrest", injury=True)
    assessor = rng.choice(("police", "idva"))
    assessed = day if assessor == "police" else offset(day, 2, 6, world)
    risk = dash(
        cast,
        assessed,
        rng.randint(14, 21),
        "high",
        agency=assessor,
        following=incident if assessor == "police" else None,
    )
    _raise(unit, "MARAC_HIGH_RISK", cast.victim, risk, f"DASH {risk['risk']['score']} ticks, graded high")
    marac_referral(cast, offset(assessed, 1, 2, world), assessor)
    if assessor == "idva":
        unit.forbid(
            "ABUSER_PRESENT_AT_ENQUIRY",
            cast.victim,
            f"{_ref(risk)} names the perpetrator as the risk (risk.about); it was completed with the victim alone",
        )
    contact = assessed
    meeting_day = offset(assessed, 12, 26, world)
    met = False
    for _ in range(rng.randint(4, 7)):
        contact = offset(contact, 3, 9, world)
        if not met and contact > meeting_day:
            marac_meeting(cast, meeting_day)
            met = True
        support(cast, contact)
    if not met:
        marac_meeting(cast, max(meeting_day, offset(contact, 1, 3, world)))
    _forbid_perp_high_risk(unit, cast.perp)
    if repeat:
        again = police_incident(
            cast, offset(meeting_day, 90, 240, world), outcome=rng.choice(("arrest", "left"))
        )
        _raise(
            unit,
            "REPEAT_MARAC",
            cast.victim,
            again,
            "new domestic incident within 12 months of the MARAC meeting",
        )


def repeat_marac(unit: Unit) -> None:
    marac_high_risk(unit, repeat=True)


def not_seen(unit: Unit) -> None:
    """A high-risk case, contacts close together, then four or five weeks with nobody seeing her."""
    cast, world, rng, day = _opening(unit, 200)
    incident = police_incident(cast, day, outcome="arrest")
    risk = dash(cast, day, rng.randint(14, 20), "high", following=incident)
    _raise(unit, "MARAC_HIGH_RISK", cast.victim, risk, "DASH graded high")
    marac_referral(cast, offset(day, 1, 2, world))
    contact = day
    for n in range(rng.randint(5, 8)):
        contact = offset(contact, 3, 8, world)
        support(cast, contact)
        if n == 2:
            marac_meeting(cast, offset(contact, 1, 2, world))
    gap_end = offset(contact, 26, 40, world)
    unit.add(
        "idva",
        "welfare_concern",
        world.at(gap_end),
        [(cast.victim, "client")],
        f"Unable to reach {first(cast.victim)} for several weeks: phone off, no reply to texts or letters.",
        "Police asked to do a welfare check.",
    )
    unit.add(
        "police",
        "welfare_concern",
        world.at(offset(gap_end, 0, 1, world), 12, 22),
        [(cast.victim, "other")],
        f"Welfare check at the request of the IDVA service. {police_name(cast.victim)} seen at home, safe and well.",
        "No further action. IDVA informed.",
        location=place(cast.home),
    )
    _forbid_perp_high_risk(unit, cast.perp)


def unassessed_abuser(unit: Unit) -> None:
    cast = Cast(unit, live_together=False)
    world, rng = unit.world, unit.world.rng
    new = _newcomer(world, "P", cast.perp.gender, (20, 50))
    unit.join(new)
    cast.quiet_lives(cast.victim, cast.perp, new)
    day = _start(world, 400)
    first_incident = police_incident(cast, day, outcome="arrest")
    risk = dash(cast, day, rng.randint(7, 12), "medium", following=first_incident)
    support(cast, offset(day, 5, 20, world))
    later = offset(day, 150, 300, world)
    incident = police_incident(
        cast,
        later,
        perp=new,
        rel=rng.choice(("new boyfriend", "new partner")),
        outcome=rng.choice(("arrest", "left")),
    )
    _raise(
        unit,
        "UNASSESSED_ABUSER",
        new,
        incident,
        f"alleged perpetrator against a victim whose risk assessment ({_ref(risk)}) names only another man",
    )
    unit.forbid("UNASSESSED_ABUSER", cast.perp, "the risk assessment is about him")


def serial_perpetrator(unit: Unit) -> None:
    cast = Cast(unit)
    world, rng = unit.world, unit.world.rng
    perp = cast.perp
    second = _newcomer(world, "V", cast.victim.gender, (20, 50))
    third = _newcomer(world, "A", cast.victim.gender, (20, 50))
    unit.join(second, third)
    cast.quiet_lives(cast.victim, perp, second, third)
    day = _start(world, 850)
    police_incident(cast, day, outcome="arrest")
    police_incident(cast, offset(day, 60, 150, world), outcome="left")
    moved = offset(day, 420, 520, world)
    agency = rng.choice(("housing", "housing_provider"))
    together = unit.add(
        agency,
        "tenancy_action",
        world.at(moved),
        [(second, "tenant"), (perp, "household_member")],
        f"Request from the tenant to add {her(second)} partner {perp.given} {perp.family} to the household. "
        f"Moved in last month.",
        "Household details updated.",
        location=place(second.address_on(moved)),
        relationships=[(perp, second, "partner")] if rng.random() < 0.5 else None,
    )
    perp.addresses.append((moved, second.address_on(moved)))  # type: ignore[arg-type]
    _raise(
        unit,
        "DVDS_RIGHT_TO_KNOW",
        perp,
        together,
        "recorded in a relationship with a new partner after abusing a previous partner",
    )
    assault = police_incident(
        cast, offset(moved, 60, 150, world), victim=second, outcome="arrest", rel="partner"
    )
    _raise(
        unit,
        "SERIAL_PERPETRATOR",
        perp,
        assault,
        "alleged perpetrator of domestic abuse against a second victim",
    )
    met = offset(_day(assault), 120, 220, world)
    unit.add(
        "police",
        "note",
        world.at(met, 10, 23),
        [(perp, "other"), (third, "associate")],
        f"Vehicle stop: {police_name(perp)} driving, passenger {third.given} {police_name(third)}, "
        f"described as {her(perp)} {'girlfriend' if third.gender == 'F' else 'boyfriend'}. Words of advice re: defective light.",
        "Intelligence log submitted.",
        relationships=[(perp, third, "partner")] if rng.random() < 0.5 else None,
    )


def namesake_father_son(unit: Unit) -> None:
    """A father and his son with one name at one address, each abusing a different partner."""
    cast = Cast(unit, victim_age=(44, 58))
    world, rng = unit.world, unit.world.rng
    father, mother = cast.perp, cast.victim
    # Old enough that the son is an adult throughout: the two must differ only in age and role.
    father.dob = world.dob_for_age(50, 62)
    son_dob = dt.date(father.dob.year + rng.randint(22, 28), rng.randint(1, 12), rng.randint(1, 28))
    son = world.person("P", father.origin, "M", son_dob, family=father.family, given=father.given)
    son.middle = father.middle if rng.random() < 0.5 else son.middle
    son.nickname = father.nickname
    son.addresses = list(father.addresses)
    girlfriend = world.person(
        "V",
        world.origin(),
        "F",
        dt.date(son_dob.year + rng.randint(-3, 3), rng.randint(1, 12), rng.randint(1, 28)),
    )
    girlfriend.addresses = [(dt.date(1900, 1, 1), world.address())]
    unit.join(son, girlfriend)
    unit.lookalikes.append((father.label, son.label))
    cast.quiet_lives(mother, father, son, girlfriend)
    day = _start(world, 400)
    son.full_in_text = father.full_in_text = True
    police_incident(cast, day, outcome="arrest", perp_note=f" ({father.age_on(day)})")
    later = offset(day, 100, 300, world)
    police_incident(
        cast,
        later,
        perp=son,
        victim=girlfriend,
        rel="boyfriend",
        outcome="arrest",
        at=girlfriend.address_on(later),
        perp_note=f" ({son.age_on(later)}, lives with his parents at {son.address_on(later).line})",  # type: ignore[union-attr]
    )
    for person in (father, son):
        unit.forbid(
            "SERIAL_PERPETRATOR",
            person,
            "father and son share a name and an address; each is alleged perpetrator against one partner only",
        )
        unit.forbid(
            "DVDS_RIGHT_TO_KNOW",
            person,
            "neither is recorded with a new partner; father and son are two people",
        )


INJURY_VISITS = [
    (
        "ambulance",
        "999 call: fall down the stairs at home, complaining of pain to left shoulder. Bruising noted.",
        "Conveyed to ED.",
    ),
    (
        "ed",
        "Bruising to left ribs. States {she} fell down the stairs at home. X-ray: no fracture.",
        "Analgesia. Discharged.",
    ),
    (
        "walk_in_centre",
        "Cut above left eyebrow. Says {she} walked into a cupboard door.",
        "Wound glued. Advice.",
    ),
    (
        "ed",
        "Painful right wrist and bruised forearm, says {she} slipped in the bath.",
        "X-ray no fracture. Splint. Discharged.",
    ),
    (
        "gp",
        "Bruising to both upper arms. Says {she} bumps into things, blames new medication.",
        "Reassured. FBC and clotting requested.",
    ),
    (
        "ed",
        "Fall at home, laceration to back of head. Explanation consistent with injury.",
        "Wound closed with glue. Head injury advice.",
    ),
    ("walk_in_centre", "Swollen left cheek, says {she} was hit by a cupboard door.", "Analgesia, advice."),
]


def injury_presentations(unit: Unit) -> None:
    cast, world, rng, day = _opening(unit, 300)
    police_incident(cast, day, outcome="arrest")
    visit = offset(day, 40, 90, world)
    visits = []
    for agency, summary, outcome in rng.sample(INJURY_VISITS, 3):
        when = world.at(visit, 8, 22)
        type_ = "consultation" if agency == "gp" else "ed_attendance"
        visits.append(
            unit.add(
                agency,
                type_,
                when,
                [(cast.victim, "patient")],
                summary.format(she=she(cast.victim)),
                outcome,
                tags=["injury"] if rng.random() < 0.3 else None,
            )
        )
        visit = offset(visit, 20, 55, world)
    _raise_by_last(
        unit, "FREQUENT_INJURY_PRESENTATION", cast.victim, visits, "third injury attendance within 6 months"
    )


DISCLOSURE_TEXT = {
    "gp": (
        "Attended with headaches and poor sleep. During the consultation disclosed that {her} {rel} {name} {act} "
        "last weekend.",
        "Not examined. Co-codamol prescribed. Review 2/52.",
    ),
    "day_centre": (
        "{first} told staff that {her} {rel} {act} last night. Seemed upset, stayed for lunch.",
        "Noted in the day book.",
    ),
    "housing": (
        "During a repair visit the tenant said {her} {rel} {act} and that {she} is frightened of him.",
        "Repair completed. Nothing further.",
    ),
    "drug_alcohol": (
        "Keyworker session. {first} said {her} {rel} {act} at the weekend.",
        "Next session booked.",
    ),
}


def disclosure(unit: Unit, *, referred: bool) -> None:
    from .story_parts import act

    cast, world, rng, day = _opening(unit, 200)
    agency = rng.choice(tuple(DISCLOSURE_TEXT))
    summary, outcome = DISCLOSURE_TEXT[agency]
    text = summary.format(
        her=her(cast.victim),
        rel=cast.rel,
        name=cast.perp.given,
        act=act(world, cast.victim),
        first=first(cast.victim),
        she=she(cast.victim),
    )
    role = {"gp": "patient", "housing": "tenant"}.get(agency, "client")
    if referred:
        text += f" {she(cast.victim).capitalize()} denied any sexual assault."
        outcome = rng.choice(
            (
                "Referred to the IDVA service with consent. Safety advice given.",
                "Police informed with consent; IDVA referral made.",
            )
        )
    told = unit.add(agency, "disclosure", world.at(day), [(cast.victim, role)], text, outcome)
    if referred:
        unit.add(
            agency,
            "referral",
            world.at(offset(day, 0, 4, world)),
            [(cast.victim, role)],
            f"Referral to the IDVA service following disclosure of domestic abuse by {her(cast.victim)} {cast.rel}.",
            "Sent by secure email.",
        )
        support(cast, offset(day, 5, 12, world))
        unit.forbid(
            "DISCLOSURE_NO_REFERRAL",
            cast.victim,
            f"{_ref(told)}: the disclosure was referred to the IDVA service",
        )
        unit.forbid("HIGH_HARM_MARKER", cast.victim, "sexual assault is mentioned only as denied")
    else:
        _raise(
            unit,
            "DISCLOSURE_NO_REFERRAL",
            cast.victim,
            told,
            "disclosure of assault with no examination, referral or advice within 7 days",
            days=7,
        )


def disclosure_no_referral(unit: Unit) -> None:
    disclosure(unit, referred=False)


def disclosure_referred(unit: Unit) -> None:
    disclosure(unit, referred=True)


def missed_appointments(unit: Unit) -> None:
    cast, world, rng, day = _opening(unit, 300)
    police_incident(cast, day, outcome="arrest")
    agency = rng.choice(("mental_health", "drug_alcohol"))
    referred = offset(day, 20, 60, world)
    unit.add(
        "gp",
        "referral",
        world.at(referred),
        [(cast.victim, "patient")],
        "Referral to talking therapies: low mood and poor sleep."
        if agency == "mental_health"
        else "Referral to the recovery service: cannabis use most days, wants to cut down.",
        "Sent.",
    )
    missed = offset(referred, 20, 40, world)
    dnas = []
    for n in range(3):
        dnas.append(
            unit.add(
                agency,
                "missed_appointment",
                world.at(missed),
                [(cast.victim, "patient")],
                "Did not attend " + ("first assessment." if n == 0 else "rebooked appointment."),
                "DNA recorded.",
            )
        )
        posted = offset(missed, 1, 3, world)
        unit.add(
            agency,
            "letter",
            world.at(posted, 9, 12),
            [(cast.victim, "patient")],
            "Letter offering a new appointment date.",
            "Posted.",
            occurred=posted.isoformat(),
        )
        missed = offset(missed, 14, 30, world)
    _raise_by_last(
        unit,
        "MISSED_APPOINTMENTS",
        cast.victim,
        dnas,
        "three consecutive missed appointments answered only by letters",
    )


PRISONS = (
    "HMP Hewell",
    "HMP Birmingham",
    "HMP Bristol",
    "HMP Leeds",
    "HMP Nottingham",
    "HMP Lewes",
    "HMP Durham",
)


def custody(unit: Unit) -> None:
    cast = Cast(unit)
    world, rng = unit.world, unit.world.rng
    cast.quiet_lives()
    perp, victim = cast.perp, cast.victim
    prison = rng.choice(PRISONS)
    day = _start(world, 500)
    police_incident(cast, day, outcome="arrest", injury=True, type_="crime")
    charge(cast, offset(day, 1, 1, world))
    remand = offset(day, 2, 3, world)
    unit.add(
        "prison",
        "custody_start",
        world.at(remand),
        [(perp, "offender")],
        f"Received on remand from magistrates' court. Charge: assault on {her(perp)} {partner_word(cast)}.",
        "Reception screening completed.",
        location=prison,
    )
    sentenced = offset(remand, 40, 90, world)
    months = rng.choice((12, 16, 18, 20, 24))
    unit.add(
        "police",
        "conviction",
        world.at(sentenced),
        [(perp, "offender"), (victim, "victim", {"name_only": True})],
        f"Convicted at Crown Court of assault occasioning ABH on {police_name(victim)}. Sentenced to {months} months.",
        "PNC updated.",
    )
    called = offset(remand, 15, 80, world)
    if rng.random() < 0.5:
        contact = unit.add(
            "prison",
            "contact_from_custody",
            world.at(called),
            [(perp, "offender"), (victim, "victim")],
            f"Security intelligence: {police_name(perp)} used the PIN phone to call a number belonging to "
            f"{police_name(victim)}, the victim of the index offence, {rng.randint(4, 15)} times in a week.",
            "Number barred. Offender manager informed.",
            location=prison,
        )
    else:
        contact = unit.add(
            "idva",
            "contact_from_custody",
            world.at(called),
            [(victim, "client"), (perp, "other")],
            f"A man phoned the office from {prison} saying he was {first(victim)}'s {cast.rel}, {perp.given}, "
            f"asking staff to pass a message to {her_obj(victim)} and asking where {she(victim)} is staying.",
            "Nothing passed on. Told the caller we cannot discuss clients.",
        )
    _raise(unit, "CONTACT_FROM_CUSTODY", perp, contact, "contact from custody with the victim of his offence")
    release = sentenced + dt.timedelta(days=months * 15 - rng.randint(0, 60))
    release = max(release, offset(called, 20, 40, world))
    plan_day = release - dt.timedelta(days=rng.randint(25, 50))
    home = victim.address_on(plan_day)
    plan = unit.add(
        "probation",
        "note",
        world.at(plan_day),
        [(perp, "offender"), (victim, "other", {"name_only": True})],
        f"Release plan: on licence from {prison}. Proposed release address {home.full if home else ''}, "
        f"to live with {her(perp)} {partner_word(cast)} {police_name(victim)}.",
        "Address checks requested.",
        kind="PLAN",
    )
    _raise(
        unit,
        "CUSTODY_RELEASE_TO_VICTIM",
        perp,
        plan,
        "release planned to the address of the person he assaulted",
    )
    unit.add(
        "mappa",
        "mappa_meeting",
        world.at(offset(plan_day, 7, 20, world), 10, 15),
        [(perp, "offender"), (victim, "victim", {"name_only": True})],
        f"MAPPA level 2 meeting: release planning for {police_name(perp)}. Index offence against "
        f"{her(perp)} {partner_word(cast)}. Proposed address is the victim's home; probation to confirm the "
        f"address checks.",
        rng.choice(
            ("Release address approved, with a condition to report weekly.", "Review after address checks.")
        ),
        location="MAPPA panel",
    )
    unit.add(
        "prison",
        "custody_release",
        world.at(release, 8, 11),
        [(perp, "offender", {"address": home})],
        f"Released on licence. Release address: {home.full if home else ''}. Licence conditions: reside as approved, "
        f"report to probation, good behaviour.",
        "Discharged.",
        location=prison,
    )


def victim_withdraws(unit: Unit) -> None:
    cast, world, rng, day = _opening(unit, 200)
    protected = world.turn("victim_withdraws") % 3 == 2
    incident = police_incident(cast, day, outcome="dvpn" if protected else "declined")
    dash(cast, day, rng.randint(4, 10), rng.choice(("standard", "medium")), following=incident)
    if protected:
        _dvpo(
            cast,
            offset(day, 1, 2, world),
            f"or attend {her(cast.victim)} address",
            "Order served. PNC updated.",
        )
        unit.forbid("VICTIM_WITHDRAWS", cast.victim, f"{_ref(incident)}: a DVPN was served the same day")
    else:
        _raise(
            unit,
            "VICTIM_WITHDRAWS",
            cast.victim,
            incident,
            "declined to support a complaint, perpetrator present, no DVPN/DVPO",
        )
    _no_marker(unit, cast.victim)


def non_engagement(unit: Unit) -> None:
    cast, world, rng, day = _opening(unit, 250)
    incident = police_incident(cast, day, outcome="arrest")
    dash(cast, day, rng.randint(8, 13), "medium", following=incident)
    unit.add(
        "police",
        "referral",
        world.at(offset(day, 0, 1, world)),
        [(cast.victim, "victim")],
        "Referral to the IDVA service: medium risk DASH.",
        "Sent.",
    )
    declines = [
        support(
            cast,
            offset(day, 3, 7, world),
            note=(
                "Called {v}: {she} declined IDVA support, says things are fine now and does not want to go through it."
            ),
        )
    ]
    second = offset(day, 40, 120, world)
    unit.add(
        "idva",
        "referral",
        world.at(second),
        [(cast.victim, "client")],
        "Re-referral received from police after a further call from a neighbour (no offences).",
        "Allocated.",
    )
    declines.append(
        support(
            cast,
            offset(second, 2, 6, world),
            note=(
                "Met {v} as agreed; {she} said {she} did not want support and left after ten minutes. Case closed."
            ),
        )
    )
    _raise_by_last(
        unit, "NON_ENGAGEMENT", cast.victim, declines, "declined support twice after being assessed at risk"
    )
    _no_marker(unit, cast.victim)


def order_breach(unit: Unit) -> None:
    cast, world, _, day = _opening(unit, 150, live_together=False)
    police_incident(cast, day, outcome="arrest", at=cast.home)
    ordered = offset(day, 1, 3, world)
    _dvpo(cast, ordered, f"or come within 100 metres of {cast.home.full}", "Order served in person.")
    breached = offset(ordered, 4, 20, world)
    breach = unit.add(
        "police",
        "order_breach",
        world.at(breached, 17, 23),
        [(cast.victim, "victim"), (cast.perp, "alleged_perpetrator")],
        f"{police_name(cast.victim)} reported {police_name(cast.perp)} came to the address in breach of the DVPO and was "
        f"banging on the door. {she(cast.perp).capitalize()} had gone before officers arrived.",
        "Breach recorded. To be arrested when located.",
        location=place(cast.home),
        tags=["breach"],
    )
    if world.turn("order_breach") % 3 == 2:
        unit.add(
            "police",
            "arrest",
            world.at(offset(breached, 1, 4, world)),
            [(cast.perp, "offender")],
            f"{police_name(cast.perp)} arrested for breach of DVPO.",
            "Remanded to court.",
        )
        unit.forbid("ORDER_BREACH_NO_ACTION", cast.perp, "arrested for the breach within 7 days")
    else:
        _raise(
            unit,
            "ORDER_BREACH_NO_ACTION",
            cast.perp,
            breach,
            "breach of a DVPO with no arrest or enforcement within 7 days",
            days=7,
        )


ASB_TEXT = [
    "Complaint of loud music and shouting from Flat {flat} until 3am.",
    "Complaint: visitors to Flat {flat} coming and going all night, banging the main door.",
    "Complaint of rubbish dumped on the landing outside Flat {flat} and a smell of cannabis.",
    "Complaint of a party at Flat {flat} on a weeknight; music until 4am.",
    "Complaint that people leaving Flat {flat} were abusive to the caller on the stairs.",
]


def repeat_asb(unit: Unit) -> None:
    world, rng = unit.world, unit.world.rng
    origin = world.origin()
    occupier = world.person("A", origin, rng.choice("FM"), world.dob_for_age(20, 60))
    base = world.address()
    flat = rng.randint(2, 9)
    home = world.neighbour_address(base, flat)
    occupier.addresses = [(dt.date(1900, 1, 1), home)]
    neighbours = []
    for other in rng.sample([n for n in range(1, 12) if n != flat], 3):
        n = world.person("N", world.origin(), rng.choice("FM"), world.dob_for_age(30, 80))
        n.addresses = [(dt.date(1900, 1, 1), world.neighbour_address(base, other))]
        neighbours.append((n, other))
    unit.join(occupier, *(n for n, _ in neighbours))
    for person in unit.people:
        background(unit, person, quiet=True, tenant=True)
    day = _start(world, 120)
    complaints = []
    for i in range(5):
        neighbour, their_flat = neighbours[i % 3]
        agency = "housing" if i % 2 == 0 else "police"
        text = rng.choice(ASB_TEXT).format(flat=flat)
        complaints.append(
            unit.add(
                agency,
                "asb_complaint",
                world.at(day, 8, 22),
                [(neighbour, "reporter"), (occupier, "tenant" if agency == "housing" else "other")],
                f"{text} Caller lives at Flat {their_flat}.",
                "Logged. Diary sheets sent." if agency == "housing" else "Logged for the neighbourhood team.",
                location=place(home),
                tags=["asb"] if rng.random() < 0.5 else None,
            )
        )
        if i == 2:
            unit.add(
                "housing",
                "letter",
                world.at(offset(day, 1, 3, world)),
                [(occupier, "tenant")],
                "Warning letter about noise and nuisance: breach of tenancy conditions.",
                "Posted.",
            )
        day = offset(day, 8, 18, world)
    _raise_by_last(
        unit,
        "REPEAT_ASB_ADDRESS",
        occupier,
        complaints,
        "fifth ASB complaint about the address within 3 months",
    )


def children_exposed(unit: Unit) -> None:
    cast = Cast(unit, victim_age=(22, 40))
    world, rng = unit.world, unit.world.rng
    day = _start(world, 200)
    children = []
    for _ in range(rng.randint(1, 3)):
        gender = rng.choice("FM")
        age = rng.randint(1, 14)
        dob = dt.date(day.year - age, rng.randint(1, 12), rng.randint(1, 28))
        child = world.person(
            "C", cast.victim.origin, gender, dob, family=gendered_family(cast.perp.family, gender)
        )
        child.addresses = list(cast.victim.addresses)
        children.append(child)
    unit.join(*children)
    cast.quiet_lives(cast.victim, cast.perp, *children)
    incident = police_incident(cast, day, outcome="arrest", children=tuple(children))
    unit.add(
        "police",
        "referral",
        world.at(offset(day, 1, 2, world)),
        [(cast.victim, "victim"), *((c, "child") for c in children)],
        "Operation Encompass notification to the school; referral to children's social care.",
        "Sent.",
    )
    unit.add(
        "childrens_social_care",
        "note",
        world.at(offset(day, 3, 12, world)),
        [(cast.victim, "other"), *((c, "child") for c in children)],
        f"Contact from police about a domestic incident at the family home. Children seen at home with "
        f"their {'mother' if cast.victim.gender == 'F' else 'father'}.",
        "Early help offered.",
    )
    _raise(
        unit, "CHILDREN_EXPOSED", cast.victim, incident, "domestic incident at an address where children live"
    )
    _no_marker(unit, cast.victim)


def adult_safeguarding(unit: Unit) -> None:
    world, rng = unit.world, unit.world.rng
    frail = world.turn("adult_safeguarding") % 2 == 1
    if frail:
        cast = Cast(unit, victim_age=(72, 88), older=True)
        son = cast.perp
        son.family = gendered_family(cast.victim.family, "M")
        son.dob = dt.date(cast.victim.dob.year + rng.randint(22, 34), rng.randint(1, 12), rng.randint(1, 28))
        cast.rel = "son"
    else:
        cast = Cast(unit)
    cast.quiet_lives()
    day = _start(world, 400)
    if frail:
        need = unit.add(
            "gp",
            "consultation",
            world.at(day),
            [(cast.victim, "patient")],
            "Home visit. Housebound, mobilises with a frame indoors, needs help with washing and dressing. "
            "Frail.",
            "Continue current medication.",
            location=place(cast.home),
        )
    else:
        need = unit.add(
            "drug_alcohol",
            "consultation",
            world.at(day),
            [(cast.victim, "client")],
            f"Assessment: alcohol dependent, drinking about {rng.randint(20, 40)} units a day for several years. "
            "Shakes in the mornings.",
            "Community detox discussed. Next appointment booked.",
        )
    first_abuse = police_incident(cast, offset(day, 20, 120, world), outcome="arrest")
    second_abuse = police_incident(cast, offset(_day(first_abuse), 60, 200, world), outcome="left")
    unit.signal(
        "ADULT_SAFEGUARDING_UNREFERRED",
        cast.victim,
        max(_day(need), _day(second_abuse)),
        f"care and support needs ({_ref(need)}) and victim in two abuse records ({_ref(first_abuse)}, "
        f"{_ref(second_abuse)}) with no referral to adult social care",
    )


def service_closure(unit: Unit) -> None:
    cast = Cast(unit)
    world, rng = unit.world, unit.world.rng
    cast.quiet_lives()
    centre = f"{cast.home.town} {rng.choice(('Community', 'Drop-in', 'Wellbeing'))} Centre"
    day = _start(world, 250)
    incident = police_incident(cast, day, outcome="arrest")
    dash(cast, day, rng.randint(8, 13), "medium", following=incident)
    visit = day
    for _ in range(3):
        visit = offset(visit, 10, 30, world)
        unit.add(
            "day_centre",
            "support_contact",
            world.at(visit, 10, 15),
            [(cast.victim, "client")],
            rng.choice(
                [
                    "{f} in for lunch. Talked to the support worker about a housing move.",
                    "{f} came to the women's group. Quiet.",
                    "{f} asked for help with a phone top-up and a food bank voucher.",
                ]
            ).format(f=first(cast.victim)),
            "Support plan reviewed.",
            location=centre,
        )
    closing = offset(visit, 20, 60, world)
    closure = unit.add(
        "day_centre",
        "service_change",
        world.at(closing),
        [(cast.victim, "client")],
        f"{centre} closes on {offset(closing, 7, 21, world).strftime('%d/%m/%Y')}: funding has ended. "
        f"{rng.randint(8, 30)} open cases at closure, including {first(cast.victim)}. Records boxed for storage.",
        "No handover arranged.",
        location=centre,
    )
    _raise(
        unit,
        "SERVICE_CLOSURE_HANDOVER",
        cast.victim,
        closure,
        "the service closes with open work with a person at risk",
    )
    _no_marker(unit, cast.victim)


MARKERS = {
    "threats to kill": "{p} told {obj} {ps} would kill {obj} if {she} called the police again.",
    "weapon": "{p} picked up a kitchen knife and held it towards {obj}.",
    "burns": "{p} threw a pan of boiling water at {obj}; scalds to {her} arm and chest.",
    "pregnancy": "{v} is about {weeks} weeks pregnant. {p} punched {obj} in the stomach.",
    "separation": "{v} ended the relationship two weeks ago. {p} came to the address and pushed {pp} way in.",
    "stalking": "{p} has been following {obj} to work and waiting outside the house most days; over 40 calls and "
    "texts in a day.",
    "coercive control": "{v} says {p} checks {her} phone, controls all the money and has stopped {obj} seeing "
    "{her} family.",
    "sexual assault": "{v} reports that {p} raped {obj} last night.",
}


def high_harm(unit: Unit) -> None:
    cast, world, rng, day = _opening(unit, 150)
    markers = [m for m in MARKERS if cast.victim.gender == "F" or m != "pregnancy"]
    marker = markers[world.turn("high_harm") % len(markers)]
    v, p, victim = police_name(cast.victim), police_name(cast.perp), cast.victim
    text = MARKERS[marker].format(
        v=v,
        p=p,
        obj=her_obj(victim),
        her=her(victim),
        she=she(victim),
        weeks=rng.randint(12, 30),
        ps=she(cast.perp),
        pp=her(cast.perp),
    )
    if marker == "sexual assault":
        incident = unit.add(
            "police",
            "crime",
            world.at(day),
            [(victim, "victim"), (cast.perp, "alleged_perpetrator")],
            f"Domestic. {text} Reported by phone the next morning.",
            "Rape recorded. Victim taken to the SARC for a forensic medical examination; ISVA referral made. "
            f"{p} arrested.",
            location=place(cast.home),
            tags=["domestic", "sexual"] if rng.random() < 0.5 else None,
        )
        world.give_pnc(cast.perp, day)
    else:
        incident = police_incident(cast, day, outcome="arrest", marker=text)
    if rng.random() < 0.5:
        dash(cast, day, rng.randint(7, 13), "medium", following=incident)
    _raise(unit, "HIGH_HARM_MARKER", victim, incident, f"{marker}")


STRANGLING = [
    "{p} put {pp} hands around {her} throat and squeezed until {she} could not breathe.",
    "{p} grabbed {obj} by the neck and pinned {obj} against the wall; {she} felt faint.",
    "{p} held {obj} in a headlock until {she} nearly passed out. Red marks to the neck.",
]


def strangulation(unit: Unit) -> None:
    cast, world, rng, day = _opening(unit, 400)
    victim = cast.victim
    text = rng.choice(STRANGLING).format(
        p=police_name(cast.perp), her=her(victim), she=she(victim), obj=her_obj(victim), pp=her(cast.perp)
    )
    incident = police_incident(cast, day, outcome="arrest", marker=text)
    _raise(unit, "HIGH_HARM_MARKER", victim, incident, "non-fatal strangulation")
    if world.turn("strangulation") % 3 == 2:
        risk = dash(cast, day, rng.randint(14, 20), "high", following=incident)
        _raise(unit, "MARAC_HIGH_RISK", victim, risk, "DASH graded high")
        marac_referral(cast, offset(day, 1, 3, world))
        contact = day
        for _ in range(rng.randint(3, 5)):
            contact = offset(contact, 3, 9, world)
            support(cast, contact)
        marac_meeting(cast, offset(day, 14, 24, world))
        unit.forbid("STRANGULATION_NOT_ESCALATED", victim, "graded high and referred to MARAC within 7 days")
        _forbid_perp_high_risk(unit, cast.perp)
    else:
        if rng.random() < 0.7:
            dash(
                cast,
                day,
                rng.randint(6, 12),
                "medium",
                outcome="Medium risk. IDVA referral offered.",
                following=incident,
            )
        _raise(
            unit,
            "STRANGULATION_NOT_ESCALATED",
            victim,
            incident,
            "strangulation graded below high with no MARAC referral within 7 days",
            days=7,
        )


SELF_HARM = [
    (
        "ed",
        "ed_attendance",
        "Paracetamol overdose, about {n} tablets taken 4 hours before arrival. States {she} "
        "'could not cope any more'.",
        "Parvolex started. Mental health liaison review before discharge.",
    ),
    (
        "ambulance",
        "ed_attendance",
        "Called by a friend: took an overdose of {her} sertraline and codeine, drowsy.",
        "Conveyed to ED.",
    ),
    (
        "mental_health",
        "consultation",
        "Crisis team assessment: reports suicidal thoughts most days, has thought about taking an overdose.",
        "Daily home treatment visits. Safety plan.",
    ),
    (
        "gp",
        "consultation",
        "Superficial self-harm cuts to left forearm, made last night.",
        "Dressings. Crisis numbers given.",
    ),
]


def self_harm(unit: Unit) -> None:
    cast, world, rng, day = _opening(unit, 200)
    police_incident(cast, day, outcome="arrest")
    agency, type_, summary, outcome = rng.choice(SELF_HARM)
    harm = unit.add(
        agency,
        type_,
        world.at(offset(day, 30, 150, world), 0, 23),
        [(cast.victim, "patient")],
        summary.format(n=rng.randint(12, 32), she=she(cast.victim), her=her(cast.victim)),
        outcome,
    )
    _raise(unit, "SELF_HARM_WITH_ABUSE", cast.victim, harm, "self-harm by a victim of abuse")


PRESENT = [
    (
        "gp",
        "consultation",
        "Attends with {her} {rel} {name}, who answered most of the questions. Chest infection. {V} quiet.",
        "Antibiotics.",
    ),
    (
        "ed",
        "ed_attendance",
        "Abdominal pain. {Rel} {name} present throughout and would not leave the cubicle.",
        "Bloods normal. Discharged.",
    ),
    (
        "mental_health",
        "consultation",
        "Review of low mood at home. {Rel} {name} sat in on the appointment.",
        "Continue sertraline.",
    ),
    (
        "adult_social_care",
        "consultation",
        "Home visit for an equipment assessment. {Rel} {name} present and spoke for {obj}.",
        "Equipment ordered.",
    ),
]


def abuser_present(unit: Unit) -> None:
    cast, world, rng, day = _opening(unit, 250)
    police_incident(cast, day, outcome="arrest")
    agency, type_, summary, outcome = rng.choice(PRESENT)
    role = "client" if agency == "adult_social_care" else "patient"
    seen = unit.add(
        agency,
        type_,
        world.at(offset(day, 30, 200, world)),
        [(cast.victim, role), (cast.perp, rng.choice(("household_member", "associate")))],
        summary.format(
            her=her(cast.victim),
            rel=cast.rel,
            Rel=cast.rel.capitalize(),
            name=cast.perp.given,
            V=first(cast.victim),
            obj=her_obj(cast.victim),
        ),
        outcome,
        relationships=[(cast.perp, cast.victim, cast.rel_type)] if rng.random() < 0.5 else None,
    )
    _raise(unit, "ABUSER_PRESENT_AT_ENQUIRY", cast.victim, seen, "seen with the alleged perpetrator present")


STORYLINES: dict[str, Callable[[Unit], None]] = {
    "escalation": escalation,
    "marac_high_risk": marac_high_risk,
    "repeat_marac": repeat_marac,
    "not_seen": not_seen,
    "unassessed_abuser": unassessed_abuser,
    "serial_perpetrator": serial_perpetrator,
    "namesake_father_son": namesake_father_son,
    "injury_presentations": injury_presentations,
    "disclosure_no_referral": disclosure_no_referral,
    "disclosure_referred": disclosure_referred,
    "missed_appointments": missed_appointments,
    "custody": custody,
    "victim_withdraws": victim_withdraws,
    "non_engagement": non_engagement,
    "order_breach": order_breach,
    "repeat_asb": repeat_asb,
    "children_exposed": children_exposed,
    "adult_safeguarding": adult_safeguarding,
    "service_closure": service_closure,
    "high_harm": high_harm,
    "strangulation": strangulation,
    "self_harm": self_harm,
    "abuser_present": abuser_present,
}


def storyline(world: World, kind: str) -> Unit:
    unit = Unit(world, kind)
    STORYLINES[kind](unit)
    return unit
