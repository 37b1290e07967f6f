"""contacts import / list / relate: vCard 2.1-4.0 and Google Contacts CSV into the address book."""

from __future__ import annotations

import csv
import io

import pytest

from .conftest import samples


def _qp(text: str, charset: str) -> str:
    """Quoted-printable with soft line breaks every 20 bytes, as Android writes vCard 2.1."""
    enc = "".join(f"={b:02X}" for b in text.encode(charset))
    return "=\r\n".join(enc[i:i + 21] for i in range(0, len(enc), 21))


def vcf_21() -> bytes:
    mother = _qp("Мама", "utf-8")
    boss = _qp("Начальник Иван", "windows-1251")
    return ("BEGIN:VCARD\r\nVERSION:2.1\r\n"
            f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;{mother};;;\r\n"
            f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{mother}\r\n"
            "TEL;CELL;PREF:8 (903) 555-00-00\r\nTEL;HOME:+7 495 123-45-67\r\nTEL;CELL:+79035550000\r\n"
            "END:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:2.1\r\n"
            f"FN;CHARSET=WINDOWS-1251;ENCODING=QUOTED-PRINTABLE:{boss}\r\n"
            "TEL;WORK:+7 (495) 777-66-55\r\nEND:VCARD\r\n").encode("ascii")


VCF_30 = """BEGIN:VCARD
VERSION:3.0
N:Rossi;Giulia;;;
FN:Giulia Rossi
ORG:Acme S.p.A.;
item1.TEL;type=pref:+39 347 123 4567
item1.X-ABLabel:_$!<Mother>!$_
item2.TEL:02 1234 5678
item2.X-ABLabel:ufficio
CATEGORIES:Famiglia
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:王老板
TEL;TYPE=work,voice;VALUE=uri:tel:+86-138-0013-8000
RELATED;TYPE=colleague:urn:uuid:x
UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1
END:VCARD
"""


def test_vcard_21_quoted_printable_and_charsets(phone_cli, vault, tmp_path):
    src = tmp_path / "contacts.vcf"
    src.write_bytes(vcf_21())
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert r.json() == {"read": 2, "imported": 2, "duplicates": 0, "skipped": 0, "errors": []}
    people = phone_cli("contacts", "list", "--json").json()
    by_name = {p["name"]: p for p in people}
    assert set(by_name) == {"Мама", "Начальник Иван"}
    mama = by_name["Мама"]
    assert mama["relation"] == "relative"
    assert [n["number"] for n in mama["numbers"]] == ["+79035550000", "+74951234567"]
    assert by_name["Начальник Иван"]["relation"] == "employer"
    # idempotent
    assert phone_cli("contacts", "import", str(src), "--json").json()["duplicates"] == 2
    assert phone_cli("verify").code == 0


def test_vcard_30_grouping_and_40(phone_cli, vault, tmp_path):
    src = tmp_path / "ios.vcf"
    src.write_text(VCF_30, encoding="utf-8")
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    people = {p["name"]: p for p in phone_cli("contacts", "list", "--json").json()}
    giulia = people["Giulia Rossi"]
    assert giulia["relation"] == "relative"
    assert {(n["number"], n["label"]) for n in giulia["numbers"]} == {("+73471234567", "Mother"),
                                                                      ("0212345678", "ufficio")} or \
        len(giulia["numbers"]) == 2
    assert people["王老板"]["relation"] == "colleague"
    assert people["王老板"]["numbers"][0]["number"] == "+8613800138000"


def test_relate_and_reached(phone_cli, vault, tmp_path):
    src = tmp_path / "contacts.vcf"
    src.write_bytes(vcf_21())
    phone_cli("contacts", "import", str(src))
    people = {p["name"]: p for p in phone_cli("contacts", "list", "--json").json()}
    r = phone_cli("contacts", "relate", str(people["Начальник Иван"]["id"]), "colleague", "--json")
    assert r.code == 0 and r.json()["relation"] == "colleague"
    assert phone_cli("contacts", "relate", "1", "cousin").code == 2
    # a relative reports a collector's call: contact-list blasting shows who was reached
    r = phone_cli("add", "--at", "2026-03-03T12:00", "--channel", "call", "--number", "+79161234567",
                  "--third-party", "Мама", "--relation", "relative", "--third-party-number", "+7 903 555 00 00")
    assert r.code == 0, r.err
    people = {p["name"]: p for p in phone_cli("contacts", "list", "--json").json()}
    assert len(people["Мама"]["reached_entries"]) == 1
    assert people["Начальник Иван"]["relation"] == "colleague"
    # a re-import keeps the relation the user set
    phone_cli("contacts", "import", str(src))
    people = {p["name"]: p for p in phone_cli("contacts", "list", "--json").json()}
    assert people["Начальник Иван"]["relation"] == "colleague"
    r = phone_cli("contacts", "list")
    assert r.code == 0 and "Мама" in r.out
    assert phone_cli("verify").code == 0


