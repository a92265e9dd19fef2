import pytest

from safeguarding.agencies import access
from safeguarding.agencies.access import can_view_person, has_legitimate_relationship, may_see_record


@pytest.fixture
def review_panel(storyline):
    """A stand-in for the reviews app: the review chair sits on a review of Vera's death."""
    from safeguarding.people.models import Person

    chair = storyline.review_chair
    victim_id = storyline.victim.pk
    access.register_relationship_provider(
        "test_review_panel",
        "review",
        lambda user: Person.objects.filter(pk=victim_id).values("pk") if user.pk == chair.pk else None,
    )
    yield
    access._providers.pop("test_review_panel", None)


def test_without_a_provider_the_review_chair_has_no_relationship(storyline, review_chair):
    assert not has_legitimate_relationship(review_chair, storyline.victim)
    assert not can_view_person(review_chair, storyline.victim)


def test_a_review_provider_gives_the_chair_a_relationship_for_the_review_purpose_only(
    storyline, review_chair, review_panel
):
    assert has_legitimate_relationship(review_chair, storyline.victim, purpose="review")
    assert not has_legitimate_relationship(review_chair, storyline.victim, purpose="marac")
    assert can_view_person(review_chair, storyline.victim)
    # No agreement for the review purpose covers the police's records yet.
    assert not may_see_record(review_chair, storyline.police_incident)


def test_a_partnership_wide_review_agreement_then_lets_the_chair_see_the_record(
    storyline, review_chair, review_panel
):
    from safeguarding.agencies.models import Agency, SharingAgreement

    agreement = storyline.agreements[0]
    SharingAgreement.objects.create(
        from_agency=Agency.objects.get(code="police"),
        to_agency=None,
        purposes=["review"],
        lawful_basis="DHR statutory guidance; Domestic Violence, Crime and Victims Act 2004 s9",
        starts_on=agreement.starts_on,
        ends_on=agreement.ends_on,
    )
    assert may_see_record(review_chair, storyline.police_incident)


def test_an_unknown_purpose_is_refused():
    with pytest.raises(ValueError):
        access.register_relationship_provider("bad", "curiosity", lambda user: None)
