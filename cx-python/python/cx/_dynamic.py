"""Pareto/NBD with time-varying covariates (the Python side of ``cx._cx._dynamic_*``).

``cx.ParetoNbdDynamic`` reads two long tables, the layout of CLVTools' ``SetDynamicCovariates``:
transactions (customer, time) and covariates with one row per customer and period (customer,
period start, one column per covariate). This module only turns them into customer codes,
times in the model's unit and row-major float arrays, and results into pandas objects; every
number (including the customers' frequency, recency, T and purchase-time covariates) comes
from the Rust core.
"""

from __future__ import annotations

import importlib
import json
from typing import Any, Optional, Sequence

import numpy as np

from ._uncertainty import _cx_error, _names

_cx: Any = importlib.import_module("cx._cx")

#: Days per model time unit.
_UNIT_DAYS = {"D": 1.0, "W": 7.0}


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a test dependency
        raise _cx_error("transactions", "cx.ParetoNbdDynamic needs pandas") from None
    return pd


def _frame(data: Any, field: str) -> Any:
    pd = _pandas()
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, dict):
        try:
            return pd.DataFrame(data)
        except ValueError as e:
            raise _cx_error(field, f"columns of different lengths ({e})") from None
    raise _cx_error(field, "expected a DataFrame or a dict of columns")


def _column(frame: Any, name: str, field: str) -> Any:
    if name not in frame.columns:
        raise _cx_error(field, f"no column {name!r} (columns: {[str(c) for c in frame.columns]})")
    return frame[name]


def _is_datetime(col: Any) -> bool:
    pd = _pandas()
    return bool(
        pd.api.types.is_datetime64_any_dtype(col)
        or (col.dtype == object and len(col) > 0 and not pd.api.types.is_numeric_dtype(col))
    )


def _to_units(col: Any, unit: str, field: str, dates: bool) -> np.ndarray:
    """Times as float64 in ``unit`` (datetimes: days since 1970 ÷ days per unit)."""
    pd = _pandas()
    if dates:
        try:
            ts = pd.to_datetime(col, utc=True)
        except (ValueError, TypeError) as e:
            raise _cx_error(field, f"expected datetimes ({e})") from None
        if ts.isna().any():
            i = int(np.flatnonzero(ts.isna().to_numpy())[0])
            raise _invalid(field, f"missing time at row {i}", i)
        ns = ts.dt.tz_convert(None).to_numpy().astype("datetime64[ns]").view(np.int64)
        return np.asarray(ns / 86_400e9 / _UNIT_DAYS[unit], dtype=np.float64)
    try:
        v = np.asarray(col, dtype=np.float64)
    except (ValueError, TypeError):
        raise _cx_error(field, "expected datetimes or numbers (times in the model's unit)") from None
    bad = np.flatnonzero(~np.isfinite(v))
    if len(bad):
        raise _invalid(field, f"time at row {int(bad[0])} is not finite", int(bad[0]))
    return v


def _invalid(field: str, reason: str, index: Optional[int] = None) -> Exception:
    from .exceptions import InvalidInputError

    return InvalidInputError(f"`{field}`: {reason}", code="CX_INVALID_INPUT", field=field, index=index)


