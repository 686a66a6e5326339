"""The exchange tests' mission, coordinator database and device, for the use cases."""

from __future__ import annotations

from tests.exchange.conftest import database, db_path, device, setup, template

__all__ = ["database", "db_path", "device", "setup", "template"]
