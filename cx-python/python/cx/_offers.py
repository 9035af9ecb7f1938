"""Next best offer (co-occurrence, association rules, recommendations) and feedback sentiment
(VADER-style scores, aggregates by segment and period, themes of negative comments).

pandas only reads columns and reshapes results here; every count, score and ordering comes
from the Rust core (``cx_core::personalize``) through ``cx._cx``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Sequence, Union

import numpy as np

_cx: Any = importlib.import_module("cx._cx")
from ._frames import _pandas
from ._journey import _getter, _labels, _type_error
from .exceptions import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "association_rules",
    "co_occurrence",
    "feedback_themes",
    "recommend",
    "sentiment",
    "sentiment_by_segment",
    "sentiment_trend",
]

_RULE_COLUMNS = ["antecedent", "consequent", "count", "support", "confidence", "lift",
                 "antecedent_support", "consequent_support"]
_GROUP_COLUMNS = ["n", "mean_compound", "positive", "neutral", "negative"]


def _baskets(transactions: Any, customer: str, product: str) -> tuple[Any, Any]:
    get = _getter(transactions, "transactions")

    def labels(values: Any, field_name: str) -> Any:
        if len(values) == 0:  # no rows: the core reports the empty input
            return np.zeros(0, dtype=np.int64), []
        return _labels(values, field_name)

    return (labels(get(customer, "customer"), "customers"),
            labels(get(product, "product"), "products"))


def _texts(texts: Any, field_name: str = "texts") -> list[Any]:
    pd = _pandas()
    if isinstance(texts, (str, bytes)) or texts is None:
        raise _type_error(field_name, f"expected a list of strings, got {texts!r:.40}")
    if isinstance(texts, (pd.Series, np.ndarray)):
        return list(texts.tolist())
    return list(texts)


def co_occurrence(
    transactions: Any, customer: str = "customer_id", product: str = "product"
) -> "pd.DataFrame":
    """Every pair of products bought by at least one common customer.

    ``transactions`` is a DataFrame (or a dict of columns) with one row per purchase; a
    customer's basket is the set of distinct products over all their rows. Columns
    ``product_a``, ``product_b`` (``product_a < product_b``), ``count`` (baskets with both),
    ``support`` (``count`` / baskets), by count descending, ties by the names.
    """
    c, p = _baskets(transactions, customer, product)
    rows = _cx._co_occurrence(c, p)
    frame = _pandas().DataFrame.from_records(
        rows, columns=["product_a", "product_b", "count", "support"])
    return frame.astype({"count": "int64", "support": "float64"})


def association_rules(
    transactions: Any,
    customer: str = "customer_id",
    product: str = "product",
    min_support: float = 0.01,
    min_confidence: float = 0.1,
) -> "pd.DataFrame":
    """Single-item association rules ``antecedent -> consequent`` over customer baskets.

    support = baskets with both / baskets, confidence = support / support(antecedent),
    lift = confidence / support(consequent) (Agrawal et al. 1993; Brin et al. 1997). Rules
    need ``support >= min_support`` (in (0, 1]) and ``confidence >= min_confidence`` (in
    [0, 1]). Ordered by lift, confidence and support (descending), then antecedent and
    consequent names, so the order is the same everywhere.

    >>> import cx
    >>> orders = {"customer_id": ["a", "a", "b", "b", "c"],
    ...           "product": ["tea", "cake", "tea", "cake", "tea"]}
    >>> cx.association_rules(orders)[["antecedent", "consequent", "confidence"]].iloc[0].tolist()
    ['cake', 'tea', 1.0]
    """
    c, p = _baskets(transactions, customer, product)
    rows = _cx._association_rules(c, p, min_support, min_confidence)
    frame = _pandas().DataFrame.from_records(rows, columns=_RULE_COLUMNS)
    return frame.astype({"count": "int64", **{k: "float64" for k in _RULE_COLUMNS[3:]}})


def recommend(
    transactions: Any,
    customer_ids: Union[str, Sequence[str]],
    k: int = 5,
    customer: str = "customer_id",
    product: str = "product",
    min_support: float = 0.01,
    min_confidence: float = 0.1,
) -> "pd.DataFrame":
    """Up to ``k`` next best offers per customer, never a product the customer bought.

    Each candidate scores the confidence of its best association rule from a product in the
    customer's basket (ties: higher lift, then antecedent name); rule offers rank by score,
    lift, then product name. When fewer than ``k`` rules apply, the most popular products the
    customer lacks follow (``source == "popular"``, score = their support). Columns
    ``customer``, ``rank``, ``product``, ``score``, ``lift``, ``because`` (the bought product
    of the rule), ``source``.
    """
    if isinstance(customer_ids, str):
        customer_ids = [customer_ids]
    c, p = _baskets(transactions, customer, product)
    ids = [str(i) if isinstance(i, (int, np.integer)) else i for i in _texts(customer_ids, "customer_ids")]
    rows = _cx._recommend(c, p, ids, k, min_support, min_confidence)
    frame = _pandas().DataFrame.from_records(
        rows, columns=["customer", "rank", "product", "score", "lift", "because", "source"])
    frame = frame.astype({"rank": "int64", "score": "float64", "lift": "float64"})
    # A popular offer has no rule: `because` is None there (not NaN).
    frame["because"] = _pandas().Series(
        [b if isinstance(b, str) else None for b in frame["because"]], index=frame.index, dtype=object)
    return frame


def sentiment(texts: Any) -> "pd.DataFrame":
    """VADER-style sentiment of each English text (Hutto & Gilbert 2014).

    Columns ``compound`` (−1 to 1), ``pos``, ``neu``, ``neg`` (shares adding up to 1) and
    ``label`` (positive at compound >= 0.05, negative at <= −0.05, else neutral); one row per
    text, with the index of ``texts`` when it is a Series.

    >>> import cx
    >>> round(cx.sentiment(["The book was good."]).loc[0, "compound"], 4)
    0.4404
    """
    pd = _pandas()
    rows = _cx._sentiment(_texts(texts))
    frame = pd.DataFrame.from_records(rows, columns=["compound", "pos", "neu", "neg", "label"])
    if isinstance(texts, pd.Series):
        frame.index = texts.index
    return frame


def sentiment_by_segment(texts: Any, segments: Any) -> "pd.DataFrame":
    """Sentiment per segment: ``n``, ``mean_compound`` and the shares labelled ``positive``,
    ``neutral`` and ``negative``; indexed by segment, in name order."""
    rows = _cx._sentiment_by_segment(_texts(texts), _labels(segments, "segments"))
    frame = _pandas().DataFrame.from_records(rows, columns=["group", *_GROUP_COLUMNS])
    return frame.set_index("group").rename_axis("segment")


def sentiment_trend(texts: Any, times: Any, freq: str = "M") -> "pd.DataFrame":
    """Sentiment per calendar period (``freq`` ``"D"``, ``"W"`` ISO week or ``"M"``), indexed
    by the period's first day, in time order; columns as :func:`sentiment_by_segment`."""
    pd = _pandas()
    t = _texts(texts)
    try:
        stamps = pd.to_datetime(pd.Series(list(times) if not isinstance(times, pd.Series) else times), utc=True)
    except (ValueError, TypeError) as e:
        raise InvalidInputError(f"invalid input `times`: not times: {e}", field="times") from None
    missing = np.flatnonzero(stamps.isna().to_numpy())
    if len(missing):
        i = int(missing[0])
        raise InvalidInputError(f"invalid input `times`: missing value at index {i}", field="times", index=i)
    ns = np.asarray(stamps.dt.tz_convert(None), dtype="datetime64[ns]").view(np.int64)
    rows = _cx._sentiment_trend_ns(t, np.ascontiguousarray(ns), freq)
    frame = pd.DataFrame.from_records(rows, columns=["group", *_GROUP_COLUMNS])
    frame["group"] = pd.to_datetime(frame["group"])
    return frame.set_index("group").rename_axis("period_start")


def feedback_themes(
    texts: Any, top: int = 10, threshold: float = -0.05, min_comments: int = 1
) -> "pd.DataFrame":
    """The most frequent words and two-word phrases among negative comments.

    A comment is negative when its compound score is at or below ``threshold``. Stop words
    and numbers are removed; a phrase is two adjacent words of one clause. Counts are of
    comments (one comment counts a term once). Returns the ``top`` words then the ``top``
    phrases, each by ``comments`` (descending) then term; columns ``kind`` (``"word"`` or
    ``"phrase"``), ``term``, ``comments``, ``share`` (of negative comments).
    ``frame.attrs`` holds ``comments`` (scored) and ``negative``.
    """
    r = _cx._feedback_themes(_texts(texts), threshold, top, min_comments)
    frame = _pandas().DataFrame.from_records(
        r["themes"], columns=["kind", "term", "comments", "share"])
    frame = frame.astype({"comments": "int64", "share": "float64"})
    frame.attrs["comments"] = r["comments"]
    frame.attrs["negative"] = r["negative"]
    return frame
