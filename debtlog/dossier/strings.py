"""The dossier's own words in English, Russian, Italian and Chinese.

The dossier is read by someone other than the person who made it (a volunteer, a regulator,
a court), often in another language than the one the tool speaks: so its headings and
labels live here, per language, apart from the command line's ``_()``. The records
themselves stay as they were recorded.
"""

from __future__ import annotations

LANGS = ("en", "ru", "it", "zh")
DEFAULT_LANG = {"RU": "ru", "CN": "zh", "IT": "it"}  # the others: en

S: dict[str, dict[str, str]] = {
    "title": {"en": "Evidence dossier: contacts by debt collectors",
              "ru": "Досье доказательств: контакты взыскателей",
              "it": "Fascicolo delle prove: contatti dei recuperatori di crediti",
              "zh": "证据档案：催收联系记录"},
    "subtitle": {"en": "Kept with debtlog, an encrypted, hash-chained evidence log",
                 "ru": "Ведётся в debtlog — зашифрованном журнале доказательств с цепочкой хешей",
                 "it": "Tenuto con debtlog, un registro delle prove cifrato e concatenato da hash",
                 "zh": "由 debtlog 记录：加密、哈希链式的证据日志"},
    "disclaimer": {"en": "A finding in this dossier means \u201clikely violation, check it\u201d. It is not legal advice and "
                         "not proof: a lawyer, a legal-aid volunteer, the regulator or a court decides.",
                   "ru": "Выявленное нарушение в этом досье означает «вероятное нарушение, требует проверки». Это не "
                         "юридическая консультация и не доказательство: решает юрист, волонтёр юридической помощи, "
                         "надзорный орган или суд.",
                   "it": "Una segnalazione in questo fascicolo significa \u00abprobabile violazione, da verificare\u00bb. Non "
                         "\u00e8 una consulenza legale n\u00e9 una prova: decidono un avvocato, un volontario di assistenza "
                         "legale, l'autorit\u00e0 o un giudice.",
                   "zh": "本档案中的发现表示“可能违规，需核实”。它不是法律意见，也不是证据：由律师、法律援助志愿者、监管机构或法院判断。"},
    "debtor": {"en": "Debtor", "ru": "Должник", "it": "Debitore", "zh": "债务人"},
    "jurisdiction": {"en": "Jurisdiction", "ru": "Юрисдикция", "it": "Giurisdizione", "zh": "司法管辖区"},
    "timezone": {"en": "Time zone of the debtor", "ru": "Часовой пояс должника", "it": "Fuso orario del debitore",
                 "zh": "债务人所在时区"},
    "period": {"en": "Period", "ru": "Период", "it": "Periodo", "zh": "期间"},
    "whole_log": {"en": "the whole log", "ru": "весь журнал", "it": "l'intero registro", "zh": "全部记录"},
    "debts": {"en": "Debts", "ru": "Долги", "it": "Debiti", "zh": "债务"},
    "no_debts": {"en": "No debt was entered.", "ru": "Долги не внесены.", "it": "Nessun debito inserito.",
                 "zh": "未录入债务。"},
    "creditor": {"en": "Creditor", "ru": "Кредитор", "it": "Creditore", "zh": "债权人"},
    "agency": {"en": "Collector", "ru": "Взыскатель", "it": "Recuperatore", "zh": "催收方"},
    "reference": {"en": "Reference", "ru": "Номер договора", "it": "Riferimento", "zh": "合同编号"},
    "amount": {"en": "Amount", "ru": "Сумма", "it": "Importo", "zh": "金额"},
    "origin": {"en": "Origin", "ru": "Основание", "it": "Origine", "zh": "来源"},
    "generated": {"en": "Exported", "ru": "Экспортировано", "it": "Esportato", "zh": "导出时间"},
    "tool": {"en": "Tool", "ru": "Программа", "it": "Strumento", "zh": "工具"},
    "chain_head": {"en": "Hash-chain head", "ru": "Вершина цепочки хешей", "it": "Testa della catena di hash",
                   "zh": "哈希链头"},
    "fingerprint": {"en": "Signing key fingerprint", "ru": "Отпечаток ключа подписи",
                    "it": "Impronta della chiave di firma", "zh": "签名密钥指纹"},
    "redacted_note": {"en": "Names and numbers of relatives and other third parties are masked in this copy.",
                      "ru": "Имена и номера родственников и других третьих лиц в этой копии скрыты.",
                      "it": "In questa copia nomi e numeri di familiari e altri terzi sono oscurati.",
                      "zh": "本副本已遮蔽亲属及其他第三方的姓名和号码。"},
    "contents": {"en": "Contents", "ru": "Содержание", "it": "Indice", "zh": "目录"},
    # summary
    "summary": {"en": "Summary", "ru": "Сводка", "it": "Sintesi", "zh": "概要"},
    "contacts_total": {"en": "Contacts in the period", "ru": "Контактов за период", "it": "Contatti nel periodo",
                       "zh": "期间内联系次数"},
    "collector_started": {"en": "started by the collector", "ru": "по инициативе взыскателя",
                          "it": "avviati dal recuperatore", "zh": "由催收方发起"},
    "flagged_contacts": {"en": "Contacts flagged by at least one rule", "ru": "Контактов с признаками нарушений",
                         "it": "Contatti segnalati da almeno una regola", "zh": "被至少一条规则标记的联系"},
    "by_channel": {"en": "Contacts by channel", "ru": "Контакты по каналам", "it": "Contatti per canale",
                   "zh": "按渠道统计"},
    "by_agency": {"en": "Contacts by collector", "ru": "Контакты по взыскателям", "it": "Contatti per recuperatore",
                  "zh": "按催收方统计"},
    "by_number": {"en": "Contacts by number", "ru": "Контакты по номерам", "it": "Contatti per numero",
                  "zh": "按号码统计"},
    "by_rule": {"en": "Likely violations by rule", "ru": "Вероятные нарушения по правилам",
                "it": "Probabili violazioni per regola", "zh": "按规则统计的可能违规"},
    "count": {"en": "Count", "ru": "Кол-во", "it": "Numero", "zh": "次数"},
    "channel": {"en": "Channel", "ru": "Канал", "it": "Canale", "zh": "渠道"},
    "number": {"en": "Number", "ru": "Номер", "it": "Numero", "zh": "号码"},
    "hidden": {"en": "hidden", "ru": "скрыт", "it": "nascosto", "zh": "隐藏"},
    "unknown": {"en": "unknown", "ru": "неизвестно", "it": "sconosciuto", "zh": "未知"},
    "none": {"en": "None.", "ru": "Нет.", "it": "Nessuno.", "zh": "无。"},
    # findings
    "findings": {"en": "Findings", "ru": "Выявленные нарушения", "it": "Segnalazioni", "zh": "发现的问题"},
    "no_findings": {"en": "No rule flagged a contact in this period.",
                    "ru": "Ни одно правило не выявило нарушений за этот период.",
                    "it": "Nessuna regola ha segnalato contatti in questo periodo.",
                    "zh": "本期间内没有规则标记任何联系。"},
    "rule": {"en": "Rule", "ru": "Правило", "it": "Regola", "zh": "规则"},
    "severity": {"en": "Severity", "ru": "Тяжесть", "it": "Gravità", "zh": "严重程度"},
    "confidence": {"en": "Confidence", "ru": "Достоверность", "it": "Affidabilità", "zh": "可信度"},
    "citation": {"en": "Citation", "ru": "Норма", "it": "Riferimento normativo", "zh": "依据"},
    "matched": {"en": "Words found", "ru": "Найденные слова", "it": "Parole trovate", "zh": "匹配词语"},
    "more_findings": {"en": "… and {n} more findings of this rule: dossier.html and findings.json list them all.",
                      "ru": "… и ещё {n} по этому правилу: все перечислены в dossier.html и findings.json.",
                      "it": "… e altre {n} segnalazioni di questa regola: tutte in dossier.html e findings.json.",
                      "zh": "……该规则另有 {n} 项发现：完整列表见 dossier.html 和 findings.json。"},
    "contacts_behind": {"en": "The contacts behind it", "ru": "Контакты, на которых основан вывод",
                        "it": "I contatti su cui si basa", "zh": "相关联系记录"},
    "context_contacts": {"en": "Also counted", "ru": "Также учтены", "it": "Conteggiati anche", "zh": "一并计入"},
    # log
    "log": {"en": "The full log, in order", "ru": "Полный журнал по порядку", "it": "Il registro completo, in ordine",
            "zh": "完整记录（按时间顺序）"},
    "log_note": {"en": "\u201cWhen\u201d is when the contact happened, in the debtor's time zone; \u201cLogged\u201d is when it was "
                       "entered into the log (stamped by the tool). Corrections and retractions are kept and shown.",
                 "ru": "«Когда» — время контакта по часовому поясу должника; «Записано» — когда запись внесена в журнал "
                       "(отметка программы). Исправления и отзывы записей сохраняются и показаны.",
                 "it": "\u00abQuando\u00bb \u00e8 il momento del contatto, nel fuso orario del debitore; \u00abRegistrato\u00bb \u00e8 quando "
                       "\u00e8 stato inserito nel registro (marcato dallo strumento). Correzioni e ritrattazioni restano visibili.",
                 "zh": "“时间”为联系发生的时间（债务人所在时区）；“记录于”为录入日志的时间（由工具自动标记）。更正和撤回均保留并显示。"},
    "log_truncated": {"en": "This PDF shortens long texts; dossier.html, contacts.csv and contacts.json hold every "
                            "record in full.",
                      "ru": "В этом PDF длинные тексты сокращены; полностью все записи — в dossier.html, contacts.csv "
                            "и contacts.json.",
                      "it": "Questo PDF accorcia i testi lunghi; dossier.html, contacts.csv e contacts.json contengono "
                            "ogni registrazione per intero.",
                      "zh": "本 PDF 缩短了较长的文字；完整记录见 dossier.html、contacts.csv 和 contacts.json。"},
    "id": {"en": "No.", "ru": "№", "it": "N.", "zh": "编号"},
    "when": {"en": "When", "ru": "Когда", "it": "Quando", "zh": "时间"},
    "logged": {"en": "Logged", "ru": "Записано", "it": "Registrato", "zh": "记录于"},
    "who": {"en": "Who", "ru": "Кто", "it": "Chi", "zh": "对方"},
    "what": {"en": "What was said or written", "ru": "Что сказано или написано", "it": "Cosa \u00e8 stato detto o scritto",
             "zh": "内容"},
    "duration": {"en": "Duration", "ru": "Длительность", "it": "Durata", "zh": "时长"},
    "caller": {"en": "Caller", "ru": "Звонивший", "it": "Chiamante", "zh": "来电人"},
    "identified_no": {"en": "did not identify themselves", "ru": "не представился", "it": "non si \u00e8 identificato",
                      "zh": "未表明身份"},
    "robot": {"en": "robot", "ru": "робот", "it": "robot", "zh": "机器人"},
    "third_party": {"en": "Third party", "ru": "Третье лицо", "it": "Terzo", "zh": "第三方"},
    "to_third_party": {"en": "contacted a third party", "ru": "контакт с третьим лицом", "it": "contattato un terzo",
                       "zh": "联系了第三方"},
    "revision": {"en": "revision", "ru": "редакция", "it": "revisione", "zh": "修订"},
    "revised": {"en": "Corrected", "ru": "Исправлено", "it": "Corretto", "zh": "已更正"},
    "voided": {"en": "RETRACTED", "ru": "ОТОЗВАНО", "it": "RITRATTATO", "zh": "已撤回"},
    "reason": {"en": "reason", "ru": "причина", "it": "motivo", "zh": "原因"},
    "history": {"en": "History", "ru": "История", "it": "Cronologia", "zh": "历史"},
    "created": {"en": "entered", "ru": "внесено", "it": "inserito", "zh": "录入"},
    "attachments": {"en": "Attachments", "ru": "Вложения", "it": "Allegati", "zh": "附件"},
    "hash": {"en": "Chain hash", "ru": "Хеш в цепочке", "it": "Hash nella catena", "zh": "链哈希"},
    "milestone": {"en": "Milestone", "ru": "Событие", "it": "Evento", "zh": "事件"},
    "milestones": {"en": "Milestones", "ru": "Ключевые события", "it": "Eventi rilevanti", "zh": "关键事件"},
    "note": {"en": "Note", "ru": "Примечание", "it": "Nota", "zh": "备注"},
    # charts
    "charts": {"en": "Charts", "ru": "Диаграммы", "it": "Grafici", "zh": "图表"},
    "heatmap": {"en": "Contacts by weekday and hour", "ru": "Контакты по дням недели и часам",
                "it": "Contatti per giorno della settimana e ora", "zh": "按星期和小时统计的联系"},
    "heatmap_note": {"en": "Collector-started contacts, debtor's time zone. Shaded: hours the rules allow "
                           "({rule}); {outside} of {total} contacts fell outside them.",
                     "ru": "Контакты по инициативе взыскателя, по времени должника. Затенены часы, разрешённые "
                           "правилами ({rule}); вне их — {outside} из {total} контактов.",
                     "it": "Contatti avviati dal recuperatore, fuso del debitore. In grigio: le ore consentite dalle "
                           "regole ({rule}); {outside} contatti su {total} fuori da esse.",
                     "zh": "由催收方发起的联系，按债务人时区。阴影为规则允许的时段（{rule}）；共 {total} 次中有 {outside} 次在此之外。"},
    "heatmap_no_rule": {"en": "Collector-started contacts, debtor's time zone. The rules of this jurisdiction set no "
                              "fixed hours.",
                        "ru": "Контакты по инициативе взыскателя, по времени должника. Правила этой юрисдикции не "
                              "устанавливают фиксированных часов.",
                        "it": "Contatti avviati dal recuperatore, fuso del debitore. Le regole di questa giurisdizione "
                              "non fissano orari.",
                        "zh": "由催收方发起的联系，按债务人时区。该司法管辖区的规则未规定固定时段。"},
    "per_day": {"en": "Contacts per day against the caps", "ru": "Контакты по дням в сравнении с лимитами",
                "it": "Contatti al giorno rispetto ai limiti", "zh": "每日联系次数与上限对比"},
    "per_day_note": {"en": "Bars: calls (dark: conversations) and messages per day. Lines: the daily caps ({caps}).",
                     "ru": "Столбцы: звонки (тёмные — разговоры) и сообщения за день. Линии: дневные лимиты ({caps}).",
                     "it": "Barre: chiamate (scure: conversazioni) e messaggi al giorno. Linee: limiti giornalieri ({caps}).",
                     "zh": "柱：每日电话（深色为接通的通话）和消息。线：每日上限（{caps}）。"},
    "no_caps": {"en": "no daily cap in these rules", "ru": "дневных лимитов в правилах нет",
                "it": "nessun limite giornaliero in queste regole", "zh": "规则中无每日上限"},
    "numbers_used": {"en": "The numbers each collector used", "ru": "Номера, с которых звонил каждый взыскатель",
                     "it": "I numeri usati da ciascun recuperatore", "zh": "各催收方使用的号码"},
    "calls": {"en": "calls", "ru": "звонки", "it": "chiamate", "zh": "电话"},
    "conversations": {"en": "conversations", "ru": "разговоры", "it": "conversazioni", "zh": "通话"},
    "messages": {"en": "messages", "ru": "сообщения", "it": "messaggi", "zh": "消息"},
    "visits": {"en": "visits", "ru": "визиты", "it": "visite", "zh": "上门"},
    "day": {"en": "Day", "ru": "День", "it": "Giorno", "zh": "日期"},
    # recordings
    "recordings": {"en": "Recordings and attachments", "ru": "Записи и вложения", "it": "Registrazioni e allegati",
                   "zh": "录音和附件"},
    "recordings_note": {"en": "Originals are byte for byte what was recorded; their SHA-256 is in the hash chain. "
                              "Playable copies (mono MP3, loudness-normalised) are made from them for listening.",
                        "ru": "Оригиналы побайтно совпадают с записанным; их SHA-256 входит в цепочку хешей. "
                              "Копии для прослушивания (моно MP3 с выровненной громкостью) сделаны из оригиналов.",
                        "it": "Gli originali sono identici byte per byte a quanto registrato; il loro SHA-256 \u00e8 nella "
                              "catena di hash. Le copie ascoltabili (MP3 mono, volume normalizzato) derivano da essi.",
                        "zh": "原始文件与录制内容逐字节一致，其 SHA-256 记录在哈希链中。可播放副本（单声道 MP3，响度归一化）由原始文件生成。"},
    "original": {"en": "original", "ru": "оригинал", "it": "originale", "zh": "原始文件"},
    "playable": {"en": "playable copy", "ru": "копия для прослушивания", "it": "copia ascoltabile", "zh": "可播放副本"},
    "not_included": {"en": "not included in this export", "ru": "не включено в этот экспорт",
                     "it": "non incluso in questa esportazione", "zh": "未包含在本次导出中"},
    "redacted_recording": {"en": "withheld: a call to a third party (redacted export)",
                           "ru": "не включено: звонок третьему лицу (экспорт со скрытием)",
                           "it": "escluso: chiamata a un terzo (esportazione oscurata)",
                           "zh": "未包含：致第三方的通话（遮蔽导出）"},
    # complaint
    "complaint": {"en": "Complaint draft", "ru": "Проект жалобы", "it": "Bozza di reclamo", "zh": "投诉草稿"},
    "complaint_draft_mark": {"en": "DRAFT \u2014 review, complete and correct it before sending. Filled in automatically "
                                   "from the log.",
                             "ru": "ПРОЕКТ — проверьте, дополните и исправьте перед отправкой. Заполнено автоматически "
                                   "по журналу.",
                             "it": "BOZZA \u2014 da rivedere, completare e correggere prima dell'invio. Compilata "
                                   "automaticamente dal registro.",
                             "zh": "草稿——发送前请核对、补充和更正。由日志自动填写。"},
    "complaint_language": {"en": "Written in the language the body works in.",
                           "ru": "Написано на языке, на котором работает орган.",
                           "it": "Scritto nella lingua in cui lavora l'autorit\u00e0.",
                           "zh": "以受理机构的工作语言撰写。"},
    "send_to": {"en": "Send to", "ru": "Куда направить", "it": "Destinatario", "zh": "提交至"},
    "evidence_asked": {"en": "Evidence the body asks for", "ru": "Какие доказательства запрашивает орган",
                       "it": "Prove richieste dall'autorit\u00e0", "zh": "受理机构要求的证据"},
    "in_dossier": {"en": "in this dossier", "ru": "есть в досье", "it": "in questo fascicolo", "zh": "本档案已包含"},
    "to_add": {"en": "to add yourself", "ru": "добавьте сами", "it": "da aggiungere", "zh": "需自行补充"},
    # integrity
    "integrity": {"en": "Integrity: how to check this dossier", "ru": "Целостность: как проверить это досье",
                  "it": "Integrit\u00e0: come verificare questo fascicolo", "zh": "完整性：如何核验本档案"},
    "integrity_text": {
        "en": "Every record was entered into an append-only log in which each entry is a link of a SHA-256 hash "
              "chain; a change to any past record breaks every later link. The chain verified when this dossier "
              "was exported ({links} links, head {head}). The dossier is a ZIP file: manifest.json lists the "
              "SHA-256 of every other file in it, and manifest.json.sig is an Ed25519 signature of manifest.json "
              "made with the log's own key, whose public half is inside manifest.json. Anyone can check it without "
              "the borrower's vault or passphrase: run \u201cdebtlog verify DOSSIER.zip\u201d, or recompute the hashes and "
              "check the signature with Python and the cryptography package (docs/dossier.md shows how). Compare "
              "the key fingerprint below with the one the borrower gave you separately: if they match, the "
              "dossier came from their log and was not changed since.",
        "ru": "Каждая запись внесена в журнал, в который можно только добавлять; каждая запись — звено цепочки "
              "хешей SHA-256, и изменение любой прошлой записи разрушает все последующие звенья. При экспорте "
              "досье цепочка прошла проверку ({links} звеньев, вершина {head}). Досье — это ZIP-файл: manifest.json "
              "перечисляет SHA-256 всех остальных файлов, а manifest.json.sig — подпись Ed25519 файла manifest.json "
              "собственным ключом журнала; открытая часть ключа находится в manifest.json. Проверить может любой "
              "без хранилища и пароля должника: команда «debtlog verify DOSSIER.zip» или пересчёт хешей и проверка "
              "подписи на Python с пакетом cryptography (см. docs/dossier.md). Сравните отпечаток ключа ниже с тем, "
              "который должник передал вам отдельно: если они совпадают, досье получено из его журнала и с тех пор "
              "не изменялось.",
        "it": "Ogni registrazione \u00e8 stata inserita in un registro in sola aggiunta, in cui ogni voce \u00e8 un anello di "
              "una catena di hash SHA-256: modificare una voce passata spezza tutti gli anelli successivi. Al momento "
              "dell'esportazione la catena \u00e8 risultata integra ({links} anelli, testa {head}). Il fascicolo \u00e8 un file "
              "ZIP: manifest.json elenca lo SHA-256 di ogni altro file, e manifest.json.sig \u00e8 una firma Ed25519 di "
              "manifest.json fatta con la chiave del registro, la cui parte pubblica \u00e8 in manifest.json. Chiunque pu\u00f2 "
              "verificarlo senza l'archivio n\u00e9 la password del debitore: \u00abdebtlog verify DOSSIER.zip\u00bb, oppure "
              "ricalcolando gli hash e verificando la firma con Python e il pacchetto cryptography (vedi "
              "docs/dossier.md). Confrontate l'impronta della chiave qui sotto con quella ricevuta separatamente dal "
              "debitore: se coincidono, il fascicolo proviene dal suo registro e non \u00e8 stato modificato.",
        "zh": "每条记录都写入只能追加的日志，每条记录都是 SHA-256 哈希链中的一环；修改任何历史记录都会破坏其后所有环节。"
              "导出本档案时哈希链核验通过（{links} 个环节，链头 {head}）。本档案是一个 ZIP 文件：manifest.json 列出其中"
              "其他每个文件的 SHA-256，manifest.json.sig 是用日志自身密钥对 manifest.json 所作的 Ed25519 签名，公钥位于 "
              "manifest.json 中。任何人无需债务人的保管库或密码即可核验：运行“debtlog verify DOSSIER.zip”，或用 Python "
              "和 cryptography 包重新计算哈希并验证签名（方法见 docs/dossier.md）。请将下方密钥指纹与债务人另行提供的指纹"
              "比对：两者一致，即说明本档案出自其日志且此后未被改动。"},
    "integrity_redacted": {"en": "This copy is redacted: the masked records no longer match their hashes in the "
                                 "chain, which only the unredacted log can show.",
                           "ru": "Эта копия со скрытием: изменённые записи больше не совпадают со своими хешами в "
                                 "цепочке — это можно показать только по журналу без скрытия.",
                           "it": "Questa copia \u00e8 oscurata: le voci mascherate non corrispondono pi\u00f9 ai loro hash "
                                 "nella catena, cosa che solo il registro non oscurato pu\u00f2 mostrare.",
                           "zh": "本副本经过遮蔽：被遮蔽的记录与其在哈希链中的哈希不再一致，只有未遮蔽的日志才能证明。"},
    "partial_share": {"en": "The borrower shared only part of the log with the volunteer: the entries from {since} to "
                            "{until}. {n} entries outside that period were withheld; the hash chain still verified "
                            "up to the head the borrower's key signed, but this dossier cannot show the withheld "
                            "entries.",
                      "ru": "Должник передал волонтёру только часть журнала: записи с {since} по {until}. "
                            "{n} записей вне этого периода не переданы; цепочка хешей проверена до вершины, "
                            "подписанной ключом должника, но показать непереданные записи это досье не может.",
                      "it": "Il debitore ha condiviso con il volontario solo una parte del registro: le voci dal "
                            "{since} al {until}. {n} voci fuori da quel periodo sono state trattenute; la catena di "
                            "hash \u00e8 stata verificata fino alla testa firmata dalla chiave del debitore, ma "
                            "questo fascicolo non pu\u00f2 mostrare le voci trattenute.",
                      "zh": "债务人只与志愿者共享了日志的一部分：{since}至{until}的记录。该期间以外的{n}条记录未共享；"
                            "哈希链已验证至债务人密钥签名的链头，但本档案无法显示未共享的记录。"},
    "signed_by_volunteer": {"en": "This dossier was exported by a legal-aid volunteer from the case the borrower shared "
                                  "with them, and is signed with the volunteer's key (the borrower's key never leaves "
                                  "the borrower's vault): the fingerprint below is the volunteer's.",
                            "ru": "Это досье экспортировал волонтёр юридической помощи из дела, которое ему передал "
                                  "должник, и оно подписано ключом волонтёра (ключ должника не покидает его хранилище): "
                                  "ниже — отпечаток ключа волонтёра.",
                            "it": "Questo fascicolo \u00e8 stato esportato da un volontario di assistenza legale dal caso "
                                  "condiviso dal debitore ed \u00e8 firmato con la chiave del volontario (la chiave del "
                                  "debitore non lascia il suo archivio): l'impronta qui sotto \u00e8 del volontario.",
                            "zh": "本档案由法律援助志愿者从债务人共享的案件中导出，并以志愿者的密钥签名（债务人的密钥从不离开其保管库）：下方指纹属于志愿者。"},
    "files_in_dossier": {"en": "Files in this dossier", "ru": "Файлы досье", "it": "File del fascicolo",
                         "zh": "档案中的文件"},
    "page": {"en": "Page", "ru": "Стр.", "it": "Pag.", "zh": "第"},
    "yes": {"en": "yes", "ru": "да", "it": "s\u00ec", "zh": "是"},
    "no": {"en": "no", "ru": "нет", "it": "no", "zh": "否"},
    "third_party_label": {"en": "[third party {n}]", "ru": "[третье лицо {n}]", "it": "[terzo {n}]",
                          "zh": "[第三方 {n}]"},
    "number_label": {"en": "[number of third party {n}]", "ru": "[номер третьего лица {n}]",
                     "it": "[numero del terzo {n}]", "zh": "[第三方 {n} 的号码]"},
}

