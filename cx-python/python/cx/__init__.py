"""cx: customer-experience analytics (NPS, CSAT, CES) on a Rust core.

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
    CsatResult,
    NpsComparison,
    NpsResult,
    NpsTally,
    __version__,
    ces,
    compare_nps,
    csat,
    nps,
)
from ._frames import nps_by, nps_by_segment, nps_trend
from .exceptions import (
    ConvergenceError,
    CxError,
    EmptyInputError,
    InvalidInputError,
    InvalidTypeError,
    LengthMismatchError,
)

__all__ = [
    "CesResult",
    "ConvergenceError",
    "CsatResult",
    "CxError",
    "EmptyInputError",
    "InvalidInputError",
    "InvalidTypeError",
    "LengthMismatchError",
    "NpsComparison",
    "NpsResult",
    "NpsTally",
    "__version__",
    "ces",
    "compare_nps",
    "csat",
    "nps",
    "nps_by",
    "nps_by_segment",
    "nps_trend",
]
