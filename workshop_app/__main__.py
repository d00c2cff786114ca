"""Entry point: a CLI command when one is named, otherwise the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from workshop_app import cli

    if args and (args[0] in cli.COMMANDS or args[0] in ("-h", "--help", "--version")):
        return cli.main(args)
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
