"""Charts for cx results, drawn with matplotlib (an optional extra: ``pip install 'cxkit[plot]'``).

``import cx`` never imports matplotlib, and neither does ``import cx.plot``: each function
imports it when called and raises an :class:`ImportError` naming the extra when it is missing.
Every function draws on ``ax`` (a new figure's axes by default) and returns the axes; the
plotted numbers are the ones cx computed.
"""

from __future__ import annotations

from ._clv import calibration_holdout, frequency_recency_matrix
from ._retention import cohort_heatmap, survival
from ._tracking import tracking_cumulative, tracking_incremental

__all__ = [
    "calibration_holdout",
    "cohort_heatmap",
    "frequency_recency_matrix",
    "survival",
    "tracking_cumulative",
    "tracking_incremental",
]
