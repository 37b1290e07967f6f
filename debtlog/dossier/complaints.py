"""Complaint drafts, one per jurisdiction, filled from the log and marked as drafts to review.

Each is written in the language the receiving body works in (an FSSP complaint in Russian,
a 12378 complaint in Chinese, a Garante reclamo in Italian, CFPB and Financial Ombudsman
complaints in English), whatever the dossier's language. The bodies and the evidence they
ask for follow docs/rules-reference.md (§2.9 RU, §3.7 CN, §4.5 IT, §5.7 US, §6.5 GB).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .model import ComplaintDraft

if TYPE_CHECKING:
    from .model import Dossier

MAX_DATES = 12


def _when_list(d: "Dossier", ids, more: str) -> str:
    whens = [d.rows_by_id[i].when_local for i in ids if i in d.rows_by_id]
    text = ", ".join(whens[:MAX_DATES])
    if len(whens) > MAX_DATES:
        text += more.format(n=len(whens) - MAX_DATES)
    return text


# What each category of rule is about, in the complaint's language (the packs' titles are English).
CATEGORY_TEXT = {
    "ru": {"hours": "контакты в запрещённое время", "frequency": "превышение допустимой частоты контактов",
           "third_party": "взаимодействие с третьими лицами без согласия",
           "disclosure": "сообщение сведений о долге третьим лицам", "hidden_number": "звонки со скрытого номера",
           "identification": "взыскатель не представился", "abusive_content": "угрозы, оскорбления, давление",
           "after_stop": "контакты после отказа от взаимодействия", "workplace": "контакты по месту работы",
           "robot": "звонки робота", "other": "иное"},
    "zh": {"hours": "在禁止时段联系", "frequency": "联系过于频繁", "third_party": "未经同意联系第三方",
           "disclosure": "向第三方透露债务信息", "hidden_number": "使用隐藏号码", "identification": "未表明身份",
           "abusive_content": "威胁、辱骂、施压", "after_stop": "要求停止后仍继续联系", "workplace": "联系工作单位",
           "robot": "机器人外呼", "other": "其他"},
    "it": {"hours": "contatti in orari non consentiti", "frequency": "contatti troppo frequenti",
           "third_party": "contatti con terzi senza consenso", "disclosure": "comunicazione del debito a terzi",
           "hidden_number": "chiamate da numero nascosto", "identification": "mancata identificazione",
           "abusive_content": "minacce, insulti, pressioni", "after_stop": "contatti dopo la richiesta di cessare",
           "workplace": "contatti sul luogo di lavoro", "robot": "chiamate automatiche", "other": "altro"},
}


def _findings_lines(d: "Dossier", more: str, lang: str = "en") -> list[str]:
    groups: dict[tuple[str, str], list[int]] = {}
    words = CATEGORY_TEXT.get(lang)
    for f in d.findings:
        if f.severity == "info":
            continue
        what = words.get(f.category, f.category) if words else f.title
        ids = groups.setdefault((what, f.citation), [])
        ids.extend(i for i in f.entries if i not in ids)
    lines = []
    for (what, citation), ids in groups.items():
        ids.sort(key=lambda i: d.rows_by_id[i].when if i in d.rows_by_id else "")
        lines.append(f"• {what} ({citation}): {_when_list(d, ids, more)}")
    return lines


def _numbers(d: "Dossier") -> list[str]:
    return [n for n, _agency, _k in d.summary["by_number"] if n != "hidden"]


def _agencies(d: "Dossier") -> list[str]:
    return [a for a, _k in d.summary["by_agency"] if a]


def _creditors(d: "Dossier") -> list[str]:
    names = Counter(c.creditor for c in d.contacts if c.creditor)
    for debt in d.debts:
        if debt.get("creditor"):
            names[debt["creditor"]] += 1
    return [n for n, _k in names.most_common()]


def _debt_line(debt: dict, words: tuple[str, str, str]) -> str:
    ref, amount, origin = words
    parts = [debt.get("creditor") or ""]
    if debt.get("agency"):
        parts.append(debt["agency"])
    if debt.get("reference"):
        parts.append(f"{ref} {debt['reference']}")
    if debt.get("amount"):
        parts.append(f"{amount} {debt['amount']} {debt.get('currency') or ''}".strip())
    if debt.get("origin"):
        parts.append(f"{origin}: {debt['origin']}")
    return ", ".join(p for p in parts if p)


def _period(d: "Dossier") -> tuple[str, str]:
    if d.period is None:
        return "—", "—"
    return d.period[0].isoformat(), d.period[1].isoformat()


def _counts(d: "Dossier") -> tuple[int, int, int, int]:
    calls = sum(1 for c in d.contacts if c.channel == "call" and c.direction == "incoming")
    talks = sum(1 for c in d.contacts if c.channel == "call" and c.direction == "incoming" and c.outcome == "answered")
    msgs = sum(1 for c in d.contacts if c.channel in ("sms", "messenger", "email", "portal") and c.direction == "incoming")
    third = sum(1 for c in d.contacts if c.target == "third_party")
    return calls, talks, msgs, third


def _has_recordings(d: "Dossier") -> bool:
    return any((r.media_type or "").startswith("audio/") and not r.withheld for r in d.recordings) \
        and d.options.with_audio


def _has_screens(d: "Dossier") -> bool:
    return any((r.media_type or "").startswith("image/") and not r.withheld for r in d.recordings)


def _ru(d: "Dossier") -> ComplaintDraft:
    a, b = _period(d)
    calls, talks, msgs, third = _counts(d)
    name = d.profile.name or "[ФИО]"
    agencies = ", ".join(_agencies(d)) or "[наименование организации]"
    creditors = ", ".join(_creditors(d)) or "[кредитор]"
    paras = [
        "В территориальный орган ФССП России по месту жительства: [наименование управления]",
        f"От: {name}, [адрес], [телефон], [электронная почта]",
        "ЖАЛОБА на действия, направленные на возврат просроченной задолженности (Федеральный закон от 03.07.2016 "
        "№ 230-ФЗ)",
        f"Кредитор: {creditors}. Лицо, действующее от имени кредитора: {agencies}.",
    ]
    for debt in d.debts:
        paras.append("Задолженность: " + _debt_line(debt, ("договор №", "сумма", "основание")) + ".")
    if not d.debts:
        paras.append("Задолженность: [номер договора, дата, сумма].")
    nums = _numbers(d)
    paras.append("Номера телефонов, с которых поступали звонки и сообщения: " + (", ".join(nums) or "[номера]") +
                 (" (часть звонков — со скрытого номера)." if any(n == "hidden" for n, _a, _k in d.summary["by_number"])
                  else "."))
    paras.append(f"С {a} по {b} мне поступило {calls} звонков (из них {talks} состоявшихся разговоров) и {msgs} "
                 f"сообщений по инициативе взыскателя" + (f"; {third} раз связывались с третьими лицами" if third else "")
                 + ". Каждый контакт записан в журнале с датой, временем, номером и содержанием; журнал прилагается "
                   "(досье с цифровой подписью).")
    lines = _findings_lines(d, " и ещё {n}", "ru")
    if lines:
        paras.append("По моему мнению, нарушены следующие требования:\n" + "\n".join(lines))
    paras.append("Прошу провести проверку, при подтверждении нарушений привлечь виновных к ответственности по "
                 "ст. 14.57 КоАП РФ и сообщить мне о результатах.")
    paras.append("Даю согласие ФССП России на запрос сведений обо мне в бюро кредитных историй и у операторов связи "
                 "в целях рассмотрения настоящей жалобы.")
    paras.append("Приложения: досье (dossier.pdf, dossier.html, записи разговоров), договор, кредитный отчёт, "
                 "детализация звонков и СМС от оператора связи.")
    paras.append(f"Дата: [дата]    Подпись: ________ / {name}")
    evidence = [
        ("Сведения о задолженности (договор, сумма)", bool(d.debts)),
        ("Номера телефонов, с которых звонили и писали", bool(nums)),
        ("Копия договора", False),
        ("Кредитный отчёт (кредитная история)", False),
        ("Детализация звонков и СМС от оператора связи", False),
        ("Согласие на запрос данных у БКИ и операторов связи (текст — в проекте выше, подпишите)", True),
        ("Записи разговоров, скриншоты сообщений", _has_recordings(d) or _has_screens(d)),
    ]
    return ComplaintDraft("RU", "ФССП России (территориальный орган), интернет-приёмная fssp.gov.ru",
                          "С марта 2026 года также через Госуслуги: «Жалоба на звонки и СМС кредитора» (подписывается "
                          "электронной подписью; срок рассмотрения — 30 дней).", "ru",
                          "Жалоба в ФССП России", paras, evidence)


def _us(d: "Dossier") -> ComplaintDraft:
    a, b = _period(d)
    calls, talks, msgs, third = _counts(d)
    agencies = ", ".join(_agencies(d)) or "[collection company]"
    paras = [
        f"Company: {agencies}" + (f" (collecting for {', '.join(_creditors(d))})" if _creditors(d) else "") + ".",
        "What happened:",
        f"Between {a} and {b} the company contacted me {calls} times by phone ({talks} conversations) and "
        f"{msgs} times by text or e-mail" + (f", and contacted other people about my debt {third} times" if third else "")
        + ". I kept a log of every contact at the time, with the date, time, number and what was said; the signed log "
          "is attached.",
    ]
    for debt in d.debts:
        paras.append("The debt: " + _debt_line(debt, ("account", "amount", "origin")) + ".")
    lines = _findings_lines(d, " and {n} more")
    if lines:
        paras.append("I believe these contacts broke the FDCPA and Regulation F:\n" + "\n".join(lines))
    paras.append("Numbers used: " + (", ".join(_numbers(d)) or "[numbers]") + ".")
    paras.append("What I want: the company to stop contacting me at inconvenient times and places and other people "
                 "about my debt, to communicate only in writing, and to correct its conduct. [Add any refund or "
                 "correction you want.]")
    evidence = [
        ("The company's name and your account details", bool(d.debts) or bool(_agencies(d))),
        ("Dates and a description of what happened (the log)", True),
        ("Call logs", True),
        ("Letters", any(c.channel == "letter" for c in d.contacts)),
        ("Recordings", _has_recordings(d)),
        ("Screenshots of texts", _has_screens(d)),
    ]
    return ComplaintDraft("US", "Consumer Financial Protection Bureau: consumerfinance.gov/complaint",
                          "Also possible: the FTC (ReportFraud.ftc.gov) and your state Attorney General. A private "
                          "FDCPA claim must be filed within one year (15 U.S.C. 1692k).", "en",
                          "CFPB complaint: debt collection", paras, evidence)


def _cn(d: "Dossier") -> ComplaintDraft:
    a, b = _period(d)
    calls, talks, msgs, third = _counts(d)
    name = d.profile.name or "[姓名]"
    paras = [
        f"投诉人：{name}，[联系电话]，[身份证号]",
        "被投诉机构：" + ("、".join(_creditors(d) + _agencies(d)) or "[机构名称]"),
    ]
    for debt in d.debts:
        paras.append("债务情况：" + _debt_line(debt, ("合同编号", "金额", "来源")) + "。")
    paras.append(f"事实经过：{a} 至 {b} 期间，对方主动致电 {calls} 次（接通 {talks} 次），发送短信或消息 {msgs} 次"
                 + (f"，并 {third} 次联系我的亲友或单位" if third else "") +
                 "。每次联系的时间、号码和内容均已当时记录，日志经数字签名，随附。")
    paras.append("使用的号码：" + ("、".join(_numbers(d)) or "[号码]") + "。")
    lines = _findings_lines(d, " 等，另有 {n} 次", "zh")
    if lines:
        paras.append("可能违反的规定：\n" + "\n".join(lines))
    paras.append("投诉请求：请责令该机构停止上述催收行为，依法处理，并将处理结果告知本人。")
    evidence = [
        ("联系时间和经过（日志）", True),
        ("催收行为描述", True),
        ("通话录音", _has_recordings(d)),
        ("短信截图", _has_screens(d)),
    ]
    return ComplaintDraft("CN", "国家金融监督管理总局 12378 投诉热线（银行、消费金融公司等持牌机构）",
                          "其他途径：中国人民银行 12363；网贷平台可向中国互联网金融协会举报平台 jubao.nifa.org.cn；"
                          "骚扰电话、短信可向 12321 举报；威胁、暴力等请拨打 110。", "zh",
                          "关于催收行为的投诉", paras, evidence)


def _it(d: "Dossier") -> ComplaintDraft:
    a, b = _period(d)
    calls, talks, msgs, third = _counts(d)
    name = d.profile.name or "[nome e cognome]"
    paras = [
        "Al Garante per la protezione dei dati personali, Piazza Venezia 11, 00187 Roma — protocollo@gpdp.it",
        f"Reclamante: {name}, [indirizzo], [recapito]",
        "RECLAMO ai sensi dell'art. 77 del Regolamento (UE) 2016/679 e dell'art. 141 del Codice privacy",
        "Titolare del trattamento: " + (", ".join(_agencies(d) + _creditors(d)) or "[societ\u00e0]"),
    ]
    for debt in d.debts:
        paras.append("Debito: " + _debt_line(debt, ("riferimento", "importo", "origine")) + ".")
    paras.append(f"Fatti: dal {a} al {b} la societ\u00e0 mi ha contattato {calls} volte per telefono ({talks} "
                 f"conversazioni) e {msgs} volte con messaggi"
                 + (f", e ha contattato {third} volte terzi (familiari, datore di lavoro) comunicando il debito" if third
                    else "") + ". Ho annotato ogni contatto al momento; il registro firmato \u00e8 allegato.")
    paras.append("Numeri utilizzati: " + (", ".join(_numbers(d)) or "[numeri]") + ".")
    lines = _findings_lines(d, " e altri {n}", "it")
    if lines:
        paras.append("Condotte segnalate:\n" + "\n".join(lines))
    paras.append("Chiedo che il Garante accerti l'illiceit\u00e0 del trattamento, ne disponga la limitazione o il divieto "
                 "e adotti i provvedimenti previsti.")
    paras.append(f"Data: [data]    Firma: {name}")
    evidence = [
        ("Registrazioni", _has_recordings(d)),
        ("Screenshot dei messaggi", _has_screens(d)),
        ("Buste, cartoline, avvisi lasciati alla porta", any(c.channel == "letter" for c in d.contacts)),
        ("Dichiarazioni di testimoni (familiari, colleghi contattati)", False),
        ("Registro dei contatti con date e orari", True),
        ("Documento d'identit\u00e0 del reclamante", False),
    ]
    return ComplaintDraft("IT", "Garante per la protezione dei dati personali (reclamo)",
                          "Per le molestie telefoniche (art. 660 c.p.) anche denuncia a Polizia o Carabinieri; per "
                          "banche e intermediari anche l'Arbitro Bancario Finanziario.", "it",
                          "Reclamo al Garante Privacy", paras, evidence)


def _gb(d: "Dossier") -> ComplaintDraft:
    a, b = _period(d)
    calls, talks, msgs, third = _counts(d)
    name = d.profile.name or "[your name]"
    paras = [
        f"Complainant: {name}, [address], [phone]",
        "Business complained about: " + (", ".join(_agencies(d) + _creditors(d)) or "[firm]"),
    ]
    for debt in d.debts:
        paras.append("The debt: " + _debt_line(debt, ("account", "amount", "origin")) + ".")
    paras.append(f"What happened: between {a} and {b} the firm called me {calls} times ({talks} conversations) and "
                 f"sent {msgs} messages" + (f", and contacted other people about my debt {third} times" if third else "")
                 + ". I logged every contact at the time; the signed log is attached.")
    paras.append("Numbers used: " + (", ".join(_numbers(d)) or "[numbers]") + ".")
    lines = _findings_lines(d, " and {n} more")
    if lines:
        paras.append("I believe the firm did not treat me fairly under CONC 7:\n" + "\n".join(lines))
    paras.append("I complained to the firm on [date]; its final response was [date / none after 8 weeks].")
    paras.append("What I want: the firm to stop this contact, to apologise and to pay compensation for the distress "
                 "and inconvenience caused.")
    evidence = [
        ("Your complaint to the firm and its final response (or 8 weeks passed)", False),
        ("A dated call log", True),
        ("Letters", any(c.channel == "letter" for c in d.contacts)),
        ("Screenshots", _has_screens(d)),
        ("Recordings", _has_recordings(d)),
    ]
    return ComplaintDraft("GB", "Financial Ombudsman Service: financial-ombudsman.org.uk",
                          "Complain to the firm first: it has 8 weeks to answer (DISP 1.6.2R). Then go to the "
                          "Ombudsman within 6 months of its final response. Threats: the police.", "en",
                          "Complaint to the Financial Ombudsman Service", paras, evidence)


def _in(d: "Dossier") -> ComplaintDraft:
    a, b = _period(d)
    calls, talks, msgs, third = _counts(d)
    paras = [
        "Regulated entity: " + (", ".join(_creditors(d) + _agencies(d)) or "[bank / NBFC]"),
        f"Between {a} and {b} its recovery agents called me {calls} times ({talks} conversations) and sent {msgs} "
        "messages" + (f", and contacted other people {third} times" if third else "") + ". The signed log is attached.",
        "Numbers used: " + (", ".join(_numbers(d)) or "[numbers]") + ".",
    ]
    lines = _findings_lines(d, " and {n} more")
    if lines:
        paras.append("Conduct against the RBI's instructions on recovery agents:\n" + "\n".join(lines))
    paras.append("Relief sought: stop the harassment and act against the recovery agents.")
    evidence = [("The complaint to the lender and its reply (30 days)", False), ("Call log", True),
                ("Recordings", _has_recordings(d)), ("Screenshots", _has_screens(d))]
    return ComplaintDraft("IN", "RBI Integrated Ombudsman: cms.rbi.org.in",
                          "Complain to the lender first; after 30 days without a satisfactory reply, go to the "
                          "Ombudsman.", "en", "Complaint about recovery agents", paras, evidence)


DRAFTERS = {"RU": _ru, "US": _us, "CN": _cn, "IT": _it, "GB": _gb, "IN": _in}


def draft_complaint(d: "Dossier") -> ComplaintDraft | None:
    fn = DRAFTERS.get(d.profile.jurisdiction)
    return fn(d) if fn else None
