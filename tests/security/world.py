"""The storyline plus what the matrix needs: a signal, a break-glass grant, a hold, a correction, a token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tests.personas import Storyline, build_storyline, make_user

MISSING = 999_999


@dataclass
class World:
    story: Storyline
    users: dict[str, Any]
    params: dict[str, Any]
    token_key: str


def build_world() -> World:
    from safeguarding.agencies.access import break_glass
    from safeguarding.agencies.governance import place_legal_hold, request_correction
    from safeguarding.agencies.models import Agency
    from safeguarding.records.models import ApiToken

    story = build_storyline()
    users = dict(story.users)
    users["gp_break_glass"] = make_user("gp_glass", "gp", "practitioner")
    grant = break_glass(
        users["gp_break_glass"], story.victim, "Collapsed in the waiting room; need her injury history."
    )
    hold = place_legal_hold(
        users["administrator"], person=story.perpetrator, reason="Civil claim pending, keep all"
    )
    correction = request_correction(
        users["police_officer"],
        story.police_incident,
        changes={"outcome": "Words of advice."},
        reason="Outcome was missing",
    )
    _, key = ApiToken.issue(Agency.objects.get(code="police"), "Matrix test feed")
    signal = _signal(story)
    police_mention = story.police_incident.mentions.get(ref="a")
    params = {
        "person_id": story.victim.pk,
        "record_id": story.police_incident.pk,
        "user_id": users["police_officer"].pk,
        "agreement_id": story.agreements[0].pk,
        "grant_id": grant.pk,
        "hold_id": hold.pk,
        "correction_id": correction.pk,
        "signal_id": signal.pk if signal is not None else MISSING,
        "mention_id": police_mention.pk,
        "mention_a": police_mention.pk,
        "mention_b": story.refuge_mention.pk,
        "person_a": story.victim.pk,
        "person_b": story.perpetrator.pk,
        "what": "panel",
        "name": "chronology.xlsx",
    }
    return World(story=story, users=users, params=params, token_key=key)


def _signal(story: Storyline) -> Any:
    try:
        from safeguarding.signals.models import Signal
    except ImportError:
        return None
    return Signal.objects.create(
        code="ESCALATION",
        person=story.victim,
        anchor=story.victim,
        first_raised=date(2024, 3, 1),
        evidence=[["police", "INC-TEST-0001"], ["idva", "IDVA-TEST-0001"]],
        why="Incidents are escalating: a police call-out with injury, then a move to a refuge.",
        action="Consider a MARAC referral.",
    )


def fill(route: str, params: dict[str, Any]) -> str:
    """Turn `people/<int:person_id>/` into `/people/12/`."""
    import re

    def value(match: re.Match[str]) -> str:
        return str(params.get(match.group(2), MISSING))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
