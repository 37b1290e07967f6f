"""The lexicon matcher (debtlog.rules._matcher) against the regular expressions it stands for.

content.py matches lexicon patterns with small closures instead of compiling ~700 regular
expressions per language (which cost up to a second per fresh process). These tests hold
it to the regular expressions (``_Compiler.sequence``, the reference): same patterns found
at the same places with the same ends, on the labelled set and on generated text full of
lexicon words, separators, numbers and spacing tricks. And set-up must stay cheap.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys

import pytest

from debtlog.rules import content
from debtlog.rules.content import LANGUAGES

from ..conftest import ROOT

DATA = ROOT / "tests" / "data" / "content"
SEPARATORS = [" ", " ", " ", ", ", " - ", "  ", "...", "! ", "\n", "_", "'", ". ", " — ", "-", "?", ": ", ' "', "；", "，", "。", ""]
NUMBERS = ["12", "12.30", "3", "10:00", "5pm", "2,5", "три", "пару", "two", "tre", "两", "三十", "7am", "1.2.3"]


def _texts(lang: str, generated: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in (DATA / f"{lang}.jsonl").read_text("utf-8").splitlines() if line.strip()]
    raw = (ROOT / "debtlog" / "rules" / "lexicons" / f"{lang}.toml").read_text("utf-8")
    strings = re.findall(r'"((?:[^"\\\n]|\\.)*)"', raw)
    if lang == "zh":
        vocab = sorted({t for s in strings for t in re.findall(r"[\u3400-\u9fff]+", s)})
    else:
        vocab = sorted({t for s in strings for t in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", s)})
    rnd = random.Random(f"matcher-{lang}")
    for _ in range(generated):
        parts = []
        for _ in range(rnd.randint(2, 14)):
            r = rnd.random()
            w = rnd.choice(vocab) if r < 0.8 else rnd.choice(NUMBERS) if r < 0.9 else rnd.choice(["не", "not", "non", "不", "ё", "Ё", "ß", "Ａ", "у б ь ю", "f*ck"])
            if lang != "zh" and rnd.random() < 0.1:
                w = w[: rnd.randint(1, len(w))] + rnd.choice(["", "ами", "s", "ed", "о"])
            parts += [w, rnd.choice(SEPARATORS) if lang != "zh" or rnd.random() < 0.3 else ""]
        texts.append("".join(parts))
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_matcher_agrees_with_the_regular_expressions(lang):
    """Wherever a pattern's regular expression matches (at the start of a word, outside
    Chinese), the scanner tries that pattern there and finds the same end; and wherever
    the scanner's matcher finds a match, the regular expression finds the same one."""
    lexicon = content._lexicon(lang)
    reference = content._reference_regexes(lang)
    regex_of = {}
    for entry in lexicon.entries:
        for (part, _neg), rx in zip(entry.parts, reference[entry.id]):
            regex_of[part] = rx
    compared = 0
    for text in _texts(lang, 400):
        norm = content._fold(text, lang).text
        tried = {a: (found, raw) for a, found, raw in lexicon.candidates(norm)}
        for part, rx in regex_of.items():
            expected = {}
            pos = 0
            while (m := rx.search(norm, pos)) is not None:
                a = m.start()
                pos = a + 1
                if lang == "zh" or a == 0 or not norm[a - 1].isalnum():
                    expected[a] = m.end()
            got = {}
            for a, (found, raw) in tried.items():
                if isinstance(part, content._RawPattern):
                    may = raw
                else:
                    may = any(c[0] is part for c in found)
                if may and (lang == "zh" or a == 0 or not norm[a - 1].isalnum()):
                    end = part.match(norm, a)
                    if end is not None:
                        got[a] = end
            assert got == expected, (lang, text, rx.pattern[:200])
            compared += len(expected)
    assert compared > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_word_lists_agree_with_the_regular_expressions(lang):
    """Negations, conditionals, lawful context and ``unless`` lists: fullmatch and search."""
    lexicon = content._lexicon(lang)
    data = content._read_toml(f"{lang}.toml")
    meta = data["lexicon"]
    lists = [(getattr(lexicon, attr), meta.get(key, [])) for attr, key in (
        ("negations", "negations"), ("not_negations", "not_negations"), ("conditionals", "conditionals"),
        ("payment_words", "payment_words"), ("lawful", "lawful_context"),
    )]
    by_id = {e.id: e for e in lexicon.entries}
    lists += [(by_id[raw["id"]].unless, raw.get("unless", [])) for raw in data["entry"]]
    texts = [content._fold(t, lang).text for t in _texts(lang, 100)]
    words = sorted({w for t in texts for w in content._NEG_WORD.findall(t)})
    for word_list, items in lists:
        if not items:
            assert word_list is None
            continue
        rx = re.compile("|".join("(?:%s)" % lexicon.compiler.sequence(p, "test") for p in items))
        for w in words:
            assert word_list.fullmatch(w) == bool(rx.fullmatch(w)), (lang, items, w)
        for t in texts:
            assert word_list.search(t) == bool(rx.search(t)), (lang, items, t)
            for i in range(0, len(t), 7):
                m = rx.match(t, i)
                assert word_list.match(t, i) == (m.end() if m else None), (lang, items, t, i)
            assert list(word_list.finditer(t[:40])) == [m.span() for m in rx.finditer(t[:40])]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plain_words_are_their_own_folded_form(lang):
    """The set-up shortcut (_is_folded) agrees with the normalisation it skips."""
    raw = (ROOT / "debtlog" / "rules" / "lexicons" / f"{lang}.toml").read_text("utf-8")
    words = {w for s in re.findall(r'"((?:[^"\\\n]|\\.)*)"', raw) for w in re.split(r"[\s|()*{}?#.…]+", s) if w}
    words |= {"ёлка", "Кот", "кoт", "Apple", "l'ufficiale", "città", "將", "坐牢"}
    shortcut = 0
    for w in sorted(words):
        if content._is_folded(w, lang):
            shortcut += 1
            assert content._fold(w, lang).text.strip() == w, (lang, w)
    assert shortcut > 50


def test_set_up_is_cheap():
    """All four lexicons ready in a fresh process well within the budget (it used to take
    0.1-0.9 s each; now some 20-40 ms each). Generous: machines are noisy."""
    code = (
        "import time; from debtlog.rules.content import scan; t = time.perf_counter(); "
        "scan('Напоминаем о задолженности'); scan('pay now'); scan('请还款'); "
        "print(time.perf_counter() - t)"
    )
    best = min(
        float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout)
        for _ in range(2)
    )
    assert best < 0.5, f"setting up all four lexicons took {best:.2f} s"
