"""Tracking charts (Fader, Hardie and Lee 2005, Figures 2 and 3): actual vs expected repeat
transactions per period and cumulated, with the end of calibration marked. The numbers come
from :func:`cx.tracking`; these functions only draw them."""

from __future__ import annotations

from typing import Any

from ..exceptions import InvalidInputError
from ._common import _axes

__all__ = ["tracking_cumulative", "tracking_incremental"]

_COLUMNS = ("end", "holdout", "actual", "expected", "actual_cumulative", "expected_cumulative")


def _draw(frame: Any, ax: Any, actual: str, expected: str, ylabel: str, title: str) -> Any:
    if not all(hasattr(frame, "columns") and c in frame.columns for c in _COLUMNS):
        raise InvalidInputError(
            "invalid input `tracking`: expected the frame cx.tracking returned", field="tracking")
    ax = _axes(ax)
    x = frame["end"].to_numpy(dtype=float)
    ax.plot(x, frame[actual].to_numpy(dtype=float), label="actual")
    ax.plot(x, frame[expected].to_numpy(dtype=float), linestyle="--", label="expected")
    holdout = frame["holdout"].to_numpy(dtype=bool)
    if holdout.any() and not holdout.all():
        first = int(holdout.argmax())
        ax.axvline(x[first - 1], color="grey", linestyle=":", label="end of calibration")
    ax.set_xlabel("time since start")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return ax


def tracking_cumulative(tracking: Any, ax: Any = None) -> Any:
    """Cumulative repeat transactions, actual (``ax.lines[0]``) and expected
    (``ax.lines[1]``), from a :func:`cx.tracking` frame (FHL 2005, Figure 3). Returns the axes."""
    return _draw(tracking, ax, "actual_cumulative", "expected_cumulative",
                 "cumulative repeat transactions", "Tracking cumulative repeat transactions")


def tracking_incremental(tracking: Any, ax: Any = None) -> Any:
    """Repeat transactions per period, actual (``ax.lines[0]``) and expected
    (``ax.lines[1]``), from a :func:`cx.tracking` frame (FHL 2005, Figure 2). Returns the axes."""
    return _draw(tracking, ax, "actual", "expected", "repeat transactions per period",
                 "Tracking repeat transactions per period")
