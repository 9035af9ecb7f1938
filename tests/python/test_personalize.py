"""cx.top_customers, cx.value_concentration, cx.personas, cx.lookalike: pandas shapes, ids,
determinism and typed errors (the numbers themselves are checked in tests/vectors)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cx


def _customers() -> pd.DataFrame:
    return pd.DataFrame(
        {"frequency": [8, 9, 7, 10, 8, 0, 1, 0, 1, 3, 2, 4],
         "recency": [30, 32, 28, 34, 31, 0, 2, 0, 3, 20, 18, 25],
         "monetary": [40, 35, 45, 38, 42, 20, 25, 15, 22, 310, 280, 350]},
        index=pd.Index([f"id{i}" for i in range(12)], name="customer_id"))


def test_top_customers_keep_series_ids_and_share() -> None:
    s = pd.Series([5.0, 0.0, 5.0, 10.0], index=[101, 102, 103, 104])
    t = cx.top_customers(s, k=2)
    assert t.ids == [104, 101]
    assert t.customers["cumulative_share"].tolist() == [0.5, 0.75]
    assert (t.count, t.customer_share, t.value_share, t.total) == (2, 0.5, 0.75, 20.0)
    assert cx.top_customers(s, share=1.0).ids == [104, 101, 103]
    assert cx.top_customers(np.array([1.0, 3.0])).ids == [1, 0]


def test_value_concentration_lorenz_frame() -> None:
    c = cx.value_concentration([1.0, 2.0, 3.0, 4.0])
    assert c.gini == pytest.approx(0.25, abs=1e-15)
    assert c.lorenz.columns.tolist() == ["population_share", "value_share"]
    assert c.lorenz["value_share"].tolist() == [0.0, 0.1, 0.3, 0.6, 1.0]


def test_personas_frame_shapes_and_determinism() -> None:
    df = _customers()
    p = cx.personas(df, k_range=(2, 5), seed=3)
    assert p.k == 3 and p.labels.index.equals(df.index) and p.labels.name == "persona"
    assert p.scores.index.tolist() == [2, 3, 4, 5]
    assert p.silhouette == p.scores["silhouette"].max()
    assert p.profiles["size"].tolist() == [5, 4, 3]
    assert p.profiles.loc[2, "description"] == "very high monetary"
    assert p.profiles.loc[2, "monetary"] == pytest.approx(940 / 3)
    assert {"frequency_z", "recency_z", "monetary_z"} <= set(p.profiles.columns)
    again = cx.personas(df, k_range=(2, 5), seed=3)
    assert again.labels.tolist() == p.labels.tolist()
    assert cx.personas(df, k_range=[2, 5], seed=3).k == 3  # type: ignore[arg-type]
    fixed = cx.personas(df, k=2)
    assert fixed.k == 2 and len(fixed.scores) == 1


def test_lookalike_ranks_non_seeds_by_index() -> None:
    df = _customers()
    for method in ("classifier", "centroid"):
        r = cx.lookalike(df, ["id9", "id10"], method=method)
        assert r.index[0] == "id11", method  # the other big spender
        assert len(r) == 10 and r["score"].is_monotonic_decreasing
        assert not {"id9", "id10"} & set(r.index)


@pytest.mark.parametrize(
    "call, error, field, index",
    [
        (lambda: cx.top_customers([1.0, -2.0]), cx.InvalidInputError, "values", 1),
        (lambda: cx.top_customers([1.0, float("nan")]), cx.InvalidInputError, "values", 1),
        (lambda: cx.top_customers([]), cx.EmptyInputError, "values", None),
        (lambda: cx.top_customers([1.0], k=2), cx.InvalidInputError, "k", None),
        (lambda: cx.top_customers([1.0, 2.0], k=1, share=0.5), cx.InvalidInputError, "share",
         None),
        (lambda: cx.value_concentration([0.0, 0.0]), cx.InvalidInputError, "values", None),
        (lambda: cx.personas(_customers(), k=1), cx.InvalidInputError, "k", None),
        (lambda: cx.personas(_customers(), k=12), cx.InvalidInputError, "k", None),
        (lambda: cx.personas(_customers(), k_range=(1, 3)), cx.InvalidInputError, "k_range",
         None),
        (lambda: cx.personas(_customers(), k_range=3), cx.InvalidTypeError, "k_range",  # type: ignore[arg-type]
         None),
        (lambda: cx.personas(_customers().assign(recency=np.inf)), cx.InvalidInputError,
         "features", 0),
        (lambda: cx.personas(_customers().iloc[:0]), cx.EmptyInputError, "features", None),
        (lambda: cx.personas(_customers().assign(name="x")), cx.InvalidTypeError, "features",
         None),
        (lambda: cx.lookalike(_customers(), ["id1", "nobody"]), cx.InvalidInputError,
         "seed_ids", 1),
        (lambda: cx.lookalike(_customers(), []), cx.EmptyInputError, "seed_ids", None),
        (lambda: cx.lookalike(_customers(), ["id1"], method="knn"), cx.InvalidInputError,
         "method", None),
        (lambda: cx.lookalike(_customers().set_index(pd.Index(["a"] * 12)), ["a"]),
         cx.InvalidInputError, "ids", 1),
        (lambda: cx.silhouette([[0.0], [1.0]], [0, 0, 1]), cx.LengthMismatchError, "labels",
         None),
    ],
)
def test_errors_are_typed_and_name_the_field(call, error, field, index) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as info:
        call()
    assert info.value.field == field
    assert info.value.index == index
