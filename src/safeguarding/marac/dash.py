"""The 24 questions of the DASH risk identification checklist (Domestic Abuse, Stalking and Harassment and Honour-based
violence), as data: the questions follow the topics of the published SafeLives checklist, worded
for this service, each with the short guidance a practitioner needs when asking it.

Score: the number of questions answered "yes". 14 or more is "visible high risk", one of the
SafeLives MARAC referral criteria; a practitioner may also judge the risk high on fewer ticks.
"""

from __future__ import annotations

from dataclasses import dataclass

HIGH_RISK_SCORE = 14
YES, NO, NOT_KNOWN = "yes", "no", "not_known"
ANSWERS = [(YES, "Yes"), (NO, "No"), (NOT_KNOWN, "Not known")]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    guidance: str


QUESTIONS: list[Question] = [
    Question("injury", "Has the current incident resulted in injury?",
             "Ask about injuries that cannot be seen as well as those that can. Note what they are and whether this is the first time."),
    Question("frightened", "Are you very frightened?",
             "Record her own words about how frightened she is. Fear is one of the best guides to the danger she is in."),
    Question("afraid_of_what", "What are you afraid of? Is it further injury or violence?",
             "Ask what she thinks the other person might do, and to whom: her, the children, someone else. Note it in her words."),
    Question("isolated", "Do you feel isolated from family or friends?",
             "Does the other person stop her seeing family or friends, going to the doctor, or going out?"),
    Question("depressed", "Are you feeling depressed or having suicidal thoughts?",
             "If yes, make sure she has support now, and never plan safety around the abuser as her support."),
    Question("separation", "Have you separated, or tried to separate, from the other person in the past year?",
             "The months around separation are among the most dangerous."),
    Question("child_contact", "Is there conflict over child contact?",
             "Contact handovers and disputes give the other person reasons and chances to reach her."),
    Question("stalking", "Does the other person constantly text, call, contact, follow, stalk or harass you?",
             "Ask what happens, how often, and whether she believes it is done to frighten her. Persistent stalking is a high-harm marker."),
    Question("pregnant", "Are you pregnant, or have you had a baby in the past 18 months?",
             "Abuse often starts or gets worse during pregnancy and after a birth."),
    Question("more_often", "Is the abuse happening more often?",
             "Compare with earlier incidents, and with what other agencies know."),
    Question("getting_worse", "Is the abuse getting worse?",
             "Ask whether the incidents are more serious than before."),
    Question("controlling", "Does the other person try to control everything you do, or are they excessively jealous?",
             "For example what she wears, who she sees, her money, her phone. Coercive control is an offence."),
    Question("weapons", "Has the other person ever used a weapon or object to hurt you?",
             "Anything used to hurt her counts: a knife, a bottle, boiling water, a belt."),
    Question("threats_to_kill", "Has the other person ever threatened to kill you or someone else, and you believed them?",
             "Threats to kill, believed by the victim, are a strong predictor of homicide."),
    Question("strangulation", "Has the other person ever tried to strangle, choke, suffocate or drown you?",
             "Ask in plain words. Non-fatal strangulation is an offence and one of the strongest predictors of homicide; it may leave no mark."),
    Question("sexual_abuse", "Does the other person do or say things of a sexual nature that make you feel bad, or that physically hurt you or someone else?",
             "If yes, offer a referral to a sexual assault referral centre (SARC) or an ISVA."),
    Question("third_party_threats", "Is there any other person who has threatened you or whom you are afraid of?",
             "For example a family member of the other person, or someone acting on their behalf. Name them in the notes: they may need their own assessment."),
    Question("hurt_others", "Do you know if the other person has hurt anyone else: the children, a previous partner, a relative or a stranger?",
             "If the children have been hurt or threatened, refer to children's social care as well. For previous partners, consider a Domestic Violence Disclosure Scheme check."),
    Question("hurt_animals", "Has the other person ever mistreated an animal or the family pet?",
             "Cruelty to animals is linked with serious violence to people."),
    Question("financial", "Are there any financial issues? For example, are you dependent on the other person for money, or have they recently lost their job?",
             "Financial control and sudden money worries both raise the risk."),
    Question("substances_mental_health", "Has the other person had problems in the past year with drugs, alcohol or mental health that affect their everyday life?",
             "Note which, and whether they are getting any help."),
    Question("suicide_threats", "Has the other person ever threatened or attempted suicide?",
             "A threat of suicide by the abuser is linked with homicide-suicide."),
    Question("breached_orders", "Has the other person ever broken bail, an injunction or any formal agreement about when they can see you or the children?",
             "Include non-molestation orders, DVPOs, restraining orders and child contact arrangements."),
    Question("police_history", "Do you know if the other person has ever been in trouble with the police or has a criminal history?",
             "Violence, threats or stalking towards anyone count most. Police can check."),
]  # fmt: skip
QUESTION_KEYS = [q.key for q in QUESTIONS]


def score(answers: dict[str, str]) -> int:
    """The number of questions answered yes."""
    return sum(1 for key in QUESTION_KEYS if answers.get(key) == YES)


def level(ticks: int, professional_judgement: bool) -> str:
    if ticks >= HIGH_RISK_SCORE or professional_judgement:
        return "high"
    return "medium" if ticks >= 10 else "standard"
