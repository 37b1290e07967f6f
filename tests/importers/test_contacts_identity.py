"""Re-importing an address book whose cards have no UID: an edited card updates its person.

Feature phones, old Android versions and many "export to .vcf" apps write no UID. Such a
person is known by name (the same name is the same person, whatever the numbers now are)
or, when the name changed, by the same set of numbers (docs/importing.md, "Contacts").
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st


def card(name: str, *numbers: str, uid: str | None = None, extra: str = "") -> str:
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}"]
    lines += [f"TEL;TYPE=CELL:{n}" for n in numbers]
    if uid:
        lines.append(f"UID:{uid}")
    if extra:
        lines.append(extra)
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def write(tmp_path, *cards: str, name: str = "contacts.vcf"):
    path = tmp_path / name
    path.write_text("".join(cards), encoding="utf-8")
    return path


def people(cli) -> list[dict]:
    r = cli("contacts", "list", "--json")
    assert r.code == 0, r.err
    return r.json()


def numbers_of(person: dict) -> list[str]:
    return [n["number"] for n in person["numbers"]]


def test_same_file_twice_adds_nothing(phone_cli, vault, tmp_path):
    src = write(tmp_path, card("Мама", "+7 903 555-00-00"), card("Начальник", "+7 495 777-66-55"))
    assert phone_cli("contacts", "import", str(src), "--json").json()["imported"] == 2
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (0, 2)
    assert len(people(phone_cli)) == 2


def test_a_number_added_updates_the_person(phone_cli, vault, tmp_path):
    phone_cli("contacts", "import", str(write(tmp_path, card("Мама", "+7 903 555-00-00"))))
    [before] = people(phone_cli)
    edited = write(tmp_path, card("Мама", "+7 903 555-00-00", "8 (916) 123-45-67"), name="edited.vcf")
    r = phone_cli("contacts", "import", str(edited), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (1, 0)  # an update counts as imported
    [after] = people(phone_cli)
    assert after["id"] == before["id"] and after["uid"] == before["uid"]
    assert numbers_of(after) == ["+79035550000", "+79161234567"]
    # the edited file again: nothing new
    assert phone_cli("contacts", "import", str(edited), "--json").json()["duplicates"] == 1
    assert phone_cli("verify").code == 0


def test_numbers_that_change_entirely_stay_with_the_person(phone_cli, vault, tmp_path):
    """Mother got a new phone: the card keeps her name, its only number is another one."""
    phone_cli("contacts", "import", str(write(tmp_path, card("Мама", "+7 903 555-00-00"),
                                              card("Сосед", "+7 903 111-22-33"))))
    phone_cli("contacts", "relate", str(next(p["id"] for p in people(phone_cli) if p["name"] == "Мама")), "relative")
    new_phone = write(tmp_path, card("мама ", "+7 926 000-99-88"), card("Сосед", "+7 903 111-22-33"), name="new.vcf")
    r = phone_cli("contacts", "import", str(new_phone), "--json")
    assert (r.json()["imported"], r.json()["duplicates"]) == (1, 1)
    book = {p["name"]: p for p in people(phone_cli)}
    assert len(book) == 2
    assert numbers_of(book["мама"]) == ["+79260009988"]
    assert book["мама"]["relation"] == "relative"  # what the user said survives the edit
    # the new number is recognised as hers when a collector calls it; the old one no longer is
    r = phone_cli("add", "--at", "2026-03-03T12:00", "--channel", "call", "--number", "+79161234567",
                  "--third-party", "мама", "--relation", "relative", "--third-party-number", "+7 926 000-99-88")
    assert r.code == 0, r.err
    reached = {p["name"]: p["reached_entries"] for p in people(phone_cli)}
    assert len(reached["мама"]) == 1 and reached["Сосед"] == []
    assert phone_cli("verify").code == 0


def test_a_renamed_card_is_known_by_its_numbers(phone_cli, vault, tmp_path):
    phone_cli("contacts", "import", str(write(tmp_path, card("Иван", "+7 495 777-66-55", "+7 916 000-11-22"))))
    [before] = people(phone_cli)
    renamed = write(tmp_path, card("Иван Петрович (работа)", "+7 916 000-11-22", "+7 495 777-66-55"), name="r.vcf")
    r = phone_cli("contacts", "import", str(renamed), "--json")
    assert (r.json()["imported"], r.json()["duplicates"]) == (1, 0)
    [after] = people(phone_cli)
    assert after["id"] == before["id"] and after["name"] == "Иван Петрович (работа)"


def test_a_new_name_with_new_numbers_is_another_person(phone_cli, vault, tmp_path):
    phone_cli("contacts", "import", str(write(tmp_path, card("Иван", "+7 495 777-66-55"))))
    other = write(tmp_path, card("Пётр", "+7 495 000-00-01"), name="other.vcf")
    assert phone_cli("contacts", "import", str(other), "--json").json()["imported"] == 1
    assert sorted(p["name"] for p in people(phone_cli)) == ["Иван", "Пётр"]


def test_two_people_of_the_same_name(phone_cli, vault, tmp_path):
    """Two "Андрей" without UIDs: never merged; an edit of one updates that one."""
    first = write(tmp_path, card("Андрей", "+7 903 000-00-01"), card("Андрей", "+7 903 000-00-02"))
    assert phone_cli("contacts", "import", str(first), "--json").json()["imported"] == 2
    ids = {numbers_of(p)[0]: p["id"] for p in people(phone_cli)}
    # the second one changed number; the first is unchanged (and listed after it in the file)
    edited = write(tmp_path, card("Андрей", "+7 903 000-00-03"), card("Андрей", "+7 903 000-00-01"), name="e.vcf")
    r = phone_cli("contacts", "import", str(edited), "--json")
    assert (r.json()["imported"], r.json()["duplicates"]) == (1, 1)
    now = {p["id"]: numbers_of(p) for p in people(phone_cli)}
    assert now == {ids["+79030000001"]: ["+79030000001"], ids["+79030000002"]: ["+79030000003"]}
    # both changed at once: which is which cannot be told, so a third person is added rather
    # than two people merged
    both = write(tmp_path, card("Андрей", "+7 903 000-00-04"), name="both.vcf")
    assert phone_cli("contacts", "import", str(both), "--json").json()["imported"] == 1
    assert len(people(phone_cli)) == 3
    assert phone_cli("verify").code == 0


def test_cards_with_a_uid_are_matched_by_uid_only(phone_cli, vault, tmp_path):
    phone_cli("contacts", "import", str(write(tmp_path, card("Мама", "+7 903 555-00-00"))))
    with_uid = write(tmp_path, card("Мама", "+7 903 555-00-00", uid="urn:uuid:1"), name="uid.vcf")
    assert phone_cli("contacts", "import", str(with_uid), "--json").json()["imported"] == 1
    assert len(people(phone_cli)) == 2  # a card with its own UID is never guessed to be someone
    edited = write(tmp_path, card("Мамочка", "+7 926 000-99-88", uid="urn:uuid:1"), name="uid2.vcf")
    assert phone_cli("contacts", "import", str(edited), "--json").json()["imported"] == 1
    assert sorted(p["name"] for p in people(phone_cli)) == ["Мама", "Мамочка"]


def test_google_csv_rows_are_recognised_after_an_edit(phone_cli, vault, tmp_path):
    def sheet(*rows):
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["Name", "Given Name", "Family Name", "Group Membership", "Phone 1 - Type", "Phone 1 - Value"])
        for r in rows:
            w.writerow(r)
        path = tmp_path / f"google{len(list(tmp_path.iterdir()))}.csv"
        path.write_text(out.getvalue(), encoding="utf-8-sig")
        return path

    phone_cli("contacts", "import", str(sheet(["Анна Петрова", "Анна", "Петрова", "* myContacts", "Mobile",
                                               "+7 916 000-11-22"])))
    r = phone_cli("contacts", "import", str(sheet(["Анна Петрова", "Анна", "Петрова", "* myContacts", "Mobile",
                                                   "+7 916 000-11-22 ::: +7 903 000-11-22"])), "--json")
    assert r.code == 0, r.err
    [anna] = people(phone_cli)
    assert numbers_of(anna) == ["+79160001122", "+79030001122"]


def test_an_invalid_file_saves_no_card(phone_cli, vault, tmp_path):
    cut = tmp_path / "cut.vcf"
    cut.write_text(card("Мама", "+7 903 555-00-00") + "BEGIN:VCARD\r\nFN:Оборван\r\n", encoding="utf-8")
    r = phone_cli("contacts", "import", str(cut), "--json")
    assert r.code == 2 and "END:VCARD" in r.err
    assert people(phone_cli) == []


def test_two_cards_of_one_name_without_numbers_are_two_people_and_reimport_adds_nothing(phone_cli, vault, tmp_path):
    """Two different cards of one name, without UID or numbers, used to fold into one person
    whose details flipped on every re-import."""
    src = write(tmp_path, card("Мама", extra="ORG:Дом"), card("Мама"), card("Мама"))  # the last: a duplicate
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (2, 1)
    assert sorted(p["organization"] or "" for p in people(phone_cli)) == ["", "Дом"]
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (0, 3)
    assert len(people(phone_cli)) == 2
    assert phone_cli("verify").code == 0


def test_one_uid_twice_with_different_details_is_two_people_and_reimport_adds_nothing(phone_cli, vault, tmp_path):
    """A file that repeats a UID (a damaged export; an iPhone database with the same guid twice)
    for two different cards used to make the second overwrite the first on every import."""
    src = write(tmp_path, card("Мама", "+79161110000", uid="0"), card("Начальник", "+79162220000", uid="0"),
                card("Мама", "+79161110000", uid="0"))  # the last: a duplicate of the first
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (2, 1)
    assert sorted(p["name"] for p in people(phone_cli)) == ["Мама", "Начальник"]
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (0, 3)
    assert phone_cli("verify").code == 0


def test_a_uid_made_for_a_namesake_that_the_file_also_has_is_not_shared(phone_cli, vault, tmp_path):
    """The second card of UID "0" becomes "0#2"; a third card whose own UID is "0#2" must not share
    it (the two would overwrite each other on every import)."""
    src = write(tmp_path, card("Мама", "+79161110000", uid="0"), card("Начальник", "+79162220000", uid="0"),
                card("Брат", "+79163330000", uid="0#2"))
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (3, 0)
    assert sorted(p["name"] for p in people(phone_cli)) == ["Брат", "Мама", "Начальник"]
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (0, 3)
    assert phone_cli("verify").code == 0



def test_a_card_matched_by_its_numbers_to_someone_else_does_not_make_the_name_ambiguous(phone_cli, vault, tmp_path):
    """An edited card is matched by name, or by its numbers when no one has its name. Here "Мама" (new
    numbers) updates "Иван" (same numbers), so two people are now called "мама": on the re-import of
    the same file, name matching found that ambiguous and added both cards again as new people."""
    phone_cli("contacts", "import", str(write(tmp_path, card("Мама"), card("Иван", "+79161110000"))))
    src = write(tmp_path, card("мама"), card("Мама", "+79161110000"), name="edited.vcf")
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (2, 0)  # two updates
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (0, 2)
    assert sorted((p["name"], numbers_of(p)) for p in people(phone_cli)) == [
        ("Мама", ["+79161110000"]), ("мама", [])]
    assert phone_cli("verify").code == 0


def test_the_same_card_twice_in_a_file_is_one_person(phone_cli, vault, tmp_path):
    """Two identical cards without a UID that match a stored person by name: the second made a new person."""
    phone_cli("contacts", "import", str(write(tmp_path, card("Мама", "+79161110000"))))
    src = write(tmp_path, card("мама", "+79162220000"), card("мама", "+79162220000"), name="edited.vcf")
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["duplicates"]) == (1, 1)
    assert [(p["name"], numbers_of(p)) for p in people(phone_cli)] == [("мама", ["+79162220000"])]
    r = phone_cli("contacts", "import", str(src), "--json")
    assert (r.json()["imported"], r.json()["duplicates"]) == (0, 2)


@st.composite
def _cards(draw):
    """A small file's cards: few names, numbers and UIDs, so that namesakes and repeated UIDs are common."""
    from debtlog.importers.common import stable_id
    from debtlog.vault.addressbook import Card

    out = []
    for _i in range(draw(st.integers(0, 5))):
        name = draw(st.sampled_from(["Мама", "мама", "Иван", "Boss", None]))
        nums = draw(st.lists(st.sampled_from(["+79161110000", "+79162220000", "+79163330000", "900"]), max_size=2,
                             unique=True))
        name = name if name or nums else "X"
        numbers = [{"number": n, "label": draw(st.sampled_from([None, "mobile"]))} for n in nums]
        org = draw(st.sampled_from([None, None, "ACME"]))
        uid = draw(st.one_of(st.none(), st.sampled_from(["0", "0#2", "1", "0#2#2"])))
        source = draw(st.sampled_from(["vcard", "gcsv", "ios-ab"]))  # iOS: guid and made uids share "ios-ab:"
        if uid is None:
            out.append(Card(uid=stable_id(source, name, ",".join(sorted(nums))), name=name, numbers=numbers,
                            organization=org, source=source, derived_uid=True))
        else:
            out.append(Card(uid=("vcard-uid:" if source == "vcard" else source + ":") + uid, name=name,
                            numbers=numbers, organization=org, source=source))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_cards(), min_size=1, max_size=4))
