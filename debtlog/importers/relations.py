"""Guessing a contact's relation to the debtor from what the address book says about them.

Only clear words count: a group or label ("Family", "Семья"), Android's and vCard's relation
fields ("mother", "spouse"), and names people give relatives and workplaces ("Мама", "Mom",
"老婆", "Lavoro"). Anything else stays unknown (``None``): the user can set it with
``debtlog contacts relate``. Relations are the contract's: spouse, relative, employer,
colleague, friend, neighbor, other.
"""

from __future__ import annotations

import re

WORDS: dict[str, tuple[str, ...]] = {
    "spouse": ("spouse", "wife", "husband", "partner", "domestic partner", "жена", "муж", "супруг", "супруга",
               "любимая", "любимый", "moglie", "marito", "老婆", "老公", "妻子", "丈夫", "爱人", "媳妇"),
    "relative": ("mother", "father", "mom", "mum", "mommy", "dad", "daddy", "parent", "brother", "sister", "son",
                 "daughter", "child", "grandma", "grandpa", "granny", "aunt", "uncle", "cousin", "niece", "nephew",
                 "relative", "family", "мама", "мамочка", "папа", "мать", "отец", "брат", "сестра", "сын", "дочь",
                 "дочка", "бабушка", "дедушка", "тётя", "тетя", "дядя", "семья", "родители", "тёща", "теща",
                 "свекровь", "mamma", "papà", "papa", "fratello", "sorella", "figlio", "figlia", "nonna", "nonno",
                 "zia", "zio", "famiglia", "妈妈", "爸爸", "母亲", "父亲", "哥哥", "姐姐", "弟弟", "妹妹", "儿子", "女儿",
                 "奶奶", "爷爷", "外婆", "外公", "家人", "家"),
    "employer": ("work", "office", "employer", "boss", "manager", "hr", "accounting", "работа", "начальник",
                 "шеф", "бухгалтерия", "отдел кадров", "офис", "lavoro", "ufficio", "capo", "datore di lavoro",
                 "公司", "老板", "单位", "领导", "经理"),
    "colleague": ("colleague", "coworker", "co-worker", "assistant", "коллега", "collega", "同事"),
    "friend": ("friend", "friends", "друг", "подруга", "друзья", "amico", "amica", "amici", "朋友"),
    "neighbor": ("neighbor", "neighbour", "сосед", "соседка", "vicino", "vicina", "邻居"),
}
_LOOKUP = {w: rel for rel, words in WORDS.items() for w in words}
_CJK = re.compile(r"[\u3400-\u9fff]")


def _match(text: str) -> str | None:
    t = " ".join(text.casefold().replace("ё", "е").split())
    if not t:
        return None
    if t in _LOOKUP:
        return _LOOKUP[t]
    for word in re.findall(r"[\w-]+", t):
        if word in _LOOKUP:
            return _LOOKUP[word]
    if _CJK.search(t):
        for w, rel in _LOOKUP.items():
            if _CJK.search(w) and w in t and len(w) > 1:
                return rel
    return None


def relation_from(name: str | None, hints: list[str], organization: str | None = None) -> str | None:
    """The relation the hints or the name state, or None."""
    for h in hints:
        if h:
            rel = _match(h.replace("_$!<", "").replace(">!$_", ""))
            if rel:
                return rel
    if name:
        return _match(name)
    return None
