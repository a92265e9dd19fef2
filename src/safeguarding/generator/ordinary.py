"""Ordinary lives: households whose records show nothing that any signal should act on.

Most people in any partnership area only ever see their GP, have a repair done, go to A&E with a
sprain or chest pain, miss an appointment and come to the next one. None of that may raise a signal:
injury attendances are kept at least 200 days apart (the injury signal needs three in six months), a
missed appointment is always followed by one attended, nobody here is a victim or suspect of abuse,
and nothing complains about anyone's address.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable

from .model import Person
from .unit import Unit, place
from .world import World

GP_TOPICS = [
    (
        "Asthma review. Peak flow {pf} L/min, inhaler technique checked. Using reliever 2-3 times a week.",
        "Continue preventer inhaler. Review 12/12.",
    ),
    (
        "Hypertension review. BP {bp}. No chest pain, no headaches. Taking medication regularly.",
        "Amlodipine {dose}mg continued. U&E requested.",
    ),
    (
        "Type 2 diabetes review. HbA1c {hba} mmol/mol. Feet checked, pulses present, sensation intact.",
        "Metformin continued. Dietary advice. Retinal screening due.",
    ),
    (
        "Cough for 10 days, no fever. Chest clear on auscultation. Sats 98% on air.",
        "Likely viral. Safety-netting advice given.",
    ),
    (
        "Lower back pain for 3 weeks, no red flag symptoms. Mobile, neuro exam normal.",
        "Naproxen, keep active. Self-referral physiotherapy details given.",
    ),
    ("Eczema flare on both hands. No signs of infection.", "Emollients and hydrocortisone 1% cream."),
    (
        "Medication review with practice pharmacist. No side effects reported.",
        "Repeat prescriptions authorised for 12 months.",
    ),
    ("NHS health check. BMI {bmi}. Non-smoker. QRISK {qrisk}%.", "Lifestyle advice. Recall in 5 years."),
    ("Sore throat 4 days. Tonsils enlarged, no exudate. Centor 2.", "Delayed antibiotic prescription."),
    (
        "Knee pain on stairs for some months. Crepitus, no effusion. Likely osteoarthritis.",
        "Paracetamol, weight advice, exercise leaflet.",
    ),
    ("Hay fever symptoms, itchy eyes and sneezing.", "Cetirizine 10mg od."),
    ("Indigestion after meals for a month. No weight loss, no dysphagia.", "Omeprazole 20mg 4/52 trial."),
    (
        "Tiredness. Bloods normal last month including TFTs and ferritin.",
        "Reassured. Sleep hygiene discussed.",
    ),
    ("Ear wax, hearing reduced on the left.", "Olive oil drops, nurse irrigation if no better."),
    ("Migraine, 2-3 a month, typical aura. Neuro exam normal.", "Sumatriptan 50mg prn. Headache diary."),
    ("Routine review of thyroid function. Well. TSH within range.", "Levothyroxine continued."),
]
GP_TOPICS_OLDER = [
    (
        "Annual review of COPD. Breathless on one flight of stairs. No exacerbations this year.",
        "Inhalers continued. Flu and pneumococcal vaccines up to date.",
    ),
    (
        "Atrial fibrillation review. Rate controlled. On anticoagulation, no bleeding.",
        "Apixaban continued. Bloods 6/12.",
    ),
    (
        "Review of osteoarthritis hips. Manages at home. Walks with a stick outdoors.",
        "Analgesia reviewed. Physio referral offered, declined for now.",
    ),
]
GP_TOPICS_WOMEN = [
    ("Contraception review. Happy with current pill. BP {bp}. Smear up to date.", "Repeat for 12 months."),
    ("Heavy periods for 6 months. Hb normal.", "Tranexamic acid. Review 3/12."),
]
GP_TOPICS_CHILD = [
    (
        "Attends with mum. Cough and runny nose 5 days, eating and drinking well. Chest clear.",
        "Viral illness. Fluids, paracetamol, safety-netting.",
    ),
    ("Earache 2 days, temperature 38.2. Right TM bulging.", "Amoxicillin 5 days."),
    ("Eczema on flexures, itchy at night.", "Emollients, hydrocortisone 1% for flares."),
    ("Childhood immunisations given by practice nurse.", "Next due at the pre-school booster."),
    ("Asthma review with parent. Using blue inhaler twice a week.", "Technique checked. Spacer issued."),
    ("Sore throat and fever. Tonsils inflamed, no exudate.", "Paracetamol. Review if not settling."),
]
ED_CHILD = [
    ("Fever and cough 3 days, mild work of breathing. Sats 96%.", "Discharged with advice."),
    ("Croup: barking cough overnight. No stridor at rest.", "Dexamethasone. Discharged."),
    ("Diarrhoea and vomiting 2 days, mildly dry.", "Oral fluid challenge passed. Discharged."),
]
GP_LETTERS_WOMEN = [("Invitation for cervical screening.", "Posted.")]
GP_LETTERS = [
    ("Invitation for seasonal flu vaccination.", "Posted."),
    ("Blood test results letter: all within normal range.", "Posted."),
    ("Invitation to book annual long-term condition review.", "Sent by text and post."),
    ("Letter confirming change of registered address.", "Posted."),
]
GP_MISSED = [
    "Did not attend appointment with practice nurse for bloods.",
    "DNA routine GP appointment. No message received.",
    "Did not attend annual review.",
]
ED_MEDICAL = [
    (
        "Central chest pain at rest for 1 hour. ECG sinus rhythm, troponin negative x2.",
        "Discharged. GP follow-up for outpatient stress test.",
    ),
    (
        "Abdominal pain right upper quadrant after fatty meal. Ultrasound: gallstones.",
        "Analgesia. Discharged with surgical outpatient referral.",
    ),
    (
        "Shortness of breath, wheeze. Asthma exacerbation, peak flow 55% predicted.",
        "Nebulised salbutamol, prednisolone 5 days. Discharged.",
    ),
    ("Renal colic, left loin to groin pain. CT KUB: 4mm stone.", "Analgesia, discharged."),
    ("High temperature and rigors. Urine dip positive. Pyelonephritis.", "IV antibiotics, admitted to AMU."),
    ("Allergic reaction to nuts, lip swelling, no airway compromise.", "Antihistamine, observed 4 hrs."),
]
ED_INJURY = [
    (
        "Inversion injury right ankle playing football. Ottawa rules negative.",
        "Discharged with advice, RICE.",
    ),
    (
        "Laceration to left palm on broken glass while washing up. Wound explored, no tendon involvement.",
        "Steristrips. Discharged.",
    ),
    (
        "Fell from stepladder clearing gutters. Wrist pain. X-ray: undisplaced distal radius fracture.",
        "Backslab, fracture clinic.",
    ),
    ("Tripped on kerb, grazed knees and bruised hip. X-ray hip normal.", "Discharged, analgesia."),
    ("Twisted knee skiing on dry slope. Able to weight bear.", "Knee brace, physio referral."),
]
WIC_MEDICAL = [
    ("Earache 3 days, left TM red and bulging.", "Amoxicillin 5 days."),
    ("Dysuria and frequency 2 days. Urine dip nitrites positive.", "Nitrofurantoin 3 days."),
    ("Conjunctivitis, both eyes sticky.", "Advice, chloramphenicol drops."),
    ("Insect bite on forearm, localised swelling, no cellulitis.", "Antihistamine. Advice."),
    ("Rash on trunk, non-blanching excluded. Likely viral.", "Reassured."),
]
WIC_INJURY = [
    ("Sprained right wrist after slipping on wet leaves. No bony tenderness.", "Tubigrip, advice."),
    ("Small cut to finger while gardening, cleaned and closed.", "Steristrips. Tetanus up to date."),
]
AMBULANCE_OLDER = [
    ("999 call: chest tightness. ECG normal, obs stable.", "Conveyed to ED."),
    ("Breathing difficulty, known COPD. Sats 86% on air.", "Oxygen given, conveyed to ED."),
    (
        "Found on floor by carer, unable to get up, no apparent injury. Obs normal.",
        "Assisted up. Falls referral made. Not conveyed.",
    ),
]
HOUSING_REPAIRS = [
    ("Repair request: kitchen tap leaking.", "Job raised with contractor, routine."),
    ("Repair request: boiler not firing, no hot water.", "Emergency job raised, engineer same day."),
    ("Repair request: black mould in bathroom.", "Surveyor inspection booked."),
    ("Repair request: front door lock sticking.", "Job raised with contractor, routine."),
    ("Repair request: blocked sink.", "Job raised, completed next day."),
    ("Repair request: broken window catch in bedroom.", "Job raised with contractor."),
]
HOUSING_ADMIN = [
    ("letter", "Annual rent increase notice.", "Posted."),
    ("letter", "Rent statement: account up to date.", "Posted."),
    ("tenancy_action", "Annual tenancy check visit. Property in good order.", "No action."),
    ("letter", "Gas safety check appointment letter.", "Posted."),
    ("tenancy_action", "Request for mutual exchange registered.", "Added to exchange list."),
]
DAY_CENTRE: list[tuple[str, str | None]] = [
    ("Came to the lunch club, chatted with volunteers.", None),
    ("Help with a benefits form. Completed together.", "Form posted."),
    ("Attended the coffee morning.", None),
    ("Asked for help with a bus pass renewal.", "Signposted to council website, helped online."),
]
POLICE_ORDINARY = [
    (
        "crime",
        "victim",
        "Report of theft of pedal cycle from front garden overnight. No CCTV.",
        "Crime recorded. Filed pending further information.",
    ),
    (
        "crime",
        "victim",
        "Report of criminal damage to parked car: wing mirror broken.",
        "Crime recorded. No lines of enquiry. Filed.",
    ),
    (
        "crime",
        "victim",
        "Report of burglary at home while away for the weekend: TV and laptop taken.",
        "Scenes of crime attended. Crime reference issued.",
    ),
    (
        "incident",
        "witness",
        "Witness to a minor road traffic collision on the high street. No injuries.",
        "Details taken.",
    ),
    ("incident", "reporter", "Reported a lost wallet.", "Lost property report completed."),
]
MENTAL_HEALTH = [
    (
        "Talking therapies assessment: anxiety, GAD-7 {gad}. Denies thoughts of self-harm.",
        "Offered 6 sessions guided self-help.",
    ),
    ("Guided self-help session. Using the worksheets, sleeping better.", "Next session booked."),
    ("CBT session for low mood. PHQ-9 {phq}, improving.", "Continue."),
]
ASC_OLDER = [
    (
        "Care needs assessment at home: needs help with bathing and meals. Lives alone, family nearby.",
        "Package of care: two calls a day.",
    ),
    ("Annual review of care package. Happy with carers.", "Package continued."),
    ("Occupational therapy visit: grab rails and a raised toilet seat.", "Equipment ordered."),
]


_FIELDS: dict[str, Callable[[random.Random], object]] = {
    "pf": lambda rng: rng.randint(300, 550),
    "bp": lambda rng: f"{rng.randint(118, 156)}/{rng.randint(70, 94)}",
    "dose": lambda rng: rng.choice((5, 10)),
    "hba": lambda rng: rng.randint(44, 70),
    "bmi": lambda rng: rng.randint(20, 33),
    "qrisk": lambda rng: rng.randint(2, 14),
    "gad": lambda rng: rng.randint(8, 15),
    "phq": lambda rng: rng.randint(5, 14),
}


def _fill(text: str, world: World) -> str:
    """Fill a template's measurements (blood pressure, peak flow...), drawing only those it uses."""
    if "{" not in text:
        return text
    names = re.findall(r"{(\w+)}", text)
    return text.format(**{name: _FIELDS[name](world.rng) for name in names})


