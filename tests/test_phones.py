"""debtlog.phones: E.164 when a number parses for the vault's country, otherwise as given."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debtlog.errors import InvalidInput
from debtlog.phones import display_number, normalize_number, parse_number_strict, same_number

REGIONS = ["RU", "CN", "IT", "US", "GB", "IN"]


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        # Russia: the national prefix 8, the country code with and without +, any punctuation
        ("8 916 123-45-67", "RU", "+79161234567"),
        ("+7 (916) 123-45-67", "RU", "+79161234567"),
        ("89161234567", "RU", "+79161234567"),
        ("79161234567", "RU", "+79161234567"),
        ("8 (800) 555-35-35", "RU", "+78005553535"),
        ("  +7 916 123 45 67  ", "RU", "+79161234567"),
        ("８ ９１６ １２３-４５-６７", "RU", "+79161234567"),  # full-width digits from a CJK keyboard
        # other vault countries
        ("(415) 555-2671", "US", "+14155552671"),
        ("415.555.2671", "US", "+14155552671"),
        ("1-800-FLOWERS", "US", "+18003569377"),
        ("138 0013 8000", "CN", "+8613800138000"),
        ("010 1234 5678", "CN", "+861012345678"),
        ("312 345 6789", "IT", "+393123456789"),
        ("06 1234 5678", "IT", "+390612345678"),  # Italian landlines keep their leading 0
        ("07400 123456", "GB", "+447400123456"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("081234 56789", "IN", "+918123456789"),
        # a foreign number in international form parses whatever the vault's country
        ("+44 7400 123456", "RU", "+447400123456"),
        ("8 10 1 415 555 2671", "RU", "+14155552671"),  # Russian international prefix 810
        # kept as given (stripped): short codes, sender names, local-only numbers, junk
        ("900", "RU", "900"),
        (" 4545 ", "RU", "4545"),
        ("*100#", "RU", "*100#"),
        ("95588", "CN", "95588"),
        ("Sberbank", "RU", "Sberbank"),
        ("Tinkoff Bank", "RU", "Tinkoff Bank"),
        ("Сбербанк", "RU", "Сбербанк"),
        ("555-2671", "US", "555-2671"),  # no area code: "+15552671" would be a different number
        ("+7916", "RU", "+7916"),
        ("", "RU", ""),
        ("   ", "RU", ""),
        ("not a number at all", "GB", "not a number at all"),
        # would be +8600000000, which itself normalises to +860000000: kept as given instead
        ("000000000", "CN", "000000000"),
    ],
)
def test_normalize_number(raw, region, expected):
    assert normalize_number(raw, region) == expected


def test_normalize_number_with_unknown_region_still_reads_international_numbers():
    assert normalize_number("+7 916 123-45-67", "XX") == "+79161234567"
    assert normalize_number("8 916 123-45-67", "XX") == "8 916 123-45-67"
    assert normalize_number("+7 916 123-45-67", "") == "+79161234567"


def test_normalize_number_is_cached():
    normalize_number.cache_clear()
    normalize_number("8 916 765-43-21", "RU")
    normalize_number("8 916 765-43-21", "RU")
    assert normalize_number.cache_info().hits == 1


@given(
    digits=st.from_regex(r"9[0-9]{9}", fullmatch=True),
    style=st.sampled_from(["8 {a} {b}-{c}-{d}", "+7 ({a}) {b} {c} {d}", "8{a}{b}{c}{d}", "+7{a}{b}{c}{d}",
                           "7 {a} {b} {c} {d}", "8-{a}-{b}-{c}-{d}", "+7 {a} {b}-{c}-{d}", "8 ({a}) {b}-{c}-{d}"]),
)
def test_russian_mobiles_typed_any_way_normalise_alike(digits, style):
    typed = style.format(a=digits[:3], b=digits[3:6], c=digits[6:8], d=digits[8:])
    assert normalize_number(typed, "RU") == "+7" + digits
    assert parse_number_strict(typed, "RU") == "+7" + digits


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=st.one_of(st.text(), st.text(alphabet="0123456789+()-# *.", max_size=20),
                  st.from_regex(r"\+?[0-9 ]{3,16}", fullmatch=True)),
    region=st.sampled_from(REGIONS),
)
def test_normalize_number_never_raises_and_is_idempotent(raw, region):
    once = normalize_number(raw, region)
    assert isinstance(once, str)
    assert normalize_number(once, region) == once
    assert once == raw.strip() or once.startswith("+")


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=st.one_of(st.text(max_size=20), st.text(alphabet="0123456789+()-# *.", max_size=20)),
    region=st.sampled_from(REGIONS),
)
def test_strict_accepts_only_what_normalize_stores_the_same_way(raw, region):
    """Typing a number at `add` and importing it from a log must give the same stored form."""
    try:
        strict = parse_number_strict(raw, region)
    except InvalidInput as e:
        assert "--hidden-number" in e.hint or "area code" in e.message
        return
    assert strict == normalize_number(raw, region)


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("8 916 123-45-67", "RU", "+79161234567"),
        ("+7 (916) 123-45-67", "RU", "+79161234567"),
        ("(415) 555-2671", "US", "+14155552671"),
        ("138 0013 8000", "CN", "+8613800138000"),
        ("１３８ ００１３ ８０００", "CN", "+8613800138000"),
        ("312 345 6789", "IT", "+393123456789"),
        ("07400 123456", "GB", "+447400123456"),
        ("900", "RU", "900"),
        ("*100", "RU", "*100"),
        ("#123", "RU", "#123"),
        ("123456", "RU", "123456"),
        ("Sberbank", "RU", "Sberbank"),
        ("MTS", "RU", "MTS"),
        ("VTB-24", "RU", "VTB-24"),
        ("Alfa_Bank", "RU", "Alfa_Bank"),
        ("Intesa.SP", "IT", "Intesa.SP"),
        ("Сбербанк", "RU", "Сбербанк"),
        ("  MTS  ", "RU", "MTS"),
    ],
)
def test_parse_number_strict_accepts(raw, region, expected):
    assert parse_number_strict(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("+7916", "RU"),
        ("12", "RU"),  # too short for a short code
        ("12345678", "RU"),  # too long for a short code, too short for a number
        ("**100", "RU"),
        ("A", "RU"),  # a sender name has at least 2 characters
        ("TwelveLetter", "RU"),  # ... and at most 11
        ("MTS 89161234567", "RU"),  # not silently reduced to its digits
        ("call me!", "GB"),
        ("12345678901234567890", "US"),
        ("+", "US"),
    ],
)
def test_parse_number_strict_rejects(raw, region):
    with pytest.raises(InvalidInput) as info:
        parse_number_strict(raw, region)
    assert f"'{raw.strip()}'" in info.value.message
    assert region in info.value.message
    assert "--hidden-number" in info.value.hint


def test_strict_error_names_input_and_region_and_gives_a_regional_example():
    with pytest.raises(InvalidInput) as info:
        parse_number_strict("+7916", "RU")
    assert info.value.message == "'+7916' is not a phone number for RU."
    assert info.value.hint == ("Type it as the phone showed it, e.g. +7 912 345-67-89 or 8 (912) 345-67-89; "
                               "use --hidden-number if the number was withheld.")


@pytest.mark.parametrize(
    ("region", "international", "national"),
    [
        ("US", "+1 201-555-0123", "(201) 555-0123"),
        ("CN", "+86 131 2345 6789", "131 2345 6789"),
        ("IT", "+39 312 345 6789", "312 345 6789"),
        ("GB", "+44 7400 123456", "07400 123456"),
        ("IN", "+91 81234 56789", "081234 56789"),
    ],
)
def test_strict_hint_example_is_for_the_vaults_country(region, international, national):
    with pytest.raises(InvalidInput) as info:
        parse_number_strict("x", region)
    assert f"e.g. {international} or {national};" in info.value.hint
    # and the example itself is accepted: the hint never suggests something that fails
    assert parse_number_strict(international, region).startswith("+")
    assert parse_number_strict(national, region) == parse_number_strict(international, region)


def test_strict_unknown_region_has_no_example_but_still_a_hint():
    with pytest.raises(InvalidInput) as info:
        parse_number_strict("12", "XX")
    assert "e.g." not in info.value.hint
    assert "--hidden-number" in info.value.hint


@pytest.mark.parametrize("raw", ["", "   "])
def test_strict_empty_is_invalid(raw):
    with pytest.raises(InvalidInput) as info:
        parse_number_strict(raw, "RU")
    assert info.value.message == "No phone number given."
    assert "+7 912 345-67-89" in info.value.hint


def test_strict_local_number_asks_for_the_area_code():
    with pytest.raises(InvalidInput) as info:
        parse_number_strict("555-2671", "US")
    assert "'555-2671'" in info.value.message and "area code" in info.value.message
    assert "+1 201-555-0123" in info.value.hint


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+79161234567", "+7 916 123-45-67"),
        ("+14155552671", "+1 415-555-2671"),
        ("+8613800138000", "+86 138 0013 8000"),
        ("+390612345678", "+39 06 1234 5678"),
        ("+447400123456", "+44 7400 123456"),
        ("900", "900"),
        ("Sberbank", "Sberbank"),
        ("+", "+"),
        ("+abc", "+abc"),
        ("", ""),
    ],
)
def test_display_number(stored, shown):
    assert display_number(stored) == shown


def test_same_number():
    assert same_number("8 916 123-45-67", "+7 (916) 123 45 67", "RU")
    assert not same_number("8 916 123-45-67", "8 916 123-45-68", "RU")
    assert same_number("900", " 900 ", "RU")
    assert not same_number("900", "9000", "RU")


def test_importing_the_module_does_not_import_phonenumbers():
    code = "import sys, debtlog.phones; print('phonenumbers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("A000000", "IT", "A000000"),  # phonenumbers alone would skip the "A": +39000000
        ("MTS 89161234567", "RU", "MTS 89161234567"),
        ("tel:+7-916-123-45-67", "RU", "+79161234567"),  # vCard / RFC 3966 form
        ("（415） 555-2671", "US", "+14155552671"),  # full-width brackets
    ],
)
def test_normalize_number_only_reads_text_shaped_like_a_number(raw, region, expected):
    assert normalize_number(raw, region) == expected


def test_region_code_case_does_not_matter():
    assert normalize_number("8 916 123-45-67", "ru") == "+79161234567"
    assert parse_number_strict("8 916 123-45-67", " ru ") == "+79161234567"
    with pytest.raises(InvalidInput) as info:
        parse_number_strict("+7916", "ru")
    assert info.value.message == "'+7916' is not a phone number for RU."
    assert "+7 912 345-67-89" in info.value.hint
