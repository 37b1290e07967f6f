"""A small backtracking matcher for the lexicon pattern notation, built without ``re.compile``.

``debtlog.rules.content`` used to turn every lexicon pattern into a regular expression, and
compiling some 700 of them cost 0.1-0.9 s per language (``sre_parse`` is pure Python) on
every fresh process. This module matches the same parsed patterns directly: each pattern
becomes a chain of small closures, linked at build time, that try the alternatives in the
very order the regular expression engine would and return the end of the first match. The
results are those of the regular expressions the notation stands for (``_Compiler.sequence``
in content.py still renders them; tests/content/test_matcher.py compares the two).

A parsed pattern (see ``_Compiler.branches`` in content.py) is a tuple of *branches*, the
alternatives of its first token flattened in order, each ``(head, steps)``:

* ``head`` is ``(lit, tails, stem)`` for a word alternative: the literal ``lit``, further
  words each after a separator, then for ``stem`` any further word characters
  (``[^\\W_]*``), else the end of a word (``(?![^\\W_])``); or ``NUMBER`` (``#``);
* ``steps`` are ``(gap, optional, branches)``: a glue (``gap`` words, or characters in
  Chinese, may stand in between; ``None`` for none) and then a token, itself branches.

Why the closures can be simpler than a general regex engine, but still exact:

* a separator ``[^\\w!?;\\n]{1,4}`` is always followed by a literal or a number, which start
  with a word character, so only its longest match can be followed: it never backtracks;
* the same holds for a skipped word in a gap (``[^\\W_]+``, followed by a separator) and a
  stem (``[^\\W_]*``, followed by a separator or the end of the pattern): each takes all the
  word characters there are;
* what can backtrack is tried in the engine's order: alternatives first to last, greedy
  repeats (gaps, optional tokens, digits in Chinese) longest first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from operator import add as _concat

NUMBER = "#"

_SEP_RUN = re.compile(r"[^\w!?;\n]{1,4}")  # content._SEP
_GAP_STEP = re.compile(r"([^\w!?;\n]{1,4})([^\W_]+)")  # a separator and a word
_WORD_RUN = re.compile(r"[^\W_]+")
_STEM_RUN = re.compile(r"[^\W_]*")
_DIGITS = re.compile(r"\d+")
_NUMBER_PART = re.compile(r"[.,:]\d+")
_ZH_NUMBER_RUN = re.compile(r"[0-9一二三四五六七八九十百千万两几]+")  # content._ZH_NUMBER
_ZH_GAP_RUN = re.compile(r"[^。!?;,:\n]*")  # content._ZH_GAP_CHAR
_SPACE = re.compile(r"\s")

Fn = Callable[[str, int], "int | None"]

# kinds of branch heads, in an alternation
_WHOLE, _STEM, _WORDS, _WORDS_STEM, _LITERAL, _NUM = range(6)


def done(s: str, i: int) -> int:
    return i


def to_end(s: str, i: int) -> int | None:
    return i if i == len(s) else None


class Builder:
    """Builds matchers for one language (Chinese glue and numbers differ)."""

    def __init__(self, chinese: bool, number_words: list[list[str]]):
        self.chinese = chinese
        # spelled numbers, longest first, each as its words (joined by a separator)
        self.number_words = number_words
        self._indexes: dict[int, tuple] = {}

    # -- tokens ------------------------------------------------------------------------

    def alternation(self, branches: tuple, nxt: Fn) -> Fn:
        """The token's branches, first to last, each followed by its steps and then nxt."""
        if len(branches) == 1:
            head, steps = branches[0]
            rest = self.steps(steps, nxt)
            return self.number(rest) if head == NUMBER else self.word(head, rest)
        info, table2, table1, always = self._index(branches)
        # what follows each branch; the same set or group recurs with other continuations,
        # so only this part is built per use (and it is nxt itself for one-word branches)
        rests = tuple(self.steps(steps, nxt) if steps else nxt for _head, steps in branches)
        numbers = {n: self.number(rests[n]) for n in always}
        get2 = table2.get
        get1 = table1.get
        stem_run = _STEM_RUN.match
        sep_run = _SEP_RUN.match

        def alt(s: str, i: int) -> int | None:
            group = get2(s[i : i + 2])
            if group is None:
                group = get1(s[i : i + 1], always)
            for n in group:
                kind, lit, tails = info[n]
                if kind == _NUM:
                    r = numbers[n](s, i)
                    if r is not None:
                        return r
                    continue
                if not s.startswith(lit, i):
                    continue
                j = i + len(lit)
                if kind == _WHOLE:
                    if j < len(s) and s[j].isalnum():
                        continue
                elif kind == _STEM:
                    j = stem_run(s, j).end()
                elif kind != _LITERAL:  # further words, each after a separator
                    for w in tails:
                        m = sep_run(s, j)
                        if m is None or not s.startswith(w, m.end()):
                            break
                        j = m.end() + len(w)
                    else:
                        if kind == _WORDS_STEM:
                            j = stem_run(s, j).end()
                        elif j < len(s) and s[j].isalnum():
                            continue
                        r = rests[n](s, j)
                        if r is not None:
                            return r
                    continue
                r = rests[n](s, j)
                if r is not None:
                    return r
            return None

        return alt

    def _index(self, branches: tuple) -> tuple:
        """Per branch (kind, literal, further words), and which branches can start with the
        two (or one) characters at hand, in their order: built once per set or group."""
        memo = self._indexes.get(id(branches))
        if memo is not None:
            return memo[1]
        info = []
        by2: dict[str, list[int]] = {}
        by1: dict[str, list[int]] = {}
        always: list[int] = []
        for n, (head, _steps) in enumerate(branches):
            if head == NUMBER:
                info.append((_NUM, "", ()))
                always.append(n)
                continue
            lit, tails, stem = head
            if self.chinese:
                kind = _LITERAL
            elif tails:
                kind = _WORDS_STEM if stem else _WORDS
            else:
                kind = _STEM if stem else _WHOLE
            info.append((kind, lit, tails))
            (by2.setdefault(lit[:2], []) if len(lit) > 1 else by1.setdefault(lit, [])).append(n)
        table2 = {k: tuple(sorted(v + by1.get(k[0], []) + always)) for k, v in by2.items()}
        table1 = {k: tuple(sorted(v + always)) for k, v in by1.items()}
        index = (tuple(info), table2, table1, tuple(always))
        self._indexes[id(branches)] = (branches, index)  # (keeps the key's object alive)
        return index

    def word(self, head: tuple, rest: Fn) -> Fn:
        lit, tails, stem = head
        size = len(lit)
        if self.chinese:

            def zh_word(s: str, i: int) -> int | None:
                if s.startswith(lit, i):
                    return rest(s, i + size)
                return None

            return zh_word
        stem_run = _STEM_RUN.match
        if not tails:
            if stem:

                def stem_word(s: str, i: int) -> int | None:
                    if s.startswith(lit, i):
                        return rest(s, stem_run(s, i + size).end())
                    return None

                return stem_word

            def whole_word(s: str, i: int) -> int | None:
                if s.startswith(lit, i):
                    j = i + size
                    if j < len(s) and s[j].isalnum():
                        return None
                    return rest(s, j)
                return None

            return whole_word
        sep_run = _SEP_RUN.match

        def words(s: str, i: int) -> int | None:
            if not s.startswith(lit, i):
                return None
            j = i + size
            for w in tails:
                m = sep_run(s, j)
                if m is None:
                    return None
                j = m.end()
                if not s.startswith(w, j):
                    return None
                j += len(w)
            if stem:
                j = stem_run(s, j).end()
            elif j < len(s) and s[j].isalnum():
                return None
            return rest(s, j)

        return words

    def number(self, rest: Fn) -> Fn:
        if self.chinese:
            run = _ZH_NUMBER_RUN.match

            def zh_number(s: str, i: int) -> int | None:
                m = run(s, i)
                if m is None:
                    return None
                for j in range(m.end(), i, -1):  # greedy: the longest run first
                    r = rest(s, j)
                    if r is not None:
                        return r
                return None

            return zh_number
        digits = _DIGITS.match
        part = _NUMBER_PART.match
        sep_run = _SEP_RUN.match
        spelled = self.number_words

        def number(s: str, i: int) -> int | None:
            n = len(s)
            m = digits(s, i)
            if m is not None:
                # \d+(?:[.,:]\d+)*(?:am|pm)?(?![^\W_]): every run of digits is taken whole
                ends = [m.end()]
                while True:
                    m = part(s, ends[-1])
                    if m is None:
                        break
                    ends.append(m.end())
                for j in reversed(ends):
                    if s.startswith(("am", "pm"), j):
                        k = j + 2
                        if not (k < n and s[k].isalnum()):
                            r = rest(s, k)
                            if r is not None:
                                return r
                    if not (j < n and s[j].isalnum()):
                        r = rest(s, j)
                        if r is not None:
                            return r
            for words in spelled:
                if not s.startswith(words[0], i):
                    continue
                j = i + len(words[0])
                for w in words[1:]:
                    m = sep_run(s, j)
                    if m is None or not s.startswith(w, m.end()):
                        break
                    j = m.end() + len(w)
                else:
                    if not (j < n and s[j].isalnum()):
                        r = rest(s, j)
                        if r is not None:
                            return r
            return None

        return number

    # -- glue between tokens -------------------------------------------------------------

    def steps(self, steps: tuple, nxt: Fn) -> Fn:
        fn = nxt
        for gap, optional, branches in reversed(steps):
            body = self.alternation(branches, fn)
            glued = self.glue(gap, body)
            fn = self.optional(glued, fn) if optional else glued
        return fn

    @staticmethod
    def optional(fn: Fn, skip: Fn) -> Fn:
        def opt(s: str, i: int) -> int | None:
            r = fn(s, i)
            return r if r is not None else skip(s, i)

        return opt

    def glue(self, gap: int | None, body: Fn) -> Fn:
        if self.chinese:
            if gap:
                run = _ZH_GAP_RUN.match
                limit = gap

                def zh_gap(s: str, i: int) -> int | None:
                    end = min(run(s, i).end(), i + limit)
                    for j in range(end, i - 1, -1):  # greedy: the widest gap first
                        r = body(s, j)
                        if r is not None:
                            return r
                    return None

                return zh_gap
            space = _SPACE.match

            def zh_space(s: str, i: int) -> int | None:  # \s?
                if space(s, i):
                    r = body(s, i + 1)
                    if r is not None:
                        return r
                return body(s, i)

            return zh_space
        sep_run = _SEP_RUN.match
        if not gap:

            def sep(s: str, i: int) -> int | None:
                m = sep_run(s, i)
                return None if m is None else body(s, m.end())

            return sep
        step = _GAP_STEP.match
        limit = gap + 1

        def sep_gap(s: str, i: int) -> int | None:
            # (?:SEP[^\W_]+){0,gap} SEP body, the most skipped words first. The token after
            # a separator starts with a letter or digit, so it can only start where a skipped
            # word would: at the start of the word after each separator, up to gap + 1 of them.
            starts = []
            for _ in range(limit):
                m = step(s, i)
                if m is None:
                    break
                starts.append(m.start(2))
                i = m.end()
            for j in reversed(starts):
                r = body(s, j)
                if r is not None:
                    return r
            return None

        return sep_gap


