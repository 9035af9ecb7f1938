"""cx journey API: pandas inputs, result shapes, and errors for bad input."""

from __future__ import annotations

import math
import pickle
import threading

import numpy as np
import pandas as pd
import pytest

import cx

from conftest import ROOT

EVENTS = pd.DataFrame(
    {
        "customer_id": ["a", "a", "a", "b", "b", "c"],
        "timestamp": pd.to_datetime(
            ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-02 09:00",
             "2024-01-01 11:00", "2024-01-01 11:30", "2024-01-03 08:00"]
        ),
        "event": ["visit", "signup", "purchase", "visit", "signup", "visit"],
        "channel": ["web", "email", "web", "web", "web", "store"],
    }
)


def raises(exc: type, field: str, index: int | None = None, code: str | None = None):
    class Check:
        def __enter__(self):
            self.ctx = pytest.raises(exc)
            self.info = self.ctx.__enter__()
            return self.info

        def __exit__(self, *a):
            out = self.ctx.__exit__(*a)
            e = self.info.value
            assert e.field == field, repr(e)
            if index is not None:
                assert e.index == index, repr(e)
            if code is not None:
                assert e.code == code, repr(e)
            return out

    return Check()


# ---------------------------------------------------------------- funnels

def test_funnel_frame_from_datetimes() -> None:
    f = cx.funnel(EVENTS, ["visit", "signup", "purchase"], window="1d")
    assert list(f.index) == ["visit", "signup", "purchase"]
    assert f.index.name == "step"
    assert f["converted"].tolist() == [3, 2, 1]  # a's purchase is 23 h after its visit
    assert f["entered"].dtype == np.int64
    assert f.loc["signup", "median_seconds_to_convert"] == pytest.approx((300 + 1800) / 2)
    assert math.isnan(f.loc["visit", "median_seconds_to_convert"])


def test_funnel_window_and_steps_forms() -> None:
    wide = cx.funnel(EVENTS, ["visit", ("account", ["signup"]), ["purchase", "signup"]],
                     window="2d")
    assert list(wide.index) == ["visit", "account", "purchase | signup"]
    assert wide["converted"].tolist() == [3, 2, 1]
    same = cx.funnel(EVENTS, ["visit", "signup", "purchase"], window=2 * 86400)
    assert same["converted"].tolist() == [3, 2, 1]


def test_funnel_breakdown_index() -> None:
    f = cx.funnel(EVENTS, ["visit", "signup"], breakdown="channel")
    assert f.index.names == ["channel", "step"]
    assert f.loc[("web", "signup"), "converted"] == 2
    assert f.loc[("store", "visit"), "entered"] == 1


def test_funnel_accepts_numeric_seconds_and_int_ids() -> None:
    df = pd.DataFrame({"customer_id": [7, 7, 8], "timestamp": [0.0, 10.0, 0.0],
                       "event": ["visit", "signup", "visit"]})
    assert cx.funnel(df, ["visit", "signup"])["converted"].tolist() == [2, 1]


@pytest.mark.parametrize(
    "change, field, index",
    [
        ({"timestamp": [0, 1, math.nan, 3, 4, 5]}, "times", 2),
        ({"timestamp": [0, 1, 2.5, 3, 4, 5]}, "times", 2),
        ({"customer_id": ["a", None, "a", "b", "b", "c"]}, "customers", 1),
        ({"event": ["visit", "signup", None, "visit", "signup", "visit"]}, "events", 2),
    ],
)
def test_funnel_missing_and_fractional_values(change: dict, field: str, index: int) -> None:
    df = EVENTS.assign(timestamp=range(6)).assign(**change)
    with raises(cx.InvalidInputError, field, index):
        cx.funnel(df, ["visit"])


