"""Packages of the wheel: `observer_app`, and the top-level `forms/` and `resources/` inside it.

The repository keeps the forms and resources at its top (DESIGN), where translators and
coordinators find them; an installed package must carry them, or `observer-app demo`
has no forms to load. setuptools maps the two folders into the package as
`observer_app/_data/forms` and `observer_app/_data/resources`, and pyproject.toml's
`package-data` names the files they take. `observer_app.domain.bundled` finds them there,
or at the top of a checkout. Everything else about the project is in pyproject.toml;
this file exists because its package discovery (`find`) cannot also map folders.
"""

from setuptools import find_packages, setup

DATA = {
    "observer_app._data.forms": "forms",
    "observer_app._data.resources": "resources",
}

setup(
    packages=[*find_packages(include=["observer_app", "observer_app.*"]), *DATA],
    package_dir=DATA,
)
