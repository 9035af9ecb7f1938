"""cx.SbgCohorts: the shifted-beta-geometric model with cohort-level covariates."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import cx

# Fader and Hardie (2007) Table 1.
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


def test_two_segments_as_cohorts_reproduce_the_published_fits() -> None:
    survivors = pd.DataFrame([REGULAR, HIGH_END], index=["regular", "high end"])
    covariates = pd.DataFrame({"high_end": [0.0, 1.0]}, index=["regular", "high end"])
    m = cx.SbgCohorts().fit(survivors, covariates)
    assert m.converged and m.cohorts == ["regular", "high end"]
    # Fader and Hardie (2007), section 4: regular 0.704 / 1.182, high end 0.668 / 3.806.
    assert m.params["alpha"] == pytest.approx(0.704, abs=5e-4)
    assert m.params["beta"] == pytest.approx(1.182, abs=5e-4)
    c = m.cohort_params()
    assert c.loc["high end", "alpha"] == pytest.approx(0.668, abs=5e-4)
    assert c.loc["high end", "beta"] == pytest.approx(3.806, abs=5e-4)
    plain = [cx.ShiftedBetaGeometric().fit(s) for s in (REGULAR, HIGH_END)]
    assert m.log_likelihood == pytest.approx(sum(p.log_likelihood for p in plain), rel=1e-10)
    assert set(m.coefficients) == {"alpha", "beta"} and "high_end" in m.coefficients["beta"]
    se = m.standard_errors
    assert se is not None and se["gamma_beta"]["high_end"] > 0
    # Curves per cohort: the high-end cohort retains better; rates rise with tenure.
    surv = m.survival(range(1, 13))
    assert list(surv.columns) == ["regular", "high end"]
    assert (surv["high end"] > surv["regular"]).all()
    assert surv["regular"].iloc[0] == pytest.approx(plain[0].survival(1), rel=1e-9)
    rates = m.retention_rate([1, 2, 3])
    assert rates["regular"].is_monotonic_increasing
    # New covariate values: halfway between the segments.
    mid = m.cohort_params(pd.DataFrame({"high_end": [0.5]}, index=["new"]))
    assert c.loc["regular", "beta"] < mid.loc["new", "beta"] < c.loc["high end", "beta"]


def test_zero_coefficients_give_the_plain_likelihood() -> None:
    s = {"a": REGULAR, "b": HIGH_END[:5]}
    x = {"a": {"price": 1.0}, "b": {"price": -2.0}}
    p = {"alpha": 0.7, "beta": 1.2, "gamma_alpha": {"price": 0.0}, "gamma_beta": {"price": 0.0}}
    plain = cx.ShiftedBetaGeometric.from_params(0.7, 1.2)
    # The plain sBG log-likelihood from its own churn probabilities and survival.
    want = 0.0
    for counts in s.values():
        for t in range(1, len(counts)):
            want += (counts[t - 1] - counts[t]) * math.log(plain.churn_probability(t))
        want += counts[-1] * math.log(plain.survival(len(counts) - 1))
    assert cx.SbgCohorts.log_likelihood_of(p, s, x) == pytest.approx(want, rel=1e-12)


def test_l2_shrinks_the_coefficients() -> None:
    s = {"regular": REGULAR, "high end": HIGH_END}
    x = {"regular": {"high_end": 0.0}, "high end": {"high_end": 1.0}}
    free = cx.SbgCohorts().fit(s, x)
    ridge = cx.SbgCohorts(l2=50.0).fit(s, x)
    assert abs(ridge.coefficients["beta"]["high_end"]) < abs(free.coefficients["beta"]["high_end"])
    assert ridge.log_likelihood < free.log_likelihood


def test_bad_cohorts_raise_typed_errors() -> None:
    s = {"regular": REGULAR, "high end": HIGH_END}
    with pytest.raises(cx.InvalidInputError) as e:  # a cohort without covariates
        cx.SbgCohorts().fit(s, {"regular": {"high_end": 0.0}})
    assert e.value.field == "covariates" and "high end" in str(e.value)
    with pytest.raises(cx.InvalidInputError) as e:  # NaN covariate
        cx.SbgCohorts().fit(s, {"regular": {"high_end": 0.0}, "high end": {"high_end": math.nan}})
    assert (e.value.field, e.value.index) == ("covariates", 1)
    up = list(HIGH_END)
    up[3] = 900
    with pytest.raises(cx.InvalidInputError) as e:  # survivors increasing
        cx.SbgCohorts().fit({"regular": REGULAR, "high end": up},
                            {"regular": {"high_end": 0.0}, "high end": {"high_end": 1.0}})
    assert (e.value.field, e.value.index) == ("survivors", 3) and "cohort 1" in str(e.value)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.SbgCohorts(l2=-1.0).fit(s, {"regular": {"high_end": 0.0}, "high end": {"high_end": 1.0}})
    assert e.value.field == "l2"
    with pytest.raises(cx.InvalidInputError) as e:
        _ = cx.SbgCohorts().params
    assert e.value.field == "model"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.SbgCohorts(l2="much")
    assert e.value.field == "l2"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.SbgCohorts(max_iterations=0)
    assert e.value.field == "max_iterations"


def test_fit_cohorts_next_to_the_plain_sbg() -> None:
    s = {"regular": REGULAR, "high end": HIGH_END}
    x = {"regular": {"high_end": 0.0}, "high end": {"high_end": 1.0}}
    m = cx.ShiftedBetaGeometric.fit_cohorts(s, x, l2=0.5)
    assert isinstance(m, cx.SbgCohorts) and m.l2 == 0.5
    assert m.params == cx.SbgCohorts(l2=0.5).fit(s, x).params
