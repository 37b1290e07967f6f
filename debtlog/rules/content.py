"""Content flags: phrases in what a collector said or wrote that are *likely* unlawful.

``scan(text)`` looks a message up in phrase lexicons (``lexicons/{ru,zh,it,en}.toml``) and
returns one :class:`ContentMatch` per phrase found, with the exact span of the original text.
A match means "likely, check it", never "proven": whether a claim of a court case is false,
or a caller really is a bailiff, depends on facts the text does not hold.

How a message is compared with a lexicon:

1. ``normalize(text, language)`` folds the text to one form: NFKC (full-width letters),
   case folding, ё→е, accents stripped for Italian and English, Latin/Cyrillic look-alike
   letters fixed inside mixed-script words, traditional Chinese characters mapped to
   simplified (a small table, ``lexicons/zh_variants.toml``), spacing tricks closed up
   ("у б ь ю", "п.о.л.и.ц.и.я", "坐 牢"), whitespace collapsed. An index map from every
   folded character back to the original text is kept, so a match reports the original span.
2. The lexicon patterns are folded the same way and parsed, on first use, into the small
   matcher of ``_matcher`` (closures that try alternatives in the order a regular expression
   would, with the same results, but cost nothing like the 0.1-0.9 s per language that
   compiling ~700 regular expressions took in every fresh process). Patterns are indexed by
   their first word: a text is only tried where such a word stands, and only with the
   patterns whose other words it holds somewhere; the few raw ``regex`` entries stay
   regular expressions. ``_Compiler.sequence`` still renders each pattern as the regular
   expression it stands for: tests/content/test_matcher.py holds the matcher to it.
3. A hit is dropped when a negation stands just before it ("мы не будем звонить вашим
   родственникам", "nobody will arrest you", "不会爆通讯录"), when the entry's ``unless``
   phrases occur in the same sentence, or, for entries marked ``lawful_exempt``, when the
   sentence reads as lawful information ("после вступления решения суда в силу ...",
   "可依法提起诉讼", "if a court grants a judgment ...").

The lexicon format is described at the top of each lexicon file and in docs/content-flags.md.
Importing this module is cheap: nothing is read or compiled until the first scan.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import _matcher  # imported for real with the first lexicon (see _lexicon)

CATEGORIES = (
    "threats_violence",  # violence or damage to person or property
    "false_authority",  # false claims of police, arrest, criminal case, prison, seizure
    "impersonation",  # posing as police, bailiff, prosecutor, court, government
    "insults",  # degrading or obscene language
    "threat_to_tell",  # threats to tell family, employer, contacts; public shaming
    "other_pressure",  # ultimatums, fake deadlines, pressure to borrow or sell to pay
)
LANGUAGES = ("ru", "zh", "it", "en")
LIKELIHOOD = "likely"


@dataclass(frozen=True)
class ContentMatch:
    """One lexicon phrase found in a message: always a *likely* problem, never proof."""

    category: str
    phrase: str  # the lexicon entry, human-readable
    matched_text: str  # exactly as it stands in the original text
    start: int  # offsets into the original text: text[start:end] == matched_text
    end: int
    language: str
    entry_id: str = ""
    likelihood: str = LIKELIHOOD

    def to_dict(self) -> dict[str, object]:
        return {
            "category": self.category,
            "phrase": self.phrase,
            "matched_text": self.matched_text,
            "start": self.start,
            "end": self.end,
            "language": self.language,
            "entry_id": self.entry_id,
            "likelihood": self.likelihood,
        }


# --------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------

# Latin letters that look like Cyrillic ones, and the other way round. Case matters: an
# upper-case B looks like В, a lower-case b like ь.
_LAT_TO_CYR = {
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "У",
    "a": "а", "b": "ь", "c": "с", "e": "е", "k": "к", "m": "м", "n": "п", "o": "о",
    "p": "р", "r": "г", "t": "т", "u": "и", "x": "х", "y": "у", "h": "н",
    "0": "о", "3": "з", "6": "б",
}  # fmt: skip
_CYR_TO_LAT = {
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O",
    "Р": "P", "Т": "T", "Х": "X", "У": "Y", "І": "I",
    "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "к": "k",
    "і": "i", "ј": "j", "ѕ": "s",
}  # fmt: skip
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"(?<![^\W\d_])[A-Za-z]{3,}(?![^\W\d_])")
_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"}  # and "`", below
# Characters that only hide letters: zero-width spaces and joiners, soft hyphen, BOM.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}

# "у б ь ю", "п.о.л.и.ц.и.я", "a-r-r-e-s-t": three or more single letters, each pair
# separated by one space or one punctuation mark (optionally followed by one space).
# A double space ends the run, so "Y o u  w i l l" stays two words.
_SPACED_LETTERS = re.compile(
    r"[^\W\d_](?<![^\W\d_][^\W\d_])(?:(?:[.\-_*·•/|~+]\s?|\s)[^\W\d_]){2,}(?![^\W\d_])"
)
# cheap first look: two single letters, each after a separator
_SPACED_HINT = re.compile(r"(?:[.\-_*·•/|~+]\s?|\s)[^\W\d_](?:[.\-_*·•/|~+]\s?|\s)[^\W\d_](?![^\W\d_])")
_SPACED_SEP = re.compile(r"[.\-_*·•/|~+\s]+")
# Chinese has no spaces: any spacing or filler between two Han characters is a trick.
_HAN_GAP = re.compile(r"[\u3400-\u9fff]([\s.\-_*·•/|~+]+)(?=[\u3400-\u9fff])")
_ZH_SPACE = re.compile(r"[^\S\n]+(?=\S)")
_WS_RUN = re.compile(r"\s(?:(?<! )|\s)\s*")  # two or more, or one that is not a plain space
_STRAY_APOSTROPHE = re.compile(r"(?<![^\W\d_])'|'(?![^\W\d_])")
_ANY_CHAR = re.compile(r"[^\x00-\x7f]")
_INVISIBLE_RX = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# a Latin letter or digit next to a Cyrillic letter: a word that mixes scripts
_SCRIPT_SEAM = re.compile(r"[A-Za-z0-9][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z0-9]")


class _Folded:
    """A normalised text and, for every character of it, its span in the original."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: list[int] | None, ends: list[int] | None):
        self.text = text
        self.starts = starts  # None: identity map (same length, character for character)
        self.ends = ends

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original [start, end) of the normalised slice [a, b)."""
        if self.starts is None or self.ends is None:
            return a, b
        return self.starts[a], self.ends[b - 1]

    def delete(self, keep: list[tuple[int, int]]) -> _Folded:
        """Keep only the given normalised ranges (ascending); the map follows.

        A match over "у б ь ю" still reports the whole spaced-out word: its span runs from
        the first kept character's start to the last one's end, over what was deleted.
        """
        starts = self.starts if self.starts is not None else range(len(self.text))
        ends = self.ends if self.ends is not None else range(1, len(self.text) + 1)
        new_starts: list[int] = []
        new_ends: list[int] = []
        for a, b in keep:
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])
        return _Folded("".join(self.text[a:b] for a, b in keep), new_starts, new_ends)


def _per_char(text: str, fold) -> _Folded:
    """Apply ``fold(char) -> str`` to each character, keeping the index map."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        rep = fold(ch)
        for r in rep:
            out.append(r)
            starts.append(i)
            ends.append(i + 1)
        if not rep and ends:  # dropped: the previous character's span absorbs it
            ends[-1] = i + 1
    return _Folded("".join(out), starts, ends)


