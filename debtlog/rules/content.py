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
2. The lexicon patterns are folded the same way and compiled, lazily on first use, into one
   regular expression per language (a character trie of every phrase's first words, so the
   regex engine skips most positions at C speed); a hit is then attributed to its entries.
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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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
_FULL_HEADS_MAX = 8  # see _Lexicon: patterns opening with more alternatives are pre-filtered
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
    parts: tuple[tuple[re.Pattern[str], bool], ...]
    unless: re.Pattern[str] | None
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

    def words(self, word: str) -> list[str]:
        """The folded form of a pattern word, split where the text may have any separator."""
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

    def first_word_heads(self, pattern: str, where: str) -> list[tuple[str, str]]:
        """Only the first token's alternatives: a pre-filter for long-list openings."""
        first, _rest = self._split(pattern, where)
        return self.token_heads(first, where)

    def heads(self, pattern: str, where: str, inner: bool = False) -> list[tuple[str, str]]:
        """A pattern as alternatives (leading literal, rest of the regex), for the trie."""
        first, rest = self._split(pattern, where)
        return [
            (lit, "(?:%s)%s" % (tail, rest) if tail else rest)
            for lit, tail in self.token_heads(first, where, inner)
        ]

    def sequence(self, pattern: str, where: str) -> str:
        first, rest = self._split(pattern, where)
        self.token_heads(first, where)  # the same checks as for the trie
        return self.token(first, where) + rest


def _trie(heads: list[tuple[str, str]], word_start: bool) -> list[str]:
    """One regex for many (literal, rest) alternatives, branching on literal characters.

    Python's regex engine tries alternatives one by one; sharing literal prefixes and
    starting every top-level branch with a literal character lets it skip positions that
    cannot start a match and try only the branches for the character it sees.
    """

    def emit(items: list[tuple[str, str]], depth: int) -> list[str]:
        groups: dict[str, list[tuple[str, str]]] = {}
        ends: list[str] = []
        for lit, rest in items:
            if lit:
                groups.setdefault(lit[0], []).append((lit[1:], rest))
            else:
                ends.append(rest)
        alts = []
        for ch, sub in groups.items():
            head = re.escape(ch)
            if depth == 0 and word_start:
                head += r"(?<![^\W_].)"  # the match starts a word
            alts.append(head + group(emit(sub, depth + 1)))
        alts.extend(dict.fromkeys(ends))  # longer literals first, then the bare rests
        return alts

    def group(alts: list[str]) -> str:
        if len(alts) == 1:
            return alts[0] if "|" not in alts[0] else "(?:%s)" % alts[0]
        return "(?:%s)" % "|".join(alts)  # an empty branch: the literal may end here

    # the top level stays a flat alternation whose every branch starts with a literal
    return emit(heads, 0)


