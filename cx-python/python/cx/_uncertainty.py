"""Covariate purchase models and bootstrap intervals (the Python side of ``cx._cx``).

``cx.BgNbd(purchase_covariates=[...], dropout_covariates=[...], l2=...)`` (and the same for
``cx.MbgNbd`` and ``cx.ParetoNbd``) returns a :class:`CovariateModel`. Every number comes from
the Rust core; this module only turns DataFrames and 2-D arrays into names plus a row-major
float array, and results into DataFrames.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any, Callable, Optional, Sequence

import numpy as np

_cx: Any = importlib.import_module("cx._cx")

_KINDS = {"BgNbd": "bg_nbd", "MbgNbd": "mbg_nbd", "ParetoNbd": "pareto_nbd"}


def _names(obj: Any, field: str) -> list[str]:
    if obj is None:
        return []
    if isinstance(obj, (str, int)):
        obj = [obj]
    try:
        return [str(n) for n in obj]
    except TypeError:
        raise _cx_error(field, "expected a list of covariate names") from None


def _cx_error(field: str, reason: str) -> Exception:
    from .exceptions import InvalidInputError

    return InvalidInputError(f"`{field}`: {reason}", code="CX_INVALID_INPUT", field=field)


def _matrix(covariates: Any, names: Sequence[str], field: str) -> np.ndarray:
    """The columns ``names`` of a DataFrame, a dict of columns or a 2-D array (columns
    named ``"0"``, ``"1"``, ...) as one row-major float64 array."""
    if not names:
        return np.zeros(0)
    if covariates is None:
        raise _cx_error(field, f"the model has covariates {list(names)}: pass covariates=")
    if hasattr(covariates, "columns"):
        lookup = {str(c): c for c in covariates.columns}
        missing = [n for n in names if n not in lookup]
        if missing:
            raise _cx_error(field, f"covariates lack the columns {missing}")
        cols = [np.asarray(covariates[lookup[n]], dtype=np.float64) for n in names]
    elif isinstance(covariates, dict):
        lookup = {str(k): v for k, v in covariates.items()}
        missing = [n for n in names if n not in lookup]
        if missing:
            raise _cx_error(field, f"covariates lack the keys {missing}")
        cols = [np.asarray(lookup[n], dtype=np.float64) for n in names]
    else:
        arr = np.asarray(covariates, dtype=np.float64)
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2:
            raise _cx_error(field, "expected a DataFrame, a dict of columns or a 2-D array")
        idx = []
        for n in names:
            if not (n.isdigit() and int(n) < arr.shape[1]):
                raise _cx_error(field, f"covariate {n!r} is not a column index of the array")
            idx.append(int(n))
        cols = [arr[:, i] for i in idx]
    return np.ascontiguousarray(np.column_stack(cols)).ravel()


def _progress_callback(progress: Any) -> Optional[Callable[[int, int], None]]:
    """``True``: a tqdm bar when tqdm is installed, else a line on stderr every 10%;
    a callable is called with ``(done, total)``; ``False``/``None``: nothing."""
    if progress is None or progress is False:
        return None
    if callable(progress):
        return progress  # type: ignore[no-any-return]
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        tqdm = None
    state: dict[str, Any] = {}

    def report(done: int, total: int) -> None:
        if tqdm is not None:
            bar = state.get("bar")
            if bar is None:
                bar = state["bar"] = tqdm(total=total, desc="bootstrap")
            bar.update(done - bar.n)
            if done >= total:
                bar.close()
        else:
            step = max(1, total // 10)
            if done % step == 0 or done == total:
                print(f"bootstrap {done}/{total}", file=sys.stderr, flush=True)

    return report


def _intervals_frame(d: dict[str, Any], like: Any = None) -> Any:
    """The bootstrap intervals as a DataFrame (a dict of arrays without pandas), indexed like
    ``like`` when it is a pandas Series of the scored customers."""
    cols = {k: v for k, v in d.items() if k.endswith(("_low", "_high"))}
    try:
        import pandas as pd
    except ImportError:
        return d
    index = getattr(like, "index", None) if isinstance(like, pd.Series) else None
    frame = pd.DataFrame(cols, index=index)
    frame.attrs.update(
        level=d["level"], replicates=d["replicates"], failed=d["failed"], params=d["params"]
    )
    return frame


class CovariateModel:
    """BG/NBD, MBG/NBD or Pareto/NBD with time-invariant covariates (Fader and Hardie 2007):
    ``alpha_i = alpha * exp(-g1'x)`` on the purchase side; ``a_i, b_i = a, b * exp(g2'x)``
    (BG/NBD, MBG/NBD) or ``beta_i = beta * exp(-g2'x)`` (Pareto/NBD) on the dropout side.

    Built by ``cx.BgNbd(purchase_covariates=..., dropout_covariates=..., constrain=..., l2=...)``.
    """

    def __init__(
        self,
        model: str,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
        constrain: Any = None,
        l2: Optional[float] = None,
    ) -> None:
        if model not in _KINDS:
            raise _cx_error("model", f"expected one of {sorted(_KINDS)}")
        self.model = model
        self.tolerance = tolerance
        self.max_iterations = max_iterations
        self.purchase_covariates = _names(purchase_covariates, "purchase_covariates")
        self.dropout_covariates = _names(dropout_covariates, "dropout_covariates")
        self.constrain = _names(constrain, "constrain")
        self.l2 = 0.0 if l2 is None else float(l2)
        self._doc: Optional[dict[str, Any]] = None
        self._fitted_on: Optional[tuple[Any, ...]] = None

    # -- fitting -------------------------------------------------------------------------
    def fit(
        self,
        frequency: Any,
        recency: Any,
        T: Any,
        covariates: Any = None,
        weights: Any = None,
    ) -> "CovariateModel":
        """Fits by (penalized) maximum likelihood; ``covariates`` (DataFrame, dict of columns
        or 2-D array) has one row per customer. Returns self."""
        xp = _matrix(covariates, self.purchase_covariates, "purchase_covariates")
        xd = _matrix(covariates, self.dropout_covariates, "dropout_covariates")
        text = _cx._covariate_fit(
            _KINDS[self.model], frequency, recency, T, weights,
            self.purchase_covariates, xp, self.dropout_covariates, xd,
            self.l2, self.constrain, self.tolerance, self.max_iterations,
        )
        self._doc = json.loads(text)
        self._fitted_on = (frequency, recency, T, weights, xp, xd)
        return self

    def _fitted(self) -> dict[str, Any]:
        if self._doc is None:
            raise _cx_error("model", f"{self.model} with covariates is not fitted yet: call fit() first")
        return self._doc

    # -- results -------------------------------------------------------------------------
    @property
    def params(self) -> dict[str, float]:
        """The four model parameters at zero covariates."""
        d = self._fitted()
        names = ("r", "alpha", "s", "beta") if self.model == "ParetoNbd" else ("r", "alpha", "a", "b")
        return dict(zip(names, d["params"]))

    @property
    def coefficients(self) -> Any:
        """Coefficients with standard errors and 95% Wald intervals: a DataFrame with
        ``process, covariate, estimate, se, low, high``."""
        return self.wald_intervals(0.95, coefficients_only=True)

    @property
    def log_likelihood(self) -> float:
        """Log-likelihood at the estimate (without the L2 penalty)."""
        return float(self._fitted()["log_likelihood"])

    @property
    def converged(self) -> bool:
        """Whether the optimizer met its tolerance."""
        return bool(self._fitted()["converged"])

    @property
    def iterations(self) -> int:
        """Optimizer iterations."""
        return int(self._fitted()["iterations"])

    @property
    def standard_errors(self) -> Optional[dict[str, Any]]:
        """Standard errors (``params``, ``purchase``, ``dropout``) or None."""
        return self._fitted()["standard_errors"]  # type: ignore[no-any-return]

    def wald_intervals(self, level: float = 0.95, coefficients_only: bool = False) -> Any:
        """Estimates with standard errors and Wald intervals ``estimate ± z·se`` at ``level``
        (a DataFrame: ``process, covariate, estimate, se, low, high``)."""
        d = self._fitted()
        rows: list[tuple[str, str, float]] = []
        if not coefficients_only:
            rows += [("model", k, v) for k, v in self.params.items()]
        rows += [("purchase", n, g) for n, g in zip(d["purchase_names"], d["purchase_coefficients"])]
        rows += [("dropout", n, g) for n, g in zip(d["dropout_names"], d["dropout_coefficients"])]
        se_doc = d["standard_errors"]
        if se_doc is None:
            se = [float("nan")] * len(rows)
        else:
            se = ([] if coefficients_only else list(se_doc["params"])) + list(se_doc["purchase"]) + list(se_doc["dropout"])
        est = [r[2] for r in rows]
        iv = _cx._wald_intervals(est, se, level) if rows else []
        out = {
            "process": [r[0] for r in rows],
            "covariate": [r[1] for r in rows],
            "estimate": est,
            "se": se,
            "low": [i[0] for i in iv],
            "high": [i[1] for i in iv],
        }
        try:
            import pandas as pd
        except ImportError:
            return out
        return pd.DataFrame(out)

    # -- scoring -------------------------------------------------------------------------
    def _score(self, what: str, horizon: float, frequency: Any, recency: Any, T: Any,
               covariates: Any, monetary_value: Any = None, months: int = 12,
               discount_rate: float = 0.01, unit: str = "W") -> Any:
        d = self._fitted()
        xp = _matrix(covariates, d["purchase_names"], "purchase_covariates")
        xd = _matrix(covariates, d["dropout_names"], "dropout_covariates")
        mv = np.zeros(0) if monetary_value is None else monetary_value
        out = _cx._covariate_score(
            self.to_json(), what, float(horizon), frequency, recency, T, xp, xd, mv,
            int(months), float(discount_rate), unit,
        )
        if hasattr(frequency, "index") and hasattr(frequency, "name"):
            import pandas as pd

            return pd.Series(out, index=frequency.index)
        return out

    def p_alive(self, frequency: Any, recency: Any, T: Any, covariates: Any = None) -> Any:
        """P(alive) of each customer given its history and covariates."""
        return self._score("p_alive", 0.0, frequency, recency, T, covariates)

    def expected_purchases(self, t: float, frequency: Any, recency: Any, T: Any,
                           covariates: Any = None) -> Any:
        """Expected purchases of each customer in the next ``t`` time units."""
        return self._score("expected_purchases", t, frequency, recency, T, covariates)

    def log_likelihood_of(self, frequency: Any, recency: Any, T: Any, covariates: Any = None) -> float:
        """Log-likelihood of these customers (summed) at the model's parameters and
        coefficients, without any penalty."""
        out = self._score("log_likelihood", 0.0, np.asarray(frequency, dtype=np.float64),
                          recency, T, covariates)
        return float(out[0])

    def expected_purchases_new(self, t: float, covariates: Any = None, n: Optional[int] = None) -> Any:
        """Expected repeat purchases in ``(0, t]`` of a new customer with each row's covariates."""
        rows = len(next(iter(covariates.values()))) if isinstance(covariates, dict) else (
            len(covariates) if covariates is not None else (n or 1))
        z = np.zeros(rows)
        return self._score("expected_purchases_new", t, z, z, z, covariates)

    def clv(self, frequency: Any, recency: Any, T: Any, monetary_value: Any,
            covariates: Any = None, months: int = 12, discount_rate: float = 0.01,
            unit: str = "W") -> Any:
        """Discounted CLV of each customer (spend per purchase ``monetary_value``)."""
        return self._score("clv", 0.0, frequency, recency, T, covariates, monetary_value,
                           months, discount_rate, unit)

    def bootstrap(
        self,
        n: int = 200,
        seed: int = 0,
        progress: Any = False,
        level: float = 0.95,
        t: float = 1.0,
        frequency: Any = None,
        recency: Any = None,
        T: Any = None,
        covariates: Any = None,
        monetary_value: Any = None,
        months: int = 12,
        discount_rate: float = 0.01,
        unit: str = "W",
    ) -> Any:
        """Bootstrap prediction intervals (a DataFrame, one row per scored customer): the
        fitted customers are resampled ``n`` times with ``seed`` and the model refitted;
        P(alive), expected purchases over ``t`` and (with ``monetary_value``) CLV are
        predicted for ``frequency, recency, T, covariates`` (default: the fitted customers)."""
        d = self._fitted()
        if self._fitted_on is None:
            raise _cx_error("model", "bootstrap needs the customers the model was fitted on: call fit() first")
        f, r, tt, w, xp, xd = self._fitted_on
        if frequency is None:
            score = (f, r, tt, xp, xd)
        else:
            score = (
                frequency, recency, T,
                _matrix(covariates, d["purchase_names"], "purchase_covariates"),
                _matrix(covariates, d["dropout_names"], "dropout_covariates"),
            )
        out = _cx._covariate_bootstrap(
            self.to_json(), f, r, tt, w, xp, xd, score, n, seed, float(level), float(t),
            monetary_value, int(months), float(discount_rate), unit, self.tolerance,
            _progress_callback(progress),
        )
        return _intervals_frame(out, frequency)

    # -- documents -----------------------------------------------------------------------
    def to_json(self) -> str:
        """The fitted model as a portable JSON document (``"model": "clv_covariates"``)."""
        return json.dumps(self._fitted())

    @staticmethod
    def from_json(text: str) -> "CovariateModel":
        """A model from ``to_json`` text (scores; ``bootstrap`` needs a new ``fit``)."""
        doc = json.loads(text)
        if doc.get("model") != "clv_covariates":
            raise _cx_error("text", "not a clv_covariates document")
        name = {v: k for k, v in _KINDS.items()}[doc["kind"]]
        m = CovariateModel(name, purchase_covariates=doc["purchase_names"],
                           dropout_covariates=doc["dropout_names"], constrain=doc["constrain"],
                           l2=doc["l2"])
        m._doc = doc
        return m

    def __repr__(self) -> str:
        if self._doc is None:
            return f"{self.model}(covariates, not fitted)"
        p = ", ".join(f"{k}={v:.6f}" for k, v in self.params.items())
        return f"{self.model}({p}, covariates={len(self._doc['purchase_names'])}+{len(self._doc['dropout_names'])}, log_likelihood={self.log_likelihood:.4f})"


def wald_intervals(model: Any, level: float = 0.95) -> Any:
    """Estimates, standard errors (observed information) and Wald intervals ``estimate ± z·se``
    at ``level`` of a fitted model's parameters (any model with ``params`` and
    ``standard_errors``; covariate models add their coefficients): a DataFrame with
    ``parameter, estimate, se, low, high`` (``se``, ``low``, ``high`` NaN without standard
    errors)."""
    if isinstance(model, CovariateModel):
        return model.wald_intervals(level)
    params = dict(model.params)
    se_doc = model.standard_errors
    names = list(params)
    est = [float(params[k]) for k in names]
    se = [float(se_doc[k]) if se_doc else float("nan") for k in names]
    iv = _cx._wald_intervals(est, se, float(level))
    out = {"parameter": names, "estimate": est, "se": se,
           "low": [i[0] for i in iv], "high": [i[1] for i in iv]}
    try:
        import pandas as pd
    except ImportError:
        return out
    return pd.DataFrame(out)