def _compose(folded: _Folded, fold) -> _Folded:
    """Apply a per-character fold on top of an existing map."""
    inner = _per_char(folded.text, fold)
    if folded.starts is None or folded.ends is None:
        return inner
    assert inner.starts is not None and inner.ends is not None
    starts = [folded.starts[i] for i in inner.starts]
    ends = [folded.ends[i - 1] for i in inner.ends]
    return _Folded(inner.text, starts, ends)


@lru_cache(maxsize=4096)
def _nfkc_char(ch: str) -> str:
    if ch in _INVISIBLE:
        return ""
    return unicodedata.normalize("NFKC", ch)


@lru_cache(maxsize=None)
def _nfkc_tables() -> tuple[dict[int, str], re.Pattern[str], re.Pattern[str]]:
    """What NFKC does to single characters, split into the fast and the slow part.

    Returns a translation table for the characters NFKC maps to exactly one other character
    (full-width letters and punctuation, look-alike math letters ...), a character class of
    its keys, and a character class of the rest: characters that expand ("№" → "No"),
    combine with the letter before them, or only hide letters. Built once, on first use
    (some 30 ms): the
    Basic Multilingual Plane plus the blocks of look-alike letters people use to dodge
    filters (mathematical alphanumerics, enclosed letters, CJK compatibility ideographs).
    """
    table: dict[int, str] = {}
    ranges: list[tuple[int, int]] = []
    blocks = ((0x80, 0xD800), (0xE000, 0x10000), (0x1D400, 0x1D800), (0x1F100, 0x1F200), (0x2F800, 0x2FA20))
    for lo, hi in blocks:
        for cp in range(lo, hi):
            ch = chr(cp)
            folded = unicodedata.normalize("NFKC", ch)
            if folded == ch and ch not in _INVISIBLE and not unicodedata.combining(ch):
                continue
            if len(folded) == 1 and ch not in _INVISIBLE and not unicodedata.combining(folded):
                table[cp] = folded
            elif ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    # Classes of BMP characters only: the regex engine tests those with a bitmap, while one
    # astral character in a class makes it a slow list of ranges. Astral characters take
    # the slow path (see _nfkc).
    return (
        table,
        _char_class([cp for cp in sorted(table) if cp < 0x10000]),
        _char_class([cp for a, b in ranges for cp in range(a, b + 1) if cp < 0x10000]),
    )


def _char_class(codepoints: list[int]) -> re.Pattern[str]:
    ranges: list[tuple[int, int]] = []
    for cp in codepoints:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    body = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )
    return re.compile(f"[{body}]")


def _nfkc(text: str) -> _Folded:
    """NFKC character by character; combining marks merge into the letter before them."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        if text.isascii() or not _INVISIBLE_RX.search(text):
            return _Folded(text, None, None)
    table, simple_chars, complex_chars = _nfkc_tables()
    if max(text) > "\uffff":
        return _nfkc_slow(text)  # mathematical letters and other astral look-alikes
    found = simple_chars.findall(text)
    if len(found) > 16:
        text = text.translate(table)
    else:  # a few full-width commas and the like: cheaper one by one
        for ch in set(found):
            text = text.replace(ch, table[ord(ch)])
    if not complex_chars.search(text):
        return _Folded(text, None, None)  # one character for one: the map stays the identity
    return _nfkc_slow(text, complex_chars)


def _nfkc_slow(text: str, complex_chars: re.Pattern[str] | None = None) -> _Folded:
    """NFKC with an index map, character by character where characters expand or combine."""
    if complex_chars is None:
        complex_chars = _ANY_CHAR
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in complex_chars.finditer(text):
        i = m.start()
        if i > pos:  # an unchanged stretch
            out.extend(text[pos:i])
            starts.extend(range(pos, i))
            ends.extend(range(pos + 1, i + 1))
        pos = i + 1
        ch = text[i]
        if unicodedata.combining(ch) and out:
            merged = unicodedata.normalize("NFC", out[-1] + ch)
            if len(merged) == 1:
                out[-1] = merged
            ends[-1] = i + 1
            continue
        rep = _nfkc_char(ch)
        if not rep:
            if ends:
                ends[-1] = i + 1
            continue
        for r in rep:
            out.append(r)
            starts.append(i)
            ends.append(i + 1)
    if pos < len(text):
        out.extend(text[pos:])
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    return _Folded("".join(out), starts, ends)


_MIXED_RU = re.compile(r"(?<![^\W_])(?=[^\W_]*[\u0400-\u04ff])(?=[^\W_]*[A-Za-z0-9])[^\W_]+")
_MIXED_LATIN = re.compile(r"(?<![^\W_])(?=[^\W_]*[\u0400-\u04ff])(?=[^\W_]*[A-Za-z])[^\W_]+")


def _fix_homoglyphs(text: str, table: dict[str, str], mixed: re.Pattern[str]) -> str:
    """In words that mix scripts, replace look-alike letters by the word's own script."""

    def fix(m: re.Match[str]) -> str:
        chars = list(m.group())
        for i, ch in enumerate(chars):
            if ch.isdigit():
                # a digit stands for a letter only next to letters: "y6ью", not "100руб"
                near = chars[max(i - 1, 0) : i] + chars[i + 1 : i + 2]
                if not near or any(c.isdigit() for c in near):
                    continue
            chars[i] = table.get(ch, ch)
        return "".join(chars)

    return mixed.sub(fix, text)


