"""cx against the Python peers, task by task, in one run: writes BENCHMARKS.md.

`make bench-compare` runs this in the peers' venv (.venv-bench: lifetimes, lifelines, pandas,
numpy, polars, ChannelAttribution, and the cxkit wheel from `make dist`). Directly:

    .venv-bench/bin/python benches/compare/suite.py [--quick] [--only rfm,nps] [--out FILE]

How it measures:
- Every task's input is generated once with numpy from a fixed seed (`--seed`) and stored in
  `--data` (target/bench-data by default; regenerated when missing). cx and each peer get the
  very same arrays.
- Each side of a task runs in its own subprocess (`--worker`), which loads the input, runs the
  call once to warm up (skipped for calls slower than `SLOW_S`), then times `--repeat` runs and
  keeps the median. A run slower than `SLOW_S` ends the series early: the slow peers (lifetimes
  fits, its RFM summary) are timed once or twice, which the table shows in its `runs` column.
- Peak memory is the subprocess's peak resident size (VmHWM); `+call` is the peak during the
  timed calls (VmHWM again, reset after the warm-up) minus the resident size before them, i.e.
  what the call itself allocates at its worst.
- `--tiny` sizes are the harness's smoke test (tests/python/test_bench_suite.py), `--quick`
  (make `QUICK=1`) a run of a minute or two.
- The subprocess saves its answer; the parent checks that each peer's answer agrees with cx's
  within the tolerance of the task (stated in the table) and exits non-zero when one does not.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

#: A timed run slower than this (seconds) ends its series and skips the warm-up.
SLOW_S = 8.0
Z95 = 1.959963984540054

# ----------------------------------------------------------------------------------------
# Sizes. QUICK is a smoke test of the harness (seconds); FULL is the issue's.

FULL = dict(rfm_tx=10_000_000, rfm_customers=1_000_000, fit=1_000_000, pareto=100_000,
            clv=1_000_000, palive=10_000_000, km=10_000_000, nps=100_000_000,
            funnel=10_000_000, markov=1_000_000)
QUICK = dict(rfm_tx=200_000, rfm_customers=20_000, fit=20_000, pareto=5_000, clv=20_000,
             palive=200_000, km=200_000, nps=2_000_000, funnel=200_000, markov=20_000)
TINY = dict(rfm_tx=5_000, rfm_customers=500, fit=2_000, pareto=1_000, clv=2_000,
            palive=5_000, km=5_000, nps=10_000, funnel=5_000, markov=2_000)

BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # CDNOW (FHL 2005)
MBGNBD = {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}  # CDNOW (Batislam et al. 2007)
PARETO = {"r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67}  # CDNOW (FHL 2005 note)
GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44}  # CDNOW (Fader and Hardie 2013 note)

FUNNEL_STEPS = [0, 1, 2, 3, 4]
FUNNEL_WINDOW = 14 * 86_400
CHANNELS = ["search", "social", "email", "display", "affiliate", "direct", "video", "referral"]


# ----------------------------------------------------------------------------------------
# Data (parent process). Each generator returns a dict of numpy arrays.

def gen_rfm(rng: np.random.Generator, s: dict[str, int]) -> dict[str, np.ndarray]:
    """Transactions: customer ids drawn with skew (some buy often, most rarely), whole days
    over two years (730 days), in random row order as logs arrive."""
    n, m = s["rfm_tx"], s["rfm_customers"]
    weight = rng.gamma(0.8, 1.0, m)
    cust = rng.choice(m, size=n, p=weight / weight.sum()).astype(np.int64)
    first = rng.integers(0, 730, m)  # each customer's first day; purchases from then on
    day = first[cust] + (rng.random(n) * (730 - first[cust])).astype(np.int64)
    return {"customer": cust, "day": day}


def gen_bg(rng: np.random.Generator, n: int, modified: bool) -> dict[str, np.ndarray]:
    from clv_lifetimes import cohort_t, simulate_bg
    t = cohort_t(n)
    x, tx = simulate_bg(rng, t, MBGNBD if modified else BGNBD, modified)
    return {"x": x, "tx": tx, "t": t}


def gen_pareto(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    from clv_lifetimes import cohort_t, simulate_pareto
    t = cohort_t(n)
    x, tx = simulate_pareto(rng, t, PARETO)
    return {"x": x, "tx": tx, "t": t}


def gen_clv(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    from clv_lifetimes import simulate_spend
    d = gen_bg(rng, n, False)
    d["spend"] = simulate_spend(rng, d["x"], GAMMA_GAMMA)
    return d


def gen_km(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Exponential lifetimes (mean 400 days) censored by a uniform 0-1000 day window, whole
    days (as a churn table holds them)."""
    life = rng.exponential(400.0, n)
    window = rng.uniform(0.0, 1000.0, n)
    return {"durations": np.floor(np.minimum(life, window)), "observed": life <= window}


