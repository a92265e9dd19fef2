from safeguarding.agencies.access import may_see_record, visible_records


def test_an_officer_sees_every_record_of_their_own_agency(storyline, police_officer):
    assert may_see_record(police_officer, storyline.police_incident)
    assert storyline.police_incident in visible_records(police_officer)


def test_housing_sees_its_own_tenancy_record_but_not_the_police_incident_without_an_agreement(
    storyline, housing_officer
):
    visible = set(visible_records(housing_officer))
    assert storyline.housing_tenancy in visible
    assert storyline.police_incident not in visible
    assert not may_see_record(housing_officer, storyline.police_incident)
