"""Rich renderings for the terminal: tables, panels, one-line summaries."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..i18n import N_, _
from ..models import MILESTONE_LABELS

# Translators: how a contact was made, in a table cell (a noun: "a call").
CHANNEL_LABEL = {
    "call": N_("call"), "sms": N_("SMS"), "messenger": N_("messenger"), "email": N_("e-mail"), "visit": N_("visit"),
    "letter": N_("letter"), "portal": N_("portal"),
}
# Translators: how a call ended, in a table cell.
OUTCOME_LABEL = {"answered": N_("answered"), "missed": N_("missed"), "rejected": N_("rejected"),
                 "voicemail": N_("voicemail"), "failed": N_("failed")}
# Translators: who the collector contacted instead of the borrower.
RELATION_LABEL = {"spouse": N_("spouse"), "relative": N_("relative"), "employer": N_("employer"),
                  "colleague": N_("colleague"), "friend": N_("friend"), "neighbor": N_("neighbor"),
                  "other": N_("other")}
DIRECTION_LABEL = {"incoming": N_("incoming"), "outgoing": N_("outgoing")}


def label_of(table: dict, value):
    """The translated label of a vocabulary value (the value itself when it is not in the table)."""
    return _(table[value]) if value in table else value
CONTENT_PREVIEW = 60  # characters of what was said shown in a table row; `show ID` has all of it


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# Translators: short weekday names (the heatmap's rows, dates in tables).
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def when(dt: datetime, tz: str | None = None, short: bool = False) -> str:
    from ..i18n.formats import format_datetime

    if tz:
        dt = dt.astimezone(ZoneInfo(tz))
    return format_datetime(dt, short=short)


def milestone_when(at) -> str:
    """A milestone's date (or date and time) as the language writes it: 15.10.2025, 2025-10-15, 15/10/2025."""
    from ..i18n.formats import format_date

    return when(at) if isinstance(at, datetime) else format_date(at)


def number_text(record) -> str:
    from ..phones import display_number

    if getattr(record, "number_hidden", False):
        return _("hidden")
    return display_number(record.number) if getattr(record, "number", None) else ""


def outcome_text(c) -> str:
    parts = []
    if c.outcome:
        parts.append(label_of(OUTCOME_LABEL, c.outcome))
    if c.duration_s:
        s = int(c.duration_s)
        parts.append(f"{s // 60}:{s % 60:02d}")
    if c.robot:
        parts.append(_("robot"))
    return " ".join(parts)


def _who(c) -> str:
    if c.target == "third_party" and c.third_party:
        tp = c.third_party
        text = ", ".join(x for x in (tp.name, label_of(RELATION_LABEL, tp.relation) if tp.relation else None) if x)
        return "→ " + (text or _("someone else"))
    if c.target == "third_party":
        return "→ " + _("someone else")
    return ""


def entry_line(entry) -> str:
    r = entry.record
    if entry.type == "milestone":
        return _("milestone") + f" {label_of(MILESTONE_LABELS, r.kind)} {milestone_when(r.at)}"
    bits = [when(r.occurred_at), label_of(CHANNEL_LABEL, r.channel), number_text(r), r.agency or "", outcome_text(r), _who(r)]
    return "  ".join(b for b in bits if b)


def entries_table(entries, tz: str, width: int = 120) -> Table:
    """The log as a table; on a narrow terminal (< 110 columns) without the agency column."""
    from ..i18n.formats import format_date

    narrow = width < 110
    # From 80 columns up the short columns keep their width (a number or a time split over two
    # lines is hard to read and to copy) and what was said takes the rest of the line; below 90
    # the time goes under the date. Narrower (a phone's terminal), every column may wrap.
    if width < 80:
        t = Table(show_lines=False, header_style="bold", expand=False, pad_edge=False)
        t.add_column(_("ID"), justify="right", no_wrap=True, min_width=2)
        t.add_column(_("When"), min_width=8)
        t.add_column(_("How"), min_width=4)
        t.add_column(_("Number"), min_width=8)
        t.add_column(_("Result"), min_width=6)
        t.add_column(_("What was said"), min_width=10)
    else:
        tiny = width < 90
        t = Table(show_lines=False, header_style="bold", expand=True, pad_edge=False)
        t.add_column(_("ID"), justify="right", no_wrap=True, min_width=2)
        t.add_column(_("When"), no_wrap=not tiny, min_width=8, width=10 if tiny else None)
        t.add_column(_("How"), no_wrap=True, max_width=12, overflow="ellipsis")
        t.add_column(_("Number"), no_wrap=True)
        if not narrow:
            t.add_column(_("Agency"), min_width=8, max_width=22)
        t.add_column(_("Result"), min_width=6, max_width=9 if tiny else 12, overflow="fold")
        t.add_column(_("What was said"), min_width=16, ratio=1)
    for e in entries:
        r = e.record
        marks = ""
        if e.revision > 1:
            marks += f" r{e.revision}"
        if e.attachments:
            marks += " ♪"
        style = "dim strike" if e.voided else None
        if e.type == "milestone":
            at = format_date(r.at) if not isinstance(r.at, datetime) else when(r.at)
            cells = [str(e.id) + marks, at, _("milestone"), "", r.agency or r.creditor or "",
                     label_of(MILESTONE_LABELS, r.kind),
                     Text(_short(r.note or "", CONTENT_PREVIEW))]
            if narrow:
                del cells[4]
            t.add_row(*cells, style=style or "cyan")
            continue
        content = _short(" ".join((r.content or "").split()), 36 if narrow else CONTENT_PREVIEW)
        who = _who(r)
        if who:
            content = f"{who}  {content}"
        cells = [str(e.id) + marks, when(r.occurred_at, short=narrow), label_of(CHANNEL_LABEL, r.channel),
                 number_text(r), r.agency or "", outcome_text(r), Text(content)]
        if narrow:
            del cells[4]
        t.add_row(*cells, style=style)
    return t


