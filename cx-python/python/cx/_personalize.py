"""Personalization: best customers (ranking, Lorenz curve, Gini), personas (k-means with a
seed, k chosen by silhouette, profiles in plain words) and lookalikes, with pandas results.

pandas only reads columns and reshapes results here; every number comes from the Rust core
(``cx_core::personalize``) through ``cx._cx``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

import numpy as np

_cx: Any = importlib.import_module("cx._cx")
from ._frames import _pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Personas",
    "TopCustomers",
    "ValueConcentration",
    "lookalike",
    "personas",
    "silhouette",
    "top_customers",
    "value_concentration",
]


def _values_and_ids(values: Any) -> tuple[Any, Any]:
    """A pandas Series gives its values and index; anything else positions 0..n-1."""
    pd = _pandas()
    if isinstance(values, pd.Series):
        return values.to_numpy(dtype=float, na_value=np.nan), values.index
    arr = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    if arr.dtype == object:
        try:
            arr = arr.astype(float)
        except (TypeError, ValueError):
            pass
    return arr, pd.RangeIndex(len(arr))


def _features(features: Any) -> tuple[Any, list[str], Any]:
    """A DataFrame gives its values, column names and index; a 2-D array
    ``feature_0..`` and positions."""
    pd = _pandas()
    if isinstance(features, pd.DataFrame):
        names = [str(c) for c in features.columns]
        x = features.to_numpy()
        if x.dtype == object:
            try:
                x = x.astype(float)
            except (TypeError, ValueError):
                pass
        return x, names, features.index
    x = np.asarray(features)
    width = x.shape[1] if x.ndim == 2 else 0
    return x, [f"feature_{i}" for i in range(width)], pd.RangeIndex(x.shape[0] if x.ndim else 0)


@dataclass(frozen=True)
class TopCustomers:
    """The best customers by value (:func:`top_customers`)."""

    #: One row per customer kept, highest value first, indexed by customer id: ``value``,
    #: ``share`` (of total value) and ``cumulative_share``.
    customers: "pd.DataFrame" = field(repr=False)
    #: Number of customers kept.
    count: int
    #: Share of all customers they are.
    customer_share: float
    #: Share of total value they hold.
    value_share: float
    #: Total value of all customers.
    total: float
    _report: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def ids(self) -> list[Any]:
        """Customer ids, highest value first."""
        return list(self.customers.index)

    def to_dict(self) -> dict[str, Any]:
        """The core's form, with ``ids``."""
        return {**self._report, "ids": self.ids}


def top_customers(values: Any, k: Optional[int] = None,
                  share: Optional[float] = None) -> TopCustomers:
    """Rank customers by a non-negative value (CLV, an RFM score, revenue) and keep the top
    ``k``, or the fewest customers who hold at least ``share`` (0 < share ≤ 1) of total value,
    or everyone when both are ``None``. A pandas Series keeps its index as customer ids;
    ties rank in input order."""
    pd = _pandas()
    arr, ids = _values_and_ids(values)
    r = _cx._top_customers(arr, k, share)
    index = ids[np.asarray(r["rows"], dtype=np.intp)]
    table = pd.DataFrame({"value": r["values"], "share": r["shares"],
                          "cumulative_share": r["cumulative_shares"]}, index=index)
    return TopCustomers(table, r["count"], r["customer_share"], r["value_share"], r["total"], r)


@dataclass(frozen=True)
class ValueConcentration:
    """How concentrated customer value is (:func:`value_concentration`)."""

    #: Gini coefficient, ``Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx)`` over ascending values: 0 when all
    #: are equal, at most ``1 − 1/n``.
    gini: float
    n: int
    total: float
    #: Lorenz curve: ``population_share`` (i/n, poorest first) and ``value_share``.
    lorenz: "pd.DataFrame" = field(repr=False)
    _report: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The core's form (``population_shares``, ``value_shares`` as lists)."""
        return self._report


