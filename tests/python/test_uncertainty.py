"""Covariate CLV models and bootstrap intervals: reductions, recovery, CDNOW, errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cx

from conftest import ROOT


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    """Hardie's CDNOW calibration summary with ln(first-day spend) per customer."""
    raw = pd.read_csv(ROOT / "examples" / "data" / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["id", "customer_id", "date", "cds", "amount"],
                      dtype={"customer_id": str, "date": str})
    raw["timestamp"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    s = cx.rfm_summary(raw, observation_end="1997-09-30", fractional=True)
    first = raw[raw["timestamp"] == raw.groupby("customer_id")["timestamp"].transform("min")]
    spend = first.groupby("customer_id")["amount"].sum()
    s["log_first_spend"] = np.log1p(spend.reindex(s.index))
    return s


def test_without_covariates_the_fit_is_the_plain_fit(cdnow: pd.DataFrame) -> None:
    plain = cx.BgNbd().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    empty = cx.BgNbd(purchase_covariates=[], dropout_covariates=[])
    assert isinstance(empty, cx.CovariateModel)
    empty.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert empty.params == plain.params
    assert empty.log_likelihood == plain.log_likelihood
    pa = empty.p_alive(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert np.array_equal(pa.to_numpy(), plain.p_alive(cdnow["frequency"], cdnow["recency"],
                                                       cdnow["T"]).to_numpy())


def test_cdnow_covariate_fit(cdnow: pd.DataFrame) -> None:
    plain = cx.BgNbd().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    m = cx.BgNbd(purchase_covariates=["log_first_spend"], dropout_covariates=["log_first_spend"])
    m.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"], covariates=cdnow)
    assert m.converged
    # Two more parameters cannot lower the maximized likelihood.
    assert m.log_likelihood >= plain.log_likelihood
    c = m.coefficients
    assert list(c["process"]) == ["purchase", "dropout"]
    assert (c["low"] < c["estimate"]).all() and (c["estimate"] < c["high"]).all()
    w = m.wald_intervals(0.9)
    assert len(w) == 6 and (w["high"] - w["low"] > 0).all()
    pa = m.p_alive(cdnow["frequency"], cdnow["recency"], cdnow["T"], covariates=cdnow)
    assert isinstance(pa, pd.Series) and pa.index.equals(cdnow.index)
    assert ((pa >= 0) & (pa <= 1)).all()
    # Portable document: scores the same after a round trip.
    back = cx.CovariateModel.from_json(m.to_json())
    again = back.p_alive(cdnow["frequency"], cdnow["recency"], cdnow["T"], covariates=cdnow)
    assert np.array_equal(pa.to_numpy(), again.to_numpy())
    assert '"model": "clv_covariates"' in m.to_json()
    # A constraint ties the two coefficients; a penalty shrinks them.
    tied = cx.BgNbd(purchase_covariates=["log_first_spend"], dropout_covariates=["log_first_spend"],
                    constrain=["log_first_spend"]).fit(cdnow["frequency"], cdnow["recency"],
                                                        cdnow["T"], covariates=cdnow)
    e = tied.coefficients["estimate"].tolist()
    assert e[0] == e[1]
    assert tied.log_likelihood <= m.log_likelihood + 1e-9


def test_covariate_errors(cdnow: pd.DataFrame) -> None:
    m = cx.ParetoNbd(purchase_covariates=["nope"])
    with pytest.raises(cx.InvalidInputError) as e:
        m.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"], covariates=cdnow)
    assert e.value.field == "purchase_covariates"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.BgNbd(purchase_covariates=["log_first_spend"], l2=-1.0).fit(
            cdnow["frequency"], cdnow["recency"], cdnow["T"], covariates=cdnow)
    assert e.value.field == "l2"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.BgNbd(purchase_covariates=["log_first_spend"]).p_alive([1], [1], [2])
    assert e.value.field == "model"


def _simulate(n: int, seed: int) -> tuple[np.ndarray, ...]:
    """BG/NBD customers with x ~ N(0, 1): alpha_i = 6 e^{-0.5x}, a_i, b_i = (0.8, 3) e^{0.4x}."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    alpha, scale = 6.0 * np.exp(-0.5 * x), np.exp(0.4 * x)
    lam = rng.gamma(0.5, 1.0 / alpha)
    p = rng.beta(0.8 * scale, 3.0 * scale)
    freq, rec, big_t = np.zeros(n), np.zeros(n), np.full(n, 35.0)
    for i in range(n):
        now = 0.0
        while True:
            now += rng.exponential(1.0 / lam[i])
            if now > big_t[i]:
                break
            freq[i] += 1
            rec[i] = now
            if rng.uniform() < p[i]:
                break
    return freq, rec, big_t, x


def test_recovers_simulated_coefficients() -> None:
    f, r, t, x = _simulate(5000, 1)
    m = cx.BgNbd(purchase_covariates=["x"], dropout_covariates=["x"]).fit(f, r, t, covariates={"x": x})
    w = m.wald_intervals(0.95)
    truth = [0.5, 6.0, 0.8, 3.0, 0.5, 0.4]
    for (_, row), want in zip(w.iterrows(), truth):
        assert abs(row["estimate"] - want) < 3 * row["se"], (row["covariate"], row["estimate"], want)


def test_bootstrap_intervals(cdnow: pd.DataFrame) -> None:
    m = cx.BgNbd().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    seen: list[tuple[int, int]] = []
    score = cdnow.iloc[:5]
    b = m.bootstrap(n=12, seed=3, progress=lambda d, n: seen.append((d, n)), t=39,
                    frequency=score["frequency"], recency=score["recency"], T=score["T"])
    assert sorted(seen) == [(k, 12) for k in range(1, 13)]
    assert list(b.columns) == ["p_alive_low", "p_alive_high", "expected_purchases_low",
                               "expected_purchases_high"]
    assert len(b) == 5 and b.attrs["replicates"] + b.attrs["failed"] == 12
    e = m.expected_purchases(39, score["frequency"], score["recency"], score["T"]).to_numpy()
    assert ((b["expected_purchases_low"] <= e) & (e <= b["expected_purchases_high"])).all()
    again = m.bootstrap(n=12, seed=3, t=39, frequency=score["frequency"], recency=score["recency"],
                        T=score["T"])
    pd.testing.assert_frame_equal(b, again)
    with_clv = m.bootstrap(n=4, seed=0, frequency=score["frequency"], recency=score["recency"],
                           T=score["T"], monetary_value=[20.0] * 5)
    assert {"clv_low", "clv_high"} <= set(with_clv.columns)
    with pytest.raises(cx.InvalidInputError) as err:
        cx.BgNbd.from_params(m.params).bootstrap(n=2)
    assert err.value.field == "model"
    with pytest.raises(cx.InvalidInputError) as err:
        m.bootstrap(n=0)
    assert err.value.field == "n"


def test_covariate_bootstrap(cdnow: pd.DataFrame) -> None:
    m = cx.BgNbd(purchase_covariates=["log_first_spend"]).fit(
        cdnow["frequency"], cdnow["recency"], cdnow["T"], covariates=cdnow)
    b = m.bootstrap(n=4, seed=1, t=39, frequency=cdnow["frequency"][:3],
                    recency=cdnow["recency"][:3], T=cdnow["T"][:3], covariates=cdnow.iloc[:3])
    assert len(b) == 3 and len(b.attrs["params"][0]) == 5
    assert all(math.isfinite(v) for v in b["p_alive_low"])


def test_wald_intervals_and_progress_line(cdnow: pd.DataFrame, capsys: pytest.CaptureFixture[str]) -> None:
    m = cx.BgNbd().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    w = cx.wald_intervals(m, 0.95)
    assert list(w["parameter"]) == list(m.params)
    se = m.standard_errors or {}
    # 1.959963984540054 = the standard-normal 97.5% quantile.
    for _, row in w.iterrows():
        assert row["high"] == pytest.approx(row["estimate"] + 1.959963984540054 * se[row["parameter"]],
                                            rel=1e-12)
    assert cx.wald_intervals(cx.BgNbd.from_params(m.params))["se"].isna().all()
    try:
        import tqdm  # noqa: F401
    except ImportError:
        m.bootstrap(n=10, seed=0, progress=True, frequency=[1], recency=[5], T=[30])
        assert "bootstrap 10/10" in capsys.readouterr().err