# Values of the contract's vocabularies.
VOCAB: dict[str, dict[str, str]] = {
    "call": {"en": "call", "ru": "звонок", "it": "chiamata", "zh": "电话"},
    "sms": {"en": "SMS", "ru": "СМС", "it": "SMS", "zh": "短信"},
    "messenger": {"en": "messenger", "ru": "мессенджер", "it": "messaggistica", "zh": "即时通讯"},
    "email": {"en": "e-mail", "ru": "эл. почта", "it": "e-mail", "zh": "电子邮件"},
    "visit": {"en": "visit", "ru": "визит", "it": "visita", "zh": "上门"},
    "letter": {"en": "letter", "ru": "письмо", "it": "lettera", "zh": "信件"},
    "portal": {"en": "portal", "ru": "Госуслуги/портал", "it": "portale", "zh": "政务平台"},
    "incoming": {"en": "from collector", "ru": "от взыскателя", "it": "dal recuperatore", "zh": "催收方发起"},
    "outgoing": {"en": "by debtor", "ru": "от должника", "it": "dal debitore", "zh": "债务人发起"},
    "answered": {"en": "answered", "ru": "разговор", "it": "risposta", "zh": "已接听"},
    "missed": {"en": "missed", "ru": "пропущен", "it": "persa", "zh": "未接"},
    "rejected": {"en": "rejected", "ru": "отклонён", "it": "rifiutata", "zh": "已拒接"},
    "voicemail": {"en": "voicemail", "ru": "автоответчик", "it": "segreteria", "zh": "语音信箱"},
    "failed": {"en": "not connected", "ru": "не соединился", "it": "non connessa", "zh": "未接通"},
    "spouse": {"en": "spouse", "ru": "супруг(а)", "it": "coniuge", "zh": "配偶"},
    "relative": {"en": "relative", "ru": "родственник", "it": "familiare", "zh": "亲属"},
    "employer": {"en": "employer", "ru": "работодатель", "it": "datore di lavoro", "zh": "雇主"},
    "colleague": {"en": "colleague", "ru": "коллега", "it": "collega", "zh": "同事"},
    "friend": {"en": "friend", "ru": "друг", "it": "amico", "zh": "朋友"},
    "neighbor": {"en": "neighbour", "ru": "сосед", "it": "vicino", "zh": "邻居"},
    "other": {"en": "other", "ru": "другое", "it": "altro", "zh": "其他"},
    "overdue-start": {"en": "overdue since", "ru": "начало просрочки", "it": "inizio del ritardo", "zh": "逾期开始"},
    "refusal": {"en": "refusal of interaction", "ru": "отказ от взаимодействия", "it": "rifiuto dei contatti",
                "zh": "拒绝联系"},
    "representative": {"en": "represented by a lawyer", "ru": "назначен представитель",
                       "it": "rappresentato da un avvocato", "zh": "委托代理人"},
    "cease": {"en": "written request to stop", "ru": "требование прекратить", "it": "richiesta di cessare",
              "zh": "书面要求停止"},
    "dispute": {"en": "debt disputed", "ru": "долг оспорен", "it": "debito contestato", "zh": "对债务提出异议"},
    "bankruptcy": {"en": "bankruptcy", "ru": "банкротство", "it": "procedura di sovraindebitamento", "zh": "破产"},
    "third-party-consent": {"en": "third-party consent", "ru": "согласие третьего лица",
                            "it": "consenso di un terzo", "zh": "第三方同意"},
    "consent-withdrawn": {"en": "consent withdrawn", "ru": "согласие отозвано", "it": "consenso revocato",
                          "zh": "撤回同意"},
    "violation": {"en": "likely violation", "ru": "вероятное нарушение", "it": "probabile violazione",
                  "zh": "可能违法"},
    "presumption": {"en": "presumed violation", "ru": "презюмируемое нарушение", "it": "violazione presunta",
                    "zh": "推定违规"},
    "likely_violation": {"en": "possible violation", "ru": "возможное нарушение", "it": "possibile violazione",
                         "zh": "可能违规"},
    "code_of_conduct": {"en": "industry-code breach", "ru": "нарушение отраслевого кодекса",
                        "it": "violazione del codice di condotta", "zh": "违反行业规范"},
    "info": {"en": "for information", "ru": "для сведения", "it": "per informazione", "zh": "提示"},
    "H": {"en": "high", "ru": "высокая", "it": "alta", "zh": "高"},
    "M": {"en": "medium", "ru": "средняя", "it": "media", "zh": "中"},
    "L": {"en": "low", "ru": "низкая", "it": "bassa", "zh": "低"},
}

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ru": ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"),
    "it": ("Lun", "Mar", "Mer", "Gio", "Ven", "Sab", "Dom"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}

