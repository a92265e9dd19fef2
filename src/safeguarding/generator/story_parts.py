"""Building blocks of the domestic-abuse storylines: a cast, and the records agencies write about it.

Each helper writes one record in its agency's style. The wording is varied, and evidence sits in the
free text as it does in real records; tags and `relationships` are present only some of the time.
Words that the signals treat as high-harm markers (strangulation, threats to kill, weapons, burns,
sexual assault, pregnancy, separation, stalking, coercive control) appear only where a storyline
means them, or negated ("no weapons involved").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .model import Address, Person
from .names import gendered_family
from .ordinary import background
from .unit import Unit, place
from .world import World

HIGH_RISK_DAYS = 365
MARKER_DAYS = 90


class Cast:
    """A victim and an alleged perpetrator (and anyone else the storyline needs)."""

    def __init__(
        self,
        unit: Unit,
        *,
        victim_age: tuple[int, int] = (19, 55),
        live_together: bool = True,
        older: bool = False,
    ) -> None:
        world = unit.world
        rng = world.rng
        self.unit = unit
        self.world = world
        origin = world.origin()
        male_victim = rng.random() < 0.1 and not older
        vg, pg = ("M", "F") if male_victim else ("F", "M")
        self.victim = world.person(
            "V", origin, vg, world.dob_for_age(*victim_age), married=rng.random() < 0.4
        )
        p_origin = origin if rng.random() < 0.85 else world.origin()
        p_low, p_high = victim_age[0] + rng.randint(-2, 3), victim_age[1] + rng.randint(0, 6)
        self.perp = world.person("P", p_origin, pg, world.dob_for_age(max(p_low, 18), max(p_high, 20)))
        self.married = rng.random() < 0.3 and not male_victim
        if self.married:
            self.perp.family = (
                gendered_family(self.perp.family, pg) if p_origin == origin else self.perp.family
            )
            self.victim.alt_family = self.victim.family
            self.victim.family = gendered_family(self.perp.family, vg)
        if self.victim.family == self.perp.family:
            self.victim.full_in_text = self.perp.full_in_text = True
        self.rel_type = "spouse" if self.married else "partner"
        if male_victim:
            self.rel = "wife" if self.married else rng.choice(("partner", "girlfriend"))
        else:
            self.rel = "husband" if self.married else rng.choice(("partner", "boyfriend", "partner"))
        area = world.area()
        self.home = world.address(area)
        self.victim.addresses = [(dt.date(1900, 1, 1), self.home)]
        self.perp.addresses = [(dt.date(1900, 1, 1), self.home if live_together else world.address(area))]
        unit.join(self.victim, self.perp)
        self.tenant = rng.random() < 0.5

    def quiet_lives(self, *people: Person) -> None:
        for person in people or (self.victim, self.perp):
            background(self.unit, person, quiet=True, tenant=self.tenant and person is self.victim)


# ---------------------------------------------------------------------- how agencies name people in text
def police_name(person: Person) -> str:
    if person.full_in_text:
        return f"{person.given} {person.family.upper()}"
    return person.family.upper()


def first(person: Person) -> str:
    return person.nickname if person.nickname and person.origin == "english" else person.given


def she(person: Person) -> str:
    return "she" if person.gender == "F" else "he"


def her(person: Person) -> str:
    return "her" if person.gender == "F" else "his"


def her_obj(person: Person) -> str:
    return "her" if person.gender == "F" else "him"


PLAIN_ACTS = [
    "pushed {obj} into the kitchen door",
    "slapped {obj} across the face during an argument about {topic}",
    "grabbed {her} arm and pushed {obj} onto the sofa",
    "punched {obj} to the side of the head",
    "shoved {obj} against the wardrobe",
    "pulled {obj} by the hair across the hallway",
    "kicked {obj} in the leg while {she} was on the floor",
]
TOPICS = ["a text message", "visiting his family", "household bills", "the state of the house", "a night out"]
INJURIES = [
    "reddening to left cheek",
    "a cut to the lower lip",
    "bruising to both upper arms",
    "swelling around the right eye",
    "a graze to the forehead",
]
NEGATIONS = ["No weapons involved.", "No threats made.", "Denied any other assaults."]


def act(world: World, victim: Person) -> str:
    rng = world.rng
    return rng.choice(PLAIN_ACTS).format(
        obj=her_obj(victim), her=her(victim), she=she(victim), topic=rng.choice(TOPICS)
    )


def police_incident(
    cast: Cast,
    day: dt.date,
    *,
    outcome: str = "arrest",
    perp: Person | None = None,
    victim: Person | None = None,
    rel: str | None = None,
    injury: bool | None = None,
    marker: str | None = None,
    children: tuple[Person, ...] = (),
    at: Address | None = None,
    type_: str = "incident",
    perp_note: str = "",
) -> dict[str, Any]:
    """A police domestic incident. `outcome`: arrest | left | declined | dvpn."""
    world, unit = cast.world, cast.unit
    rng = world.rng
    victim = victim or cast.victim
    perp = perp or cast.perp
    rel = rel or cast.rel
    where = at or victim.address_on(day)
    v, p = police_name(victim), police_name(perp)
    when = world.at(day, 7, 21)
    attended = when + dt.timedelta(minutes=8 + int(rng.random() * 45))
    recorded = min(
        attended + dt.timedelta(minutes=20 + int(rng.random() * 160)), when.replace(hour=23, minute=59)
    )
    opening = rng.choice(
        [
            f"Domestic incident. 999 call from {v} stating {her(victim)} {rel} {p} had assaulted {her_obj(victim)}.",
            f"Neighbour called police reporting shouting and screaming from {where.line if where else 'the address'}.",
            f"Call from {v}: {her(victim)} {rel} {p} {act(world, victim)}.",
            f"Domestic. {v} rang police from a neighbour's house asking for help.",
            f"Grade 1 call, domestic. Female caller, {v}, whispering, line went dead. Call back answered by "
            f"{her(victim)} {rel} {p} who said all was fine.",
            f"DA call-out to {where.line if where else 'the address'}. Caller {v} reports {her(victim)} {rel} {p} "
            f"{act(world, victim)}.",
            f"Third-party call from {v}'s sister: {she(victim)} had texted asking for police to attend.",
        ]
    )
    parts = [opening, f"Officers attended {attended.strftime('%H:%M')}."]
    if marker:
        parts.append(marker)
    elif not any(word in opening for word in ("Call from", "DA call-out")):
        parts.append(f"{v} stated that {p} {act(world, victim)}.")
    if injury or (injury is None and rng.random() < 0.5):
        parts.append(f"{v} had {rng.choice(INJURIES)}.")
        hurt = True
    else:
        parts.append("No visible injuries.")
        hurt = False
    if outcome == "left":
        parts.append(f"{p}{perp_note} had left the address before officers arrived.")
    else:
        parts.append(
            f"{p}{perp_note} present on arrival" + (", denied any assault." if rng.random() < 0.6 else ".")
        )
    if children:
        ages = ", ".join(f"{c.given} ({c.age_on(day)})" for c in children)
        parts.append(f"Children {ages} were in the house at the time.")
    elif rng.random() < 0.4:
        parts.append("No children in the household.")
    if rng.random() < 0.35 and not marker:
        parts.append(rng.choice(NEGATIONS))
    offence = "assault occasioning ABH" if hurt else "common assault"
    if outcome == "arrest":
        world.give_pnc(perp, day)
        result = (
            f"{p} arrested for {offence}. {v} provided a statement and supports a prosecution. "
            f"DASH completed."
        )
    elif outcome == "left":
        result = f"Area search negative. {v} supports a prosecution. {p} circulated as wanted for {offence}."
    elif outcome == "declined":
        result = (
            f"{v} declined to provide a statement or support a complaint. Words of advice given to both parties. "
            f"No further police action."
        )
    else:
        result = (
            f"{v} declined to make a complaint. DVPN authorised by superintendent and served on {p}; "
            f"DVPO application to be made to the magistrates."
        )
    tags = None
    if rng.random() < 0.6:
        tags = ["domestic"] + (["injury"] if hurt else []) + (["children_present"] if children else [])
    subjects: list[Any] = [(victim, "victim"), (perp, "alleged_perpetrator")]
    subjects += [(c, "child") for c in children]
    relationships = None
    if rng.random() < 0.5:
        rel_type = (
            "spouse" if rel in ("husband", "wife") else ("child" if rel in ("son", "daughter") else "partner")
        )
        relationships = [(perp, victim, rel_type)]
        relationships += [(c, victim, "child") for c in children]
    return unit.add(
        "police",
        type_,
        when,
        subjects,
        " ".join(parts),
        result,
        recorded=recorded,
        location=place(where),
        tags=tags,
        relationships=relationships,
    )


def charge(
    cast: Cast, day: dt.date, perp: Person | None = None, victim: Person | None = None
) -> dict[str, Any]:
    perp = perp or cast.perp
    victim = victim or cast.victim
    world = cast.world
    return cast.unit.add(
        "police",
        "charge",
        world.at(day),
        [(perp, "offender"), (victim, "victim", {"name_only": True})],
        f"CPS authorised charge: {police_name(perp)} charged with assault on {police_name(victim)}.",
        f"Bailed to magistrates' court with conditions not to contact {police_name(victim)} or attend "
        f"{her(victim)} address.",
    )


def dash(
    cast: Cast,
    day: dt.date,
    score: int,
    level: str,
    *,
    agency: str = "police",
    perp: Person | None = None,
    outcome: str | None = None,
    following: dict[str, Any] | None = None,
) -> dict[str, Any]:
    world, unit = cast.world, cast.unit
    rng = world.rng
    perp = perp or cast.perp
    v = police_name(cast.victim) if agency == "police" else first(cast.victim)
    summary = (
        rng.choice(
            [
                f"DASH risk assessment completed with {v}: {score} of 27 questions answered yes.",
                f"DASH RIC with {v} about {first(perp)} {perp.family}. {score} ticks.",
                f"Risk assessment (DASH) following the incident: {score}/27.",
            ]
        )
        + f" Graded {level.upper()}."
    )
    if agency != "police":
        summary += f" Completed with {v} on {her(cast.victim)} own at the office."
    if outcome is None:
        outcome = {
            "standard": "Standard risk. Information on local support services given.",
            "medium": "Medium risk. Referral to IDVA service offered and accepted.",
            "high": "High risk. MARAC referral to be submitted.",
        }[level]
    if level == "high":
        unit.high_risk(cast.victim, day, HIGH_RISK_DAYS)
    when = world.at(day, 9, 22)
    if following is not None:
        # Completed after the incident it follows, the same day.
        base = dt.datetime.fromisoformat(following["recorded"])
        when = min(base + dt.timedelta(minutes=5 + int(rng.random() * 40)), base.replace(hour=23, minute=59))
    return unit.add(
        agency,
        "risk_assessment",
        when,
        [(cast.victim, "victim"), (perp, "alleged_perpetrator")],
        summary,
        outcome,
        kind="DASH",
        risk=(score, level, perp),
    )


SUPPORT_NOTES = [
    "Phone call with {v}: safety planning, discussed the sanctuary scheme and keeping a phone charged.",
    "Met {v} at the community hub. Talked through the court process. {She} feels a bit more settled.",
    "Call to {v}: update on bail conditions. Agreed code word for calls.",
    "Home visit to {v}. Locks changed by housing. Safety plan reviewed.",
    "Text then call with {v}; {she} is sleeping better. Next contact agreed.",
    "Supported {v} at the housing office about a move.",
    "Met {v} in town. Discussed benefits and a solicitor for a non-molestation order.",
    "Call with {v}. Went through the safety plan again; {she} has a bag packed at a friend's.",
    "Accompanied {v} to the solicitor's about legal aid.",
    "Phone support: {v} anxious about the court date; explained special measures.",
]


def support(cast: Cast, day: dt.date, *, agency: str = "idva", note: str | None = None) -> dict[str, Any]:
    world = cast.world
    rng = world.rng
    text = note or rng.choice(SUPPORT_NOTES)
    text = text.format(v=first(cast.victim), She=she(cast.victim).capitalize(), she=she(cast.victim))
    return cast.unit.add(
        agency,
        "support_contact",
        world.at(day, 9, 17),
        [(cast.victim, "client")],
        text,
        rng.choice(["Next contact booked.", "Continue support.", None]),
    )


def marac_referral(cast: Cast, day: dt.date, agency: str = "police") -> dict[str, Any]:
    world = cast.world
    return cast.unit.add(
        "marac",
        "marac_referral",
        world.at(day),
        [(cast.victim, "victim"), (cast.perp, "alleged_perpetrator")],
        f"MARAC referral received from {agency.replace('_', ' ')}: DASH high risk.",
        "Listed for the next MARAC meeting.",
    )


def marac_meeting(cast: Cast, day: dt.date, repeat: bool = False) -> dict[str, Any]:
    world = cast.world
    rng = world.rng
    cast.unit.high_risk(cast.victim, day, HIGH_RISK_DAYS)
    actions = rng.sample(
        [
            "IDVA to continue support",
            "police to flag the address for urgent response",
            "housing to fit sanctuary measures",
            "GP to be told and to flag the records",
            f"probation to check {first(cast.perp)}'s bail conditions",
            "IDVA to review the safety plan",
        ],
        3,
    )
    return cast.unit.add(
        "marac",
        "marac_meeting",
        world.at(day, 9, 13),
        [(cast.victim, "victim"), (cast.perp, "alleged_perpetrator")],
        ("Repeat case. " if repeat else "")
        + f"MARAC meeting discussed {first(cast.victim)} {cast.victim.family}. "
        f"Risk from {her(cast.victim)} {cast.rel} {cast.perp.given} {cast.perp.family}.",
        "Actions: " + "; ".join(actions) + ".",
        location="MARAC meeting",
    )


def gp_quiet(cast: Cast, day: dt.date, person: Person | None = None) -> dict[str, Any]:
    world = cast.world
    rng = world.rng
    person = person or cast.victim
    summary, outcome = rng.choice(
        [
            ("Review of asthma. Well controlled.", "Continue inhalers."),
            ("Blood pressure check. BP 124/78.", "No change."),
            ("Follow-up of eczema, improving.", "Continue emollients."),
            ("Repeat prescription review.", "Authorised."),
        ]
    )
    return cast.unit.add(
        "gp", "consultation", world.at(day), [(person, "patient")], summary, outcome, location="Surgery"
    )


def offset(day: dt.date, low: int, high: int, world: World) -> dt.date:
    return day + dt.timedelta(days=world.rng.randint(low, high))
