from types import SimpleNamespace

from safeguarding.agencies.access import signal_concern_visible, signal_evidence_visible, visible_evidence


class _Related(list):
    def all(self):
        return self


def _signal(person, records):
    return SimpleNamespace(person_id=person.pk, person=person, evidence=_Related(records))


def test_housing_sees_the_concern_but_not_the_police_evidence(storyline, housing_officer):
    signal = _signal(storyline.victim, [storyline.police_incident, storyline.housing_tenancy])
    assert signal_concern_visible(housing_officer, signal)
    assert not signal_evidence_visible(housing_officer, signal)
    assert visible_evidence(housing_officer, signal) == [storyline.housing_tenancy]


def test_the_police_see_both_concern_and_evidence_of_their_own_records(storyline, police_officer):
    signal = _signal(storyline.victim, [storyline.police_incident])
    assert signal_concern_visible(police_officer, signal)
    assert signal_evidence_visible(police_officer, signal)


def test_the_gp_does_not_even_see_the_concern(storyline, gp_worker):
    signal = _signal(storyline.victim, [storyline.police_incident])
    assert not signal_concern_visible(gp_worker, signal)