JURISDICTION_NAMES = {
    "RU": {"en": "Russia", "ru": "Россия", "it": "Russia", "zh": "俄罗斯"},
    "CN": {"en": "China", "ru": "Китай", "it": "Cina", "zh": "中国"},
    "IT": {"en": "Italy", "ru": "Италия", "it": "Italia", "zh": "意大利"},
    "US": {"en": "United States", "ru": "США", "it": "Stati Uniti", "zh": "美国"},
    "GB": {"en": "United Kingdom", "ru": "Великобритания", "it": "Regno Unito", "zh": "英国"},
    "IN": {"en": "India", "ru": "Индия", "it": "India", "zh": "印度"},
}


class Words:
    """The strings of one language: ``w("title")``, ``w.v("call")``, ``w("heatmap_note", rule=...)``."""

    def __init__(self, lang: str):
        if lang not in LANGS:
            raise ValueError(lang)
        self.lang = lang

    def __call__(self, key: str, **fmt) -> str:
        text = S[key][self.lang]
        return text.format(**fmt) if fmt else text

    def v(self, value: str | None) -> str:
        """A vocabulary value (channel, outcome, relation, milestone kind, severity...) in this language."""
        if value is None:
            return ""
        return VOCAB.get(value, {}).get(self.lang, value)

    def weekdays(self) -> tuple[str, ...]:
        return WEEKDAYS[self.lang]

    def jurisdiction(self, code: str) -> str:
        return JURISDICTION_NAMES.get(code, {}).get(self.lang, code)
