"""Property tests through the Python binding (hypothesis): the invariants of issue 14 hold for
arbitrary valid input, not just the hand-picked cases. The same properties run in Rust with
proptest (cx-core/tests/*_props.rs, reliability_props.rs)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import cx

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None)

counts = st.integers(min_value=0, max_value=10_000)
tallies = st.builds(cx.NpsTally, counts, counts, counts)
params = st.floats(min_value=0.05, max_value=20.0)


@st.composite
def histories(draw: st.DrawFn) -> tuple[float, float, float]:
    """(frequency, recency, T) with recency <= T, recency > 0 exactly when frequency > 0."""
    t = draw(st.floats(min_value=0.01, max_value=2_000.0))
    x = draw(st.integers(min_value=0, max_value=500))
    if x == 0:
        return 0.0, 0.0, t
    u = draw(st.floats(min_value=0.0, max_value=1.0))
    return float(x), min(max(u * t, 1e-3), t), t


@SETTINGS
@given(tallies, tallies, tallies)
def test_tally_merge_is_associative_and_commutative(a: cx.NpsTally, b: cx.NpsTally, c: cx.NpsTally) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a


@SETTINGS
@given(st.lists(st.integers(min_value=0, max_value=10), min_size=0, max_size=200), st.integers(0, 200))
def test_sharded_tallies_equal_the_whole(scores: list[int], cut: int) -> None:
    left, right, whole = cx.NpsTally(), cx.NpsTally(), cx.NpsTally()
    left.add(scores[:cut])
    right.add(scores[cut:])
    whole.add(scores)
    assert left + right == whole


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=60), st.booleans()), min_size=1, max_size=80
    )
)
def test_survival_is_a_non_increasing_probability(rows: list[tuple[int, bool]]) -> None:
    d = [float(t) for t, _ in rows]
    o = [1.0 if e else 0.0 for _, e in rows]
    s = cx.kaplan_meier(d, o).table["survival"].to_numpy()
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(np.diff(s) <= 1e-15)


@SETTINGS
@given(params, params, params, params, histories(), st.floats(min_value=0.01, max_value=1_000.0),
       st.floats(min_value=0.1, max_value=500.0))
def test_purchase_models_p_alive_and_expectations(
    r: float, alpha: float, a: float, b: float, hist: tuple[float, float, float], d: float, h: float
) -> None:
    x, tx, t = hist
    for model in (
        cx.BgNbd.from_params({"r": r, "alpha": alpha, "a": a, "b": b}),
        cx.MbgNbd.from_params({"r": r, "alpha": alpha, "a": a, "b": b}),
        cx.ParetoNbd.from_params({"r": r, "alpha": alpha, "s": a, "beta": b}),
    ):
        p1 = float(model.p_alive([x], [tx], [t])[0])
        p2 = float(model.p_alive([x], [tx], [t + d])[0])
        assert 0.0 <= p1 <= 1.0 and 0.0 <= p2 <= 1.0
        assert p2 <= p1 * (1 + 1e-9), (type(model).__name__, p1, p2)
        e1 = float(model.expected_purchases(h, [x], [tx], [t])[0])
        e2 = float(model.expected_purchases(2 * h, [x], [tx], [t])[0])
        assert math.isfinite(e1) and e1 >= 0.0
        assert e2 >= e1 * (1 - 1e-9)
        back = type(model).from_json(model.to_json())
        assert float(back.p_alive([x], [tx], [t])[0]) == p1
        assert float(back.expected_purchases(h, [x], [tx], [t])[0]) == e1


channels = st.sampled_from(["email", "web", "seo", "ads", "social"])


@SETTINGS
@given(
    st.lists(
        st.tuples(st.lists(channels, min_size=1, max_size=6), st.integers(min_value=0, max_value=5)),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["first_touch", "last_touch", "linear", "position_based", "markov"]),
)
def test_attribution_credits_sum_to_conversions(rows: list[tuple[list[str], int]], model: str) -> None:
    paths = [p for p, _ in rows]
    conversions = [float(c) for _, c in rows]
    credits = cx.attribution(paths, conversions, model=model)
    total = sum(conversions)
    assert math.isclose(sum(credits.values()), total, rel_tol=1e-9, abs_tol=1e-9)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=8),
            st.integers(min_value=0, max_value=10_000),
            st.sampled_from(["visit", "signup", "cart", "buy"]),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_funnel_step_counts_never_increase(rows: list[tuple[int, int, str]]) -> None:
    events = {
        "customer_id": [f"c{c}" for c, _, _ in rows],
        "timestamp": [np.datetime64(1_700_000_000 + s, "s") for _, s, _ in rows],
        "event": [e for _, _, e in rows],
    }
    steps = [s for s in ["visit", "signup", "cart", "buy"] if s in set(events["event"])]
    report = cx.funnel(events, steps, window="1d")
    counts = report["converted"].to_numpy()
    assert np.all(np.diff(counts) <= 0)
