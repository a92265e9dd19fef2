"""A typing slip in a forename or surname that neither the nickname tables nor the phonetic codes
catch ("Sebatian", "Cambpell") puts the pair on a "close" name level (Jaro-Winkler, as Splink's
name comparison grades it), which the model weighs as stronger evidence than a different name.
Slips are measured on the forename as written: "Elpie" is a slip for "Ellie", not for "Eleanor".
"""

from safeguarding.people.features import mention_features
from safeguarding.people.model_spec import NAME, load_model


def _f(name: str, dob: str = "1957-12-23") -> dict:
    return mention_features(name=name, dob=dob, gender="", address="", postcode="", ids={})


def _level(a: str, b: str) -> str:
    return NAME.levels[NAME.level_index(_f(a), _f(b))].label


def test_a_forename_slip_is_a_close_name():
    assert _level("Sebastian Collier", "Sebatian Collier").startswith("forename and surname close")


def test_a_surname_slip_beyond_one_edit_is_a_close_name():
    assert _level("Jackson Campbell", "Jackson Cambpell").startswith("forename and surname close")


def test_slips_are_measured_on_the_forename_as_written():
    assert _level("Ellie Fearnall", "Elpie Fearnall").startswith("forename and surname close")


def test_two_different_forenames_are_not_close():
    assert _level("Madeline Boyes", "Naomi Boyes") == "surname similar, forename differs"


def test_the_model_scores_a_slip_above_a_different_forename():
    model = load_model().for_store(10_000, 100)
    slip = model.score(_f("Sebastian Collier"), _f("Sebatian Collier"))
    other = model.score(_f("Sebastian Collier"), _f("Douglas Collier"))
    exact = model.score(_f("Sebastian Collier"), _f("Sebastian Collier"))
    assert other < slip < exact
