"""Line breaking for Chinese text in the terminal.

rich breaks lines only at spaces: a run of Chinese characters, which has none, is one "word" to
it, so a sentence that does not fit the rest of a line starts on a new line (leaving the first
line half empty), and a run longer than the line is cut at the edge, even before a "。".
With Chinese chosen, every Chinese character is a place to break, except before closing
punctuation (，。、；：？！）」』】》…) and after opening punctuation (（「『【《), the basic
rules of Chinese typesetting. Other text wraps as before.

rich finds "words" with the regular expression ``rich._wrap.re_word``; ``enable`` swaps it
for one that makes each Chinese character a word of its own, ``disable`` puts rich's back.
"""

from __future__ import annotations

import re

# Closing punctuation: never at the start of a line. Opening punctuation: never at the end.
CLOSING = "，。、；：？！）」』】》〉〕”’…‥·%％,.;:?!)]}"
OPENING = "（「『【《〈〔“‘([{"
CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"


def _class(chars: str) -> str:
    return "".join(re.escape(c) for c in chars)


_C, _O = _class(CLOSING), _class(OPENING)
# A Chinese character (not punctuation of either kind) is a word; so is a run of anything else
# that is not a space. Opening punctuation sticks to what follows, closing to what precedes.
# Inside such a run, ASCII punctuation does not end it: a path, a URL, a rule id or a time
# (/tmp/demo.zip, fssp.gov.ru/faq, ru.230fz.hours, 08:00-22:00) is never broken at its dots.
_OTHER = rf"[^\s{CJK}{_C}{_O}](?:[^\s{CJK}]*[^\s{CJK}{_C}{_O}])?"
WORD = re.compile(
    rf"\s*(?:[{_O}]*(?:(?![{_C}{_O}])[{CJK}]|{_OTHER})[{_C}]*|[{_C}]+|[{_O}]+)\s*"
)

_original = None


def enable() -> None:
    global _original
    try:
        import rich._wrap as wrap
    except ImportError:  # pragma: no cover - rich is a dependency
        return
    if _original is None:
        _original = wrap.re_word
    wrap.re_word = WORD


def disable() -> None:
    global _original
    if _original is not None:
        import rich._wrap as wrap

        wrap.re_word = _original
        _original = None
