#!/usr/bin/env python3
"""Write tests/vectors/sbg_cohorts.json: the shifted-beta-geometric model with cohort covariates.

Parameterisation (cx_core::retention::SbgCohorts): cohort c with covariates x_c has
α_c = α·exp(γ_αᵀx_c), β_c = β·exp(γ_βᵀx_c). The expected log-likelihood is computed here with
mpmath (30 digits) from the sBG's closed forms in Beta functions (Fader and Hardie 2007,
eq. 3 and 4), not from cx's recursions:

    P(T = t) = B(α_c + 1, β_c + t − 1) / B(α_c, β_c)      (churn in period t)
    S(t)     = B(α_c, β_c + t) / B(α_c, β_c)              (still active after t periods)
    LL = Σ_c [ Σ_{t=1..n_c} (s_{c,t−1} − s_{c,t}) ln P(T = t) + s_{c,n_c} ln S(n_c) ]

The `sbg_cohorts_fit` case is Fader and Hardie's two segments (Table 1) as two cohorts with a
0/1 "high end" covariate: four parameters for two cohorts, so the joint fit is the two separate
fits and must give the published estimates (section 4: regular α = 0.704, β = 1.182; high end
α = 0.668, β = 3.806) to the 3 decimals printed.

    python3 tests/vectors/derive_sbg_cohorts.py --write   # regenerate (needs mpmath)
    python3 tests/vectors/derive_sbg_cohorts.py --check   # fail when the committed file differs
"""
import json
import pathlib
import sys

from mpmath import beta as B, exp, fsum, log, mp, mpf

mp.dps = 30
ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "vectors" / "sbg_cohorts.json"

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


def cohort_ll(a, b, s):
    terms = []
    for t in range(1, len(s)):
        churned = mpf(s[t - 1] - s[t])
        if churned:
            terms.append(churned * log(B(a + 1, b + t - 1) / B(a, b)))
    n = len(s) - 1
    if s[n]:
        terms.append(mpf(s[n]) * log(B(a, b + n) / B(a, b)))
    return fsum(terms)


def ll_case(name, alpha, beta, ga, gb, survivors, covariates):
    total = mpf(0)
    for s, x in zip(survivors, covariates):
        ac = mpf(alpha) * exp(fsum(mpf(g) * mpf(v) for g, v in zip(ga, x)))
        bc = mpf(beta) * exp(fsum(mpf(g) * mpf(v) for g, v in zip(gb, x)))
        total += cohort_ll(ac, bc, s)
    return {
        "name": name,
        "function": "sbg_cohorts_log_likelihood",
        "source": "Fader and Hardie (2007) eq. 3-4 in Beta functions, with mpmath at 30 digits "
                  "(tests/vectors/derive_sbg_cohorts.py)",
        "input": {"alpha": alpha, "beta": beta, "gamma_alpha": ga, "gamma_beta": gb,
                  "survivors": survivors, "covariates": covariates},
        "expected": {"log_likelihood": float(total)},
        "tolerance": 1e-9,
    }


def build():
    three = [REGULAR, HIGH_END, REGULAR[:5]]
    cases = [
        ll_case("sbg_cohorts_ll_zero_coefficients", 0.704, 1.182, [0.0], [0.0],
                [REGULAR, HIGH_END], [[0.0], [1.0]]),
        ll_case("sbg_cohorts_ll_two_covariates", 0.9, 1.6, [0.4, -0.2], [-0.3, 0.7],
                three, [[1.0, 0.5], [0.0, -1.5], [1.0, 2.0]]),
        ll_case("sbg_cohorts_ll_strong_effects", 0.3, 6.0, [1.5], [-2.0],
                three, [[0.25], [-0.75], [1.0]]),
        {
            "name": "sbg_cohorts_fit_two_segments",
            "function": "sbg_cohorts_fit",
            "source": "Fader and Hardie (2007) Table 1 data and section 4 estimates: regular "
                      "α = 0.704, β = 1.182; high end α = 0.668, β = 3.806",
            "input": {"survivors": [REGULAR, HIGH_END], "covariates": [[0.0], [1.0]],
                      "names": ["high_end"]},
            "expected": {"alpha": 0.704, "beta": 1.182, "high_end_alpha": 0.668,
                         "high_end_beta": 3.806},
            "tolerance": 5e-4,
        },
        {
            "name": "sbg_cohorts_increasing_survivors",
            "function": "sbg_cohorts_fit",
            "source": "survivor counts cannot increase within a cohort",
            "input": {"survivors": [REGULAR, [1000, 869, 900, 653]], "covariates": [[0.0], [1.0]],
                      "names": ["high_end"]},
            "error": {"code": "CX_INVALID_INPUT", "field": "survivors", "index": 2},
        },
    ]
    return {
        "module": "retention",
        "about": "Shifted-beta-geometric with cohort covariates: `sbg_cohorts_log_likelihood` "
                 "evaluates the joint log-likelihood at given α, β, γ_α, γ_β over cohorts' "
                 "survivor counts and covariate rows; `sbg_cohorts_fit` fits them jointly and "
                 "returns α, β and the (α_c, β_c) of the cohort with covariate 1. Absolute "
                 "`tolerance`.",
        "generated_by": "tests/vectors/derive_sbg_cohorts.py",
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