def gen_funnel(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Events of n/10 customers (about 10 each), 10 event types of which 0-4 are the funnel
    steps, times in seconds over 60 days; sorted by customer, then time, with uint32 customer
    and event ids and int64 times (funnel_columns' documented input, which it reads in place;
    the pandas and polars implementations get the same sorted columns)."""
    m = max(n // 10, 1)
    cust = np.sort(rng.integers(0, m, n)).astype(np.int64)
    start = rng.integers(0, 45 * 86_400, m)
    # Steps happen in order more often than not: event id drifts upwards with the time offset.
    offset = rng.exponential(3 * 86_400, n).astype(np.int64)
    t = start[cust] + offset
    ev = np.minimum((offset / 86_400 * 0.8 + rng.integers(0, 4, n)).astype(np.int64), 9)
    ev = np.where(rng.random(n) < 0.3, rng.integers(0, 10, n), ev)
    order = np.lexsort((t, cust))
    return {"customer": cust[order].astype(np.uint32), "time": t[order],
            "event": ev[order].astype(np.uint32)}


def gen_markov(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """n journeys of 1-10 touches over 8 channels (uneven popularity), converting with a
    probability that grows with email and search touches. Stored flat: channel codes and
    journey lengths."""
    lengths = np.minimum(rng.geometric(0.35, n), 10)
    pop = np.array([0.25, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04])
    codes = rng.choice(len(CHANNELS), size=int(lengths.sum()), p=pop).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    good = np.add.reduceat(((codes == 0) | (codes == 2)).astype(np.float64), starts)
    p = 1.0 / (1.0 + np.exp(2.5 - 0.6 * good - 0.1 * lengths))
    conv = (rng.random(n) < p).astype(np.int64)
    return {"codes": codes, "lengths": lengths.astype(np.int64), "conv": conv}


def gen_nps(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    return {"scores": rng.integers(0, 11, size=n, dtype=np.uint8)}


# ----------------------------------------------------------------------------------------
# Workers: each `run_*` loads its arrays, returns (callable, answer extractor).

def _bgnbd_params_lifetimes(cls: Any, params: dict[str, float]) -> Any:
    import pandas as pd
    f = cls()
    f.params_ = pd.Series(params)
    f.predict = f.conditional_expected_number_of_purchases_up_to_time  # as fit() sets it
    return f


def _rfm_frame(d: dict[str, np.ndarray]) -> Any:
    import pandas as pd
    base = np.datetime64("2024-01-01", "D")
    return pd.DataFrame({"customer_id": d["customer"], "date": base + d["day"].astype("timedelta64[D]")})


RFM_END = np.datetime64("2024-01-01", "D") + np.timedelta64(730, "D")


def rfm_cx(d):
    import cx
    df = _rfm_frame(d)
    end = RFM_END.astype("datetime64[ns]")

    def call():
        return cx.rfm_summary(df, customer="customer_id", time="date", unit="D", observation_end=end)

    def answer(r):
        ids = r.index.to_numpy().astype(np.int64)
        o = np.argsort(ids)
        return {"customer": ids[o], "frequency": r["frequency"].to_numpy()[o],
                "recency": r["recency"].to_numpy()[o], "T": r["T"].to_numpy()[o]}
    return call, answer


def rfm_lifetimes(d):
    from lifetimes.utils import summary_data_from_transaction_data
    df = _rfm_frame(d)

    def call():
        return summary_data_from_transaction_data(df, "customer_id", "date", freq="D",
                                                  observation_period_end=RFM_END)

    def answer(r):
        r = r.sort_index()
        return {"customer": r.index.to_numpy().astype(np.int64), "frequency": r["frequency"].to_numpy(),
                "recency": r["recency"].to_numpy(), "T": r["T"].to_numpy()}
    return call, answer


def rfm_polars(d):
    import polars as pl
    base = np.datetime64("2024-01-01", "D")
    df = pl.DataFrame({"customer_id": d["customer"], "date": base + d["day"].astype("timedelta64[D]")})
    end = pl.lit(RFM_END.astype("datetime64[ms]").item())

    def call():
        # The idiomatic group_by: distinct purchase days, first and last day per customer.
        return (df.group_by("customer_id")
                .agg(pl.col("date").n_unique().alias("days"), pl.col("date").min().alias("first"),
                     pl.col("date").max().alias("last"))
                .select("customer_id", (pl.col("days") - 1).alias("frequency"),
                        (pl.col("last") - pl.col("first")).dt.total_days().alias("recency"),
                        (end - pl.col("first")).dt.total_days().alias("T")))

    def answer(r):
        r = r.sort("customer_id")
        return {k: r[k].to_numpy().astype(np.float64 if k != "customer_id" else np.int64)
                for k in ["customer_id", "frequency", "recency", "T"]} | {
                    "customer": r["customer_id"].to_numpy().astype(np.int64)}
    return call, answer


def _fit_sides(kind: str):
    def side_cx(d):
        import cx
        cls = {"bgnbd": cx.BgNbd, "mbgnbd": cx.MbgNbd, "pareto": cx.ParetoNbd}[kind]

        def call():
            return cls().fit(d["x"], d["tx"], d["t"])
        return call, lambda m: {k: np.array([v]) for k, v in m.params.items()}

    def side_lt(d):
        import lifetimes
        cls = {"bgnbd": lifetimes.BetaGeoFitter, "mbgnbd": lifetimes.ModifiedBetaGeoFitter,
               "pareto": lifetimes.ParetoNBDFitter}[kind]

        def call():
            np.random.seed(1)  # ParetoNBDFitter draws its start from numpy's global generator
            return cls().fit(d["x"], d["tx"], d["t"])
        return call, lambda m: {k: np.array([v]) for k, v in dict(m.params_).items()}
    return side_cx, side_lt


def clv_cx(d):
    import cx
    bg = cx.BgNbd.from_params(BGNBD)
    rep = d["x"] > 0

    def call():
        gg = cx.GammaGamma().fit(d["x"], d["spend"])
        return gg, gg.clv(bg, d["x"], d["tx"], d["t"], d["spend"], months=12,
                          discount_rate=0.01, unit="W")
    return call, lambda r: {**{k: np.array([v]) for k, v in r[0].params.items()},
                            "clv": np.asarray(r[1])[rep]}


def clv_lifetimes(d):
    import pandas as pd
    from lifetimes import BetaGeoFitter, GammaGammaFitter
    bg = _bgnbd_params_lifetimes(BetaGeoFitter, BGNBD)
    rep = d["x"] > 0
    x, tx, t, m = (pd.Series(d[k]) for k in ["x", "tx", "t", "spend"])

    def call():
        gg = GammaGammaFitter().fit(d["x"][rep], d["spend"][rep])
        return gg, gg.customer_lifetime_value(bg, x, tx, t, m, time=12, discount_rate=0.01,
                                              freq="W").to_numpy()
    return call, lambda r: {**{k: np.array([v]) for k, v in dict(r[0].params_).items()},
                            "clv": r[1][rep]}


def palive_cx(d):
    import cx
    m = cx.BgNbd.from_params(BGNBD)
    return (lambda: m.p_alive(d["x"], d["tx"], d["t"])), lambda r: {"p": np.asarray(r)}


def palive_lifetimes(d):
    from lifetimes import BetaGeoFitter
    m = _bgnbd_params_lifetimes(BetaGeoFitter, BGNBD)
    return (lambda: m.conditional_probability_alive(d["x"], d["tx"], d["t"])), \
        lambda r: {"p": np.asarray(r, dtype=np.float64)}


def km_cx(d):
    import cx
    grid = np.arange(0.0, 1001.0)
    return (lambda: cx.kaplan_meier(d["durations"], d["observed"])), \
        lambda k: {"survival": np.asarray(k.survival_at(grid)), "median": np.array([k.median])}


def km_lifelines(d):
    from lifelines import KaplanMeierFitter
    grid = np.arange(0.0, 1001.0)

    def answer(k):
        return {"survival": k.survival_function_at_times(grid).to_numpy(),
                "median": np.array([k.median_survival_time_])}
    return (lambda: KaplanMeierFitter().fit(d["durations"], event_observed=d["observed"])), answer


def nps_cx(d):
    import cx
    s = d["scores"]
    return (lambda: cx.nps(s)), lambda r: {"score": np.array([r.score]), "ci": np.array(r.ci)}


def nps_numpy(d):
    import math
    s = d["scores"]

    def call():
        # As numpy users write it: validate the range, count, and the Wald interval.
        if s.min() < 0 or s.max() > 10:
            raise ValueError("scores must be 0..10")
        counts = np.bincount(s, minlength=11)  # numpy casts the uint8 input to intp (a copy)
        n = counts.sum()
        p, q = counts[9:].sum() / n, counts[:7].sum() / n
        c = p - q
        se = math.sqrt(max(p + q - c * c, 0.0) / n)
        return 100 * c, (max(-100.0, 100 * (c - Z95 * se)), min(100.0, 100 * (c + Z95 * se)))
    return call, lambda r: {"score": np.array([r[0]]), "ci": np.array(r[1])}


def funnel_cx(d):
    import cx

    def call():
        return cx.funnel_columns(d["customer"], d["time"], d["event"], FUNNEL_STEPS,
                                 window=FUNNEL_WINDOW)
    return call, lambda r: {"reached": r["converted"].to_numpy().astype(np.float64)}


def funnel_pandas(d):
    import pandas as pd
    df = pd.DataFrame({"customer": d["customer"], "time": d["time"], "event": d["event"]})

    def call():
        # Rows are sorted by customer then time; the row number orders equal times.
        ev = df.assign(pos=np.arange(len(df)))
        first = ev[ev["event"] == FUNNEL_STEPS[0]].groupby("customer", sort=False).first()
        at = pd.DataFrame({"pos": first["pos"], "deadline": first["time"] + FUNNEL_WINDOW})
        counts = [len(at)]
        for step in FUNNEL_STEPS[1:]:
            cand = ev[ev["event"] == step].merge(at, left_on="customer", right_index=True,
                                                 suffixes=("", "_prev"))
            cand = cand[(cand["pos"] > cand["pos_prev"]) & (cand["time"] <= cand["deadline"])]
            nxt = cand.groupby("customer", sort=False).agg(pos=("pos", "min"),
                                                            deadline=("deadline", "first"))
            at = nxt
            counts.append(len(at))
        return counts
    return call, lambda r: {"reached": np.array(r, dtype=np.float64)}


def funnel_polars(d):
    import polars as pl
    df = pl.DataFrame({"customer": d["customer"], "time": d["time"], "event": d["event"]})

    def call():
        ev = df.with_row_index("pos")
        at = (ev.filter(pl.col("event") == FUNNEL_STEPS[0]).group_by("customer")
              .agg(pl.col("pos").min(), pl.col("time").min().alias("entry"))
              .select("customer", "pos", (pl.col("entry") + FUNNEL_WINDOW).alias("deadline")))
        counts = [at.height]
        for step in FUNNEL_STEPS[1:]:
            at = (ev.filter(pl.col("event") == step)
                  .join(at, on="customer", suffix="_prev")
                  .filter((pl.col("pos") > pl.col("pos_prev")) & (pl.col("time") <= pl.col("deadline")))
                  .group_by("customer").agg(pl.col("pos").min(), pl.col("deadline").first()))
            counts.append(at.height)
        return counts
    return call, lambda r: {"reached": np.array(r, dtype=np.float64)}


def _journeys(d):
    names = np.array(CHANNELS, dtype=object)[d["codes"]]
    bounds = np.concatenate(([0], np.cumsum(d["lengths"])))
    return [names[bounds[i]:bounds[i + 1]].tolist() for i in range(len(d["lengths"]))]


def _path_frame(d):
    """The journeys as ChannelAttribution reads them: one row per journey, its path string,
    converted or not (both sides get this very frame)."""
    import pandas as pd
    return pd.DataFrame({"path": [" > ".join(p) for p in _journeys(d)], "conv": d["conv"],
                         "null": 1 - d["conv"]})


def markov_cx(d):
    import cx
    df = _path_frame(d)

    def call():
        return cx.attribution(df, "conv", "null", model="markov", order=1)
    return call, lambda r: {"credit": np.array([r.get(c, 0.0) for c in CHANNELS])}


def markov_channelattribution(d):
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        from ChannelAttribution import markov_model
    df = _path_frame(d)

    def call():
        with contextlib.redirect_stdout(io.StringIO()):
            return markov_model(df, "path", "conv", var_null="null", order=1, verbose=0)

    def answer(r):
        got = dict(zip(r["channel_name"], r["total_conversions"]))
        return {"credit": np.array([float(got.get(c, 0.0)) for c in CHANNELS])}
    return call, answer


# ----------------------------------------------------------------------------------------
# Tasks: data generator, sides (cx first), agreement check, target ratios.

def _close(tol: float, keys: list[str] | None = None):
    """Largest relative difference (against max(1, |cx|)) over the answer arrays."""
    def check(ref: dict, got: dict) -> tuple[float, bool]:
        worst = 0.0
        for k in keys or list(ref):
            a, b = np.asarray(ref[k], float), np.asarray(got[k], float)
            if a.shape != b.shape:
                return float("inf"), False
            both_inf = np.isinf(a) & np.isinf(b) & (np.sign(a) == np.sign(b))
            diff = np.where(both_inf, 0.0, np.abs(a - b) / np.maximum(1.0, np.abs(a)))
            worst = max(worst, float(np.max(diff, initial=0.0)))
        return worst, worst <= tol
    return check


def _credit_share(tol: float):
    """Largest difference of a channel's credit, as a share of all conversions."""
    def check(ref: dict, got: dict) -> tuple[float, bool]:
        a, b = ref["credit"], got["credit"]
        worst = float(np.max(np.abs(a - b)) / a.sum())
        return worst, worst <= tol
    return check


TASKS: dict[str, dict[str, Any]] = {
    "rfm": dict(title="RFM summary", size=lambda s: f"{s['rfm_tx']:,} transactions, "
                f"{s['rfm_customers']:,} customers", gen=lambda r, s: gen_rfm(r, s),
                sides={"cx": rfm_cx, "lifetimes": rfm_lifetimes, "polars": rfm_polars},
                check=_close(0.0), tol="exact", targets={"lifetimes": 20, "polars": 4}),
    "bgnbd": dict(title="BG/NBD fit", size=lambda s: f"{s['fit']:,} customers",
                  gen=lambda r, s: gen_bg(r, s["fit"], False),
                  sides=dict(zip(["cx", "lifetimes"], _fit_sides("bgnbd"))),
                  check=_close(0.01), tol="params 1% rel.", targets={"lifetimes": 50}),
    "mbgnbd": dict(title="MBG/NBD fit", size=lambda s: f"{s['fit']:,} customers",
                   gen=lambda r, s: gen_bg(r, s["fit"], True),
                   sides=dict(zip(["cx", "lifetimes"], _fit_sides("mbgnbd"))),
                   check=_close(0.01), tol="params 1% rel.", targets={"lifetimes": 50}),
    "pareto": dict(title="Pareto/NBD fit", size=lambda s: f"{s['pareto']:,} customers",
                   gen=lambda r, s: gen_pareto(r, s["pareto"]),
                   sides=dict(zip(["cx", "lifetimes"], _fit_sides("pareto"))),
                   check=_close(0.01), tol="params 1% rel.", targets={"lifetimes": 100}),
    "clv": dict(title="Gamma-Gamma fit + 12-month CLV", size=lambda s: f"{s['clv']:,} customers",
                gen=lambda r, s: gen_clv(r, s["clv"]), sides={"cx": clv_cx, "lifetimes": clv_lifetimes},
                check=_close(0.01), tol="params, CLV 1% rel.", targets={"lifetimes": 50}),
    "palive": dict(title="P(alive) scoring (BG/NBD)", size=lambda s: f"{s['palive']:,} customers",
                   gen=lambda r, s: gen_bg(r, s["palive"], False),
                   sides={"cx": palive_cx, "lifetimes": palive_lifetimes},
                   check=_close(1e-9), tol="1e-9", targets={"lifetimes": 2}),
    "km": dict(title="Kaplan-Meier", size=lambda s: f"{s['km']:,} durations",
               gen=lambda r, s: gen_km(r, s["km"]), sides={"cx": km_cx, "lifelines": km_lifelines},
               check=_close(1e-9), tol="S(t) at 0..1000, 1e-9", targets={"lifelines": 20}),
    "nps": dict(title="NPS (uint8 scores)", size=lambda s: f"{s['nps']:,} scores",
                gen=lambda r, s: gen_nps(r, s["nps"]), sides={"cx": nps_cx, "numpy": nps_numpy},
                check=_close(1e-9), tol="score, CI 1e-9", targets={"numpy": 3}),
    "funnel": dict(title="Ordered 5-step funnel, 14-day window",
                   size=lambda s: f"{s['funnel']:,} events, {s['funnel'] // 10:,} customers",
                   gen=lambda r, s: gen_funnel(r, s["funnel"]),
                   sides={"cx": funnel_cx, "pandas": funnel_pandas, "polars": funnel_polars},
                   check=_close(0.0), tol="exact counts", targets={"pandas": 20, "polars": 4}),
    "markov": dict(title="Markov attribution, order 1", size=lambda s: f"{s['markov']:,} journeys (path strings)",
                   gen=lambda r, s: gen_markov(r, s["markov"]),
                   sides={"cx": markov_cx, "ChannelAttribution": markov_channelattribution},
                   check=_credit_share(0.1), tol="credits within 10% of conversions (deviation shown)",
                   targets={"ChannelAttribution": 10}),
}


# ----------------------------------------------------------------------------------------
# Worker process.

def rss_now() -> float:
    """Resident set size now, MiB (Linux /proc)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss() -> float:
    """Peak resident set size of this process so far, MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_high_water_mark() -> bool:
    """Resets the kernel's peak-RSS mark (VmHWM) of this process (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def high_water_mark() -> float:
    """VmHWM, the peak resident size since the last reset, MiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return peak_rss()


def worker(task: str, side: str, data: Path, repeat: int, out: Path) -> None:
    import gc
    d = {f.stem: np.load(f) for f in sorted(data.glob("*.npy"))}
    call, answer = TASKS[task]["sides"][side](d)
    gc.collect()
    base = rss_now()
    # The process's own peak so far (VmHWM belongs to this program's address space;
    # ru_maxrss would also carry the parent's size at fork across the exec).
    load_peak = high_water_mark()
    resettable = reset_high_water_mark()  # forget the input's loading peak
    times: list[float] = []
    t0 = time.perf_counter()
    r = call()
    first = time.perf_counter() - t0
    if first >= SLOW_S:
        times.append(first)  # too slow to warm up: the first run counts (imports included)
    else:
        # Measure from after the warm-up: imports loaded, the warm-up's result freed.
        del r
        gc.collect()
        base = rss_now()
        load_peak = max(load_peak, high_water_mark())
        resettable = reset_high_water_mark()
        while len(times) < repeat:
            r = None  # the previous result is freed before the next run
            t0 = time.perf_counter()
            r = call()
            times.append(time.perf_counter() - t0)
            if times[-1] >= SLOW_S:
                break
    peak = high_water_mark() if resettable else peak_rss()
    np.savez(out.with_suffix(".npz"), **answer(r))
    out.write_text(json.dumps({"times": times, "base_mib": base, "peak_mib": peak,
                               "process_peak_mib": max(load_peak, peak)}))


# ----------------------------------------------------------------------------------------
# Parent.

def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cpu}, {os.cpu_count()} logical CPUs, {mem:.0f} GiB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def versions() -> str:
    out = []
    for mod in ["cx", "numpy", "pandas", "polars", "lifetimes", "lifelines", "ChannelAttribution"]:
        try:
            if mod == "ChannelAttribution":
                from importlib.metadata import version
                out.append(f"ChannelAttribution {version('ChannelAttribution')}")
                continue
            m = __import__(mod)
            out.append(f"{mod} {m.__version__}")
        except Exception:  # noqa: BLE001 - a missing peer is reported, not fatal
            out.append(f"{mod} (not installed)")
    return ", ".join(out)


