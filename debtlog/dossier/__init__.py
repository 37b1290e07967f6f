"""The dossier: what a volunteer, a regulator or a court receives.

- ``build(log, Options(...)) -> Dossier``: everything the dossier shows, from the log (pure
  data; redaction applied).
- ``export(dossier, out, signing_key)``: the signed ZIP (or a single HTML or PDF file).
- ``verify_dossier(path) -> DossierReport``: checks a ZIP without any vault.

Renderers: ``html.render_html``, ``pdf.render_pdf``; charts in ``charts_svg`` and ``pdf``;
complaint drafts in ``complaints``; the dossier's words in ``strings``. Importing this
package is light: jinja2, fpdf2 and cryptography load only when used.
"""

from __future__ import annotations

from .model import Dossier, Options, build, key_fingerprint

__all__ = ["Dossier", "Options", "build", "export", "key_fingerprint", "verify_dossier"]


def export(dossier, out, signing_key: bytes):
    from .bundle import export as _export

    return _export(dossier, out, signing_key)


def verify_dossier(path):
    from .verify import verify_dossier as _verify

    return _verify(path)