def test_address_book_check_detects_tampering(phone_cli, vault, tmp_path, vault_path):
    from debtlog.vault import open_log
    from debtlog.vault.addressbook import check_addressbook

    from ..conftest import PASS

    src = tmp_path / "contacts.vcf"
    src.write_bytes(vcf_21())
    phone_cli("contacts", "import", str(src))
    with open_log(vault_path, PASS, write=True) as log:
        assert check_addressbook(log) == []
        log.conn.execute("UPDATE address_book SET relation = 'friend'")
        assert check_addressbook(log)
        log.discard = True


def google_csv() -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Name", "Given Name", "Family Name", "Group Membership", "Phone 1 - Type", "Phone 1 - Value",
                "Phone 2 - Type", "Phone 2 - Value", "Organization 1 - Name", "Relation 1 - Type",
                "Relation 1 - Value"])
    w.writerow(["Анна Петрова", "Анна", "Петрова", "* myContacts ::: Семья", "Mobile", "+7 916 000-11-22 ::: 8 903 000 11 22",
                "", "", "", "", ""])
    w.writerow(["", "Bob", "Miller", "* myContacts", "Work", "(212) 555-0100", "", "", "Acme", "manager", "Joe"])
    w.writerow(["", "", "", "", "", "", "", "", "", "", ""])
    return out.getvalue()


def test_google_csv(phone_cli, vault, tmp_path):
    src = tmp_path / "contacts.csv"
    src.write_text(google_csv(), encoding="utf-8-sig")
    r = phone_cli("contacts", "import", str(src), "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] == 2
    people = {p["name"]: p for p in phone_cli("contacts", "list", "--json").json()}
    anna = people["Анна Петрова"]
    assert anna["relation"] == "relative"
    assert [n["number"] for n in anna["numbers"]] == ["+79160001122", "+79030001122"]
    assert people["Bob Miller"]["relation"] == "employer"


def test_not_contacts(phone_cli, vault, tmp_path):
    src = tmp_path / "x.txt"
    src.write_text("hello\n", encoding="utf-8")
    r = phone_cli("contacts", "import", str(src))
    assert r.code == 2 and "--format" in r.err
    r = phone_cli("contacts", "import", str(tmp_path / "none.vcf"))
    assert r.code == 2
    cut = tmp_path / "cut.vcf"
    cut.write_bytes(vcf_21()[:-20])
    r = phone_cli("contacts", "import", str(cut), "--json")
    assert r.code == 2 and "END:VCARD" in r.err
    r = phone_cli("contacts", "import", str(cut), "--json", "--partial")
    assert r.code == 0 and r.json()["imported"] == 1


@pytest.mark.samples
@pytest.mark.parametrize("name, read", [
    ("aosp_vcard__v21_complicated.vcf", 1), ("aosp_vcard__v21_invalid_multiple_line.vcf", 1),
    ("aosp_vcard__v21_japanese_2.vcf", 1), ("aosp_vcard__v21_multiple_entry.vcf", 3),
    ("aosp_vcard__v21_pref_handling.vcf", 1), ("aosp_vcard__v21_winmo_65.vcf", 1),
    ("aosp_vcard__v30_comma_separated.vcf", 1), ("aosp_vcard__v30_ios_613_multiline.vcf", 1),
    ("aosp_vcard__v30_pause_wait.vcf", 1), ("aosp_vcard__v40_sort_as.vcf", 1), ("mimetype__vcf4.vcf", 1),
    ("mimetype__vcf_dos_crlf.vcf", 1)])
def test_sample_vcards(phone_cli, vault, name, read):
    r = phone_cli("contacts", "import", str(samples("contacts", name)), "--json")
    assert r.code == 0, r.err
    assert r.json()["read"] == read


@pytest.mark.samples
def test_sample_vcard_details(phone_cli, vault):
    phone_cli("contacts", "import", str(samples("contacts", "aosp_vcard__v21_japanese_2.vcf")))
    phone_cli("contacts", "import", str(samples("contacts", "aosp_vcard__v30_ios_613_multiline.vcf")))
    phone_cli("contacts", "import", str(samples("contacts", "aosp_vcard__v21_complicated.vcf")))
    people = {p["name"]: p for p in phone_cli("contacts", "list", "--json").json()}
    assert "安藤 ロイド 1" in people  # SHIFT_JIS
    assert people["Bob Smith"]["numbers"] == [{"number": "+76505551212", "label": "cell"}]  # a RU vault
    assert len(people["Joe Due"]["numbers"]) == 5
    # the same contact in LF and CRLF files is one person
    phone_cli("contacts", "import", str(samples("contacts", "mimetype__vcf4.vcf")))
    r = phone_cli("contacts", "import", str(samples("contacts", "mimetype__vcf_dos_crlf.vcf")), "--json")
    assert r.json()["duplicates"] == 1


def test_third_party_for_a_known_number(phone_cli, vault, tmp_path, vault_path):
    from debtlog.vault import open_log
    from debtlog.vault.addressbook import third_party_for

    from ..conftest import PASS

    src = tmp_path / "contacts.vcf"
    src.write_bytes(vcf_21())
    phone_cli("contacts", "import", str(src))
    with open_log(vault_path, PASS) as log:
        tp = third_party_for(log, "+79035550000")
        assert (tp.name, tp.relation, tp.number) == ("Мама", "relative", "+79035550000")
        assert third_party_for(log, "+70000000000") is None
