#!/usr/bin/env python3
"""Write tests/vectors/clv_covariates.json: BG/NBD, MBG/NBD and Pareto/NBD with
time-invariant covariates.

Parameterization (Fader and Hardie 2007, "Incorporating time-invariant covariates into the
Pareto/NBD and BG/NBD models", and CLVTools): each customer's model is the plain model at
αᵢ = α·exp(−γ₁ᵀxᵢ) and, for the dropout process, aᵢ = a·exp(γ₂ᵀzᵢ), bᵢ = b·exp(γ₂ᵀzᵢ)
(BG/NBD, MBG/NBD) or βᵢ = β·exp(−γ₂ᵀzᵢ) (Pareto/NBD). Every expected value is computed here
with mpmath (30 digits) from the published per-customer formulas, not with cx's code:

- BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way", eq. 6, 10, 11;
  Fader, Hardie and Lee's note on P(alive)): the likelihood
  Γ(r+x)αʳ/Γ(r) [B(a,b+x)/B(a,b) (α+T)^−(r+x) + δₓ B(a+1,b+x−1)/B(a,b) (α+tₓ)^−(r+x)],
  P(alive) = 1/(1 + δₓ a/(b+x−1) ((α+T)/(α+tₓ))^(r+x)) and the conditional expectation
  (a+b+x−1)/(a−1) [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive);
- MBG/NBD (Batislam, Denizel and Filiztekin 2007): the same with B(a,b+x+1), B(a+1,b+x),
  P(alive) = 1/(1 + a/(b+x) ((α+T)/(α+tₓ))^(r+x)) and (a+b+x)/(a−1) [1 − (…)^(r+x)
  ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive);
- Pareto/NBD (Schmittlein, Morrison and Colombo 1987; Fader and Hardie 2005 note 009): the
  likelihood Γ(r+x)αʳβˢ/Γ(r) [(α+T)^−(r+x)(β+T)^−s + s ∫_{tₓ}^T (α+τ)^−(r+x)(β+τ)^−(s+1) dτ]
  with the integral by mpmath quad, P(alive) the first term over the bracket, and
  P(alive) (r+x)(β+T)/((α+T)(s−1)) [1 − ((β+T)/(β+T+t))^(s−1)].

    python3 tests/vectors/derive_clv_covariates.py --write   # regenerate (needs mpmath)
    python3 tests/vectors/derive_clv_covariates.py --check   # fail when the committed file differs
"""
import json
import pathlib
import sys

from mpmath import beta as B, exp, hyp2f1, log, loggamma, mp, mpf, quad

mp.dps = 30
ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "vectors" / "clv_covariates.json"


def bg(p, x, tx, T, t, mbg):
    r, alpha, a, b = p
    k = 1 if mbg else 0
    c = loggamma(r + x) - loggamma(r) + r * log(alpha)
    first = B(a, b + x + k) / B(a, b) * (alpha + T) ** (-(r + x))
    second = B(a + 1, b + x + k - 1) / B(a, b) * (alpha + tx) ** (-(r + x)) if (x > 0 or mbg) else 0
    ll = c + log(first + second)
    odds = a / (b + x + k - 1) * ((alpha + T) / (alpha + tx)) ** (r + x) if (x > 0 or mbg) else 0
    pa = 1 / (1 + odds)
    z = t / (alpha + T + t)
    e = (a + b + x + k - 1) / (a - 1) * (
        1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x + k, a + b + x + k - 1, z)
    ) * pa
    return ll, pa, e


def pnbd(p, x, tx, T, t):
    r, alpha, s, beta = p
    c = loggamma(r + x) - loggamma(r) + r * log(alpha) + s * log(beta)
    alive = (alpha + T) ** (-(r + x)) * (beta + T) ** (-s)
    died = s * quad(lambda y: (alpha + y) ** (-(r + x)) * (beta + y) ** (-(s + 1)), [tx, T]) if tx < T else 0
    ll = c + log(alive + died)
    pa = alive / (alive + died)
    e = pa * (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))
    return ll, pa, e


