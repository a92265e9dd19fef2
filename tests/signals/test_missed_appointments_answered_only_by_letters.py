def _dna(world, when):
    world.record("gp", "missed_appointment", when, [("Ann", "patient")], "Did not attend asthma review.")
    world.record("gp", "letter", when, [("Ann", "patient")], "Automatic letter offering a new appointment.")


def test_three_consecutive_missed_appointments_answered_by_letters_raise_it(world):
    for when in ("2020-01-10", "2020-02-10", "2020-03-10"):
        _dna(world, when)
    world.evaluate("2020-03-10")
    [signal] = world.signals("MISSED_APPOINTMENTS", "Ann")
    assert "3 consecutive missed appointments at gp" in signal.why


def test_a_phone_call_between_them_breaks_the_run(world):
    _dna(world, "2020-01-10")
    _dna(world, "2020-02-10")
    world.record(
        "gp", "note", "2020-02-12", [("Ann", "patient")], "Practice nurse telephoned her to ask why."
    )
    _dna(world, "2020-03-10")
    world.evaluate("2020-03-10")
    assert world.signals("MISSED_APPOINTMENTS") == []
