"""The dossier as PDF: fpdf2 with the fonts bundled in the package (design.md, "Dossier rendering").

Noto Sans (Latin, Cyrillic, Greek, the rouble sign) is the main font; Noto Sans SC (a
GB 2312 subset, see fonts/README.md) is the fallback for Chinese. Static fonts only: a
variable font takes seconds to load. Text goes through ``cell()``/``multi_cell()`` (the
fallback works there) and charts are drawn with ``rect()``.

Long logs: ``multi_cell`` costs about 2 ms a call, so beyond ``FULL_TEXT_LIMIT`` entries
the PDF shows each record on one line (texts shortened, and it says so); the HTML, CSV and
JSON files of the package always hold every record in full.
"""

from __future__ import annotations

import logging
import warnings
from datetime import timedelta
from importlib import resources

from .model import Dossier
from .strings import Words

FULL_TEXT_LIMIT = 1500
DETAILED_FINDINGS = 150  # beyond this, findings are listed one line each, grouped by rule
PER_RULE = 80
MAX_TEXT_IN_PDF = 4000  # characters of one record's text (a record may hold up to a million)
FONT = "NotoSans"
CJK = "NotoSansSC"
FONT_FILES = {("NotoSans", ""): "NotoSans-Regular.ttf", ("NotoSans", "B"): "NotoSans-Bold.ttf",
              ("NotoSansSC", ""): "NotoSansSC-Regular-GB2312.otf"}
SEV_RGB = {"violation": (198, 40, 40), "presumption": (229, 115, 115), "likely_violation": (249, 168, 37),
           "code_of_conduct": (206, 147, 216), "info": (179, 229, 252)}


def _clean(text) -> str:
    if text is None:
        return ""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return "".join(ch for ch in s if ch == "\n" or ch >= " ")


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


_WIDTHS: dict[int, int] = {}  # character -> advance in 1/1000 em (Noto Sans), filled by _new_pdf


def _shorten(text: str, width_mm: float, size_pt: float) -> str:
    """Cut text to what fits on one line, measured with the font's advance widths (no shaping: fast)."""
    text = " ".join(_clean(text).split())
    budget = width_mm * 1000 / (size_pt * 0.3528)
    used = 0
    widths = _WIDTHS
    for i, ch in enumerate(text):
        used += widths.get(ord(ch), 1000 if _wide(ch) else 600)
        if used > budget:
            return text[:max(0, i - 1)] + "…"
    return text


def _fonts_dir():
    return resources.files("debtlog.dossier") / "fonts"


