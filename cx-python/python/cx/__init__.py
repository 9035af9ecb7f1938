"""cx: customer-experience analytics (NPS, CSAT, CES, journeys) on a Rust core.

>>> import cx
>>> cx.nps([10, 9, 8, 3]).score
25.0

Inputs are lists, numpy arrays of any integer or float dtype (contiguous ``float64`` and
``uint8`` arrays are read without copying) or pandas Series. Every error is a
:class:`cx.CxError` (a ``ValueError``) with ``code``, ``field`` and ``index``.
"""

from __future__ import annotations

from ._cx import (
    CesResult,
    ChurnClassifier,
    ConversionRate,
    CsatResult,
    NpsComparison,
    NpsResult,
    NpsTally,
    ShiftedBetaGeometric,
    UnitEconomics,
    __version__,
    ces,
    compare_nps,
    conversion_rate,
    csat,
    nps,
    unit_economics,
)
from ._frames import nps_by, nps_by_segment, nps_trend
from ._journey import (
    Attribution,
    CacReport,
    ChannelSwitching,
    ResponseTimes,
    attribution,
    cac,
    channel_switching,
    funnel,
    funnel_columns,
    response_times,
    sankey_edges,
    top_paths,
    transitions,
)
from ._retention import (
    ChurnMetrics,
    CohortTable,
    KaplanMeier,
    LogRankResult,
    Rate,
    churn_metrics,
    churn_rate,
    cohort_table,
    kaplan_meier,
    kaplan_meier_by_segment,
    lifecycle,
    logrank_test,
    period_rates,
    retention_rate,
    time_to_repeat,
)
from .exceptions import (
    ConvergenceError,
    CxError,
    EmptyInputError,
    InvalidInputError,
    InvalidTypeError,
    LengthMismatchError,
)

__all__ = [
    "Attribution",
    "CacReport",
    "CesResult",
    "ChannelSwitching",
    "ChurnClassifier",
    "ChurnMetrics",
    "CohortTable",
    "ConvergenceError",
    "ConversionRate",
    "CsatResult",
    "CxError",
    "EmptyInputError",
    "InvalidInputError",
    "InvalidTypeError",
    "KaplanMeier",
    "LengthMismatchError",
    "LogRankResult",
    "NpsComparison",
    "NpsResult",
    "NpsTally",
    "Rate",
    "ResponseTimes",
    "ShiftedBetaGeometric",
    "UnitEconomics",
    "__version__",
    "attribution",
    "cac",
    "ces",
    "channel_switching",
    "churn_metrics",
    "churn_rate",
    "cohort_table",
    "compare_nps",
    "conversion_rate",
    "csat",
    "funnel",
    "funnel_columns",
    "kaplan_meier",
    "kaplan_meier_by_segment",
    "lifecycle",
    "logrank_test",
    "nps",
    "nps_by",
    "nps_by_segment",
    "nps_trend",
    "period_rates",
    "response_times",
    "retention_rate",
    "sankey_edges",
    "time_to_repeat",
    "top_paths",
    "transitions",
    "unit_economics",
]
