"""Where the forms and resources that ship with the app are found, in every kind of install.

The design card keeps `forms/` and `resources/` at the top of the repository, beside the
package. A wheel carries them inside the package instead, as `observer_app/_data/forms`
and `observer_app/_data/resources` (setup.py maps the two folders there as package data),
and the desktop build (packaging/observer-app.spec) puts them at the same place. So the
files are always looked up next to the code itself, never under a guessed installation
prefix: a virtualenv, `pip install --user`, pipx and the frozen folder all have their own
prefix, but the package always has its `_data` beside it. A source checkout or an
editable install runs the package from the repository, whose top holds the folders.
"""

from __future__ import annotations

import os
from pathlib import Path

_ENV = "OBSERVER_APP_DATA"

#: The `observer_app` package folder, wherever it was installed or unpacked.
PACKAGE = Path(__file__).resolve().parents[1]
#: Where a wheel, pipx and the desktop build put the forms and resources.
INSTALLED = PACKAGE / "_data"
#: The repository around the package, in a source checkout or an editable install.
CHECKOUT = PACKAGE.parent


def _holds_data(root: Path) -> bool:
    return (root / "forms").is_dir() and (root / "resources").is_dir()


def data_root() -> Path:
    """The folder that holds `forms/` and `resources/`.

    `$OBSERVER_APP_DATA` overrides it (a distribution that keeps data apart from code).
    The installed copy comes first: in an installed package the folder around it is
    site-packages, where another project's `forms/` could lie. When neither place holds
    the files the installed place is returned, so the loader that misses a file names
    the path where the installation should have put it.
    """
    override = os.environ.get(_ENV)
    if override:
        return Path(override)
    for root in (INSTALLED, CHECKOUT):
        if _holds_data(root):
            return root
    return INSTALLED


def forms_dir() -> Path:
    return data_root() / "forms"


def registry_dir() -> Path:
    return data_root() / "resources" / "registry"


def locale_dir() -> Path:
    """The gettext catalogs of the interface and the report (`<lang>/LC_MESSAGES/*.po`)."""
    return data_root() / "resources" / "locale"


def fonts_dir() -> Path:
    return data_root() / "resources" / "fonts"


def icons_dir() -> Path:
    return data_root() / "resources" / "icons"
