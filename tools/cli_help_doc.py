"""Rewrite the 'Command-line help' section of docs/packaging.md from the real --help output.

Run after adding or changing a command: python tools/cli_help_doc.py
"""

from __future__ import annotations

import io
import os
from contextlib import redirect_stdout, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "packaging.md"
MARK = "## Command-line help"


def help_text(*args: str) -> str:
    from workshop_app import cli

    out = io.StringIO()
    with redirect_stdout(out), suppress(SystemExit):
        cli.main([*args, "--help"])
    return out.getvalue().rstrip() + "\n"


def main() -> None:
    os.environ.setdefault("COLUMNS", "100")
    from workshop_app import cli

    text = DOC.read_text(encoding="utf-8")
    head = text.split(MARK)[0]
    parts = [MARK, "", "Every command has `--help`. The output of the current version:", ""]
    for args in [(), *((name,) for name in cli.COMMANDS)]:
        title = " ".join(("workshop-app", *args, "--help"))
        parts += [f"### {title}", "", "```", help_text(*args).rstrip(), "```", ""]
    DOC.write_text(head + "\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
