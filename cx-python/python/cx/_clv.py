"""Customer lifetime value: the RFM summary as a DataFrame.

The models (``cx.BgNbd``, ``cx.MbgNbd``, ``cx.ParetoNbd``, ``cx.BgBb``, ``cx.GammaGamma``)
live in the native module; every number comes from ``cx_core::clv``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Optional

import numpy as np

_cx: Any = importlib.import_module("cx._cx")
from ._frames import _pandas
from ._journey import _getter, _labels
from ._retention import _times

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

__all__ = ["compress", "holdout_comparison", "rfm_scores", "rfm_summary"]


def rfm_summary(
    transactions: Any,
    customer: str = "customer_id",
    time: str = "timestamp",
    amount: Optional[str] = None,
    observation_end: Any = None,
    unit: str = "W",
    holdout_start: Any = None,
    *,
    fractional: bool = False,
) -> "pd.DataFrame":
    """Per-customer RFM summary from a transaction table (DataFrame or dict of columns).

    ``frequency`` counts repeat purchase periods (purchases in the same ``unit`` period —
    ``"D"``, ``"W"`` ISO week, ``"M"`` — count once), ``recency`` is first to last purchase and
    ``T`` first purchase to ``observation_end`` (default: the last transaction), in ``unit``;
    ``monetary_value`` is the mean amount of the repeat periods (0 without repeats; only with
    ``amount``). With ``holdout_start``, purchases from then on fill ``frequency_holdout``,
    ``monetary_value_holdout`` and ``duration_holdout`` and the calibration columns stop the
    period before. ``fractional=True`` uses days ÷ unit length (Fader, Hardie and Lee's CDNOW
    convention) instead of whole periods. Index ``customer`` (sorted); integer customer ids
    (a numpy integer column) stay integers, in numeric order, and take a fast path that never
    turns rows into text (10M transactions in well under a second).
    """
    pd = _pandas()
    get = _getter(transactions, "transactions")
    fast = _rfm_summary_ids(get(customer, "customer"), get(time, "time"),
                            None if amount is None else get(amount, "amount"), unit,
                            observation_end, holdout_start, fractional)
    if fast is not None:
        return fast
    r = _cx._rfm_summary(
        _labels(get(customer, "customer"), "customers"),
        _times(get(time, "time"), "timestamps"),
        None if amount is None else get(amount, "amount"),
        unit,
        [] if observation_end is None else _times([observation_end], "observation_end"),
        [] if holdout_start is None else _times([holdout_start], "holdout_start"),
        fractional,
    )
    cols: dict[str, Any] = {"frequency": r["frequency"], "recency": r["recency"], "T": r["T"]}
    if amount is not None:
        cols["monetary_value"] = r["monetary_value"]
    if r["frequency_holdout"] is not None:
        cols["frequency_holdout"] = r["frequency_holdout"]
        if amount is not None:
            cols["monetary_value_holdout"] = r["monetary_value_holdout"]
        cols["duration_holdout"] = [r["duration_holdout"]] * len(r["customer"])
    return pd.DataFrame(cols, index=pd.Index(r["customer"], name="customer"), dtype="float64")


def _int_ids(values: Any) -> Optional[np.ndarray]:
    """An integer customer column (numpy dtype, no missing values) as int64, else None."""
    dtype = getattr(values, "dtype", None)
    if not isinstance(dtype, np.dtype) or dtype.kind not in "iu":
        return None
    if dtype.kind == "u" and dtype.itemsize == 8:
        return None  # may not fit int64: the general path keeps them as text
    return np.ascontiguousarray(np.asarray(values), dtype=np.int64)


_NS_PER_DAY = 86_400 * 10**9
#: Ticks per day of the numpy datetime64 units read in place.
_TICKS_PER_DAY = {"D": 1, "h": 24, "m": 1_440, "s": 86_400, "ms": 86_400_000,
                  "us": 86_400_000_000, "ns": _NS_PER_DAY}


def _datetime_ticks(values: Any) -> "Optional[tuple[np.ndarray, int]]":
    """A naive numpy datetime64 column (array or Series) as its int64 ticks and ticks per
    day, without a copy or a unit cast; None for anything else (time zones, text, objects)."""
    pd = _pandas()
    if isinstance(values, pd.Series):
        if not isinstance(values.dtype, np.dtype):
            return None
        values = values.to_numpy()
    if not isinstance(values, np.ndarray) or values.ndim != 1 or values.dtype.kind != "M":
        return None
    unit, count = np.datetime_data(values.dtype)
    if count != 1 or unit not in _TICKS_PER_DAY:
        return None
    return np.ascontiguousarray(values).view(np.int64), _TICKS_PER_DAY[unit]


def _rfm_summary_ids(customers: Any, times: Any, amounts: Any, unit: str, observation_end: Any,
                     holdout_start: Any, fractional: bool) -> "Optional[pd.DataFrame]":
    """:func:`rfm_summary` on integer customer ids and datetime times, in the core's integer
    fast path (no per-row text); the index keeps the ids as integers, sorted. None when the
    columns are of other kinds."""
    ids = _int_ids(customers)
    if ids is None:
        return None
    ticks = _datetime_ticks(times)
    if ticks is None:
        t, per_day = _times(times, "timestamps"), _NS_PER_DAY
        if not isinstance(t, np.ndarray):
            return None  # times as text: parsed by the general path
    else:
        t, per_day = ticks
    pd = _pandas()
    r = _cx._rfm_summary_ids(
        ids, t, per_day, amounts, unit,
        [] if observation_end is None else _times([observation_end], "observation_end"),
        [] if holdout_start is None else _times([holdout_start], "holdout_start"),
        fractional,
    )
    names = ["frequency", "recency", "T"]
    if amounts is not None:
        names.append("monetary_value")
    if r["frequency_holdout"] is not None:
        names.append("frequency_holdout")
        if amounts is not None:
            names.append("monetary_value_holdout")
        names.append("duration_holdout")
    return pd.DataFrame({k: r[k] for k in names}, index=pd.Index(r["customer"], name="customer"),
                        copy=False)


def rfm_scores(summary: Any) -> "pd.DataFrame":
    """RFM quintile scores (1-5; 5 = most recent, most frequent, highest value) and a named
    segment per customer, from an :func:`rfm_summary` frame (``frequency``, ``recency``,
    ``T``, ``monetary_value`` columns; a dict of columns works too). Same index as the
    summary; columns ``r``, ``f``, ``m``, ``segment``."""
    pd = _pandas()
    get = _getter(summary, "summary")
    r = _cx._rfm_scores(get("frequency", "frequency"), get("recency", "recency"),
                        get("T", "T"), get("monetary_value", "monetary_value"))
    index = summary.index if isinstance(summary, pd.DataFrame) else None
    frame = pd.DataFrame({"r": r["r"], "f": r["f"], "m": r["m"], "segment": r["segment"]},
                         index=index)
    return frame.astype({"r": "int64", "f": "int64", "m": "int64"})


def compress(frequency: Any, recency: Any, T: Any) -> "tuple[pd.DataFrame, npt.NDArray[np.int64]]":
    """Identical customers grouped into unique ``(frequency, recency, T)`` triples.

    Returns ``(table, inverse)``: a DataFrame with columns ``frequency``, ``recency``, ``T``
    and ``weights`` (customers per triple), sorted by the triple, and an int64 array with
    each input row's triple, so ``table.iloc[inverse]`` gives the rows back and per-triple
    predictions expand with ``p[inverse]``. A fit on the table with ``weights`` gives the same
    estimates as a fit on every row: the way to fit hundreds of millions of customers after a
    ``groupBy`` in Spark, Dask or SQL. Rows are checked as by the fits."""
    pd = _pandas()
    c = _cx._compress(frequency, recency, T)
    table = pd.DataFrame({k: c[k] for k in ("frequency", "recency", "T", "weights")})
    return table, c["inverse"]


def holdout_comparison(model: Any, summary: Any, max_frequency: int = 7) -> "pd.DataFrame":
    """Calibration/holdout check of a fitted purchase model (``cx.BgNbd``, ``cx.MbgNbd``,
    ``cx.ParetoNbd``): for calibration frequency 0, 1, ..., ``max_frequency`` (the last row
    gathers that and more), the number of customers and their mean ``actual`` and
    ``predicted`` purchases in the holdout period (Fader, Hardie and Lee 2005, Figure 4).
    ``summary`` is an :func:`rfm_summary` frame made with ``holdout_start``. Index
    ``frequency``."""
    pd = _pandas()
    get = _getter(summary, "summary")
    duration = get("duration_holdout", "holdout_start")
    first = duration.iloc[0] if hasattr(duration, "iloc") else list(duration)[0]
    rows = _cx._holdout_comparison(
        model, get("frequency", "frequency"), get("recency", "recency"), get("T", "T"),
        get("frequency_holdout", "holdout_start"), first, max_frequency,
    )
    frame = pd.DataFrame.from_records(rows, columns=["frequency", "customers", "actual", "predicted"])
    return frame.set_index("frequency").astype({"customers": "int64"})
