"""The dossier's charts as inline SVG (no script, no external font): heatmap, per day, numbers.

Every label goes through ``html.escape``: agency names and numbers come from the log.
"""

from __future__ import annotations

from html import escape

ALLOWED_FILL = "#e3f1e3"
CELL_LOW = (255, 235, 220)
CELL_HIGH = (190, 30, 30)
CALLS = "#8fb3d9"
TALKS = "#1f5f99"
MESSAGES = "#e0a040"
CAP_COLORS = {"conversations": "#1f5f99", "calls": "#7a4fa0", "messages": "#c06000"}


def heat_color(n: int, peak: int) -> str:
    if n <= 0 or peak <= 0:
        return "none"
    t = min(1.0, 0.25 + 0.75 * n / peak)
    r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(CELL_LOW, CELL_HIGH))
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap_svg(hm, weekdays: tuple[str, ...]) -> str:
    cw, ch, left, top = 26, 22, 44, 18
    width, height = left + 24 * cw + 4, top + 7 * ch + 4
    peak = max((max(row) for row in hm.counts), default=0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img">']
    for h in range(24):
        out.append(f'<text x="{left + h * cw + cw / 2:.0f}" y="12" font-size="10" text-anchor="middle">{h:02d}</text>')
    for d in range(7):
        y = top + d * ch
        out.append(f'<text x="{left - 6}" y="{y + 15}" font-size="11" text-anchor="end">{escape(weekdays[d])}</text>')
        for h in range(24):
            x = left + h * cw
            if hm.allowed[d][h]:
                out.append(f'<rect x="{x}" y="{y}" width="{cw}" height="{ch}" fill="{ALLOWED_FILL}"/>')
            n = hm.counts[d][h]
            if n:
                out.append(f'<rect x="{x + 2}" y="{y + 2}" width="{cw - 4}" height="{ch - 4}" '
                           f'fill="{heat_color(n, peak)}"><title>{escape(weekdays[d])} {h:02d}:00 \u2014 {n}</title></rect>')
                color = "#fff" if n > peak / 2 else "#000"
                out.append(f'<text x="{x + cw / 2:.0f}" y="{y + 15}" font-size="10" text-anchor="middle" '
                           f'fill="{color}">{n}</text>')
            out.append(f'<rect x="{x}" y="{y}" width="{cw}" height="{ch}" fill="none" stroke="#ddd" stroke-width="0.5"/>')
    out.append("</svg>")
    return "".join(out)


def per_day_svg(days, caps: dict[str, int], labels: dict[str, str]) -> str:
    if not days:
        return ""
    from datetime import timedelta

    first, last = days[0].day, days[-1].day
    span = (last - first).days + 1
    by_day = {d.day: d for d in days}
    peak = max(max(d.calls, d.messages) for d in days)
    peak = max(peak, *(caps.values() or [0])) + 1
    left, top, plot_h = 30, 10, 160
    bw = max(2.0, min(18.0, 900 / span))
    width = left + span * bw + 10
    height = top + plot_h + 40
    scale = plot_h / peak
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0f} {height}" '
           f'width="{width:.0f}" height="{height}" role="img">']
    for v in range(0, peak + 1, max(1, peak // 5)):
        y = top + plot_h - v * scale
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10:.0f}" y2="{y:.1f}" stroke="#eee"/>'
                   f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end">{v}</text>')
    half = bw / 2
    for i in range(span):
        day = first + timedelta(days=i)
        d = by_day.get(day)
        x = left + i * bw
        if d is not None:
            for value, color, dx in ((d.calls, CALLS, 0), (d.conversations, TALKS, 0), (d.messages, MESSAGES, half)):
                if value:
                    h = value * scale
                    out.append(f'<rect x="{x + dx:.1f}" y="{top + plot_h - h:.1f}" width="{max(half - 0.5, 0.8):.1f}" '
                               f'height="{h:.1f}" fill="{color}"><title>{day.isoformat()}: {value}</title></rect>')
        if span <= 62 and (i % max(1, span // 15) == 0):
            out.append(f'<text x="{x + half:.1f}" y="{top + plot_h + 12}" font-size="8" text-anchor="middle">'
                       f'{day.strftime("%m-%d")}</text>')
    if span > 62:
        out.append(f'<text x="{left}" y="{top + plot_h + 12}" font-size="9">{first.isoformat()}</text>'
                   f'<text x="{width - 10:.0f}" y="{top + plot_h + 12}" font-size="9" text-anchor="end">'
                   f'{last.isoformat()}</text>')
    for key, cap in caps.items():
        y = top + plot_h - cap * scale
        color = CAP_COLORS.get(key, "#900")
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10:.0f}" y2="{y:.1f}" stroke="{color}" '
                   f'stroke-dasharray="4 3" stroke-width="1.5"/>')
    lx = left
    for color, key in ((CALLS, "calls"), (TALKS, "conversations"), (MESSAGES, "messages")):
        out.append(f'<rect x="{lx}" y="{height - 14}" width="10" height="10" fill="{color}"/>'
                   f'<text x="{lx + 14}" y="{height - 5}" font-size="10">{escape(labels[key])}</text>')
        lx += 24 + 7 * len(labels[key])
    out.append("</svg>")
    return "".join(out)


def numbers_svg(numbers_by_agency, hidden_label: str, unknown_label: str) -> str:
    rows = []
    for agency, numbers in numbers_by_agency:
        for number, n in numbers:
            rows.append((agency or unknown_label, hidden_label if number == "hidden" else number, n))
    if not rows:
        return ""
    rows = rows[:40]
    peak = max(n for _a, _n, n in rows)
    left, bar_w, rh = 330, 300, 18
    width, height = left + bar_w + 50, len(rows) * rh + 6
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img">']
    for i, (agency, number, n) in enumerate(rows):
        y = 3 + i * rh
        label = f"{agency[:32]} \u00b7 {number}"
        w = bar_w * n / peak
        out.append(f'<text x="{left - 6}" y="{y + 12}" font-size="10" text-anchor="end">{escape(label)}</text>'
                   f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{rh - 6}" fill="{TALKS}"/>'
                   f'<text x="{left + w + 4:.1f}" y="{y + 12}" font-size="10">{n}</text>')
    out.append("</svg>")
    return "".join(out)