def value_concentration(values: Any) -> ValueConcentration:
    """Gini coefficient and Lorenz curve points of non-negative customer values (Gini 1912).
    Negative or non-finite values and an all-zero vector raise :class:`cx.InvalidInputError`."""
    pd = _pandas()
    arr, _ = _values_and_ids(values)
    r = _cx._value_concentration(arr)
    lorenz = pd.DataFrame({"population_share": r["population_shares"],
                           "value_share": r["value_shares"]})
    return ValueConcentration(r["gini"], r["n"], r["total"], lorenz, r)


def silhouette(features: Any, labels: Any) -> tuple[float, "np.ndarray"]:
    """Mean silhouette width (Rousseeuw 1987) and the width of each row, for ``features``
    (rows × features) clustered by ``labels`` (whole numbers from 0), Euclidean distance."""
    x, _, _ = _features(features)
    mean, widths = _cx._silhouette(x, np.asarray(labels, dtype=float))
    return mean, np.asarray(widths)


@dataclass(frozen=True)
class Personas:
    """Customers grouped into personas (:func:`personas`)."""

    #: Number of clusters used.
    k: int
    #: Persona of each customer (0 = the largest), indexed like the features.
    labels: "pd.Series" = field(repr=False)
    #: One row per persona: ``size``, ``share``, ``description`` (plain words),
    #: ``distinguishing`` (features with |z| ≥ 0.5, most distinctive first), then the mean of
    #: each feature in its own units and ``<feature>_z``, that mean in standard deviations
    #: from the overall mean.
    profiles: "pd.DataFrame" = field(repr=False)
    #: Mean silhouette width of the clustering kept.
    silhouette: float
    #: Every k tried: ``silhouette`` and ``inertia`` (within-cluster sum of squares), by k.
    scores: "pd.DataFrame" = field(repr=False)
    _report: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The core's form."""
        return self._report


def personas(features_df: Any, k: Optional[int] = None, k_range: tuple[int, int] = (2, 8),
             seed: int = 0, *, n_init: int = 10, max_iterations: int = 300,
             silhouette_sample: int = 3000) -> Personas:
    """Group customers into personas: z-score each feature, run k-means with k-means++
    seeding from ``seed`` (the same labels in every language and platform) for ``k`` or for
    each k in ``k_range`` (inclusive), keep the k with the best mean silhouette, and profile
    each cluster. ``features_df`` is a DataFrame of numeric features (or a 2-D array)."""
    pd = _pandas()
    x, names, index = _features(features_df)
    if isinstance(k_range, list):
        k_range = tuple(k_range)
    r = _cx._personas(x, names, k, k_range, seed, n_init, max_iterations, silhouette_sample)
    labels = pd.Series(r["labels"], index=index, name="persona")
    rows = []
    for p in r["profiles"]:
        row: dict[str, Any] = {"size": p["size"], "share": p["share"],
                               "description": p["description"],
                               "distinguishing": p["distinguishing"]}
        row.update(dict(zip(names, p["means"])))
        row.update({f"{n}_z": z for n, z in zip(names, p["z_scores"])})
        rows.append(row)
    profiles = pd.DataFrame(rows, index=pd.Index(range(len(rows)), name="persona"))
    scores = pd.DataFrame(r["scores"], columns=["k", "silhouette", "inertia"]).set_index("k")
    return Personas(r["k"], labels, profiles, r["silhouette"], scores, r)


def lookalike(features_df: Any, seed_ids: Any, method: str = "classifier") -> "pd.DataFrame":
    """Score every customer outside ``seed_ids`` by similarity to that seed set, highest
    first: ``method="classifier"`` fits the churn/propensity classifier (L2 penalty 1,
    standardized features) with the seeds as the positive class and scores its probability;
    ``"centroid"`` scores ``1 / (1 + distance)`` to the seeds' centroid in standardized units.
    Customer ids are the DataFrame's index (compared as text)."""
    pd = _pandas()
    x, _, index = _features(features_df)
    if isinstance(seed_ids, (str, bytes)):
        seed_ids = [seed_ids]
    r = _cx._lookalike(x, [str(i) for i in index], [str(s) for s in seed_ids], method)
    rows = np.asarray([t["row"] for t in r], dtype=np.intp)
    return pd.DataFrame({"score": [t["score"] for t in r]}, index=index[rows])
