"""Python's cycle collector held back while a batch of work makes millions of objects.

A summary of 100,000 submissions and the PDF's layout each make millions of small objects
and free nearly all of them by reference counting, as each observation or line is done
with. The cycle collector cannot know that: every few thousand new objects it runs, and
its older generations walk everything the work still holds (the forms, the registry, what
a summary keeps for its disagreements list), over and over. Measured on the benchmark's
100,000 submissions that was a sixth of a summary's time (15.2 s counting with it, 12.5 s
without) and an eighth of the PDF's layout, with the same peak memory: the work makes no
garbage that only the collector could free. The merge and the exports measured no gain,
and keep the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycles_collected_after() -> Iterator[None]:
    """No cyclic collection inside; the collector as it was, after (nested: the outer one
    restores it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