def test_funnel_errors() -> None:
    with raises(cx.InvalidInputError, "steps", 1, "CX_INVALID_INPUT"):
        cx.funnel(EVENTS, ["visit", "checkout"])
    with raises(cx.InvalidInputError, "exclusions", 0):
        cx.funnel(EVENTS, ["visit"], exclusions=["refund"])
    with raises(cx.EmptyInputError, "events"):
        cx.funnel(EVENTS.iloc[:0], ["visit"])
    with raises(cx.LengthMismatchError, "times"):
        cx.funnel({"customer_id": ["a", "b"], "timestamp": [0], "event": ["v", "v"]}, ["v"])
    with raises(cx.InvalidInputError, "order"):
        cx.funnel(EVENTS, ["visit"], order="sideways")
    with raises(cx.InvalidInputError, "window"):
        cx.funnel(EVENTS, ["visit"], window="-3d")
    with raises(cx.InvalidInputError, "window"):
        cx.funnel(EVENTS, ["visit"], window=-5)
    with raises(cx.InvalidInputError, "touch"):
        cx.funnel(EVENTS, ["visit"], breakdown="channel", touch="middle")
    with raises(cx.InvalidInputError, "customer"):
        cx.funnel(EVENTS, ["visit"], customer="user")
    with raises(cx.InvalidTypeError, "events"):
        cx.funnel([1, 2, 3], ["visit"])
    with raises(cx.InvalidTypeError, "steps"):
        cx.funnel(EVENTS, "visit")
    with raises(cx.InvalidTypeError, "steps", 1):
        cx.funnel(EVENTS, ["visit", 3])
    with raises(cx.InvalidTypeError, "window"):
        cx.funnel(EVENTS, ["visit"], window=None)
    with raises(cx.InvalidInputError, "times"):
        cx.funnel(EVENTS.assign(timestamp=["x"] * 6), ["visit"])


def test_funnel_columns_unsorted() -> None:
    with raises(cx.InvalidInputError, "times", 2):
        cx.funnel_columns([0, 0, 0], [0, 9, 5], [0, 1, 1], [[0], [1]])
    with raises(cx.InvalidInputError, "customers", 1):
        cx.funnel_columns([0, -1], [0, 0], [0, 0], [0])
    with raises(cx.InvalidTypeError, "events"):
        cx.funnel_columns([0], [0], ["visit"], [0])
    f = cx.funnel_columns(np.array([0, 0, 1], dtype=np.uint32), np.array([0, 5, 0]),
                          np.array([0, 1, 0]), [0, [1, 2]], window=60)
    assert f["converted"].tolist() == [2, 1]


# ---------------------------------------------------------------- paths

def test_paths_from_events_and_lists() -> None:
    top = cx.top_paths(EVENTS, k=2)
    # Three paths seen once each: ties in path order.
    assert top["path"].tolist() == [("visit",), ("visit", "signup")]
    assert top["count"].tolist() == [1, 1]
    assert top["share"].tolist() == pytest.approx([1 / 3, 1 / 3])
    by_channel = cx.top_paths(EVENTS, event="channel", collapse_repeats=True)
    assert ("web", "email", "web") in by_channel["path"].tolist()
    t = cx.transitions([["web", "email"], ["web"]], "web")
    assert t.to_dict("records") == [
        {"item": "(end)", "count": 1, "share": 0.5},
        {"item": "email", "count": 1, "share": 0.5},
    ]
    prev = cx.transitions([["web", "email"]], "email", direction="previous")
    assert prev["item"].tolist() == ["web"]
    edges = cx.sankey_edges([["web", "email"], ["web"]], max_steps=2)
    assert list(edges.columns) == ["step", "source", "target", "count"]
    s = cx.channel_switching(EVENTS)
    assert (s.journeys, s.multi_channel) == (3, 1)
    assert s.matrix.loc["web", "email"] == 1
    assert s.to_dict()["channels"] == ["email", "store", "web"]


