"""The shifted-beta-geometric model with cohort-level covariates (``cx.SbgCohorts``).

Cohort ``c`` with covariates ``x_c`` churns like an sBG (Fader and Hardie 2007) with
``alpha_c = alpha * exp(gamma_alpha . x_c)`` and ``beta_c = beta * exp(gamma_beta . x_c)``;
all cohorts are fitted jointly by maximum likelihood (``cx_core::retention::SbgCohorts``).
This module matches cohorts by label and shapes the results; every number comes from Rust.
"""

from __future__ import annotations

import importlib
import json
import math
from typing import Any, Mapping, Optional

import numpy as np

from .exceptions import InvalidInputError

_cx: Any = importlib.import_module("cx._cx")
ShiftedBetaGeometric: Any = _cx.ShiftedBetaGeometric


def _survivor_table(survivors: Any) -> tuple[list[Any], list[list[float]]]:
    """(labels, counts) from a mapping label -> counts or a DataFrame (cohorts as rows,
    periods as columns; the periods a young cohort has not reached yet are NaN)."""
    if hasattr(survivors, "iterrows") and hasattr(survivors, "index"):
        labels = list(survivors.index)
        rows = []
        for label, row in survivors.iterrows():
            vals = [float(v) for v in row.to_numpy(dtype=float)]
            while vals and math.isnan(vals[-1]):
                vals.pop()
            rows.append(vals)
        return labels, rows
    if isinstance(survivors, Mapping):
        labels = list(survivors.keys())
        try:
            return labels, [[float(v) for v in survivors[k]] for k in labels]
        except (TypeError, ValueError):
            raise InvalidInputError(
                "invalid input `survivors`: expected a sequence of counts per cohort",
                field="survivors",
            ) from None
    raise InvalidInputError(
        "invalid input `survivors`: expected a dict cohort -> survivor counts, or a DataFrame "
        "with one row per cohort",
        field="survivors",
    )


def _covariate_rows(covariates: Any, labels: list[Any]) -> tuple[list[str], list[list[float]]]:
    """(names, one row per cohort in ``labels`` order) from a DataFrame indexed by cohort or a
    mapping cohort -> {name: value}; refuses cohorts missing on either side."""
    if hasattr(covariates, "iterrows") and hasattr(covariates, "columns"):
        names = [str(c) for c in covariates.columns]
        table: dict[Any, list[Any]] = {
            k: [row[c] for c in covariates.columns] for k, row in covariates.iterrows()
        }
    elif isinstance(covariates, Mapping):
        first: Any = next(iter(covariates.values()), {})
        if not isinstance(first, Mapping):
            raise InvalidInputError(
                "invalid input `covariates`: expected a DataFrame indexed by cohort or a dict "
                "cohort -> {name: value}",
                field="covariates",
            )
        names = [str(n) for n in first]
        table = {}
        for k, row in covariates.items():
            if set(map(str, row)) != set(names):
                raise InvalidInputError(
                    f"invalid input `covariates`: cohort {k!r} has covariates "
                    f"{sorted(map(str, row))}, expected {sorted(names)}",
                    field="covariates",
                )
            table[k] = [row[n] for n in first]
    else:
        raise InvalidInputError(
            "invalid input `covariates`: expected a DataFrame indexed by cohort or a dict "
            "cohort -> {name: value}",
            field="covariates",
        )
    missing = [k for k in labels if k not in table]
    extra = [k for k in table if k not in set(labels)]
    if missing or extra:
        raise InvalidInputError(
            "invalid input `covariates`: the cohorts do not match the survivors' "
            f"(no covariates for {missing[:5]}; covariates of unknown cohorts {extra[:5]})",
            field="covariates",
        )
    try:
        rows = [[float(v) for v in table[k]] for k in labels]
    except (TypeError, ValueError):
        raise InvalidInputError(
            "invalid input `covariates`: covariate values must be numbers", field="covariates"
        ) from None
    return names, rows


def _number(v: Any, field: str) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        raise InvalidInputError(f"invalid input `{field}`: expected a number", field=field) from None


