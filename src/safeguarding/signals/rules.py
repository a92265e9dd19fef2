"""The signal rules: each a small function over one person's linked timeline.

A rule returns the findings that hold on `as_of` (a day). A finding names the person it warns
about, the other person of a pair, its evidence records, a plain-English why with the figures,
and when the evidence was complete. Rules never look at names, ids or dates of particular cases:
only at record types, roles, relationships, markers read from the text, and the thresholds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from safeguarding.signals.text import CARE_NEEDS, MARKERS
from safeguarding.signals.timeline import (
    CARE_AND_SUPPORT_AGENCIES,
    HEALTH_AGENCIES,
    INTIMATE,
    PERPETRATOR_ROLES,
    Entry,
    Subject,
    Timeline,
    address_key,
    normalise_address,
)

if TYPE_CHECKING:
    pass


class Context(Protocol):
    def timeline(self, person_id: int) -> Timeline | None: ...

    def raised_codes(self, person_id: int, codes: Iterable[str]) -> list[tuple[str, date]]: ...

    def closures(self, agency: str) -> list[Entry]: ...


@dataclass
class Finding:
    person_id: int
    evidence: list[Entry]
    why: str
    other_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def complete_at(self) -> datetime | None:
        return max((e.recorded for e in self.evidence), default=None)

    @property
    def evidence_keys(self) -> list[list[str]]:
        seen: list[list[str]] = []
        for e in sorted(self.evidence, key=lambda e: (e.recorded, e.pk)):
            if e.key not in seen:
                seen.append(e.key)
        return seen


Params = dict[str, int]
RuleCheck = Callable[[Timeline, "Context", Params, date], list[Finding]]


def _d(value: date | datetime) -> str:
    return value.strftime("%d/%m/%Y")


def _distinct_events(entries: list[Entry]) -> list[Entry]:
    """One entry per event: records of the same kind of thing on the same day are one event."""
    seen: set[date] = set()
    out = []
    for e in sorted(entries, key=lambda e: (e.occurred, e.recorded)):
        if e.occurred in seen:
            continue
        seen.add(e.occurred)
        out.append(e)
    return sorted(out, key=lambda e: (e.recorded, e.pk))


def _window(
    entries: list[Entry], count: int, days: int, as_of: date, holds_days: int | None = None
) -> list[Entry]:
    """The latest `count` distinct events falling within `days` of each other, if they exist and still hold."""
    events = sorted(_distinct_events(entries), key=lambda e: e.occurred)
    best: list[Entry] = []
    for i in range(len(events)):
        group = [e for e in events[: i + 1] if (events[i].occurred - e.occurred).days <= days]
        if len(group) >= count:
            best = group
    if not best:
        return []
    last = max(e.day for e in best)
    if holds_days is not None and (as_of - last).days > holds_days:
        return []
    return best


def _is_risk_assessment(e: Entry) -> bool:
    return e.type == "risk_assessment" or bool(
        e.risk and (e.risk.get("tool") or e.risk.get("score") is not None)
    )


def _risk_is_about_someone_else(e: Entry) -> bool:
    about = (e.risk or {}).get("about")
    return about is None or about != e.ref


def _risk_high(e: Entry, threshold: int) -> bool:
    risk = e.risk or {}
    score = risk.get("score")
    try:
        high_score = score is not None and int(score) >= threshold
    except (TypeError, ValueError):
        high_score = False
    return high_score or str(risk.get("level", "")).lower() == "high"


def _risk_level(e: Entry) -> str:
    return str((e.risk or {}).get("level", "")).lower()


def _is_seen_as_victim_in_risk(e: Entry) -> bool:
    return e.role in {"victim", "client", "patient", "other"} and _risk_is_about_someone_else(e)


def _dead_by(tl: Timeline, as_of: date) -> date | None:
    for e in tl.upto(as_of):
        if e.type == "death" and e.role in {"victim", "patient", "client", "other", "deceased"}:
            return e.day
    return None


# --------------------------------------------------------------------------------------------
# Victims
# --------------------------------------------------------------------------------------------


def marac_high_risk(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    hits = [
        e for e in tl.upto(as_of)
        if _is_risk_assessment(e) and _is_seen_as_victim_in_risk(e) and _risk_high(e, p["score"])
        and (as_of - e.day).days <= p["holds_days"]
    ]  # fmt: skip
    if not hits:
        return []
    first = hits[0]
    risk = first.risk or {}
    tool = risk.get("tool") or "risk assessment"
    figure = f"scored {risk.get('score')}" if risk.get("score") is not None else "was completed"
    why = (
        f"A {tool} risk assessment ({first.agency}, {_d(first.recorded)}) {figure}"
        f"{', graded ' + _risk_level(first) if _risk_level(first) else ''}: {p['score']} or more ticks, or a high"
        f" grading, meets the MARAC referral criterion of visible high risk."
    )
    return [Finding(tl.person_id, hits, why)]


def _police_domestic_incidents(tl: Timeline, as_of: date) -> list[Entry]:
    return [
        e for e in tl.upto(as_of)
        if e.agency == "police" and e.type in {"incident", "crime"} and e.role == "victim" and e.is_domestic
    ]  # fmt: skip


def escalation(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    group = _window(_police_domestic_incidents(tl, as_of), p["count"], p["days"], as_of, p["days"])
    if not group:
        return []
    dates = ", ".join(_d(e.occurred) for e in group)
    why = (
        f"{len(group)} domestic incidents recorded by police with this person as the victim within"
        f" {p['days'] // 30} months ({dates}); the threshold is {p['count']}."
    )
    return [Finding(tl.person_id, group, why)]


def _marac_meetings(tl: Timeline, as_of: date) -> list[Entry]:
    return [
        e for e in tl.upto(as_of)
        if e.type == "marac_meeting" and e.role not in PERPETRATOR_ROLES and not e.others("victim")
    ]  # fmt: skip


def repeat_marac(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    meetings = _marac_meetings(tl, as_of)
    if not meetings:
        return []
    for e in tl.upto(as_of):
        if not (e.type in {"incident", "crime", "disclosure"} and e.is_victim and e.is_domestic):
            continue
        before = [
            m for m in meetings if m.occurred < e.occurred and (e.occurred - m.occurred).days <= p["days"]
        ]
        if not before or (as_of - e.day).days > p["holds_days"]:
            continue
        meeting = before[-1]
        why = (
            f"A new domestic incident or disclosure ({e.agency}, {_d(e.occurred)}) came {(e.occurred - meeting.occurred).days}"
            f" days after the MARAC meeting of {_d(meeting.occurred)}: within {p['days'] // 30} months, this is a repeat"
            f" MARAC case."
        )
        return [Finding(tl.person_id, [meeting, e], why)]
    return []


def _is_presentation(e: Entry) -> bool:
    return (
        e.agency in {"ed", "walk_in_centre", "ambulance", "gp"}
        and e.type in {"ed_attendance", "consultation", "note", "welfare_concern", "disclosure"}
        and e.role in {"patient", "victim", "client", "other"}
        and not e.is_fatal
    )


def _injury_or_intoxication(e: Entry) -> bool:
    """An injury of the kinds abuse causes or hides behind (assault, a "fall", burns), or intoxication; a
    ski injury or a road traffic collision is not one."""
    if e.has("physical_assault", "burns", "alcohol"):
        return True
    return e.has("injury") and "accidental_mechanism" not in e.markers


def frequent_injury_presentation(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    dead = _dead_by(tl, as_of)
    hits = [
        e for e in tl.upto(as_of)
        if _is_presentation(e) and _injury_or_intoxication(e) and (dead is None or e.day < dead)
    ]  # fmt: skip
    # The same injury seen by an ambulance crew and then the ED is one presentation.
    events: list[Entry] = []
    for e in sorted(hits, key=lambda e: (e.occurred, e.recorded)):
        if events and (e.occurred - events[-1].occurred).days <= 1:
            continue
        events.append(e)
    group = _window(events, p["count"], p["days"], as_of, p["days"])
    if not group:
        return []
    detail = "; ".join(
        f"{e.agency} {_d(e.occurred)} ({', '.join(m for m in ('injury', 'alcohol') if e.has(m)) or 'assault'})"
        for e in group
    )
    why = (
        f"{len(group)} attendances at ED, walk-in centre, ambulance or GP with an injury or intoxication within"
        f" {p['days'] // 30} months: {detail}."
    )
    return [Finding(tl.person_id, group, why)]


_DISCLOSED_TO_POLICE = {"police"}
_RESPONSE_MARKERS = (
    "examination",
    "referral_police",
    "referral_sarc",
    "referral_isva",
    "referral_idva",
    "advice",
)


def disclosure_no_referral(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    entries = tl.upto(as_of)
    findings: list[Entry] = []
    responses: list[Entry] = []
    for e in entries:
        if not (
            e.has("sexual_assault", "physical_assault") and e.role in {"victim", "client", "patient", "other"}
        ):
            continue
        # Told to the police, or to the IDVA (the specialist support a referral would reach), it has been acted on.
        if e.agency in _DISCLOSED_TO_POLICE or e.agency in {
            "idva",
            "cps",
            "court",
            "prison",
            "probation",
            "mappa",
            "marac",
        }:
            continue
        if e.is_fatal:
            continue
        due = e.day + timedelta(days=p["days"])
        if as_of < due:
            continue
        window = [x for x in entries if e.day <= x.day <= due]
        answered = [
            x for x in window
            if x.has(*_RESPONSE_MARKERS) or (x.agency in {"police", "idva"} and x.day >= e.day and x is not e)
            or (x.type in {"referral", "marac_referral"} and x.is_victim)
        ]  # fmt: skip
        if answered:
            responses.extend(answered)
            continue
        if (as_of - due).days > p["holds_days"]:
            continue
        findings.append(e)
    if not findings:
        return []
    first = findings[0]
    what = "sexual" if first.has("sexual_assault") else "physical"
    why = (
        f"A disclosure of {what} assault to {first.agency} on {_d(first.recorded)} was followed by no examination,"
        f" referral (police, SARC, ISVA, IDVA) or advice recorded by any agency within {p['days']} days"
        f" (due {_d(first.day + timedelta(days=p['days']))})"
        + (f"; {len(findings) - 1} later disclosure(s) went the same way." if len(findings) > 1 else ".")
    )
    return [Finding(tl.person_id, findings, why, extra={"raise_on": first.day + timedelta(days=p["days"])})]


_PRESENT_WORDS = r"(?:was |is |were |also |still )?(?:present|at the (?:address|scene|property|flat|house)|on scene|in the (?:flat|house|property|address|room)|there)"


def _perp_present(e: Entry, perp_names: list[str]) -> bool:
    text = e.text.lower()
    if re.search(
        r"\b(?:left|had left|gone|not present|not at the address|no longer at)\b[^.]{0,40}(?:before|prior to|on) (?:police|officers|our) arriv",
        text,
    ):
        generic = False
    else:
        generic = bool(
            re.search(
                r"\b(?:male|he|partner|husband|boyfriend|suspect|perpetrator|both parties|both)\b[^.]{0,25}"
                + _PRESENT_WORDS
                + r"\b",
                text,
            )
        )
    for name in perp_names:
        for token in {t for t in re.split(r"[^a-z']+", name.lower()) if len(t) >= 3}:
            if re.search(rf"\b{re.escape(token)}\b[^.]{{0,25}}" + _PRESENT_WORDS + r"\b", text):
                return True
            if re.search(
                rf"\b{re.escape(token)}\b[^.]{{0,20}}\b(?:was )?(?:arrested|detained|intoxicated) at (?:the )?(?:scene|address)",
                text,
            ):
                return True
    return generic or "abuser_present" in e.markers


def victim_withdraws(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    entries = tl.upto(as_of)
    hits = []
    for e in entries:
        if not (
            e.agency == "police" and e.role == "victim" and e.is_domestic and e.has("complaint_declined")
        ):
            continue
        perps = e.perpetrators()
        if not perps or not _perp_present(e, [s.name for s in perps]):
            continue
        later = [x for x in entries if e.day <= x.day <= e.day + timedelta(days=p["days"])]
        if any(x.has("dvpo", "evidence_led") for x in later):
            continue
        if (as_of - e.day).days > p["holds_days"]:
            continue
        hits.append(e)
    if not hits:
        return []
    first = hits[0]
    why = (
        f"After a domestic incident on {_d(first.occurred)} with the alleged perpetrator present, the victim declined to"
        f" make or support a complaint, and no DVPN/DVPO or evidence-led prosecution is recorded"
        + (f" (the same happened {len(hits) - 1} more time(s))." if len(hits) > 1 else ".")
    )
    return [Finding(tl.person_id, hits, why)]


def _assessed_at_risk(tl: Timeline, as_of: date) -> Entry | None:
    for e in tl.upto(as_of):
        if _is_risk_assessment(e) and _is_seen_as_victim_in_risk(e) and _risk_level(e) in {"medium", "high"}:
            return e
        if e.type in {"marac_referral", "marac_meeting"} and e.role not in PERPETRATOR_ROLES:
            return e
    return None


def non_engagement(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    assessed = _assessed_at_risk(tl, as_of)
    if assessed is None:
        return []
    declines = [
        e for e in tl.upto(as_of)
        if e.recorded >= assessed.recorded and e.has("declined_support")
        and e.role in {"victim", "client", "patient", "other"} and e.type not in {"letter"}
    ]  # fmt: skip
    declines = _distinct_events(declines)
    if len(declines) < p["count"]:
        return []
    if (as_of - declines[-1].day).days > p["holds_days"]:
        return []
    detail = ", ".join(f"{e.agency} {_d(e.occurred)}" for e in declines)
    why = (
        f"Assessed at risk ({assessed.agency}, {_d(assessed.recorded)}), this person then declined or dropped out of"
        f" support {len(declines)} times ({detail}); the threshold is {p['count']}."
    )
    return [Finding(tl.person_id, [assessed, *declines], why)]


def _under_18(dob: str, on: date) -> bool | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", dob or "")
    if not match:
        return None
    born = date(int(match[1]), int(match[2]), int(match[3]))
    return (on - born).days < 18 * 365.25


def _occupier(e: Entry) -> bool:
    """The person lives at the address the anti-social behaviour is about (not a neighbour complaining)."""
    if e.role not in {"tenant", "other", "occupier"}:
        return False
    own = normalise_address(next((s.address for s in e.subjects if s.ref == e.ref), ""))
    where = address_key(e.location)
    if not own or not where:
        return e.role != "tenant" or not e.others("reporter", "neighbour", "witness")
    return where in own or address_key(own) in normalise_address(e.location)


def children_exposed(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    hits = []
    for e in tl.upto(as_of):
        domestic = (
            e.role == "victim"
            and e.is_domestic
            and e.type in {"incident", "crime", "disclosure", "order_breach"}
        )
        asb = ("asb" in e.tags or e.type == "asb_complaint") and _occupier(e)
        if not (domestic or asb) or e.is_fatal:
            continue
        children = "children_present" in e.markers or "children_present" in e.tags
        if not children:
            for s in e.others("child"):
                young = _under_18(s.dob, e.occurred)
                if young is None or young:
                    children = True
        if children and (as_of - e.day).days <= p["holds_days"]:
            hits.append(e)
    if not hits:
        return []
    first = hits[0]
    kind = "domestic incident" if first.role == "victim" else "report of anti-social behaviour"
    why = (
        f"A {kind} ({first.agency}, {_d(first.occurred)}) at or next to an address where children live or were present;"
        f" {len(hits)} such record(s) in all."
    )
    return [Finding(tl.person_id, hits, why)]


def _care_need_entries(tl: Timeline, as_of: date) -> list[Entry]:
    out = []
    for e in tl.upto(as_of):
        if not e.has(*CARE_NEEDS):
            continue
        # A police log about two people may describe either of them: count it only when it is about this person.
        own = e.agency in CARE_AND_SUPPORT_AGENCIES or len(e.others()) == 0
        if own and e.role in {"patient", "client", "victim", "tenant", "other"}:
            out.append(e)
    return out


def adult_safeguarding_unreferred(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    entries = tl.upto(as_of)
    if any(e.has("referral_asc") or e.agency == "adult_social_care" for e in entries):
        return []
    needs = _care_need_entries(tl, as_of)
    abuse = _distinct_events([e for e in entries if e.is_abuse_victim and not e.is_fatal])
    if not needs or len(abuse) < p["count"] or _dead_by(tl, as_of):
        return []
    kinds = sorted({m for e in needs for m in CARE_NEEDS if e.has(m)})
    labels = ", ".join(MARKERS[k].split(": ", 1)[-1] for k in kinds)
    why = (
        f"Signs of care and support needs ({labels}; {needs[0].agency} {_d(needs[0].recorded)}) and the victim in"
        f" {len(abuse)} records of abuse, with no referral to adult social care by any agency."
    )
    return [Finding(tl.person_id, [needs[0], *abuse[: max(p["count"], 1)]], why)]


_CONTACT_TYPES = {"incident", "crime", "consultation", "ed_attendance", "support_contact", "disclosure",
                  "risk_assessment", "arrest", "custody_start", "custody_release"}  # fmt: skip


def _high_risk_until(tl: Timeline, ctx: Context, as_of: date, p: Params) -> tuple[date | None, Entry | None]:
    """The last day this person counts as at high risk (and the record that made them so)."""
    until: date | None = None
    source: Entry | None = None

    def extend(day: date, entry: Entry | None) -> None:
        nonlocal until, source
        if until is None or day > until:
            until, source = day, entry

    for e in tl.upto(as_of):
        if (e.type == "marac_meeting" and e.role not in PERPETRATOR_ROLES) or (
            _is_risk_assessment(e) and _is_seen_as_victim_in_risk(e) and _risk_high(e, 14)
        ):
            extend(e.day + timedelta(days=p["high_risk_days"]), e)
        elif _high_harm(e) and not e.is_fatal:
            extend(e.day + timedelta(days=p["high_harm_days"]), e)
    for _code, day in ctx.raised_codes(tl.person_id, ("ESCALATION", "REPEAT_MARAC")):
        extend(day + timedelta(days=p["high_risk_days"]), None)
    return until, source


def not_seen(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    if _dead_by(tl, as_of):
        return []
    contacts = [e for e in tl.upto(as_of) if e.type in _CONTACT_TYPES and e.role not in {"reporter"}]
    if not contacts:
        return []
    last = contacts[-1]
    due = last.day + timedelta(days=p["days"])
    if as_of < due:
        return []
    until, source = _high_risk_until(tl, ctx, as_of, p)
    if until is None or until < due:
        return []
    evidence = [last] + ([source] if source is not None else [])
    why = (
        f"At high risk{' (' + source.agency + ' ' + _d(source.recorded) + ')' if source else ''} and no contact with any"
        f" agency for {p['days']} days or more: the last was {last.agency} on {_d(last.recorded)}."
    )
    return [Finding(tl.person_id, evidence, why, extra={"raise_on": due})]


HIGH_HARM = ("strangulation", "threat_to_kill", "weapon", "burns", "sexual_assault", "pregnancy", "separation",
             "stalking", "coercive_control")  # fmt: skip


def _high_harm(e: Entry) -> bool:
    """A DASH high-harm marker in a record of abuse against this person: domestic abuse, a serious sexual
    assault by anyone, or harm by a named perpetrator unless the record says it is not domestic."""
    if not (e.is_victim and e.has(*HIGH_HARM)):
        return False
    return (
        e.is_domestic
        or e.has("sexual_assault")
        or (bool(e.perpetrators()) and "not_domestic" not in e.markers)
    )


def high_harm_marker(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    hits = [e for e in tl.upto(as_of) if _high_harm(e) and (as_of - e.day).days <= p["holds_days"]]
    if not hits:
        return []
    first = hits[0]
    found = [MARKERS[m].split(" (")[0] for m in HIGH_HARM if first.has(m)]
    why = (
        f"A record ({first.agency}, {_d(first.recorded)}) shows DASH high-harm marker(s): {', '.join(found)}"
        + (f"; {len(hits) - 1} later record(s) show more." if len(hits) > 1 else ".")
    )
    return [Finding(tl.person_id, hits, why)]


def strangulation_not_escalated(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    if _dead_by(tl, as_of):
        return []
    entries = tl.upto(as_of)
    for e in entries:
        if not (e.is_victim and e.has("strangulation")) or e.is_fatal:
            continue
        due = e.day + timedelta(days=p["days"])
        if as_of < due or (as_of - due).days > p["holds_days"]:
            continue
        around = [x for x in entries if e.day - timedelta(days=p["days"]) <= x.day <= due]
        graded_high = any(
            _is_risk_assessment(x) and _is_seen_as_victim_in_risk(x) and _risk_high(x, 14) for x in around
        )
        referred = any(
            x.type in {"marac_referral", "marac_meeting"} or x.has("referral_marac")
            for x in entries
            if e.day <= x.day <= due
        )
        if graded_high or referred:
            continue
        grades = [
            _risk_level(x) or str((x.risk or {}).get("score")) for x in around if _is_risk_assessment(x)
        ]
        graded = f"graded {grades[-1]}" if grades else "no risk assessment recorded"
        why = (
            f"Non-fatal strangulation or choking recorded ({e.agency}, {_d(e.recorded)}), {graded}, and no MARAC referral"
            f" within {p['days']} days (due {_d(due)})."
        )
        return [Finding(tl.person_id, [e], why, extra={"raise_on": due})]
    return []


def self_harm_with_abuse(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    entries = tl.upto(as_of)
    abuse = [e for e in entries if e.is_abuse_victim and not e.is_fatal]
    harm = [
        e for e in entries
        if e.has("self_harm") and e.role in {"patient", "client", "victim", "other"}
        and (e.agency in HEALTH_AGENCIES or not e.perpetrators()) and not e.is_fatal
        and (as_of - e.day).days <= p["holds_days"]
    ]  # fmt: skip
    if not abuse or not harm:
        return []
    why = (
        f"The victim in {len(_distinct_events(abuse))} record(s) of abuse self-harmed, overdosed or spoke of suicide"
        f" ({harm[0].agency}, {_d(harm[0].recorded)})."
    )
    return [Finding(tl.person_id, [abuse[0], harm[0]], why)]


_ENQUIRY_TYPES = {"consultation", "ed_attendance", "support_contact", "risk_assessment", "note", "welfare_concern",
                  "disclosure"}  # fmt: skip


# Roles in which someone named in a health or support record was there at the contact.
_ALONGSIDE = {"patient", "carer", "household_member", "client"}


def abuser_present_at_enquiry(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    entries = tl.upto(as_of)
    abusers: dict[int, Entry] = {}
    for e in entries:
        if e.is_abuse_victim:
            for s in e.perpetrators():
                if s.person_id is not None and s.person_id != tl.person_id:
                    abusers.setdefault(s.person_id, e)
        if not abusers or e.agency not in CARE_AND_SUPPORT_AGENCIES or e.type not in _ENQUIRY_TYPES:
            continue
        if e.role not in {"patient", "client", "victim", "other"} or e.is_fatal:
            continue
        # Named as the alleged perpetrator in a referral is not being in the room: present means recorded
        # as a patient, carer, household member or companion at the contact, or said so in the text.
        present = [s for s in e.others(*_ALONGSIDE) if s.person_id in abusers]
        named = [s for s in e.others() if s.person_id in abusers]
        if present or ("abuser_present" in e.markers and (named or not e.others())):
            present = present or named
            if (as_of - e.day).days > p["holds_days"]:
                continue
            first_abuse = abusers.get(present[0].person_id or 0) if present else None
            first_abuse = first_abuse or next(iter(abusers.values()))
            why = (
                f"Already recorded as a victim of abuse ({first_abuse.agency}, {_d(first_abuse.recorded)}), this person was"
                f" seen by {e.agency} on {_d(e.recorded)} with the alleged perpetrator present."
            )
            return [Finding(tl.person_id, [first_abuse, e], why)]
    return []


# --------------------------------------------------------------------------------------------
# Abusers and pairs
# --------------------------------------------------------------------------------------------


def _victims_of(tl: Timeline, as_of: date, domestic_only: bool = True) -> dict[int, list[Entry]]:
    """Victims (person ids) of this person, with the records that say so."""
    out: dict[int, list[Entry]] = {}
    for e in tl.upto(as_of):
        if e.role not in PERPETRATOR_ROLES or e.is_fatal:
            continue
        if domestic_only and not e.is_domestic:
            continue
        for s in e.others("victim"):
            if s.person_id is not None and s.person_id != tl.person_id:
                out.setdefault(s.person_id, []).append(e)
    return out


def unassessed_abuser(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    """Read from the victim's side: raised for each perpetrator whom the risk work never names."""
    entries = tl.upto(as_of)
    assessed: set[int] = set()
    risk_work: list[Entry] = []
    for e in entries:
        is_work = (
            _is_risk_assessment(e)
            or e.type in {"marac_referral", "marac_meeting", "mappa_meeting"}
            or e.agency in {"marac", "mappa"}
        )
        if not is_work or e.role in PERPETRATOR_ROLES:
            continue
        named = list(e.others(*PERPETRATOR_ROLES))
        about = (e.risk or {}).get("about")
        if about:
            named += [s for s in e.subjects if s.ref == about]
        ids = {s.person_id for s in named if s.person_id is not None}
        if ids:
            assessed |= ids
            risk_work.append(e)
    if not assessed:
        return []
    findings = []
    perps: dict[int, list[Entry]] = {}
    for e in entries:
        if e.role == "victim" and e.is_domestic and not e.is_fatal:
            for s in e.perpetrators():
                if s.person_id is not None and s.person_id != tl.person_id:
                    perps.setdefault(s.person_id, []).append(e)
    for perp_id, recs in perps.items():
        if perp_id in assessed:
            continue
        why = (
            f"Recorded as the alleged perpetrator of abuse against this victim ({recs[0].agency}, {_d(recs[0].recorded)}),"
            f" while the victim's {len(risk_work)} risk assessment, MARAC or MAPPA record(s) name other perpetrators only."
        )
        findings.append(Finding(perp_id, [*recs[:3], *risk_work[-2:]], why, other_id=tl.person_id))
    return findings


