"""Compile the .po catalogs into the .mo files debtlog reads at run time.

    python -m debtlog.i18n.compile            # writes debtlog/locale/<lang>/LC_MESSAGES/debtlog.mo
    python -m debtlog.i18n.compile --check    # exit 1 when a .mo is older than its .po
"""

from __future__ import annotations

import sys

from .extract import compile_all


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    sys.exit(1 if compile_all("--check" in args) else 0)


if __name__ == "__main__":
    main()