def _poisson_days(world: World, rate_per_year: float, first: dt.date, last: dt.date) -> list[dt.date]:
    """Days of events that happen at about `rate_per_year` between two dates."""
    rng = world.rng
    days: list[dt.date] = []
    if rate_per_year <= 0 or last < first:
        return days
    day = first
    while True:
        day += dt.timedelta(days=int(rng.expovariate(rate_per_year / 365.0)) + 1)
        if day > last:
            return days
        days.append(day)


def background(unit: Unit, person: Person, *, quiet: bool = False, tenant: bool = False) -> None:
    """Ordinary contacts for one person across the whole period.

    `quiet` is for storyline casts: only GP consultations, GP letters and housing repairs, so that
    nothing in the background adds to, or hides, the pattern the storyline builds.
    """
    world = unit.world
    rng = world.rng
    first = max(world.start, person.dob + dt.timedelta(days=1))
    last = world.end
    age = person.age_on(world.start)
    older = age >= 70
    child = age < 16

    gp_rate = 0.9 if quiet else (2.5 if older else (1.0 if child else 1.3))
    for day in _poisson_days(world, gp_rate, first, last):
        _gp_visit(unit, person, day, allow_missed=not quiet)
    for day in _poisson_days(world, 0.3, first, last):
        summary, outcome = rng.choice(_letters_for(person, day))
        when = world.at(day, 9, 16)
        unit.add("gp", "letter", when, [(person, "patient")], summary, outcome, occurred=day.isoformat())
    if tenant:
        agency = rng.choice(("housing", "housing_provider"))
        for day in _poisson_days(world, 0.6, first, last):
            _housing(unit, person, day, agency, quiet=quiet)
    if quiet:
        return
    for day in _poisson_days(world, 0.25 if not child else 0.3, first, last):
        _ed(unit, person, day)
    for day in _poisson_days(world, 0.12, first, last):
        _walk_in(unit, person, day)
    if older:
        for day in _poisson_days(world, 0.3, first, last):
            summary, outcome = rng.choice(AMBULANCE_OLDER)
            if "floor" in summary and not _injury_allowed(person, day):
                continue
            if "floor" in summary:
                person.last_injury = day
            unit.add(
                "ambulance", "ed_attendance", world.at(day, 0, 23), [(person, "patient")], summary, outcome
            )
        if rng.random() < 0.3:
            for day in _poisson_days(world, 0.8, first, last):
                summary, outcome = rng.choice(ASC_OLDER)
                unit.add(
                    "adult_social_care",
                    "consultation",
                    world.at(day, 9, 16),
                    [(person, "client")],
                    summary,
                    outcome,
                    location=place(person.address_on(day)),
                )
    if not child and rng.random() < 0.05:
        for day in _poisson_days(world, 2.0, first, last)[:12]:
            note, result = rng.choice(DAY_CENTRE)
            unit.add(
                "day_centre", "support_contact", world.at(day, 10, 15), [(person, "client")], note, result
            )
    if not child and rng.random() < 0.07:
        start = world.day_between(first, last - dt.timedelta(days=120))
        for n in range(rng.randint(2, 6)):
            day = start + dt.timedelta(days=14 * n)
            summary, outcome = MENTAL_HEALTH[0] if n == 0 else rng.choice(MENTAL_HEALTH[1:])
            unit.add(
                "mental_health",
                "consultation",
                world.at(day),
                [(person, "patient")],
                _fill(summary, world),
                outcome,
            )
    if not child:
        for day in _poisson_days(world, 0.04, first, last):
            type_, role, summary, outcome = rng.choice(POLICE_ORDINARY)
            unit.add(
                "police",
                type_,
                world.at(day, 0, 23),
                [(person, role)],
                summary,
                outcome,
                location=place(person.address_on(day)),
            )