_TITLES = {"mr", "mrs", "ms", "miss", "dr", "mx"}


def _name_key(name: str) -> tuple[str, str]:
    tokens = [t for t in re.split(r"[^a-z]+", name.lower()) if t and t not in _TITLES]
    if not tokens:
        return ("", "")
    return (tokens[0][0] if len(tokens) > 1 else "", tokens[-1])


def _maybe_same(a: str, b: str) -> bool:
    """Two victims' names that could be one person split by linkage (same initial, near-identical surname)."""
    from difflib import SequenceMatcher

    (ia, sa), (ib, sb) = _name_key(a), _name_key(b)
    if not sa or not sb or SequenceMatcher(None, sa, sb).ratio() < 0.8:
        return False
    return not ia or not ib or ia == ib


def serial_perpetrator(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    """Counts victims who are different people: two "victims" with the same initial and surname are
    counted once, in case linkage split one woman in two (a false serial-perpetrator alarm costs trust)."""
    victims = _victims_of(tl, as_of)
    names = {
        pid: next((s.name for e in recs for s in e.others("victim") if s.person_id == pid and s.name), "")
        for pid, recs in victims.items()
    }
    distinct: list[int] = []
    for pid in victims:
        if not any(_maybe_same(names[pid], names[other]) for other in distinct):
            distinct.append(pid)
    if len(distinct) < p["count"]:
        return []
    evidence = [victims[pid][0] for pid in distinct]
    dates = ", ".join(f"{e.agency} {_d(e.occurred)}" for e in evidence)
    why = (
        f"Alleged perpetrator of domestic abuse against {len(distinct)} different victims ({dates}); the threshold is"
        f" {p['count']}."
    )
    return [Finding(tl.person_id, evidence, why)]


_FAMILY_WORDS = re.compile(
    r"\b(?:his|her|their) (?:mother|father|mum|dad|son|daughter|brother|sister|grand\w+|aunt|uncle|nephew|niece|"
    r"step\w+)\b",
    re.I,
)


def _intimate_victims(tl: Timeline, as_of: date) -> dict[int, Entry]:
    """Victims of this person's domestic abuse who were intimate partners: recorded so, called a partner in
    the text, or (most domestic abuse between adults being partner abuse) not recorded or described as family."""
    out: dict[int, Entry] = {}
    for pid, recs in _victims_of(tl, as_of).items():
        for e in recs:
            victim_refs = [s.ref for s in e.others("victim") if s.person_id == pid]
            rel = next((e.relationship(r) for r in victim_refs if e.relationship(r)), None)
            unstated = rel is None and not _FAMILY_WORDS.search(e.text)
            if (rel in INTIMATE) or (unstated and ("intimate_partner" in e.markers or e.is_domestic)):
                out.setdefault(pid, e)
    return out


def _partners_in_text(e: Entry, other: Subject) -> bool:
    """Two people, and only two, in a record whose text calls one the other's partner ("her partner")."""
    return (
        e.relationship(other.ref) is None
        and len(e.subjects) == 2
        and "intimate_partner" in e.markers
        and e.role not in PERPETRATOR_ROLES | {"victim", "child"}
        and other.role not in PERPETRATOR_ROLES | {"victim", "child", "reporter", "witness", "neighbour"}
    )


def dvds_right_to_know(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    entries = tl.upto(as_of)
    victims = _intimate_victims(tl, as_of)
    if not victims:
        return []
    findings = []
    seen: set[int] = set()
    for e in entries:
        for s in e.others():
            if (
                s.person_id is None
                or s.person_id in victims
                or s.person_id in seen
                or s.person_id == tl.person_id
            ):
                continue
            if s.role in {"victim"} and e.role in PERPETRATOR_ROLES:
                continue  # a new victim is SERIAL_PERPETRATOR's business
            if e.relationship(s.ref) in INTIMATE or _partners_in_text(e, s):
                seen.add(s.person_id)
                first_victim = next(iter(victims.values()))
                why = (
                    f"Alleged perpetrator of domestic abuse against an intimate partner ({first_victim.agency},"
                    f" {_d(first_victim.occurred)}), now recorded in a relationship with a different partner"
                    f" ({e.agency}, {_d(e.recorded)})."
                )
                findings.append(Finding(tl.person_id, [first_victim, e], why, other_id=s.person_id))
    return findings


def custody_release_to_victim(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    victims = _victims_of(tl, as_of, domestic_only=False)
    if not victims:
        return []
    findings: list[Finding] = []
    for e in tl.upto(as_of):
        release = (
            e.type == "custody_release"
            or e.has("licence_live_with")
            or (e.agency in {"probation", "prison", "mappa"} and re.search(r"\brelease", e.text, re.I))
        )
        if not release or e.role not in PERPETRATOR_ROLES | {"client", "other", "subject"}:
            continue
        text = normalise_address(
            e.text + " " + e.location + " " + next((s.address for s in e.subjects if s.ref == e.ref), "")
        )
        for victim_id, recs in victims.items():
            if any(f.other_id == victim_id for f in findings):
                continue
            victim_tl = ctx.timeline(victim_id)
            if victim_tl is None:
                continue
            key = _usual_address(victim_tl, e.day)
            in_record = any(s.person_id == victim_id for s in e.others())
            lives_with = e.has("licence_live_with") and in_record
            if (key and len(key) >= 8 and key in text) or lives_with:
                why = (
                    f"Released, or planned to be released, to the address of someone they have abused"
                    f" ({e.agency}, {_d(e.recorded)}; abuse recorded {recs[0].agency} {_d(recs[0].occurred)})."
                )
                findings.append(Finding(tl.person_id, [recs[0], e], why, other_id=victim_id))
    return findings


def _usual_address(tl: Timeline, on: date) -> str:
    """Where the person usually lives, by the address most agencies recorded in the year before `on`."""
    counts: Counter[str] = Counter()
    for e in tl.entries:
        if e.day > on or (on - e.day).days > 365:
            continue
        own = next((s.address for s in e.subjects if s.ref == e.ref), "")
        if own:
            counts[address_key(own)] += 1
    return counts.most_common(1)[0][0] if counts else ""


def _in_custody(tl: Timeline, on: date) -> bool:
    state = False
    for e in tl.entries:
        if e.day > on:
            break
        if e.type in {"custody_start", "recall"} or (
            e.type == "arrest" and re.search(r"\bremanded\b", e.text, re.I)
        ):
            state = True
        elif e.type == "custody_release":
            state = False
    return state


def contact_from_custody(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    """Read from the victim's side: a contact from someone in custody who has abused them."""
    entries = tl.upto(as_of)
    abusers: dict[int, Entry] = {}
    findings: dict[int, Finding] = {}
    for e in entries:
        if e.is_abuse_victim:
            for s in e.perpetrators():
                if s.person_id is not None and s.person_id != tl.person_id:
                    abusers.setdefault(s.person_id, e)
        if not (e.type == "contact_from_custody" or e.has("contact_from_prison")) or not abusers:
            continue
        if e.role in PERPETRATOR_ROLES or (as_of - e.day).days > p["holds_days"]:
            continue
        named = [s.person_id for s in e.others(*PERPETRATOR_ROLES) if s.person_id in abusers]
        if not named:
            named = [pid for pid in abusers if (t := ctx.timeline(pid)) is not None and _in_custody(t, e.day)]
        for pid in named:
            if pid is None or pid in findings:
                continue
            why = (
                f"While in custody, someone recorded as abusing this person ({abusers[pid].agency},"
                f" {_d(abusers[pid].occurred)}) contacted or tried to contact them ({e.agency}, {_d(e.recorded)})."
            )
            findings[pid] = Finding(pid, [abusers[pid], e], why, other_id=tl.person_id)
    return list(findings.values())


def order_breach_no_action(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    entries = tl.upto(as_of)
    hits = []
    for e in entries:
        is_breach = e.type == "order_breach" or (
            e.has("order_breach") and e.type in {"incident", "crime", "note"}
        )
        if not is_breach or e.role not in PERPETRATOR_ROLES:
            continue
        due = e.day + timedelta(days=p["days"])
        if as_of < due or (as_of - due).days > p["holds_days"]:
            continue
        enforced = any(
            x.has("enforcement") or x.type in {"arrest", "charge", "recall", "custody_start", "conviction"}
            for x in entries if e.recorded <= x.recorded and x.day <= due and x.role in PERPETRATOR_ROLES | {"client", "other"}
        )  # fmt: skip
        if not enforced:
            hits.append(e)
    if not hits:
        return []
    first = hits[0]
    why = (
        f"A breach recorded by {first.agency} on {_d(first.recorded)} was followed by no arrest, recall or enforcement step"
        f" within {p['days']} days (due {_d(first.day + timedelta(days=p['days']))})"
        + (f"; {len(hits) - 1} later breach(es) likewise." if len(hits) > 1 else ".")
    )
    return [Finding(tl.person_id, hits, why, extra={"raise_on": first.day + timedelta(days=p["days"])})]


# --------------------------------------------------------------------------------------------
# Clients, occupiers, services
# --------------------------------------------------------------------------------------------

_FOLLOW_UP = re.compile(
    r"\b(?:tele)?phoned\b|\brang (?:her|him|the patient|patient|client)\b|\bcalled (?:her|him|the patient|patient)\b|"
    r"\bhome visit\b|\bvisited\b|\bwelfare (?:call|check|visit)\b|\btext(?:ed)? (?:her|him)\b",
    re.I,
)


def missed_appointments(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    by_agency: dict[str, list[Entry]] = {}
    for e in tl.upto(as_of):
        by_agency.setdefault(e.agency, []).append(e)
    for agency, entries in by_agency.items():
        run: list[Entry] = []
        letters = 0
        for e in entries:
            if e.type == "missed_appointment" and not _FOLLOW_UP.search(e.text):
                run.append(e)
            elif e.type == "letter" and not _FOLLOW_UP.search(e.text):
                letters += 1
            else:
                run, letters = [], 0
        if len(run) >= p["count"]:
            why = (
                f"{len(run)} consecutive missed appointments at {agency} ({', '.join(_d(e.occurred) for e in run)}),"
                f" answered only by {letters} letter(s), with no call, visit or query."
            )
            return [Finding(tl.person_id, run, why)]
    return []


def repeat_asb_address(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    complaints = [
        e for e in tl.upto(as_of)
        if e.type == "asb_complaint" and e.role in {"tenant", "other", "alleged_perpetrator", "offender", "occupier"}
    ]  # fmt: skip
    by_address: dict[str, list[Entry]] = {}
    for e in complaints:
        own = next((s.address for s in e.subjects if s.ref == e.ref), "")
        key = address_key(own or e.location) or "(address not recorded)"
        by_address.setdefault(key, []).append(e)
    for key, entries in by_address.items():
        group = _window(entries, p["count"], p["days"], as_of, p["days"])
        if group:
            why = (
                f"{len(group)} anti-social behaviour complaints about the same address ({key}) within"
                f" {round(p['days'] / 30.4)} months, about events on {', '.join(_d(e.occurred) for e in group)}."
            )
            return [Finding(tl.person_id, group, why)]
    return []


_HANDED_OVER = re.compile(
    r"\b(?:transferred|handed over|passed (?:on )?to|referred (?:on )?to|handover to)\b", re.I
)


def _at_risk(tl: Timeline, on: date) -> bool:
    for e in tl.upto(on):
        if e.is_abuse_victim or (
            _is_risk_assessment(e) and _is_seen_as_victim_in_risk(e) and _risk_level(e) in {"medium", "high"}
        ):
            return True
    return False


def service_closure_handover(tl: Timeline, ctx: Context, p: Params, as_of: date) -> list[Finding]:
    # Not at risk by `as_of` means not at risk on any earlier closure day either: most people
    # stop here, before the agencies' unnamed closures are fetched.
    if not _at_risk(tl, as_of):
        return []
    entries = tl.upto(as_of)
    closures = [e for e in entries if e.type == "service_change" and e.role not in PERPETRATOR_ROLES]
    for agency in {e.agency for e in entries if (as_of - e.day).days <= p["open_days"] + p["holds_days"]}:
        closures += [c for c in ctx.closures(agency) if c.day <= as_of]
    for c in closures:
        if (as_of - c.day).days > p["holds_days"] or _HANDED_OVER.search(c.text):
            continue
        open_work = [
            e for e in entries
            if e.agency == c.agency and e.type != "service_change" and 0 <= (c.day - e.day).days <= p["open_days"]
        ]  # fmt: skip
        if not (open_work or any(s.person_id == tl.person_id for s in c.subjects)) or not _at_risk(tl, c.day):
            continue
        why = (
            f"{c.agency} closed, paused or ended its service on {_d(c.recorded)} while holding open work with this person"
            f" (at risk; last contact {_d(open_work[-1].recorded) if open_work else _d(c.recorded)}), with no handover recorded."
        )
        return [Finding(tl.person_id, [*open_work[-1:], c], why)]
    return []


RULE_FUNCTIONS: dict[str, RuleCheck] = {
    "MARAC_HIGH_RISK": marac_high_risk,
    "ESCALATION": escalation,
    "REPEAT_MARAC": repeat_marac,
    "UNASSESSED_ABUSER": unassessed_abuser,
    "SERIAL_PERPETRATOR": serial_perpetrator,
    "DVDS_RIGHT_TO_KNOW": dvds_right_to_know,
    "FREQUENT_INJURY_PRESENTATION": frequent_injury_presentation,
    "DISCLOSURE_NO_REFERRAL": disclosure_no_referral,
    "MISSED_APPOINTMENTS": missed_appointments,
    "CUSTODY_RELEASE_TO_VICTIM": custody_release_to_victim,
    "CONTACT_FROM_CUSTODY": contact_from_custody,
    "VICTIM_WITHDRAWS": victim_withdraws,
    "NON_ENGAGEMENT": non_engagement,
    "ORDER_BREACH_NO_ACTION": order_breach_no_action,
    "REPEAT_ASB_ADDRESS": repeat_asb_address,
    "CHILDREN_EXPOSED": children_exposed,
    "ADULT_SAFEGUARDING_UNREFERRED": adult_safeguarding_unreferred,
    "SERVICE_CLOSURE_HANDOVER": service_closure_handover,
    "NOT_SEEN": not_seen,
    "HIGH_HARM_MARKER": high_harm_marker,
    "STRANGULATION_NOT_ESCALATED": strangulation_not_escalated,
    "SELF_HARM_WITH_ABUSE": self_harm_with_abuse,
    "ABUSER_PRESENT_AT_ENQUIRY": abuser_present_at_enquiry,
}
