"""Commands that create the vault and record, read and correct entries."""

import contextlib
from pathlib import Path
from typing import Annotated, Iterator, List, Optional

import typer

from ..errors import InvalidInput
from ..i18n import _
from . import common
from .common import JsonOpt, PassphraseFileOpt, VaultOpt

CHANNEL_HELP = "call, sms, messenger, email, visit, letter or portal"


@contextlib.contextmanager
def open_vault(write: bool = False) -> Iterator:
    from ..vault import open_log

    with open_log(common.vault_path(), common.passphrase(), write=write) as log:
        common.adopt_profile_language(log)
        yield log


# -- init / profile / passwd ---------------------------------------------------------------

def init(
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", "-j", help="Country whose law applies: RU, CN, IT, US, GB or IN.")] = None,
    timezone: Annotated[Optional[str], typer.Option("--timezone", "-t", help="Your time zone, e.g. Europe/Moscow, Asia/Shanghai, America/Chicago.")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="Your name, as it should appear in a complaint (optional).")] = None,
    region: Annotated[Optional[str], typer.Option("--region", help="Region code for regional holidays, e.g. RU-TA (optional).")] = None,
    language: Annotated[Optional[str], typer.Option("--language", help="The language debtlog speaks to you: en, ru, zh_CN or it (default: the one it speaks now).")] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Create a new encrypted vault for your case."""
    from ..profile import make_profile

    common.use_options(vault, passphrase_file)
    path = common.vault_path()
    if path.exists():
        raise InvalidInput(_("A vault already exists at {path}.").format(path=path),
                           _("Use it (debtlog list), or choose another place with --vault PATH."))
    if common.interactive():
        if not jurisdiction:
            jurisdiction = common.ask(_("Which country's law applies (RU, CN, IT, US, GB, IN)?"))
        if not timezone:
            from ..profile import default_timezone

            timezone = common.ask(_("Your time zone"), default=default_timezone(jurisdiction or ""))
    if not jurisdiction or not timezone:
        raise InvalidInput(_("init needs --jurisdiction and --timezone."),
                           _("For example: debtlog init --jurisdiction RU --timezone Europe/Moscow"))
    profile = make_profile(jurisdiction, timezone, name, region, language)
    secret = common.passphrase(new=True)
    from ..vault import create_vault

    head = create_vault(path, secret, profile)
    if profile.language:
        common.remember_language(profile.language)
    if json_out:
        common.print_json({"vault": str(path), "profile": profile.to_dict(), "head": head})
        return
    common.ok(_("Created the vault {path} ({j}, {tz}).").format(path=path, j=profile.jurisdiction, tz=profile.timezone))
    common.say(_("Keep the passphrase safe: without it nobody, you included, can open the vault.\n"
                 "Next: record a contact with  debtlog add"))


def profile(
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", "-j", help="Change the country whose law applies.")] = None,
    timezone: Annotated[Optional[str], typer.Option("--timezone", "-t", help="Change your time zone (new entries use it; old ones keep theirs).")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="Change your name.")] = None,
    region: Annotated[Optional[str], typer.Option("--region", help="Change the region code.")] = None,
    language: Annotated[Optional[str], typer.Option("--language", help="Change the language debtlog speaks: en, ru, zh_CN or it.")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why (kept in the log), e.g. 'moved to Kazan'.")] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Show your profile (jurisdiction, time zone, name), or change it."""
    from ..profile import make_profile

    common.use_options(vault, passphrase_file)
    changing = any(v is not None for v in (jurisdiction, timezone, name, region, language))
    with open_vault(write=changing) as log:
        p = log.profile
        if changing:
            new = make_profile(jurisdiction or p.jurisdiction, timezone or p.timezone,
                               name if name is not None else p.name, region if region is not None else p.region,
                               language if language is not None else p.language)
            if new == p:
                raise InvalidInput(_("Nothing to change: the profile already says that."))
            log.set_profile(new, reason)
            p = new
    if language is not None:
        common.remember_language(p.language)
    if json_out:
        common.print_json(p.to_dict())
        return
    from .render import profile_panel

    common.out_console().print(profile_panel(p))
    if changing:
        common.ok(_("Profile updated."))


