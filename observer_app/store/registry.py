"""The mission's polling-station registry in the database: replaced whole, read by id."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from observer_app.domain.registry import Region, Registry, Station, Tec
from observer_app.store.models import RegionRow, StationRow, TecRow


def replace_registry(session: Session, registry: Registry) -> None:
    """Put `registry` in place of the database's registry, in the caller's transaction.

    The registry's dataclasses name their fields as the tables name their columns.
    """
    session.execute(delete(StationRow))
    session.execute(delete(TecRow))
    session.execute(delete(RegionRow))
    session.flush()
    for table, items in (
        (RegionRow, registry.regions),
        (TecRow, registry.tecs),
        (StationRow, registry.stations),
    ):
        if items:
            session.execute(insert(table), [asdict(item) for item in items])


#: Columns in the order of the domain types' fields: a row becomes Station(*row).
STATION_COLUMNS = (
    StationRow.id,
    StationRow.number,
    StationRow.region,
    StationRow.tec,
    StationRow.district,
    StationRow.address,
    StationRow.accessible,
)
TEC_COLUMNS = (TecRow.code, TecRow.region, TecRow.name_en, TecRow.name_ru, TecRow.name_kk)
REGION_COLUMNS = (
    RegionRow.code,
    RegionRow.kind,
    RegionRow.name_en,
    RegionRow.name_ru,
    RegionRow.name_kk,
)


def station_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(StationRow)) or 0


def get_station(session: Session, station_id: str) -> Station | None:
    row = session.execute(select(*STATION_COLUMNS).where(StationRow.id == station_id)).first()
    return None if row is None else Station(*row)


def get_tec(session: Session, code: str) -> Tec | None:
    row = session.execute(select(*TEC_COLUMNS).where(TecRow.code == code)).first()
    return None if row is None else Tec(*row)


def list_regions(session: Session) -> list[Region]:
    rows = session.execute(select(*REGION_COLUMNS).order_by(RegionRow.code))
    return [Region(*row) for row in rows]


def load_registry(session: Session) -> Registry:
    """The registry the database holds (empty tuples when none was loaded)."""
    regions = tuple(list_regions(session))
    tecs = tuple(Tec(*row) for row in session.execute(select(*TEC_COLUMNS).order_by(TecRow.code)))
    # Plain rows, not ORM objects: 10,000 stations load at every start of the window.
    ordered = select(*STATION_COLUMNS).order_by(StationRow.region, StationRow.number)
    stations = tuple(Station(*row) for row in session.execute(ordered))
    return Registry(regions=regions, tecs=tecs, stations=stations)
