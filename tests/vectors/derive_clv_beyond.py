#!/usr/bin/env python3
"""Write tests/vectors/clv_beyond.json: model comparison and the Gamma-Gompertz/NBD.

Every expected value is computed here with mpmath (20 digits) from the definitions, not with
cx's code or its transformations:

- likelihood-ratio test: the χ² upper tail as the regularized upper incomplete gamma
  Q(df/2, statistic/2); AIC = 2k − 2LL, BIC = k ln n − 2LL;
- Gamma-Gompertz/NBD (Bemmaor and Glady 2012): the likelihood's "died" term by quadrature of
  its defining integral ∫ (α+y)^−(r+x) f(y) dy with the gamma/Gompertz density f; P(alive) as
  the alive term over the sum; the expectations from the Gompertz survival given η averaged
  over η with the gamma Laplace transform: E[X(t)] = r/α ∫₀ᵗ E_η[exp(−η(e^{bu}−1))] du with
  η ~ Gamma(s, β), and the conditional expectation P(alive) (r+x)/(α+T) ∫₀ᵗ
  E_η[exp(−η e^{bT}(e^{bu}−1))] du with η ~ Gamma(s, β + e^{bT} − 1).

    python3 tests/vectors/derive_clv_beyond.py --write   # regenerate (needs mpmath)
    python3 tests/vectors/derive_clv_beyond.py --check   # fail when the committed file differs
"""
import json
import pathlib
import sys

from mpmath import exp, expm1, gamma, gammainc, inf, log, loggamma, mp, mpf, quad, sqrt

mp.dps = 20
ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "vectors" / "clv_beyond.json"


def chi2_sf(x, df):
    return gammainc(mpf(df) / 2, mpf(x) / 2, inf, regularized=True)


def lr_case(name, ll_r, ll_f, df):
    stat = 2 * (mpf(ll_f) - mpf(ll_r))
    return {
        "name": name,
        "function": "lr_test",
        "source": "χ² upper tail Q(df/2, x/2) with mpmath (Wilks 1938)",
        "input": {"ll_restricted": ll_r, "ll_full": ll_f, "df": df},
        "expected": {"statistic": float(stat), "df": df, "p_value": float(chi2_sf(stat, df))},
        "tolerance": 1e-12,
    }


def ic_case(name, ll, k, n):
    return {
        "name": name,
        "function": "information_criteria",
        "source": "AIC = 2k − 2LL (Akaike 1974), BIC = k ln n − 2LL (Schwarz 1978)",
        "input": {"log_likelihood": ll, "n_params": k, "n": n},
        "expected": {"aic": float(2 * k - 2 * mpf(ll)), "bic": float(k * log(n) - 2 * mpf(ll))},
        "tolerance": 1e-9,
    }


def gg_terms(p, x, tx, T):
    r, a, b, s, be = (mpf(p[k]) for k in ("r", "alpha", "b", "s", "beta"))
    x, tx, T = mpf(x), mpf(tx), mpf(T)
    surv = lambda y: (be / (be + expm1(b * y))) ** s
    dens = lambda y: b * s * be**s * exp(b * y) * (be + expm1(b * y)) ** (-(s + 1))
    alive = (a + T) ** (-(r + x)) * surv(T)
    died = quad(lambda y: (a + y) ** (-(r + x)) * dens(y), [tx, (tx + T) / 2, T]) if tx < T else 0
    common = exp(loggamma(r + x) - loggamma(r) + r * log(a))
    return alive, died, common


def eta_survival(s, rate, z):
    """E[exp(−η z)] for η ~ Gamma(shape s, rate): the gamma Laplace transform (rate/(rate+z))^s."""
    return (rate / (rate + z)) ** s


def gg_case(name, p, customers, t, source):
    r, a, b, s, be = (mpf(p[k]) for k in ("r", "alpha", "b", "s", "beta"))
    t = mpf(t)
    pa, ep, ll = [], [], mpf(0)
    for x, tx, T in customers:
        alive, died, common = gg_terms(p, x, tx, T)
        ll += log(common * (alive + died))
        prob = alive / (alive + died)
        pa.append(float(prob))
        c = exp(b * T)
        bstar = be + expm1(b * T)
        alive_time = quad(lambda u: eta_survival(s, bstar, c * expm1(b * u)), [0, t / 2, t])
        ep.append(float(prob * (r + x) / (a + T) * alive_time))
    new = r / a * quad(lambda u: eta_survival(s, be, expm1(b * u)), [0, t / 2, t])
    return {
        "name": name,
        "function": "ggnbd_predict",
        "source": source,
        "input": {
            "params": p,
            "frequency": [c[0] for c in customers],
            "recency": [c[1] for c in customers],
            "T": [c[2] for c in customers],
            "t": float(t),
        },
        "expected": {
            "p_alive": pa,
            "expected_purchases": ep,
            "expected_purchases_new": float(new),
            "log_likelihood": float(ll),
        },
        "tolerance": 1e-9,
    }


