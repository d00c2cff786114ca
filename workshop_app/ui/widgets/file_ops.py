"""File work the window does off the GUI thread (on a file path, never the window's session)."""

from __future__ import annotations

from pathlib import Path


def export_json(source: Path, target: Path) -> Path:
    """Write the workshop ``source`` as interchange JSON, read through its own read-only connection."""
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.store.interchange import dump_workshop, write_json_atomic

    ow = OpenWorkshop.open(source, read_only=True)
    try:
        doc = dump_workshop(ow.store)
    finally:
        ow.close()
    write_json_atomic(doc, Path(target))
    return Path(target)