def _letters_for(person: Person, day: dt.date) -> list[tuple[str, str]]:
    age = person.age_on(day)
    if age < 16:
        return [("Letter to parent: childhood immunisations due.", "Posted."), GP_LETTERS[3]]
    if person.gender == "F" and 25 <= age <= 64:
        return GP_LETTERS + GP_LETTERS_WOMEN
    return GP_LETTERS


def _injury_allowed(person: Person, day: dt.date) -> bool:
    return person.last_injury is None or (day - person.last_injury).days >= 200


def _gp_visit(unit: Unit, person: Person, day: dt.date, *, allow_missed: bool) -> None:
    world = unit.world
    rng = world.rng
    recently_missed = person.last_missed is not None and (day - person.last_missed).days < 60
    if allow_missed and not recently_missed and rng.random() < 0.08:
        person.last_missed = day
        # A missed appointment is always followed by one attended, so three in a row never happens.
        unit.add(
            "gp",
            "missed_appointment",
            world.at(day),
            [(person, "patient")],
            rng.choice(GP_MISSED),
            "DNA coded.",
        )
        if rng.random() < 0.5:
            unit.add(
                "gp",
                "letter",
                world.at(day + dt.timedelta(days=1), 9, 12),
                [(person, "patient")],
                "Letter: you missed your appointment, please rebook.",
                "Posted.",
            )
        day = day + dt.timedelta(days=rng.randint(7, 30))
        if day > world.end:
            return
    age = person.age_on(day)
    pool = GP_TOPICS
    if age < 16:
        pool = GP_TOPICS_CHILD
    elif age >= 65:
        pool = GP_TOPICS + GP_TOPICS_OLDER
    elif person.gender == "F" and 18 <= age <= 48:
        pool = GP_TOPICS + GP_TOPICS_WOMEN
    summary, outcome = rng.choice(pool)
    unit.add(
        "gp",
        "consultation",
        world.at(day),
        [(person, "patient")],
        _fill(summary, world),
        _fill(outcome, world),
        location="Surgery",
    )


