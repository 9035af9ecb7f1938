"""Retention and churn: rates, cohort tables, lifecycle stages, Kaplan-Meier, log-rank and
churn-classifier metrics, with pandas results.

pandas only reads columns and reshapes results here; every number comes from the Rust core
(``cx_core::retention``, ``cx_core::churn``) through ``cx._cx``. Activity times are datetimes
(naive times are taken as UTC) or text the core reads (``2024-03-01``, RFC 3339, ...).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

_cx: Any = importlib.import_module("cx._cx")
from ._frames import _pandas
from ._journey import _getter, _labels, _type_error
from .exceptions import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ChurnMetrics",
    "CohortTable",
    "KaplanMeier",
    "LogRankResult",
    "Rate",
    "churn_metrics",
    "churn_rate",
    "cohort_table",
    "customer_view",
    "kaplan_meier",
    "kaplan_meier_by_segment",
    "lifecycle",
    "logrank_test",
    "period_rates",
    "retention_rate",
    "time_to_repeat",
]


@dataclass(frozen=True)
class Rate:
    """A churn or retention rate with its Wilson interval (Wilson 1927)."""

    #: ``numerator / denominator``, 0..1.
    rate: float
    numerator: float
    denominator: float
    #: Wilson score interval ``(low, high)``.
    ci: tuple[float, float]
    level: float

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict."""
        return {"rate": self.rate, "numerator": self.numerator, "denominator": self.denominator,
                "ci": self.ci, "level": self.level}


def _rate(d: dict[str, Any]) -> Rate:
    return Rate(d["rate"], d["numerator"], d["denominator"], tuple(d["ci"]), d["level"])  # type: ignore[arg-type]


def churn_rate(customers_at_start: float, lost: float, level: float = 0.95) -> Rate:
    """Churn rate = customers lost during the period ÷ customers at its start, with a Wilson
    interval. For rates per period from an activity table see :func:`period_rates`."""
    return _rate(_cx._churn_rate(customers_at_start, lost, level))


def retention_rate(
    customers_at_start: float, customers_at_end: float, new_customers: float, level: float = 0.95
) -> Rate:
    """Retention rate = (customers at end − new customers) ÷ customers at start, with a Wilson
    interval (multiply by 100 for percent)."""
    return _rate(_cx._retention_rate(customers_at_start, customers_at_end, new_customers, level))


def _fits_ns(a: np.ndarray) -> bool:
    """Whether numpy datetimes cast to nanoseconds without overflow (years 1678-2261);
    others go through pandas, which reports them."""
    if a.dtype == np.dtype("datetime64[ns]"):
        return True
    ok = a[~np.isnat(a)]
    return ok.size == 0 or bool(
        ok.min() >= np.datetime64("1678-01-01") and ok.max() < np.datetime64("2262-01-01")
    )


def _times(values: Any, field_name: str) -> Any:
    """Datetimes → int64 UTC nanoseconds; text goes to the core's parser as a list."""
    pd = _pandas()
    if isinstance(values, (str, bytes)) or values is None:
        raise _type_error(field_name, f"expected a column of times, got {values!r}")
    if isinstance(values, pd.Series):
        s = values
    elif isinstance(values, np.ndarray):
        s = pd.Series(values)
    else:
        s = pd.Series(list(values), dtype=object)
    if isinstance(s.dtype, np.dtype) and s.dtype.kind == "M" and _fits_ns(s.to_numpy()):
        # Naive numpy datetimes are UTC (as pandas' utc=True reads them): a unit cast, no
        # per-element parsing; NaT is int64 min after the cast.
        ns = np.ascontiguousarray(s.to_numpy().astype("datetime64[ns]").view(np.int64))
        missing = np.flatnonzero(ns == np.iinfo(np.int64).min)
        if len(missing):
            i = int(missing[0])
            raise InvalidInputError(
                f"invalid input `{field_name}`: missing time at index {i}", field=field_name, index=i
            )
        return ns
    if s.dtype.kind not in "MO" and not isinstance(s.dtype, pd.DatetimeTZDtype):
        if s.dtype.kind in "US" or str(s.dtype) == "string":
            return [str(x) for x in s.tolist()]
        raise _type_error(field_name, f"expected datetimes or text, got dtype {s.dtype}")
    if s.dtype.kind == "O":
        items = s.tolist()
        if all(isinstance(x, str) for x in items):
            return items
        bad = [i for i, x in enumerate(items) if x is None or (isinstance(x, float) and np.isnan(x))]
        if bad:
            raise InvalidInputError(
                f"invalid input `{field_name}`: missing time at index {bad[0]}",
                field=field_name, index=bad[0],
            )
        try:
            s = pd.to_datetime(s, utc=True)
        except (ValueError, TypeError) as e:
            raise _type_error(field_name, f"does not hold times: {e}") from None
    t = pd.to_datetime(s, utc=True)
    missing = np.flatnonzero(t.isna().to_numpy())
    if len(missing):
        i = int(missing[0])
        raise InvalidInputError(
            f"invalid input `{field_name}`: missing time at index {i}", field=field_name, index=i
        )
    return np.ascontiguousarray(
        np.asarray(t.dt.tz_convert(None), dtype="datetime64[ns]").view(np.int64)
    )


