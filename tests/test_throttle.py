"""The overview of a large batch is rewritten at most once per interval, and never left behind."""

from __future__ import annotations

import time

from gk_helpers.batch.throttle import Throttle


def test_calls_within_the_interval_make_one_late_run():
    runs = []
    throttle = Throttle(lambda: runs.append(time.monotonic()), 0.3)
    began = time.monotonic()
    for _ in range(5):
        throttle()
    assert len(runs) == 1  # the first at once
    time.sleep(0.6)
    assert len(runs) == 2 and runs[1] - began >= 0.3  # the others, once, when the interval was over


def test_flush_runs_now_and_drops_the_late_run():
    runs = []
    throttle = Throttle(lambda: runs.append(1), 0.3)
    throttle()
    throttle()
    throttle.flush()
    time.sleep(0.5)
    assert runs == [1, 1]


def test_no_interval_runs_every_time():
    runs = []
    throttle = Throttle(lambda: runs.append(1), 0.0)
    for _ in range(3):
        throttle()
    assert runs == [1, 1, 1]
