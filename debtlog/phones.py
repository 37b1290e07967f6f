"""Phone numbers: E.164 when they parse for the vault's country, otherwise as given.

The contract: a number that is possible for the vault's country (``region``, an ISO 3166
code) is stored as E.164 (``+79161234567``); anything else (short codes such as ``900``,
alphanumeric SMS senders such as ``Sberbank``) is kept as the user or the phone gave it.

``phonenumbers`` (from the phonenumberslite package) is imported inside the functions:
it costs ~25 ms and ``debtlog --help`` must not pay for it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .errors import InvalidInput
from .i18n import _

# What parse_number_strict keeps as given when it is not a phone number.
# Short codes: banks, operators and services text from 3-6 digit numbers (900, 4545, *100).
_SHORT_CODE = re.compile(r"[#*]?\d{3,6}")
# Alphanumeric sender IDs (GSM allows up to 11 characters): letters, digits, space, . - _
# (\w is letters, digits and underscore in any script: a phone may show a Cyrillic name).
_SENDER = re.compile(r"[\w .\-]{2,11}")
# What a phone number may look like: digits (any script: phonenumbers folds full-width
# digits), letters for vanity numbers and extensions, and the usual punctuation. It must
# start like a number: phonenumbers would otherwise skip leading text and turn the sender
# "A000000" into +39000000, or "MTS 89161234567" into a bare number.
_NUMBER_SHAPE = re.compile(r"(?:tel:)?[+(\d][\w\s().\-/]*", re.IGNORECASE)


def _looks_like_number(text: str) -> bool:
    # NFKC for full-width digits and brackets from a CJK keyboard
    return _NUMBER_SHAPE.fullmatch(unicodedata.normalize("NFKC", text)) is not None


def _region(region: str | None) -> str | None:
    """phonenumbers wants "RU", not "ru"; None when there is no country (international only)."""
    return (region or "").strip().upper() or None


def _possible(numobj) -> bool:
    """A number that can be dialled from anywhere in its country.

    ``is_possible_number`` is lenient about new ranges, which is what we want (a collector's
    fresh range must not be rejected), but it also accepts "local only" lengths, such as a
    US seven-digit number without its area code: formatted as E.164 those become a
    different, wrong number (+15552671), so they stay as given.
    """
    import phonenumbers

    return phonenumbers.is_possible_number_with_reason(numobj) == phonenumbers.ValidationResult.IS_POSSIBLE


def _local_only(text: str, region: str) -> bool:
    """A number dialled without its area code (555-2671 in the US): not storable as E.164."""
    import phonenumbers

    try:
        numobj = phonenumbers.parse(text, _region(region))
    except Exception:
        return False
    reason = phonenumbers.is_possible_number_with_reason(numobj)
    return reason == phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY


def _e164(text: str, region: str) -> str | None:
    """The E.164 form of ``text`` if it is a possible number for ``region``, else None."""
    import phonenumbers

    try:
        numobj = phonenumbers.parse(text, _region(region))
    except Exception:  # NumberParseException, and anything odd input may provoke: never raise
        return None
    if not _possible(numobj):
        return None
    e164 = phonenumbers.format_number(numobj, phonenumbers.PhoneNumberFormat.E164)
    if e164 == text:
        return e164  # already E.164: parsing it again would only repeat the parse above
    # The stored form must normalise to itself, or a re-import or a search by the stored
    # number would not match the record. Not a given: in CN "000000000" gives +8600000000,
    # which reads back as +860000000 (the 0 taken for a trunk prefix).
    try:
        again = phonenumbers.parse(e164, _region(region))
    except Exception:
        return None
    if not _possible(again) or phonenumbers.format_number(again, phonenumbers.PhoneNumberFormat.E164) != e164:
        return None
    return e164


@lru_cache(maxsize=65536)
def normalize_number(raw: str, region: str) -> str:
    """E.164 when ``raw`` is a possible number for ``region``, otherwise ``raw`` stripped.

    Never raises: importers call it on whatever a phone log holds.
    """
    text = raw.strip()
    if not _looks_like_number(text):
        return text
    return _e164(text, region) or text


def _is_sender_name(text: str) -> bool:
    return _SENDER.fullmatch(text) is not None and any(c.isalpha() for c in text)


def _example_hint(region: str) -> str:
    """'e.g. +7 912 345-67-89 or 8 (912) 345-67-89' from the region's example mobile number."""
    import phonenumbers

    fmt = phonenumbers.PhoneNumberFormat
    region = _region(region)
    try:
        example = (phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
                   or phonenumbers.example_number(region))
    except Exception:
        example = None
    if example is None:
        return ""
    international = phonenumbers.format_number(example, fmt.INTERNATIONAL)
    national = phonenumbers.format_number(example, fmt.NATIONAL)
    if national and national != international:
        return _(", e.g. {international} or {national}").format(international=international, national=national)
    return _(", e.g. {international}").format(international=international)


def parse_number_strict(raw: str, region: str) -> str:
    """A number typed at ``debtlog add --number``: E.164, a short code, or a sender name.

    Accepts exactly what ``normalize_number`` turns into E.164 (so both agree), plus short
    codes (3-6 digits, optionally after # or *) and alphanumeric sender names (2-11
    characters with a letter) kept as given. Anything else is an InvalidInput that says
    how to type it.
    """
    text = raw.strip()
    hint = _("Type it as the phone showed it{example}; use --hidden-number if the number was withheld.")
    if not text:
        raise InvalidInput(_("No phone number given."), hint.format(example=_example_hint(region)))
    # NFKC only for the shape checks; phonenumbers folds digits itself, and a sender name is
    # stored as typed.
    folded = unicodedata.normalize("NFKC", text)
    looks_like_number = _looks_like_number(text)
    if looks_like_number:
        e164 = _e164(text, region)
        if e164 is not None:
            return e164
    if _SHORT_CODE.fullmatch(folded) or _is_sender_name(folded):
        return text
    if looks_like_number and _local_only(text, region):
        raise InvalidInput(
            _("'{raw}' is a local number without its area code.").format(raw=text),
            _("Type the whole number as the phone showed it{example}.").format(example=_example_hint(region)),
        )
    raise InvalidInput(
        _("'{raw}' is not a phone number for {region}.").format(raw=text, region=_region(region) or "?"),
        hint.format(example=_example_hint(region)),
    )


@lru_cache(maxsize=4096)
def display_number(e164: str) -> str:
    """INTERNATIONAL format for the terminal (+7 916 123-45-67); anything else as given."""
    if not e164.startswith("+"):
        return e164  # short codes and sender names: nothing to format
    import phonenumbers

    try:
        numobj = phonenumbers.parse(e164, None)
    except Exception:
        return e164
    return phonenumbers.format_number(numobj, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def same_number(a: str, b: str, region: str) -> bool:
    """Whether two numbers as shown are the same number (8 916... and +7 916... in RU)."""
    return normalize_number(a, region) == normalize_number(b, region)