@lru_cache(maxsize=None)
def _fold_table(language: str) -> tuple[dict[int, str], re.Pattern[str]]:
    """One-to-one character folds applied after case folding, and a class of their keys."""
    table: dict[int, str] = {ord(k): v for k, v in _APOSTROPHES.items()}
    if language == "ru":
        table[ord("ё")] = "е"
    elif language in ("it", "en"):
        for cp in range(0xC0, 0x250):
            ch = chr(cp)
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
            if len(base) == 1 and base != ch:
                table[cp] = base
    elif language == "zh":
        table.update({ord(t): s for t, s in _zh_variants().items()})
    keys = "".join(re.escape(chr(k)) for k in sorted(table))
    return table, re.compile(f"[{keys}]")


@lru_cache(maxsize=None)
def _zh_variants() -> dict[str, str]:
    """Traditional → simplified for the characters the Chinese lexicon needs."""
    data = _read_toml("zh_variants.toml")
    table: dict[str, str] = {}
    for pair in data["pairs"].split():
        if len(pair) != 2:
            raise ValueError(f"zh_variants.toml: {pair!r} is not a traditional+simplified pair")
        table[pair[0]] = pair[1]
    return table


def _fold(text: str, language: str) -> _Folded:
    folded = _nfkc(text)
    s = folded.text
    # look-alike letters, before case folding (case tells B=В from b=ь)
    ascii = s.isascii()
    if not ascii and language in ("ru", "en", "it") and _LATIN.search(s) and _SCRIPT_SEAM.search(s):
        if language == "ru":
            s = _fix_homoglyphs(s, _LAT_TO_CYR, _MIXED_RU)
        else:
            s = _fix_homoglyphs(s, _CYR_TO_LAT, _MIXED_LATIN)
    folded = _Folded(s, folded.starts, folded.ends)
    low = s.casefold()
    if len(low) == len(s):
        folded = _Folded(low, folded.starts, folded.ends)
    else:  # "ß" -> "ss" and friends change the length: map character by character
        folded = _compose(folded, str.casefold)
    table, needed = _fold_table(language)
    if not ascii:
        found = needed.findall(folded.text)
        if len(found) > 16:
            folded = _Folded(folded.text.translate(table), folded.starts, folded.ends)
        elif found:
            t = folded.text
            for ch in set(found):
                t = t.replace(ch, table[ord(ch)])
            folded = _Folded(t, folded.starts, folded.ends)
    if "`" in folded.text:
        folded = _Folded(folded.text.replace("`", "'"), folded.starts, folded.ends)
    s = folded.text
    if "'" in s and language == "en":
        # an apostrophe belongs to a word only between letters ("don't"); quotes are spaces
        folded = _Folded(_STRAY_APOSTROPHE.sub(" ", s), folded.starts, folded.ends)
    elif "'" in s and language == "it":
        # elision ("l'ufficiale") and accent-by-apostrophe ("verra'")
        folded = _Folded(s.replace("'", " "), folded.starts, folded.ends)
    # spacing tricks
    if language == "zh":
        # Chinese needs no spaces: drop them (and dots or dashes between characters)
        folded = _delete_matches(folded, _HAN_GAP, group=1)
        if " " in folded.text:
            folded = _delete_matches(folded, _ZH_SPACE)
    if _SPACED_HINT.search(folded.text) and _SPACED_LETTERS.search(folded.text):
        keep: list[tuple[int, int]] = []
        pos = 0
        for m in _SPACED_LETTERS.finditer(folded.text):
            for sep in _SPACED_SEP.finditer(folded.text, m.start(), m.end()):
                keep.append((pos, sep.start()))
                pos = sep.end()
        keep.append((pos, len(folded.text)))
        folded = folded.delete([(a, b) for a, b in keep if b > a])
    # whitespace: runs collapse to one space (a newline when the run holds one)
    if _WS_RUN.search(folded.text):
        t = folded.text
        keep = []
        pos = 0
        chars = list(t)
        for m in _WS_RUN.finditer(t):
            run = m.group()
            keep.append((pos, m.start() + 1))
            chars[m.start()] = "\n" if "\n" in run else " "
            pos = m.end()
        keep.append((pos, len(t)))
        folded = _Folded("".join(chars), folded.starts, folded.ends).delete(
            [(a, b) for a, b in keep if b > a]
        )
    return folded


def _delete_matches(folded: _Folded, pattern: re.Pattern[str], group: int = 0) -> _Folded:
    if not pattern.search(folded.text):
        return folded
    keep: list[tuple[int, int]] = []
    pos = 0
    for m in pattern.finditer(folded.text):
        keep.append((pos, m.start(group)))
        pos = m.end(group)
    keep.append((pos, len(folded.text)))
    return folded.delete([(a, b) for a, b in keep if b > a])


