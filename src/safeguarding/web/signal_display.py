"""Signals as practitioners read them: what it is, why, on what evidence, since when, what to do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from safeguarding.web import access

if TYPE_CHECKING:
    from safeguarding.agencies.models import User
    from safeguarding.people.models import Person

# How serious each signal is, for ordering lists: "high" signals point at a risk of serious harm
# or death (the DASH high-harm markers, custody contact, strangulation), "medium" at a pattern
# that needs a multi-agency response, "low" at practice (missed appointments, handovers).
SEVERITY: dict[str, str] = {
    "MARAC_HIGH_RISK": "high", "REPEAT_MARAC": "high", "STRANGULATION_NOT_ESCALATED": "high",
    "HIGH_HARM_MARKER": "high", "CUSTODY_RELEASE_TO_VICTIM": "high", "CONTACT_FROM_CUSTODY": "high",
    "NOT_SEEN": "high", "DVDS_RIGHT_TO_KNOW": "high", "SELF_HARM_WITH_ABUSE": "high",
    "ESCALATION": "medium", "SERIAL_PERPETRATOR": "medium", "UNASSESSED_ABUSER": "medium",
    "DISCLOSURE_NO_REFERRAL": "medium", "FREQUENT_INJURY_PRESENTATION": "medium",
    "VICTIM_WITHDRAWS": "medium", "NON_ENGAGEMENT": "medium", "ORDER_BREACH_NO_ACTION": "medium",
    "CHILDREN_EXPOSED": "medium", "ADULT_SAFEGUARDING_UNREFERRED": "medium",
    "ABUSER_PRESENT_AT_ENQUIRY": "medium",
    "MISSED_APPOINTMENTS": "low", "SERVICE_CLOSURE_HANDOVER": "low", "REPEAT_ASB_ADDRESS": "low",
}  # fmt: skip
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
CLOSED_STATUSES = {"dismissed", "cleared", "closed", "resolved"}


def severity(code: str) -> str:
    return SEVERITY.get(code, "medium")


def catalogue_entry(code: str) -> dict[str, str]:
    """Title, explanation and recommended action from the signal catalogue."""
    try:
        from safeguarding.signals.catalogue import CATALOGUE
    except ImportError:
        CATALOGUE = {}
    entry: Any = CATALOGUE.get(code, {})
    if not isinstance(entry, dict):
        entry = {k: getattr(entry, k, "") for k in ("title", "explanation", "action")}
    return {
        "title": entry.get("title") or code.replace("_", " ").capitalize(),
        "explanation": entry.get("explanation", ""),
        "action": entry.get("action", ""),
    }


def is_open(signal: Any) -> bool:
    return (
        getattr(signal, "cleared", None) is None
        and str(getattr(signal, "status", "open")) not in CLOSED_STATUSES
    )


@dataclass
class EvidenceItem:
    agency: str  # the agency's name where known, else its code
    record_id: str
    record_pk: int | None  # None: held by an agency whose record this user may not see
    href: str = ""


@dataclass
class SignalView:
    signal: Any
    title: str
    severity: str
    why: str
    action: str
    evidence: list[EvidenceItem]
    status_text: str


def status_text(signal: Any) -> str:
    status = str(getattr(signal, "status", "open") or "open")
    cleared = getattr(signal, "cleared", None)
    if cleared is not None:  # a past episode: what was done about it matters less than that it ended
        return f"Stopped holding on {cleared:%-d %B %Y} ({status.replace('_', ' ')})"
    return status.replace("_", " ").capitalize()


def agency_names() -> dict[str, str]:
    from safeguarding.agencies.models import Agency

    return dict(Agency.objects.values_list("code", "name"))


def view_of(
    signal: Any, evidence_pks: dict[tuple[str, str], int], names: dict[str, str] | None = None
) -> SignalView:
    entry = catalogue_entry(signal.code)
    evidence = []
    for item in signal.evidence or []:
        agency, record_id = str(item[0]), str(item[1])
        label = (names or {}).get(agency, agency)
        evidence.append(EvidenceItem(label, record_id, evidence_pks.get((agency, record_id))))
    return SignalView(
        signal=signal,
        title=entry["title"],
        severity=severity(signal.code),
        why=signal.why or entry["explanation"],
        action=signal.action or entry["action"],
        evidence=evidence,
        status_text=status_text(signal),
    )


def sort_key(view: SignalView) -> tuple[int, int]:
    """Most serious first, then newest first."""
    raised = getattr(view.signal, "first_raised", None)
    return (SEVERITY_RANK[view.severity], -(raised.toordinal() if raised else 0))


@dataclass
class PastSignalView:
    """An episode that no longer holds: when it was first raised, when and how it ended, who did what."""

    signal: Any
    title: str
    severity: str
    ended: dt.date | None  # the day it stopped holding, or was dismissed
    ended_text: str
    handled: list[str] = field(default_factory=list)  # "Acknowledged by ... on ...", oldest first


# What practitioners did about a signal, as a past one lists it (raising, clearing and assigning are
# the machine's or the coordinator's bookkeeping; the review sees them on the signal's own page).
_HANDLED_KINDS = ("acknowledged", "actioned", "dismissed")


def _past_views(signals: list[Any]) -> list[PastSignalView]:
    """Most recent first, with who acknowledged, actioned or dismissed each: one query for them all."""
    if not signals:
        return []
    from safeguarding.signals.models import SignalEvent

    handled: dict[int, list[tuple[str, dt.date, str]]] = {}
    events = (
        SignalEvent.objects.filter(signal__in=[s.pk for s in signals], kind__in=_HANDLED_KINDS)
        .select_related("by")
        .order_by("at", "id")
    )
    for e in events:
        handled.setdefault(e.signal_id, []).append(
            (e.get_kind_display(), timezone.localdate(e.at), str(e.by) if e.by else "")
        )
    views = []
    for s in signals:
        done = handled.get(s.pk, [])
        if s.cleared is not None:
            ended, ended_text = s.cleared, f"Stopped holding {s.cleared:%-d %B %Y}"
        else:  # dismissed while it still held: the dismissal is when it ended
            when = next((at for kind, at, _ in reversed(done) if kind == "Dismissed"), None)
            ended = when
            ended_text = f"Dismissed {ended:%-d %B %Y}" if ended else "Dismissed"
        views.append(
            PastSignalView(
                signal=s,
                title=catalogue_entry(s.code)["title"],
                severity=severity(s.code),
                ended=ended,
                ended_text=ended_text,
                handled=[f"{kind} by {by or 'the system'} on {at:%-d %B %Y}" for kind, at, by in done],
            )
        )
    return sorted(
        views,
        key=lambda v: (v.ended or dt.date.min, v.signal.first_raised, v.signal.pk),
        reverse=True,
    )


@dataclass
class PersonSignals:
    open: list[SignalView]
    past: list[PastSignalView]


def describe_signals(user: User, person: Person, evidence_pks: dict[tuple[str, str], int]) -> PersonSignals:
    """The signals about this person that the user may see: the open ones, most serious and newest
    first, and the past ones (stopped holding or dismissed), most recent first: a concern that held
    before is part of the risk."""
    try:
        signals = list(
            access.visible_signals(user)
            .filter(person=person)
            .select_related("other", "assigned_agency", "assigned_to")
        )
    except (ImportError, LookupError):
        return PersonSignals([], [])
    open_ = [s for s in signals if is_open(s)]
    names = agency_names() if open_ else {}  # only open signals list their evidence here
    views = [view_of(s, evidence_pks, names) for s in open_]
    return PersonSignals(sorted(views, key=sort_key), _past_views([s for s in signals if not is_open(s)]))
