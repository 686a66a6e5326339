"""The database tables, as SQLAlchemy 2 typed models.

A submission is one row: its record (domain.submission) as one JSON document, the
record's fields again as columns to filter, sort and index on, and what its answers mean
under its form (formspec.verdicts), worked out once. Never a row per answer.

Station and TEC ids in a submission are plain columns, not foreign keys: a coordinator may
load the real registry over the synthetic one, and a submission must outlive that.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from observer_app.store.types import JsonText, UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class RegionRow(Base):
    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    name_kk: Mapped[str] = mapped_column(String(200))


class TecRow(Base):
    __tablename__ = "tecs"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    name_kk: Mapped[str] = mapped_column(String(300))


class StationRow(Base):
    __tablename__ = "stations"

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    tec: Mapped[str] = mapped_column(ForeignKey("tecs.code"), index=True)
    district: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(1000))
    accessible: Mapped[bool | None] = mapped_column()


class SubmissionRow(Base):
    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    station_id: Mapped[str | None] = mapped_column(String(48), index=True)
    tec_id: Mapped[str | None] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(16))
    observer: Mapped[str] = mapped_column(String(200))
    team: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_offset: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    updated_offset: Mapped[int] = mapped_column(Integer)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    completed_offset: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    #: The record as its canonical JSON text (domain.submission): the submission itself;
    #: the columns above repeat its fields for the database to search.
    document: Mapped[str] = mapped_column(JsonText())
    #: formspec.verdicts of a completed submission, as JSON text; None until worked out.
    verdicts: Mapped[str | None] = mapped_column(Text)
    #: The fingerprint of the form `verdicts` was worked out with (CompiledForm.fingerprint).
    verdicts_form: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        # What a summary asks of every submission before it reads documents (how many
        # are counted under its filters, whose verdicts are out of date), answered from
        # this index alone: each row holds a document, and reading them is the slow part.
        # The form comes first: led by the status, the index would be chosen to stream
        # every completed submission, and the documents sorted by id all over again.
        Index(
            "ix_submissions_counted",
            "form_id",
            "form_version",
            "verdicts_form",
            "status",
            "region",
            "team",
        ),
    )


class RevisionRow(Base):
    """A completed revision kept when it is reopened: what was handed in stays on record."""

    __tablename__ = "submission_revisions"

    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SettingRow(Base):
    """What this database is set up for: the observer's profile, the mission. JSON by key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


# --- the exchange (observer_app/exchange): missions, devices, bundles, merged versions ---


class MissionFormRow(Base):
    """A form of the mission this database is set up for, as the YAML its package carried."""

    __tablename__ = "mission_forms"

    form_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))


class DeviceRow(Base):
    """An observer's laptop as the coordinator knows it: the first key seen for it is pinned."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    first_bundle: Mapped[str] = mapped_column(String(36))


class BundleRow(Base):
    """A bundle merged into this database, recorded when it was first merged."""

    __tablename__ = "bundles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    #: The file as it was merged: the same file again is known by it and skipped unread.
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    observer: Mapped[str] = mapped_column(String(200))
    team: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_offset: Mapped[int] = mapped_column(Integer)
    merged_at: Mapped[datetime] = mapped_column(UtcDateTime())
    submissions: Mapped[int] = mapped_column(Integer)


class SubmissionVersionRow(Base):
    """Every distinct content merged for a submission revision, and where it is kept.

    `kept_as` is "current" (the submissions row), "history" (a submission_revisions row)
    or "conflict" (same revision, other content: the record itself is here, for review).
    """

    __tablename__ = "submission_versions"

    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_sha256: Mapped[str] = mapped_column(String(64))
    complete: Mapped[bool] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    kept_as: Mapped[str] = mapped_column(String(16), index=True)
    record: Mapped[str | None] = mapped_column(Text)
    device_id: Mapped[str | None] = mapped_column(String(36))
    bundle_id: Mapped[str | None] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AttachmentRow(Base):
    """A file handed in with a submission; every distinct one is kept."""

    __tablename__ = "submission_attachments"

    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class ConflictDecisionRow(Base):
    """A coordinator's choice between conflicting contents of one revision, kept on record.

    Later merges respect it: a copy that would otherwise outrank the chosen content is
    kept among the conflicts instead.
    """

    __tablename__ = "conflict_decisions"

    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    kept_hash: Mapped[str] = mapped_column(String(64))
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime())
    note: Mapped[str] = mapped_column(Text, default="")


# --- results: the commission's published figures, and the quarantine of protocol copies ---


class OfficialResultRow(Base):
    """One polling station's results as the election commission published them.

    Loaded by `observer-app results import` from the commission's file; a later file
    replaces the rows of the stations it holds. `votes` maps a party (the id of its choice
    in the counting form's party list) to its votes.
    """

    __tablename__ = "official_results"

    station_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    region: Mapped[str] = mapped_column(String(16), index=True)
    number: Mapped[int] = mapped_column(Integer)
    registered: Mapped[int] = mapped_column(Integer)
    ballots_issued: Mapped[int] = mapped_column(Integer)
    valid: Mapped[int] = mapped_column(Integer)
    invalid: Mapped[int] = mapped_column(Integer)
    votes: Mapped[Any] = mapped_column(JSON)
    #: The file and line it was read from, to answer "where does this figure come from?".
    source: Mapped[str] = mapped_column(String(1000))
    line: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())


class QuarantineDecisionRow(Base):
    """A coordinator's decision to count a protocol copy that a protocol rule flags as wrong.

    It holds for the content it was taken on (`content_hash`): a later revision of the
    submission, with other figures, is checked afresh.
    """

    __tablename__ = "quarantine_decisions"

    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
