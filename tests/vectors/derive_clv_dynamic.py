#!/usr/bin/env python3
"""Write tests/vectors/clv_dynamic.json: the Pareto/NBD with time-varying covariates.

Model (Bachmann, Meierer and Näf 2021, Marketing Science 40(4); CLVTools' `pnbd` with dynamic
covariates): while active a customer buys at rate λ·exp(γ₁ᵀx(t)) and drops out at hazard
μ·exp(γ₂ᵀz(t)), λ ~ Gamma(r, α), μ ~ Gamma(s, β), covariates constant within periods of
length 1. Every expected value is computed here with mpmath (30 digits) from the definitions,
not with cx's code or its closed form (cx integrates each period through the Pareto/NBD ₂F₁):

- data: per customer the distinct transaction times up to `observation_end`; the first is
  time 0, x = the number of later ones, tₓ the last, T = end − first; a repeat purchase takes
  the covariates of the period [start, start + 1) it falls in;
- A(t) = ∫₀ᵗ e^{γ₁ᵀx(u)} du and B(t) = ∫₀ᵗ e^{γ₂ᵀz(u)} du, summed over the periods;
- integrating λ and μ out of the individual likelihood (gamma mixing):
  L = ∏ⱼ e^{γ₁ᵀx(tⱼ)} Γ(r+x)αʳβˢ/Γ(r) [(α+A(T))^{−(r+x)} (β+B(T))^{−s}
      + s ∫_{tₓ}^{T} e^{γ₂ᵀz(τ)} (α+A(τ))^{−(r+x)} (β+B(τ))^{−(s+1)} dτ],
  the τ integral by mpmath quad with the period boundaries as breakpoints;
- P(alive) = the first bracket term over the bracket;
- expected purchases in (T, T+h]: P(alive) (r+x)/(α+A(T)) ∫_T^{T+h} e^{γ₁ᵀx(u)}
  ((β+B(T))/(β+B(u)))^s du (λ | alive ~ Gamma(r+x, α+A(T)), μ | alive ~ Gamma(s, β+B(T))),
  by quad with breakpoints.

    python3 tests/vectors/derive_clv_dynamic.py --write   # regenerate (needs mpmath)
    python3 tests/vectors/derive_clv_dynamic.py --check   # fail when the committed file differs
"""
import json
import pathlib
import sys

from mpmath import exp, log, loggamma, mp, mpf, quad

mp.dps = 30
ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "vectors" / "clv_dynamic.json"


def customer_terms(p, g1, g2, times, rows, end):
    """(log-likelihood, P(alive), expected purchases over each horizon) of one customer.

    `rows`: {period start: (x dict, z dict)}; `times`: its transaction times."""
    r, alpha, s, beta = (mpf(v) for v in p)
    ts = sorted(set(mpf(t) for t in times if t <= end))
    first = ts[0]
    x = len(ts) - 1
    tx = ts[-1] - first
    T = mpf(end) - first
    # Periods in customer time, from the one containing the first purchase.
    starts = sorted(mpf(k) - first for k in rows)
    starts = [u for u in starts if u > -1]
    keys = {mpf(k) - first: k for k in rows}
    eta1 = lambda k: sum(mpf(g1[n]) * rows[keys[k]][0][n] for n in g1)
    eta2 = lambda k: sum(mpf(g2[n]) * rows[keys[k]][1][n] for n in g2)

    def period_of(u):
        return max(k for k in starts if k <= u)

    def exposure(t, eta):
        tot = mpf(0)
        for k in starts:
            lo, hi = max(k, mpf(0)), min(k + 1, t)
            if hi > lo:
                tot += exp(eta(k)) * (hi - lo)
        return tot

    A = lambda t: exposure(t, eta1)
    B = lambda t: exposure(t, eta2)
    m = r + x
    purchase = sum(eta1(period_of(t - first)) for t in ts[1:])
    alive = (alpha + A(T)) ** (-m) * (beta + B(T)) ** (-s)
    f = lambda tau: exp(eta2(period_of(tau))) * (alpha + A(tau)) ** (-m) * (beta + B(tau)) ** (-(s + 1))
    pts = [tx] + [k for k in starts if tx < k < T] + [T]
    died = s * quad(f, pts) if tx < T else mpf(0)
    ll = purchase + loggamma(r + x) - loggamma(r) + r * log(alpha) + s * log(beta) + log(alive + died)
    pa = alive / (alive + died)

    def expected(h):
        h = mpf(h)
        bt = beta + B(T)
        g = lambda u: exp(eta1(period_of(u))) * (bt / (beta + B(u))) ** s
        pts = [T] + [k for k in starts if T < k < T + h] + [T + h]
        return pa * (r + x) / (alpha + A(T)) * quad(g, pts)

    return ll, pa, expected