def normalize(text: str, language: str) -> str:
    """The folded form of ``text`` that lexicons are matched against (see module doc)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    return _fold(text, language).text.strip()


# --------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------
#
# A pattern is a few tokens separated by spaces, matched against the normalised text:
#   убью           the word, exactly (after normalisation: any case, ё = е, ...)
#   убь*           any word starting with "убь" (убью, убьём, убьют)
#   арестуют|посадят   either word; each alternative may end in *
#   вас?           an optional word (not as the first token)
#   ...            up to a few words in between (3 words; 6 characters in Chinese);
#                  "...5" for up to five
#   #              a number
#   (на работу|по месту работы)   any of these phrases (a group may hold several words)
#   {authority}    any phrase of the lexicon's [sets] list "authority"
# Chinese tokens are plain character strings: "公安 ... 立案" is 公安, then up to six
# characters (not across a comma or full stop), then 立案.

_PATTERN_TOKEN = re.compile(r"\([^()]*\)\??|[^\s()]+")
_WORD_CHAR = r"[^\W_]"
_SEP = r"[^\w!?;\n]{1,4}"  # between two words: spaces, commas, dashes, quotes ...
_ZH_GAP_CHAR = r"[^。!?;,:\n]"
_ZH_NUMBER = r"[0-9一二三四五六七八九十百千万两几]+"
_NUMBER = r"\d+(?:[.,:]\d+)*"
_CLAUSE_BREAK = re.compile(r"[,.!?;:\n—–()«»\"、。]| - ")
_SENTENCE_BREAK = re.compile(r"[.!?;\n。]")
_NEG_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_NEGATION_WINDOW = 5  # words before a hit in which a negation cancels it
_ZH_NEGATION_WINDOW = 10  # characters, for Chinese

_ENTRY_KEYS = {
    "id", "category", "phrase", "patterns", "regex", "unless", "lawful_exempt", "negation", "notes",
}  # fmt: skip
_LEXICON_KEYS = {
    "language", "title", "version", "gap", "number_words", "negations", "not_negations", "conditionals",
    "payment_words", "lawful_context", "notes",
}  # fmt: skip


def _read_toml(name: str) -> dict:
    import tomllib
    from importlib import resources

    text = resources.files("debtlog.rules").joinpath("lexicons", name).read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True, eq=False)
class _Entry:
    id: str
    category: str
    phrase: str
    # each pattern, and whether it spells out a negation itself ("тебе не жить")
    parts: tuple[tuple[_Pattern | _RawPattern, bool], ...]
    unless: _matcher.WordList | None
    lawful_exempt: bool
    negation: bool
    pattern_count: int


class _Compiler:
    """Turns the lexicon's pattern notation into regular expressions."""

    def __init__(self, language: str, sets: dict[str, list[str]], gap: int, number_words: list[str]):
        self.number_words = number_words
        self.language = language
        self.sets = sets
        self.gap = gap
        self.chinese = language == "zh"
        # parsed forms (see _matcher), by pattern text: sets and groups recur a lot
        self._heads: dict[tuple[str, bool], object] = {}
        self._tokens: dict[tuple[str, bool], tuple] = {}
        self._splits: dict[str, tuple[str, tuple]] = {}

    def words(self, word: str) -> list[str]:
        """The folded form of a pattern word, split where the text may have any separator."""
        if _is_folded(word, self.language):
            return [word]
        folded = _fold(word, self.language).text.strip()
        if self.chinese:
            words = [folded.replace(" ", "")]
        else:
            # "по-плохому" also matches "по плохому"; "l'ufficiale" also "l ufficiale"
            words = [w for w in re.split(r"[^\w']+|(?<!\w)'|'(?!\w)", folded) if w]
        if not words or not words[0]:
            raise ValueError(f"no letters in pattern word: {word!r}")
        return words

    def _alternative(self, alt: str, where: str, inner: bool) -> tuple[str, str]:
        """One bare alternative as (leading literal, rest of its regex)."""
        if not alt:
            raise ValueError(f"{where}: empty alternative")
        if alt == "#":
            if not inner:  # the trie needs a leading literal
                raise ValueError(f"{where}: a pattern cannot start with a number (#)")
            if self.chinese:
                return "", _ZH_NUMBER
            words = sorted(
                (_fold(w, self.language).text.strip() for w in self.number_words), key=len, reverse=True
            )
            spelled = "".join("|" + _SEP.join(re.escape(p) for p in w.split()) for w in words if w)
            return "", r"(?:%s(?:am|pm)?%s)(?![^\W_])" % (_NUMBER, spelled)
        stem = alt.endswith("*") and not self.chinese
        words = self.words(alt[:-1] if stem else alt)
        rest = "".join(_SEP + re.escape(w) for w in words[1:])
        if self.chinese:
            return words[0], rest
        return words[0], rest + (_WORD_CHAR + "*" if stem else r"(?![^\W_])")

    def token_heads(self, tok: str, where: str, inner: bool = False) -> list[tuple[str, str]]:
        """A token's alternatives, each as (leading literal, rest of its regex)."""
        if tok.startswith("(") and tok.endswith(")"):
            alts = [a.strip() for a in tok[1:-1].split("|")]
            if not all(alts):
                raise ValueError(f"{where}: empty alternative in {tok!r}")
            return [h for a in alts for h in self.heads(a, where, inner)]
        if tok.startswith("{") and tok.endswith("}"):
            name = tok[1:-1]
            if name not in self.sets:
                raise ValueError(f"{where}: unknown set {{{name}}}")
            return [h for a in self.sets[name] for h in self.heads(a, where, inner)]
        return [self._alternative(a, where, inner) for a in tok.split("|")]

    def token(self, tok: str, where: str) -> str:
        heads = self.token_heads(tok, where, inner=True)
        return "(?:" + "|".join(re.escape(lit) + rest for lit, rest in heads) + ")"

    def _split(self, pattern: str, where: str) -> tuple[str, str]:
        """A pattern as (its first token, the regex of everything after it)."""
        tokens = _PATTERN_TOKEN.findall(pattern)
        if "".join(tokens).replace(" ", "") != pattern.replace(" ", ""):
            raise ValueError(f"{where}: unbalanced parentheses in {pattern!r}")
        if not tokens:
            raise ValueError(f"{where}: empty pattern")
        first = tokens[0]
        if first.startswith(("...", "…")):
            raise ValueError(f"{where}: '...' must stand between two words: {pattern!r}")
        if first.endswith("?") and len(first) > 1:
            raise ValueError(f"{where}: the first word cannot be optional: {pattern!r}")
        out: list[str] = []
        gap: int | None = None
        for i, tok in enumerate(tokens[1:], start=1):
            if tok.startswith(("...", "…")):
                digits = tok.lstrip(".…")
                if i == len(tokens) - 1 or gap is not None:
                    raise ValueError(f"{where}: '...' must stand between two words: {pattern!r}")
                gap = int(digits) if digits else self.gap
                continue
            optional = tok.endswith("?") and len(tok) > 1
            body = self.token(tok[:-1] if optional else tok, where)
            if self.chinese:
                glue = (_ZH_GAP_CHAR + "{0,%d}" % gap) if gap else r"\s?"
            else:
                glue = ("(?:%s%s+){0,%d}" % (_SEP, _WORD_CHAR, gap) if gap else "") + _SEP
            out.append("(?:" + glue + body + ")?" if optional else glue + body)
            gap = None
        return first, "".join(out)

    def heads(self, pattern: str, where: str, inner: bool = False) -> list[tuple[str, str]]:
        """A pattern as alternatives (leading literal, rest of the regex): groups and sets in token()."""
        first, rest = self._split(pattern, where)
        return [
            (lit, "(?:%s)%s" % (tail, rest) if tail else rest)
            for lit, tail in self.token_heads(first, where, inner)
        ]

    def sequence(self, pattern: str, where: str) -> str:
        """The regular expression a pattern stands for: the reference for _matcher."""
        first, rest = self._split(pattern, where)
        self.token_heads(first, where)  # the same checks as for the parsed form
        return self.token(first, where) + rest

    # -- the parsed form _matcher runs: the same notation, the same checks, no regex ------

    def _head(self, alt: str, where: str, inner: bool):
        """One bare alternative: _matcher.NUMBER, or (literal, further words, stem)."""
        head = self._heads.get((alt, inner))
        if head is not None:
            return head
        if not alt:
            raise ValueError(f"{where}: empty alternative")
        if alt == "#":
            if not inner:  # a match must start with a literal
                raise ValueError(f"{where}: a pattern cannot start with a number (#)")
            head = _matcher.NUMBER
        else:
            stem = alt.endswith("*") and not self.chinese
            words = self.words(alt[:-1] if stem else alt)
            if self.chinese:
                head = (words[0], (), False)
            else:
                for w in words:
                    _check_word_start(w, where)
                head = (words[0], tuple(words[1:]), stem)
        self._heads[alt, inner] = head
        return head

    def branches_of_token(self, tok: str, where: str, inner: bool = False) -> tuple:
        """A token's alternatives, flattened in order, each as (head, steps)."""
        branches = self._tokens.get((tok, inner))
        if branches is not None:
            return branches
        if tok.startswith("(") and tok.endswith(")"):
            alts = [a.strip() for a in tok[1:-1].split("|")]
            if not all(alts):
                raise ValueError(f"{where}: empty alternative in {tok!r}")
            branches = tuple(b for a in alts for b in self.branches(a, where, inner))
        elif tok.startswith("{") and tok.endswith("}"):
            name = tok[1:-1]
            if name not in self.sets:
                raise ValueError(f"{where}: unknown set {{{name}}}")
            branches = tuple(b for a in self.sets[name] for b in self.branches(a, where, inner))
        else:
            branches = tuple((self._head(a, where, inner), ()) for a in tok.split("|"))
        self._tokens[tok, inner] = branches
        return branches

    def _parse(self, pattern: str, where: str) -> tuple[str, tuple]:
        """A pattern as (its first token, the steps after it): the checks of _split."""
        parsed = self._splits.get(pattern)
        if parsed is not None:
            return parsed
        tokens = _PATTERN_TOKEN.findall(pattern)
        if "".join(tokens).replace(" ", "") != pattern.replace(" ", ""):
            raise ValueError(f"{where}: unbalanced parentheses in {pattern!r}")
        if not tokens:
            raise ValueError(f"{where}: empty pattern")
        first = tokens[0]
        if first.startswith(("...", "…")):
            raise ValueError(f"{where}: '...' must stand between two words: {pattern!r}")
        if first.endswith("?") and len(first) > 1:
            raise ValueError(f"{where}: the first word cannot be optional: {pattern!r}")
        steps = []
        gap: int | None = None
        for i, tok in enumerate(tokens[1:], start=1):
            if tok.startswith(("...", "…")):
                digits = tok.lstrip(".…")
                if i == len(tokens) - 1 or gap is not None:
                    raise ValueError(f"{where}: '...' must stand between two words: {pattern!r}")
                gap = int(digits) if digits else self.gap
                continue
            optional = tok.endswith("?") and len(tok) > 1
            body = self.branches_of_token(tok[:-1] if optional else tok, where, inner=True)
            steps.append((gap or None, optional, body))
            gap = None
        parsed = first, tuple(steps)
        self._splits[pattern] = parsed
        return parsed

    def branches(self, pattern: str, where: str, inner: bool = False) -> tuple:
        """A pattern as the branches of _matcher: its first token's, each with what follows."""
        first, steps = self._parse(pattern, where)
        return tuple((h, s + steps) for h, s in self.branches_of_token(first, where, inner))

    def number_words_parsed(self) -> list[list[str]]:
        """The spelled numbers of ``#``, as in _alternative: longest first, split in words."""
        words = sorted(
            (_fold(w, self.language).text.strip() for w in self.number_words), key=len, reverse=True
        )
        out = [w.split() for w in words if w]
        for parts in out:
            for part in parts:
                _check_word_start(part, "number_words")
        return out


