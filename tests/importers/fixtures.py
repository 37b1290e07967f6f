"""Phone exports generated from their documented formats (no real data in the project)."""

from __future__ import annotations

from datetime import datetime, timezone
from xml.sax.saxutils import quoteattr


def ms(text: str) -> int:
    """Epoch milliseconds of an ISO time (with offset)."""
    return int(datetime.fromisoformat(text).timestamp() * 1000)


def sbr_calls(calls: list[dict], count: int | None = None) -> str:
    lines = ["<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>",
             '<?xml-stylesheet type="text/xsl" href="calls.xsl"?>',
             f'<calls count="{len(calls) if count is None else count}" backup_set="x" backup_date="1" type="full">']
    for c in calls:
        attrs = {"number": c.get("number", "+79161234567"), "duration": str(c.get("duration", 0)),
                 "date": str(c["date"]), "type": str(c.get("type", 1)),
                 "presentation": str(c.get("presentation", 1)), "subscription_id": str(c.get("sim", 1)),
                 "post_dial_digits": "", "readable_date": "3 мар. 2026 г. 22:30:00",
                 "contact_name": c.get("name", "(Unknown)")}
        lines.append("  <call " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items()) + " />")
    lines.append("</calls>")
    return "\n".join(lines) + "\n"


def sbr_sms(messages: list[str]) -> str:
    """``messages`` are ready-made <sms>/<mms> elements (so tests can write raw quirks)."""
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
            f'<smses count="{len(messages)}">\n' + "\n".join("  " + m for m in messages) + "\n</smses>\n")


def sms(address: str, date: int, body: str, type_: int = 1, raw_body: str | None = None) -> str:
    b = raw_body if raw_body is not None else quoteattr(body)[1:-1]
    return (f'<sms protocol="0" address={quoteattr(address)} date="{date}" type="{type_}" subject="null" '
            f'body="{b}" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" '
            f'date_sent="{date}" sub_id="1" readable_date="x" contact_name="(Unknown)" />')


def mms(address: str, date: int, text: str, box: int = 1, media: tuple[str, str, bytes] | None = None,
        m_id: str = "m1") -> str:
    import base64

    parts = ['<part seq="-1" ct="application/smil" name="null" chset="null" text="&lt;smil/&gt;" />',
             f'<part seq="0" ct="text/plain" name="null" chset="106" cl="text_0.txt" text={quoteattr(text)} />']
    if media:
        name, ct, data = media
        parts.append(f'<part seq="0" ct="{ct}" name="{name}" chset="null" cl="{name}" text="null" '
                     f'data="{base64.b64encode(data).decode()}" />')
    addr_type = "137" if box == 1 else "151"
    return (f'<mms date="{date}" msg_box="{box}" address={quoteattr(address)} m_id="{m_id}" sub="null" '
            f'ct_t="application/vnd.wap.multipart.related" read="1" m_type="132" readable_date="x" '
            f'contact_name="(Unknown)"><parts>{"".join(parts)}</parts>'
            f'<addrs><addr address={quoteattr(address)} type="{addr_type}" charset="106" /></addrs></mms>')


UTC = timezone.utc
