"""pandas conveniences: NPS by segment and NPS trend as DataFrames.

pandas only reshapes here; the grouping, the counting and every number come from the Rust
core through ``cx._cx``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Optional

import numpy as np

# The native module has no stub of its own: its public names are typed in cx/__init__.pyi.
_cx: Any = importlib.import_module("cx._cx")
from .exceptions import CxError, InvalidInputError, InvalidTypeError

if TYPE_CHECKING:
    import pandas as pd

    from . import NpsResult

__all__ = ["nps_by", "nps_by_segment", "nps_trend", "RESULT_COLUMNS"]

#: Columns of the frames returned by :func:`nps_by` and :func:`nps_trend`, in order.
RESULT_COLUMNS = (
    "n",
    "score",
    "ci_low",
    "ci_high",
    "std_error",
    "promoters",
    "passives",
    "detractors",
    "effective_n",
)

# pandas offset aliases → the core's periods. pandas' "W" (= "W-SUN") bins Monday..Sunday,
# which is the ISO week; cx labels each period by its first day.
_FREQ = {
    "ME": "M",
    "MS": "M",
    "W-SUN": "W",
}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            "cx.nps_by and cx.nps_trend need pandas: pip install 'cxkit[pandas]'"
        ) from e
    return pandas


def _column(df: Any, name: Any, arg: str) -> Any:
    if not isinstance(name, str):
        raise InvalidTypeError(
            f"`{arg}` must name a column of the frame, got {name!r}",
            code="CX_INVALID_INPUT",
            field=arg,
        )
    if name not in df.columns:
        raise InvalidInputError(
            f"invalid input `{arg}`: no column {name!r} in the frame "
            f"(columns: {', '.join(map(str, df.columns))})",
            field=arg,
        )
    return df[name]


def _frame(df: Any) -> None:
    pd = _pandas()
    if not isinstance(df, pd.DataFrame):
        raise InvalidTypeError(
            f"invalid input `df`: expected a pandas DataFrame, got {type(df).__name__}",
            code="CX_INVALID_INPUT",
            field="df",
        )


@contextmanager
def _row_positions(keep: np.ndarray) -> Iterator[Optional[np.ndarray]]:
    """Error indexes from the core count kept rows only; report them as frame rows."""
    positions = None if keep.all() else np.flatnonzero(keep)
    try:
        yield positions
    except CxError as e:
        if positions is None or e.index is None or not 0 <= e.index < len(positions):
            raise
        row = int(positions[e.index])
        message = re.sub(rf"\bat index {e.index}\b", f"at index {row}", str(e), count=1)
        raise type(e)(message, code=e.code, field=e.field, index=row) from None


def _to_frame(labels: Any, results: list, index_name: str) -> "pd.DataFrame":
    pd = _pandas()
    rows = [
        (
            r.n,
            r.score,
            r.ci[0],
            r.ci[1],
            r.std_error,
            r.promoters,
            r.passives,
            r.detractors,
            r.effective_n,
        )
        for r in results
    ]
    frame = pd.DataFrame.from_records(rows, columns=list(RESULT_COLUMNS))
    frame.index = pd.Index(labels, name=index_name)
    return frame.astype({"n": "int64"})


def nps_by_segment(
    scores: Any,
    segments: Any,
    weights: Any = None,
    level: float = 0.95,
    method: str = "wald",
) -> "list[tuple[Any, NpsResult]]":
    """NPS per segment label without pandas: ``[(label, NpsResult), ...]`` sorted by label.

    ``segments`` holds one label (str or number) per score; ``scores`` and ``weights`` are
    columns as for :func:`cx.nps`. Errors name the position in the input.
    """
    if segments is None or isinstance(segments, (str, bytes)):
        raise InvalidTypeError(
            f"invalid input `segments`: expected a sequence of labels, got {segments!r}",
            code="CX_INVALID_INPUT",
            field="segments",
        )
    values = np.asarray(segments)
    if values.ndim != 1:
        raise InvalidTypeError(
            f"invalid input `segments`: expected a sequence of labels, got {segments!r}",
            code="CX_INVALID_INPUT",
            field="segments",
        )
    try:
        labels, codes = np.unique(values, return_inverse=True)
    except TypeError as e:
        raise InvalidTypeError(
            f"invalid input `segments`: labels must be all strings or all numbers: {e}",
            code="CX_INVALID_INPUT",
            field="segments",
        ) from None
    groups = _cx._nps_by_codes(
        scores, np.ascontiguousarray(codes.reshape(-1), dtype=np.int64), weights, level, method
    )
    names = labels.tolist()
    return [(names[code], r) for code, r in groups]


def nps_by(
    df: "pd.DataFrame",
    score: str = "score",
    by: str = "segment",
    *,
    weights: Optional[str] = None,
    level: float = 0.95,
    method: str = "wald",
) -> "pd.DataFrame":
    """NPS per segment as a DataFrame, one row per value of column ``by`` (sorted).

    Columns: ``n``, ``score``, ``ci_low``, ``ci_high``, ``std_error``, ``promoters``,
    ``passives``, ``detractors``, ``effective_n`` (see :func:`cx.nps`); the index holds the
    segment values and is named ``by``. Rows whose segment is missing (NaN/None) are left
    out, as in ``DataFrame.groupby``. Errors name the row position in ``df``.
    """
    _frame(df)
    scores = _column(df, score, "score")
    keys = _column(df, by, "by")
    w = None if weights is None else _column(df, weights, "weights").to_numpy()
    keep = keys.notna().to_numpy()
    codes, uniques = _pandas().factorize(keys, sort=True)
    with _row_positions(keep):
        groups = _cx._nps_by_codes(
            scores.to_numpy()[keep],
            np.ascontiguousarray(codes[keep], dtype=np.int64),
            None if w is None else w[keep],
            level,
            method,
        )
    labels = uniques.take([code for code, _ in groups])
    return _to_frame(labels, [r for _, r in groups], str(by))


def nps_trend(
    df: "pd.DataFrame",
    score: str = "score",
    time: str = "timestamp",
    freq: str = "M",
    *,
    weights: Optional[str] = None,
    level: float = 0.95,
    method: str = "wald",
) -> "pd.DataFrame":
    """NPS per calendar period as a DataFrame, in time order.

    ``freq`` is ``"D"`` (day), ``"W"`` (ISO week, Monday to Sunday) or ``"M"`` (month);
    the pandas aliases ``"ME"``, ``"MS"`` and ``"W-SUN"`` work too. Times are parsed with
    ``pandas.to_datetime(utc=True)`` (naive times are taken as UTC). The index, named
    ``period``, holds the first day of each period that has responses; the columns are
    those of :func:`nps_by`. Rows with a missing time are left out.
    """
    pd = _pandas()
    _frame(df)
    scores = _column(df, score, "score")
    raw_times = _column(df, time, "time")
    if not isinstance(freq, str):
        raise InvalidTypeError(
            f"invalid input `freq`: expected a string, got {freq!r}",
            code="CX_INVALID_INPUT",
            field="freq",
        )
    try:
        times = pd.to_datetime(raw_times, utc=True)
    except (ValueError, TypeError) as e:
        raise InvalidInputError(
            f"invalid input `time`: column {time!r} does not hold times: {e}", field="time"
        ) from None
    keep = times.notna().to_numpy()
    ns = np.asarray(times.dt.tz_convert(None), dtype="datetime64[ns]").view(np.int64)
    w = None if weights is None else _column(df, weights, "weights").to_numpy()
    with _row_positions(keep):
        periods = _cx._nps_trend_ns(
            scores.to_numpy()[keep],
            np.ascontiguousarray(ns[keep]),
            _FREQ.get(freq.upper(), freq),
            None if w is None else w[keep],
            level,
            method,
        )
    labels = pd.to_datetime([p for p, _ in periods])
    return _to_frame(labels, [r for _, r in periods], "period")
