"""The facilitator's preferences that belong to the laptop, not to a workshop file.

Text size, theme, muted timer cue, recent files and the last folder, kept in an INI
file in the user data folder (``PLANWALL_DATA_DIR`` in tests), read through QSettings.
What belongs to a workshop (the current stage) is remembered in the file itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from workshop_app.paths import user_data_dir
from workshop_app.ui.theme import THEMES, clamp_scale

MAX_RECENT = 10


class AppSettings:
    """Typed access to Planwall's QSettings."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or user_data_dir() / "settings.ini"
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._q.sync()

    # --- look -----------------------------------------------------------------

    @property
    def text_scale(self) -> float:
        try:
            return clamp_scale(float(str(self._q.value("view/text_scale", 1.0))))
        except ValueError:
            return 1.0

    @text_scale.setter
    def text_scale(self, value: float) -> None:
        self._q.setValue("view/text_scale", clamp_scale(value))

    @property
    def theme(self) -> str:
        value = str(self._q.value("view/theme", "light"))
        return value if value in THEMES else "light"

    @theme.setter
    def theme(self, value: str) -> None:
        self._q.setValue("view/theme", value if value in THEMES else "light")

    @property
    def cue_muted(self) -> bool:
        return str(self._q.value("timer/cue_muted", "false")).lower() == "true"

    @cue_muted.setter
    def cue_muted(self, value: bool) -> None:
        self._q.setValue("timer/cue_muted", "true" if value else "false")

    # --- files ------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        """Recently opened workshops, newest first, also those not there right now.

        A workshop on a USB stick that is out, or renamed, stays in the list: the start
        window shows it as not found and opening it offers its backups. Only the user
        removes an entry (``remove_recent``), or it falls off the end after MAX_RECENT.
        """
        raw = self._q.value("files/recent", [])
        items = [raw] if isinstance(raw, str) else list(raw or [])
        found: list[Path] = []
        for item in items:
            if item and (path := Path(str(item))) not in found:
                found.append(path)
        return found

    def add_recent(self, path: Path) -> None:
        path = Path(path).absolute()
        items = [p for p in self.recent_files() if p != path]
        self._q.setValue("files/recent", [str(p) for p in [path, *items][:MAX_RECENT]])
        self.last_dir = path.parent

    def remove_recent(self, path: Path) -> None:
        items = [p for p in self.recent_files() if p != Path(path).absolute()]
        self._q.setValue("files/recent", [str(p) for p in items])

    @property
    def last_dir(self) -> Path:
        value = str(self._q.value("files/last_dir", ""))
        path = Path(value) if value else Path.home()
        return path if path.is_dir() else Path.home()

    @last_dir.setter
    def last_dir(self, value: Path) -> None:
        self._q.setValue("files/last_dir", str(value))

    # --- window -----------------------------------------------------------------

    def geometry(self, key: str) -> QByteArray | None:
        value = self._q.value(f"window/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self._q.setValue(f"window/{key}", value)