def case(name, p, g1, g2, transactions, covariates, end, horizon, source, tol=1e-10):
    by_customer = {}
    for c, t in zip(transactions["customer"], transactions["time"]):
        by_customer.setdefault(c, []).append(t)
    rows = {}
    for j, c in enumerate(covariates["customer"]):
        rows.setdefault(c, {})[covariates["period_start"][j]] = (
            {n: mpf(covariates[n][j]) for n in g1},
            {n: mpf(covariates[n][j]) for n in g2},
        )
    ll, pa, ep = [], [], []
    for c in sorted(by_customer):
        if min(by_customer[c]) > end:
            continue
        l, a, e = customer_terms(p, g1, g2, by_customer[c], rows[c], end)
        ll.append(float(l))
        pa.append(float(a))
        ep.append(float(e(horizon)))
    return {
        "name": name,
        "function": "dynamic_score",
        "source": source,
        "input": {
            "params": p,
            "purchase": g1,
            "dropout": g2,
            "transactions": transactions,
            "covariates": covariates,
            "observation_end": end,
            "horizon": horizon,
        },
        "expected": {"log_likelihood": ll, "p_alive": pa, "expected_purchases": ep},
        "tolerance": tol,
    }


def weekly(customers, first, last, fx, fz):
    """One covariate row per customer and period start first..last (whole numbers)."""
    cov = {"customer": [], "period_start": [], "x": [], "z": []}
    for c in customers:
        for k in range(first, last + 1):
            cov["customer"].append(c)
            cov["period_start"].append(float(k))
            cov["x"].append(fx(c, k))
            cov["z"].append(fz(c, k))
    return cov


SRC = ("Bachmann, Meierer and Näf (2021) dynamic-covariate Pareto/NBD; the τ and future "
       "integrals by mpmath quad with period breakpoints (derive_clv_dynamic.py)")


def build():
    # Five customers over weeks 0..40 (end 30.5): a steady buyer, a one-off buyer (x = 0), a
    # buyer whose repeat purchases fall exactly on period starts, one with two transactions at
    # the same time (counted once) and one buying after the end (ignored).
    tx = {
        "customer": [0, 0, 0, 0, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4],
        "time": [2.3, 5.1, 11.7, 20.25, 7.6, 1.0, 4.0, 9.0, 12.2, 15.5, 15.5, 0.4, 29.9, 33.0],
    }
    cov = weekly(range(5), 0, 40,
                 lambda c, k: round(0.5 * ((k * 7 + c * 3) % 5) - 1.0, 2),
                 lambda c, k: 1.0 if (k + c) % 6 < 3 else 0.0)
    # Covariate rows come shuffled (the reader sorts them) and start before a customer's
    # first purchase (dropped).
    order = sorted(range(len(cov["customer"])), key=lambda j: (j * 7919) % len(cov["customer"]))
    shuffled = {k: [v[j] for j in order] for k, v in cov.items()}
    cases = [
        case("dynamic_mixed_customers", [0.55, 10.6, 0.61, 11.7], {"x": 0.4}, {"z": 0.8},
             tx, shuffled, 30.5, 6.0, SRC + "; CDNOW-like (r, α, s, β), two covariates"),
        case("dynamic_strong_effects", [1.3, 3.0, 1.8, 4.0], {"x": -1.1}, {"z": -1.5},
             tx, cov, 30.5, 9.5, SRC + "; large negative effects, s > 1"),
        case("dynamic_zero_effects", [0.8, 6.0, 0.9, 7.0], {"x": 0.0}, {"z": 0.0},
             tx, cov, 30.5, 4.0, SRC + "; γ = 0: the plain Pareto/NBD"),
        case("dynamic_s_equal_one", [0.7, 5.0, 1.0, 9.0], {"x": 0.3}, {"z": 0.6},
             tx, cov, 30.5, 3.0, SRC + "; s = 1 (logarithmic future exposure)"),
    ]
    # Two covariates per process, one shared, on another grid (daily units, periods of one day).
    tx2 = {"customer": [10, 10, 10, 11, 11, 12], "time": [100.5, 101.25, 104.0, 102.75, 106.5, 103.1]}
    cov2 = {"customer": [], "period_start": [], "x": [], "w": [], "z": []}
    for c in (10, 11, 12):
        for k in range(100, 115):
            cov2["customer"].append(c)
            cov2["period_start"].append(float(k))
            cov2["x"].append(0.1 * ((k * c) % 7))
            cov2["w"].append(-0.5 if k % 2 else 0.5)
            cov2["z"].append(0.25 * ((k + c) % 4))
    cases.append(case("dynamic_two_covariates", [0.9, 2.0, 0.5, 3.0], {"x": 0.7, "w": -0.3},
                      {"z": 1.2, "w": 0.4}, tx2, cov2, 108.0, 5.0,
                      SRC + "; shared covariate w in both processes, short periods"))
    return {
        "module": "clv_dynamic",
        "about": "Pareto/NBD with time-varying covariates: `dynamic_score` builds a model from "
                 "`params` [r, α, s, β] and coefficients, reads the long tables (transactions "
                 "`customer`, `time`; covariates `customer`, `period_start`, one column per "
                 "covariate; periods of length 1 in the time unit) up to `observation_end`, "
                 "and returns per customer (sorted by id) the log-likelihood, P(alive) and the "
                 "expected purchases over `horizon`. Absolute `tolerance` on every number.",
        "generated_by": "tests/vectors/derive_clv_dynamic.py",
        "bindings": ["rust", "python"],
        "cases": cases,
    }


def main():
    text = json.dumps(build(), indent=1, ensure_ascii=False) + "\n"
    if "--write" in sys.argv:
        OUT.write_text(text)
    elif "--check" in sys.argv:
        if OUT.read_text() != text:
            sys.exit(f"{OUT} differs from what {__file__} derives: rerun with --write")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
