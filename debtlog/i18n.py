"""The one seam for translating what debtlog says.

Every user-facing string goes through ``_()``. Today it returns the English source text;
gettext catalogs (ru, zh_CN, it) plug in here without touching callers.
"""

from __future__ import annotations


def _(message: str) -> str:
    return message