def passwd(
    new_passphrase_file: Annotated[Optional[Path], typer.Option("--new-passphrase-file", help="Read the new passphrase from this file (or set DEBTLOG_NEW_PASSPHRASE).")] = None,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Change the vault's passphrase (only the vault's header is rewritten)."""
    import os

    from ..vault import VaultFile

    common.use_options(vault, passphrase_file)
    path = common.vault_path()
    common.refuse_case_file(path, _("Your cases share your volunteer passphrase: change it for all of them with: "
                                    "debtlog volunteer passwd"))
    old = common.passphrase(what=_("Current passphrase"))
    opened = VaultFile(path).unlock(old, write=True)
    try:
        if new_passphrase_file:
            new = common._read_passphrase_file(new_passphrase_file)
        elif os.environ.get("DEBTLOG_NEW_PASSPHRASE"):
            new = os.environ["DEBTLOG_NEW_PASSPHRASE"]
        elif common.interactive():
            new = common._ask(True, _("New passphrase"))
        else:
            raise InvalidInput(_("No new passphrase: there is no terminal to ask on."),
                               _("Set DEBTLOG_NEW_PASSPHRASE or pass --new-passphrase-file PATH."))
        if len(new) < common.MIN_PASSPHRASE:
            raise InvalidInput(_("The new passphrase is too short; use at least {m} characters.").format(m=common.MIN_PASSPHRASE))
        opened.change_passphrase(new)
    finally:
        opened.close()
    common.ok(_("Passphrase changed. The old one no longer opens {path}.").format(path=path))
    common.say(_("Backups made before now still open with the old passphrase."))


# -- add ----------------------------------------------------------------------------------

AtOpt = Annotated[Optional[str], typer.Option("--at", help="When: 2026-03-03T22:30, 22:30 (today), 'yesterday 22:30', 'вчера 22:30', '昨天晚上10点', 'ieri 22:30'.")]
ChannelOpt = Annotated[Optional[str], typer.Option("--channel", "-c", help=CHANNEL_HELP)]
DirectionOpt = Annotated[Optional[str], typer.Option("--direction", help="incoming (the collector started it) or outgoing.")]
OutcomeOpt = Annotated[Optional[str], typer.Option("--outcome", help="For calls: answered, missed, rejected, voicemail or failed.")]
NumberOpt = Annotated[Optional[str], typer.Option("--number", "-n", help="The collector's number as your phone showed it.")]
HiddenOpt = Annotated[Optional[bool], typer.Option("--hidden-number/--shown-number", help="The number was withheld.", show_default=False)]
AgencyOpt = Annotated[Optional[str], typer.Option("--agency", "-a", help="The collection agency (or bank) that contacted you.")]
CreditorOpt = Annotated[Optional[str], typer.Option("--creditor", help="Whose debt they collect, if different.")]
CallerOpt = Annotated[Optional[str], typer.Option("--caller", help="The person's name as they gave it.")]
ThirdPartyOpt = Annotated[Optional[str], typer.Option("--third-party", help="They contacted someone else: that person's name.")]
RelationOpt = Annotated[Optional[str], typer.Option("--relation", help="spouse, relative, employer, colleague, friend, neighbor or other.")]
ThirdNumberOpt = Annotated[Optional[str], typer.Option("--third-party-number", help="The number they called the other person on.")]
DurationOpt = Annotated[Optional[str], typer.Option("--duration", "-d", help="Length: seconds or MM:SS.")]
ContentOpt = Annotated[Optional[str], typer.Option("--content", "-m", help="What was said or written.")]
ContentFileOpt = Annotated[Optional[Path], typer.Option("--content-file", help="Read what was said or written from a text file.")]
RobotOpt = Annotated[Optional[bool], typer.Option("--robot/--human", help="A recorded or synthetic voice made the call.", show_default=False)]
IdentifiedOpt = Annotated[Optional[bool], typer.Option("--identified/--not-identified", help="Whether the caller stated their name and organisation.", show_default=False)]
DebtOpt = Annotated[Optional[str], typer.Option("--debt", help="Which debt (its reference), if you have several.")]


def add(
    at: AtOpt = None,
    channel: ChannelOpt = None,
    direction: DirectionOpt = None,
    outcome: OutcomeOpt = None,
    number: NumberOpt = None,
    hidden_number: HiddenOpt = None,
    agency: AgencyOpt = None,
    creditor: CreditorOpt = None,
    caller: CallerOpt = None,
    third_party: ThirdPartyOpt = None,
    relation: RelationOpt = None,
    third_party_number: ThirdNumberOpt = None,
    duration: DurationOpt = None,
    content: ContentOpt = None,
    content_file: ContentFileOpt = None,
    robot: RobotOpt = None,
    identified: IdentifiedOpt = None,
    debt: DebtOpt = None,
    audio: Annotated[Optional[List[Path]], typer.Option("--audio", help="A recording of the call (repeat for several).")] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never ask questions; use defaults for what is missing.")] = False,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Record a collector contact: by flags, or answer the questions on a terminal."""
    from . import forms

    common.use_options(vault, passphrase_file)
    flags = forms.ContactFlags.from_params(locals())
    audio_files = forms.check_audio_paths(audio or [])
    infos: list = []
    guard = contextlib.nullcontext()
    if audio_files:  # checked before anything is stored; the length comes from the recording when not given
        from ..vault.attachments import cleanup_on_failure, prepare_files, recording_duration

        infos, guard = prepare_files(audio_files), cleanup_on_failure()
        if flags.duration is None and recording_duration(infos):
            flags.duration = str(round(recording_duration(infos)))
    with guard, open_vault(write=True) as log:
        ask = common.interactive() and not no_input and not json_out and flags.missing_essentials()
        record = forms.build_contact(log, flags, ask=ask)
        entry = log.add(record)
        if audio_files:
            from ..vault.attachments import attach_files

            attach_files(log, entry.id, audio_files, infos)
            entry = log.get(entry.id)
    if infos:
        from .audio_cmd import add_audio_notes

        for note in add_audio_notes(entry, infos):
            common.warn(note)
    if json_out:
        common.print_json(entry.to_json())
        return
    from .render import entry_line

    common.ok(_("Recorded as entry {id}: {line}").format(id=entry.id, line=entry_line(entry)))