def _field_rows(entry) -> list[tuple[str, str]]:
    r = entry.record
    rows: list[tuple[str, str]] = []
    if entry.type == "milestone":
        kind = label_of(MILESTONE_LABELS, r.kind)
        rows += [(_("Milestone"), kind if kind == r.kind else f"{kind} ({r.kind})"), (_("Date"), milestone_when(r.at))]
        for label, v in ((_("Creditor"), r.creditor), (_("Agency"), r.agency), (_("Debt"), r.debt), (_("Note"), r.note)):
            if v:
                rows.append((label, v))
        return rows
    rows.append((_("Happened"), f"{when(r.occurred_at)} ({r.timezone})"))
    rows.append((_("Channel"), f"{label_of(CHANNEL_LABEL, r.channel)}, {label_of(DIRECTION_LABEL, r.direction)}"))
    if r.outcome or r.duration_s:
        rows.append((_("Result"), outcome_text(r)))
    rows.append((_("Number"), number_text(r) or "—"))
    for label, v in ((_("Agency"), r.agency), (_("Creditor"), r.creditor), (_("Caller"), r.caller), (_("Debt"), r.debt)):
        if v:
            rows.append((label, v))
    if r.identified is not None:
        rows.append((_("Identified"), _("yes") if r.identified else _("no")))
    if r.target == "third_party":
        tp = r.third_party
        desc = (", ".join(x for x in (tp.name, label_of(RELATION_LABEL, tp.relation) if tp.relation else None, tp.number)
                          if x) if tp else _("someone else"))
        rows.append((_("Contacted"), desc))
    if r.source_id:
        rows.append((_("Source id"), r.source_id))
    return rows


def entry_detail(entry, history) -> Panel:
    from ..i18n.formats import format_number

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in _field_rows(entry):
        grid.add_row(label, Text(value))
    grid.add_row(_("Recorded"), entry.recorded_at)
    grid.add_row(_("Hash"), entry.hash)
    parts: list = [grid]
    r = entry.record
    if entry.type == "contact" and r.content:
        parts += [Text(""), Text(_("What was said or written:"), style="bold"), Text(r.content)]
    if entry.attachments:
        parts += [Text(""), Text(_("Attachments:"), style="bold")]
        for a in entry.attachments:
            dur = ", " + _("{s} s").format(s=format_number(round(a["duration_s"]))) if a.get("duration_s") else ""
            size = _("{n} bytes").format(n=format_number(a["size"]))
            parts.append(Text(f"  {a['sha256'][:16]}  {a.get('filename') or ''}  {a.get('media_type') or ''}  "
                              f"{size}{dur}"))
    if len(history) > 1:
        parts += [Text(""), Text(_("History (every version stays in the log):"), style="bold")]
        for h in history:
            if h.action == "create":
                line = _("  {at}  recorded (revision 1)").format(at=h.recorded_at)
            elif h.action == "revise":
                line = _("  {at}  corrected: {reason}").format(at=h.recorded_at, reason=h.payload.get("reason"))
                changed = _changed(history, h)
                if changed:
                    line += "  [" + ", ".join(changed) + "]"
            else:
                line = _("  {at}  voided: {reason}").format(at=h.recorded_at, reason=h.payload.get("reason"))
            parts.append(Text(line))
    title = _("Entry {id}").format(id=entry.id)
    if entry.voided:
        title += "  " + _("VOID: {reason}").format(reason=entry.void_reason)
    elif entry.revision > 1:
        title += "  " + _("(revision {n})").format(n=entry.revision)
    return Panel(Group(*parts), title=title, title_align="left", border_style="red" if entry.voided else "blue")


def _changed(history, link) -> list[str]:
    """The keys a revision changed, compared with the version before it."""
    before = None
    for h in history:
        if h.seq == link.seq:
            break
        if h.action == "create":
            before = h.payload
        elif h.action == "revise":
            before = h.payload["record"]
    after = link.payload["record"]
    if before is None:
        return []
    return [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]


def profile_panel(p) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row(_("Jurisdiction"), p.jurisdiction)
    grid.add_row(_("Time zone"), p.timezone)
    grid.add_row(_("Name"), p.name or "—")
    if p.region:
        grid.add_row(_("Region"), p.region)
    if getattr(p, "language", None):
        from ..i18n import NAMES

        grid.add_row(_("Language"), NAMES.get(p.language, p.language))
    return Panel(grid, title=_("Profile"), title_align="left")
