from safeguarding.agencies.access import break_glass, visible_records
from safeguarding.people.models import Mention


def _about(person):
    return Mention.objects.filter(person=person).values("record_id")


def test_the_narrowed_list_for_a_person_is_the_full_list_filtered_for_every_persona(storyline, gp_worker):
    break_glass(gp_worker, storyline.victim, "Collapsed in the waiting room; need her history.")
    for user in storyline.users.values():
        for person in (storyline.victim, storyline.perpetrator):
            full = set(visible_records(user).filter(pk__in=_about(person)).values_list("pk", flat=True))
            narrowed = set(visible_records(user, about=person).values_list("pk", flat=True))
            assert narrowed == full, (user.username, person.display_name)
