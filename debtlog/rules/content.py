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
2. The lexicon patterns are folded the same way and compiled into one regular expression per
   language and category (lazily, on first use, then cached).
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
_TOKEN = re.compile(r"[^\W_]+")
_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u0060": "'", "\u00b4": "'"}
# Characters that only hide letters: zero-width spaces and joiners, soft hyphen, BOM.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}

# "у б ь ю", "п.о.л.и.ц.и.я", "a-r-r-e-s-t": three or more single letters, each pair
# separated by one space or one punctuation mark (optionally followed by one space).
# A double space ends the run, so "Y o u  w i l l" stays two words.
_SPACED_LETTERS = re.compile(
    r"(?<![^\W\d_])[^\W\d_](?:(?:[.\-_*·•/|~+]\s?|\s)[^\W\d_]){2,}(?![^\W\d_])"
)
_SPACED_SEP = re.compile(r"[.\-_*·•/|~+\s]+")
# Chinese has no spaces: any spacing or filler between two Han characters is a trick.
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff])(?:[\s.\-_*·•/|~+]+)(?=[\u3400-\u9fff])")
_WS_RUN = re.compile(r"\s{2,}|[^\S ]")


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

        Deleted characters join the span of the kept character before them, so a match over
        "у б ь ю" reports the whole spaced-out word.
        """
        starts = self.starts if self.starts is not None else range(len(self.text))
        ends = self.ends if self.ends is not None else range(1, len(self.text) + 1)
        new_starts: list[int] = []
        new_ends: list[int] = []
        for i, (a, b) in enumerate(keep):
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])
            nxt = keep[i + 1][0] if i + 1 < len(keep) else b
            if nxt > b and new_ends:
                new_ends[-1] = ends[nxt - 1]
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


def _nfkc(text: str) -> _Folded:
    """NFKC character by character; combining marks merge into the letter before them."""
    if unicodedata.is_normalized("NFKC", text) and not any(c in _INVISIBLE for c in text):
        return _Folded(text, None, None)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
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
    return _Folded("".join(out), starts, ends)


def _fix_homoglyphs(text: str, table: dict[str, str], own_script: re.Pattern[str]) -> str:
    """In words that mix scripts, replace look-alike letters by the word's own script."""

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        if not own_script.search(word):
            return word
        chars = list(word)
        for i, ch in enumerate(chars):
            if ch.isdigit():
                # a digit stands for a letter only next to letters: "y6ью", not "100руб"
                near = chars[max(i - 1, 0) : i] + chars[i + 1 : i + 2]
                if not near or any(c.isdigit() for c in near):
                    continue
            chars[i] = table.get(ch, ch)
        return "".join(chars)

    return _TOKEN.sub(fix, text)


@lru_cache(maxsize=None)
def _fold_table(language: str) -> dict[int, str]:
    """One-to-one character folds applied after case folding."""
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
    return table


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
    if language == "ru":
        if _LATIN.search(s) and _CYRILLIC.search(s):
            s = _fix_homoglyphs(s, _LAT_TO_CYR, _CYRILLIC)
    elif language in ("en", "it"):
        if _LATIN.search(s) and _CYRILLIC.search(s):
            s = _fix_homoglyphs(s, _CYR_TO_LAT, _LATIN)
    folded = _Folded(s, folded.starts, folded.ends)
    low = s.casefold()
    if len(low) == len(s):
        folded = _Folded(low, folded.starts, folded.ends)
    else:  # "ß" -> "ss" and friends change the length: map character by character
        folded = _compose(folded, str.casefold)
    folded = _Folded(folded.text.translate(_fold_table(language)), folded.starts, folded.ends)
    s = folded.text
    if language == "en":
        # an apostrophe belongs to a word only between letters ("don't"); quotes are spaces
        s = re.sub(r"(?<![^\W\d_])'|'(?![^\W\d_])", " ", s)
    elif language == "it":
        s = s.replace("'", " ")  # elision ("l'ufficiale") and accent-by-apostrophe ("verra'")
    folded = _Folded(s, folded.starts, folded.ends)
    # spacing tricks
    if language == "zh":
        folded = _delete_matches(folded, _HAN_GAP)
    if _SPACED_LETTERS.search(folded.text):
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


def _delete_matches(folded: _Folded, pattern: re.Pattern[str]) -> _Folded:
    if not pattern.search(folded.text):
        return folded
    keep: list[tuple[int, int]] = []
    pos = 0
    for m in pattern.finditer(folded.text):
        keep.append((pos, m.start()))
        pos = m.end()
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
#   {authority}    any phrase of the lexicon's [sets] list "authority"
# Chinese tokens are plain character strings: "公安 ... 立案" is 公安, then up to six
# characters (not across a comma or full stop), then 立案.

