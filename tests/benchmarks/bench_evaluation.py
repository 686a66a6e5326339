"""Benchmark: evaluating the built-in forms over sampled answer sets, beside a floor.

Not collected by pytest (no test_ prefix): run it by hand,

    python tests/benchmarks/bench_evaluation.py [--sets 3000] [--form voting] [--rounds 5]

The summary evaluates every submission's form (relevance, calculations, checks) once per
report, for up to 100,000 submissions, so this is the engine's hot path. It draws answer
sets with the form's own sampler, then times, per answer set:

- `evaluate_form` + `check_verdicts` (what the summary does),
- `find_problems` (what completion does),

beside the floor: reading every answer of the set once in plain Python and comparing it
with a constant, which any evaluation must at least do. The best of several rounds is kept.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from observer_app.formspec import load_forms  # noqa: E402
from observer_app.formspec.evaluation import (  # noqa: E402
    check_verdicts,
    evaluate_form,
    find_problems,
)
from observer_app.formspec.sampling import AnswerSampler  # noqa: E402


def _best(rounds: int, run: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=3000)
    parser.add_argument("--form", action="append", help="form id (default: voting, counting)")
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    library = load_forms(ROOT / "forms")
    rng = random.Random(20210110)
    sampler = AnswerSampler(rng, concern_rate=0.2, texts={"*": ["seen", "noted"]})
    arrival = datetime(2021, 1, 10, 8, 0, tzinfo=timezone(timedelta(hours=6)))
    for form_id in arguments.form or ["voting", "counting"]:
        form = library.get(form_id)
        answer_sets: list[dict[str, Any]] = []
        for index in range(arguments.sets):
            answers = sampler.answers(form, arrival=arrival + timedelta(minutes=index % 600))
            if index % 3 == 0:  # a third left half filled, as drafts are
                keep = list(answers)[: len(answers) // 2]
                answers = {key: answers[key] for key in keep}
            answer_sets.append(answers)

        def summary(form: Any = form, answer_sets: list[dict[str, Any]] = answer_sets) -> None:
            for answers in answer_sets:
                check_verdicts(form, evaluate_form(form, answers))

        def completion(form: Any = form, answer_sets: list[dict[str, Any]] = answer_sets) -> None:
            for answers in answer_sets:
                find_problems(form, answers)

        def floor(answer_sets: list[dict[str, Any]] = answer_sets) -> None:
            hits = 0
            for answers in answer_sets:
                for value in answers.values():
                    hits += value == "yes"

        floor_s = _best(arguments.rounds, floor)
        for name, run in (("evaluate+checks", summary), ("find_problems", completion)):
            seconds = _best(arguments.rounds, run)
            per_set = seconds / len(answer_sets) * 1e6
            print(
                f"{form_id:10} {name:16} {seconds * 1000:8.1f} ms for {len(answer_sets)} sets "
                f"({per_set:6.1f} µs/set), floor {floor_s * 1000:6.2f} ms "
                f"({seconds / floor_s:5.0f}x)"
            )


if __name__ == "__main__":
    main()