def _is_folded(word: str, language: str) -> bool:
    """Whether ``word`` is plainly its own folded form (most lexicon words): lower-case
    letters of the language's alphabet and nothing that normalisation would touch."""
    if language == "ru":
        return bool(word) and all("\u0430" <= ch <= "\u044f" for ch in word)  # а-я, not ё
    if language == "zh":
        variants = _zh_variants()
        return bool(word) and all("\u4e00" <= ch <= "\u9fff" and ch not in variants for ch in word)
    return word.isascii() and word.isalpha() and word.islower()


def _check_word_start(word: str, where: str) -> None:
    # _matcher relies on it: a separator before a literal then never needs to backtrack,
    # and a match starts where a word does
    if not word[0].isalnum():
        raise ValueError(f"{where}: a word must start with a letter or digit: {word!r}")


class _Pattern:
    """One lexicon pattern as _matcher closures, built the first time a text needs them."""

    __slots__ = ("branches", "builder", "fn", "keys", "index")

    def __init__(self, branches: tuple, builder: _matcher.Builder, index: int):
        self.branches = branches
        self.builder = builder
        self.fn: _matcher.Fn | None = None
        # the first two characters of each leading literal (one, for one-letter literals)
        self.keys = frozenset(head[0][:2] for head, _steps in branches)
        self.index = index  # lexicon order: which pattern of an entry is tried first

    def match(self, s: str, i: int) -> int | None:
        fn = self.fn
        if fn is None:
            fn = self.fn = self.builder.alternation(self.branches, _matcher.done)
        return fn(s, i)


class _RawPattern:
    """A lexicon ``regex``: a real regular expression (a few, for masked spellings)."""

    __slots__ = ("rx",)

    def __init__(self, source: str):
        self.rx = re.compile(source)

    def match(self, s: str, i: int) -> int | None:
        m = self.rx.match(s, i)
        return None if m is None else m.end()


