"""Entry point: a CLI command when one is named, otherwise the desktop app.

The desktop app starts without importing ``workshop_app.cli`` (it pulls in the benchmark
and its workloads): only a first argument that could be a command's name (a plain word,
not an option or a file name with a dot or a folder in it) is looked up among the commands.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from workshop_app.startup import pause_for_startup

CLI_FLAGS = ("-h", "--help", "--version")
_COMMAND_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def is_cli(args: Sequence[str]) -> bool:
    """True when ``args`` name a CLI command (imports the CLI only for a plain word)."""
    if not args:
        return False
    first = args[0]
    if first in CLI_FLAGS:
        return True
    if not _COMMAND_LIKE.fullmatch(first):
        return False
    from workshop_app import cli

    return first in cli.COMMANDS


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if is_cli(args):
        from workshop_app import cli

        return cli.main(args)
    pause_for_startup()  # before Qt and SQLAlchemy are imported (the idle collector resumes)
    try:
        from workshop_app.ui.app import run_gui
    except ImportError as exc:
        print(
            f"workshop-app: the desktop app cannot start ({exc}). "
            "Run 'workshop-app --help' for the command-line tools.",
            file=sys.stderr,
        )
        return 2
    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
