"""The most memory a benchmark step and the processes it starts hold at one moment.

A step that works in several processes (the summary's counting workers, the merge's
reading process) reaches each process's own peak at a different time, so the sum of
their peaks overstates what the computer needed; the resident memory of the whole tree is
sampled instead, every 20 ms, from /proc (Linux; elsewhere it reads 0).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def run_sampled(command: list[str]) -> tuple[str, float]:
    """Run `command` to its end: its standard output, and the most memory (MB) it and
    its descendants held at one moment. CalledProcessError if it fails."""
    step = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    together = 0.0
    while step.poll() is None:
        together = max(together, tree_rss_mb(step.pid))
        time.sleep(0.02)
    out, err = step.communicate()
    if step.returncode:
        raise subprocess.CalledProcessError(step.returncode, step.args, out, err)
    return out, together


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants now, in MB (Linux /proc)."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue  # it has just ended
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
        pending.extend(int(child) for child in children)
    return total