class _Lexicon:
    """One language's lexicon, parsed: patterns indexed by their leading literals."""

    def __init__(self, language: str, data: dict):
        meta = data.get("lexicon", {})
        unknown = set(meta) - _LEXICON_KEYS
        if unknown:
            raise ValueError(f"{language}.toml [lexicon]: unknown keys {sorted(unknown)}")
        if meta.get("language") != language:
            raise ValueError(f"{language}.toml: [lexicon] language must be {language!r}")
        self.language = language
        self.chinese = language == "zh"
        self.title = meta.get("title", "")
        self.version = meta.get("version", "")
        sets = {k: list(v) for k, v in data.get("sets", {}).items()}
        compiler = _Compiler(
            language, sets, int(meta.get("gap", 6 if self.chinese else 3)), list(meta.get("number_words", []))
        )
        self.compiler = compiler
        builder = _matcher.Builder(self.chinese, [] if self.chinese else compiler.number_words_parsed())

        def word_list(items: list[str], where: str) -> _matcher.WordList | None:
            if not items:
                return None
            return _matcher.WordList(builder, tuple(b for p in items for b in compiler.branches(p, where)))

        self.negations = word_list(meta.get("negations", []), "negations")
        self.not_negations = word_list(meta.get("not_negations", []), "not_negations")
        self.conditionals = word_list(meta.get("conditionals", []), "conditionals")
        self.payment_words = word_list(meta.get("payment_words", []), "payment_words")
        self.lawful = word_list(meta.get("lawful_context", []), "lawful_context")

        self.entries: list[_Entry] = []
        # leading literal -> the patterns that can start with it (and their entries)
        self._by_literal: dict[str, list[tuple[_Pattern, _Entry, bool]]] = {}
        self._always: list[tuple[_RawPattern, _Entry, bool]] = []  # raw regexes, in order
        self._raw: list[re.Pattern[str]] = []
        seen_ids: set[str] = set()
        count = 0
        memo: dict[int, tuple] = {}
        interned: dict[tuple, tuple] = {}
        heads: dict[str, set[str]] = {}  # leading literal -> "stem" and/or "whole"
        for raw in data.get("entry", []):
            where = f"{language}.toml entry {raw.get('id', '?')!r}"
            unknown = set(raw) - _ENTRY_KEYS
            if unknown:
                raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
            for key in ("id", "category", "phrase"):
                if not raw.get(key):
                    raise ValueError(f"{where}: {key} is required")
            if raw["id"] in seen_ids:
                raise ValueError(f"{where}: duplicate id")
            seen_ids.add(raw["id"])
            category = raw["category"]
            if category not in CATEGORIES:
                raise ValueError(f"{where}: category {category!r} is not one of {CATEGORIES}")
            patterns = list(raw.get("patterns", []))
            regexes = list(raw.get("regex", []))
            if not patterns and not regexes:
                raise ValueError(f"{where}: needs patterns or regex")
            parts: list[_Pattern | _RawPattern] = []
            for p in patterns:
                parts.append(_Pattern(compiler.branches(p, where), builder, count))
                count += 1
            raws = [_RawPattern(rx) for rx in regexes]
            parts += raws
            self._raw += [r.rx for r in raws]
            own_negation = [self._spells_negation(p) for p in patterns]
            own_negation += [True] * len(regexes)  # raw regexes: only negations before count
            entry = _Entry(
                id=raw["id"],
                category=category,
                phrase=raw["phrase"],
                parts=tuple(zip(parts, own_negation)),
                unless=word_list(raw.get("unless", []), where + " unless"),
                lawful_exempt=bool(raw.get("lawful_exempt", False)),
                negation=bool(raw.get("negation", True)),
                pattern_count=len(parts),
            )
            self.entries.append(entry)
            for part, negates in entry.parts:
                if isinstance(part, _RawPattern):
                    self._always.append((part, entry, negates))
                    continue
                # by leading literal: what else the text must hold for a branch to match
                needs: dict[str, list[tuple]] = {}
                for head, steps in part.branches:
                    heads.setdefault(head[0], set()).add("stem" if head[2] else "whole")
                    reqs = _matcher.tail_requirements(head, self.chinese) + _matcher.requirements(
                        steps, self.chinese, memo
                    )
                    if reqs not in needs.setdefault(head[0], []):
                        needs[head[0]].append(reqs)
                for lit, alternatives in needs.items():
                    alts = () if () in alternatives else tuple(alternatives)
                    alts = interned.setdefault(alts, alts)  # one check per text for equal ones
                    self._by_literal.setdefault(lit, []).append((part, entry, negates, alts))
        # one search finds where any raw regex matches
        self._raw_any = re.compile("|".join("(?:%s)" % rx.pattern for rx in self._raw)) if self._raw else None
        # the candidates of each literal, grouped by what else the text must hold
        for lit, candidates in self._by_literal.items():
            groups: dict[int, tuple[tuple, list]] = {}
            for part, entry, negates, alts in candidates:
                groups.setdefault(id(alts), (alts, []))[1].append((part, entry, negates))
            self._by_literal[lit] = [(alts, tuple(c)) for alts, c in groups.values()]
        # where to look closer: the lengths of the literals behind each first two characters
        lengths: dict[str, set[int]] = {}
        for lit in self._by_literal:
            lengths.setdefault(lit[:2], set()).add(len(lit))
        self._lengths = {k: tuple(sorted(v)) for k, v in lengths.items()}
        self._zh_singles = {k for k in self._lengths if len(k) == 1}
        # outside Chinese, by the word they start: the literals that are (up to an
        # apostrophe) a whole word, and the stems, by their first PREFIX characters
        by_word: dict[str, set[str]] = {}
        stems: dict[str, set[str]] = {}
        for lit, how in heads.items():
            word = _matcher.word_at(lit)
            if "whole" in how or word != lit:
                by_word.setdefault(word, set()).add(lit)
            if "stem" in how and word == lit:
                stems.setdefault(lit[: _matcher.PREFIX], set()).add(lit)
        self._by_word = {k: tuple(sorted(v)) for k, v in by_word.items()}
        self._stems = {k: tuple(sorted(v)) for k, v in stems.items()}
        self._short_stems = any(len(k) < _matcher.PREFIX for k in stems)

    # -- where to look -------------------------------------------------------------------

    def hits(self, norm: str) -> Iterator[tuple[int, list[tuple[_Entry, int]]]]:
        """(position, hits_at there) wherever an entry counts, left to right."""
        for a, found, raw in self.candidates(norm):
            hits = self.hits_at(norm, a, found, raw)
            if hits:
                yield a, hits

    def candidates(self, norm: str) -> Iterator[tuple[int, list, bool]]:
        """Where a pattern may match, left to right: (position, the patterns that may match
        there as (pattern, entry, own negation), whether a raw regex may)."""
        raw_at = self._raw_positions(norm) if self._raw else _NOWHERE
        by_literal = self._by_literal
        allowed: dict[str, list] = {}  # literal -> its patterns that the text leaves possible
        checked: dict[int, bool] = {}
        if self.chinese:
            keys = _matcher.present(norm, True)
            places = self._places_zh(norm, keys)
        else:
            places, keys = self._places(norm)
        if raw_at:
            merged: dict[int, tuple] = {a: () for a in raw_at}
            for a, lits in places:
                merged[a] = merged.get(a, ()) + tuple(lits)
            places = sorted(merged.items())
        for a, lits in places:
            found: list | None = None
            for lit in lits:
                c = allowed.get(lit)
                if c is None:
                    if keys is None:
                        keys = _matcher.present(norm, self.chinese)
                    c = allowed[lit] = self._possible(by_literal[lit], keys, checked)
                if c:
                    found = c if found is None else found + c
            if found is None and a not in raw_at:
                continue
            yield a, found or [], a in raw_at

    def _places(self, norm: str) -> tuple[list[tuple[int, tuple[str, ...]]], tuple]:
        """Outside Chinese: the words at which a leading literal stands, with those literals,
        and _matcher.present(norm)."""
        keys = words, starts = _matcher.present(norm, False)
        by_word = self._by_word
        stems = self._stems
        hot = {w: by_word[w] for w in by_word.keys() & words}
        if self._short_stems or not stems.keys().isdisjoint(starts):
            size = _matcher.PREFIX
            for w in words:
                for key in (w[:size], w[:2], w[:1]) if self._short_stems else (w[:size],):
                    more = stems.get(key)
                    if more:
                        for stem in more:
                            if w.startswith(stem):
                                hot[w] = hot.get(w, ()) + (stem,)
        if not hot:
            return [], keys
        get = hot.get
        places = []
        for m in _matcher._WORD_RUN.finditer(norm):  # where each such word stands
            lits = get(m.group())
            if lits is not None:
                places.append((m.start(), lits))
        return places, keys

    def _places_zh(self, norm: str, keys: tuple) -> list[tuple[int, list[str]]]:
        """In Chinese: every character at which a leading literal stands, with those literals.

        Only the first one or two characters of literals that the text holds (``keys``, from
        _matcher.present: its characters and pairs of them) are looked for, with str.find.
        """
        lengths = self._lengths
        by_literal = self._by_literal
        places: dict[int, list[str]] = {}
        chars, pairs = keys
        for key in [*(lengths.keys() & pairs), *(self._zh_singles & chars)]:
            sizes = lengths[key]
            a = norm.find(key)
            while a >= 0:
                for size in sizes:
                    lit = norm[a : a + size]
                    if lit in by_literal:
                        places.setdefault(a, []).append(lit)
                a = norm.find(key, a + 1)
        return sorted(places.items())

    @staticmethod
    def _possible(groups: list, keys: tuple, checked: dict[int, bool]) -> list:
        """The candidates (of _by_literal) whose other words the text holds (_matcher.present)."""
        words, starts = keys
        possible = _matcher.possible
        out: list = []
        for alternatives, candidates in groups:
            if alternatives:
                key = id(alternatives)
                ok = checked.get(key)
                if ok is None:
                    ok = False
                    for needs in alternatives:
                        if possible(needs, words, starts):
                            ok = True
                            break
                    checked[key] = ok
                if not ok:
                    continue
            out += candidates
        return out

    def _raw_positions(self, norm: str) -> set[int]:
        """Every place a raw regex matches."""
        out: set[int] = set()
        rx = self._raw_any
        pos = 0
        while True:
            m = rx.search(norm, pos)
            if m is None:
                break
            out.add(m.start())
            pos = m.start() + 1
        return out

    # -- deciding whether a hit counts ---------------------------------------------------

    def hits_at(
        self, norm: str, a: int, found: list | None = None, raw: bool = True
    ) -> list[tuple[_Entry, int]]:
        """Every entry that matches at norm[a] and counts there, with where its match ends.

        ``found``: the patterns to try there, as ``hits`` narrows them down (those whose
        leading literal stands at norm[a] and whose other words the text holds); ``raw``:
        whether a raw regex may match there.
        """
        if not self.chinese and a > 0 and norm[a - 1].isalnum():
            return []  # inside a word
        key = norm[a : a + 2]
        if found is None:
            candidates = []
            for size in self._lengths.get(key, ()):
                candidates += self._by_literal.get(norm[a : a + size], ())
            if len(key) == 2:  # one-letter literals
                candidates += self._by_literal.get(key[0], ())
            found = self._possible(candidates, _matcher.present(norm, self.chinese), {})
        if len(found) > 1:
            # the order the patterns were always tried in: those whose two first characters
            # are here, then those of one letter; within each, lexicon order
            found = sorted(set(found), key=lambda c: (key not in c[0].keys, c[0].index))
        if raw and self._always:
            found = [*found, *self._always]
        if not found:
            return []
        out = []
        sentence: str | None = None
        done: set[str] = set()
        for rx, entry, own_negation in found:
            if entry.id in done:
                continue
            end = rx.match(norm, a)
            if end is None or end == a:
                continue
            done.add(entry.id)
            # words inside the match count too ("we will NOT contact your employer"),
            # unless the pattern spells a negation itself ("тебе не жить")
            if entry.negation and self.negated(norm, a, a if own_negation else end):
                continue
            if entry.unless is not None or (entry.lawful_exempt and self.lawful is not None):
                if sentence is None:
                    sentence = _sentence(norm, a, end)
                if entry.unless is not None and entry.unless.search(sentence):
                    continue
                if entry.lawful_exempt and self.lawful is not None and self.lawful.search(sentence):
                    continue
            out.append((entry, end))
        return out

    def _spells_negation(self, pattern: str) -> bool:
        if self.negations is None:
            return False
        if self.chinese:
            return self.negations.search(pattern)
        words = _NEG_WORD.findall(_fold(pattern, self.language).text)
        return any(self.negations.fullmatch(w) for w in words)

    def negated(self, norm: str, a: int, b: int) -> bool:
        """A negation in the same clause just before the hit norm[a:...], or inside norm[a:b]."""
        if self.negations is None:
            return False
        clause_start = 0
        for m in _CLAUSE_BREAK.finditer(norm, max(0, a - 80), a):
            clause_start = m.end()
        before = norm[clause_start:a]
        if self.chinese:
            return self._negated_zh(before[-_ZH_NEGATION_WINDOW:])
        before_words = _NEG_WORD.findall(before)
        words = before_words + _NEG_WORD.findall(norm[a:b])
        first = max(0, len(before_words) - _NEGATION_WINDOW)
        for i in range(len(words) - 1, first - 1, -1):
            if not self.negations.fullmatch(words[i]):
                continue
            if self.conditionals is not None and any(
                self.conditionals.fullmatch(w) for w in words[max(0, i - 2) : i]
            ):
                continue  # "если не оплатите ...", "if you don't pay ..."
            if (
                self.payment_words is not None
                and i + 1 < len(words)
                and self.payment_words.fullmatch(words[i + 1])
            ):
                continue  # "не заплатишь — ...": the negation is about paying
            return True
        return False

    def _negated_zh(self, before: str) -> bool:
        assert self.negations is not None
        for start, end in self.negations.finditer(before):
            rest = before[start:]
            if self.not_negations is not None and self.not_negations.match(rest) is not None:
                continue  # 不然 (otherwise), 不管 (no matter) ...
            after = before[end:]
            if self.payment_words is not None and self.payment_words.match(after) is not None:
                continue  # 不还 ... (if you do not repay)
            if self.conditionals is not None and self.conditionals.search(before[:start]):
                continue
            return True
        return False

    def sizes(self) -> dict[str, int]:
        out = {c: sum(e.pattern_count for e in self.entries if e.category == c) for c in CATEGORIES}
        out["entries"] = len(self.entries)
        out["patterns"] = sum(out[c] for c in CATEGORIES)
        return out


