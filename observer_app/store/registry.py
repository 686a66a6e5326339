"""The mission's polling-station registry in the database: replaced whole, read by id."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from observer_app.domain.registry import Region, Registry, Station, Tec
from observer_app.store.models import RegionRow, StationRow, TecRow


def replace_registry(session: Session, registry: Registry) -> None:
    """Put `registry` in place of the database's registry, in the caller's transaction."""
    session.execute(delete(StationRow))
    session.execute(delete(TecRow))
    session.execute(delete(RegionRow))
    session.flush()
    session.execute(
        insert(RegionRow),
        [
            {
                "code": r.code,
                "kind": r.kind,
                "name_en": r.name_en,
                "name_ru": r.name_ru,
                "name_kk": r.name_kk,
            }
            for r in registry.regions
        ],
    )
    session.execute(
        insert(TecRow),
        [
            {
                "code": t.code,
                "region": t.region,
                "name_en": t.name_en,
                "name_ru": t.name_ru,
                "name_kk": t.name_kk,
            }
            for t in registry.tecs
        ],
    )
    session.execute(
        insert(StationRow),
        [
            {
                "id": s.id,
                "number": s.number,
                "region": s.region,
                "tec": s.tec,
                "district": s.district,
                "address": s.address,
                "accessible": s.accessible,
            }
            for s in registry.stations
        ],
    )


def station_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(StationRow)) or 0


def get_station(session: Session, station_id: str) -> Station | None:
    row = session.get(StationRow, station_id)
    if row is None:
        return None
    return Station(
        id=row.id,
        number=row.number,
        region=row.region,
        tec=row.tec,
        district=row.district,
        address=row.address,
        accessible=row.accessible,
    )


def get_tec(session: Session, code: str) -> Tec | None:
    row = session.get(TecRow, code)
    if row is None:
        return None
    return Tec(
        code=row.code,
        region=row.region,
        name_en=row.name_en,
        name_ru=row.name_ru,
        name_kk=row.name_kk,
    )


def list_regions(session: Session) -> list[Region]:
    rows = session.scalars(select(RegionRow).order_by(RegionRow.code))
    return [
        Region(code=r.code, kind=r.kind, name_en=r.name_en, name_ru=r.name_ru, name_kk=r.name_kk)
        for r in rows
    ]


def load_registry(session: Session) -> Registry:
    """The registry the database holds (empty tuples when none was loaded)."""
    regions = tuple(list_regions(session))
    tecs = tuple(
        Tec(code=t.code, region=t.region, name_en=t.name_en, name_ru=t.name_ru, name_kk=t.name_kk)
        for t in session.scalars(select(TecRow).order_by(TecRow.code))
    )
    # Plain rows, not ORM objects: 10,000 stations load at every start of the window.
    s = StationRow
    columns = (s.id, s.number, s.region, s.tec, s.district, s.address, s.accessible)
    stations = tuple(
        Station(*row) for row in session.execute(select(*columns).order_by(s.region, s.number))
    )
    return Registry(regions=regions, tecs=tecs, stations=stations)
