"""A postcode field that is not a UK postcode (another country's, as on FEBRL) still counts:
compared as written, without spaces, with no UK sector. An address is never read as one."""

from safeguarding.people.features import mention_features


def _place(address: str, postcode: str) -> tuple:
    f = mention_features(name="", dob="", gender="", address=address, postcode=postcode, ids={})
    return f["postcode"], f["pc_sector"]


def test_a_uk_postcode_is_normalised_with_its_sector():
    assert _place("", "ex2 7ab") == ("EX27AB", "EX2 7")


def test_a_postcode_in_another_form_is_kept_as_written():
    assert _place("", "2615") == ("2615", None)
    assert _place("", "D02 X285") == ("D02X285", None)


def test_words_a_lone_digit_or_a_uk_district_alone_are_not_a_postcode():
    assert _place("", "n/k") == (None, None)
    assert _place("", "7") == (None, None)
    assert _place("", "EX2") == (None, None)
    assert _place("", "sw1a") == (None, None)


def test_an_address_without_a_uk_postcode_gives_none():
    assert _place("27 Tyrrell Circuit Port Sorell 7307", "") == (None, None)
