"""Packages of the wheel: `observer_app`, and the top-level `forms/` and `resources/` inside it.

The repository keeps the forms and resources at its top (DESIGN), where translators and
coordinators find them; an installed package must carry them, or `observer-app demo`
has no forms to load. setuptools maps the two folders into the package as
`observer_app/_data/forms` and `observer_app/_data/resources`, and pyproject.toml's
`package-data` names the files they take. `observer_app.domain.bundled` finds them there,
or at the top of a checkout. Everything else about the project is in pyproject.toml;
this file exists because its package discovery (`find`) cannot also map folders.
"""

from setuptools import find_namespace_packages, setup

DATA = {
    "observer_app._data.forms": "forms",
    "observer_app._data.resources": "resources",
}
PYCACHE = ["*__pycache__*"]

# Namespace packages, as pyproject's own `find` gives: the migrations have no __init__,
# and setuptools wants every folder that holds package data listed as a package (so the
# registry's generator script, make_stations.py, comes along as a module of its folder).
code = find_namespace_packages(include=["observer_app*"], exclude=PYCACHE)
data = [
    f"{package}.{folder}"
    for package, where in DATA.items()
    for folder in find_namespace_packages(where, exclude=PYCACHE)
]

setup(packages=[*code, *DATA, *data], package_dir=DATA)
