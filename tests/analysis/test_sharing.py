"""A summary counted by several processes: whatever becomes of a worker, the counts are
those of one process, and the writers are never held off for long."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from observer_app.analysis import Filters, Summary, summarize, worker
from observer_app.analysis import summary as summary_module
from observer_app.analysis.observations import place_ranges
from observer_app.store.database import Database
from tests.analysis.factory import Dataset, builtin_forms
from tests.analysis.test_summary import write_day

#: Seconds a test waits for something that should happen at once, before failing.
PATIENCE = 120


def counts(summary: Summary) -> Any:
    return (
        [c for f in summary.forms for c in f.counts],
        summary.coverage,
        [f.by_region for f in summary.forms],
        summary.disagreements,
        [i.ref.id for i in summary.incidents],
    )


@pytest.fixture
def small_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranges of a handful of submissions: a small day is handed out in many."""
    monkeypatch.setattr(summary_module, "place_ranges", lambda c: place_ranges(c, together=5))


@pytest.fixture
def one_process(database: Database, data: Dataset) -> Any:
    """A day of observations written, and its counts as one process makes them."""
    write_day(data)
    return counts(summarize(database, builtin_forms(), workers=1))


def workers_ask_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, a summary's parent reads nothing until a worker has asked for a range:
    on a small day it would otherwise count every range before a worker has started."""
    asked = threading.Event()
    take, select = summary_module._Sharing._take, summary_module.select_observations

    def noted_take(self: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            asked.set()
        return take(self)

    def after_a_worker_asked(*args: Any, **kwargs: Any) -> Any:
        assert asked.wait(PATIENCE), "no worker asked for a range"
        return select(*args, **kwargs)

    monkeypatch.setattr(summary_module._Sharing, "_take", noted_take)
    monkeypatch.setattr(summary_module, "select_observations", after_a_worker_asked)


def failing(monkeypatch: pytest.MonkeyPatch, how: str) -> list[Any]:
    """Workers that fail `how` from now on; what each summary heard back from them."""
    monkeypatch.setattr(worker.Worker, "MODULE", "tests.analysis.failing_workers")
    monkeypatch.setenv("FAILING_WORKER", how)
    return noting_what_is_heard(monkeypatch)


def noting_what_is_heard(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What each summary from now on hears back from its workers: (tallies, ranges lost)."""
    heard: list[Any] = []
    finish = summary_module._Sharing.finish

    def noted_finish(self: Any) -> Any:
        heard.append(finish(self))
        return heard[-1]

    monkeypatch.setattr(summary_module._Sharing, "finish", noted_finish)
    return heard


def test_the_ranges_a_failed_worker_took_are_counted_by_the_parent(
    database: Database, one_process: Any, monkeypatch: pytest.MonkeyPatch, small_ranges: None
) -> None:
    heard = failing(monkeypatch, "taking")
    workers_ask_first(monkeypatch)
    three = summarize(database, builtin_forms(), workers=3)
    [(_shares, lost)] = heard
    assert lost  # a worker died with a range in hand (another may have found none left)
    assert counts(three) == one_process


def test_a_worker_that_never_starts_is_let_go_and_the_count_is_whole(
    database: Database, one_process: Any, monkeypatch: pytest.MonkeyPatch, small_ranges: None
) -> None:
    heard = failing(monkeypatch, "silent")
    monkeypatch.setattr(summary_module, "SNAPSHOT_WAIT", 0.5)
    two = summarize(database, builtin_forms(), workers=2)
    assert heard == [([], [])]  # let go before it was handed anything
    assert counts(two) == one_process
    with database.transaction() as session:  # the writers were let go
        session.connection()


def test_workers_that_count_share_the_ranges_and_add_up_to_one_process(
    database: Database, one_process: Any, monkeypatch: pytest.MonkeyPatch, small_ranges: None
) -> None:
    heard = noting_what_is_heard(monkeypatch)
    workers_ask_first(monkeypatch)
    three = summarize(database, builtin_forms(), workers=3)
    [(shares, lost)] = heard
    assert len(shares) == 2 and not lost
    assert sum(share.coverage.observations for share in shares) > 0  # a worker counted
    assert counts(three) == one_process


def test_progress_counts_what_the_filters_admit_whoever_counts_it(
    database: Database, one_process: Any, monkeypatch: pytest.MonkeyPatch, small_ranges: None
) -> None:
    """The progress bar under a region filter: the workers' part counted as observations
    admitted, not as whatever their ranges hold, never going back, ending at the total."""
    workers_ask_first(monkeypatch)
    told: list[tuple[int, int]] = []
    kar = summarize(
        database,
        builtin_forms(),
        Filters(regions=("KAR",)),
        workers=2,
        progress=lambda done, total: told.append((done, total)),
    )
    total = kar.coverage.observations
    assert 0 < total < one_process[1].observations
    assert all(seen_total == total and done <= total for done, seen_total in told)
    assert [done for done, _ in told] == sorted(done for done, _ in told)
    assert told[-1] == (total, total)
