"""A built-in example case: a Russian borrower and four weeks of collector contacts.

Everything here is invented (names, companies, numbers in the fictional 000 ranges). The
records go through the same validation as a JSON Lines import.
"""

from __future__ import annotations

from typing import Any

DEMO_PASSPHRASE = "demo passphrase (not secret)"
DEMO_PROFILE = {"jurisdiction": "RU", "timezone": "Europe/Moscow", "name": "Анна Петрова (пример)"}

AGENCY = "ООО ПКО «Пример-Взыскание»"
CREDITOR = "МФО «Быстрый займ»"
N1 = "+74950000101"
N2 = "+74950000102"
N_MOBILE = "+79000000303"
MOTHER = {"name": "Петрова Галина", "relation": "relative", "number": "+79000000404"}
EMPLOYER = {"name": "ООО «Работа» (бухгалтерия)", "relation": "employer", "number": "+74950000505"}


def _c(sid: str, at: str, channel: str = "call", **kw: Any) -> dict[str, Any]:
    d = {"type": "contact", "source_id": f"demo-{sid}", "occurred_at": at, "channel": channel,
         "direction": "incoming", "agency": AGENCY, "creditor": CREDITOR, "target": "debtor"}
    if channel == "call":
        d.setdefault("outcome", "answered")
    d.update(kw)
    return d


def demo_records() -> list[dict[str, Any]]:
    """The demo case as contract records (March 2026, Moscow time)."""
    return [
        {"type": "milestone", "source_id": "demo-m1", "kind": "overdue-start", "at": "2025-10-15",
         "creditor": CREDITOR, "note": "Просрочка по договору займа № 000-123"},
        _c("01", "2026-03-02T09:15:00", number=N1, duration_s=240, caller="Игорь", identified=True,
           content="Напомнили о задолженности 18 400 руб. по договору займа, предложили рассрочку."),
        _c("02", "2026-03-02T14:40:00", channel="sms", number=N1,
           content="Уважаемая Анна! Задолженность по договору 000-123 составляет 18 400 руб. Оплатите до 10.03."),
        _c("03", "2026-03-03T22:30:00", number=N2, duration_s=95, identified=False,
           content="Звонили в 22:30, требовали оплатить сегодня, представились «службой взыскания», имя не назвали."),
        _c("04", "2026-03-04T08:10:00", number=N2, duration_s=60, content="Снова требовали оплату."),
        _c("05", "2026-03-04T19:05:00", number=N1, duration_s=180,
           content="Второй разговор за день. Сказали, что «на вас заведено уголовное дело, готовьте сухари»."),
        _c("06", "2026-03-05T12:00:00", number=N1, duration_s=120, content="Третий разговор за неделю."),
        _c("07", "2026-03-05T12:30:00", channel="sms", number=N1, content="Последнее предупреждение. Оплатите долг."),
        _c("08", "2026-03-05T13:00:00", channel="sms", number=N1, content="Оплатите сегодня, иначе передадим дело дальше."),
        _c("09", "2026-03-05T16:00:00", channel="sms", number=N1,
           content="Если не оплатите, сообщим всем вашим родственникам и на работу."),
        _c("10", "2026-03-06T10:20:00", number=None, number_hidden=True, duration_s=45,
           content="Звонок со скрытого номера, угрожали приехать домой."),
        _c("11", "2026-03-07T08:30:00", number=N2, duration_s=70,
           content="Суббота, 08:30: требовали оплату, разбудили ребёнка."),
        _c("12", "2026-03-09T11:00:00", number=N1, target="third_party", third_party=MOTHER, duration_s=300,
           content="Позвонили маме, рассказали о долге и сумме, просили «повлиять на дочь»."),
        _c("13", "2026-03-10T15:10:00", number=N1, target="third_party", third_party=EMPLOYER, duration_s=150,
           content="Позвонили в бухгалтерию на работе, сообщили о долге."),
        _c("14", "2026-03-11T09:00:00", number=N2, outcome="missed", duration_s=0, content=""),
        _c("15", "2026-03-11T09:05:00", number=N2, outcome="missed", duration_s=0, content=""),
        _c("16", "2026-03-11T09:10:00", number=N2, outcome="missed", duration_s=0, content=""),
        _c("17", "2026-03-11T09:20:00", number=N2, outcome="rejected", duration_s=0, content=""),
        _c("18", "2026-03-12T13:00:00", number=N_MOBILE, robot=True, duration_s=40,
           content="Робот: «Вы обязаны погасить задолженность немедленно»."),
        _c("19", "2026-03-13T21:40:00", channel="messenger", number=N_MOBILE,
           content="Ты никчёмная, за тобой уже выехали, будешь сидеть."),
        {"type": "milestone", "source_id": "demo-m2", "kind": "refusal", "at": "2026-03-16",
         "creditor": CREDITOR, "agency": AGENCY,
         "note": "Заявление об отказе от взаимодействия (ст. 8 230-ФЗ), вручено заказным письмом с уведомлением."},
        _c("20", "2026-03-18T10:00:00", number=N1, duration_s=90,
           content="Звонили после отказа от взаимодействия, сказали, что отказ «ничего не значит»."),
        _c("21", "2026-03-20T20:30:00", channel="sms", number=N1, content="Вы игнорируете нас. Приедем к вам домой."),
        _c("22", "2026-03-21T20:15:00", number=N2, duration_s=60, content="Суббота, 20:15."),
        _c("23", "2026-03-23T09:30:00", channel="letter", number=None, direction="incoming",
           content="Письмо «Досудебная претензия» с требованием оплаты 21 900 руб."),
    ]


DEMO_DEBT = {"creditor": CREDITOR, "agency": AGENCY, "reference": "000-123", "amount": "18400", "currency": "RUB",
             "origin": "Договор займа от 15.11.2025"}
