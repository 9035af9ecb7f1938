"""cx vs lifetimes 0.11.3 on the same simulated customers: BG/NBD, MBG/NBD, Pareto/NBD and
Gamma-Gamma fits, and 12-month discounted CLV scoring, in one run.

lifetimes is a reference only and lives in its own venv outside the repository
(see ../shared/toolchain.md); `cx` is installed into that venv from a wheel. From the repository
root (`make bench-compare-clv` does exactly this, creating the venv only when it is missing):

    python3 -m venv /work/ref-venv-lifetimes   # make: REF_VENV_LIFETIMES, default ../ref-venv-lifetimes
    /work/ref-venv-lifetimes/bin/pip install lifetimes==0.11.3
    make dist   # the cxkit wheel into dist/
    /work/ref-venv-lifetimes/bin/pip install --force-reinstall --no-deps dist/cxkit-*.whl
    /work/ref-venv-lifetimes/bin/python benches/compare/clv_lifetimes.py

Options: `--n` customers for BG/NBD, MBG/NBD and Gamma-Gamma/CLV (default 1,000,000),
`--pareto-n` for the Pareto/NBD comparison (default 100,000: lifetimes' ParetoNBDFitter runs
Nelder-Mead over the whole table with up to 2,000 likelihood evaluations, far too slow on 1M;
cx's Pareto/NBD fit on `--n` customers is printed as well), `--seed`, `--skip` (comma-separated
model names to leave out).

The customers are simulated once with numpy (fixed seed) from each model's generative story, at
day resolution as real transaction logs are (a 12-week daily acquisition cohort observed to
week 39, times in weeks, recency rounded up to whole days), and the same arrays go to both
libraries. lifetimes is timed as users call it (one row per customer) and also on the table
compressed into distinct (frequency, recency, T) triples with counts as `weights` (its best
case; the grouping is timed too); cx takes the raw columns and compresses internally, inside
the timed call. Each lifetimes fit runs once (they take seconds to minutes); cx's time is the
best of `--repeat` runs. Both libraries must find the same maximum (see `agree`: parameters
within `PARAM_RTOL`, cx's log-likelihood equal to lifetimes' likelihood function at cx's
parameters, and not below lifetimes' maximum by more than `LL_ATOL` per customer), and the CLVs
computed from the same parameters must agree to 1e-6; the script exits non-zero otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Callable

import numpy as np
import pandas as pd

import cx

try:
    from lifetimes import (
        BetaGeoFitter,
        GammaGammaFitter,
        ModifiedBetaGeoFitter,
        ParetoNBDFitter,
    )
except ImportError:  # pragma: no cover - documented setup above
    sys.exit("lifetimes is not installed in this interpreter: see the commands at the top")

#: Both libraries maximize the same likelihood; the optimum must match to this relative
#: tolerance per parameter (lifetimes' default tolerances stop earlier than cx's).
PARAM_RTOL = 0.01
#: How far cx's maximum may fall below lifetimes' (by lifetimes' likelihood), per customer.
LL_ATOL = 1e-5
#: Weeks in a month for CLV (cx `unit="W"`, lifetimes `freq="W"`).
WEEKS_PER_MONTH = 4.345

BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # CDNOW (FHL 2005)
MBGNBD = {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}  # CDNOW (Batislam et al. 2007)
PARETO = {"r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67}  # CDNOW (FHL 2005 note)
GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44}  # CDNOW (Fader and Hardie 2013 note)


def cohort_t(n: int) -> np.ndarray:
    """Weeks from first purchase to the end of week 39 for a 12-week daily acquisition cohort."""
    return (273 - (np.arange(n) % 84)) / 7.0


def to_days(x: np.ndarray, tx: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Recency rounded up to whole days (at least one day) for customers with repeats."""
    days = np.clip(np.ceil(tx * 7.0) / 7.0, 1.0 / 7.0, t)
    return np.where(x > 0, days, 0.0)


def last_of(rng: np.random.Generator, x: np.ndarray, n: np.ndarray, span: np.ndarray) -> np.ndarray:
    """Time of the x-th of n uniform arrivals on (0, span): span × Beta(x, n − x + 1)."""
    out = np.zeros(len(x))
    k = x > 0
    out[k] = span[k] * rng.beta(x[k], n[k] - x[k] + 1)
    return out


