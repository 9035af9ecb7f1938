"""Next best offer and feedback sentiment in Python beyond the shared vectors: frames,
properties (lift symmetric, offers never include purchases, compound in [-1, 1]) on seeded
random data, and typed errors naming the field."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

import cx


def _orders(seed: int, n: int = 80) -> pd.DataFrame:
    r = random.Random(seed)
    return pd.DataFrame({
        "customer_id": [f"c{int(r.random() * 15)}" for _ in range(n)],
        "product": [f"p{int(r.random() * 7)}" for _ in range(n)],
    })


@pytest.mark.parametrize("seed", range(10))
def test_lift_symmetric_and_offers_exclude_purchases(seed: int) -> None:
    orders = _orders(seed)
    rules = cx.association_rules(orders, min_support=1e-9, min_confidence=0.0)
    by_pair = {(a, c): lift for a, c, lift in rules[["antecedent", "consequent", "lift"]].itertuples(index=False)}
    for (a, c), lift in by_pair.items():
        assert by_pair[(c, a)] == lift
    bought = orders.groupby("customer_id")["product"].agg(set).to_dict()
    recs = cx.recommend(orders, [*bought, "stranger"], k=3, min_support=0.05)
    for row in recs.itertuples(index=False):
        assert row.product not in bought.get(row.customer, set())
        assert 1 <= row.rank <= 3


def test_recommend_frame_and_fallback() -> None:
    orders = pd.DataFrame({
        "cust": ["a", "a", "b", "b", "c", "d"],
        "sku": ["tea", "cake", "tea", "cake", "tea", "scone"],
    })
    recs = cx.recommend(orders, ["c", "new"], k=2, customer="cust", product="sku")
    assert list(recs.columns) == ["customer", "rank", "product", "score", "lift", "because", "source"]
    assert recs[["customer", "product", "source"]].values.tolist() == [
        ["c", "cake", "rule"], ["c", "scone", "popular"],
        ["new", "tea", "popular"], ["new", "cake", "popular"],
    ]
    assert recs.loc[0, "because"] == "tea" and np.isnan(recs.loc[1, "lift"])
    assert cx.recommend(orders, "c", k=1, customer="cust", product="sku")["product"].tolist() == ["cake"]
    pairs = cx.co_occurrence(orders, customer="cust", product="sku")
    assert pairs.iloc[0].tolist() == ["cake", "tea", 2, 0.5]


def test_sentiment_frame_and_range() -> None:
    r = random.Random(3)
    words = ["good", "BAD", "not", "very", "but", "!!!", "kind", "of", "never", "so", ":)", "\U0001F601"]
    texts = pd.Series([" ".join(r.choice(words) for _ in range(r.randrange(25))) for _ in range(200)],
                      index=range(100, 300))
    s = cx.sentiment(texts)
    assert list(s.index) == list(texts.index)
    assert s["compound"].between(-1, 1).all()
    total = s[["pos", "neu", "neg"]].sum(axis=1)
    assert ((total == 0) | ((total - 1).abs() < 1e-12)).all()
    assert set(s["label"]) <= {"positive", "neutral", "negative"}


def test_aggregates_and_themes() -> None:
    texts = ["Late delivery, box damaged", "Late delivery, terrible service", "Great shop", "ok"]
    by = cx.sentiment_by_segment(texts, ["web", "app", "web", "app"])
    assert list(by.index) == ["app", "web"] and by.index.name == "segment"
    assert by.loc["app", "n"] == 2 and by.loc["web", "negative"] == 0.5
    trend = cx.sentiment_trend(texts, ["2024-01-05", "2024-02-01", "2024-01-09", "2024-02-10"])
    assert [d.strftime("%Y-%m-%d") for d in trend.index] == ["2024-01-01", "2024-02-01"]
    themes = cx.feedback_themes(texts, top=2)
    assert themes.attrs == {"comments": 4, "negative": 2}
    assert themes[["kind", "term", "comments"]].values.tolist() == [
        ["word", "delivery", 2], ["word", "late", 2], ["phrase", "late delivery", 2],
        ["phrase", "box damaged", 1],
    ]


def _raises(f, cls, code: str, field: str, index: int | None = None) -> None:
    with pytest.raises(cls) as info:
        f()
    e = info.value
    assert isinstance(e, cx.CxError)
    assert e.code == code and e.field == field, repr(e)
    if index is not None:
        assert e.index == index, repr(e)


def test_errors_name_the_field() -> None:
    orders = _orders(1, 10)
    bad = "CX_INVALID_INPUT"
    _raises(lambda: cx.association_rules(orders.iloc[:0]), cx.EmptyInputError, "CX_EMPTY", "customers")
    _raises(lambda: cx.association_rules(orders, min_support=0), cx.InvalidInputError, bad, "min_support")
    _raises(lambda: cx.association_rules(orders, min_support=1.5), cx.InvalidInputError, bad, "min_support")
    _raises(lambda: cx.association_rules(orders, min_confidence=-1), cx.InvalidInputError, bad, "min_confidence")
    _raises(lambda: cx.association_rules(orders, product="sku"), cx.InvalidInputError, bad, "product")
    _raises(lambda: cx.association_rules({"customer_id": ["a", "b"], "product": ["x"]}),
            cx.LengthMismatchError, "CX_LENGTH_MISMATCH", "products")
    missing = orders.assign(product=[None, *orders["product"][1:]])
    _raises(lambda: cx.association_rules(missing), cx.InvalidInputError, bad, "products", 0)
    _raises(lambda: cx.recommend(orders, ["c1"], k=0), cx.InvalidInputError, bad, "k")
    _raises(lambda: cx.sentiment(["fine", 3]), cx.InvalidTypeError, bad, "texts", 1)
    _raises(lambda: cx.sentiment(pd.Series(["fine", None])), cx.InvalidTypeError, bad, "texts", 1)
    _raises(lambda: cx.sentiment("fine"), cx.InvalidTypeError, bad, "texts")
    _raises(lambda: cx.sentiment([]), cx.EmptyInputError, "CX_EMPTY", "texts")
    _raises(lambda: cx.sentiment_by_segment(["a", "b"], ["x"]), cx.LengthMismatchError,
            "CX_LENGTH_MISMATCH", "segments")
    _raises(lambda: cx.feedback_themes(["bad"], threshold=2), cx.InvalidInputError, bad, "threshold")
    _raises(lambda: cx.feedback_themes(["bad"], top=0), cx.InvalidInputError, bad, "top")