def test_any_sequence_of_address_books_reimports_as_nothing_new(files):
    """Import files one after another; each imported again adds and changes nothing, and the vault verifies."""
    from debtlog.models import Profile
    from debtlog.vault import _connect
    from debtlog.vault.addressbook import save_cards
    from debtlog.vault.log import EvidenceLog
    from debtlog.vault.schema import migrate

    conn = _connect(None, None)
    conn.execute("BEGIN")
    migrate(conn)
    log = EvidenceLog(conn)
    log.initialise(Profile("RU", "Europe/Moscow"), b"p" * 32, b"k" * 32)
    for cards in files:
        save_cards(log, cards)
        again = save_cards(log, cards)
        assert (again["imported"], again["updated"]) == (0, 0), (cards, again)
        assert log.verify().ok


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom"])
def test_a_utf16_vcard_file_is_read(phone_cli, vault, tmp_path, encoding):
    """Windows tools write vCards in UTF-16 with a byte-order mark: they used to give "no vCard found"."""
    text = card("Мама", "+79161110000") + card("Начальник", "+79162220000", extra="ORG:ООО Работа")
    data = text.encode("utf-16") if encoding == "utf-16" else b"\xfe\xff" + text.encode("utf-16-be")
    src = tmp_path / "contacts.vcf"
    src.write_bytes(data)
    r = phone_cli("contacts", "import", str(src), "--json")  # the format found from the content
    assert r.code == 0, r.err
    assert r.json()["imported"] == 2
    assert sorted(p["name"] for p in people(phone_cli)) == ["Мама", "Начальник"]
    assert phone_cli("contacts", "import", str(src), "--json").json()["imported"] == 0