# -- list / show -------------------------------------------------------------------------

def list_entries(
    since: Annotated[Optional[str], typer.Option("--since", help="From this date (2026-03-01, 01.03.2026, yesterday).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Up to and including this date.")] = None,
    agency: Annotated[Optional[str], typer.Option("--agency", "-a", help="Only this agency.")] = None,
    number: Annotated[Optional[str], typer.Option("--number", "-n", help="Only this number.")] = None,
    channel: Annotated[Optional[str], typer.Option("--channel", "-c", help="Only this channel: " + CHANNEL_HELP + ".")] = None,
    kind: Annotated[Optional[str], typer.Option("--type", help="contact or milestone.")] = None,
    search: Annotated[Optional[str], typer.Option("--search", "-s", help="Only entries whose text (what was said, names, notes, recording transcripts) contains this.")] = None,
    voided: Annotated[bool, typer.Option("--voided", help="Include retracted (voided) entries.")] = False,
    last: Annotated[Optional[int], typer.Option("--last", help="Only the last N entries (the table shows the last 50 unless --all).")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Show every entry in the table.")] = False,
    json_out: JsonOpt = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Print CSV (safe to open in a spreadsheet).")] = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """List the recorded contacts and milestones, oldest first."""
    from ..models import CHANNELS

    common.use_options(vault, passphrase_file)
    if channel and channel not in CHANNELS:
        raise InvalidInput(_("Unknown channel '{c}'; use one of: {all}.").format(c=channel, all=", ".join(CHANNELS)))
    if kind and kind not in ("contact", "milestone"):
        raise InvalidInput(_("--type must be contact or milestone."))
    if json_out and csv_out:
        raise InvalidInput(_("Choose one of --json and --csv."))
    if last is not None and last < 1:
        raise InvalidInput(_("--last must be 1 or more."))
    with open_vault() as log:
        from . import forms

        filters = forms.list_filters(log, since, until, number)
        total = None
        limit = last
        table = not (json_out or csv_out)
        if table and limit is None and not show_all and not (since or until):
            limit = 50
            total = log.count()
        if search:
            from ..vault.derived import search_transcripts

            entries = log.entries(agency=agency, channel=channel, type=kind, include_voided=voided, **filters)
            heard = search_transcripts(log, search)
            entries = [e for e in entries if e.id in heard or _mentions(e, search)]
            if limit is not None:
                total = len(entries) if total is not None else None
                entries = entries[-limit:]
        else:
            entries = log.entries(agency=agency, channel=channel, type=kind, include_voided=voided, last=limit,
                                  **filters)
        tz = log.profile.timezone
    if json_out:
        common.print_json([e.to_json() for e in entries])
    elif csv_out:
        from ..views import write_csv

        import sys

        write_csv([e.to_json() for e in entries], sys.stdout)
    else:
        from .render import entries_table

        console = common.out_console()
        if not entries:
            common.say(_("No entries match. Record one with: debtlog add"))
            return
        console.print(entries_table(entries, tz, console.width))
        if total is not None and total > len(entries):
            common.say(_("Showing the last {n} of {total} entries; use --all, --since or --last N for others.")
                       .format(n=len(entries), total=total))


def _mentions(entry, text: str) -> bool:
    """Whether an entry's own text (content, names, notes) contains ``text``, ignoring case."""
    needle = text.casefold()
    p = entry.payload
    tp = p.get("third_party") or {}
    fields = (p.get("content"), p.get("note"), p.get("caller"), p.get("agency"), p.get("creditor"), p.get("debt"),
              p.get("number"), tp.get("name"))
    return any(f and needle in f.casefold() for f in fields)


def show(
    entry_id: Annotated[int, typer.Argument(help="The entry's id (see debtlog list).", metavar="ID")],
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Everything about one entry: its fields, revisions, retraction and attachments."""
    common.use_options(vault, passphrase_file)
    with open_vault() as log:
        entry = log.get(entry_id)
        history = log.history(entry_id)
    if json_out:
        doc = entry.to_json()
        doc["history"] = [
            {"link": h.seq, "action": h.action, "recorded_at": h.recorded_at, "hash": h.hash,
             "reason": h.payload.get("reason") if h.action != "create" else None,
             "record": h.payload.get("record") if h.action == "revise" else (h.payload if h.action == "create" else None)}
            for h in history
        ]
        common.print_json(doc)
        return
    from .render import entry_detail

    common.out_console().print(entry_detail(entry, history))


# -- edit / void -------------------------------------------------------------------------

def edit(
    entry_id: Annotated[int, typer.Argument(help="The entry to correct.", metavar="ID")],
    reason: Annotated[Optional[str], typer.Option("--reason", "-r", help="Why it is corrected (kept in the log).")] = None,
    at: AtOpt = None,
    channel: ChannelOpt = None,
    direction: DirectionOpt = None,
    outcome: OutcomeOpt = None,
    number: NumberOpt = None,
    hidden_number: HiddenOpt = None,
    agency: AgencyOpt = None,
    creditor: CreditorOpt = None,
    caller: CallerOpt = None,
    third_party: ThirdPartyOpt = None,
    relation: RelationOpt = None,
    third_party_number: ThirdNumberOpt = None,
    duration: DurationOpt = None,
    content: ContentOpt = None,
    content_file: ContentFileOpt = None,
    robot: RobotOpt = None,
    identified: IdentifiedOpt = None,
    debt: DebtOpt = None,
    note: Annotated[Optional[str], typer.Option("--note", help="For a milestone: its note.")] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Correct an entry. The original stays in the log as an earlier revision."""
    from . import forms

    common.use_options(vault, passphrase_file)
    flags = forms.ContactFlags.from_params(locals())
    if flags.empty():
        raise InvalidInput(_("Say what to change, e.g. --at \"03.03.2026 22:40\" --reason \"wrong time\"."),
                           _("See the fields with: debtlog edit --help"))
    with open_vault(write=True) as log:
        current = log.get(entry_id)
        record = forms.revised_record(log, current, flags)
        if not reason and common.interactive() and not json_out:
            reason = common.ask(_("Why is it corrected?"))
        entry = log.revise(entry_id, record, reason or "")
    if json_out:
        common.print_json(entry.to_json())
        return
    common.ok(_("Entry {id} corrected (revision {rev}); the earlier version stays in the log.")
              .format(id=entry.id, rev=entry.revision))


def void(
    entry_id: Annotated[int, typer.Argument(help="The entry to retract.", metavar="ID")],
    reason: Annotated[Optional[str], typer.Option("--reason", "-r", help="Why (kept in the log), e.g. 'duplicate of 12'.")] = None,
    json_out: JsonOpt = False,
    vault: VaultOpt = None,
    passphrase_file: PassphraseFileOpt = None,
) -> None:
    """Retract an entry. It stays in the log, marked void, with your reason."""
    common.use_options(vault, passphrase_file)
    if not reason and not common.interactive():
        raise InvalidInput(_("void needs --reason."), _("For example: debtlog void 12 --reason \"duplicate of 11\""))
    with open_vault(write=True) as log:
        log.get(entry_id)
        if not reason:
            reason = common.ask(_("Why is it retracted?"))
        entry = log.void(entry_id, reason or "")
    if json_out:
        common.print_json(entry.to_json())
        return
    common.ok(_("Entry {id} is void. It stays in the log (debtlog list --voided).").format(id=entry.id))
