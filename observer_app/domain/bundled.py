"""Where the forms and resources that ship with the app are found, installed or frozen.

The design card keeps `forms/` and `resources/` at the top of the repository, beside the
package, so one lookup serves a source checkout, an editable install, a wheel (which
installs them under `share/observer-app`) and a frozen desktop build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_ENV = "OBSERVER_APP_DATA"


def data_root() -> Path:
    """The folder that holds `forms/` and `resources/`."""
    override = os.environ.get(_ENV)
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "forms").is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "observer-app"


def forms_dir() -> Path:
    return data_root() / "forms"


def registry_dir() -> Path:
    return data_root() / "resources" / "registry"
