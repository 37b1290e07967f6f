"""Terminal renderings of the charts in debtlog.charts (rich cells; they hold without colour too)."""

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..charts import daily_caps, per_day, weekday_hour
from ..i18n import N_, _
from ..i18n.formats import format_day
from .render import WEEKDAYS

# Translators: the daily caps' legend under the chart ("conversations 1, messages 2").
CAP_LABEL = {"conversations": N_("conversations"), "messages": N_("messages"), "calls": N_("calls"),
             "contacts": N_("contacts")}
LABEL_CELLS = 5  # the heatmap's first column: weekday names, padded by terminal cells (a CJK char is 2)


def _pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - cell_len(text))

SHADES = ("bright_black", "yellow", "dark_orange", "red", "bold red")


def _cell(count: int, allowed) -> Text:
    """Three characters: the count (99 at most); '!' marks contacts outside the legal window."""
    if count == 0:
        return Text("░░░" if allowed is False else "  ·", style="red dim" if allowed is False else "bright_black")
    label = str(min(count, 99))
    if allowed is False:
        return Text((label + "!").rjust(3), style="bold white on red")
    shade = SHADES[min(len(SHADES) - 1, count)]
    return Text(label.rjust(3), style=shade)


def heatmap(contacts, tz: str, pack) -> Group:
    hm = weekday_hour(contacts, tz, pack)
    t = Table.grid(padding=(0, 0))
    t.add_column(no_wrap=True)
    for _h in range(24):
        t.add_column(no_wrap=True, justify="right")
    t.add_row(Text(" " * LABEL_CELLS), *[Text(f"{h:>3}", style="dim") for h in range(24)])
    for d in range(7):
        t.add_row(Text(_pad(_(WEEKDAYS[d]), LABEL_CELLS)), *[_cell(hm.counts[d][h], hm.allowed[d][h]) for h in range(24)])
    title = Text(_("Contacts the collectors started, by weekday and hour ({tz})").format(tz=tz), style="bold")
    notes = []
    if hm.rule:
        notes.append(Text(_("░ and ! = outside the hours {rule} allows in a usual week (the findings above also "
                            "account for holidays and transferred working days).").format(rule=hm.rule), style="dim"))
        notes.append(Text(_("{n} of {total} contacts fall outside those hours.").format(n=hm.outside, total=hm.total)))
    return Group(Text(""), title, t, *notes)


def day_chart(contacts, tz: str, pack, days: int = 14) -> Group:
    rows = per_day(contacts, tz)[-days:]
    caps = daily_caps(pack)
    title = Text(_("Contacts per day (the last {n} days with contacts)").format(n=len(rows)), style="bold")
    t = Table(box=None, pad_edge=False, padding=(0, 1), show_header=True, header_style="dim")
    t.add_column(_("Day"), no_wrap=True)
    t.add_column(_("Calls (answered)"), no_wrap=True)
    t.add_column(_("Messages"), no_wrap=True)
    conv_cap = caps.get("conversations")
    msg_cap = caps.get("messages")
    for r in rows:
        calls = Text("█" * min(r.calls, 20) + f" {r.calls} ({r.conversations})")
        if conv_cap is not None and r.conversations > conv_cap:
            calls.stylize("bold red")
            calls.append("  " + _("over {cap}/day").format(cap=conv_cap), style="bold red")
        msgs = Text("▒" * min(r.messages, 20) + f" {r.messages}")
        if msg_cap is not None and r.messages > msg_cap:
            msgs.stylize("bold red")
            msgs.append("  " + _("over {cap}/day").format(cap=msg_cap), style="bold red")
        t.add_row(format_day(r.day), calls, msgs)
    legend = []
    if caps:
        parts = [f"{_(CAP_LABEL[k]) if k in CAP_LABEL else k} {v}" for k, v in caps.items()]
        legend.append(Text(_("Daily caps ({country}): {caps}").format(country=_country(pack), caps=", ".join(parts)),
                           style="dim"))
    return Group(Text(""), title, t, *legend)


def _country(pack) -> str:
    """The pack's country in the command's language ("Россия"), or its code for a pack of elsewhere."""
    from ..dossier.strings import JURISDICTION_NAMES
    from ..i18n import language

    names = JURISDICTION_NAMES.get((pack.jurisdiction or "").upper())
    if not names:
        return pack.jurisdiction or pack.id
    return names.get(language().split("_")[0], names["en"])