_WORD_CHAR = r"[^\W_]"
_SEP = r"[^\w!?;\n]{1,4}"  # between two words: spaces, commas, dashes, quotes ...
_ZH_GAP_CHAR = r"[^。!?;,:\n]"
_ZH_NUMBER = r"[0-9一二三四五六七八九十百千万两几]+"
_NUMBER = r"\d+(?:[.,:]\d+)*"
_CLAUSE_BREAK = re.compile(r"[,.!?;:\n—–()«»\"、。]| - ")
_SENTENCE_BREAK = re.compile(r"[.!?;\n。]")
_NEG_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

_ENTRY_KEYS = {
    "id", "category", "phrase", "patterns", "regex", "unless", "lawful_exempt", "negation", "notes",
}  # fmt: skip
_LEXICON_KEYS = {
    "language", "title", "version", "gap", "negations", "not_negations", "conditionals",
    "payment_words", "lawful_context", "notes",
}  # fmt: skip


def _read_toml(name: str) -> dict:
    import tomllib
    from importlib import resources

    text = resources.files("debtlog.rules").joinpath("lexicons", name).read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class _Entry:
    id: str
    category: str
    phrase: str
    regex: re.Pattern[str]
    unless: re.Pattern[str] | None
    lawful_exempt: bool
    negation: bool
    pattern_count: int


class _Compiler:
    """Turns the lexicon's pattern notation into regular expressions."""

    def __init__(self, language: str, sets: dict[str, list[str]], gap: int):
        self.language = language
        self.sets = sets
        self.gap = gap
        self.chinese = language == "zh"

    def literal(self, word: str) -> str:
        folded = _fold(word, self.language).text.strip()
        if not folded:
            raise ValueError(f"empty word in pattern: {word!r}")
        if self.chinese:
            return re.escape(folded.replace(" ", ""))
        return _SEP.join(re.escape(w) for w in folded.split())

    def token(self, tok: str, where: str) -> str:
        if tok.startswith("{") and tok.endswith("}"):
            name = tok[1:-1]
            if name not in self.sets:
                raise ValueError(f"{where}: unknown set {{{name}}}")
            return "(?:" + "|".join(self.sequence(p, where) for p in self.sets[name]) + ")"
        alts = []
        for alt in tok.split("|"):
            if not alt:
                raise ValueError(f"{where}: empty alternative in {tok!r}")
            if alt == "#":
                alts.append(_ZH_NUMBER if self.chinese else _NUMBER + r"(?![^\W_])")
            elif alt.endswith("*") and not self.chinese:
                alts.append(self.literal(alt[:-1]) + _WORD_CHAR + "*")
            elif self.chinese:
                alts.append(self.literal(alt))
            else:
                alts.append(self.literal(alt) + r"(?![^\W_])")
        return "(?:" + "|".join(alts) + ")"

    def sequence(self, pattern: str, where: str) -> str:
        tokens = pattern.split()
        if not tokens:
            raise ValueError(f"{where}: empty pattern")
        out: list[str] = []
        gap: int | None = None
        for i, tok in enumerate(tokens):
            if tok.startswith("...") or tok.startswith("…"):
                digits = tok.lstrip(".…")
                if i == 0 or i == len(tokens) - 1 or gap is not None:
                    raise ValueError(f"{where}: '...' must stand between two words: {pattern!r}")
                gap = int(digits) if digits else self.gap
                continue
            optional = tok.endswith("?") and len(tok) > 1
            if optional:
                tok = tok[:-1]
                if not out:
                    raise ValueError(f"{where}: the first word cannot be optional: {pattern!r}")
            body = self.token(tok, where)
            if not out:
                out.append(body)
                continue
            if self.chinese:
                glue = (_ZH_GAP_CHAR + "{0,%d}" % gap) if gap else r"\s?"
            else:
                glue = ("(?:%s%s+){0,%d}" % (_SEP, _WORD_CHAR, gap) if gap else "") + _SEP
            piece = glue + body
            out.append("(?:" + piece + ")?" if optional else piece)
            gap = None
        return "".join(out)


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
        compiler = _Compiler(language, sets, int(meta.get("gap", 6 if self.chinese else 3)))
        self._compiler = compiler

        def words_regex(items: list[str], where: str) -> re.Pattern[str] | None:
            if not items:
                return None
            return re.compile("|".join("(?:%s)" % compiler.sequence(p, where) for p in items))

        self.negations = words_regex(meta.get("negations", []), "negations")
        self.not_negations = words_regex(meta.get("not_negations", []), "not_negations")
        self.conditionals = words_regex(meta.get("conditionals", []), "conditionals")
        self.payment_words = words_regex(meta.get("payment_words", []), "payment_words")
        self.lawful = words_regex(meta.get("lawful_context", []), "lawful_context")

        self.entries: dict[str, list[_Entry]] = {c: [] for c in CATEGORIES}
        bodies: dict[str, list[str]] = {c: [] for c in CATEGORIES}
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
            parts = [compiler.sequence(p, where) for p in raw.get("patterns", [])]
            for rx in raw.get("regex", []):
                re.compile(rx)
                parts.append(rx)
            if not parts:
                raise ValueError(f"{where}: needs patterns or regex")
            body = "|".join("(?:%s)" % p for p in parts)
            bodies[category].extend(parts)
            self.entries[category].append(
                _Entry(
                    id=raw["id"],
                    category=category,
                    phrase=raw["phrase"],
                    regex=re.compile(body),
                    unless=words_regex(raw.get("unless", []), where + " unless"),
                    lawful_exempt=bool(raw.get("lawful_exempt", False)),
                    negation=bool(raw.get("negation", True)),
                    pattern_count=len(parts),
                )
            )
        self.matchers: dict[str, re.Pattern[str]] = {
            c: re.compile("|".join("(?:%s)" % p for p in bodies[c])) for c in CATEGORIES if bodies[c]
        }

    # -- deciding whether a hit counts ---------------------------------------------------

    def accept(self, norm: str, a: int, b: int, category: str) -> _Entry | None:
        """The entry behind the hit norm[a:b], or None when the hit does not count."""
        if not self.chinese and a > 0 and norm[a - 1].isalnum():
            return None  # inside a word
        candidates = []
        for entry in self.entries[category]:
            m = entry.regex.match(norm, a)
            if m and m.end() > a:
                candidates.append((m.end() != b, entry))
        candidates.sort(key=lambda c: c[0])
        negated: bool | None = None
        sentence: str | None = None
        for _, entry in candidates:
            if entry.negation:
                if negated is None:
                    negated = self.negated(norm, a)
                if negated:
                    continue
            if entry.unless is not None or (entry.lawful_exempt and self.lawful is not None):
                if sentence is None:
                    sentence = _sentence(norm, a, b)
                if entry.unless is not None and entry.unless.search(sentence):
                    continue
                if entry.lawful_exempt and self.lawful is not None and self.lawful.search(sentence):
                    continue
            return entry
        return None

    def negated(self, norm: str, a: int) -> bool:
        """A negation just before the hit, in the same clause ("не будем", "won't", "不会")."""
        if self.negations is None:
            return False
        clause_start = 0
        for m in _CLAUSE_BREAK.finditer(norm, max(0, a - 80), a):
            clause_start = m.end()
        before = norm[clause_start:a]
        if self.chinese:
            return self._negated_zh(before[-6:])
        words = _NEG_WORD.findall(before)
        for i in range(len(words) - 1, max(-1, len(words) - 4), -1):
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
        out = {c: sum(e.pattern_count for e in self.entries[c]) for c in CATEGORIES}
        out["entries"] = sum(len(v) for v in self.entries.values())
        out["patterns"] = sum(out[c] for c in CATEGORIES)
        return out