_NOWHERE: frozenset[int] = frozenset()


def _sentence(norm: str, a: int, b: int) -> str:
    start = 0
    for m in _SENTENCE_BREAK.finditer(norm, max(0, a - 300), a):
        start = m.end()
    m = _SENTENCE_BREAK.search(norm, b)
    return norm[start : m.start() if m else len(norm)]


def _reference_regexes(language: str) -> dict[str, list[re.Pattern[str]]]:
    """For tests: each entry's patterns as the regular expressions they stand for.

    Slow (hundreds of re.compile calls): the scanner itself never calls it.
    """
    data = _read_toml(f"{language}.toml")
    lexicon = _lexicon(language)
    out = {}
    for raw in data.get("entry", []):
        where = f"{language}.toml entry {raw['id']!r}"
        parts = [lexicon.compiler.sequence(p, where) for p in raw.get("patterns", [])]
        out[raw["id"]] = [re.compile(p) for p in parts + list(raw.get("regex", []))]
    return out


@lru_cache(maxsize=None)
def _lexicon(language: str) -> _Lexicon:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    global _matcher
    from . import _matcher  # not at import time: importing content stays cheap
    return _Lexicon(language, _read_toml(f"{language}.toml"))


# --------------------------------------------------------------------------------------
# Language detection
# --------------------------------------------------------------------------------------


