"""The dossier as one self-contained HTML file: opens offline in any browser and prints well.

Jinja2 with autoescape on: everything a collector wrote is text, never markup (an SMS body
with ``<script>`` shows as those characters). The page carries a Content-Security-Policy
that forbids scripts besides. Charts are inline SVG; no external file, font or script.
"""

from __future__ import annotations

from .model import Dossier
from .strings import Words


def _env():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("debtlog.dossier", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def caps_text(d: Dossier, w: Words) -> str:
    if not d.caps:
        return w("no_caps")
    return ", ".join(f"{w(k)} \u2264 {v}" for k, v in d.caps.items())


def fmt_duration(s) -> str:
    if s is None or s == "":
        return "–"
    s = int(round(float(s)))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def render_html(d: Dossier) -> str:
    from .charts_svg import heatmap_svg, numbers_svg, per_day_svg

    w = Words(d.lang)
    svg = {
        "heatmap": heatmap_svg(d.heatmap, w.weekdays()),
        "per_day": per_day_svg(d.per_day, d.caps, {k: w(k) for k in ("calls", "conversations", "messages")}),
        "numbers": numbers_svg(d.numbers_by_agency, w("hidden"), w("unknown")),
    }
    template = _env().get_template("dossier.html.j2")
    return template.render(d=d, w=w, svg=svg, caps_text=caps_text(d, w), fmt_duration=fmt_duration)
