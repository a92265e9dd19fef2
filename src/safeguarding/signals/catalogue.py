"""The signal catalogue: every signal's code, meaning, default thresholds, action and lesson.

The codes and defaults follow the partnership's specification (signals.md, version 1). A
partnership changes a threshold with a `SignalSetting` row (or `settings.SIGNAL_THRESHOLDS`,
``{"ESCALATION": {"count": 4}}``); `thresholds(code)` is what the rules use. docs/signals.md is
generated from this module (`python -m safeguarding.signals.docs`), and a test fails when it is stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from safeguarding.signals import rules
from safeguarding.signals.rules import RuleCheck


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    explanation: str
    for_whom: str
    action: str
    lesson: str
    check: RuleCheck
    thresholds: dict[str, int] = field(default_factory=dict)
    # Whose timeline the rule reads: the person it warns about, or (for a pair read from the victim's
    # side) the other person.
    anchor: Literal["person", "other"] = "person"
    # Raised on the absence of something within a period: evaluated every day as well as on new records.
    daily: bool = False
    pair: bool = False


THRESHOLD_HELP: dict[str, str] = {
    "count": "how many",
    "days": "the period, in days",
    "score": "the DASH score (ticks) that counts as high risk",
    "holds_days": "how long, in days after its latest evidence, the signal keeps holding",
    "open_days": "how recent, in days, a contact must be for the work to count as open",
    "high_risk_days": "how long, in days, a MARAC meeting, high grading, ESCALATION or REPEAT_MARAC keeps someone at high risk",
    "high_harm_days": "how long, in days, a high-harm record keeps someone at high risk",
}

_ALL = [
    Rule(
        "MARAC_HIGH_RISK", "Visible high risk: refer to MARAC",
        "A DASH risk assessment scores 14 or more ticks, or is graded high.", "the victim",
        "refer to MARAC", "SafeLives MARAC referral criterion \"visible high risk\"",
        rules.marac_high_risk, {"score": 14, "holds_days": 365},
    ),
    Rule(
        "ESCALATION", "Escalating police call-outs",
        "3 or more domestic incidents recorded by police about the same victim within 12 months.", "the victim",
        "consider MARAC referral; review risk", "SafeLives \"potential escalation\" criterion",
        rules.escalation, {"count": 3, "days": 365},
    ),
    Rule(
        "REPEAT_MARAC", "Repeat MARAC case",
        "A new domestic incident or disclosure about a victim within 12 months of their last MARAC meeting.",
        "the victim", "refer back to MARAC as a repeat", "SafeLives repeat MARAC definition",
        rules.repeat_marac, {"days": 365, "holds_days": 365},
    ),
    Rule(
        "UNASSESSED_ABUSER", "An abuser nobody has assessed",
        "Someone recorded as alleged perpetrator of abuse against a victim whose risk assessments, MARAC or MAPPA"
        " records name other perpetrators but not this one.",
        "the abuser (the victim is `other`)", "assess the risk from this person too",
        "the seed review: all risk work looked at one partner, never the man who killed her",
        rules.unassessed_abuser, {}, anchor="other", pair=True,
    ),
    Rule(
        "SERIAL_PERPETRATOR", "Serial perpetrator",
        "One person is alleged perpetrator of domestic abuse against 2 or more different victims.", "the abuser",
        "share with MARAC/MAPPA; consider perpetrator programme or multi-agency tasking",
        "serial perpetrators are often only visible across agencies",
        rules.serial_perpetrator, {"count": 2},
    ),
    Rule(
        "DVDS_RIGHT_TO_KNOW", "A new partner who may need to be told (Clare's Law)",
        "Someone recorded as alleged perpetrator of domestic abuse against an intimate partner is recorded in a"
        " relationship with a different, new partner.",
        "the abuser (the new partner is `other`)",
        "consider a Domestic Violence Disclosure Scheme (\"Clare's Law\") right-to-know disclosure to the new partner;"
        " share at MARAC",
        "reviews of serial abusers: the new partner was never told",
        rules.dvds_right_to_know, {}, pair=True,
    ),
    Rule(
        "FREQUENT_INJURY_PRESENTATION", "Frequent injury presentations",
        "3 or more attendances at ED, walk-in centre, ambulance or GP with injury (assault, \"fall\", burns) or"
        " intoxication within 6 months.",
        "the victim", "take a full history; share with police and adult social care; ask about abuse",
        "seed recommendation 4",
        rules.frequent_injury_presentation, {"count": 3, "days": 183},
    ),
    Rule(
        "DISCLOSURE_NO_REFERRAL", "A disclosure that went nowhere",
        "A disclosure of sexual or physical assault to any agency, with no examination, referral (police, SARC, ISVA,"
        " IDVA) or advice recorded by any agency within 7 days.",
        "the victim", "make the referral; offer examination and specialist support",
        "seed: disclosures of serious sexual assault at the GP and day centre went nowhere",
        rules.disclosure_no_referral, {"days": 7, "holds_days": 90}, daily=True,
    ),
    Rule(
        "MISSED_APPOINTMENTS", "Missed appointments answered only by letters",
        "3 or more consecutive missed appointments at one agency, answered only by letters, with no call, visit or"
        " query.",
        "the person the records are about", "contact the person another way; ask why; consider welfare",
        "seed: 8 letters, never a question why",
        rules.missed_appointments, {"count": 3},
    ),
    Rule(
        "CUSTODY_RELEASE_TO_VICTIM", "Release to the victim's address",
        "A person is released, or planned to be released, to the address of someone they have abused, or with a"
        " licence condition to live with them.",
        "the abuser (the victim is `other`)", "challenge the plan at MAPPA/MARAC; safety-plan with the victim",
        "seed: released on licence to live with the woman he had scalded",
        rules.custody_release_to_victim, {}, pair=True,
    ),
    Rule(
        "CONTACT_FROM_CUSTODY", "Contact from custody",
        "A person in custody contacts, or tries to contact, someone they have abused, directly or through a third"
        " party or an agency.",
        "the abuser (the victim is `other`)",
        "tell the prison and probation; consider restricting contact; warn the agency used",
        "seed: a partner in prison kept watch on her through the day centre's phone",
        rules.contact_from_custody, {"holds_days": 365}, anchor="other", pair=True,
    ),
    Rule(
        "VICTIM_WITHDRAWS", "Victim withdraws: consider a DVPO",
        "A victim declines to make or support a complaint after a domestic incident with the alleged perpetrator"
        " present, and no protective order (DVPN/DVPO) or evidence-led prosecution is recorded.",
        "the victim", "consider a DVPN/DVPO and evidence-led prosecution", "seed recommendation 1; DVPOs were never considered",
        rules.victim_withdraws, {"days": 28, "holds_days": 365},
    ),
    Rule(
        "NON_ENGAGEMENT", "Repeated non-engagement after a risk assessment",
        "A victim assessed at risk declines or drops out of support 2 or more times.", "the victim",
        "keep the risk high; refer back to the referrer or MARAC; try other premises or workers",
        "seed recommendations 7 and 8",
        rules.non_engagement, {"count": 2, "holds_days": 365},
    ),
    Rule(
        "ORDER_BREACH_NO_ACTION", "A breach with no enforcement",
        "A breach of an order (ASBO, injunction, DVPO, bail, licence) recorded with no arrest, recall or enforcement"
        " step within 7 days.",
        "the person who breached", "enforce: arrest, recall or return to court", "seed: ASBO breaches without arrest",
        rules.order_breach_no_action, {"days": 7, "holds_days": 90}, daily=True,
    ),
    Rule(
        "REPEAT_ASB_ADDRESS", "Repeated anti-social behaviour at one address",
        "5 or more anti-social behaviour complaints about the same address within 3 months.",
        "the occupier of the address complained about",
        "hold an ASB risk assessment conference; support the neighbours as victims", "seed recommendations 2 and 9",
        rules.repeat_asb_address, {"count": 5, "days": 92},
    ),
    Rule(
        "CHILDREN_EXPOSED", "Children exposed",
        "A domestic incident or ASB at, or next to, an address where children live.", "the victim",
        "notify children's social care and the school (Operation Encompass style)", "seed: neighbours' children terrorised",
        rules.children_exposed, {"holds_days": 365},
    ),
    Rule(
        "ADULT_SAFEGUARDING_UNREFERRED", "Care and support needs, abuse, and no adult safeguarding referral",
        "A person with signs of care and support needs (alcohol or drug dependence, mental illness, self-neglect,"
        " untreated injuries, frailty or disability: at least one, recorded by any agency) who is the victim in 2 or"
        " more records of abuse, with no referral to adult social care by any agency; abuse alone is not a sign of"
        " care needs.",
        "the victim", "make an adult safeguarding referral; consider mental capacity",
        "seed recommendation 5; she was never referred",
        rules.adult_safeguarding_unreferred, {"count": 2},
    ),
    Rule(
        "SERVICE_CLOSURE_HANDOVER", "A service closes while holding open work",
        "An agency or service closes, pauses or ends its contract while it holds open work with someone at risk.",
        "each open client", "hand the records and the case to another agency",
        "seed recommendation 6: the day centre closed and its records went nowhere",
        rules.service_closure_handover, {"open_days": 183, "holds_days": 90},
    ),
    Rule(
        "NOT_SEEN", "Not seen",
        "A person with an open high-risk signal or MARAC case has had no contact with any agency for 14 days.",
        "the victim", "welfare check", "seed: she lay dead for up to four weeks until the day centre noticed",
        rules.not_seen, {"days": 14, "high_risk_days": 365, "high_harm_days": 90}, daily=True,
    ),
    Rule(
        "HIGH_HARM_MARKER", "DASH high-harm marker",
        "A record's text or tags show a DASH high-harm marker: strangulation/choking, threats to kill, a weapon, burns"
        " or scalding, serious sexual assault, pregnancy, recent separation, stalking, coercive or controlling"
        " behaviour (isolating her from family, controlling money, monitoring).",
        "the victim", "complete a DASH risk assessment; treat as high risk", "DASH; homicide research",
        rules.high_harm_marker, {"holds_days": 365},
    ),
    Rule(
        "STRANGULATION_NOT_ESCALATED", "Strangulation not escalated",
        "Non-fatal strangulation or choking is recorded, the risk is graded below high or not assessed, and no MARAC"
        " referral follows within 7 days.",
        "the victim", "refer to MARAC on professional judgement; strangulation is a strong predictor of homicide",
        "reviews where strangulation was graded medium and went nowhere",
        rules.strangulation_not_escalated, {"days": 7, "holds_days": 90}, daily=True,
    ),
    Rule(
        "SELF_HARM_WITH_ABUSE", "Self-harm by a victim of abuse",
        "A person who is the victim in any record of abuse self-harms, takes an overdose, or says they have suicidal"
        " thoughts.",
        "the victim",
        "safety-plan with abuse in mind (never with the abuser as the support); ask about abuse alone; consider MARAC",
        "reviews of deaths by suicide after abuse",
        rules.self_harm_with_abuse, {"holds_days": 365},
    ),
    Rule(
        "ABUSER_PRESENT_AT_ENQUIRY", "Abuser present when the victim was seen",
        "A health, social care or support agency sees a victim of abuse with the alleged perpetrator present (a"
        " consultation, assessment, home visit or attendance).",
        "the victim",
        "see the person alone next time and ask about abuse safely; do not rely on the abuser as carer or safety plan",
        "reviews where every contact happened in front of the abuser",
        rules.abuser_present_at_enquiry, {"holds_days": 365},
    ),
]  # fmt: skip

CATALOGUE: dict[str, Rule] = {rule.code: rule for rule in _ALL}
# NOT_SEEN reads the ESCALATION and REPEAT_MARAC signals: it is evaluated after them.
EVALUATION_ORDER: list[str] = [code for code in CATALOGUE if code != "NOT_SEEN"] + ["NOT_SEEN"]
DAILY_CODES: list[str] = [code for code in EVALUATION_ORDER if CATALOGUE[code].daily]


def thresholds(code: str) -> dict[str, int]:
    """The thresholds in force for a signal: the catalogue's defaults, overridden by the partnership's."""
    from django.conf import settings

    from safeguarding.signals.models import SignalSetting

    values = dict(CATALOGUE[code].thresholds)
    values.update(getattr(settings, "SIGNAL_THRESHOLDS", {}).get(code, {}))
    for name, value in SignalSetting.objects.filter(code=code, enabled=True).values_list("name", "value"):
        if name in values:
            values[name] = value
    return values


def all_thresholds() -> dict[str, dict[str, int]]:
    """Every signal's thresholds in force, read with one query."""
    from django.conf import settings

    from safeguarding.signals.models import SignalSetting

    values = {code: dict(rule.thresholds) for code, rule in CATALOGUE.items()}
    for code, override in getattr(settings, "SIGNAL_THRESHOLDS", {}).items():
        if code in values:
            values[code].update(override)
    for code, name, value in SignalSetting.objects.filter(enabled=True).values_list("code", "name", "value"):
        if code in values and name in values[code]:
            values[code][name] = value
    return values