def fmt_s(s: float) -> str:
    return f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (a smoke run, seconds)")
    ap.add_argument("--tiny", action="store_true", help="tiny sizes (the harness test)")
    ap.add_argument("--only", default="", help="comma-separated task names: " + ",".join(TASKS))
    ap.add_argument("--seed", type=int, default=20261126)
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per side (median kept)")
    ap.add_argument("--data", type=Path, default=ROOT / "target" / "bench-data")
    ap.add_argument("--out", type=Path, help="markdown report (default: print only)")
    ap.add_argument("--worker", nargs=4, metavar=("TASK", "SIDE", "DATA", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        task, side, data, out = a.worker
        worker(task, side, Path(data), a.repeat, Path(out))
        return

    sizes, mode = (TINY, "tiny") if a.tiny else (QUICK, "quick") if a.quick else (FULL, "full")
    names = [t for t in a.only.split(",") if t] or list(TASKS)
    unknown = set(names) - set(TASKS)
    if unknown:
        sys.exit(f"unknown task(s): {', '.join(sorted(unknown))}; known: {', '.join(TASKS)}")
    a.data.mkdir(parents=True, exist_ok=True)
    print(f"{mode} sizes, seed {a.seed}; {versions()}")

    rows: list[dict[str, Any]] = []
    failures: list[str] = []
    a.load = [os.getloadavg()]
    for name in names:
        spec = TASKS[name]
        path = a.data / f"{name}-{mode}-{a.seed}"
        if not (path / "done").exists():
            path.mkdir(parents=True, exist_ok=True)
            rng = np.random.default_rng([a.seed, list(TASKS).index(name)])
            for k, v in spec["gen"](rng, sizes).items():
                np.save(path / f"{k}.npy", v)
            (path / "done").write_text("")
        results: dict[str, dict[str, Any]] = {}
        for side in spec["sides"]:
            out = a.data / f"result-{name}-{side}.json"
            cmd = [sys.executable, __file__, "--repeat", str(a.repeat), "--worker", name, side,
                   str(path), str(out)]
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode != 0:
                print(p.stdout + p.stderr, file=sys.stderr)
                failures.append(f"{name}/{side} failed")
                continue
            res = json.loads(out.read_text())
            with np.load(out.with_suffix(".npz")) as z:
                res["answer"] = {k: z[k] for k in z.files}
            res["median"] = statistics.median(res["times"])
            results[side] = res
        if "cx" not in results:
            continue
        cx_r = results["cx"]
        for side, res in results.items():
            if side == "cx":
                continue
            diff, ok = spec["check"](cx_r["answer"], res["answer"])
            if not ok:
                failures.append(f"{name}: {side} disagrees with cx ({diff:.2e})")
            ratio = res["median"] / cx_r["median"]
            target = spec["targets"].get(side)
            row = dict(task=spec["title"], size=spec["size"](sizes), peer=side, peer_s=res["median"],
                       peer_runs=len(res["times"]), cx_s=cx_r["median"], cx_runs=len(cx_r["times"]),
                       ratio=ratio, target=target, peer_peak=res["process_peak_mib"],
                       peer_extra=res["peak_mib"] - res["base_mib"], cx_peak=cx_r["process_peak_mib"],
                       cx_extra=cx_r["peak_mib"] - cx_r["base_mib"], diff=diff, ok=ok, tol=spec["tol"])
            rows.append(row)
            print(f"{row['task']:<38} {side:<18} {fmt_s(row['peer_s']):>10} vs cx "
                  f"{fmt_s(row['cx_s']):>10}  {ratio:7.1f}x"
                  f"{'' if target is None else ('  target ' + str(target) + 'x ' + ('met' if ratio >= target else 'MISSED'))}"
                  f"  mem {row['peer_extra']:.0f}/{row['cx_extra']:.0f} MiB  diff {diff:.1e} "
                  f"{'OK' if ok else 'DISAGREE'}", flush=True)

    a.load.append(os.getloadavg())
    if a.out:
        a.out.write_text(report(rows, mode, a, sizes))
        print(f"wrote {a.out}")
    if failures:
        sys.exit("failures:\n  " + "\n  ".join(failures))


def report(rows: list[dict[str, Any]], mode: str, a: argparse.Namespace, sizes: dict) -> str:
    lines = [
        "# Benchmarks: cx against the Python peers",
        "",
        "Generated by `make bench-compare` (benches/compare/suite.py"
        f"{' --quick' if mode == 'quick' else ''}); do not edit by hand.",
        "",
        f"- Machine: {machine()}. The machine is shared: absolute times are noisy, ratios within "
        "one run are what counts. Load average (1, 5, 15 min) at the start "
        f"{', '.join(f'{x:.1f}' for x in a.load[0])}, at the end "
        f"{', '.join(f'{x:.1f}' for x in a.load[-1])}.",
        f"- Versions: {versions()}.",
        f"- Sizes: {mode}; data generated with numpy from seed {a.seed}; cx and the peer get the "
        "same arrays. cx is called through its Python package (`import cx`).",
        f"- Time: median of up to {a.repeat} runs after a warm-up run, each side in its own "
        f"process; a run over {SLOW_S:.0f} s ends the series (no warm-up), so the slow peers "
        "are timed once or twice (`runs`).",
        "- Memory: `peak` is the worker process's peak resident size (VmHWM: Python, the "
        "libraries and the input included); `+call` is the peak resident size during the timed "
        "calls (VmHWM, reset after the warm-up) minus the resident size before them: what the "
        "call allocates at its worst.",
        "- Agreement: each peer's answer against cx's; `diff` is the largest relative "
        "difference (Markov: the largest channel credit difference as a share of all "
        "conversions: ChannelAttribution simulates, cx is exact).",
        "",
        "| task | size | peer | peer time (runs) | cx time (runs) | ratio | target | peer peak / +call | "
        "cx peak / +call | diff (tolerance) |",
        "|---|---|---|---:|---:|---:|---|---:|---:|---|",
    ]
    for r in rows:
        tgt = "" if r["target"] is None else (
            f"≥ {r['target']}× {'met' if r['ratio'] >= r['target'] else '**missed**'}")
        lines.append(
            f"| {r['task']} | {r['size']} | {r['peer']} | {fmt_s(r['peer_s'])} ({r['peer_runs']}) | "
            f"{fmt_s(r['cx_s'])} ({r['cx_runs']}) | {r['ratio']:.1f}× | {tgt} | "
            f"{r['peer_peak']:.0f} / {r['peer_extra']:.0f} MiB | {r['cx_peak']:.0f} / "
            f"{r['cx_extra']:.0f} MiB | {r['diff']:.1e} ({r['tol']}) {'✓' if r['ok'] else '✗'} |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
