"""The debtor's address book, inside the encrypted vault and its hash chain.

Each person is one row of ``address_book`` with its numbers in ``address_book_numbers``;
every change is an ``addressbook`` link in the chain (``create`` or ``update``, ref = the
person's id, payload = the whole card: uid, name, relation, numbers, organisation, source),
so ``verify`` covers it through the chain, and ``check_addressbook`` compares the tables
with the chain.

It answers two questions for the rules and views:
- whose number is this? (``lookup``): a collector called the debtor's mother, or the employer;
- which of the debtor's contacts did collectors reach? (``reached``): contact-list blasting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..i18n import _
from ..records import canonical_json

KIND = "addressbook"


@dataclass
class Card:
    """One person of the address book, as an importer yields it (numbers already normalised)."""

    uid: str
    name: str | None = None
    numbers: list[dict[str, Any]] = field(default_factory=list)  # [{"number": "+7...", "label": "mobile"}]
    relation: str | None = None
    organization: str | None = None
    source: str | None = None
    # The uid was made from the card's name and numbers (the file gave none): an edited card
    # then has another uid, and the person is recognised by name or numbers instead (save()).
    derived_uid: bool = False

    def payload(self) -> dict[str, Any]:
        return {"uid": self.uid, "name": self.name, "relation": self.relation, "organization": self.organization,
                "numbers": self.numbers, "source": self.source}


def _separate_namesakes(cards: list[Card]) -> list[Card]:
    """Cards of one file with the same uid but different details are different people: the
    second gets its own uid ("...#2"), in file order, instead of overwriting the first on every
    import (and the first overwriting it back on the next). The uid may be one made from the
    same name and numbers (two "Мама" without numbers, one with an organisation) or one the
    file itself repeats (a damaged export, an iPhone database with the same guid twice).
    Identical cards stay one person (a duplicate in the file). A uid made this way may be one
    the file also has ("0#2" after two "0"): the card is then checked again under it, and a
    third different card becomes "0#2#2", so no uid ever stands for two cards."""
    from dataclasses import replace

    seen: dict[str, list[str]] = {}  # uid -> canonical payloads already given that uid
    out = []
    for card in cards:
        body = canonical_json({k: v for k, v in card.payload().items() if k != "uid"})
        uid = card.uid
        while True:
            variants = seen.setdefault(uid, [])
            if body not in variants:
                variants.append(body)
            k = variants.index(body) + 1
            if k == 1:
                break
            uid = f"{uid}#{k}"
        if uid != card.uid:
            card = replace(card, uid=uid)
        out.append(card)
    return out


def _merged(payload: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """What a card's payload becomes when it updates the stored person ``old``: a relation the
    user set stays; one the card does not give is kept."""
    payload = dict(payload)
    if old.get("relation_by") == "user":  # what the user said outranks a guess from the file
        payload["relation"], payload["relation_by"] = old.get("relation"), "user"
    elif payload["relation"] is None and old.get("relation"):
        payload["relation"] = old["relation"]
    return payload


def _fold(name: str | None) -> str:
    return " ".join(name.casefold().split()) if name else ""


class AddressBook:
    def __init__(self, log):
        self.log = log
        self.conn = log.conn
        self._by_number: dict[str, list[int]] | None = None
        self._claimed: set[int] = set()  # people saved through this object (one import)
        self._people: dict[str, tuple[dict, dict]] = {}

    # -- writing -----------------------------------------------------------------------------
    def save_all(self, cards: Iterable[Card]) -> list[str]:
        """Save the cards of one import; returns save()'s result for each, in order.

        Cards whose uid is already known are saved first, so that a person the file still
        holds unchanged is never taken for an edited card of someone else with the same name.
        """
        cards = _separate_namesakes(list(cards))
        results: list[str | None] = [None] * len(cards)
        known = self._known_uids({c.uid for c in cards})
        done: set[str] = set()  # after _separate_namesakes one uid is one card: a repeat is a duplicate
        for i, card in enumerate(cards):
            if card.uid in known:
                results[i] = "duplicate" if card.uid in done else self.save(card)
                done.add(card.uid)
        for i, card in enumerate(cards):
            if results[i] is None:
                results[i] = "duplicate" if card.uid in done else self.save(card)
                done.add(card.uid)
        return results  # type: ignore[return-value]

    def _known_uids(self, uids: set[str]) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT uid FROM address_book")} & uids

    def _match(self, card: Card) -> Any:
        """The stored person an edited card without a uid of its own stands for, or None.

        Such a card's identity is its name: the same name (case and spaces aside) is the same
        person, whatever numbers it now has, provided one person of that name (of the same
        kind of source, not yet saved by this import) is stored. A card whose name changed
        is recognised by its numbers: the same set of numbers as one stored person.
        Anything less certain (two people of that name, a new name and new numbers) makes a
        new person: a duplicate can be removed by hand; two people merged could not be told
        apart in the evidence.
        """
        prefix = card.uid.split(":", 1)[0] + ":"
        by_name, by_numbers = self._people_of(prefix)
        # First a person stored with exactly this card's details (the same file imported again):
        # the rules below could find it ambiguous when the first import of the file gave another
        # person the same name (a card matched by its numbers), and would add the card again.
        payload = card.payload()
        for person in by_numbers.get(frozenset(n["number"] for n in card.numbers), ()) if card.numbers else \
                by_name.get(_fold(card.name), ()):
            if person[0] not in self._claimed:
                old = json.loads(person[2])
                if canonical_json(_merged(dict(payload, uid=old["uid"]), old)) == canonical_json(old):
                    return person
        key = _fold(card.name)
        if key:
            same_name = [p for p in by_name.get(key, ()) if p[0] not in self._claimed]
            if len(same_name) == 1:
                return same_name[0]
            if same_name:
                return None
        numbers = frozenset(n["number"] for n in card.numbers)
        if numbers:
            same_numbers = [p for p in by_numbers.get(numbers, ()) if p[0] not in self._claimed]
            if len(same_numbers) == 1:
                return same_numbers[0]
        return None

    def _people_of(self, prefix: str) -> tuple[dict, dict]:
        """The stored people whose uid has ``prefix``, by folded name and by set of numbers.

        Read once per import: people saved by this import are claimed, never matched again.
        """
        if prefix not in self._people:
            by_name: dict[str, list] = {}
            by_numbers: dict[frozenset, list] = {}
            for pid, name, payload in self.conn.execute(
                    "SELECT a.id, a.name, c.payload FROM address_book a JOIN chain c ON c.seq = a.link "
                    "WHERE substr(a.uid, 1, ?) = ? ORDER BY a.id", (len(prefix), prefix)):
                person = (pid, name, payload)
                if _fold(name):
                    by_name.setdefault(_fold(name), []).append(person)
                numbers = frozenset(n["number"] for n in json.loads(payload)["numbers"])
                if numbers:
                    by_numbers.setdefault(numbers, []).append(person)
            self._people[prefix] = (by_name, by_numbers)
        return self._people[prefix]

    def save(self, card: Card) -> str:
        """Add or update a person; returns 'imported', 'updated' or 'duplicate'.

        A person already known (same uid) keeps a relation the user set if the new card has none.
        A card without a uid of its own (``derived_uid``) that changed is matched by name or
        numbers (``_match``) and updates that person, who keeps the uid it was first stored with.
        """
        row = self.conn.execute("SELECT a.id, c.payload FROM address_book a JOIN chain c ON c.seq = a.link "
                                "WHERE a.uid = ?", (card.uid,)).fetchone()
        payload = card.payload()
        if row is None and card.derived_uid:
            found = self._match(card)
            if found is not None:
                row = (found[0], found[2])
                payload["uid"] = json.loads(found[2])["uid"]
        if row:
            cid, old = row[0], json.loads(row[1])
            payload = _merged(payload, old)
            if canonical_json(payload) == canonical_json(old):
                self._claimed.add(cid)
                return "duplicate"
            action = "update"
        else:
            cid = (self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM address_book").fetchone()[0]) + 1
            action = "create"
        seq, _h = self.log.append(KIND, action, cid, payload)
        self._index(cid, payload, seq)
        self._claimed.add(cid)
        return "updated" if action == "update" else "imported"

    def set_relation(self, person_id: int, relation: str | None) -> dict[str, Any]:
        p = self.get(person_id)
        payload = {k: p[k] for k in ("uid", "name", "relation", "organization", "numbers", "source")}
        payload["relation"] = relation
        payload["relation_by"] = "user"
        seq, _h = self.log.append(KIND, "update", person_id, payload)
        self._index(person_id, payload, seq)
        return self.get(person_id)

    def _index(self, cid: int, payload: dict[str, Any], seq: int) -> None:
        self.conn.execute("INSERT OR REPLACE INTO address_book (id, uid, name, relation, link) VALUES (?,?,?,?,?)",
                          (cid, payload["uid"], payload["name"], payload["relation"], seq))
        self.conn.execute("DELETE FROM address_book_numbers WHERE contact_id = ?", (cid,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO address_book_numbers (number, contact_id, label) VALUES (?,?,?)",
            [(n["number"], cid, n.get("label")) for n in payload["numbers"]])
        self._by_number = None

    # -- reading -----------------------------------------------------------------------------
    def get(self, person_id: int) -> dict[str, Any]:
        from ..errors import InvalidInput

        row = self.conn.execute("SELECT a.id, c.payload FROM address_book a JOIN chain c ON c.seq = a.link "
                                "WHERE a.id = ?", (person_id,)).fetchone()
        if not row:
            raise InvalidInput(_("There is no person {id} in the address book.").format(id=person_id),
                               _("See them with: debtlog contacts list"))
        return {"id": row[0], **json.loads(row[1])}

    def people(self) -> list[dict[str, Any]]:
        return [{"id": r[0], **json.loads(r[1])} for r in self.conn.execute(
            "SELECT a.id, c.payload FROM address_book a JOIN chain c ON c.seq = a.link "
            "ORDER BY a.name COLLATE NOCASE, a.id")]

    def numbers(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT number FROM address_book_numbers")}

    def lookup(self, number: str | None) -> list[dict[str, Any]]:
        """The people a number belongs to (usually one): ``[{"id", "name", "relation", "label"}]``."""
        if not number:
            return []
        return [{"id": r[0], "name": r[1], "relation": r[2], "label": r[3]} for r in self.conn.execute(
            "SELECT a.id, a.name, a.relation, n.label FROM address_book_numbers n "
            "JOIN address_book a ON a.id = n.contact_id WHERE n.number = ? ORDER BY a.id", (number,))]

    def reached(self) -> dict[int, list[int]]:
        """For each person of the address book, the entries in which a collector reached them.

        A contact reached a person when it was made to a third party whose number (or, without
        a number, whose name) is that person's.
        """
        by_number: dict[str, list[int]] = {}
        by_name: dict[str, list[int]] = {}
        for pid, number in self.conn.execute("SELECT contact_id, number FROM address_book_numbers"):
            by_number.setdefault(number, []).append(pid)
        for pid, name in self.conn.execute("SELECT id, name FROM address_book WHERE name IS NOT NULL"):
            by_name.setdefault(" ".join(name.casefold().split()), []).append(pid)
        out: dict[int, list[int]] = {}
        for entry in self.log.entries(type="contact"):
            tp = entry.record.third_party
            if tp is None:
                continue
            pids = by_number.get(tp.number or "") or (
                by_name.get(" ".join(tp.name.casefold().split()), []) if tp.name and not tp.number else [])
            for pid in pids:
                out.setdefault(pid, []).append(entry.id)
        return out


def save_cards(log, cards: Iterable[Card]) -> dict[str, int]:
    counts = {"imported": 0, "updated": 0, "duplicate": 0}
    for result in AddressBook(log).save_all(cards):
        counts[result] += 1
    return counts


def check_addressbook(log) -> list[str]:
    """Problems where the address-book tables do not match the chain (for ``verify``)."""
    state: dict[int, tuple[int, dict]] = {}
    for seq, ref, payload in log.conn.execute(
            "SELECT seq, ref, payload FROM chain WHERE kind = ? ORDER BY seq", (KIND,)):
        state[ref] = (seq, json.loads(payload))
    problems = []
    try:
        rows = {r[0]: r[1:] for r in log.conn.execute("SELECT id, uid, name, relation, link FROM address_book")}
        numbers: dict[int, set] = {}
        for number, cid, label in log.conn.execute("SELECT number, contact_id, label FROM address_book_numbers"):
            numbers.setdefault(cid, set()).add((number, label))
    except Exception:  # noqa: BLE001 - a vault from before the address book
        return [] if not state else [_("the address book tables are missing")]
    for cid, (seq, p) in state.items():
        row = rows.get(cid)
        expected = (p["uid"], p["name"], p["relation"], seq)
        if row is None:
            problems.append(_("person {id} of the address book is in the chain but was removed from its table")
                            .format(id=cid))
        elif tuple(row) != expected or numbers.get(cid, set()) != {(n["number"], n.get("label"))
                                                                  for n in p["numbers"]}:
            problems.append(_("person {id} of the address book does not match the chain").format(id=cid))
    for cid in set(rows) - set(state):
        problems.append(_("person {id} of the address book is not in the chain").format(id=cid))
    return problems


def third_party_for(log, number: str | None, name: str | None = None):
    """A ThirdParty filled from the address book for a number a collector called (or None).

    For ``add --third-party-number`` and imports: the person's name and relation when the
    debtor's address book knows the number (the first person, if several share it).
    """
    from ..models import ThirdParty

    try:
        people = AddressBook(log).lookup(number)
    except Exception:  # noqa: BLE001 - a vault without the address book tables (not migrated yet)
        return None
    if not people:
        return None
    p = people[0]
    return ThirdParty(name=name or p["name"], relation=p["relation"], number=number)
