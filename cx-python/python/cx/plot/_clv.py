"""CLV charts: the frequency/recency matrix of a purchase model and the calibration/holdout
comparison (Fader, Hardie and Lee 2005, Figure 4). The numbers come from the model's own
methods (``cx_core``); these functions only draw them."""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from ..exceptions import CxError, InvalidInputError
from ._common import _axes

__all__ = ["calibration_holdout", "frequency_recency_matrix"]

_METRICS = ("expected_purchases", "p_alive")


def _grid_values(model: Any, metric: str, t: float, freq: np.ndarray, rec: np.ndarray,
                 age: float) -> np.ndarray:
    """The metric at every (frequency, recency) cell for customers observed for ``age``;
    NaN where the history is impossible (recency 0 with repeat purchases, recency > 0
    without, or one the model rejects)."""
    values = np.full(freq.shape, np.nan)
    ok = ((freq == 0) & (rec == 0)) | ((freq > 0) & (rec > 0))
    f, r = freq[ok], rec[ok]
    tt = np.full(f.shape, float(age))

    def score(f_: np.ndarray, r_: np.ndarray, t_: np.ndarray) -> np.ndarray:
        if metric == "p_alive":
            return np.asarray(model.p_alive(f_, r_, t_), dtype=float)
        return np.asarray(model.expected_purchases(t, f_, r_, t_), dtype=float)

    try:
        values[ok] = score(f, r, tt)
    except CxError:
        # A model with extra rules (BG/BB: frequency <= recency): score cell by cell.
        cells = np.flatnonzero(ok)
        for k, (fi, ri) in zip(cells, zip(f, r)):
            try:
                values.flat[k] = score(np.array([fi]), np.array([ri]), np.array([age]))[0]
            except CxError:
                pass
    return values


def frequency_recency_matrix(
    model: Any,
    T: Optional[float] = None,
    max_frequency: Optional[int] = None,
    max_recency: Optional[float] = None,
    ax: Any = None,
    *,
    metric: str = "expected_purchases",
    t: float = 1.0,
    cmap: str = "viridis",
) -> Any:
    """Heat map of a fitted purchase model (``cx.BgNbd``, ``cx.MbgNbd``, ``cx.ParetoNbd``)
    over a grid of customer histories: frequency 0..``max_frequency`` (columns, x axis) by
    recency 0..``max_recency`` in whole time units (rows, y axis, most recent at the top), all
    observed for ``T`` time units, as in ``lifetimes``' ``plot_frequency_recency_matrix``.

    ``metric="expected_purchases"`` shows the expected purchases in the next ``t`` time units
    (default 1, the next period); ``metric="p_alive"`` the probability of being active.
    The model keeps no data, so give ``T`` or ``max_recency`` (each defaults to the other);
    ``max_frequency`` defaults to ``T`` rounded up (at most one repeat purchase per unit).
    Impossible cells (recency 0 with repeat purchases, recency > 0 without) are left blank.
    Returns the axes; the plotted matrix is ``ax.images[0].get_array()``.
    """
    if metric not in _METRICS:
        raise InvalidInputError(f"metric: must be one of {', '.join(_METRICS)}, got {metric!r}",
                                field="metric")
    if T is None and max_recency is None:
        raise InvalidInputError(
            "T: give T (the customers' observation length) or max_recency; the model does not "
            "keep its data", field="T")
    age = float(T if T is not None else max_recency)  # type: ignore[arg-type]
    top_recency = float(max_recency if max_recency is not None else age)
    if not (math.isfinite(age) and age > 0):
        raise InvalidInputError(f"T: must be a finite number > 0, got {age}", field="T")
    if not (math.isfinite(top_recency) and 0 < top_recency <= age):
        raise InvalidInputError(
            f"max_recency: must be > 0 and at most T ({age}), got {top_recency}",
            field="max_recency")
    top_frequency = int(math.ceil(age)) if max_frequency is None else int(max_frequency)
    if top_frequency < 1:
        raise InvalidInputError(f"max_frequency: must be at least 1, got {max_frequency}",
                                field="max_frequency")
    recency = np.arange(0, math.floor(top_recency) + 1, dtype=float)
    frequency = np.arange(0, top_frequency + 1, dtype=float)
    freq, rec = np.meshgrid(frequency, recency)
    values = _grid_values(model, metric, float(t), freq, rec, age)

    ax = _axes(ax)
    image = ax.imshow(np.ma.masked_invalid(values), origin="lower", aspect="auto", cmap=cmap,
                      interpolation="nearest",
                      extent=(-0.5, top_frequency + 0.5, -0.5, recency[-1] + 0.5))
    label = ("P(alive)" if metric == "p_alive"
             else f"expected purchases in the next {t:g} time units")
    ax.figure.colorbar(image, ax=ax, label=label)
    ax.set_xlabel("frequency (repeat purchases)")
    ax.set_ylabel("recency (time of last purchase)")
    ax.set_title(f"{type(model).__name__}: {label}, customers observed for T = {age:g}")
    return ax


def calibration_holdout(
    model: Any,
    summary: Any = None,
    max_frequency: int = 7,
    ax: Any = None,
) -> Any:
    """Calibration/holdout chart (Fader, Hardie and Lee 2005, Figure 4): mean actual and
    predicted repeat purchases in the holdout period by calibration frequency (the last point
    gathers ``max_frequency`` and more). ``model`` is a fitted purchase model and ``summary``
    an ``cx.rfm_summary`` frame made with ``holdout_start`` (as for
    :func:`cx.holdout_comparison`); or pass the frame ``cx.holdout_comparison`` returned as
    ``model`` with no ``summary``. Returns the axes; the two lines are ``ax.lines[0]``
    (actual) and ``ax.lines[1]`` (predicted)."""
    from .._clv import holdout_comparison

    if summary is None:
        frame = model
        name = "model"
        if not all(hasattr(frame, "columns") and c in frame.columns for c in ("actual", "predicted")):
            raise InvalidInputError(
                "summary: give a model and an rfm_summary frame, or a holdout_comparison frame",
                field="summary")
    else:
        frame = holdout_comparison(model, summary, max_frequency)
        name = type(model).__name__
    freq = [int(v) for v in frame.index]
    labels = [str(v) for v in freq]
    if summary is not None and freq and freq[-1] == max_frequency:
        labels[-1] = f"{max_frequency}+"
    ax = _axes(ax)
    ax.plot(freq, frame["actual"].to_numpy(dtype=float), marker="o", label="actual")
    ax.plot(freq, frame["predicted"].to_numpy(dtype=float), marker="s", linestyle="--",
            label=f"predicted ({name})")
    ax.set_xticks(freq)
    ax.set_xticklabels(labels)
    ax.set_xlabel("repeat purchases in the calibration period")
    ax.set_ylabel("mean purchases in the holdout period")
    ax.set_title("Calibration vs holdout")
    ax.legend()
    return ax