class SbgCohorts:
    """Shifted-beta-geometric retention model with cohort-level covariates.

    ``SbgCohorts(l2=0.0).fit(survivors, covariates)``: ``survivors`` maps each cohort to its
    survivor counts (customers at the start, then still active after each period; or a
    DataFrame with one row per cohort, NaN after a young cohort's last period), and
    ``covariates`` is a DataFrame indexed by cohort (one column per covariate) or a dict
    cohort -> {name: value}. Cohort ``c`` has ``alpha_c = alpha * exp(gamma_alpha . x_c)``
    and ``beta_c = beta * exp(gamma_beta . x_c)``; with all coefficients 0 it is the plain sBG.
    ``l2`` adds the ridge penalty ``l2 * |gamma|^2`` on the coefficients.
    """

    def __init__(
        self,
        l2: float = 0.0,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
    ) -> None:
        self.l2 = _number(l2, "l2")
        self.tolerance = None if tolerance is None else _number(tolerance, "tolerance")
        if max_iterations is not None and not (
            isinstance(max_iterations, (int, np.integer)) and max_iterations >= 1
        ):
            raise InvalidInputError(
                "invalid input `max_iterations`: expected a whole number >= 1",
                field="max_iterations",
            )
        self.max_iterations = None if max_iterations is None else int(max_iterations)
        self._fit: Optional[dict[str, Any]] = None
        self._labels: list[Any] = []

    def fit(self, survivors: Any, covariates: Any) -> SbgCohorts:
        """Fits all cohorts jointly by maximum likelihood; returns self."""
        labels, counts = _survivor_table(survivors)
        names, rows = _covariate_rows(covariates, labels)
        self._fit = _cx._sbg_cohorts_fit(
            counts, rows, names, self.l2, self.tolerance, self.max_iterations
        )
        self._labels = labels
        return self

    @staticmethod
    def log_likelihood_of(
        params: Mapping[str, Any], survivors: Any, covariates: Any
    ) -> float:
        """Joint log-likelihood at known ``params`` (``alpha``, ``beta``, ``gamma_alpha``,
        ``gamma_beta``: dicts covariate -> coefficient), without fitting."""
        labels, counts = _survivor_table(survivors)
        names, rows = _covariate_rows(covariates, labels)
        ga = [float(params["gamma_alpha"][n]) for n in names]
        gb = [float(params["gamma_beta"][n]) for n in names]
        return float(_cx._sbg_cohorts_log_likelihood(
            float(params["alpha"]), float(params["beta"]), ga, gb, counts, rows))

    def _fitted(self) -> dict[str, Any]:
        if self._fit is None:
            raise InvalidInputError(
                "invalid input `model`: SbgCohorts is not fitted yet: call fit() first",
                field="model",
            )
        return self._fit

    @property
    def params(self) -> dict[str, float]:
        """``alpha`` and ``beta`` at zero covariates."""
        f = self._fitted()
        return {"alpha": f["alpha"], "beta": f["beta"]}

    @property
    def coefficients(self) -> dict[str, dict[str, float]]:
        """``{"alpha": {covariate: gamma}, "beta": {covariate: gamma}}``."""
        f = self._fitted()
        return {"alpha": dict(zip(f["names"], f["gamma_alpha"])),
                "beta": dict(zip(f["names"], f["gamma_beta"]))}

    @property
    def standard_errors(self) -> Optional[dict[str, Any]]:
        """Standard errors like ``params`` and ``coefficients`` in one dict, or ``None`` when
        the observed information is not positive definite."""
        f = self._fitted()
        se = f["standard_errors"]
        if se is None:
            return None
        return {"alpha": se["alpha"], "beta": se["beta"],
                "gamma_alpha": dict(zip(f["names"], se["gamma_alpha"])),
                "gamma_beta": dict(zip(f["names"], se["gamma_beta"]))}

    @property
    def log_likelihood(self) -> float:
        """Log-likelihood at the estimate (without the penalty)."""
        return float(self._fitted()["log_likelihood"])

    @property
    def converged(self) -> bool:
        """Whether the optimizer met its tolerance."""
        return bool(self._fitted()["converged"])

    @property
    def iterations(self) -> int:
        """Newton iterations used."""
        return int(self._fitted()["iterations"])

    @property
    def cohorts(self) -> list[Any]:
        """The cohort labels, in the order fitted."""
        self._fitted()
        return list(self._labels)

    def cohort_params(self, covariates: Any = None) -> Any:
        """A DataFrame of ``alpha`` and ``beta`` per cohort: the fitted cohorts, or new ones
        (``covariates`` as for ``fit``)."""
        import pandas as pd

        f = self._fitted()
        if covariates is None:
            labels, pairs = self._labels, f["cohort_params"]
        else:
            labels = (list(covariates.index) if hasattr(covariates, "iterrows")
                      else list(covariates.keys()))
            names, rows = _covariate_rows(covariates, labels)
            if sorted(names) != sorted(f["names"]):
                raise InvalidInputError(
                    f"invalid input `covariates`: expected columns {f['names']}, got {names}",
                    field="covariates",
                )
            rows = [[r[names.index(n)] for n in f["names"]] for r in rows]
            model = {k: v for k, v in f.items() if k != "cohort_params"}
            pairs = _cx._sbg_cohort_params(json.dumps(model), rows)
        return pd.DataFrame([list(p) for p in pairs], index=pd.Index(labels, name="cohort"),
                            columns=["alpha", "beta"])

    def cohort(self, label: Any) -> Any:
        """The plain sBG of one fitted cohort (survival, retention rates, lifetime)."""
        f = self._fitted()
        if label not in self._labels:
            raise InvalidInputError(f"invalid input `label`: unknown cohort {label!r}",
                                    field="label")
        a, b = f["cohort_params"][self._labels.index(label)]
        return ShiftedBetaGeometric.from_params(a, b)

    def _curves(self, t: Any, what: str) -> Any:
        import pandas as pd

        periods = np.atleast_1d(np.asarray(t))
        data = {label: getattr(self.cohort(label), what)(periods) for label in self._labels}
        return pd.DataFrame(data, index=pd.Index(periods, name="period"))

    def survival(self, t: Any) -> Any:
        """Survival ``S(t)`` of every fitted cohort: a DataFrame, periods as rows, cohorts as
        columns."""
        return self._curves(t, "survival")

    def retention_rate(self, t: Any) -> Any:
        """Retention rate of period ``t`` (t >= 1) of every fitted cohort, as ``survival``."""
        return self._curves(t, "retention_rate")

    def to_dict(self) -> dict[str, Any]:
        """Everything fitted, as a dict."""
        return dict(self._fitted())

    def __repr__(self) -> str:
        if self._fit is None:
            return "SbgCohorts(not fitted)"
        f = self._fit
        return (f"SbgCohorts(alpha={f['alpha']:.6f}, beta={f['beta']:.6f}, "
                f"covariates={f['names']}, cohorts={len(self._labels)}, "
                f"log_likelihood={f['log_likelihood']:.4f})")
