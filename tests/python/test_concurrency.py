"""Concurrency: fits and scoring from 8 threads at once give exactly the single-threaded
results, and the heavy calls release the GIL while Rust works (other Python threads run)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest

import cx

from conftest import ROOT

THREADS = 8


def cdnow_summary() -> pd.DataFrame:
    raw = pd.read_csv(ROOT / "examples" / "data" / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["id", "customer_id", "date", "cds", "amount"],
                      dtype={"customer_id": str, "date": str})
    raw["timestamp"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return cx.rfm_summary(raw, amount="amount", observation_end="1997-09-30", fractional=True)


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    rng = np.random.default_rng(7)
    s = cdnow_summary()
    x = rng.normal(size=(2000, 3))
    y = (x @ np.array([1.0, -0.5, 0.25]) + rng.normal(size=2000) > 0).astype(float)
    return {
        "f": s["frequency"].to_numpy(), "r": s["recency"].to_numpy(), "T": s["T"].to_numpy(),
        "m": s["monetary_value"].to_numpy(),
        "durations": rng.integers(1, 60, size=5000).astype(float),
        "observed": (rng.random(5000) < 0.7).astype(float),
        "X": x, "y": y,
        "scores": rng.integers(0, 11, size=10_000).astype(float),
    }


def workload(d: dict[str, Any]) -> dict[str, Any]:
    """Fits and scores one of each kind; everything returned is compared exactly."""
    f, r, t, m = d["f"], d["r"], d["T"], d["m"]
    bg = cx.BgNbd().fit(f, r, t)
    pareto = cx.ParetoNbd().fit(f, r, t)
    repeat = f > 0
    gg = cx.GammaGamma().fit(f[repeat], m[repeat])
    sbg = cx.ShiftedBetaGeometric().fit([1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0])
    km = cx.kaplan_meier(d["durations"], d["observed"])
    clf = cx.ChurnClassifier().fit(d["X"], d["y"])
    tally = cx.NpsTally()
    tally.add(d["scores"])
    return {
        "bg": bg.to_json(), "pareto": pareto.to_json(), "gg": gg.to_json(), "sbg": sbg.to_json(),
        "km": km.to_json(), "clf": clf.to_json(), "tally": tally.to_json(),
        "p_alive": np.asarray(bg.p_alive(f, r, t)),
        "expected": np.asarray(pareto.expected_purchases(52.0, f, r, t)),
        "spend": np.asarray(gg.expected_spend(f[repeat], m[repeat])),
        "proba": np.asarray(clf.predict_proba(d["X"])),
        "nps": cx.nps(d["scores"]).score,
        "survival": np.asarray(sbg.survival([1, 5, 12])),
    }


def assert_same(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a.keys() == b.keys()
    for k in a:
        if isinstance(a[k], np.ndarray):
            assert np.array_equal(a[k], b[k]), k  # bit for bit, not approximately
        else:
            assert a[k] == b[k], k


def test_eight_threads_get_the_single_threaded_results(data: dict[str, Any]) -> None:
    reference = workload(data)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda _: workload(data), range(2 * THREADS)))
    for r in results:
        assert_same(r, reference)


def test_one_model_scores_from_eight_threads(data: dict[str, Any]) -> None:
    bg = cx.BgNbd().fit(data["f"], data["r"], data["T"])
    reference = np.asarray(bg.p_alive(data["f"], data["r"], data["T"]))
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda _: np.asarray(bg.p_alive(data["f"], data["r"], data["T"])),
                                range(4 * THREADS)))
    for r in results:
        assert np.array_equal(r, reference)


HEAVY = ["BgNbd.fit", "BgNbd.p_alive", "ChurnClassifier.fit", "kaplan_meier", "nps"]


def heavy_call(name: str) -> Callable[[], Any]:
    """A call that takes a good fraction of a second here, with its inputs made up front."""
    rng = np.random.default_rng(3)
    if name.startswith("BgNbd"):
        n = 20_000 if name == "BgNbd.fit" else 2_000_000  # continuous times: nothing compresses
        t = rng.uniform(30.0, 60.0, n)
        f = rng.poisson(2.0, n).astype(float)
        r = np.where(f > 0, t * rng.uniform(0.05, 1.0, n), 0.0)
        if name == "BgNbd.fit":
            # One Poisson rate for everybody: no heterogeneity, so the maximum lies on the
            # boundary; the fit is kept (converged=False) since only its threading matters here.
            return lambda: cx.BgNbd(allow_unconverged=True).fit(f, r, t)
        bg = cx.BgNbd.from_params({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
        return lambda: [bg.p_alive(f, r, t) for _ in range(3)]
    if name == "ChurnClassifier.fit":
        x = rng.normal(size=(300_000, 4))
        y = (x[:, 0] + rng.normal(size=300_000) > 0).astype(float)
        return lambda: cx.ChurnClassifier().fit(x, y)
    if name == "kaplan_meier":
        durations = rng.uniform(0.0, 100.0, 100_000)  # not whole numbers: the sorting path
        return lambda: cx.kaplan_meier(durations)
    scores = rng.integers(0, 11, 20_000_000).astype(np.float64)
    # Several calls back to back: one is only ~30 ms (the GIL is taken only between them).
    return lambda: [cx.nps(scores) for _ in range(8)]


@pytest.mark.parametrize("name", HEAVY)
def test_heavy_calls_release_the_gil(name: str) -> None:
    # The main thread spins on the GIL-holding `time.perf_counter` while a worker runs the
    # call. Were the GIL held through the call, no tick could land inside it; released, the
    # ticks cover it. Input conversion and result building hold the GIL (20 ms margins).
    call = heavy_call(name)
    window: dict[str, float] = {}

    def work() -> None:
        window["start"] = time.perf_counter()
        call()
        window["end"] = time.perf_counter()

    worker = threading.Thread(target=work)
    ticks = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    start, end = window["start"] + 0.02, window["end"] - 0.02
    assert end - start > 0.05, f"{name} took {window['end'] - window['start']:.3f} s: too quick to tell"
    inside = [t for t in ticks if start < t < end]
    assert len(inside) > 100, f"{name}: the main thread never ran during the call (GIL held)"