class _Long:
    """The two long tables as the core reads them, with the customer labels."""

    def __init__(self, model: "ParetoNbdDynamic", transactions: Any, covariates: Any,
                 observation_end: Any, purchase: Sequence[str], dropout: Sequence[str]) -> None:
        pd = _pandas()
        tx = _frame(transactions, "transactions")
        cov = _frame(covariates, "covariates")
        tx_id = _column(tx, model.customer, "transactions")
        tx_time = _column(tx, model.time, "transactions")
        cov_id = _column(cov, model.customer, "covariates")
        cov_date = _column(cov, model.period_start, "covariates")
        dates = _is_datetime(tx_time)
        if dates != _is_datetime(cov_date):
            raise _cx_error("covariates", f"{model.period_start!r} and the transactions' "
                            f"{model.time!r} must both be datetimes or both numbers")
        labels, tx_codes = np.unique(np.asarray(tx_id), return_inverse=True)
        index = pd.Index(labels)
        cov_codes = index.get_indexer(np.asarray(cov_id))
        self.labels = labels
        times = _to_units(tx_time, model.unit, "time", dates)
        if observation_end is None:
            end = float(times.max()) if len(times) else 0.0
        else:
            end = float(_to_units(pd.Series([observation_end]), model.unit, "observation_end",
                                  dates)[0])
        keep = cov_codes >= 0  # covariate rows of customers without transactions are unused
        missing = [n for n in list(purchase) + list(dropout) if n not in cov.columns]
        if missing:
            raise _cx_error("covariates", f"covariates lack the columns {sorted(set(missing))}")

        def matrix(names: Sequence[str]) -> np.ndarray:
            if not names:
                return np.zeros(0)
            m = np.column_stack([np.asarray(cov[n], dtype=np.float64)[keep] for n in names])
            return np.ascontiguousarray(m).ravel()

        self.args = (
            len(labels),
            tx_codes.astype(np.float64),
            times,
            cov_codes[keep].astype(np.float64),
            _to_units(cov_date, model.unit, "period_start", dates)[keep],
        )
        self.rows = np.flatnonzero(keep)
        self.purchase = matrix(purchase)
        self.dropout = matrix(dropout)
        self.end = end

    def reraise(self, e: Exception) -> Exception:
        """A core error about customer code ``i`` or covariate row ``i``, told by label/row."""
        from .exceptions import CxError

        if not isinstance(e, CxError) or e.index is None:
            return e
        if e.field == "period_start" and e.index < len(self.labels):
            who = self.labels[e.index]
            who = who.item() if hasattr(who, "item") else who
            return type(e)(f"customer {who!r}: {e}", code=e.code, field=e.field, index=e.index)
        if e.field in ("purchase_covariates", "dropout_covariates", "covariates"):
            row = int(self.rows[e.index]) if e.index < len(self.rows) else e.index
            return type(e)(f"covariates row {row}: {e}", code=e.code, field="covariates", index=row)
        return e