class _Lexicon:
    """One language's lexicon, compiled: one regular expression per category."""

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

        def words_regex(items: list[str], where: str) -> re.Pattern[str] | None:
            if not items:
                return None
            return re.compile("|".join("(?:%s)" % compiler.sequence(p, where) for p in items))

        self.negations = words_regex(meta.get("negations", []), "negations")
        self.not_negations = words_regex(meta.get("not_negations", []), "not_negations")
        self.conditionals = words_regex(meta.get("conditionals", []), "conditionals")
        self.payment_words = words_regex(meta.get("payment_words", []), "payment_words")
        self.lawful = words_regex(meta.get("lawful_context", []), "lawful_context")

        self.entries: list[_Entry] = []
        all_heads: set[tuple[str, str]] = set()
        entry_prefixes: list[list[frozenset[str] | None]] = []
        all_raw: list[str] = []
        seen_ids: set[str] = set()
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
            parts = [compiler.sequence(p, where) for p in patterns] + regexes
            own_negation = [self._spells_negation(p) for p in patterns]
            own_negation += [True] * len(regexes)  # raw regexes: only negations before count
            prefixes: list[frozenset[str] | None] = []
            for p in patterns:
                heads = compiler.heads(p, where)
                prefixes.append(frozenset(lit[:2] for lit, _ in heads))
                if len(heads) > _FULL_HEADS_MAX:
                    # a pattern that opens with a long list ({third_party} ...): only its
                    # first word goes into the lexicon-wide expression, which stays small
                    heads = compiler.first_word_heads(p, where)
                all_heads.update(heads)
            prefixes += [None] * len(regexes)
            entry_prefixes.append(prefixes)
            all_raw.extend(regexes)
            self.entries.append(
                _Entry(
                    id=raw["id"],
                    category=category,
                    phrase=raw["phrase"],
                    parts=tuple((re.compile(p), n) for p, n in zip(parts, own_negation)),
                    unless=words_regex(raw.get("unless", []), where + " unless"),
                    lawful_exempt=bool(raw.get("lawful_exempt", False)),
                    negation=bool(raw.get("negation", True)),
                    pattern_count=len(parts),
                )
            )
        # One expression for the whole lexicon finds where to look closer; the patterns that
        # can start with the character found there then decide, one by one.
        self.matcher = _compile_alternatives(sorted(all_heads), all_raw, not self.chinese)
        # Which patterns can start here: keyed by the first two characters of their leading
        # literal (or by one, for one-character literals); raw regexes are always tried.
        Candidate = tuple[_Entry, re.Pattern[str], bool]
        self._by_prefix: dict[str, list[Candidate]] = {}
        self._always: list[Candidate] = []
        for entry, prefixes in zip(self.entries, entry_prefixes):
            for (rx, own_negation), keys in zip(entry.parts, prefixes):
                if keys is None:
                    self._always.append((entry, rx, own_negation))
                    continue
                for key in keys:
                    self._by_prefix.setdefault(key, []).append((entry, rx, own_negation))

    # -- deciding whether a hit counts ---------------------------------------------------

    def hits_at(self, norm: str, a: int) -> list[tuple[_Entry, int]]:
        """Every entry that matches at norm[a] and counts there, with where its match ends."""
        if not self.chinese and a > 0 and norm[a - 1].isalnum():
            return []  # inside a word
        out = []
        sentence: str | None = None
        done: set[str] = set()
        candidates = self._by_prefix.get(norm[a : a + 2], ()), self._by_prefix.get(norm[a], ()), self._always
        for entry, rx, own_negation in (c for group in candidates for c in group):
            if entry.id in done:
                continue
            m = rx.match(norm, a)
            if not m or m.end() == a:
                continue
            done.add(entry.id)
            end = m.end()
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
            return bool(self.negations.search(pattern))
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
        for m in self.negations.finditer(before):
            rest = before[m.start() :]
            if self.not_negations is not None and self.not_negations.match(rest):
                continue  # 不然 (otherwise), 不管 (no matter) ...
            after = before[m.end() :]
            if self.payment_words is not None and self.payment_words.match(after):
                continue  # 不还 ... (if you do not repay)
            if self.conditionals is not None and self.conditionals.search(before[: m.start()]):
                continue
            return True
        return False

    def sizes(self) -> dict[str, int]:
        out = {c: sum(e.pattern_count for e in self.entries if e.category == c) for c in CATEGORIES}
        out["entries"] = len(self.entries)
        out["patterns"] = sum(out[c] for c in CATEGORIES)
        return out


def _sentence(norm: str, a: int, b: int) -> str:
    start = 0
    for m in _SENTENCE_BREAK.finditer(norm, max(0, a - 300), a):
        start = m.end()
    m = _SENTENCE_BREAK.search(norm, b)
    return norm[start : m.start() if m else len(norm)]


def _compile_alternatives(
    heads: list[tuple[str, str]], regexes: list[str], word_start: bool
) -> re.Pattern[str]:
    alternatives = _trie(heads, word_start) if heads else []
    alternatives.extend("(?:%s)" % rx for rx in regexes)
    return re.compile("|".join(alternatives))


@lru_cache(maxsize=None)
def _lexicon(language: str) -> _Lexicon:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
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
        pos = 0
        while True:
            m = lexicon.matcher.search(norm, pos)
            if m is None:
                break
            a = m.start()
            pos = a + 1
            for entry, b in lexicon.hits_at(norm, a):
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