def _new_pdf(title: str, footer: str):
    from fpdf import FPDF

    class DossierPDF(FPDF):
        def _render_styled_text_line(self, *args, **kwargs):
            # fpdf2 2.8: when a line starts with a fallback-font (Chinese) fragment, the page's
            # font is set inside the line's q...Q and is lost after it, while fpdf2 believes it
            # is set: the next line's text then has no font ("No font in show") and vanishes.
            # Setting the current font at page level first avoids that.
            if not self.current_font_is_set_on_page and self.current_font is not None and self.page > 0:
                self._out(self._set_font_for_page(self.current_font, self.font_size_pt))
            return super()._render_styled_text_line(*args, **kwargs)

        def footer(self):
            self.set_y(-12)
            self.set_font(FONT, "", 7)
            self.set_text_color(110, 110, 110)
            self.cell(0, 5, f"{footer} · {self.page_no()}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = DossierPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("debtlog")
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_margins(14, 14, 14)
    folder = _fonts_dir()
    for (family, style), name in FONT_FILES.items():
        with resources.as_file(folder / name) as path:
            pdf.add_font(family, style, str(path))
    pdf.set_fallback_fonts([CJK], exact_match=False)
    if not _WIDTHS:
        _WIDTHS.update((k, v) for k, v in dict(pdf.fonts[FONT.lower()].cw).items() if v)
    return pdf


class Writer:
    def __init__(self, d: Dossier):
        self.d = d
        self.w = Words(d.lang)
        self.pdf = _new_pdf(self.w("title"), "debtlog · " + self.w("title"))
        self.pdf.set_font(FONT, "", 10)

    # -- primitives -------------------------------------------------------------------------
    @property
    def width(self) -> float:
        return self.pdf.epw

    def put(self, x: float, y: float, text, width: float, size: float, lh: float) -> None:
        """One line of text, shortened to ``width``: ``text()`` is ten times faster than ``cell()``.

        ``text()`` has no font fallback, so a line with Chinese characters is set in Noto Sans
        SC as a whole (its subset also has ASCII and Russian Cyrillic).
        """
        s = _shorten(text, width - 1, size)
        if not s:
            return
        pdf = self.pdf
        if any(_wide(ch) for ch in s):
            pdf.set_font(CJK, "", size)
            pdf.text(x + 0.5, y + lh * 0.78, s)
            pdf.set_font(FONT, "", size)
        else:
            pdf.text(x + 0.5, y + lh * 0.78, s)

    def h1(self, text: str, new_page: bool = True) -> None:
        pdf = self.pdf
        if new_page:
            pdf.add_page()
        pdf.start_section(text)
        pdf.set_font(FONT, "B", 16)
        pdf.set_text_color(31, 95, 153)
        pdf.multi_cell(0, 8, _clean(text), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_draw_color(31, 95, 153)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + self.width, pdf.get_y())
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(0, 0, 0)
        pdf.ln(3)
        pdf.set_font(FONT, "", 10)

    def h2(self, text: str) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 6, _clean(text), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(FONT, "", 10)

    def para(self, text: str, size: float = 10, style: str = "", color=(0, 0, 0), h: float = 5) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(0, h, _clean(text), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, "", 10)

    def kv(self, key: str, value: str) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "B", 10)
        pdf.cell(55, 6, _clean(key))
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 6, _clean(value), new_x="LMARGIN", new_y="NEXT", align="L")

    def table(self, headers: list[str], rows: list[list], widths: list[float], size: float = 8.5,
              wrap: bool = True) -> None:
        """A table whose cells wrap (small tables) or are shortened to one line (``wrap=False``)."""
        pdf = self.pdf
        total = sum(widths)
        widths = [x * self.width / total for x in widths]
        lh = size * 0.3528 * 1.45

        def header():
            pdf.set_font(FONT, "B", size)
            pdf.set_fill_color(238, 243, 248)
            for text, wd in zip(headers, widths):
                pdf.cell(wd, lh + 1, _shorten(text, wd - 1, size), border=1, fill=True)
            pdf.ln(lh + 1)
            pdf.set_font(FONT, "", size)

        header()
        for row in rows:
            cells = [_clean(c) for c in row]
            if wrap:
                heights = [len(pdf.multi_cell(wd, lh, c, dry_run=True, output="LINES")) for c, wd in zip(cells, widths)]
                rh = max(heights) * lh
            else:
                rh = lh
            if pdf.get_y() + rh > pdf.page_break_trigger:
                pdf.add_page()
                header()
            x, y = pdf.get_x(), pdf.get_y()
            for c, wd in zip(cells, widths):
                if wrap:
                    pdf.rect(x, y, wd, rh)
                    pdf.set_xy(x, y)
                    pdf.multi_cell(wd, lh, c, new_x="RIGHT", new_y="TOP", align="L")
                else:
                    pdf.rect(x, y, wd, rh)
                    self.put(x, y, c, wd, size, rh)
                x += wd
            pdf.set_xy(pdf.l_margin, y + rh)
        pdf.ln(2)

    # -- sections ---------------------------------------------------------------------------
    def cover(self) -> None:
        d, w, pdf = self.d, self.w, self.pdf
        pdf.add_page()
        pdf.ln(20)
        pdf.start_section(w("title"))
        pdf.set_font(FONT, "B", 22)
        pdf.multi_cell(0, 11, w("title"), new_x="LMARGIN", new_y="NEXT", align="L")
        self.para(w("subtitle"), 10, color=(90, 90, 90))
        pdf.ln(8)
        period = f"{d.period[0]} — {d.period[1]}" if d.period else w("whole_log")
        self.kv(w("debtor"), d.profile.name or "—")
        self.kv(w("jurisdiction"), f"{w.jurisdiction(d.profile.jurisdiction)} ({d.profile.jurisdiction}) — {d.pack_title}")
        self.kv(w("timezone"), d.profile.timezone)
        self.kv(w("period"), period)
        if d.debts:
            for debt in d.debts:
                parts = [debt.get("creditor") or "", debt.get("agency") or ""]
                if debt.get("reference"):
                    parts.append(f"{w('reference')} {debt['reference']}")
                if debt.get("amount"):
                    parts.append(f"{w('amount')} {debt['amount']} {debt.get('currency') or ''}")
                if debt.get("origin"):
                    parts.append(debt["origin"])
                self.kv(w("debts"), ", ".join(p for p in parts if p))
        else:
            self.kv(w("debts"), w("no_debts"))
        self.kv(w("generated"), d.created_at.strftime("%Y-%m-%d %H:%M %z"))
        self.kv(w("tool"), f"debtlog {d.tool_version}")
        self.kv(w("chain_head"), f"{d.head} ({d.links})")
        self.kv(w("fingerprint"), d.fingerprint)
        pdf.ln(6)
        if d.redaction:
            self.para(w("redacted_note"), 10, "B")
        self.para(d.disclaimer, 9, color=(70, 70, 70))

    def summary(self) -> None:
        d, w = self.d, self.w
        s = d.summary
        self.h1(w("summary"))
        self.para(f"{w('contacts_total')}: {s['contacts']} ({s['incoming']} {w('collector_started')}). "
                  f"{w('flagged_contacts')}: {s['flagged']}.", 11, "B")
        self.h2(w("by_rule"))
        if s["by_rule"]:
            self.table([w("rule"), w("severity"), w("citation"), w("count")],
                       [[f"{r['title']}\n{r['rule']}", w.v(r["severity"]), r["citation"], r["entries"]]
                        for r in s["by_rule"]], [50, 18, 26, 8])
        else:
            self.para(w("none"))
        self.h2(w("by_channel"))
        self.table([w("channel"), w("count")], [[w.v(ch), n] for ch, n in s["by_channel"]], [40, 10], wrap=False)
        self.h2(w("by_agency"))
        self.table([w("agency"), w("count")], [[a or w("unknown"), n] for a, n in s["by_agency"]], [40, 10])
        self.h2(w("by_number"))
        self.table([w("number"), w("agency"), w("count")],
                   [[w("hidden") if num == "hidden" else num, a, n] for num, a, n in s["by_number"][:200]],
                   [18, 30, 8], wrap=False)

    def findings(self) -> None:
        d, w, pdf = self.d, self.w, self.pdf
        self.h1(w("findings"))
        self.para(d.disclaimer, 8.5, color=(70, 70, 70))
        if not d.findings:
            self.para(w("no_findings"))
        if len(d.findings) > DETAILED_FINDINGS:
            self._findings_by_rule()
            return
        for f in d.findings:
            if pdf.get_y() > pdf.h - 60:
                pdf.add_page()
            pdf.ln(2)
            y0 = pdf.get_y()
            self.para(f.title, 11, "B", h=5.5)
            r, g, b = SEV_RGB.get(f.severity, (150, 150, 150))
            pdf.set_fill_color(r, g, b)
            pdf.rect(pdf.l_margin - 3, y0, 1.5, 6, style="F")
            self.para(f"{w.v(f.severity)} · {f.rule} · {w('confidence')}: {w.v(f.confidence)} · "
                      f"{w('citation')}: {f.citation}", 8.5, color=(60, 60, 60))
            self.para(f.explanation, 9)
            if f.matched:
                self.para(f"{w('matched')}: " + ", ".join(f.matched), 8.5)
            rows = []
            for i in f.entries[:50]:
                row = d.rows_by_id.get(i)
                if row is None:
                    continue
                rows.append([row.id, row.when_local, f"{w.v(row.get('channel'))} {w.v(row.get('outcome'))}",
                             row.get("number") or (w("hidden") if row.get("number_hidden") else ""),
                             row.get("content") or ""])
            if rows:
                self.table([w("id"), w("when"), w("channel"), w("number"), w("what")], rows, [6, 16, 14, 16, 48],
                           size=7.5, wrap=False)
            if len(f.entries) > 50:
                self.para(f"… +{len(f.entries) - 50}", 8)

    def _findings_by_rule(self) -> None:
        """Many findings: one block per rule, one line per finding (at most PER_RULE of them)."""
        d, w, pdf = self.d, self.w, self.pdf
        groups: dict[str, list] = {}
        for f in d.findings:
            groups.setdefault(f.rule, []).append(f)
        size, lh = 7.5, 3.6
        for rule, items in groups.items():
            f0 = items[0]
            if pdf.get_y() > pdf.h - 50:
                pdf.add_page()
            pdf.ln(2)
            y0 = pdf.get_y()
            self.para(f"{f0.title} ({len(items)})", 11, "B", h=5.5)
            pdf.set_fill_color(*SEV_RGB.get(f0.severity, (150, 150, 150)))
            pdf.rect(pdf.l_margin - 3, y0, 1.5, 6, style="F")
            self.para(f"{w.v(f0.severity)} · {rule} · {w('confidence')}: {w.v(f0.confidence)} · "
                      f"{w('citation')}: {f0.citation}", 8.5, color=(60, 60, 60))
            pdf.set_font(FONT, "", size)
            for f in items[:PER_RULE]:
                if pdf.get_y() + lh > pdf.page_break_trigger:
                    pdf.add_page()
                    pdf.set_font(FONT, "", size)
                y = pdf.get_y()
                whens = [d.rows_by_id[i].when_local for i in f.entries[:3] if i in d.rows_by_id]
                ids = ", ".join(str(i) for i in f.entries[:6]) + ("…" if len(f.entries) > 6 else "")
                self.put(pdf.l_margin, y, ", ".join(whens), 52, size, lh)
                self.put(pdf.l_margin + 52, y, ids, 22, size, lh)
                self.put(pdf.l_margin + 74, y, f.explanation, self.width - 74, size, lh)
                pdf.set_y(y + lh)
            if len(items) > PER_RULE:
                self.para(w("more_findings", n=len(items) - PER_RULE), 8, color=(90, 90, 90))

    def charts(self) -> None:
        d, w, pdf = self.d, self.w, self.pdf
        self.h1(w("charts"))
        self.h2(w("heatmap"))
        hm = d.heatmap
        left, top = pdf.l_margin + 10, pdf.get_y() + 4
        cw, ch = (self.width - 12) / 24, 6.5
        peak = max((max(r) for r in hm.counts), default=0)
        pdf.set_font(FONT, "", 6)
        for h in range(24):
            pdf.set_xy(left + h * cw, top - 4)
            pdf.cell(cw, 3, f"{h:02d}", align="C")
        days = w.weekdays()
        pdf.set_draw_color(220, 220, 220)
        for dd in range(7):
            y = top + dd * ch
            pdf.set_font(FONT, "", 7)
            pdf.set_xy(pdf.l_margin, y + 1.5)
            pdf.cell(10, 3.5, days[dd])
            for h in range(24):
                x = left + h * cw
                if hm.allowed[dd][h]:
                    pdf.set_fill_color(227, 241, 227)
                    pdf.rect(x, y, cw, ch, style="F")
                n = hm.counts[dd][h]
                if n:
                    t = min(1.0, 0.25 + 0.75 * n / peak)
                    pdf.set_fill_color(round(255 - 65 * t), round(235 - 205 * t), round(220 - 190 * t))
                    pdf.rect(x + 0.5, y + 0.5, cw - 1, ch - 1, style="F")
                    pdf.set_text_color(*((255, 255, 255) if n > peak / 2 else (0, 0, 0)))
                    pdf.set_font(FONT, "", 6)
                    pdf.set_xy(x, y + 1.5)
                    pdf.cell(cw, 3.5, str(n), align="C")
                    pdf.set_text_color(0, 0, 0)
                pdf.rect(x, y, cw, ch)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_xy(pdf.l_margin, top + 7 * ch + 2)
        note = (w("heatmap_note", rule=hm.rule, outside=hm.outside, total=hm.total) if hm.rule
                else w("heatmap_no_rule"))
        self.para(note, 8, color=(70, 70, 70))

        self.h2(w("per_day"))
        self._per_day()
        from .html import caps_text

        self.para(w("per_day_note", caps=caps_text(d, w)), 8, color=(70, 70, 70))

        self.h2(w("numbers_used"))
        rows = [(agency or w("unknown"), w("hidden") if num == "hidden" else num, n)
                for agency, nums in d.numbers_by_agency for num, n in nums][:40]
        if rows:
            peak = max(n for *_x, n in rows)
            label_w, bar_w = 95, self.width - 110
            for agency, num, n in rows:
                if pdf.get_y() > pdf.page_break_trigger - 6:
                    pdf.add_page()
                y = pdf.get_y()
                pdf.set_font(FONT, "", 7.5)
                pdf.cell(label_w, 5, _shorten(f"{agency} · {num}", label_w - 1, 7.5), align="R")
                bw = max(0.5, bar_w * n / peak)
                pdf.set_fill_color(31, 95, 153)
                pdf.rect(pdf.l_margin + label_w + 2, y + 1, bw, 3, style="F")
                pdf.set_xy(pdf.l_margin + label_w + 4 + bw, y)
                pdf.cell(12, 5, str(n))
                pdf.set_xy(pdf.l_margin, y + 5)
        else:
            self.para(w("none"))

    def _per_day(self) -> None:
        d, w, pdf = self.d, self.w, self.pdf
        if not d.per_day:
            self.para(w("none"))
            return
        first, last = d.per_day[0].day, d.per_day[-1].day
        span = (last - first).days + 1
        by_day = {x.day: x for x in d.per_day}
        peak = max(max(x.calls, x.messages) for x in d.per_day)
        peak = max([peak, *d.caps.values()]) + 1
        plot_h = 50
        if pdf.get_y() + plot_h + 20 > pdf.page_break_trigger:
            pdf.add_page()
        left, top = pdf.l_margin + 8, pdf.get_y() + 2
        plot_w = self.width - 10
        bw = plot_w / span
        scale = plot_h / peak
        pdf.set_font(FONT, "", 6)
        pdf.set_draw_color(235, 235, 235)
        for v in range(0, peak + 1, max(1, peak // 5)):
            y = top + plot_h - v * scale
            pdf.line(left, y, left + plot_w, y)
            pdf.set_xy(pdf.l_margin, y - 1.5)
            pdf.cell(7, 3, str(v), align="R")
        half = bw / 2
        for i in range(span):
            day = first + timedelta(days=i)
            x = left + i * bw
            item = by_day.get(day)
            if item is not None:
                for value, rgb, dx in ((item.calls, (143, 179, 217), 0), (item.conversations, (31, 95, 153), 0),
                                       (item.messages, (224, 160, 64), half)):
                    if value:
                        h = value * scale
                        pdf.set_fill_color(*rgb)
                        pdf.rect(x + dx, top + plot_h - h, max(half - 0.2, 0.2), h, style="F")
        pdf.set_line_width(0.4)
        caps_rgb = {"conversations": (31, 95, 153), "calls": (122, 79, 160), "messages": (192, 96, 0)}
        for key, cap in d.caps.items():
            pdf.set_draw_color(*caps_rgb.get(key, (150, 0, 0)))
            y = top + plot_h - cap * scale
            pdf.set_dash_pattern(dash=2, gap=1.5)
            pdf.line(left, y, left + plot_w, y)
            pdf.set_dash_pattern()
        pdf.set_line_width(0.2)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_font(FONT, "", 6.5)
        pdf.set_xy(left, top + plot_h + 1)
        pdf.cell(40, 3, first.isoformat())
        pdf.set_xy(left + plot_w - 40, top + plot_h + 1)
        pdf.cell(40, 3, last.isoformat(), align="R")
        y = top + plot_h + 6
        x = left
        for rgb, key in (((143, 179, 217), "calls"), ((31, 95, 153), "conversations"), ((224, 160, 64), "messages")):
            pdf.set_fill_color(*rgb)
            pdf.rect(x, y, 3, 3, style="F")
            pdf.set_xy(x + 4, y - 0.5)
            pdf.cell(30, 4, w(key))
            x += 35
        pdf.set_xy(pdf.l_margin, y + 6)

    def milestones(self) -> None:
        d, w = self.d, self.w
        self.h1(w("milestones"))
        ms = [r for r in d.rows if r.type == "milestone"]
        if not ms:
            self.para(w("none"))
            return
        self.table([w("id"), w("when"), w("milestone"), f"{w('creditor')} / {w('agency')}", w("note"), w("logged")],
                   [[r.id, r.when_local, w.v(r.get("kind")) + (f" — {w('voided')}" if r.voided else ""),
                     " ".join(x for x in (r.get("creditor"), r.get("agency")) if x), r.get("note") or "", r.logged]
                    for r in ms], [6, 14, 18, 24, 40, 16], size=8)

    def log(self) -> None:
        d, w, pdf = self.d, self.w, self.pdf
        self.h1(w("log"))
        self.para(w("log_note"), 8, color=(70, 70, 70))
        full = len(d.rows) <= FULL_TEXT_LIMIT
        if not full:
            self.para(w("log_truncated"), 8.5, "B")
        if full:
            widths = [10, 25, 25, 32, 30, 0]
            heads = [w("id"), w("when"), w("logged"), w("channel"), w("number"), w("agency")]
        else:  # one line per entry
            widths = [10, 23, 23, 24, 22, 26, 0, 22]
            heads = [w("id"), w("when"), w("logged"), w("channel"), w("number"), w("agency"), w("what"), w("rule")]
        widths[widths.index(0)] = self.width - sum(widths)
        size, lh = 7.5, 3.6
        left = pdf.l_margin
        body_x, body_w = left + widths[0], self.width - widths[0]

        def header():
            pdf.set_font(FONT, "B", size)
            pdf.set_fill_color(238, 243, 248)
            pdf.rect(left, pdf.get_y(), self.width, lh + 0.6, style="F")
            x = left
            y = pdf.get_y()
            for text, wd in zip(heads, widths):
                pdf.set_xy(x, y)
                pdf.cell(wd, lh + 0.6, _shorten(text, wd - 1, size))
                x += wd
            pdf.set_xy(left, y + lh + 0.8)
            pdf.set_font(FONT, "", size)

        header()
        for r in d.rows:
            if pdf.get_y() + 2 * lh > pdf.page_break_trigger:
                pdf.add_page()
                header()
            y = pdf.get_y()
            if r.voided:
                pdf.set_text_color(120, 120, 120)
            elif r.rules:
                pdf.set_fill_color(253, 224, 224)
                pdf.rect(left, y, self.width, lh, style="F")
            ch, number, who, text, extra = self._row_texts(r)
            cells = [str(r.id) + (f" r{r.revision}" if r.revision > 1 else ""), r.when_local, r.logged, ch, number, who]
            if not full:
                cells += [(w("voided") + ": " if r.voided else "") + text, ", ".join(r.rules)]
            x = left
            for c, wd in zip(cells, widths):
                self.put(x, y, c, wd, size, lh)
                x += wd
            pdf.set_xy(left, y + lh)
            if full:
                self._row_details(r, text, extra, body_x, body_w, size, lh)
            pdf.set_text_color(0, 0, 0)
            if full:
                pdf.set_draw_color(225, 225, 225)
                pdf.line(left, pdf.get_y() + 0.5, left + self.width, pdf.get_y() + 0.5)
                pdf.set_draw_color(0, 0, 0)
                pdf.set_xy(left, pdf.get_y() + 1)

    def _row_texts(self, r):
        w = self.w
        if r.type != "contact":
            who = " / ".join(x for x in (r.get("creditor"), r.get("agency")) if x)
            return w("milestone"), "", who, w.v(r.get("kind")) + (": " + r.get("note") if r.get("note") else ""), []
        ch = w.v(r.get("channel"))
        if r.get("outcome"):
            ch += ", " + w.v(r.get("outcome"))
        number = r.get("number") or (w("hidden") if r.get("number_hidden") else "")
        who = " / ".join(x for x in (r.get("agency"), r.get("creditor")) if x)
        extra = []
        if r.get("caller"):
            extra.append(f"{w('caller')}: {r.get('caller')}")
        if r.get("identified") is False:
            extra.append(w("identified_no"))
        if r.get("robot"):
            extra.append(w("robot"))
        if r.get("target") == "third_party":
            tp = r.get("third_party") or {}
            extra.append(f"{w('to_third_party')}: {tp.get('name') or ''} ({w.v(tp.get('relation'))}) "
                         f"{tp.get('number') or ''}".strip())
        if r.get("duration_s"):
            from .html import fmt_duration

            extra.append(f"{w('duration')} {fmt_duration(r.get('duration_s'))}")
        return ch, number, who, r.get("content") or "", extra

    def _row_details(self, r, text, extra, body_x, body_w, size, lh) -> None:
        w, pdf = self.w, self.pdf
        if text:
            if len(text) > MAX_TEXT_IN_PDF:
                text = text[:MAX_TEXT_IN_PDF] + " … [" + w("log_truncated") + "]"
            pdf.set_x(body_x)
            pdf.multi_cell(body_w, lh, _clean(text), new_x="LMARGIN", new_y="NEXT", align="L")
        notes = []
        if extra:
            notes.append(" · ".join(extra))
        if r.rules:
            notes.append("→ " + ", ".join(r.rules))
        if r.voided:
            notes.append(f"{w('voided')} — {w('reason')}: {r.void_reason or ''}")
        if r.history:
            notes.append(w("history") + ": " + "; ".join(
                f"{h['recorded_at'][:16].replace('T', ' ')} "
                f"{w('created') if h['action'] == 'create' else (w('revised') if h['action'] == 'revise' else w('voided'))}"
                + (f" ({h['reason']})" if h.get("reason") else "") for h in r.history))
        if r.attachments:
            notes.append(w("attachments") + ": " + ", ".join(f"{a.get('filename') or ''} {a['sha256'][:16]}"
                                                           for a in r.attachments))
        if not notes:
            return
        pdf.set_font(FONT, "", 6.5)
        if not r.voided:
            pdf.set_text_color(90, 90, 90)
        for note in notes:
            if pdf.get_y() + 3.2 > pdf.page_break_trigger:
                pdf.add_page()
            if len(note) < 150 and not any(_wide(ch) for ch in note):
                self.put(body_x, pdf.get_y(), note, body_w, 6.5, 3.2)
                pdf.set_xy(pdf.l_margin, pdf.get_y() + 3.2)
            else:
                pdf.set_x(body_x)
                pdf.multi_cell(body_w, 3.2, _clean(note), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(FONT, "", size)

    def complaint(self) -> None:
        d, w, pdf = self.d, self.w, self.pdf
        c = d.complaint
        if c is None:
            return
        self.h1(w("complaint"))
        self.para(w("complaint_draft_mark"), 11, "B", color=(200, 0, 0))
        self.para(w("complaint_language"), 8, color=(90, 90, 90))
        self.para(f"{w('send_to')}: {c.body}", 10, "B")
        self.para(c.how, 9)
        pdf.ln(2)
        self.para(c.title, 12, "B")
        for p in c.paragraphs:
            self.para(p, 10)
            pdf.ln(1.5)
        self.h2(w("evidence_asked"))
        for what, have in c.evidence:
            self.para(f"{'[x]' if have else '[  ]'} {what} — {w('in_dossier') if have else w('to_add')}", 9.5)

    def recordings(self) -> None:
        d, w = self.d, self.w
        if not d.recordings:
            return
        self.h1(w("recordings"))
        self.para(w("recordings_note"), 8.5, color=(70, 70, 70))
        from .html import fmt_duration

        rows = []
        for rec in d.recordings:
            where = rec.withheld or (rec.original_path or w("not_included"))
            if rec.playable_path:
                where += f"\n{w('playable')}: {rec.playable_path}"
            rows.append([rec.entry_id, f"{rec.filename or ''}\n{rec.media_type or ''}, {rec.size} B", where,
                         rec.sha256, fmt_duration(rec.duration_s)])
        self.table([w("id"), w("attachments"), w("original"), "SHA-256", w("duration")], rows, [6, 22, 30, 34, 8],
                   size=7)

    def integrity(self) -> None:
        d, w = self.d, self.w
        self.h1(w("integrity"))
        self.para(w("integrity_text", links=d.links, head=d.head[:16]), 10)
        if d.redaction:
            self.pdf.ln(2)
            self.para(w("integrity_redacted"), 10, "B")
        if d.signer == "volunteer":
            self.pdf.ln(2)
            self.para(w("signed_by_volunteer"), 10, "B")
        if d.partial:
            self.pdf.ln(2)
            self.para(w("partial_share", since=d.partial.get("from") or "…", until=d.partial.get("to") or "…",
                        n=d.partial.get("withheld_entries")), 10, "B")
        self.pdf.ln(4)
        self.kv(w("fingerprint"), d.fingerprint)
        self.kv(w("chain_head"), d.head)
        self.pdf.ln(4)
        self.para(d.disclaimer, 9, color=(70, 70, 70))


def render_pdf(d: Dossier) -> bytes:
    logging.getLogger("fpdf").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wr = Writer(d)
        wr.cover()
        wr.summary()
        wr.findings()
        wr.charts()
        wr.milestones()
        wr.log()
        wr.complaint()
        wr.recordings()
        wr.integrity()
        return bytes(wr.pdf.output())
