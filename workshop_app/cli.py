"""Headless commands: new, import, dump, summary, templates, export, backups, restore, bench.

Every user mistake prints one line to stderr and exits with status 2; a bug of ours
prints a traceback and exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from workshop_app import __version__
from workshop_app.bench.runner import add_bench_parser, bench_command
from workshop_app.errors import PlanwallError

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"bench": bench_command}


def _command(
    name: str,
) -> Callable[[Callable[[argparse.Namespace], int]], Callable[[argparse.Namespace], int]]:
    def wrap(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = fn
        return fn

    return wrap


def _day(text: str) -> date:
    """``--date``: a calendar date in the forms every date box takes (argparse turns the error
    into a usage line)."""
    from workshop_app.errors import InvalidInputError
    from workshop_app.rules.dates import parse_date

    try:
        when = parse_date(text)
    except InvalidInputError as exc:
        raise argparse.ArgumentTypeError(str(exc).replace(", or leave it empty", "")) from None
    if when is None:
        raise argparse.ArgumentTypeError(
            "is empty. Give the date of day 1, like 2026-03-10, or leave --date out."
        )
    return when


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshop-app",
        description="Planwall: run live, facilitated Joint Business Planning workshops. "
        "Without a command, opens the desktop app (workshop-app [FILE] [--demo]).",
    )
    parser.add_argument("--version", action="version", version=f"Planwall {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "new",
        help="create a workshop file from a template",
        description="Create a new workshop file from an agenda template.",
    )
    p.add_argument("file", type=Path, help="the .planwall file to create (must not exist)")
    p.add_argument(
        "--template", default="two-day-jbp", help="template name: two-day-jbp (default) or quarterly-rocks"
    )
    p.add_argument("--title", help="workshop title (default: the template's)")
    p.add_argument("--date", type=_day, help="date of day 1: YYYY-MM-DD, DD/MM/YYYY or 30 Jun 2026")
    p.add_argument(
        "--time-zone",
        metavar="ZONE",
        help="the room's time zone, like Europe/London or a city (default: this computer's zone)",
    )

    p = sub.add_parser(
        "import",
        help="create a workshop file from interchange JSON",
        description="Validate a Planwall JSON document and create a workshop file from it.",
    )
    p.add_argument("json", type=Path, help="the .json document to read")
    p.add_argument(
        "-o", "--output", type=Path, required=True, help="the .planwall file to create (must not exist)"
    )

    p = sub.add_parser(
        "dump",
        help="write a workshop as interchange JSON",
        description="Write the whole workshop as Planwall JSON (lossless).",
    )
    p.add_argument("file", type=Path, help="the .planwall file to read")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.json",
        help="the .json file to write (default: standard output; an existing one only with --force)",
    )
    p.add_argument("--force", action="store_true", help="replace an existing .json file")

    p = sub.add_parser(
        "summary",
        help="print what a workshop holds",
        description="Counts, ranked vote results per topic, rocks with metrics and suggested "
        "owners, and open actions.",
    )
    p.add_argument("file", type=Path, help="the .planwall file to read")

    p = sub.add_parser(
        "templates",
        help="list the agenda templates and samples",
        description="List the agenda templates and the sample workshops.",
    )

    p = sub.add_parser(
        "export",
        help="write the workshop pack as Word and/or PDF",
        description="Write the workshop pack (cover, synopsis, agenda, ideas, votes, rocks, interest, "
        "minutes, actions, feedback) as a Word document and/or a PDF. Existing files are only replaced "
        "with --force, and never left half-written.",
    )
    p.add_argument("file", type=Path, help="the .planwall file to read (it is not changed)")
    p.add_argument("--docx", type=Path, metavar="OUT.docx", help="the Word document to write")
    p.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="the PDF to write")
    p.add_argument("--synopsis-only", action="store_true", help="only the one-page executive synopsis")
    p.add_argument("--force", action="store_true", help="replace output files that already exist")
    # The desktop app's export process (export.subprocess_export) in a bundled build.
    p.add_argument("--progress-json", action="store_true", help=argparse.SUPPRESS)

    p = sub.add_parser(
        "backups",
        help="list a workshop's verified backups",
        description="List the backups Planwall made of a workshop file, newest first, with their time, "
        "what they hold and why they were made.",
    )
    p.add_argument("file", type=Path, help="the .planwall file whose backups to list")

    p = sub.add_parser(
        "restore",
        help="put a backup in place of a workshop file",
        description="Restore a backup of a workshop file (default: the newest good one). The current file "
        "is backed up and moved aside as NAME.before-restore-TIME; nothing is deleted. Close the workshop "
        "in Planwall first.",
    )
    p.add_argument("file", type=Path, help="the .planwall file to restore")
    p.add_argument(
        "--index",
        type=int,
        metavar="N",
        help="restore backup number N from 'workshop-app backups' (1 = newest)",
    )
    add_bench_parser(sub)
    return parser


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command](args)
    except PlanwallError as exc:
        print(f"workshop-app: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"workshop-app: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("workshop-app: interrupted; nothing was half-written.", file=sys.stderr)
        return 130


@_command("new")
def _new(args: argparse.Namespace) -> int:
    from workshop_app.errors import WorkshopFileError
    from workshop_app.services.workshop_service import OpenWorkshop

    if args.title is not None and not args.title.strip():
        raise WorkshopFileError("--title is empty. Give a title, or leave --title out to use the template's.")
    if args.time_zone is not None and not args.time_zone.strip():
        raise WorkshopFileError(
            "--time-zone is empty. Give the room's zone, like Europe/London, or leave --time-zone out "
            "to use this computer's zone."
        )
    ow = OpenWorkshop.create_from_template(
        args.template, args.file, title=args.title, first_day=args.date, time_zone=args.time_zone
    )
    counts = ow.counts()
    days = len(ow.agenda.days())
    zone = ow.zone_label()
    ow.close()
    print(
        f"Created {args.file} from '{args.template}': {days} day(s), {counts['agenda_items']} agenda items, "
        f"{counts['topics']} topics; times in {zone}."
    )
    return 0


@_command("import")
def _import(args: argparse.Namespace) -> int:
    from workshop_app.store.interchange import import_file

    import_file(args.json, args.output.expanduser().absolute())
    print(f"Imported {args.json} into {args.output}.")
    _warn_about_zone(args.output)
    return 0


def _warn_about_zone(path: Path) -> None:
    """A workshop whose time zone this computer does not know shows the laptop's times: say so."""
    from workshop_app.rules.time_zone import zone_problem
    from workshop_app.services.workshop_service import OpenWorkshop

    ow = OpenWorkshop.open(path, read_only=True)
    try:
        problem = zone_problem(ow.workshop().time_zone)
    finally:
        ow.close()
    if problem:
        print(f"workshop-app: warning: {problem}", file=sys.stderr)


