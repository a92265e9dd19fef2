"""Confirm, split and not-same decisions are stored, audited and survive `safeguarding link`."""

import io

import pytest
from django.core.management import call_command

from safeguarding.audit.models import AuditEntry
from safeguarding.people.linking import (
    LinkingError,
    confirm_link,
    link_mentions,
    mark_not_same,
    split_mention,
)
from safeguarding.people.models import LinkDecision, Mention
from tests.people.conftest import link, store

ROSA = {"name": "Rosa Hartigan", "dob": "1988-02-17", "gender": "F", "address": "5 Weir Lane, Exampleton"}


def person_of(mention):
    return Mention.objects.get(pk=mention.pk).person_id


@pytest.fixture
def practitioner(db):
    from tests.personas import make_user

    return make_user("decider", "police", "practitioner")


@pytest.mark.django_db
def test_a_confirmed_link_survives_a_full_run(practitioner):
    (a,) = link("police", "INC-1", ROSA)
    (b,) = link("day_centre", "DC-1", {"name": "Ro", "gender": "F", "role": "client"})
    assert person_of(a) != person_of(b)
    confirm_link(a, b, practitioner, "Known to the day centre as Ro; confirmed with her")
    assert person_of(a) == person_of(b)
    call_command("link", stdout=io.StringIO())
    assert person_of(a) == person_of(b)
    assert AuditEntry.objects.filter(action="link_confirmed", reason__startswith="Known").exists()


@pytest.mark.django_db
def test_a_split_mention_stays_apart_after_a_full_run_and_new_records(practitioner):
    (a,) = link("police", "INC-1", ROSA)
    (b,) = link("gp", "GP-1", ROSA)
    assert person_of(a) == person_of(b)
    split_mention(b, practitioner, "Different Rosa: GP confirmed another patient")
    assert person_of(a) != person_of(b)
    call_command("link", stdout=io.StringIO())
    assert person_of(a) != person_of(b)
    # Re-linking the split mention incrementally (as a re-import would) keeps it apart too.
    link_mentions([Mention.objects.get(pk=b.pk)])
    assert person_of(a) != person_of(b)
    assert AuditEntry.objects.filter(action="link_split").count() == 1


@pytest.mark.django_db
def test_people_marked_not_the_same_are_never_merged_again(practitioner):
    (a,) = link("police", "INC-1", {**ROSA, "dob": ""})
    (b,) = link("housing", "HSG-1", {"name": "Ms R Hartigan", "gender": "F", "address": "5 Weir Lane"})
    people = (Mention.objects.get(pk=a.pk).person, Mention.objects.get(pk=b.pk).person)
    if people[0] == people[1]:
        split_mention(b, practitioner, "set-up")
        people = (Mention.objects.get(pk=a.pk).person, Mention.objects.get(pk=b.pk).person)
    mark_not_same(people[0], people[1], practitioner, "Two tenants of the same name")
    call_command("link", stdout=io.StringIO())
    assert person_of(a) != person_of(b)
    # A new mention matching both joins at most one of them.
    (c,) = link("gp", "GP-9", {"name": "Rosa Hartigan", "gender": "F", "address": "5 Weir Lane, Exampleton"})
    assert person_of(a) != person_of(b)
    assert LinkDecision.objects.filter(kind="not_same", is_active=True).count() == 1
    assert AuditEntry.objects.filter(action="link_not_same").exists()
    assert c.person_id is not None


@pytest.mark.django_db
def test_decisions_need_a_reason_and_cannot_join_two_subjects_of_one_record(practitioner):
    a, b = store("police", "INC-1", {**ROSA, "role": "victim"}, {"name": "Rosa Hartigan", "role": "witness"})
    link_mentions([a, b])
    with pytest.raises(LinkingError):
        confirm_link(a, b, practitioner, "same")
    (c,) = link("gp", "GP-1", ROSA)
    with pytest.raises(LinkingError):
        split_mention(c, practitioner, "  ")