def test_path_errors() -> None:
    with raises(cx.EmptyInputError, "paths"):
        cx.top_paths([])
    with raises(cx.InvalidTypeError, "paths", 1):
        cx.top_paths([["a"], "ab"])
    with raises(cx.InvalidTypeError, "paths", 0):
        cx.top_paths([["a", 1]])
    with raises(cx.InvalidTypeError, "k"):
        cx.top_paths([["a"]], k="3")
    with raises(cx.InvalidInputError, "k"):
        cx.top_paths([["a"]], k=-1)
    with raises(cx.InvalidInputError, "direction"):
        cx.transitions([["a"]], "a", direction="up")
    with raises(cx.EmptyInputError, "paths"):
        cx.channel_switching([[], []])
    with raises(cx.InvalidInputError, "channel"):
        cx.channel_switching(EVENTS, channel="medium")


# ---------------------------------------------------------------- attribution

PATHS = [["web", "email", "store"], ["email", "web"], ["store"], ["chat", "web"]]


@pytest.mark.parametrize(
    "model", ["first_touch", "last_touch", "linear", "position_based", "markov", "shapley"]
)
def test_attribution_models_sum_to_conversions(model: str) -> None:
    r = cx.attribution(PATHS, [1, 2, 1, 0], nulls=[1, 0, 2, 3], values=[30, 50, 20, 0],
                       model=model)
    assert isinstance(r, dict) and r.model == model
    assert sum(r.values()) == pytest.approx(4.0)
    assert r.value_credits is not None and sum(r.value_credits.values()) == pytest.approx(100.0)
    assert set(r) == {"chat", "email", "store", "web"}
    assert (r.removal_effects is not None) == (model == "markov")


def test_attribution_numpy_and_series_inputs() -> None:
    a = cx.attribution(pd.Series(PATHS), np.array([1, 2, 1, 0], dtype=np.int32), model="linear")
    b = cx.attribution(PATHS, [1.0, 2.0, 1.0, 0.0], model="linear")
    assert a == b
    td = cx.attribution([["a", "b"]], [1], model="time_decay", times=[[0, 7]], half_life=7)
    assert td["a"] == pytest.approx(1 / 3)
    m2 = cx.attribution(PATHS, [1, 2, 1, 0], nulls=[1, 0, 2, 3], order=2)
    assert sum(m2.values()) == pytest.approx(4.0)


def test_attribution_errors() -> None:
    with raises(cx.InvalidInputError, "values", 1):
        cx.attribution([["a"], ["b"]], [1, 1], values=[5, math.nan], model="linear")
    with raises(cx.InvalidInputError, "conversions", 0):
        cx.attribution([["a"]], [-1], model="linear")
    with raises(cx.LengthMismatchError, "conversions"):
        cx.attribution([["a"], ["b"]], [1], model="linear")
    with raises(cx.EmptyInputError, "paths"):
        cx.attribution([], [], model="linear")
    with raises(cx.InvalidInputError, "paths", 1):
        cx.attribution([["a"], []], [1, 1], model="linear")
    with raises(cx.InvalidInputError, "times", 1):
        cx.attribution([["a"], ["a", "b"]], [1, 1], model="time_decay", times=[[0], [5, 2]])
    with raises(cx.InvalidInputError, "model"):
        cx.attribution([["a"]], [1], model="magic")
    with raises(cx.InvalidInputError, "order"):
        cx.attribution([["a"]], [1], order=4)
    with raises(cx.InvalidTypeError, "conversions", 0):
        cx.attribution([["a"]], ["1"])
    with raises(cx.InvalidTypeError, "conversions"):
        cx.attribution([["a"]], np.array(["1"]))
    with raises(cx.InvalidTypeError, "paths"):
        cx.attribution("web>email", [1])


# ---------------------------------------------------------------- SLAs and acquisition

def test_response_times_on_bundled_sample() -> None:
    requests = pd.read_csv(ROOT / "examples" / "data" / "support_requests.csv")
    r = cx.response_times(requests)
    assert r.summary["requests"] == len(requests)
    assert list(r.by_channel.columns[:3]) == ["requests", "answered", "unanswered"]
    assert r.by_channel["requests"].sum() == len(requests)
    assert {"p50", "p90", "p95"} <= set(r.by_channel.columns)
    assert 0 <= r.summary["within_target_share"] <= 1
    hours = cx.response_times(requests, schedule=[(540, 1020)] * 5 + [None, None])
    assert hours.summary["requests"] == len(requests)