def cor_case(name, marg, omega, customers, t, source):
    r, a, s, b = (mpf(marg[k]) for k in ("r", "alpha", "s", "beta"))
    om, t = mpf(omega), mpf(t)
    c1, c2 = (a / (a + 1)) ** r, (b / (b + 1)) ** s
    g1 = lambda l: a**r * l ** (r - 1) * exp(-a * l) / gamma(r)
    g2 = lambda u: b**s * u ** (s - 1) * exp(-b * u) / gamma(s)
    dens = lambda l, u: g1(l) * g2(u) * (1 + om * (exp(-l) - c1) * (exp(-u) - c2))
    # Split each axis at its mean: the gamma densities put most mass below it.
    mean = lambda f: quad(lambda l: quad(lambda u: f(l, u) * dens(l, u), [0, s / b, inf]),
                          [0, r / a, inf])
    cov = mean(lambda l, u: l * u) - (r / a) * (s / b)
    rho = cov / (sqrt(r) / a * sqrt(s) / b)
    buy = lambda l, u: l / u * -expm1(-u * t)
    pa, ep, ll = [], [], mpf(0)
    for x, tx, T in customers:
        x, tx, T = mpf(x), mpf(tx), mpf(T)
        alive = lambda l, u: l**x * exp(-(l + u) * T)
        died = lambda l, u: l**x * u / (l + u) * (exp(-(l + u) * tx) - exp(-(l + u) * T))
        lik = mean(lambda l, u: alive(l, u) + died(l, u))
        ll += log(lik)
        pa.append(float(mean(alive) / lik))
        ep.append(float(mean(lambda l, u: alive(l, u) * buy(l, u)) / lik))
    new = mean(buy)
    return {
        "name": name,
        "function": "paretonbd_cor_predict",
        "source": source,
        "input": {
            "params": {**marg, "rho": float(rho)},
            "frequency": [c[0] for c in customers],
            "recency": [c[1] for c in customers],
            "T": [c[2] for c in customers],
            "t": float(t),
        },
        "expected": {
            "p_alive": pa,
            "expected_purchases": ep,
            "expected_purchases_new": float(new),
            "log_likelihood": float(ll),
        },
        "tolerance": 1e-9,
    }


CUSTOMERS = [(0, 0, 38.86), (2, 30.43, 38.86), (7, 5.0, 30.0), (1, 1.71, 38.86), (25, 35.0, 38.0)]


def build():
    src = ("Bemmaor and Glady (2012) model definitions, evaluated by quadrature with mpmath "
           "(tests/vectors/derive_clv_beyond.py)")
    cor_src = ("Glady, Lemmens and Croux (2015) Sarmanov mixing of the Pareto/NBD, every number a "
               "2-D quadrature over the bivariate density with mpmath "
               "(tests/vectors/derive_clv_beyond.py)")
    cases = [
        lr_case("lr_test_df1", -9594.98, -9592.0, 1),
        lr_case("lr_test_df3", -100.0, -95.5, 3),
        lr_case("lr_test_equal", -50.0, -50.0, 2),
        {
            "name": "lr_test_full_below_restricted",
            "function": "lr_test",
            "source": "a full model fitting worse than the model nested in it is refused",
            "input": {"ll_restricted": -100.0, "ll_full": -120.0, "df": 1},
            "error": {"code": "CX_INVALID_INPUT", "field": "full"},
        },
        gg_case("ggnbd_predict_cdnow_table2",
                {"r": 0.553, "alpha": 10.578, "b": 0.0002, "s": 0.603, "beta": 0.0026},
                CUSTOMERS, 39.0, src + "; parameters of Table 2 (CDNOW)"),
        gg_case("ggnbd_predict_ageing",
                {"r": 0.8, "alpha": 6.0, "b": 0.1, "s": 1.5, "beta": 3.0},
                CUSTOMERS, 52.0, src + "; visible ageing (b = 0.1) with an interior lifetime mode"),
        gg_case("ggnbd_predict_peaked",
                {"r": 1.2, "alpha": 4.0, "b": 0.5, "s": 0.7, "beta": 0.05},
                CUSTOMERS, 10.0, src + "; lifetime density peaked near 0 (β/b = 0.1)"),
        cor_case("paretonbd_cor_predict_positive",
                 {"r": 2.0, "alpha": 8.0, "s": 1.5, "beta": 10.0}, 3.0,
                 CUSTOMERS[:3], 26.0, cor_src + "; ω = 3 (ρ ≈ 0.036; ω reaches 5.5)"),
        cor_case("paretonbd_cor_predict_negative",
                 {"r": 0.8, "alpha": 2.0, "s": 1.2, "beta": 3.0}, -1.5,
                 CUSTOMERS[:3], 39.0, cor_src + "; ω = −1.5 (ρ ≈ −0.063; ω reaches −1.95)"),
    ]
    return {
        "module": "clv_beyond",
        "about": "Model comparison (likelihood-ratio test, AIC/BIC), the Gamma-Gompertz/NBD and "
                 "the correlated Pareto/NBD: "
                 "`ggnbd_predict` builds a model from `params` and returns p_alive and "
                 "expected_purchases per customer over horizon `t`, expected_purchases_new(t) "
                 "and the (unweighted) log-likelihood of the listed customers; "
                 "`paretonbd_cor_predict` the same for the correlated Pareto/NBD. Absolute "
                 "`tolerance` on every number.",
        "generated_by": "tests/vectors/derive_clv_beyond.py",
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
