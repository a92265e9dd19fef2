"""For each replayed signal: when it could first have been raised, which agencies held which part of the
evidence, what each did next, and whether a referral or risk assessment followed; and the picture of it."""

from __future__ import annotations

import datetime as dt

from safeguarding.reviews.analysis import ReplayedSignal, analyse
from safeguarding.reviews.chronology import build_chronology
from safeguarding.reviews.timeline import render_timeline
from tests.reviews.conftest import make_record


def _signal(review, **kw):
    v1 = review.deceased.person_id
    base = {"code": "FREQUENT_INJURY_PRESENTATION", "person_id": v1, "first_raised": dt.date(2021, 3, 9),
            "evidence": (("police", "POL-2021-7"), ("gp", "GP-5531"))}  # fmt: skip
    return ReplayedSignal(**{**base, **kw})


def test_each_agency_holding_evidence_is_named_with_what_it_did(small_review):
    [o] = analyse(small_review, [_signal(small_review)]).opportunities
    assert o.agency_codes == ["police", "gp"] and o.multi_agency
    police, gp = o.parts
    assert police.did_next == ["03/02/2021: Words of advice. DASH not completed."]
    assert gp.did_next == ["09/03/2021: Strapped. No enquiry about abuse."]
    assert o.evidence_start == dt.date(2021, 2, 3)


def test_a_referral_within_28_days_counts_as_followed_and_a_later_one_does_not(small_review):
    [o] = analyse(small_review, [_signal(small_review)]).opportunities
    # The IDVA's "Referred to MARAC." is recorded 2021-03-01, before the signal: it cannot answer it.
    assert not o.followed and "No referral or risk assessment followed" in o.followed_text
    v = {"role": "victim", "person": small_review.deceased.person}
    make_record("marac", "MARAC-1", "2021-03-30", "marac_referral", [v], outcome="Referral accepted")
    [o] = analyse(small_review, [_signal(small_review)]).opportunities
    assert o.followed and o.followed_by.record_id == "MARAC-1" and o.followed_days == 21
    [o] = analyse(small_review, [_signal(small_review, first_raised=dt.date(2021, 2, 3))]).opportunities
    assert o.followed_by.record_id == "IDVA-88" and o.followed_days == 26  # "Referred to MARAC."
    [o] = analyse(small_review, [_signal(small_review, first_raised=dt.date(2021, 1, 20))]).opportunities
    assert not o.followed  # 40 days later is too late to count as answering it


def test_a_not_referred_outcome_is_not_a_referral(small_review):
    v = {"role": "patient", "person": small_review.deceased.person}
    make_record(
        "walk_in_centre", "WIC-9", "2021-03-12", "consultation", [v], outcome="Not examined. Not referred."
    )
    [o] = analyse(small_review, [_signal(small_review)]).opportunities
    assert not o.followed


def test_signals_outside_the_review_period_are_left_out(small_review):
    assert (
        analyse(small_review, [_signal(small_review, first_raised=dt.date(2020, 6, 2))]).opportunities == []
    )


def test_the_picture_draws_a_lane_per_agency_and_a_row_per_signal(small_review):
    analysis = analyse(small_review, [_signal(small_review)])
    svg = str(render_timeline(analysis, [e.record for e in build_chronology(small_review)]))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "General practice" in svg and "Police" in svg and "Independent domestic violence advisers" in svg
    assert svg.count("<path") == 1 and "could have been raised 09/03/2021" in svg
    assert "<script" not in svg and "style=" not in svg


def test_the_analysis_page_shows_the_picture_and_each_signal(client, chair, small_review, monkeypatch):
    monkeypatch.setattr("safeguarding.reviews.analysis.stored_signals", lambda ids: [_signal(small_review)])
    client.force_login(chair)
    html = client.get(f"/reviews/{small_review.pk}/analysis/").content.decode()
    assert "<svg" in html and "FREQUENT_INJURY_PRESENTATION" in html
    assert "Nothing followed" in html and "General practice" in html


def test_a_panel_member_sees_the_signal_but_not_evidence_the_access_rules_refuse(
    client, small_review, monkeypatch
):
    from safeguarding.agencies.models import Agency, User
    from safeguarding.reviews.models import PanelMember, ReviewRecord

    signal = _signal(small_review, evidence=(("police", "POL-2021-7"), ("idva", "IDVA-88")))
    monkeypatch.setattr("safeguarding.reviews.analysis.stored_signals", lambda ids: [signal])
    ReviewRecord.objects.filter(review=small_review, record__agency__code="police").delete()
    user = User.objects.create_user(
        "gp.lead", password="x" * 20, role="practitioner", agency=Agency.objects.get(code="gp")
    )
    PanelMember.objects.create(review=small_review, name="GP Lead", agency=user.agency, user=user)
    client.force_login(user)
    html = client.get(f"/reviews/{small_review.pk}/analysis/").content.decode()
    assert "FREQUENT_INJURY_PRESENTATION" in html
    assert "Words of advice" not in html and "Referred to MARAC" not in html
