"""cx.ParetoNbdDynamic: the Pareto/NBD with time-varying covariates (Bachmann, Meierer and
Näf 2021). Reductions to the static-covariate and plain models, parameter recovery on data
simulated here (numpy, independently of the Rust simulator), the long-table reader and its
typed errors. The mpmath-derived golden values are in tests/vectors/clv_dynamic.json."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

import cx

END = 60.0


def simulate(n: int, p: tuple[float, float, float, float], g1: float, g2: float, seed: int,
             constant: bool = False, extra: int = 15) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Customers born at week wᵢ + uᵢ (wᵢ in 0..19), observed until END; weekly periods start
    at whole weeks. x: a wave plus noise (or a constant per customer), z: on/off every four
    weeks (or constant). λ ~ Gamma(r, α), μ ~ Gamma(s, β) (rates); the dropout time solves
    μ B(τ) = E, purchases are a Poisson process of intensity λ e^{g1 x(t)}."""
    r, alpha, s, beta = p
    rng = np.random.default_rng(seed)
    tx_rows: list[tuple[int, float]] = []
    cov_rows: list[tuple[int, float, float, float]] = []
    for i in range(n):
        w = i % 20
        birth = w + rng.uniform(0.001, 0.999)
        weeks = np.arange(w, int(END) + extra)
        if constant:
            xs = np.full(len(weeks), (i % 7) / 3.0 - 1.0)
            zs = np.full(len(weeks), float(i % 2))
        else:
            xs = np.sin(weeks / 4.0 + i) + 0.5 * rng.normal(size=len(weeks))
            zs = ((weeks // 4 + i) % 2).astype(float)
        for k, x, z in zip(weeks, xs, zs):
            cov_rows.append((i, float(k), float(x), float(z)))
        lam = rng.gamma(r, 1.0 / alpha)
        mu = rng.gamma(s, 1.0 / beta)
        # Dropout: walk the periods until the cumulative hazard reaches an Exp(1) draw.
        left = rng.exponential() / mu
        tau = math.inf
        for k, z in zip(weeks, zs):
            lo, hi = max(float(k), birth), float(k) + 1.0
            b = math.exp(g2 * z)
            if b * (hi - lo) >= left:
                tau = lo + left / b
                break
            left -= b * (hi - lo)
        stop = min(tau, END)
        tx_rows.append((i, birth))
        gap = rng.exponential() / lam
        for k, x in zip(weeks, xs):
            lo, hi = max(float(k), birth), min(float(k) + 1.0, stop)
            a = math.exp(g1 * x)
            while lo < hi and a * (hi - lo) >= gap:
                lo += gap / a
                tx_rows.append((i, lo))
                gap = rng.exponential() / lam
            if lo < hi:
                gap -= a * (hi - lo)
    tx = pd.DataFrame(tx_rows, columns=["Id", "Date"])
    cov = pd.DataFrame(cov_rows, columns=["Id", "Cov.Date", "x", "z"])
    return tx, cov


LAYOUT = {"customer": "Id", "time": "Date", "period_start": "Cov.Date"}


def summary(tx: pd.DataFrame, end: float = END) -> pd.DataFrame:
    """frequency, recency, T per customer from numeric times (the documented conventions)."""
    rows = {}
    for c, g in tx[tx.Date <= end].groupby("Id"):
        t = np.unique(g.Date.to_numpy())
        rows[c] = (len(t) - 1, t[-1] - t[0], end - t[0])
    return pd.DataFrame.from_dict(rows, orient="index", columns=["frequency", "recency", "T"])


def test_constant_covariates_are_the_static_model() -> None:
    tx, cov = simulate(300, (0.6, 8.0, 0.7, 10.0), 0.5, -0.4, seed=1, constant=True)
    s = summary(tx)
    per_customer = cov.groupby("Id").first()
    static_cov = pd.DataFrame({"x": per_customer.x.to_numpy(), "z": per_customer.z.to_numpy()},
                              index=per_customer.index).loc[s.index]
    for p, g1, g2 in [((0.6, 8.0, 0.7, 10.0), 0.5, -0.4), ((1.7, 3.0, 0.3, 40.0), -1.2, 0.9)]:
        dyn = cx.ParetoNbdDynamic.from_params(p, {"x": g1}, {"z": g2}, **LAYOUT)
        doc = {"format_version": 1, "model": "clv_covariates", "kind": "pareto_nbd",
               "params": list(p), "purchase_names": ["x"], "purchase_coefficients": [g1],
               "dropout_names": ["z"], "dropout_coefficients": [g2], "constrain": [],
               "l2": 0.0, "log_likelihood": 0.0, "converged": False, "iterations": 0,
               "standard_errors": None, "n_customers": 0.0}
        st = cx.CovariateModel.from_json(json.dumps(doc))
        f, r, t = s.frequency, s.recency, s["T"]
        ll = dyn.log_likelihoods(tx, cov, END)
        assert list(ll.index) == list(s.index)
        assert ll.sum() == pytest.approx(st.log_likelihood_of(f, r, t, static_cov), rel=1e-10)
        np.testing.assert_allclose(dyn.p_alive(tx, cov, END), st.p_alive(f, r, t, static_cov),
                                   rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(dyn.expected_purchases(8.0, tx, cov, END),
                                   st.expected_purchases(8.0, f, r, t, static_cov),
                                   rtol=1e-10, atol=1e-14)


def test_zero_coefficients_are_the_plain_model() -> None:
    tx, cov = simulate(400, (0.6, 8.0, 0.7, 10.0), 0.0, 0.0, seed=2)
    s = summary(tx)
    plain = cx.ParetoNbd().fit(s.frequency, s.recency, s["T"])
    p = plain.params
    dyn = cx.ParetoNbdDynamic.from_params(p, {"x": 0.0}, {"z": 0.0}, **LAYOUT)
    assert dyn.log_likelihoods(tx, cov, END).sum() == pytest.approx(plain.log_likelihood,
                                                                    rel=1e-12)
    np.testing.assert_allclose(dyn.p_alive(tx, cov, END),
                               plain.p_alive(s.frequency, s.recency, s["T"]), rtol=1e-12)
    np.testing.assert_allclose(dyn.expected_purchases(5.0, tx, cov, END),
                               plain.expected_purchases(5.0, s.frequency, s.recency, s["T"]),
                               rtol=1e-12)
    # No covariates at all: the plain fit.
    m = cx.ParetoNbdDynamic(**LAYOUT).fit(tx, cov, END)
    assert m.params == pytest.approx(p, rel=1e-12)
    assert m.log_likelihood == pytest.approx(plain.log_likelihood, rel=1e-12)


def test_recovers_simulated_parameters() -> None:
    truth = {"r": 0.7, "alpha": 6.0, "s": 0.8, "beta": 12.0}
    tx, cov = simulate(2500, tuple(truth.values()), 0.7, 0.9, seed=3)  # type: ignore[arg-type]
    m = cx.ParetoNbdDynamic(["x"], ["z"], **LAYOUT).fit(tx, cov, END)
    assert m.converged
    se = m.standard_errors
    assert se is not None
    for k, v in truth.items():
        assert abs(m.params[k] - v) < 3 * se["params"][k], (k, m.params[k], se["params"][k])
    assert abs(m.purchase_coefficients["x"] - 0.7) < 3 * se["purchase"]["x"]
    assert abs(m.dropout_coefficients["z"] - 0.9) < 3 * se["dropout"]["z"]
    table = m.summary()
    assert table.loc["purchase:x", "estimate"] == m.purchase_coefficients["x"]
    # The reported likelihood is the model's at the estimate; the fitted customers are listed.
    assert m.log_likelihoods().sum() == pytest.approx(m.log_likelihood, rel=1e-12)
    assert len(m.customers) == 2500
    # P(alive) is calibrated against the simulated truth on average: the scored customers are
    # the fitted ones by default.
    pa = m.p_alive()
    assert 0.0 < pa.min() and pa.max() <= 1.0
    # A round trip through the portable document scores the same.
    back = cx.ParetoNbdDynamic.from_json(m.to_json(), **LAYOUT)
    assert back.params == m.params
    pd.testing.assert_series_equal(back.p_alive(tx, cov, END), pa)
    # Future covariates: the rows reach END + 15, so an 8-week horizon scores and 20 does not.
    e = m.expected_purchases(8.0)
    assert (e >= 0).all()
    with pytest.raises(cx.InvalidInputError, match="T \\+ horizon") as info:
        m.expected_purchases(20.0)
    assert info.value.field == "period_start"
    # The penalty shrinks.
    shrunk = cx.ParetoNbdDynamic(["x"], ["z"], l2=100.0, **LAYOUT).fit(tx, cov, END)
    assert abs(shrunk.purchase_coefficients["x"]) < abs(m.purchase_coefficients["x"])


def test_dates_and_numbers_agree() -> None:
    tx, cov = simulate(60, (0.6, 8.0, 0.7, 10.0), 0.3, 0.5, seed=4)
    m = cx.ParetoNbdDynamic.from_params([0.6, 8.0, 0.7, 10.0], {"x": 0.3}, {"z": 0.5}, **LAYOUT)
    origin = pd.Timestamp("2021-01-04")  # a Monday: weeks start on whole numbers
    to_date = lambda w: origin + pd.to_timedelta(np.asarray(w) * 7, unit="D")  # noqa: E731
    txd = tx.assign(Date=to_date(tx.Date))
    covd = cov.assign(**{"Cov.Date": to_date(cov["Cov.Date"])})
    a = m.p_alive(tx, cov, END)
    b = m.p_alive(txd, covd, origin + pd.Timedelta(days=7 * END))
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9)
    # Daily units read the same dates on another clock: other numbers, same customers.
    md = cx.ParetoNbdDynamic.from_params([0.6, 8.0, 0.7, 10.0], {"x": 0.3}, {"z": 0.5},
                                         unit="D", **LAYOUT)
    with pytest.raises(cx.InvalidInputError, match="missing"):
        md.p_alive(txd, covd)  # weekly rows are six days apart from the daily grid's view


def test_row_order_does_not_matter() -> None:
    tx, cov = simulate(50, (0.6, 8.0, 0.7, 10.0), 0.3, 0.5, seed=5)
    m = cx.ParetoNbdDynamic.from_params([0.6, 8.0, 0.7, 10.0], {"x": 0.3}, {"z": 0.5}, **LAYOUT)
    shuffled = cov.sample(frac=1.0, random_state=0)
    pd.testing.assert_series_equal(m.log_likelihoods(tx, cov, END),
                                   m.log_likelihoods(tx.iloc[::-1], shuffled, END))


def test_bad_inputs_are_named() -> None:
    tx, cov = simulate(30, (0.6, 8.0, 0.7, 10.0), 0.3, 0.5, seed=6)
    m = cx.ParetoNbdDynamic.from_params([0.6, 8.0, 0.7, 10.0], {"x": 0.3}, {"z": 0.5}, **LAYOUT)
    # A missing period (customer 3 loses week 25).
    gap = cov[~((cov.Id == 3) & (cov["Cov.Date"] == 25.0))]
    with pytest.raises(cx.InvalidInputError, match="customer 3.*missing") as info:
        m.p_alive(tx, gap, END)
    assert info.value.field == "period_start"
    # No period containing the first purchase.
    late = cov[~((cov.Id == 4) & (cov["Cov.Date"] == 4.0))]
    with pytest.raises(cx.InvalidInputError, match="customer 4.*first purchase"):
        m.p_alive(tx, late, END)
    # Two rows for one period.
    dup = pd.concat([cov, cov[(cov.Id == 5) & (cov["Cov.Date"] == 30.0)]])
    with pytest.raises(cx.InvalidInputError, match="customer 5.*two covariate rows"):
        m.p_alive(tx, dup, END)
    # A covariate path that stops before the end of observation.
    short = cov[~((cov.Id == 7) & (cov["Cov.Date"] >= 55.0))]
    with pytest.raises(cx.InvalidInputError, match="customer 7.*ends before observation_end"):
        m.p_alive(tx, short, END)
    # A customer without any covariate row.
    with pytest.raises(cx.InvalidInputError, match="customer 8.*no covariate rows"):
        m.p_alive(tx, cov[cov.Id != 8], END)
    # NaN covariate: the row of the covariate table is named.
    nan = cov.copy()
    nan.loc[17, "x"] = np.nan
    with pytest.raises(cx.InvalidInputError, match="covariates row 17") as info:
        m.p_alive(tx, nan, END)
    assert info.value.field == "covariates"
    assert info.value.index == 17
    # Missing columns, a missing time, mixed clocks, a bad unit, not fitted.
    with pytest.raises(cx.InvalidInputError, match="lack the columns"):
        m.p_alive(tx, cov.drop(columns="z"), END)
    with pytest.raises(cx.InvalidInputError, match="no column 'Date'"):
        m.p_alive(tx.rename(columns={"Date": "when"}), cov, END)
    bad_time = tx.copy()
    bad_time.loc[2, "Date"] = np.nan
    with pytest.raises(cx.InvalidInputError, match="row 2"):
        m.p_alive(bad_time, cov, END)
    with pytest.raises(cx.InvalidInputError, match="both be datetimes or both numbers"):
        m.p_alive(tx.assign(Date=pd.Timestamp("2021-01-01") + pd.to_timedelta(tx.Date, "D")),
                  cov, END)
    with pytest.raises(cx.InvalidInputError, match="unit"):
        cx.ParetoNbdDynamic(["x"], unit="M")
    with pytest.raises(cx.InvalidInputError, match="not fitted"):
        _ = cx.ParetoNbdDynamic(["x"]).params
    with pytest.raises(cx.InvalidInputError) as info:
        cx.ParetoNbdDynamic.from_params([0.6, -8.0, 0.7, 10.0], {"x": 0.3})
    assert info.value.field == "alpha"
    with pytest.raises(cx.InvalidInputError, match="pass transactions"):
        m.p_alive()
    # A customer who only buys after the end is left out; errors still name the right customer.
    late_buyer = pd.concat([tx, pd.DataFrame({"Id": [-1], "Date": [END + 3.0]})])
    assert -1 not in m.p_alive(late_buyer, cov, END).index
    with pytest.raises(cx.InvalidInputError, match="customer 0: .*T \\+ horizon"):
        m.expected_purchases(30.0, late_buyer, cov, END)
    with pytest.raises(cx.InvalidInputError, match="constrained"):
        cx.ParetoNbdDynamic(["x"], ["z"], constrain=["x"], **LAYOUT).fit(tx, cov, END)