def _ed(unit: Unit, person: Person, day: dt.date) -> None:
    world = unit.world
    rng = world.rng
    if rng.random() < 0.4 and _injury_allowed(person, day):
        person.last_injury = day
        summary, outcome = rng.choice(ED_INJURY)
        tags = ["injury"] if rng.random() < 0.3 else None
    else:
        summary, outcome = rng.choice(ED_CHILD if person.age_on(day) < 16 else ED_MEDICAL)
        tags = None
    when = world.at(day, 0, 23)
    unit.add(
        "ed",
        "ed_attendance",
        when,
        [(person, "patient")],
        summary,
        outcome,
        tags=tags,
        recorded=when + dt.timedelta(hours=rng.randint(1, 5)),
    )


def _walk_in(unit: Unit, person: Person, day: dt.date) -> None:
    world = unit.world
    rng = world.rng
    if rng.random() < 0.3 and _injury_allowed(person, day):
        person.last_injury = day
        summary, outcome = rng.choice(WIC_INJURY)
    else:
        summary, outcome = rng.choice(WIC_MEDICAL)
    unit.add("walk_in_centre", "ed_attendance", world.at(day, 8, 20), [(person, "patient")], summary, outcome)


def _housing(unit: Unit, person: Person, day: dt.date, agency: str, *, quiet: bool) -> None:
    world = unit.world
    rng = world.rng
    address = person.address_on(day)
    if quiet or rng.random() < 0.6:
        summary, outcome = rng.choice(HOUSING_REPAIRS)
        unit.add(
            agency,
            "note",
            world.at(day, 8, 17),
            [(person, "tenant", {"address": address})],
            summary,
            outcome,
            kind="REP",
            location=place(address),
        )
    else:
        type_, summary, outcome = rng.choice(HOUSING_ADMIN)
        unit.add(
            agency,
            type_,
            world.at(day, 8, 17),
            [(person, "tenant", {"address": address})],
            summary,
            outcome,
            occurred=day.isoformat() if type_ == "letter" else None,
        )


