"""cx CLV API: the CDNOW sample end to end, Series in / Series out, errors for bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cx

from conftest import ROOT


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    raw = pd.read_csv(ROOT / "examples" / "data" / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["id", "customer_id", "date", "cds", "amount"],
                      dtype={"customer_id": str, "date": str})
    raw["timestamp"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw


def test_cdnow_summary_and_bgnbd(cdnow: pd.DataFrame) -> None:
    # Fader, Hardie and Lee (2005): calibration to 1997-09-30, times in days / 7.
    s = cx.rfm_summary(cdnow, amount="amount", observation_end="1998-06-30", fractional=True,
                       holdout_start="1997-10-01")
    assert len(s) == 2357 and s.index.name == "customer"
    assert {"frequency", "recency", "T", "monetary_value", "frequency_holdout",
            "duration_holdout"} <= set(s.columns)
    scores = cx.rfm_scores(s)
    assert scores.index.equals(s.index) and list(scores.columns) == ["r", "f", "m", "segment"]
    assert scores[["r", "f", "m"]].isin(range(1, 6)).all().all()
    with pytest.raises(cx.InvalidInputError) as e:
        cx.rfm_scores(s.drop(columns="monetary_value"))
    assert e.value.field == "monetary_value"
    m = cx.BgNbd().fit(s["frequency"], s["recency"], s["T"])
    assert m.converged
    assert m.params["r"] == pytest.approx(0.243, abs=1e-3)
    assert m.log_likelihood == pytest.approx(-9582.4, abs=0.1)
    assert set(m.standard_errors or {}) == {"r", "alpha", "a", "b"}
    p = m.p_alive(s["frequency"], s["recency"], s["T"])
    assert isinstance(p, pd.Series) and p.index.equals(s.index)
    assert ((p >= 0) & (p <= 1)).all()
    e = m.expected_purchases(39, s["frequency"].to_numpy(), s["recency"], s["T"])
    assert isinstance(e, np.ndarray) and e.shape == (2357,)
    new = m.expected_purchases_new([10.0, 20.0, 39.0])
    assert list(new) == sorted(new)
    assert isinstance(m.expected_purchases_new(39), float)
    back = cx.BgNbd.from_json(m.to_json())
    assert back.params == m.params
    assert "BgNbd(" in repr(m)
    hold = cx.holdout_comparison(m, s)
    assert hold.index.tolist() == list(range(8)) and hold["customers"].sum() == 2357
    # FHL 2005 Figure 4: the model tracks the holdout means closely for light buyers.
    assert abs(hold.loc[0, "predicted"] - hold.loc[0, "actual"]) < 0.1
    with pytest.raises(cx.InvalidInputError) as e:
        cx.holdout_comparison(m, s.drop(columns=["frequency_holdout", "duration_holdout"]))
    assert e.value.field == "holdout_start"
    with pytest.raises(cx.InvalidTypeError):
        cx.holdout_comparison("model", s)

    repeat = s[s["frequency"] > 0]
    gg = cx.GammaGamma().fit(repeat["frequency"], repeat["monetary_value"])
    assert gg.converged
    clv = gg.clv(m, repeat["frequency"], repeat["recency"], repeat["T"],
                 repeat["monetary_value"], months=12, discount_rate=0.01)
    assert isinstance(clv, pd.Series) and (clv > 0).all()
    longer = gg.clv(m, repeat["frequency"], repeat["recency"], repeat["T"],
                    repeat["monetary_value"], months=24)
    assert (longer >= clv).all()


def test_pickle_and_probability_of_n() -> None:
    import pickle

    m = cx.BgNbd.from_params({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    back = pickle.loads(pickle.dumps(m))
    assert back.params == m.params
    assert isinstance(pickle.loads(pickle.dumps(cx.ParetoNbd())), cx.ParetoNbd)
    probs = m.probability_of_n_purchases(39.0, list(range(200)))
    assert probs.sum() == pytest.approx(1.0, abs=1e-6)
    assert isinstance(m.probability_of_n_purchases(39.0, 0), float)
    with pytest.raises(cx.InvalidInputError):
        m.probability_of_n_purchases(39.0, 1.5)
    gg = cx.GammaGamma.from_params({"p": 6.25, "q": 3.74, "v": 15.44})
    assert pickle.loads(pickle.dumps(gg)).params == gg.params
    # A fitted model: from_params leaves NaN log-likelihood and standard errors, which JSON
    # writes as null and cannot read back (core issue, reported).
    sbg = cx.ShiftedBetaGeometric().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    assert pickle.loads(pickle.dumps(sbg)).params == sbg.params
    clf = cx.ChurnClassifier().fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    assert pickle.loads(pickle.dumps(clf)).intercept == clf.intercept
    km = cx.kaplan_meier([1, 2, 3], [1, 0, 1])
    assert pickle.loads(pickle.dumps(km)).median == km.median


def test_other_models() -> None:
    f, r, t = [0, 2, 1, 7, 3], [0.0, 30.4, 1.7, 35.0, 20.0], [38.9, 38.9, 38.9, 38.0, 36.0]
    for model in (cx.MbgNbd, cx.ParetoNbd):
        m = model.from_params({"r": 0.5, "alpha": 10.0, "a": 0.9, "b": 1.6}
                              if model is cx.MbgNbd else
                              {"r": 0.55, "alpha": 10.6, "s": 0.61, "beta": 11.7})
        p = m.p_alive(f, r, t)
        assert ((p >= 0) & (p <= 1)).all()
    bb = cx.BgBb.from_params({"alpha": 1.204, "beta": 0.75, "gamma": 0.657, "delta": 2.783})
    assert bb.p_alive([0, 6], [0, 6], [6, 6])[1] > 0.9
    assert bb.expected_purchases_new(5) > 0


def test_clv_errors() -> None:
    with pytest.raises(cx.InvalidInputError) as e:
        cx.BgNbd().fit([1, math.nan], [1.0, 2.0], [3.0, 3.0])
    assert (e.value.field, e.value.index) == ("frequency", 1)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.BgNbd().fit([-1, 2], [1.0, 2.0], [3.0, 3.0])
    assert (e.value.field, e.value.index) == ("frequency", 0)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.BgNbd().fit([1, 2], [1.0, 4.0], [3.0, 3.0])
    assert (e.value.field, e.value.index) == ("recency", 1)
    with pytest.raises(cx.LengthMismatchError):
        cx.ParetoNbd().fit([1, 2], [1.0, 2.0], [3.0])
    with pytest.raises(cx.EmptyInputError):
        cx.MbgNbd().fit([], [], [])
    with pytest.raises(cx.InvalidTypeError) as e:
        cx.BgNbd().fit(["1"], [1.0], [3.0])
    assert e.value.field == "frequency"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.BgNbd().p_alive([1], [1.0], [3.0])
    assert e.value.field == "model"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.BgNbd.from_params({"r": 1.0})
    assert e.value.field == "params"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.BgNbd.from_params({"r": -1.0, "alpha": 1.0, "a": 1.0, "b": 1.0})
    assert e.value.field == "r"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.BgNbd.from_json("{}")
    assert e.value.field == "text"
    gg = cx.GammaGamma.from_params({"p": 6.25, "q": 3.74, "v": 15.44})
    with pytest.raises(cx.InvalidTypeError) as e:
        gg.clv("bgnbd", [1], [1.0], [3.0], [10.0])
    assert e.value.field == "model"
    m = cx.BgNbd.from_params({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    with pytest.raises(cx.InvalidInputError) as e:
        gg.clv(m, [1], [1.0], [3.0], [10.0], unit="fortnight")
    assert e.value.field == "unit"
    with pytest.raises(cx.InvalidInputError) as e:
        m.expected_purchases(-1, [1], [1.0], [3.0])
    with pytest.raises(cx.InvalidInputError) as e:
        cx.rfm_summary({"customer_id": ["a", "b"], "timestamp": ["2024-01-01", "later"]})
    assert (e.value.field, e.value.index) == ("timestamps", 1)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.rfm_summary({"customer_id": ["a"], "timestamp": ["2024-01-01"]}, unit="Q")
    assert e.value.field == "unit"


@pytest.mark.parametrize("unit", ["D", "W", "M"])
def test_rfm_summary_compact_ids_match_text_ids_at_scale(unit: str) -> None:
    # 300k rows (several chunks of the row passes, hundreds of customer blocks), compact
    # integer ids, times in seconds and nanoseconds, some after observation_end, a holdout
    # split and amounts: the integer path's numbers are the text path's, exactly.
    rng = np.random.default_rng(12)
    n = 300_000
    ids = rng.integers(5, 40_005, n)
    seconds = (np.datetime64("2023-01-01", "s")
               + rng.integers(0, 700 * 86_400, n).astype("timedelta64[s]"))
    amounts = rng.integers(1, 10_000, n) / 100.0
    kwargs = dict(unit=unit, amount="amount", observation_end="2024-10-01",
                  holdout_start="2024-06-13")
    text = cx.rfm_summary({"customer_id": ids.astype(str), "timestamp": seconds,
                           "amount": amounts}, **kwargs)  # type: ignore[arg-type]
    want = text.set_axis(text.index.astype("int64")).sort_index()
    for stamps in (seconds, seconds.astype("datetime64[ns]")):
        fast = cx.rfm_summary({"customer_id": ids, "timestamp": stamps, "amount": amounts},
                              **kwargs)  # type: ignore[arg-type]
        pd.testing.assert_frame_equal(fast, want, check_exact=True)
    bare = cx.rfm_summary({"customer_id": ids, "timestamp": seconds}, unit=unit)
    text = cx.rfm_summary({"customer_id": ids.astype(str), "timestamp": seconds}, unit=unit)
    pd.testing.assert_frame_equal(bare, text.set_axis(text.index.astype("int64")).sort_index(),
                                  check_exact=True)


def test_rfm_summary_integer_ids_match_text_ids(cdnow: pd.DataFrame) -> None:
    # Integer customer ids take the core's integer path (ids stay integers, numeric order);
    # every number equals the general path's on the same ids as text.
    ints = cdnow.assign(customer_id=cdnow["customer_id"].astype("int64"))
    for kwargs in [dict(unit="D"), dict(amount="amount", holdout_start="1997-10-01",
                                        observation_end="1998-06-30", fractional=True)]:
        fast = cx.rfm_summary(ints, **kwargs)  # type: ignore[arg-type]
        text = cx.rfm_summary(cdnow, **kwargs)  # type: ignore[arg-type]
        assert fast.index.dtype == np.int64 and fast.index.is_monotonic_increasing
        assert fast.index.name == "customer"
        back = text.set_axis(text.index.astype("int64")).sort_index()
        assert list(fast.columns) == list(back.columns)
        pd.testing.assert_frame_equal(fast, back, check_exact=False, rtol=1e-12)
    # Naive datetimes are UTC, as tz-aware UTC ones.
    utc = ints.assign(timestamp=ints["timestamp"].dt.tz_localize("UTC"))
    pd.testing.assert_frame_equal(cx.rfm_summary(ints), cx.rfm_summary(utc))
    with pytest.raises(cx.InvalidInputError) as e:
        cx.rfm_summary({"customer_id": np.array([1, 2]),
                        "timestamp": np.array(["2024-01-01", "NaT"], dtype="datetime64[ns]")})
    assert (e.value.field, e.value.index) == ("timestamps", 1)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.rfm_summary({"customer_id": np.array([1, 2]),
                        "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02"]),
                        "amount": [1.0, -2.0]}, amount="amount")
    assert (e.value.field, e.value.index) == ("amount", 1)


def test_fit_without_repeat_purchases_names_frequency() -> None:
    zeros, t = [0.0] * 10, [30.0] * 10
    for cls in (cx.BgNbd, cx.MbgNbd, cx.ParetoNbd):
        with pytest.raises(cx.InvalidInputError) as e:
            cls().fit(zeros, zeros, t)
        assert e.value.field == "frequency" and "repeat purchase" in str(e.value)


def test_compress_groups_identical_customers_and_fits_the_same() -> None:
    import numpy as np

    f = np.array([0.0, 2.0, 0.0, 2.0, 1.0])
    r = np.array([0.0, 5.0, 0.0, 5.0, 3.0])
    t = np.array([10.0, 10.0, 10.0, 10.0, 8.0])
    table, inverse = cx.compress(f, r, t)
    assert table.columns.tolist() == ["frequency", "recency", "T", "weights"]
    assert table["weights"].tolist() == [2.0, 1.0, 2.0]
    assert inverse.dtype == np.int64
    np.testing.assert_array_equal(table["frequency"].to_numpy()[inverse], f)
    np.testing.assert_array_equal(table["recency"].to_numpy()[inverse], r)
    full = cx.BgNbd.from_params({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    p_rows = full.p_alive(f, r, t)
    p_triples = full.p_alive(table["frequency"], table["recency"], table["T"])
    np.testing.assert_array_equal(np.asarray(p_triples)[inverse], p_rows)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.compress([1.0], [4.0], [3.0])
    assert e.value.field == "recency"
