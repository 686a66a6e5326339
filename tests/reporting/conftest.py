"""The reporting tests use the analysis tests' databases: one template, a copy per test."""

from tests.analysis.conftest import data, database, template

__all__ = ["data", "database", "template"]