@_command("dump")
def _dump(args: argparse.Namespace) -> int:
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.store.interchange import dump_workshop, dumps, write_json_atomic

    if args.output is not None:
        _check_dump_target(args.file, args.output, args.force)
    ow = OpenWorkshop.open(args.file, read_only=True)
    try:
        doc = dump_workshop(ow.store)
    finally:
        ow.close()
    if args.output is None:
        sys.stdout.write(dumps(doc))
    else:
        write_json_atomic(doc, args.output)
        print(f"Wrote {args.output}.", file=sys.stderr)
    return 0


def _check_dump_target(source: Path, out: Path, force: bool) -> None:
    """``dump -o``: never over a workshop (this one or any other), an existing file only with --force."""
    from workshop_app.errors import InterchangeError
    from workshop_app.store.interchange import refuse_database_target

    if out.suffix.lower() != ".json":
        raise InterchangeError(f"-o needs a file name ending in .json (got {out}).")
    refuse_database_target(out)  # a folder, or a workshop saved under a .json name
    if out.exists() and not force:
        raise InterchangeError(f"{out} already exists. Add --force to replace it, or choose another name.")


@_command("summary")
def _summary(args: argparse.Namespace) -> int:
    from workshop_app.services.summary import summary_text
    from workshop_app.services.workshop_service import OpenWorkshop

    ow = OpenWorkshop.open(args.file, read_only=True)
    try:
        sys.stdout.write(summary_text(ow))
    finally:
        ow.close()
    return 0


