"""Retention plots: Kaplan-Meier survival curves with their confidence bands, and cohort
retention heatmaps.

matplotlib is optional (``pip install 'cxkit[plot]'``): it is imported when a function is called,
never by ``import cx``. The plotted numbers are the ones cx computed; nothing is recomputed
here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

import numpy as np

from ._common import _axes, _pyplot

__all__ = ["cohort_heatmap", "survival"]


def _curve(km: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Step coordinates ``(t, S, low, high)`` starting at t = 0 with S = 1."""
    table = getattr(km, "table", None)
    if table is None or "survival" not in getattr(table, "columns", ()):
        raise TypeError(
            f"expected a cx.KaplanMeier (from cx.kaplan_meier), got {type(km).__name__}"
        )
    t = np.concatenate([[0.0], table.index.to_numpy(dtype=float)])
    one = np.ones(1)
    s = np.concatenate([one, table["survival"].to_numpy(dtype=float)])
    lo = np.concatenate([one, table["ci_low"].to_numpy(dtype=float)])
    hi = np.concatenate([one, table["ci_high"].to_numpy(dtype=float)])
    return t, s, lo, hi


def survival(
    km: Any,
    ax: Any = None,
    *,
    ci: bool = True,
    label: Optional[str] = None,
    band_alpha: float = 0.2,
    xlabel: str = "time",
    ylabel: str = "survival",
    **step_kwargs: Any,
) -> Any:
    """Kaplan-Meier survival curve as a right-continuous step from (0, 1), with its pointwise
    confidence band (``ci=True``; the level the curve was fitted at).

    ``km`` is a :class:`cx.KaplanMeier` or a ``{label: KaplanMeier}`` mapping (as returned by
    :func:`cx.kaplan_meier_by_segment`), drawn as one labelled curve per entry. Extra keyword
    arguments go to ``Axes.step``. Draws on ``ax`` (default: the current axes) and returns it.
    """
    ax = _axes(ax)
    curves = list(km.items()) if isinstance(km, Mapping) else [(label, km)]
    for name, fit in curves:
        t, s, lo, hi = _curve(fit)
        (line,) = ax.step(t, s, where="post", label=name, **step_kwargs)
        if ci:
            ax.fill_between(t, lo, hi, step="post", alpha=band_alpha, color=line.get_color(),
                            linewidth=0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0.0, 1.02)
    if any(name is not None for name, _ in curves):
        ax.legend()
    return ax


def cohort_heatmap(
    table: Any,
    ax: Any = None,
    *,
    values: str = "share",
    cmap: str = "Blues",
    annotate: bool = True,
    colorbar: bool = True,
) -> Any:
    """Cohort retention heatmap: one row per cohort (its first period), one column per
    period since, coloured by the share still active (``values="share"``, in percent) or the
    count (``values="count"``); empty cells (periods not yet observed) stay blank.

    ``table`` is a :class:`cx.CohortTable` (from :func:`cx.cohort_table`). Draws on ``ax``
    (default: the current axes) and returns it.
    """
    if values not in ("share", "count"):
        raise ValueError(f"values must be 'share' or 'count', got {values!r}")
    frame = getattr(table, "shares" if values == "share" else "counts", None)
    if frame is None:
        raise TypeError(
            f"expected a cx.CohortTable (from cx.cohort_table), got {type(table).__name__}"
        )
    plt = _pyplot()
    ax = _axes(ax)
    data = frame.to_numpy(dtype=float) * (100.0 if values == "share" else 1.0)
    masked = np.ma.masked_invalid(data)
    image = ax.imshow(masked, aspect="auto", cmap=cmap, interpolation="nearest")
    rows = [d.strftime("%Y-%m-%d") if hasattr(d, "strftime") else str(d) for d in frame.index]
    ax.set_yticks(range(len(rows)), labels=rows)
    ax.set_xticks(range(data.shape[1]), labels=[str(c) for c in frame.columns])
    ax.set_xlabel(f"{table.period}s since first activity")
    ax.set_ylabel("cohort")
    if annotate:
        top = np.nanmax(data) if np.isfinite(data).any() else 0.0
        for i in range(data.shape[0]):
            for j in range(data.shape[1]):
                v = data[i, j]
                if np.isfinite(v):
                    text = f"{v:.0f}%" if values == "share" else f"{v:.0f}"
                    ax.text(j, i, text, ha="center", va="center", fontsize="small",
                            color="white" if v > 0.6 * top else "black")
    if colorbar:
        plt.colorbar(image, ax=ax, label="% of cohort" if values == "share" else "customers")
    return ax