class ParetoNbdDynamic:
    """Pareto/NBD with time-varying covariates (Bachmann, Meierer and Näf 2021, Marketing
    Science 40(4)), as CLVTools' ``pnbd`` with dynamic covariates.

    While active a customer buys at rate ``λ·exp(γ₁ᵀx(t))`` and drops out at hazard
    ``μ·exp(γ₂ᵀz(t))``, λ ~ Gamma(r, α), μ ~ Gamma(s, β); covariates are constant within each
    period (one ``unit``: ``"W"`` weeks or ``"D"`` days) and may change between periods.

    Data: ``transactions`` with columns ``customer`` and ``time``; ``covariates`` with
    ``customer``, ``period_start`` (the date each period starts) and one column per covariate,
    one row per customer and period, from the period of the customer's first purchase to the
    one containing ``observation_end`` (and, to predict, beyond: the future covariate path).
    Times are datetimes, or numbers already in ``unit``. Repeat purchases take the covariates
    of the period they fall in; transactions at the same time count once.
    """

    def __init__(
        self,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
        *,
        constrain: Any = None,
        l2: float = 0.0,
        unit: str = "W",
        customer: str = "customer_id",
        time: str = "timestamp",
        period_start: str = "period_start",
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
    ) -> None:
        if unit not in _UNIT_DAYS:
            raise _cx_error("unit", f"expected 'D' or 'W', got {unit!r}")
        self.purchase_covariates = _names(purchase_covariates, "purchase_covariates")
        self.dropout_covariates = _names(dropout_covariates, "dropout_covariates")
        self.constrain = _names(constrain, "constrain")
        self.l2 = float(l2)
        self.unit = unit
        self.customer, self.time, self.period_start = customer, time, period_start
        self.tolerance = tolerance
        self.max_iterations = max_iterations
        self._doc: Optional[dict[str, Any]] = None
        self._fitted: Optional[tuple[Any, Any, Any]] = None
        self._customers: Any = None

    # ------------------------------------------------------------------ fitting

    def fit(self, transactions: Any, covariates: Any, observation_end: Any = None
            ) -> "ParetoNbdDynamic":
        """Fits by (penalized) maximum likelihood; ``observation_end`` defaults to the last
        transaction."""
        long = _Long(self, transactions, covariates, observation_end,
                     self.purchase_covariates, self.dropout_covariates)
        try:
            doc, customers = _cx._dynamic_fit(
                *long.args, self.purchase_covariates, long.purchase, self.dropout_covariates,
                long.dropout, long.end, 1.0, self.l2, self.constrain, self.tolerance,
                self.max_iterations)
        except Exception as e:
            raise long.reraise(e) from None
        self._doc = json.loads(doc)
        self._fitted = (transactions, covariates, observation_end)
        self._customers = self._frame_of(long, customers)
        return self

    @staticmethod
    def _frame_of(long: _Long, d: dict[str, Any]) -> Any:
        pd = _pandas()
        idx = pd.Index(long.labels[np.asarray(d["code"], dtype=np.int64)], name="customer")
        return pd.DataFrame({k: d[k] for k in ("frequency", "recency", "T")}, index=idx)

    def _model(self) -> dict[str, Any]:
        if self._doc is None:
            raise _cx_error("model", "ParetoNbdDynamic is not fitted yet: call fit() first")
        return self._doc

    @classmethod
    def from_params(cls, params: Any, purchase_coefficients: Optional[dict[str, float]] = None,
                    dropout_coefficients: Optional[dict[str, float]] = None,
                    **layout: Any) -> "ParetoNbdDynamic":
        """A model with known ``params`` (dict ``r, alpha, s, beta`` or a list in that order)
        and coefficients ``{name: γ}``; ``layout`` as the constructor (``unit``, column names)."""
        if isinstance(params, dict):
            try:
                params = [params[k] for k in ("r", "alpha", "s", "beta")]
            except KeyError as e:
                raise _cx_error("params", f"missing {e.args[0]!r}") from None
        pc = dict(purchase_coefficients or {})
        dc = dict(dropout_coefficients or {})
        doc = _cx._dynamic_from_params([float(v) for v in params],
                                       [(str(k), float(v)) for k, v in pc.items()],
                                       [(str(k), float(v)) for k, v in dc.items()])
        m = cls(list(pc), list(dc), **layout)
        m._doc = json.loads(doc)
        return m

    # ------------------------------------------------------------------ results

    @property
    def params(self) -> dict[str, float]:
        """``r, alpha, s, beta`` (the gamma heterogeneity at zero covariates)."""
        return dict(zip(("r", "alpha", "s", "beta"), self._model()["params"]))

    @property
    def purchase_coefficients(self) -> dict[str, float]:
        """γ₁ by covariate name."""
        d = self._model()
        return dict(zip(d["purchase_names"], d["purchase_coefficients"]))

    @property
    def dropout_coefficients(self) -> dict[str, float]:
        """γ₂ by covariate name."""
        d = self._model()
        return dict(zip(d["dropout_names"], d["dropout_coefficients"]))

    @property
    def log_likelihood(self) -> float:
        """Log-likelihood at the estimate (without the L2 penalty); 0 for ``from_params``."""
        return float(self._model()["log_likelihood"])

    @property
    def converged(self) -> bool:
        """Whether the optimizer met its tolerance."""
        return bool(self._model()["converged"])

    @property
    def iterations(self) -> int:
        """Optimizer iterations."""
        return int(self._model()["iterations"])

    @property
    def n_customers(self) -> float:
        """Customers (total weight) fitted on."""
        return float(self._model()["n_customers"])

    @property
    def standard_errors(self) -> Optional[dict[str, dict[str, float]]]:
        """``{"params": {...}, "purchase": {...}, "dropout": {...}}`` from the observed
        information, or ``None`` when it is not positive definite."""
        d = self._model()
        se = d["standard_errors"]
        if se is None:
            return None
        return {
            "params": dict(zip(("r", "alpha", "s", "beta"), se["params"])),
            "purchase": dict(zip(d["purchase_names"], se["purchase"])),
            "dropout": dict(zip(d["dropout_names"], se["dropout"])),
        }

    @property
    def customers(self) -> Any:
        """The fitted customers' ``frequency, recency, T`` (DataFrame indexed by customer)."""
        self._model()
        if self._customers is None:
            raise _cx_error("model", "the model was not fitted on data")
        return self._customers

    def summary(self) -> Any:
        """Estimates and standard errors as a DataFrame (rows ``r, alpha, s, beta,
        purchase:<name>, dropout:<name>``)."""
        pd = _pandas()
        se = self.standard_errors
        rows = [(k, v, se["params"][k] if se else np.nan) for k, v in self.params.items()]
        rows += [(f"purchase:{k}", v, se["purchase"][k] if se else np.nan)
                 for k, v in self.purchase_coefficients.items()]
        rows += [(f"dropout:{k}", v, se["dropout"][k] if se else np.nan)
                 for k, v in self.dropout_coefficients.items()]
        return pd.DataFrame(rows, columns=["parameter", "estimate", "std_error"]).set_index(
            "parameter")

    # ------------------------------------------------------------------ scoring

    def _score(self, what: str, horizon: float, transactions: Any, covariates: Any,
               observation_end: Any) -> Any:
        d = self._model()
        if transactions is None and covariates is None:
            if self._fitted is None:
                raise _cx_error("transactions", "pass transactions and covariates to score")
            transactions, covariates, observation_end = self._fitted
        if transactions is None or covariates is None:
            raise _cx_error("covariates" if covariates is None else "transactions",
                            "pass both transactions and covariates")
        long = _Long(self, transactions, covariates, observation_end, d["purchase_names"],
                     d["dropout_names"])
        try:
            r = _cx._dynamic_score(json.dumps(d), what, float(horizon), *long.args,
                                   long.purchase, long.dropout, long.end, 1.0)
        except Exception as e:
            raise long.reraise(e) from None
        pd = _pandas()
        frame = self._frame_of(long, r)
        return pd.Series(np.asarray(r["value"]), index=frame.index, name=what)

    def p_alive(self, transactions: Any = None, covariates: Any = None,
                observation_end: Any = None) -> Any:
        """P(alive) at ``observation_end`` of each customer (Series by customer; default: the
        fitted data)."""
        return self._score("p_alive", 0.0, transactions, covariates, observation_end)

    def expected_purchases(self, t: float, transactions: Any = None, covariates: Any = None,
                           observation_end: Any = None) -> Any:
        """Expected purchases in the ``t`` units after ``observation_end`` given each
        customer's future covariate path (its covariate rows must reach that far)."""
        return self._score("expected_purchases", t, transactions, covariates, observation_end)

    def log_likelihoods(self, transactions: Any = None, covariates: Any = None,
                        observation_end: Any = None) -> Any:
        """Each customer's log-likelihood at the model's parameters (Series by customer)."""
        return self._score("log_likelihood", 0.0, transactions, covariates, observation_end)

    # ------------------------------------------------------------------ documents

    def to_json(self) -> str:
        """The model as a portable JSON document (``"model": "clv_dynamic_covariates"``)."""
        return json.dumps(self._model())

    @staticmethod
    def from_json(text: str, **layout: Any) -> "ParetoNbdDynamic":
        """A model from :meth:`to_json` text; ``layout`` as the constructor."""
        doc = json.loads(_cx._dynamic_check(text))
        m = ParetoNbdDynamic(doc["purchase_names"], doc["dropout_names"],
                             constrain=doc["constrain"], l2=doc["l2"], **layout)
        m._doc = doc
        return m

    def to_dict(self) -> dict[str, Any]:
        """Everything fitted, as a dict (the document's fields)."""
        return dict(self._model())

    def __repr__(self) -> str:
        if self._doc is None:
            return (f"ParetoNbdDynamic(purchase={self.purchase_covariates}, "
                    f"dropout={self.dropout_covariates}, not fitted)")
        p = ", ".join(f"{k}={v:.4g}" for k, v in self.params.items())
        return f"ParetoNbdDynamic({p}, log_likelihood={self.log_likelihood:.4f})"
