def test_not_seen_is_raised_on_day_fourteen_and_cleared_when_she_is_seen(world):
    world.record("marac", "marac_meeting", "2021-01-05", [("Ann", "victim")], "MARAC meeting.")
    world.record("police", "incident", "2021-03-17", [("Ann", "victim")], "Officers spoke to her at home.")
    world.evaluate("2021-03-30", daily_from="2021-03-17")
    assert world.signals("NOT_SEEN") == []
    world.evaluate("2021-03-31", daily_from="2021-03-31")
    [signal] = world.signals("NOT_SEEN", "Ann")
    assert str(signal.first_raised) == "2021-03-31" and signal.cleared is None
    world.record("gp", "consultation", "2021-04-04", [("Ann", "patient")], "Seen in surgery.")
    world.evaluate("2021-04-04", daily_from="2021-04-01")
    signal.refresh_from_db()
    assert str(signal.cleared) == "2021-04-04"


def test_letters_are_not_contact_and_someone_not_at_high_risk_is_not_flagged(world):
    world.record("police", "incident", "2021-03-17", [("Kim", "victim")], "Noise complaint.")
    world.record("gp", "letter", "2021-03-25", [("Kim", "patient")], "Appointment letter.")
    world.evaluate("2021-04-30", daily_from="2021-03-17")
    assert world.signals("NOT_SEEN") == []