def case(name, kind, params, purchase, dropout, customers, covariates, horizon, source):
    p0 = [mpf(v) for v in params]
    ll_total, pas, eps = mpf(0), [], []
    for i, (x, tx, T) in enumerate(customers):
        eta1 = sum(mpf(g) * mpf(covariates[n][i]) for n, g in purchase.items())
        eta2 = sum(mpf(g) * mpf(covariates[n][i]) for n, g in dropout.items())
        x, tx, T, t = mpf(x), mpf(tx), mpf(T), mpf(horizon)
        if kind == "pareto_nbd":
            q = [p0[0], p0[1] * exp(-eta1), p0[2], p0[3] * exp(-eta2)]
            ll, pa, e = pnbd(q, x, tx, T, t)
        else:
            q = [p0[0], p0[1] * exp(-eta1), p0[2] * exp(eta2), p0[3] * exp(eta2)]
            ll, pa, e = bg(q, x, tx, T, t, kind == "mbg_nbd")
        ll_total += ll
        pas.append(float(pa))
        eps.append(float(e))
    return {
        "name": name,
        "function": "covariate_score",
        "source": source,
        "input": {
            "kind": kind,
            "params": params,
            "purchase": purchase,
            "dropout": dropout,
            "frequency": [c[0] for c in customers],
            "recency": [c[1] for c in customers],
            "T": [c[2] for c in customers],
            "covariates": covariates,
            "horizon": horizon,
        },
        "expected": {"log_likelihood": float(ll_total), "p_alive": pas, "expected_purchases": eps},
        "tolerance": 1e-10,
    }


# (frequency, recency, T) in weeks, CDNOW-like, with a one-off buyer and a recent one.
CUSTOMERS = [(2, 30.43, 38.86), (0, 0.0, 38.86), (6, 36.0, 37.0), (1, 5.5, 32.71), (14, 25.0, 26.1)]
COVARIATES = {"gender": [0, 1, 1, 0, 1], "spend": [-0.8, 0.3, 1.9, 0.0, -1.25]}


def build():
    fh = "Fader and Hardie (2007) covariate note, CLVTools parameterization; "
    cases = [
        case("covariates_bgnbd_cdnow", "bg_nbd", [0.243, 4.414, 0.793, 2.426],
             {"gender": 0.4, "spend": -0.3}, {"spend": 0.5}, CUSTOMERS, COVARIATES, 10.0,
             fh + "BG/NBD eq. 6, 10, 11 of Fader, Hardie and Lee (2005) with mpmath; CDNOW "
             "Table 1 parameters at zero covariates"),
        case("covariates_bgnbd_a_above_one", "bg_nbd", [0.9, 7.0, 2.5, 4.0],
             {"spend": 0.8}, {"gender": -0.6, "spend": 0.2}, CUSTOMERS, COVARIATES, 26.0,
             fh + "BG/NBD with a > 1; spend in both processes, gender in the dropout process only"),
        case("covariates_mbgnbd", "mbg_nbd", [0.525, 6.183, 0.891, 1.614],
             {"gender": -0.25, "spend": 0.35}, {"gender": 0.7}, CUSTOMERS, COVARIATES, 10.0,
             fh + "MBG/NBD of Batislam, Denizel and Filiztekin (2007) with mpmath"),
        case("covariates_paretonbd_cdnow", "pareto_nbd", [0.553, 10.58, 0.606, 11.67],
             {"gender": 0.4, "spend": -0.3}, {"spend": 0.5, "gender": -0.2}, CUSTOMERS,
             COVARIATES, 10.0,
             fh + "Pareto/NBD likelihood by quadrature of its defining integral, P(alive) and "
             "conditional expectation of Fader and Hardie (2005) note 009; CDNOW parameters"),
        case("covariates_paretonbd_alpha_below_beta", "pareto_nbd", [1.4, 3.0, 1.6, 25.0],
             {"spend": 1.1}, {"spend": -0.9}, CUSTOMERS, COVARIATES, 52.0,
             fh + "Pareto/NBD with αᵢ < βᵢ (the other branch of the ₂F₁) and s > 1"),
    ]
    return {
        "module": "clv_covariates",
        "about": "BG/NBD, MBG/NBD and Pareto/NBD with time-invariant covariates: "
                 "`covariate_score` builds a model of `kind` from `params` (at zero covariates) "
                 "and the coefficients `purchase` {name: γ₁} and `dropout` {name: γ₂}, and "
                 "returns the (unweighted, summed) log-likelihood of the customers, and per "
                 "customer P(alive) and the expected purchases over `horizon`. Absolute "
                 "`tolerance` on every number.",
        "generated_by": "tests/vectors/derive_clv_covariates.py",
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