def literals(branches: tuple) -> set[str]:
    """The leading literals of a pattern's branches (a match starts with one of them)."""
    return {head[0] for head, _steps in branches if head != NUMBER}


class WordList:
    """A list of patterns (negations, lawful context, an entry's ``unless`` ...), matched
    the way the one regular expression ``p1|p2|...`` would be."""

    def __init__(self, builder: Builder, branches: tuple):
        self._builder = builder
        self._branches = branches
        self._literals = tuple(sorted(literals(branches)))
        self._match: Fn | None = None
        self._full: Fn | None = None
        self._words: dict[str, bool] = {}  # fullmatch, by word: the same few words recur

    def match(self, s: str, i: int = 0) -> int | None:
        """Where a match starting at s[i] ends, or None."""
        if self._match is None:
            self._match = self._builder.alternation(self._branches, done)
        return self._match(s, i)

    def fullmatch(self, s: str) -> bool:
        known = self._words.get(s)
        if known is not None:
            return known
        if self._full is None:
            self._full = self._builder.alternation(self._branches, to_end)
        found = self._full(s, 0) is not None
        if len(self._words) > 50_000:
            self._words.clear()
        self._words[s] = found
        return found

    def search(self, s: str) -> bool:
        """Whether a match starts anywhere in s."""
        for lit in self._literals:
            i = s.find(lit)
            while i >= 0:
                if self.match(s, i) is not None:
                    return True
                i = s.find(lit, i + 1)
        return False

    def finditer(self, s: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each match, left to right, not overlapping (as re.finditer)."""
        starts = set()
        for lit in self._literals:  # a match starts with one of them
            i = s.find(lit)
            while i >= 0:
                starts.add(i)
                i = s.find(lit, i + 1)
        pos = 0
        for i in sorted(starts):
            if i < pos:
                continue
            end = self.match(s, i)
            if end is None:
                continue
            yield i, end
            pos = end if end > i else i + 1



# -- a cheap necessary condition ------------------------------------------------------------
#
# A branch can only match if, for each of its tokens that is not optional, one of that
# token's leading literals stands somewhere in the text. Outside Chinese a literal always
# starts a word (it follows a separator, or the start of a match, which hits_at puts at
# the start of a word), so it is the whole word, or for a stem the start of one: the test
# looks the literal up among the text's words, or its first few characters among theirs.
# In Chinese, any character, or two in a row. A text yields these sets at C speed, and most
# patterns that share a first word with a text fail the test for a set lookup or two.

PREFIX = 3  # characters of a stem looked up among the starts of the text's words


def requirements(steps: tuple, chinese: bool, memo: dict[int, tuple]) -> tuple:
    """For each token a match must contain: (words, word starts) one of which the text holds."""
    out = []
    for _gap, optional, branches in steps:
        if optional:
            continue
        got = memo.get(id(branches))
        if got is None:
            got = (branches, _keys(branches, chinese))
            memo[id(branches)] = got
        if got[1] is not None:
            out.append(got[1])
    return tuple(out)


def tail_requirements(head: tuple, chinese: bool) -> tuple:
    """The further words of a word alternative ("по-плохому"), as requirements."""
    if head == NUMBER or chinese or not head[1]:
        return ()
    out = []
    tails = head[1]
    for n, w in enumerate(tails):
        word = word_at(w)
        if not word:
            continue
        if n < len(tails) - 1 or not head[2] or word != w:
            out.append((frozenset((word,)), frozenset()))
        elif len(word) >= PREFIX:
            out.append((frozenset(), frozenset((word[:PREFIX],))))
    return tuple(out)


def _keys(branches: tuple, chinese: bool) -> tuple[frozenset[str], frozenset[str]] | None:
    words = set()
    starts = set()
    for head, _steps in branches:
        if head == NUMBER:
            return None  # a number: anything will do
        lit, _tails, stem = head
        if chinese:  # see present: characters, and pairs of them
            if len(lit) > 1:
                starts.add(lit[:2])
            else:
                words.add(lit)
            continue
        m = _WORD_RUN.match(lit)
        if m is None:
            return None
        word = m.group()
        if word != lit or not stem:
            words.add(word)  # the whole word, up to an apostrophe or the like
        elif len(word) >= PREFIX:
            starts.add(word[:PREFIX])
        else:
            return None  # a very short stem: not worth a test
    return frozenset(words), frozenset(starts)


def present(text: str, chinese: bool) -> tuple[set[str], set[str]]:
    """The text's (words, word starts); Chinese: (characters, pairs of characters in a row)."""
    if chinese:
        return set(text), set(map(_concat, text, text[1:]))
    words = set(_WORD_RUN.findall(text))
    return words, {w[:PREFIX] for w in words}


def word_at(lit: str) -> str:
    """A literal's first word: up to an apostrophe or the like."""
    m = _WORD_RUN.match(lit)
    return m.group() if m else ""


def possible(needs: tuple, words: set[str], starts: set[str]) -> bool:
    for w, st in needs:
        if w.isdisjoint(words) and st.isdisjoint(starts):
            return False
    return True
