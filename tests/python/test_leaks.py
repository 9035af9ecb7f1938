"""No leaks: each main entry point, called 10^6 times with small inputs (the error path
included), leaves the resident memory flat.

A leak of even 4 bytes per call would add 4 MB over a run; the threshold is 4 MiB of growth
between the end of a warm-up (10^5 calls: allocator pools, caches, lazily imported modules)
and the end of the 10^6 calls that follow.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

import numpy as np
import pytest

import cx

CALLS = 1_000_000
THRESHOLD = 4 * 1024 * 1024

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def entry_points() -> list[tuple[str, Callable[[], Any]]]:
    scores = np.array([10.0, 9.0, 8.0, 3.0, 7.0, 10.0])
    f, r, t = np.array([0.0, 2.0, 5.0]), np.array([0.0, 10.0, 30.0]), np.array([39.0, 39.0, 38.0])
    bg = cx.BgNbd.from_params({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    bg_json = bg.to_json()
    tally = cx.NpsTally()
    tally_json = cx.NpsTally(5, 3, 2).to_json()
    sbg = cx.ShiftedBetaGeometric.from_params(0.7, 1.2)
    clf = cx.ChurnClassifier().fit(np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0.0, 1.0, 0.0, 1.0]))
    x1 = np.array([[1.5]])
    durations = np.array([1.0, 2.0, 2.0, 5.0])
    paths = [["email", "web"], ["web"]]
    conversions = np.array([1.0, 1.0])

    def bad_input() -> None:
        try:
            cx.nps(np.array([11.0]))
        except cx.InvalidInputError:
            pass

    return [
        ("nps", lambda: cx.nps(scores)),
        ("NpsTally.add+result", lambda: (tally.add(scores), tally.result())),
        ("NpsTally.from_json", lambda: cx.NpsTally.from_json(tally_json)),
        ("BgNbd.p_alive", lambda: bg.p_alive(f, r, t)),
        ("BgNbd.expected_purchases", lambda: bg.expected_purchases(4.0, f, r, t)),
        ("BgNbd.to_json+from_json", lambda: cx.BgNbd.from_json(bg.to_json())),
        ("BgNbd.from_json", lambda: cx.BgNbd.from_json(bg_json)),
        ("ShiftedBetaGeometric.survival", lambda: sbg.survival([1, 2, 3])),
        ("ChurnClassifier.predict_proba", lambda: clf.predict_proba(x1)),
        ("kaplan_meier", lambda: cx.kaplan_meier(durations)),
        ("csat", lambda: cx.csat(np.array([5.0, 4.0, 2.0]))),
        ("attribution", lambda: cx.attribution(paths, conversions, model="linear")),
        ("error path", bad_input),
    ]


@pytest.mark.parametrize("name", [n for n, _ in entry_points()])
def test_a_million_calls_leave_memory_flat(name: str) -> None:
    call = dict(entry_points())[name]
    for _ in range(CALLS // 10):
        call()
    before = rss()
    for _ in range(CALLS):
        call()
    grown = rss() - before
    assert grown < THRESHOLD, f"{name}: resident memory grew by {grown / 2**20:.1f} MiB over {CALLS} calls"
