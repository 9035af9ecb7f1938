"""cx: customer-experience analytics (NPS, CSAT, CES, journeys) on a Rust core.

>>> import cx
>>> cx.nps([10, 9, 8, 3]).score
25.0

Inputs are lists, numpy arrays of any integer or float dtype (contiguous ``float64`` and
``uint8`` arrays are read without copying) or pandas Series. Every error is a
:class:`cx.CxError` (a ``ValueError``) with ``code``, ``field`` and ``index``.
"""

from __future__ import annotations

from ._clv import compress, holdout_comparison, rfm_scores, rfm_summary
from ._clv_beyond import LrTest, lr_test, tracking
from ._sbg_cohorts import SbgCohorts
from ._cx import (
    BgBb,
    BgNbd,
    GammaGamma,
    GgNbd,
    MbgNbd,
    ParetoNbd,
    ParetoNbdCor,
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
from ._uncertainty import CovariateModel, wald_intervals
from ._dynamic import ParetoNbdDynamic
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
from ._offers import (
    association_rules,
    co_occurrence,
    feedback_themes,
    recommend,
    sentiment,
    sentiment_by_segment,
    sentiment_trend,
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
    customer_view,
    kaplan_meier,
    kaplan_meier_by_segment,
    lifecycle,
    logrank_test,
    period_rates,
    retention_rate,
    time_to_repeat,
)
from ._personalize import (
    Personas,
    TopCustomers,
    ValueConcentration,
    lookalike,
    personas,
    silhouette,
    top_customers,
    value_concentration,
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
    "association_rules",
    "co_occurrence",
    "feedback_themes",
    "recommend",
    "sentiment",
    "sentiment_by_segment",
    "sentiment_trend",

    "Attribution",
    "BgBb",
    "BgNbd",
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
    "GammaGamma",
    "GgNbd",
    "InvalidInputError",
    "InvalidTypeError",
    "KaplanMeier",
    "LengthMismatchError",
    "LogRankResult",
    "LrTest",
    "MbgNbd",
    "NpsComparison",
    "NpsResult",
    "NpsTally",
    "ParetoNbd",
    "CovariateModel",
    "wald_intervals",
    "ParetoNbdCor",
    "ParetoNbdDynamic",
    "Rate",
    "ResponseTimes",
    "SbgCohorts",
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
    "compress",
    "conversion_rate",
    "csat",
    "customer_view",
    "funnel",
    "funnel_columns",
    "holdout_comparison",
    "kaplan_meier",
    "kaplan_meier_by_segment",
    "lifecycle",
    "logrank_test",
    "lr_test",
    "nps",
    "nps_by",
    "nps_by_segment",
    "nps_trend",
    "period_rates",
    "response_times",
    "retention_rate",
    "rfm_scores",
    "rfm_summary",
    "sankey_edges",
    "time_to_repeat",
    "top_paths",
    "tracking",
    "transitions",
    "unit_economics",
]

# Personalization (issue 10): best customers, personas, lookalikes.
__all__ += [
    "Personas",
    "TopCustomers",
    "ValueConcentration",
    "lookalike",
    "personas",
    "silhouette",
    "top_customers",
    "value_concentration",
]