def _activity(kind: str, df: Any, customer: str, time: str, freq: str, level: float) -> Any:
    get = _getter(df, "df")
    return _cx._activity(
        kind, _labels(get(customer, "customer"), "customers"),
        _times(get(time, "time"), "timestamps"), freq, level,
    )


def _dates(values: list[str]) -> "pd.DatetimeIndex":
    return _pandas().to_datetime(values)


def lifecycle(
    df: Any, customer: str = "customer_id", time: str = "timestamp", freq: str = "W"
) -> "pd.DataFrame":
    """Lifecycle stage counts per calendar period (``"D"``, ``"W"`` ISO week, ``"M"``), every
    period from the first to the last active one: ``new`` (first activity), ``returning``
    (active this period and the previous one), ``resurrecting`` (active again after a gap)
    and ``dormant`` (active the previous period, not this one). Index ``period_start``."""
    pd = _pandas()
    rows = _activity("lifecycle", df, customer, time, freq, 0.95)
    cols = ["new", "returning", "resurrecting", "dormant"]
    frame = pd.DataFrame.from_records(rows, columns=["period_start", *cols])
    frame.index = pd.Index(_dates(frame.pop("period_start").tolist()), name="period_start")
    return frame.astype({c: "int64" for c in cols})


@dataclass(frozen=True)
class CohortTable:
    """Cohort retention: cohorts by first-activity period × periods since."""

    #: ``"day"``, ``"week"`` or ``"month"``.
    period: str
    #: Customers per cohort (index ``cohort_start``).
    sizes: "pd.Series" = field(repr=False)
    #: Active cohort members per period since the cohort's first (columns 0, 1, ...; NaN
    #: after the last observed period).
    counts: "pd.DataFrame" = field(repr=False)
    #: ``counts`` ÷ cohort size.
    shares: "pd.DataFrame" = field(repr=False)
    _report: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The core's form: ``{"period", "cohorts": [{"cohort_start", "size", "active",
        "share"}, ...]}``."""
        return self._report


def cohort_table(
    df: Any, customer: str = "customer_id", time: str = "timestamp", freq: str = "M"
) -> CohortTable:
    """Cohort retention table: each customer belongs to the cohort of the period (``"D"``,
    ``"W"``, ``"M"``) of their first activity; column ``k`` counts cohort members active ``k``
    periods later ("triangle" retention)."""
    pd = _pandas()
    r = _activity("cohort_table", df, customer, time, freq, 0.95)
    index = pd.Index(_dates([c["cohort_start"] for c in r["cohorts"]]), name="cohort_start")
    width = max((len(c["active"]) for c in r["cohorts"]), default=0)

    def grid(key: str) -> Any:
        rows = [c[key] + [np.nan] * (width - len(c[key])) for c in r["cohorts"]]
        f = pd.DataFrame(rows, index=index, columns=range(width), dtype="float64")
        f.columns.name = "periods_since"
        return f

    sizes = pd.Series([c["size"] for c in r["cohorts"]], index=index, name="size", dtype="int64")
    return CohortTable(r["period"], sizes, grid("active"), grid("share"), r)


def period_rates(
    df: Any,
    customer: str = "customer_id",
    time: str = "timestamp",
    freq: str = "M",
    level: float = 0.95,
) -> "pd.DataFrame":
    """Churn and retention per period from an activity table: for each period after the
    first, customers at start (active the period before), at end, new, retained, lost and
    resurrected, with ``churn_rate`` / ``retention_rate`` and their Wilson intervals
    (``*_ci_low``, ``*_ci_high``; NaN when nobody was active the period before)."""
    pd = _pandas()
    rows = _activity("period_rates", df, customer, time, freq, level)
    counts = ["customers_at_start", "customers_at_end", "new_customers", "retained", "lost",
              "resurrected"]
    out = []
    for r in rows:
        row = {c: r[c] for c in counts}
        for kind in ("churn", "retention"):
            rate = r[kind]
            row[f"{kind}_rate"] = np.nan if rate is None else rate["rate"]
            row[f"{kind}_ci_low"] = np.nan if rate is None else rate["ci"][0]
            row[f"{kind}_ci_high"] = np.nan if rate is None else rate["ci"][1]
        out.append(row)
    rates = [f"{k}_{s}" for k in ("churn", "retention") for s in ("rate", "ci_low", "ci_high")]
    frame = pd.DataFrame.from_records(out, columns=counts + rates)
    frame.index = pd.Index(_dates([r["period_start"] for r in rows]), name="period_start")
    return frame.astype({c: "int64" for c in counts} | {c: "float64" for c in rates})


def time_to_repeat(
    df: Any, observation_end: Any, customer: str = "customer_id", time: str = "timestamp"
) -> "pd.DataFrame":
    """Days from each customer's first activity to their first activity on a later UTC day,
    censored at ``observation_end`` (``observed`` 0). Feed ``duration`` and ``observed`` to
    :func:`kaplan_meier` for the median time to repeat. Index ``customer`` (sorted)."""
    pd = _pandas()
    get = _getter(df, "df")
    end = _times([observation_end] if not isinstance(observation_end, (list, tuple)) else observation_end,
                 "observation_end")
    r = _cx._time_to_repeat(
        _labels(get(customer, "customer"), "customers"), _times(get(time, "time"), "timestamps"),
        end,
    )
    return pd.DataFrame(
        {"duration": r["durations"], "observed": r["observed"]},
        index=pd.Index(r["customers"], name="customer"),
        dtype="float64",
    )


class KaplanMeier:
    """A Kaplan-Meier survival curve with exponential Greenwood ("log-log") intervals."""

    def __init__(self, fit: Any) -> None:
        self._fit = fit
        self._d: dict[str, Any] = fit.to_dict()

    @property
    def table(self) -> "pd.DataFrame":
        """One row per distinct time: ``at_risk``, ``events``, ``censored``, ``survival``,
        ``ci_low``, ``ci_high``; index ``time``."""
        pd = _pandas()
        cols = ["time", "at_risk", "events", "censored", "survival", "ci_low", "ci_high"]
        f = pd.DataFrame.from_records(self._d["table"], columns=cols).set_index("time")
        return f.astype({"at_risk": "int64", "events": "int64", "censored": "int64"})

    @property
    def median(self) -> float:
        """Median survival time (``inf`` when the curve never reaches 1/2)."""
        return float(self._d["median"])

    @property
    def median_ci(self) -> tuple[float, float]:
        """Interval of the median (Brookmeyer-Crowley on the log-log scale)."""
        lo, hi = self._d["median_ci"]
        return (float(lo), float(hi))

    @property
    def n(self) -> int:
        return int(self._d["n"])

    @property
    def events(self) -> int:
        return int(self._d["events"])

    @property
    def level(self) -> float:
        return float(self._d["level"])

    def survival_at(self, t: Any) -> Any:
        """Ŝ(t), a step function (1 before the first time): a float for a number, an array
        for a column."""
        if np.ndim(t) == 0:
            return self._fit.survival_at([t])[0]
        return np.asarray(self._fit.survival_at(t))

    def ci_at(self, t: Any) -> Any:
        """The interval of Ŝ(t): a pair for a number, an ``(n, 2)`` array for a column."""
        if np.ndim(t) == 0:
            return self._fit.ci_at([t])[0]
        return np.asarray(self._fit.ci_at(t))

    def to_dict(self) -> dict[str, Any]:
        """The core's form: ``level``, ``n``, ``events``, ``table`` rows, ``median``,
        ``median_ci``."""
        return self._d

    def to_json(self) -> str:
        return str(self._fit.to_json())

    def __repr__(self) -> str:
        lo, hi = self.median_ci
        return (f"KaplanMeier(n={self.n}, events={self.events}, median={self.median:g}, "
                f"median_ci=({lo:g}, {hi:g}), level={self.level:g})")


def _flags(values: Any) -> Any:
    """A boolean array or Series (``observed`` flags) as a zero-copy ``uint8`` view; anything
    else unchanged for the core to read and check."""
    if isinstance(values, np.ndarray) and values.dtype == np.bool_:
        return values.view(np.uint8)
    if getattr(values, "dtype", None) == np.bool_ and hasattr(values, "to_numpy"):
        return values.to_numpy().view(np.uint8)
    return values


def kaplan_meier(durations: Any, observed: Any = None, level: float = 0.95) -> KaplanMeier:
    """Kaplan-Meier estimate from right-censored ``durations`` (any one unit, finite, >= 0);
    ``observed[i]`` is 1 (or ``True``) when the event was seen, 0 when censored (default: all
    seen). Pointwise intervals at ``level`` use the exponential Greenwood formula (as
    lifelines)."""
    return KaplanMeier(_cx._kaplan_meier(durations, _flags(observed), level))


def kaplan_meier_by_segment(
    durations: Any, observed: Any, segments: Any, level: float = 0.95
) -> dict[str, KaplanMeier]:
    """One :func:`kaplan_meier` curve per segment label (labels sorted)."""
    fits = _cx._kaplan_meier_by_segment(
        durations, _flags(observed), _labels(segments, "segments"), level
    )
    return {label: KaplanMeier(f) for label, f in fits}


@dataclass(frozen=True)
class LogRankResult:
    """The log-rank test between two survival curves (chi-square, 1 degree of freedom)."""

    statistic: float
    p_value: float
    observed_a: float
    expected_a: float
    observed_b: float
    expected_b: float
    variance: float

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def logrank_test(
    durations_a: Any, observed_a: Any, durations_b: Any, observed_b: Any
) -> LogRankResult:
    """Log-rank test of equal survival in groups a and b (``observed_*`` may be ``None``:
    every event seen)."""
    r = _cx._logrank_test(durations_a, observed_a, durations_b, observed_b)
    return LogRankResult(**{k: r[k] for k in LogRankResult.__dataclass_fields__})


@dataclass(frozen=True)
class ChurnMetrics:
    """How well churn probabilities separate and calibrate."""

    n: int
    positives: int
    #: Area under the ROC curve (ties count one half).
    auc: float
    #: Mean squared error of the probabilities.
    brier: float
    #: Mean log-loss.
    log_loss: float
    #: Churn rate in the top 10% by probability ÷ the overall churn rate.
    lift_at_10: float
    #: By deciles of probability: ``count``, ``p_min``, ``p_max``, ``mean_predicted``,
    #: ``observed_rate``.
    calibration: "pd.DataFrame" = field(repr=False)
    _report: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The core's form (calibration as a list of dicts)."""
        return self._report


