"""Model comparison and validation beyond the basics: the likelihood-ratio test between nested
models and the calibration/holdout tracking table (Fader, Hardie and Lee 2005). Every number
comes from ``cx_core::clv``."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Optional

_cx: Any = importlib.import_module("cx._cx")
from ._frames import _pandas
from ._journey import _getter, _labels
from ._retention import _times
from .exceptions import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LrTest", "lr_test", "tracking"]


class LrTest:
    """Result of :func:`lr_test`: ``statistic`` (2 × the log-likelihood gain), ``df`` and
    ``p_value`` (upper χ²(df) tail)."""

    __slots__ = ("df", "p_value", "statistic")

    def __init__(self, statistic: float, df: int, p_value: float) -> None:
        self.statistic = statistic
        self.df = df
        self.p_value = p_value

    def to_dict(self) -> dict[str, Any]:
        """The result as a dict."""
        return {"statistic": self.statistic, "df": self.df, "p_value": self.p_value}

    def __repr__(self) -> str:
        return f"LrTest(statistic={self.statistic:.4f}, df={self.df}, p_value={self.p_value:.4g})"


def _ll_and_k(model: Any, field: str) -> "tuple[float, Optional[int]]":
    if isinstance(model, (int, float)) and not isinstance(model, bool):
        return float(model), None
    try:
        return float(model.log_likelihood), int(model.n_params)
    except AttributeError:
        raise InvalidInputError(
            f"invalid input `{field}`: expected a fitted cx model or a log-likelihood (number)",
            field=field,
        ) from None


def lr_test(restricted: Any, full: Any, df: Optional[int] = None) -> LrTest:
    """Likelihood-ratio test of a ``restricted`` model against the ``full`` model it is nested
    in (e.g. ``cx.ParetoNbd`` in ``cx.GgNbd``, the limit b → 0): statistic
    ``2 (LL_full − LL_restricted)``, p-value from χ²(``df``). Each model is a fitted cx model
    or its log-likelihood (a number); ``df`` defaults to the difference of the models'
    ``n_params``. A restriction on the boundary of the parameter space (b = 0) makes the
    p-value conservative."""
    ll_r, k_r = _ll_and_k(restricted, "restricted")
    ll_f, k_f = _ll_and_k(full, "full")
    if df is None:
        if k_r is None or k_f is None:
            raise InvalidInputError(
                "invalid input `df`: give df when a model is passed as a log-likelihood",
                field="df",
            )
        df = k_f - k_r
    r = _cx._lr_test(ll_r, ll_f, df)
    return LrTest(r["statistic"], int(r["df"]), r["p_value"])


def tracking(
    model: Any,
    transactions: Any,
    customer: str = "customer_id",
    time: str = "timestamp",
    holdout_start: Any = None,
    unit: str = "W",
    start: Any = None,
    end: Any = None,
) -> "pd.DataFrame":
    """Expected vs actual repeat transactions per period over the calibration and holdout
    periods (Fader, Hardie and Lee 2005, Figures 2 and 3), for a purchase model fitted on an
    ``rfm_summary(..., fractional=True)`` of the same transactions in ``unit``.

    The cohort is the customers whose first purchase is before ``holdout_start``; repeat
    transactions are purchase days after each customer's first. Periods of ``unit`` run from
    ``start`` (default: the first purchase) to ``end`` (default: the last purchase). The
    expected cumulative value at the end of a period sums the model's E[X(t)] over customers,
    each at their own time since first purchase. Index ``period`` (1, 2, ...); columns
    ``end`` (in units since ``start``), ``holdout``, ``actual``, ``actual_cumulative``,
    ``expected``, ``expected_cumulative``."""
    if holdout_start is None:
        raise InvalidInputError("invalid input `holdout_start`: required", field="holdout_start")
    pd = _pandas()
    get = _getter(transactions, "transactions")
    rows = _cx._tracking(
        model,
        _labels(get(customer, "customer"), "customers"),
        _times(get(time, "time"), "timestamps"),
        unit,
        _times([holdout_start], "holdout_start"),
        [] if start is None else _times([start], "start"),
        [] if end is None else _times([end], "end"),
    )
    cols = ["period", "end", "holdout", "actual", "actual_cumulative", "expected",
            "expected_cumulative"]
    frame = pd.DataFrame.from_records(rows, columns=cols)
    return frame.set_index("period").astype({"holdout": "bool"})
