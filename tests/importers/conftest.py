"""Fixtures for the phone-log importers.

debtlog.cli.phone_imports adds its commands (and the ``import --list-formats`` callback) to
``import_app`` when imported, and app.py registers ``contacts``. Until app.py does that,
this fixture puts them in place for each test and takes them out again, so the rest of the
suite (docs/commands.md is generated from the live app) sees the app as it is.
"""

from __future__ import annotations

import pytest

from ..conftest import SAMPLES


@pytest.fixture
def phone_cli(cli):
    from debtlog.cli import phone_imports
    from debtlog.cli.app import app
    from debtlog.cli.importing import import_app

    if any(g.typer_instance is phone_imports.contacts_app for g in app.registered_groups):
        yield cli  # app.py registers the module itself
        return
    mine = getattr(phone_imports, "_REGISTERED", None)
    if mine is None:
        mine = phone_imports._REGISTERED = [c for c in import_app.registered_commands
                                            if getattr(c.callback, "__module__", "") == phone_imports.__name__]
    for c in mine:
        if c not in import_app.registered_commands:
            import_app.registered_commands.append(c)
    app.add_typer(phone_imports.contacts_app, name="contacts")
    import_app.registered_callback = phone_imports.import_callback_info
    try:
        yield cli
    finally:
        for c in mine:
            if c in import_app.registered_commands:
                import_app.registered_commands.remove(c)
        app.registered_groups[:] = [g for g in app.registered_groups
                                    if g.typer_instance is not phone_imports.contacts_app]
        import_app.registered_callback = phone_imports._ORIGINAL_CALLBACK


def samples(*parts):
    path = SAMPLES.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"sample {path} is not here")
    return path


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()
