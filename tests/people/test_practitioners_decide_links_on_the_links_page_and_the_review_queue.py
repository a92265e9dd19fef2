"""The person's links page and the review queue page: a practitioner's decision goes to the linking verbs."""

from django.contrib.messages import get_messages

from safeguarding.people.models import LinkDecision


def _idva_mentions_of_vera(storyline):
    a = storyline.idva_contact.mentions.get(ref="a")
    b = storyline.idva_disclosure.mentions.get(ref="a")
    return a, b


def _on_links_page(client, storyline, user, **form):
    """`user` posts a decision about Vera's IDVA disclosure from her links page."""
    client.force_login(user)
    _, disclosure = _idva_mentions_of_vera(storyline)
    return disclosure, client.post(f"/people/{storyline.victim.pk}/links/{disclosure.pk}/", form)


def _said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_splitting_a_mention_off_from_the_links_page_gives_it_a_person_of_its_own(client, storyline):
    disclosure, response = _on_links_page(
        client,
        storyline,
        storyline.idva_worker,
        decision="split",
        reason="Different date of birth in the client file",
    )
    assert response.status_code == 302 and response["Location"] == f"/people/{storyline.victim.pk}/links/"
    disclosure.refresh_from_db()
    assert disclosure.person_id != storyline.victim.pk
    assert LinkDecision.objects.get().kind == "split"
    assert any("was split off" in m for m in _said(response))


def test_confirming_a_mention_from_the_links_page_records_the_decision(client, storyline):
    disclosure, response = _on_links_page(
        client, storyline, storyline.idva_worker, decision="confirm", reason="Same NHS number on both"
    )
    assert response.status_code == 302
    decision = LinkDecision.objects.get()
    assert decision.kind == "confirm" and disclosure.pk in decision.side_a + decision.side_b
    assert any("was confirmed" in m for m in _said(response))


def test_a_decision_without_a_reason_changes_nothing(client, storyline):
    _, response = _on_links_page(client, storyline, storyline.idva_worker, decision="split")
    assert response.status_code == 302
    assert not LinkDecision.objects.exists()
    assert _said(response) == ["Give a reason for the decision."]


def test_from_the_review_queue_not_the_same_splits_the_second_mention_off(client, storyline):
    client.force_login(storyline.idva_worker)
    contact, disclosure = _idva_mentions_of_vera(storyline)
    response = client.post(
        "/people/review/decide/",
        {"a": contact.pk, "b": disclosure.pk, "decision": "split", "reason": "Two different women"},
    )
    assert response["Location"] == "/people/review/"
    disclosure.refresh_from_db()
    assert disclosure.person_id != contact.person_id
    assert _said(response) == ["Recorded: these are different people."]


def test_from_the_review_queue_the_same_person_joins_two_people(client, storyline):
    client.force_login(storyline.idva_worker)
    contact, disclosure = _idva_mentions_of_vera(storyline)
    client.post(
        "/people/review/decide/",
        {"a": contact.pk, "b": disclosure.pk, "decision": "split", "reason": "Two different women"},
    )
    response = client.post(
        "/people/review/decide/",
        {"a": contact.pk, "b": disclosure.pk, "decision": "confirm", "reason": "On reflection, the same"},
    )
    contact.refresh_from_db()
    disclosure.refresh_from_db()
    assert contact.person_id == disclosure.person_id
    assert _said(response)[-1] == "Linked: the two records are the same person."


def test_a_user_who_may_not_decide_is_told_nothing_and_nothing_changes(client, storyline):
    _, response = _on_links_page(
        client, storyline, storyline.auditor, decision="split", reason="Not mine to decide"
    )
    assert response.status_code == 404
    assert not LinkDecision.objects.exists()


def test_from_the_review_queue_two_people_already_apart_are_marked_never_the_same(client, storyline):
    client.force_login(storyline.idva_worker)
    contact, disclosure = _idva_mentions_of_vera(storyline)
    decide = {"a": contact.pk, "b": disclosure.pk, "decision": "split", "reason": "Two different women"}
    client.post("/people/review/decide/", decide)
    response = client.post("/people/review/decide/", decide)
    assert list(LinkDecision.objects.order_by("id").values_list("kind", flat=True)) == ["split", "not_same"]
    assert _said(response)[-1] == "Recorded: these are different people."
