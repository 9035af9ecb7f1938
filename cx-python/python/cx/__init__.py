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
    ConversionRate,
    CsatResult,
    NpsComparison,
    NpsResult,
    NpsTally,
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
    "ConvergenceError",
    "ConversionRate",
    "CsatResult",
    "CxError",
    "EmptyInputError",
    "InvalidInputError",
    "InvalidTypeError",
    "LengthMismatchError",
    "NpsComparison",
    "NpsResult",
    "NpsTally",
    "ResponseTimes",
    "UnitEconomics",
    "__version__",
    "attribution",
    "cac",
    "ces",
    "channel_switching",
    "compare_nps",
    "conversion_rate",
    "csat",
    "funnel",
    "funnel_columns",
    "nps",
    "nps_by",
    "nps_by_segment",
    "nps_trend",
    "response_times",
    "sankey_edges",
    "top_paths",
    "transitions",
    "unit_economics",
]