def test_response_times_errors() -> None:
    base = {"channel": ["chat", "chat"], "opened_at": [0, 100], "first_reply_at": [10, 150],
            "resolved_at": [None, None]}
    with raises(cx.InvalidInputError, "first_reply", 1):
        cx.response_times(dict(base, first_reply_at=[10, 50]))
    with raises(cx.LengthMismatchError, "opened"):
        cx.response_times(dict(base, opened_at=[0]))
    with raises(cx.EmptyInputError, "opened"):
        cx.response_times({k: [] for k in base})
    with raises(cx.InvalidInputError, "percentiles", 1):
        cx.response_times(base, percentiles=[0.5, 1.5])
    with raises(cx.InvalidInputError, "percentiles", 0):
        cx.response_times(base, percentiles=[math.nan])
    with raises(cx.InvalidInputError, "opened", 1):
        cx.response_times(dict(base, opened_at=[0, None]))
    with raises(cx.InvalidInputError, "schedule"):
        cx.response_times(base, schedule=[None] * 7)
    with raises(cx.InvalidInputError, "schedule", 0):
        cx.response_times(base, schedule=[(600, 500)] + [None] * 6)
    with raises(cx.InvalidInputError, "target"):
        cx.response_times(base, target="soon")
    with raises(cx.InvalidInputError, "utc_offset_minutes"):
        cx.response_times(base, utc_offset_minutes=24 * 60)


def test_cac_and_rates() -> None:
    df = pd.DataFrame({"channel": ["web", "email", "web"], "period": ["q1", "q1", "q2"],
                       "spend": [100.0, 50.0, 90.0], "new_customers": [4, 0, 3]})
    r = cx.cac(df)
    assert r.rows.loc[("web", "q1"), "cac"] == 25.0
    assert math.isnan(r.rows.loc[("email", "q1"), "cac"])
    assert r.by_channel.loc["web", "cac"] == pytest.approx(190 / 7)
    assert r.overall["cac"] == pytest.approx(240 / 7)
    with raises(cx.InvalidInputError, "spend", 1):
        cx.cac(df.assign(spend=[1.0, -2.0, 3.0]))
    with raises(cx.InvalidInputError, "spend", 2):
        cx.cac(df.assign(spend=[1.0, 2.0, math.nan]))
    with raises(cx.InvalidTypeError, "new_customers", 0):
        cx.cac(df.assign(new_customers=["4", "0", "3"]))
    rate = cx.conversion_rate(81, 263)
    assert rate.ci == pytest.approx((0.2553, 0.3662), abs=5e-5)
    assert pickle.loads(pickle.dumps(rate)) == rate
    assert repr(rate).startswith("ConversionRate(rate=0.307985")
    with raises(cx.InvalidInputError, "visitors"):
        cx.conversion_rate(0, 0)
    with raises(cx.InvalidInputError, "conversions"):
        cx.conversion_rate(5, 3)
    with raises(cx.InvalidInputError, "level"):
        cx.conversion_rate(1, 3, level=1.5)
    with raises(cx.InvalidTypeError, "visitors"):
        cx.conversion_rate(1, "3")
    u = cx.unit_economics(60, 240, margin_per_period=20)
    assert (u.clv_to_cac, u.payback_periods) == (4.0, 3.0)
    assert pickle.loads(pickle.dumps(u)) == u
    assert cx.unit_economics(60, 240).payback_periods is None
    with raises(cx.InvalidInputError, "cac"):
        cx.unit_economics(0, 10)


def test_attribution_releases_the_gil() -> None:
    paths = [[f"c{i % 12}", f"c{(i * 7) % 12}", f"c{(i * 5) % 12}"] for i in range(2000)]
    conv = [i % 3 for i in range(2000)]
    nulls = [1] * 2000
    results: list[dict] = []
    threads = [threading.Thread(target=lambda: results.append(
        cx.attribution(paths, conv, nulls, model="markov"))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and results[0] == results[1]