# ---------------------------------------------------------------------- households
def settle(world: World, people: list[Person], *, moves: bool = True) -> None:
    """Give a household one address, and perhaps a move or two during the period."""
    rng = world.rng
    area = world.area()
    home = world.address(area)
    history = [(dt.date(1900, 1, 1), home)]
    if moves and rng.random() < 0.3:
        when = world.day_between(world.start + dt.timedelta(days=200), world.end - dt.timedelta(days=200))
        history.append((when, world.address(area if rng.random() < 0.8 else world.area())))
        if rng.random() < 0.15:
            later = world.day_between(when + dt.timedelta(days=90), world.end - dt.timedelta(days=30))
            history.append((later, world.address(area)))
    for person in people:
        person.addresses = list(history)


def ordinary_household(world: World, size: int) -> Unit:
    """A household of `size` people: a single adult, a couple, a family, or an older couple."""
    rng = world.rng
    unit = Unit(world, "ordinary")
    origin = world.origin()
    family = None
    people: list[Person] = []
    roll = rng.random()
    if size == 1:
        gender = rng.choice("FM")
        older = roll < 0.2
        people.append(
            world.person(
                "O", origin, gender, world.dob_for_age(65, 90) if older else world.dob_for_age(18, 64)
            )
        )
    else:
        adult_ages = (60, 85) if (size == 2 and roll < 0.3) else (22, 55)
        man = world.person("O", origin, "M", world.dob_for_age(*adult_ages))
        family = man.family
        from .names import gendered_family

        woman = world.person(
            "O",
            origin,
            "F",
            world.dob_for_age(*adult_ages),
            family=gendered_family(family, "F"),
            married=True,
        )
        people += [man, woman]
        youngest_parent = min(man.dob, woman.dob, key=lambda d: -d.toordinal())
        for _ in range(size - 2):
            gender = rng.choice("FM")
            dob = world.day_between(
                youngest_parent + dt.timedelta(days=365 * 20), world.start + dt.timedelta(days=365 * 3)
            )
            people.append(world.person("O", origin, gender, dob, family=gendered_family(family, gender)))
    settle(world, people)
    tenant = rng.random() < 0.35
    unit.join(*people)
    for person in people:
        background(unit, person, tenant=tenant and person.age_on(world.start) >= 18)
    return unit