# Common words that tell English from Italian (both lists: short, frequent, unambiguous).
_EN_WORDS = frozenset(
    "the you your you're we we'll will is are to and of this that be have has pay not don't "
    "for with it or if my me our can today please account debt".split()
)
_IT_WORDS = frozenset(
    "il la lo di che non per un una sua suo lei sono siamo le della del gli ha ti si al con "
    "entro ci mi sei oggi debito pagamento è e ma se tuo tua nel alla".split()
)
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def detect_languages(text: str) -> tuple[str, ...]:
    """Which lexicons to try, by script: Han → zh, Cyrillic → ru, Latin → en and/or it.

    Latin-script text is tried with English and Italian both, unless common words make
    one of them clear (three times as many of its common words, and at least two).
    """
    langs: list[str] = []
    if not text.isascii():
        text = _nfkc(text).text  # full-width and other look-alike letters count as Latin
        if _HAN.search(text):
            langs.append("zh")
        if _CYRILLIC.search(text):
            langs.append("ru")
    if _LATIN_WORD.search(text) or (not langs and _LATIN.search(text)):
        words = _WORDS.findall(text.casefold())
        en = sum(1 for w in words if w in _EN_WORDS)
        it = sum(1 for w in words if w in _IT_WORDS)
        if en >= 2 and en >= 3 * it:
            langs.append("en")
        elif it >= 2 and it >= 3 * en:
            langs.append("it")
        else:
            langs.extend(("en", "it"))
    return tuple(langs)


# --------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------


def scan(text: str, languages: Iterable[str] | None = None) -> list[ContentMatch]:
    """Every lexicon phrase found in ``text``, in order of position.

    ``languages`` limits the lexicons tried (``"ru"``, ``"zh"``, ``"it"``, ``"en"``); by
    default they are chosen from the scripts the text uses. Each match is a *likely*
    problem and carries the phrase that matched and the original span.
    """
    if not text:
        return []
    langs = tuple(languages) if languages is not None else detect_languages(text)

    found: list[ContentMatch] = []
    seen: set[tuple[str, int, int]] = set()
    for lang in langs:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
        lexicon = _lexicon(lang)
        folded = _fold(text, lang)
        norm = folded.text
        covered: dict[str, int] = {}  # per category: where its last match ended
        for a, hits in lexicon.hits(norm):
            for entry, b in hits:
                if covered.get(entry.category, -1) > a:
                    continue  # inside a longer match of the same category
                covered[entry.category] = b
                start, end = folded.span(a, b)
                key = (entry.category, start, end)
                if key in seen:
                    continue
                seen.add(key)
                found.append(
                    ContentMatch(
                        category=entry.category,
                        phrase=entry.phrase,
                        matched_text=text[start:end],
                        start=start,
                        end=end,
                        language=lang,
                        entry_id=entry.id,
                    )
                )
    found.sort(key=lambda c: (c.start, c.end, CATEGORIES.index(c.category)))
    return found


def categories_found(text: str, languages: Iterable[str] | None = None) -> set[str]:
    """The set of categories ``scan`` finds in ``text`` (what the benchmark counts)."""
    return {m.category for m in scan(text, languages)}


def lexicon_sizes() -> dict[str, dict[str, int]]:
    """Entries and patterns per language and category, for docs and reports."""
    return {lang: _lexicon(lang).sizes() for lang in LANGUAGES}