def simulate_bg(rng: np.random.Generator, t: np.ndarray, p: dict[str, float], modified: bool):
    """BG/NBD (or MBG/NBD with `modified`): Poisson purchases at rate λ ~ Gamma(r, α); the
    customer drops out after each repeat purchase (MBG/NBD: also at time 0) with probability
    p ~ Beta(a, b)."""
    m = len(t)
    lam = rng.gamma(p["r"], 1.0 / p["alpha"], m)
    drop = rng.beta(p["a"], p["b"], m)
    n = rng.poisson(lam * t)
    k = rng.geometric(drop)  # repeat purchases until (and including) the one after which it drops
    if modified:
        k = k - 1
    x = np.minimum(n, k)
    tx = last_of(rng, x, n, t)
    return x.astype(np.float64), to_days(x, tx, t)


def simulate_pareto(rng: np.random.Generator, t: np.ndarray, p: dict[str, float]):
    """Pareto/NBD: Poisson purchases at rate λ ~ Gamma(r, α) over an exponential lifetime with
    rate μ ~ Gamma(s, β)."""
    m = len(t)
    lam = rng.gamma(p["r"], 1.0 / p["alpha"], m)
    mu = rng.gamma(p["s"], 1.0 / p["beta"], m)
    span = np.minimum(rng.exponential(1.0 / mu), t)
    x = rng.poisson(lam * span)
    tx = last_of(rng, x, x, span)
    return x.astype(np.float64), to_days(x, tx, t)


def simulate_spend(rng: np.random.Generator, x: np.ndarray, p: dict[str, float]) -> np.ndarray:
    """Gamma-Gamma mean spend of the x repeat purchases (0 without repeats): ν ~ Gamma(q, v),
    the mean of x Gamma(p, ν) spends is Gamma(p·x, ν·x)."""
    nu = rng.gamma(p["q"], 1.0 / p["v"], len(x))
    k = x > 0
    out = np.zeros(len(x))
    out[k] = rng.gamma(p["p"] * x[k], 1.0 / (nu[k] * x[k]))
    return out


