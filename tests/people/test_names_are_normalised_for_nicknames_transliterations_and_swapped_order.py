from safeguarding.people.naming import parse_name


def test_a_nickname_and_the_full_forename_share_a_canonical_form():
    assert parse_name("Val Dunmore").given == parse_name("Valerie Jean DUNMORE").given
    assert parse_name("Tony Mellard").name_key == parse_name("MELLARD, Anthony Paul").name_key


def test_transliterations_of_one_name_share_a_canonical_form():
    keys = {parse_name(n).name_key for n in ("Mohammed Khan", "Muhammad Khan", "Mohamed KHAN", "Mohd Khan")}
    assert len(keys) == 1


def test_given_and_family_names_swapped_give_the_same_key():
    assert parse_name("KHAN Mohammed").name_key == parse_name("Mohammed Khan").name_key
    assert parse_name("Wang Wei").name_key == parse_name("Wei Wong").name_key


def test_titles_notes_and_initials_are_understood():
    name = parse_name("Mr S G Trevenna (husband)")
    assert (name.given, name.initial, name.surname) == (None, "s", "trevenna")
    assert parse_name("Mr Trevenna").surname == "trevenna"
    assert parse_name("Val").surname is None


def test_different_people_keep_different_keys():
    assert parse_name("Lee Hanbury").name_key != parse_name("Leah Hanbury").name_key
    assert parse_name("Stephen Barrett").name_key != parse_name("Stanley Barrett").name_key
