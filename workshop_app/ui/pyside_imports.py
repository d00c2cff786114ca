"""Spare modules that never use Qt from PySide6's per-import source scan (cold-start speed).

Once PySide6 is imported, its ``__feature__`` support looks at every module imported after
it: ``shibokensupport.feature._mod_uses_pyside`` reads the module's whole source file
(``inspect.getsource``) to see whether it mentions PySide6, so that modules which do can
select features such as ``snake_case``.  For the standard library, SQLAlchemy and the
Qt-free half of Planwall that costs about 80 ms of a cold start and can only answer "no".

``skip_scan_for_qt_free_modules()`` answers "no" for those modules at once and asks PySide6
for every other module, so the answer is the same for each module.  If PySide6's private
function is not there (another PySide6 version), nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"
SCAN_FUNCTION = "_mod_uses_pyside"

# Libraries that do not use Qt (the Qt-free core's dependencies and what they import).
QT_FREE_PACKAGES = frozenset(
    {
        "sqlalchemy",
        "alembic",
        "mako",
        "greenlet",
        "typing_extensions",
        "reportlab",
        "docx",
        "lxml",
        "PIL",
        "pypdf",
    }
)


def is_qt_free(name: str) -> bool:
    """True for modules known not to use PySide6 (every other module is scanned as before)."""
    top = name.partition(".")[0]
    if top in sys.stdlib_module_names or top in QT_FREE_PACKAGES:
        return True
    if top == "workshop_app":
        return not (name == "workshop_app.ui" or name.startswith("workshop_app.ui."))
    return False


def skip_scan_for_qt_free_modules() -> bool:
    """Install the shortcut (once). False when this PySide6 has no such scan."""
    feature = sys.modules.get(FEATURE_MODULE)
    scan: Callable[[ModuleType], bool] | None = getattr(feature, SCAN_FUNCTION, None)
    if feature is None or scan is None or not callable(scan):
        return False
    if getattr(scan, "planwall_shortcut", False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        if is_qt_free(getattr(module, "__name__", "") or ""):
            return False
        return scan(module)

    uses_pyside.planwall_shortcut = True  # type: ignore[attr-defined]
    setattr(feature, SCAN_FUNCTION, uses_pyside)
    return True