def churn_metrics(y_true: Any, p: Any) -> ChurnMetrics:
    """AUC, Brier score, log-loss, decile calibration and top-decile lift of churn
    probabilities ``p`` against outcomes ``y_true`` (1 = churned, 0 = stayed)."""
    pd = _pandas()
    r = _cx._churn_metrics(y_true, p)
    cal = pd.DataFrame.from_records(
        r["calibration"], columns=["count", "p_min", "p_max", "mean_predicted", "observed_rate"]
    )
    return ChurnMetrics(r["n"], r["positives"], r["auc"], r["brier"], r["log_loss"],
                        r["lift_at_10"], cal, r)


def customer_view(
    transactions: Any,
    touchpoints: Any = None,
    surveys: Any = None,
    observation_end: Any = None,
    *,
    customer: str = "customer_id",
    time: str = "timestamp",
    amount: str = "amount",
    channel: str = "channel",
    score: str = "score",
    kind: Optional[str] = None,
    unit: str = "W",
    freq: str = "M",
    fractional: bool = False,
    model: Any = None,
    spend_model: Any = None,
    months: int = 12,
    discount_rate: float = 0.01,
) -> "pd.DataFrame":
    """Single customer view: one row per customer (index ``customer``, sorted) as of
    ``observation_end`` (default: the latest row of any table; rows dated after its UTC date
    are ignored).

    Tables are DataFrames or dicts of columns, in any row order, sharing the ``customer`` and
    ``time`` column names: ``transactions`` (with ``amount``), ``touchpoints`` (with
    ``channel``), ``surveys`` (with ``score``; ``kind`` names a column of ``nps``/``csat``/
    ``ces``, default the ``kind`` column when there is one, else every answer is NPS). A survey
    respondent must have a transaction or touchpoint (else :class:`cx.InvalidInputError`
    naming ``surveys.customer``).

    Columns: ``first_activity``, ``last_activity`` (UTC datetimes, any table);
    ``transactions`` (rows); ``frequency``, ``recency``, ``T``, ``monetary_value`` exactly as
    :func:`cx.rfm_summary` with the same ``unit``/``fractional`` (NaN without a purchase);
    ``total_spend``; ``tenure`` (first activity to the end, in ``unit``, rounded as ``T``);
    ``touchpoints`` (rows); ``channels`` (sorted list of channel names); ``last_nps`` (latest
    NPS score, NaN without one); ``lifecycle_stage`` in the ``freq`` period of the end
    (``new``, ``returning``, ``resurrecting``, ``dormant`` as :func:`cx.lifecycle`, or
    ``lapsed``). With a fitted purchase ``model`` (``cx.BgNbd``, ``cx.MbgNbd``,
    ``cx.ParetoNbd``, fitted in the same ``unit``): ``p_alive`` and ``clv`` (discounted over
    ``months`` at monthly ``discount_rate``; spend per purchase from ``spend_model``, a
    ``cx.GammaGamma``, else the customer's ``total_spend / (frequency + 1)``).
    """
    pd = _pandas()
    get = _getter(transactions, "transactions")
    tx = (_labels(get(customer, "customer"), "transactions.customer"),
          _times(get(time, "time"), "transactions.timestamp"), get(amount, "amount"))
    tp = None
    if touchpoints is not None:
        g = _getter(touchpoints, "touchpoints")
        tp = (_labels(g(customer, "customer"), "touchpoints.customer"),
              _times(g(time, "time"), "touchpoints.timestamp"),
              _labels(g(channel, "channel"), "touchpoints.channel"))
    sv = None
    if surveys is not None:
        g = _getter(surveys, "surveys")
        kinds = None
        if kind is not None or "kind" in surveys:
            kinds = _labels(g("kind" if kind is None else kind, "kind"), "surveys.kind")
        sv = (_labels(g(customer, "customer"), "surveys.customer"),
              _times(g(time, "time"), "surveys.timestamp"), g(score, "score"), kinds)
    args = {
        "observation_end": [] if observation_end is None else _times([observation_end], "observation_end"),
        "unit": unit, "freq": freq, "fractional": fractional, "model": model,
        "spend_model": spend_model, "months": months, "discount_rate": discount_rate,
    }
    r = _cx._customer_view(tx, tp, sv, args)
    index = pd.Index(r["customer"], name="customer")

    def when(ns: Any) -> Any:
        return pd.to_datetime(np.asarray(ns, dtype=np.int64), utc=True)

    cols: dict[str, Any] = {
        "first_activity": when(r["first_activity"]),
        "last_activity": when(r["last_activity"]),
        "transactions": np.asarray(r["transactions"], dtype=np.int64),
    }
    for name in ("frequency", "recency", "T", "monetary_value"):
        cols[name] = np.asarray(r[name], dtype=np.float64)
    cols["total_spend"] = np.asarray(r["total_spend"], dtype=np.float64)
    cols["tenure"] = np.asarray(r["tenure"], dtype=np.float64)
    cols["touchpoints"] = np.asarray(r["touchpoints"], dtype=np.int64)
    cols["channels"] = r["channels"]
    cols["last_nps"] = np.asarray(r["last_nps"], dtype=np.float64)
    cols["lifecycle_stage"] = r["lifecycle_stage"]
    if r["p_alive"] is not None:
        cols["p_alive"] = np.asarray(r["p_alive"], dtype=np.float64)
        cols["clv"] = np.asarray(r["clv"], dtype=np.float64)
    return pd.DataFrame(cols, index=index)