def timed(f: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


def best_of(f: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    runs = [timed(f) for _ in range(repeat)]
    return runs[-1][0], min(s for _, s in runs)


def compress(x: np.ndarray, tx: np.ndarray, t: np.ndarray):
    """Distinct (frequency, recency, T) rows with their counts, as lifetimes' `weights`."""
    g = pd.DataFrame({"x": x, "tx": tx, "t": t}).value_counts().reset_index(name="w")
    return g["x"].to_numpy(), g["tx"].to_numpy(), g["t"].to_numpy(), g["w"].to_numpy()


def fit_weighted(fitter: Any, x: np.ndarray, tx: np.ndarray, t: np.ndarray) -> Any:
    """A lifetimes fit on the compressed table (grouping included in what the caller times)."""
    cx_, ctx, ct, w = compress(x, tx, t)
    return fitter.fit(cx_, ctx, ct, weights=w)


FAILURES: list[str] = []


def lifetimes_ll(fitter_cls: Any, params: dict[str, float], *columns: np.ndarray) -> float:
    """Total log-likelihood of `params` on the unscaled columns by lifetimes' own likelihood
    function (its fitters minimize a mean negative log-likelihood on rescaled times, so their
    reported optimum is not comparable directly)."""
    names = {"BetaGeoFitter": "r alpha a b", "ModifiedBetaGeoFitter": "r alpha a b",
             "ParetoNBDFitter": "r alpha s beta", "GammaGammaFitter": "p q v"}
    theta = np.array([params[k] for k in names[fitter_cls.__name__].split()])
    w = np.ones(len(columns[0]))
    if fitter_cls is ParetoNBDFitter:  # natural parameters; divides by the mean weight
        return -float(fitter_cls._negative_log_likelihood(theta, *columns, w, 0.0)) * w.mean()
    return -float(fitter_cls._negative_log_likelihood(np.log(theta), *columns, w, 0.0)) * w.sum()


def agree(name: str, fitter_cls: Any, cx_model: Any, lt_params: dict[str, float],
          *columns: np.ndarray) -> None:
    """Checks that both libraries found the same maximum: parameters within `PARAM_RTOL`,
    cx's reported log-likelihood equal to lifetimes' likelihood function at cx's parameters
    (same likelihood, to 1e-8 relative), and cx's maximum not lower than lifetimes' by more
    than `LL_ATOL` per customer. Prints both and records a failure."""
    cx_params = cx_model.params
    n = len(columns[0])
    worst = max(abs(cx_params[k] / lt_params[k] - 1.0) for k in cx_params)
    at_cx = lifetimes_ll(fitter_cls, cx_params, *columns)
    at_lt = lifetimes_ll(fitter_cls, lt_params, *columns)
    same_fn = abs(at_cx - cx_model.log_likelihood) <= 1e-8 * abs(at_cx)
    not_worse = at_cx >= at_lt - LL_ATOL * n
    ok = worst <= PARAM_RTOL and same_fn and not_worse
    row = "  ".join(f"{k} {cx_params[k]:.4f}/{lt_params[k]:.4f}" for k in cx_params)
    print(f"  params cx/lifetimes: {row}")
    print(f"  largest relative difference {worst:.1e} (tolerance {PARAM_RTOL:g}); LL by lifetimes' "
          f"function at cx {at_cx:.3f} (cx reports {cx_model.log_likelihood:.3f}), at lifetimes "
          f"{at_lt:.3f}  {'OK' if ok else 'MISMATCH'}")
    if not ok:
        FAILURES.append(name)


def ratio_line(label: str, lt: float, cx_s: float, target: float | None = None) -> None:
    r = lt / cx_s
    goal = "" if target is None else f"  (target >= {target:.0f}x: {'met' if r >= target else 'MISSED'})"
    print(f"  {label}: lifetimes {lt:8.2f} s  cx {cx_s:7.3f} s  ratio {r:7.1f}x{goal}")


def compare_bg(name: str, rng: np.random.Generator, n: int, repeat: int, modified: bool,
               target: float | None):
    truth = MBGNBD if modified else BGNBD
    t = cohort_t(n)
    x, tx = simulate_bg(rng, t, truth, modified)
    cx_cls = cx.MbgNbd if modified else cx.BgNbd
    lt_cls = ModifiedBetaGeoFitter if modified else BetaGeoFitter
    cxm, cx_s = best_of(lambda: cx_cls().fit(x, tx, t), repeat)
    print(f"\n{name}: {n:,} customers ({len(compress(x, tx, t)[0]):,} distinct triples), "
          f"true {truth}")
    print(f"  cx {cx_s:.3f} s  converged {cxm.converged}  iterations {cxm.iterations}")
    ltm, lt_s = timed(lambda: lt_cls().fit(x, tx, t))
    print(f"  lifetimes {lt_s:.2f} s (one row per customer)")
    ltw, lt_w_s = timed(lambda: fit_weighted(lt_cls(), x, tx, t))
    print(f"  lifetimes {lt_w_s:.2f} s (compressed triples with weights, grouping included)")
    agree(name, lt_cls, cxm, dict(ltm.params_), x, tx, t)
    agree(name + " (weights)", lt_cls, cxm, dict(ltw.params_), x, tx, t)
    ratio_line("fit, rows", lt_s, cx_s, target)
    ratio_line("fit, lifetimes on weighted triples", lt_w_s, cx_s)
    return x, tx, t, cxm, ltm


def compare_pareto(rng: np.random.Generator, n: int, n_cx: int, repeat: int) -> None:
    t = cohort_t(n)
    x, tx = simulate_pareto(rng, t, PARETO)
    cxm, cx_s = best_of(lambda: cx.ParetoNbd().fit(x, tx, t), repeat)
    print(f"\nPareto/NBD: {n:,} customers ({len(compress(x, tx, t)[0]):,} distinct triples), "
          f"true {PARETO}")
    print(f"  cx {cx_s:.3f} s  converged {cxm.converged}  iterations {cxm.iterations}")
    np.random.seed(1)  # lifetimes draws its Nelder-Mead start from the global numpy generator
    ltm, lt_s = timed(lambda: ParetoNBDFitter().fit(x, tx, t))
    print(f"  lifetimes {lt_s:.2f} s (one row per customer, Nelder-Mead)")
    np.random.seed(1)
    ltw, lt_w_s = timed(lambda: fit_weighted(ParetoNBDFitter(), x, tx, t))
    print(f"  lifetimes {lt_w_s:.2f} s (compressed triples with weights, grouping included)")
    agree("Pareto/NBD", ParetoNBDFitter, cxm, dict(ltm.params_), x, tx, t)
    agree("Pareto/NBD (weights)", ParetoNBDFitter, cxm, dict(ltw.params_), x, tx, t)
    ratio_line("fit, rows", lt_s, cx_s, 100)
    ratio_line("fit, lifetimes on weighted triples", lt_w_s, cx_s)
    if n_cx > n:
        t = cohort_t(n_cx)
        x, tx = simulate_pareto(rng, t, PARETO)
        m, s = best_of(lambda: cx.ParetoNbd().fit(x, tx, t), repeat)
        print(f"  cx on {n_cx:,} customers: {s:.3f} s (lifetimes not run at this size)")


def compare_clv(rng: np.random.Generator, x: np.ndarray, tx: np.ndarray, t: np.ndarray,
                cx_bg: Any, lt_bg: Any, repeat: int) -> None:
    spend = simulate_spend(rng, x, GAMMA_GAMMA)
    rep = x > 0
    print(f"\nGamma-Gamma: {int(rep.sum()):,} repeat customers of {len(x):,}, true {GAMMA_GAMMA}")
    gg, cx_s = best_of(lambda: cx.GammaGamma().fit(x, spend), repeat)
    lt_gg, lt_s = timed(lambda: GammaGammaFitter().fit(x[rep], spend[rep]))
    agree("Gamma-Gamma", GammaGammaFitter, gg, dict(lt_gg.params_), x[rep], spend[rep])
    ratio_line("fit", lt_s, cx_s)

    # Scoring with the same parameters in both libraries (lifetimes' fitted ones), so the CLVs
    # must agree to rounding.
    same_bg = cx.BgNbd.from_params(dict(lt_bg.params_))
    same_gg = cx.GammaGamma.from_params(dict(lt_gg.params_))
    ours, cx_s = best_of(lambda: same_gg.clv(same_bg, x, tx, t, spend, months=12,
                                             discount_rate=0.01, unit="W"), repeat)
    theirs, lt_s = timed(lambda: lt_gg.customer_lifetime_value(
        lt_bg, pd.Series(x), pd.Series(tx), pd.Series(t), pd.Series(spend), time=12,
        discount_rate=0.01, freq="W").to_numpy())
    finite = np.isfinite(theirs)
    err = np.max(np.abs(ours[finite] - theirs[finite]) / np.maximum(1.0, np.abs(theirs[finite])))
    ok = err <= 1e-6 and np.isfinite(ours).all()
    print(f"  12-month CLV (1%/month) of {len(x):,} customers, same parameters: largest relative "
          f"difference {err:.1e} (tolerance 1e-6), lifetimes non-finite {int((~finite).sum())}"
          f"  {'OK' if ok else 'MISMATCH'}")
    if not ok:
        FAILURES.append("CLV")
    ratio_line("CLV scoring", lt_s, cx_s)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--pareto-n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20050101)
    ap.add_argument("--repeat", type=int, default=3, help="cx runs per timing (best is kept)")
    ap.add_argument("--skip", default="", help="comma-separated: bgnbd,mbgnbd,pareto,clv")
    a = ap.parse_args()
    skip = set(filter(None, a.skip.split(",")))
    import lifetimes

    print(f"cx {cx.__version__} vs lifetimes {lifetimes.__version__}; numpy {np.__version__}, "
          f"pandas {pd.__version__}; seed {a.seed}")
    rng = np.random.default_rng(a.seed)
    if "bgnbd" not in skip or "clv" not in skip:
        x, tx, t, cx_bg, lt_bg = compare_bg("BG/NBD", rng, a.n, a.repeat, False, 50)
        if "clv" not in skip:
            compare_clv(rng, x, tx, t, cx_bg, lt_bg, a.repeat)
    if "mbgnbd" not in skip:
        compare_bg("MBG/NBD", rng, a.n, a.repeat, True, None)
    if "pareto" not in skip:
        compare_pareto(rng, a.pareto_n, a.n, a.repeat)
    if FAILURES:
        sys.exit(f"\nparameters or values disagree: {', '.join(FAILURES)}")
    print("\nall parameters and CLV values agree within the stated tolerances")


if __name__ == "__main__":
    main()