@_command("templates")
def _templates(args: argparse.Namespace) -> int:
    from workshop_app.services.workshop_service import list_samples, list_templates

    print("Templates (workshop-app new --template NAME FILE):")
    for t in list_templates():
        print(f"  {t.name:18} {t.description}")
    print("Samples (workshop-app import sample_sessions/NAME.json -o FILE):")
    for t in list_samples():
        print(f"  {t.name:18} {t.description}")
    return 0


@_command("export")
def _export(args: argparse.Namespace) -> int:
    if args.progress_json:  # the GUI's export process: JSON progress lines on stdout
        from workshop_app.export.child import cli_progress_json

        return cli_progress_json(args)
    from workshop_app.errors import ExportError
    from workshop_app.export.coverage import describe_warnings
    from workshop_app.export.pack import export_pack

    if args.docx is None and args.pdf is None:
        raise ExportError("Say what to write: add --docx OUT.docx and/or --pdf OUT.pdf.")
    for path, suffix, option in ((args.docx, ".docx", "--docx"), (args.pdf, ".pdf", "--pdf")):
        if path is None:
            continue
        if path.suffix.lower() != suffix:
            raise ExportError(f"{option} needs a file name ending in {suffix} (got {path}).")
        if path.is_dir():
            raise ExportError(f"{path} is a folder. Give a file name ending in {suffix}.")
        if path.exists() and not args.force:
            raise ExportError(f"{path} already exists. Add --force to replace it, or choose another name.")
    if not args.file.exists():
        raise ExportError(f"{args.file} does not exist. Check the name of the workshop file.")
    result = export_pack(args.file, docx=args.docx, pdf=args.pdf, synopsis_only=args.synopsis_only)
    message = describe_warnings(result.warnings)
    if message:
        print(f"workshop-app: warning: {message}", file=sys.stderr)
    _warn_about_zone(args.file)
    names = " and ".join(str(p) for p in result.written)
    what = "synopsis" if args.synopsis_only else "pack"
    print(f"Wrote the {what}: {names} ({result.seconds:.1f} s).")
    return 0


@_command("backups")
def _backups(args: argparse.Namespace) -> int:
    from workshop_app.errors import WorkshopFileError
    from workshop_app.store.backup import list_backups

    entries = list_backups(args.file.expanduser().absolute())
    if not entries and not args.file.exists():
        raise WorkshopFileError(
            f"There is no workshop file at {args.file} and no backups of it. Check the name "
            "(backups are found by the file's full path)."
        )
    if not entries:
        print(
            f"There are no backups of {args.file} yet. Planwall makes one every few minutes while a "
            "workshop changes, when an agenda item ends and when the workshop is closed."
        )
        return 0
    print(f"Backups of {args.file}, newest first (restore one with 'workshop-app restore FILE --index N'):")
    for n, entry in enumerate(entries, 1):
        mark = "" if entry.readable else "  [damaged: cannot be restored]"
        print(f"  {n:>2}. {entry.describe()}{mark}")
    return 0


@_command("restore")
def _restore(args: argparse.Namespace) -> int:
    from workshop_app.errors import WorkshopFileError
    from workshop_app.store.backup import list_backups, newest_verified_backup
    from workshop_app.store.restore import restore_backup

    path = args.file.expanduser().absolute()
    entries = list_backups(path)
    if args.index is not None:
        if not 1 <= args.index <= len(entries):
            raise WorkshopFileError(
                f"There is no backup number {args.index} of {args.file} (there are {len(entries)}). "
                "List them with 'workshop-app backups FILE'."
            )
        chosen = entries[args.index - 1]
    else:
        newest = newest_verified_backup(path)
        if newest is None:
            raise WorkshopFileError(
                f"There is no good backup of {args.file} to restore. Nothing was changed."
            )
        chosen = newest
    result = restore_backup(chosen, path)
    print(f"Restored the backup from {result.restored.describe()} into {args.file}.")
    for moved in result.moved_aside:
        print(f"  The previous file was kept as {moved}.")
    return 0
