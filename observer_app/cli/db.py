"""`observer-app db upgrade`: bring a database's schema to this release's."""

from __future__ import annotations

import argparse

from observer_app.store.database import open_database


def upgrade(args: argparse.Namespace) -> int:
    database = open_database(args.db)
    database.close()
    print(f"{database.url}: schema is up to date")
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = commands.add_parser("db", help="database maintenance")
    sub = db.add_subparsers(dest="db_command", metavar="COMMAND", required=True)
    upgrade_parser = sub.add_parser("upgrade", help="apply the schema migrations")
    upgrade_parser.add_argument("--db", help="SQLAlchemy URL (default: the user's database)")
    upgrade_parser.set_defaults(run=upgrade)