def _sentence(norm: str, a: int, b: int) -> str:
    start = 0
    for m in _SENTENCE_BREAK.finditer(norm, max(0, a - 300), a):
        start = m.end()
    m = _SENTENCE_BREAK.search(norm, b)
    return norm[start : m.start() if m else len(norm)]


@lru_cache(maxsize=None)
def _lexicon(language: str) -> _Lexicon:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    return _Lexicon(language, _read_toml(f"{language}.toml"))


# --------------------------------------------------------------------------------------
# Language detection
# --------------------------------------------------------------------------------------


def detect_languages(text: str) -> tuple[str, ...]:
    """Which lexicons to try, by script: Han → zh, Cyrillic → ru, Latin words → en and it."""
    langs: list[str] = []
    if _HAN.search(text):
        langs.append("zh")
    if _CYRILLIC.search(text):
        langs.append("ru")
    if _LATIN_WORD.search(text) or (not langs and _LATIN.search(text)):
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
        for category in CATEGORIES:
            matcher = lexicon.matchers.get(category)
            if matcher is None:
                continue
            pos = 0
            while True:
                m = matcher.search(norm, pos)
                if m is None:
                    break
                a, b = m.span()
                if b == a:
                    pos = a + 1
                    continue
                entry = lexicon.accept(norm, a, b, category)
                if entry is None:
                    pos = a + 1
                    continue
                start, end = folded.span(a, b)
                key = (category, start, end)
                if key not in seen:
                    seen.add(key)
                    found.append(
                        ContentMatch(
                            category=category,
                            phrase=entry.phrase,
                            matched_text=text[start:end],
                            start=start,
                            end=end,
                            language=lang,
                            entry_id=entry.id,
                        )
                    )
                pos = b
    found.sort(key=lambda c: (c.start, c.end, CATEGORIES.index(c.category)))
    return found


def categories_found(text: str, languages: Iterable[str] | None = None) -> set[str]:
    """The set of categories ``scan`` finds in ``text`` (what the benchmark counts)."""
    return {m.category for m in scan(text, languages)}


def lexicon_sizes() -> dict[str, dict[str, int]]:
    """Entries and patterns per language and category, for docs and reports."""
    return {lang: _lexicon(lang).sizes() for lang in LANGUAGES}
