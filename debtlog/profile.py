"""Validating the debtor's profile: jurisdiction, time zone, name, region."""

from __future__ import annotations

from .errors import InvalidInput
from .i18n import _
from .models import JURISDICTIONS, Profile

ALIASES = {"UK": "GB", "EN": "GB", "USA": "US", "RUS": "RU", "CHN": "CN", "ITA": "IT", "IND": "IN"}
CAPITAL_ZONES = {
    "RU": "Europe/Moscow",
    "CN": "Asia/Shanghai",
    "IT": "Europe/Rome",
    "US": "America/New_York",
    "GB": "Europe/London",
    "IN": "Asia/Kolkata",
}


def default_timezone(jurisdiction: str) -> str | None:
    return CAPITAL_ZONES.get(ALIASES.get(jurisdiction.strip().upper(), jurisdiction.strip().upper()))


def check_jurisdiction(code: str) -> str:
    c = (code or "").strip().upper()
    c = ALIASES.get(c, c)
    if c not in JURISDICTIONS:
        raise InvalidInput(
            _("Unknown jurisdiction '{code}'.").format(code=code),
            _("Use a country code debtlog has rules for: {codes}.").format(codes=", ".join(JURISDICTIONS)),
        )
    return c


def check_timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    n = (name or "").strip()
    try:
        if not n or n.startswith("/") or ".." in n:
            raise ValueError
        ZoneInfo(n)
        return n
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError, OSError):
        pass
    # Suggest zones whose city part looks like what was typed (users write "Moscow", "shanghai").
    city = n.replace(" ", "_").split("/")[-1].casefold()
    matches = sorted(z for z in available_timezones() if city and city in z.split("/")[-1].casefold())[:5]
    hint = _("Use an IANA time zone name such as Europe/Moscow, Asia/Vladivostok, Asia/Shanghai, Europe/Rome, "
             "America/Chicago, Europe/London or Asia/Kolkata.")
    if matches:
        hint = _("Did you mean: {m}?").format(m=", ".join(matches))
    raise InvalidInput(_("Unknown time zone '{tz}'.").format(tz=name), hint)


def check_language(code: str) -> str:
    from .i18n import SUPPORTED, UnknownLanguage, parse_lang_option, supported_text

    try:
        return parse_lang_option(code)
    except UnknownLanguage:
        raise InvalidInput(_("Unknown language '{lang}'.").format(lang=code),
                           _("Use one of: {langs}.").format(langs=supported_text())) from None


def make_profile(jurisdiction: str, timezone: str, name: str | None = None, region: str | None = None,
                 language: str | None = None) -> Profile:
    j = check_jurisdiction(jurisdiction)
    tz = check_timezone(timezone)
    if region is not None:
        region = region.strip().upper() or None
        if region and not region.startswith(j + "-"):
            raise InvalidInput(_("The region '{r}' is not in {j}; use an ISO 3166-2 code like {j}-XX.").format(r=region, j=j))
    lang = check_language(language) if language else None
    return Profile(jurisdiction=j, timezone=tz, name=(name or "").strip() or None, region=region, language=lang)
