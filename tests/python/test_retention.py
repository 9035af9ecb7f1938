"""cx retention and churn API: pandas inputs, result shapes, and errors for bad input."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest

import cx

ACTIVITY = pd.DataFrame(
    {
        "customer_id": ["a", "a", "a", "b", "b", "c"],
        "timestamp": pd.to_datetime(
            ["2024-01-05", "2024-02-10", "2024-03-01", "2024-01-31", "2024-03-15", "2024-02-01"]
        ),
    }
)
DUR = [1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 7, 8, 8, 9, 10, 12]
OBS = [1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]


def check(e: pytest.ExceptionInfo, field: str, index: int | None = None) -> None:
    assert e.value.field == field, repr(e.value)
    if index is not None:
        assert e.value.index == index, repr(e.value)


def test_rates() -> None:
    r = cx.retention_rate(100, 120, 30)
    assert r.rate == pytest.approx(0.9) and r.level == 0.95 and len(r.ci) == 2
    assert cx.churn_rate(80, 12, level=0.9).rate == pytest.approx(0.15)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.churn_rate(10, 11)
    check(e, "lost")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.churn_rate(10, math.nan)
    check(e, "lost")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.retention_rate(10, -1, 0)
    check(e, "customers_at_end")
    with pytest.raises(cx.InvalidTypeError) as e:
        cx.churn_rate("10", 1)
    check(e, "customers_at_start")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.churn_rate(10, 1, level=0)
    check(e, "level")


def test_activity_frames() -> None:
    life = cx.lifecycle(ACTIVITY, freq="M")
    assert list(life.columns) == ["new", "returning", "resurrecting", "dormant"]
    assert life.index.name == "period_start" and isinstance(life.index, pd.DatetimeIndex)
    assert life["new"].tolist() == [2, 1, 0]
    cohorts = cx.cohort_table(ACTIVITY)
    assert cohorts.period == "month"
    assert cohorts.sizes.tolist() == [2, 1]
    assert cohorts.counts.iloc[0].tolist() == [2.0, 1.0, 2.0]
    assert math.isnan(cohorts.shares.iloc[1, 2])
    rates = cx.period_rates(ACTIVITY)
    assert rates["lost"].tolist() == [1, 1]
    assert rates.loc["2024-02-01", "churn_rate"] == pytest.approx(0.5)
    # Strings go to the core's parser; tz-aware datetimes are converted to UTC.
    text = ACTIVITY.assign(timestamp=ACTIVITY["timestamp"].dt.strftime("%Y-%m-%d"))
    assert cx.lifecycle(text, freq="M").equals(life)
    aware = ACTIVITY.assign(timestamp=ACTIVITY["timestamp"].dt.tz_localize("UTC"))
    assert cx.lifecycle(aware, freq="M").equals(life)
    repeat = cx.time_to_repeat(ACTIVITY, "2024-03-31")
    assert repeat.loc["a", "duration"] == 36 and repeat.loc["c", "observed"] == 0


def test_activity_errors() -> None:
    with pytest.raises(cx.InvalidInputError) as e:
        cx.lifecycle(ACTIVITY, freq="Q")
    check(e, "freq")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.lifecycle(ACTIVITY.assign(timestamp=[pd.NaT] + list(ACTIVITY["timestamp"][1:])))
    check(e, "timestamps", 0)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.cohort_table(ACTIVITY.assign(timestamp=["2024-01-01", "soon", "2024-01-02",
                                                   "2024-01-03", "2024-01-04", "2024-01-05"]))
    check(e, "timestamps", 1)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.lifecycle(ACTIVITY.assign(customer_id=["a", None, "a", "b", "b", "c"]))
    check(e, "customers", 1)
    with pytest.raises(cx.EmptyInputError) as e:
        cx.cohort_table(ACTIVITY.iloc[:0])
    check(e, "customers")
    with pytest.raises(cx.LengthMismatchError) as e:
        cx.cohort_table({"customer_id": ["a", "b"], "timestamp": ["2024-01-01"]})
    check(e, "timestamps")
    with pytest.raises(cx.InvalidTypeError) as e:
        cx.lifecycle(ACTIVITY.assign(timestamp=[1, 2, 3, 4, 5, 6]))
    check(e, "timestamps")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.time_to_repeat(ACTIVITY, "2024-02-01")
    check(e, "timestamps")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.lifecycle(ACTIVITY, customer="user")
    check(e, "customer")


def test_kaplan_meier() -> None:
    km = cx.kaplan_meier(np.array(DUR, dtype=np.int32), pd.Series(OBS))
    assert (km.n, km.events, km.median) == (16, 10, 8.0)
    assert list(km.table.columns) == ["at_risk", "events", "censored", "survival", "ci_low",
                                      "ci_high"]
    assert km.survival_at(8.0) == pytest.approx(0.30461538461538457)
    assert km.survival_at([-1.0, 1.0]).tolist() == pytest.approx([1.0, 0.9375])
    lo, hi = km.ci_at(1.0)
    assert lo < 0.9375 < hi
    assert "median=8" in repr(km)
    never = cx.kaplan_meier([1, 2, 3], [1, 0, 0])
    assert math.isinf(never.median)
    by = cx.kaplan_meier_by_segment(DUR, OBS, ["web", "store"] * 8)
    assert list(by) == ["store", "web"]
    t = cx.logrank_test(DUR, OBS, [2, 4, 4, 6], None)
    assert 0 <= t.p_value <= 1 and t.statistic >= 0


def test_kaplan_meier_takes_boolean_observed_flags() -> None:
    # Boolean flags (lifelines' usual `event_observed`) read as 1/0, array or Series.
    want = cx.kaplan_meier(DUR, OBS).to_dict()
    flags = np.array(OBS, dtype=bool)
    assert cx.kaplan_meier(DUR, flags).to_dict() == want
    assert cx.kaplan_meier(DUR, pd.Series(flags)).to_dict() == want
    segments = ["web", "store"] * 8
    by = cx.kaplan_meier_by_segment(DUR, flags, segments)
    assert by["web"].to_dict() == cx.kaplan_meier_by_segment(DUR, OBS, segments)["web"].to_dict()


def test_kaplan_meier_reads_byte_flags_in_place() -> None:
    # bool, uint8 and small-integer flags take the core's byte path (no float copy); the
    # answers are those of float flags, across many counting blocks and parts, and a bad
    # byte is named with its index and value.
    rng = np.random.default_rng(7)
    n = 300_000
    durations = np.floor(rng.exponential(50.0, n))
    flags = rng.random(n) < 0.7
    want = cx.kaplan_meier(durations, flags.astype(np.float64)).to_dict()
    for o in (flags, flags.view(np.uint8), flags.astype(np.int64), pd.Series(flags)):
        assert cx.kaplan_meier(durations, o).to_dict() == want
    segments = np.where(np.arange(n) % 3 == 0, "a", "b")
    by = cx.kaplan_meier_by_segment(durations, flags, segments)
    by_f = cx.kaplan_meier_by_segment(durations, flags.astype(np.float64), segments)
    assert {k: v.to_dict() for k, v in by.items()} == {k: v.to_dict() for k, v in by_f.items()}
    bad = flags.astype(np.uint8)
    bad[123_456] = 2
    with pytest.raises(cx.InvalidInputError) as e:
        cx.kaplan_meier(durations, bad)
    check(e, "observed", 123_456)
    assert "value 2" in str(e.value)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.kaplan_meier_by_segment(durations, bad, segments)
    check(e, "observed", 123_456)
    nan = durations.copy()
    nan[200_001] = np.nan
    with pytest.raises(cx.InvalidInputError) as e:
        cx.kaplan_meier(nan, flags)
    check(e, "durations", 200_001)


@pytest.mark.parametrize(
    "durations, observed, field, index, exc",
    [
        ([1, math.nan, 3], None, "durations", 1, cx.InvalidInputError),
        ([1, 2, -3], None, "durations", 2, cx.InvalidInputError),
        ([1, 2, 3], [1, 0.5, 0], "observed", 1, cx.InvalidInputError),
        ([], None, "durations", None, cx.EmptyInputError),
        ([1, 2, 3], [1, 0], "observed", None, cx.LengthMismatchError),
        (["1", 2], None, "durations", 0, cx.InvalidTypeError),
        (np.array(["a", "b"]), None, "durations", None, cx.InvalidTypeError),
    ],
)
def test_kaplan_meier_errors(durations, observed, field, index, exc) -> None:
    with pytest.raises(exc) as e:
        cx.kaplan_meier(durations, observed)
    check(e, field, index)


def test_sbg() -> None:
    m = cx.ShiftedBetaGeometric().fit(np.array([1000, 631, 468, 382, 326, 289, 262, 241]))
    assert m.params["alpha"] == pytest.approx(0.704, abs=5e-4)
    assert m.log_likelihood == pytest.approx(-1680.3, abs=0.05)
    assert m.converged and m.iterations > 0
    assert isinstance(m.survival(3), float)
    assert m.retention_rate([1, 2, 3]).shape == (3,)
    assert m.expected_lifetime() == math.inf  # alpha < 1
    assert m.discounted_expected_residual_lifetime(0.1) > 0
    assert cx.ShiftedBetaGeometric.from_json(m.to_json()).params == m.params
    with pytest.raises(cx.InvalidInputError) as e:
        cx.ShiftedBetaGeometric().fit([100, 80, 85, 60])
    check(e, "survivors", 2)
    with pytest.raises(cx.EmptyInputError):
        cx.ShiftedBetaGeometric().fit([100])
    with pytest.raises(cx.ConvergenceError):
        cx.ShiftedBetaGeometric().fit([100, 100, 100])
    with pytest.raises(cx.InvalidInputError) as e:
        cx.ShiftedBetaGeometric().survival(1)
    check(e, "model")
    with pytest.raises(cx.InvalidInputError) as e:
        m.survival(-1)
    check(e, "t", 0)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.ShiftedBetaGeometric.from_params(-1, 1)
    check(e, "alpha")


def test_sbg_from_params_round_trips_through_json() -> None:
    m = cx.ShiftedBetaGeometric.from_params(0.704, 1.182)
    assert m.log_likelihood is None and m.standard_errors is None and not m.converged
    text = m.to_json()
    assert '"log_likelihood":null' in text
    back = cx.ShiftedBetaGeometric.from_json(text)
    assert back.params == m.params and back.log_likelihood is None
    assert back.survival(5) == m.survival(5)
    assert pickle.loads(pickle.dumps(m)).params == m.params
    assert "not fitted" in repr(m)


def test_kaplan_meier_infinite_median_round_trips_through_json() -> None:
    km = cx.kaplan_meier([1, 2, 3, 4], [1, 0, 0, 0])
    assert km.median == math.inf
    assert '"median":"Infinity"' in km.to_json()
    back = pickle.loads(pickle.dumps(km))  # through KaplanMeierFit.from_json
    assert back.median == math.inf and back.median_ci[1] == math.inf
    assert back.table.equals(km.table)


def test_classifier_and_metrics() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(200, 3))
    y = (x @ [1.0, -2.0, 0.5] + rng.normal(size=200) > 0).astype(int)
    frame = pd.DataFrame(x, columns=["a", "b", "c"])
    m = cx.ChurnClassifier(l2=1.0).fit(frame, pd.Series(y))
    p = m.predict_proba(x)
    assert p.shape == (200,) and ((p > 0) & (p < 1)).all()
    assert m.coefficients.shape == (3,) and m.coefficients[1] < 0
    back = cx.ChurnClassifier.from_json(m.to_json())
    assert np.array_equal(back.predict_proba(x), p)
    metrics = cx.churn_metrics(y, p)
    assert 0.5 < metrics.auc <= 1 and metrics.n == 200
    assert list(metrics.calibration.columns) == ["count", "p_min", "p_max", "mean_predicted",
                                                 "observed_rate"]
    with pytest.raises(cx.InvalidInputError) as e:
        cx.ChurnClassifier().fit(x, np.where(np.arange(200) == 5, 2, y))
    check(e, "y", 5)
    bad = x.copy()
    bad[1, 2] = np.nan
    with pytest.raises(cx.InvalidInputError) as e:
        cx.ChurnClassifier().fit(bad, y)
    check(e, "x", 5)  # row-major position of row 1, column 2
    with pytest.raises(cx.LengthMismatchError):
        cx.ChurnClassifier().fit(x, y[:-1])
    with pytest.raises(cx.InvalidInputError) as e:
        cx.ChurnClassifier().fit(x[:, 0], y)
    check(e, "x")
    with pytest.raises(cx.InvalidTypeError) as e:
        cx.ChurnClassifier().fit([["a", "b"]], [1])
    check(e, "x")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.ChurnClassifier().predict_proba(x)
    check(e, "model")
    with pytest.raises(cx.InvalidInputError) as e:
        m.predict_proba(x[:, :2])
    with pytest.raises(cx.InvalidTypeError) as e:
        cx.ChurnClassifier(l2="big")
    check(e, "l2")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.churn_metrics([0, 1, 1], [0.2, 1.2, 0.5])
    check(e, "p", 1)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.churn_metrics([1, 1], [0.2, 0.5])
    check(e, "y_true")


VIEW_TX = pd.DataFrame({
    "customer_id": ["a", "a", "b", "a", "a", "c"],
    "timestamp": pd.to_datetime(["2024-01-05 00:00", "2024-01-05 18:00", "2024-01-31 00:00", "2024-02-10 00:00",
                                 "2024-03-01 00:00", "2024-04-02 00:00"]),
    "amount": [10.0, 5.0, 50.0, 20.0, 30.0, 99.0],
})
VIEW_TP = pd.DataFrame({
    "customer_id": ["a", "a", "c", "c", "d", "f"],
    "timestamp": ["2024-03-20", "2024-01-02", "2024-01-15", "2024-02-20", "2024-01-20", "2024-03-10"],
    "channel": ["Email", "web", "Phone", "phone", "Partner Portal", "app"],
})
VIEW_SV = pd.DataFrame({
    "customer_id": ["a", "a", "b", "c"],
    "timestamp": ["2024-02-01", "2024-03-25", "2024-03-05", "2024-02-20"],
    "kind": ["nps", "csat", "nps", "nps"],
    "score": [9, 4, 10, 7],
})


def test_customer_view_columns() -> None:
    v = cx.customer_view(VIEW_TX, VIEW_TP, VIEW_SV, "2024-03-31", unit="D")
    assert list(v.index) == ["a", "b", "c", "d", "f"] and v.index.name == "customer"
    assert str(v["first_activity"].dtype) == "datetime64[ns, UTC]"
    assert v.loc["a", "first_activity"] == pd.Timestamp("2024-01-02", tz="UTC")
    # The `kind` column is used: a's CSAT answer on Mar 25 is activity, not an NPS answer.
    assert v.loc["a", "last_activity"] == pd.Timestamp("2024-03-25", tz="UTC")
    assert v.loc["a", "last_nps"] == 9.0 and math.isnan(v.loc["d", "last_nps"])
    assert v["transactions"].tolist() == [4, 1, 0, 0, 0]
    assert v["channels"].tolist() == [["email", "web"], [], ["phone"], ["Partner Portal"], ["app"]]
    assert v["lifecycle_stage"].tolist() == ["returning", "resurrecting", "dormant", "lapsed", "new"]
    assert v["tenure"].tolist() == [89.0, 60.0, 76.0, 71.0, 21.0]
    assert "p_alive" not in v.columns
    # frequency / recency / T / monetary_value are rfm_summary's, row for row.
    rfm = cx.rfm_summary(VIEW_TX, amount="amount", observation_end="2024-03-31", unit="D")
    buyers = v.loc[rfm.index]
    for col in ("frequency", "recency", "T", "monetary_value"):
        assert buyers[col].tolist() == rfm[col].tolist(), col
    assert v.loc[["c", "d", "f"], "frequency"].isna().all()


def test_customer_view_optional_tables_and_models() -> None:
    only_tx = cx.customer_view({"customer_id": ["x", "y", "x"],
                                "timestamp": ["2024-01-01", "2024-01-08", "2024-01-22"],
                                "amount": [1.0, 2.0, 3.0]})
    assert list(only_tx.index) == ["x", "y"]
    assert only_tx["frequency"].tolist() == [1.0, 0.0]  # ISO weeks W01 and W04: one repeat
    assert only_tx["touchpoints"].tolist() == [0, 0]
    bg = cx.BgNbd.from_params({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    gg = cx.GammaGamma.from_params({"p": 6.25, "q": 3.74, "v": 15.44})
    v = cx.customer_view(VIEW_TX, VIEW_TP, VIEW_SV, "2024-03-31", model=bg, spend_model=gg,
                         months=6, discount_rate=0.01)
    buyers = v.dropna(subset=["frequency"])
    p = bg.p_alive(buyers["frequency"], buyers["recency"], buyers["T"])
    assert np.allclose(buyers["p_alive"], p, rtol=0, atol=1e-15)
    clv = gg.clv(bg, buyers["frequency"], buyers["recency"], buyers["T"],
                 buyers["monetary_value"], months=6, discount_rate=0.01, unit="W")
    assert np.allclose(buyers["clv"], clv, rtol=1e-15, atol=0)
    assert v.loc[["c", "d", "f"], ["p_alive", "clv"]].isna().all().all()


def test_customer_view_errors() -> None:
    sv = VIEW_SV.assign(customer_id=["a", "a", "zz", "c"])
    with pytest.raises(cx.InvalidInputError) as e:
        cx.customer_view(VIEW_TX, VIEW_TP, sv)
    check(e, "surveys.customer", 2)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.customer_view(VIEW_TX, VIEW_TP, VIEW_SV, "2023-12-31")
    check(e, "observation_end")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.customer_view(VIEW_TX, VIEW_TP, VIEW_SV.assign(score=[9, 4, 12, 7]))
    check(e, "surveys.score", 2)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.customer_view(VIEW_TX.assign(amount=[1.0, -1.0, 1.0, 1.0, 1.0, 1.0]))
    check(e, "transactions.amount", 1)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.customer_view(VIEW_TX, VIEW_TP, VIEW_SV.assign(kind=["nps", "nps", "stars", "nps"]))
    check(e, "surveys.kind", 2)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.customer_view(VIEW_TX, model=cx.BgNbd())
    check(e, "model")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.customer_view(VIEW_TX, model="bgnbd")
    check(e, "model")
    gg = cx.GammaGamma.from_params({"p": 6.25, "q": 3.74, "v": 15.44})
    with pytest.raises(cx.InvalidInputError) as e:
        cx.customer_view(VIEW_TX, spend_model=gg)
    check(e, "spend_model")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.customer_view(VIEW_TX, VIEW_TP.drop(columns="channel"))
    check(e, "channel")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.customer_view(VIEW_TX, unit="fortnight")
    check(e, "unit")
