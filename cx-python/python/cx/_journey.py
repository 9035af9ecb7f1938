"""Journeys: funnels, paths, channel switching, attribution, response-time SLAs, acquisition.

pandas only reads columns and reshapes results here; grouping, ordering, counting and every
number come from the Rust core (``cx_core::journey``) through ``cx._cx``.

Times are whole seconds: a datetime column (naive times are taken as UTC), strings that
``pandas.to_datetime`` reads, or numbers of seconds since any fixed origin.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

import numpy as np

_cx: Any = importlib.import_module("cx._cx")
from ._frames import _pandas
from .exceptions import InvalidInputError, InvalidTypeError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Attribution",
    "CacReport",
    "ChannelSwitching",
    "ResponseTimes",
    "attribution",
    "cac",
    "channel_switching",
    "funnel",
    "funnel_columns",
    "response_times",
    "sankey_edges",
    "top_paths",
    "transitions",
]

_NS = 1_000_000_000


def _type_error(field_name: str, message: str, index: Optional[int] = None) -> InvalidTypeError:
    return InvalidTypeError(
        f"invalid input `{field_name}`: {message}",
        code="CX_INVALID_INPUT",
        field=field_name,
        index=index,
    )


def _getter(data: Any, arg: str) -> Callable[[Any, str], Any]:
    """Column access on a DataFrame or a mapping of columns (which may differ in length)."""
    pd = _pandas()
    if isinstance(data, pd.DataFrame):
        columns = data
    elif isinstance(data, Mapping):
        columns = data
    else:
        raise _type_error(arg, f"expected a pandas DataFrame or a dict of columns, got {type(data).__name__}")

    def get(name: Any, param: str) -> Any:
        if not isinstance(name, str):
            raise _type_error(param, f"must name a column, got {name!r}")
        if name not in columns:
            shown = ", ".join(map(str, list(columns.keys() if isinstance(columns, Mapping) else columns.columns)))
            raise InvalidInputError(
                f"invalid input `{param}`: no column {name!r} in `{arg}` (columns: {shown})",
                field=param,
            )
        return columns[name]

    return get


def _series(values: Any, field_name: str) -> "pd.Series":
    pd = _pandas()
    if isinstance(values, pd.Series):
        return values.reset_index(drop=True)
    if values is None or isinstance(values, (str, bytes)):
        raise _type_error(field_name, f"expected a column, got {values!r}")
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise InvalidInputError(
            f"invalid input `{field_name}`: expected a one-dimensional column", field=field_name
        )
    return pd.Series(values if isinstance(values, np.ndarray) else list(values), dtype=None)


def _labels(values: Any, field_name: str) -> tuple[np.ndarray, list[str]]:
    """A label column as ``(codes, names)``; a missing label fails with its row."""
    s = _series(values, field_name)
    if s.dtype.kind == "f":
        bad = np.flatnonzero(s.isna().to_numpy())
        if len(bad) == 0:
            raise _type_error(field_name, "expected labels (strings or integers), got floats")
    codes, uniques = _pandas().factorize(s)
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        i = int(missing[0])
        raise InvalidInputError(
            f"invalid input `{field_name}`: missing value at index {i}", field=field_name, index=i
        )
    names = [u if isinstance(u, str) else str(u) for u in uniques.tolist()]
    return np.ascontiguousarray(codes, dtype=np.int64), names


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))


def _instants(values: Any, field_name: str) -> tuple[np.ndarray, np.ndarray]:
    """Whole seconds (int64) and a missing mask from datetimes, time strings or numbers."""
    pd = _pandas()
    s = _series(values, field_name)
    kind = s.dtype.kind
    if kind == "O" and all(_is_number(x) or x is None for x in s.tolist()):
        s = pd.to_numeric(s)
        kind = s.dtype.kind
    if kind in "iu":
        return np.ascontiguousarray(s.to_numpy(), dtype=np.int64), np.zeros(len(s), dtype=bool)
    if kind == "f":
        v = s.to_numpy(dtype=np.float64)
        missing = np.isnan(v)
        bad = np.flatnonzero(~missing & ((v != np.floor(v)) | (np.abs(v) > 2.0**53)))
        if len(bad):
            i = int(bad[0])
            raise InvalidInputError(
                f"invalid input `{field_name}`: at index {i}: times in seconds must be whole "
                f"numbers (value {v[i]})",
                field=field_name,
                index=i,
            )
        return np.ascontiguousarray(np.where(missing, 0, v), dtype=np.int64), missing
    if kind == "b":
        raise _type_error(field_name, "expected times, got booleans")
    try:
        t = pd.to_datetime(s, utc=True)
    except (ValueError, TypeError) as e:
        raise InvalidInputError(
            f"invalid input `{field_name}`: does not hold times: {e}", field=field_name
        ) from None
    missing = t.isna().to_numpy()
    ns = np.asarray(t.dt.tz_convert(None), dtype="datetime64[ns]").view(np.int64)
    secs = np.where(missing, 0, ns // _NS)
    return np.ascontiguousarray(secs, dtype=np.int64), missing


def _required_instants(values: Any, field_name: str) -> np.ndarray:
    secs, missing = _instants(values, field_name)
    bad = np.flatnonzero(missing)
    if len(bad):
        i = int(bad[0])
        raise InvalidInputError(
            f"invalid input `{field_name}`: missing time at index {i}", field=field_name, index=i
        )
    return secs


def _optional_instants(values: Any, field_name: str) -> list[Optional[int]]:
    secs, missing = _instants(values, field_name)
    return [None if m else int(x) for x, m in zip(secs.tolist(), missing.tolist())]


def _instant(value: Any, field_name: str) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        raise _type_error(field_name, f"expected one time, got {value!r}")
    return int(_required_instants([value], field_name)[0])


def _steps(steps: Any) -> list[tuple[str, list[str]]]:
    """Steps as ``(name, [events])``: a name, ``{"name", "events"}``, ``(name, [events])`` or
    a list of event names (any of them; named ``"a | b"``)."""
    if steps is None or isinstance(steps, (str, bytes, Mapping)):
        raise _type_error("steps", f"expected a list of steps, got {steps!r}")
    out = []
    for k, s in enumerate(steps):
        if isinstance(s, str):
            out.append((s, [s]))
        elif isinstance(s, Mapping) and isinstance(s.get("name"), str):
            events = s.get("events", [s["name"]])
            out.append((s["name"], _names(events, k)))
        elif (
            isinstance(s, tuple)
            and len(s) == 2
            and isinstance(s[0], str)
            and not isinstance(s[1], str)
        ):
            out.append((s[0], _names(s[1], k)))
        elif isinstance(s, (list, tuple)) and s and all(isinstance(x, str) for x in s):
            out.append((" | ".join(s), list(s)))
        else:
            raise _type_error(
                "steps",
                f"a step is an event name, a list of names or (name, [events]), got {s!r}",
                index=k,
            )
    return out


def _names(events: Any, k: int) -> list[str]:
    if isinstance(events, str) or not all(isinstance(x, str) for x in events):
        raise _type_error("steps", f"step events must be a list of names, got {events!r}", index=k)
    return list(events)


_STEP_COLUMNS = [
    "entered",
    "converted",
    "conversion_from_first",
    "conversion_from_previous",
    "median_seconds_to_convert",
    "mean_seconds_to_convert",
    "median_seconds_from_first",
    "mean_seconds_from_first",
]


def _funnel_frame(report: dict[str, Any], breakdown: Optional[str]) -> "pd.DataFrame":
    pd = _pandas()
    if breakdown is None:
        frame = pd.DataFrame.from_records(report["steps"], columns=["step", *_STEP_COLUMNS])
        return frame.set_index("step").astype(
            {"entered": "int64", "converted": "int64"} | {c: "float64" for c in _STEP_COLUMNS[2:]}
        )
    rows = [dict(s, **{breakdown: seg["value"]}) for seg in report["segments"] for s in seg["steps"]]
    frame = pd.DataFrame.from_records(rows, columns=[breakdown, "step", *_STEP_COLUMNS])
    return frame.set_index([breakdown, "step"]).astype(
        {"entered": "int64", "converted": "int64"} | {c: "float64" for c in _STEP_COLUMNS[2:]}
    )


def funnel(
    events: Any,
    steps: Any,
    customer: str = "customer_id",
    time: str = "timestamp",
    event: str = "event",
    window: Union[str, int] = "14d",
    order: str = "ordered",
    exclusions: Optional[list[str]] = None,
    breakdown: Optional[str] = None,
    *,
    touch: str = "first_touch",
) -> "pd.DataFrame":
    """Conversion funnel over an event table, one row per step.

    ``events`` is a DataFrame (or a dict of columns) with a customer, a time and an event
    column. ``steps`` lists the steps in order: an event name, a list of names (any of them),
    or ``(name, [events])``. ``window`` is the conversion window from the first step (seconds
    or ``"14d"``, ``"36h"``, ``"90m"``, ``"2w"``; inclusive). ``order`` is ``"ordered"``
    (other events may come between steps), ``"strict"`` (none may) or ``"unordered"``.
    An ``exclusions`` event after entry voids the customer's later steps. Each customer counts
    once, from their first qualifying entry.

    Columns: ``entered``, ``converted``, ``conversion_from_first``,
    ``conversion_from_previous``, ``median_seconds_to_convert`` / ``mean_seconds_to_convert``
    (from the previous step) and ``median_seconds_from_first`` / ``mean_seconds_from_first``;
    the index is the step name. With ``breakdown`` (a column name), one block of steps per
    value of that column, indexed by ``(value, step)``; the value is taken from the
    customer's entry event (``touch="first_touch"``) or from the event of the last step they
    reached (``"last_touch"``).
    """
    get = _getter(events, "events")
    customers = _labels(get(customer, "customer"), "customers")
    times = _required_instants(get(time, "time"), "times")
    names = _labels(get(event, "event"), "events")
    keys = None if breakdown is None else _labels(get(breakdown, "breakdown"), "breakdown")
    report = _cx._funnel(
        customers, times, names, _steps(steps), window, order, exclusions, keys, touch
    )
    return _funnel_frame(report, breakdown)


def funnel_columns(
    customers: Any,
    times: Any,
    events: Any,
    steps: Any,
    window: Union[str, int] = "14d",
    order: str = "ordered",
    exclusions: Any = None,
    breakdown: Any = None,
    *,
    touch: str = "first_touch",
) -> "pd.DataFrame":
    """The funnel's fast path on integer ids, for large tables already prepared.

    ``customers``, ``events`` (and ``breakdown``) are whole-number ids (``uint32`` range),
    ``times`` whole seconds; the rows must be sorted by customer, then time (an unsorted row
    fails with its index). ``steps`` lists, per step, the event id or ids that reach it;
    ``exclusions`` is a list of event ids. Steps are named ``"step 1"``, ``"step 2"``, ...;
    breakdown values are the ids as text. Same columns as :func:`funnel`.
    """
    report = _cx._funnel_columns(
        customers, times, events, steps, window, order, exclusions, breakdown, touch
    )
    return _funnel_frame(report, None if breakdown is None else "breakdown")


def _paths(events: Any, customer: str, time: str, item: str, item_param: str) -> Any:
    """A DataFrame (or dict of columns) becomes one path per customer; anything else is
    taken as a list of paths (lists of names) and checked by the core."""
    pd = _pandas()
    if isinstance(events, (pd.DataFrame, Mapping)):
        get = _getter(events, "events")
        return _cx._paths_by_customer(
            _labels(get(customer, "customer"), "customers"),
            _required_instants(get(time, "time"), "times"),
            _labels(get(item, item_param), item_param),
        )
    if isinstance(events, pd.Series):
        return events.tolist()
    return events


def top_paths(
    events: Any,
    k: int = 10,
    customer: str = "customer_id",
    time: str = "timestamp",
    event: str = "event",
    *,
    max_length: Optional[int] = None,
    collapse_repeats: bool = False,
) -> "pd.DataFrame":
    """The ``k`` most frequent paths, by count (ties by path), with their share of journeys.

    ``events`` is an event table (one path per customer, in time order; pass
    ``event="channel"`` for channel paths) or a list of paths (lists of names).
    ``max_length`` cuts paths to their first steps; ``collapse_repeats`` merges runs of the
    same step. Columns ``path`` (a tuple), ``count``, ``share``.
    """
    pd = _pandas()
    rows = _cx._top_paths(_paths(events, customer, time, event, "event"), k, max_length, collapse_repeats)
    frame = pd.DataFrame.from_records(rows, columns=["path", "count", "share"])
    frame["path"] = [tuple(p) for p in frame["path"]]
    return frame.astype({"count": "int64", "share": "float64"})


def transitions(
    events: Any,
    from_event: str,
    direction: str = "next",
    customer: str = "customer_id",
    time: str = "timestamp",
    event: str = "event",
) -> "pd.DataFrame":
    """What comes after (``direction="next"``) or before (``"previous"``) every occurrence of
    ``from_event``, by count; a path's end is ``"(end)"``, its start ``"(start)"``.

    ``events`` as for :func:`top_paths`. Columns ``item``, ``count``, ``share`` (of all
    occurrences of ``from_event``); empty when it never occurs.
    """
    pd = _pandas()
    rows = _cx._transitions(_paths(events, customer, time, event, "event"), from_event, direction)
    frame = pd.DataFrame.from_records(rows, columns=["item", "count", "share"])
    return frame.astype({"count": "int64", "share": "float64"})


def sankey_edges(
    events: Any,
    max_steps: int = 3,
    customer: str = "customer_id",
    time: str = "timestamp",
    event: str = "event",
) -> "pd.DataFrame":
    """Edges of a Sankey chart over the first ``max_steps`` positions of the paths: columns
    ``step`` (position of the source), ``source``, ``target`` (``"(end)"`` where a path
    stops), ``count``. ``events`` as for :func:`top_paths`."""
    pd = _pandas()
    rows = _cx._sankey_edges(_paths(events, customer, time, event, "event"), max_steps)
    frame = pd.DataFrame.from_records(rows, columns=["step", "source", "target", "count"])
    return frame.astype({"step": "int64", "count": "int64"})


@dataclass(frozen=True)
class ChannelSwitching:
    """How journeys move between channels, from :func:`channel_switching`."""

    #: Journeys with at least one touch.
    journeys: int
    #: Journeys that use more than one channel.
    multi_channel: int
    #: ``multi_channel / journeys``.
    multi_channel_share: float
    #: Consecutive touch pairs on different channels.
    switches: int
    #: All consecutive touch pairs.
    transitions: int
    #: Counts of ``from`` channel (rows) to ``to`` channel (columns), channels sorted.
    matrix: "pd.DataFrame" = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The core's form: counts, ``channels`` and ``matrix`` as nested lists."""
        return {
            "journeys": self.journeys,
            "multi_channel": self.multi_channel,
            "multi_channel_share": self.multi_channel_share,
            "switches": self.switches,
            "transitions": self.transitions,
            "channels": [str(c) for c in self.matrix.index],
            "matrix": self.matrix.to_numpy().tolist(),
        }


def channel_switching(
    events: Any,
    channel: str = "channel",
    customer: str = "customer_id",
    time: str = "timestamp",
) -> ChannelSwitching:
    """Share of journeys that use more than one channel and the channel-to-channel switch
    matrix. ``events`` is a touchpoint table (one journey per customer, in time order) or a
    list of channel paths; empty paths are skipped."""
    pd = _pandas()
    r = _cx._channel_switching(_paths(events, customer, time, channel, "channel"))
    matrix = pd.DataFrame(r["matrix"], index=r["channels"], columns=r["channels"], dtype="int64")
    matrix.index.name = "from"
    matrix.columns.name = "to"
    return ChannelSwitching(
        r["journeys"], r["multi_channel"], r["multi_channel_share"], r["switches"],
        r["transitions"], matrix,
    )


class Attribution(dict):  # type: ignore[type-arg]
    """Conversions credited to each channel: a ``dict`` channel → credit (channels sorted),
    with the rest of the model's result as attributes."""

    #: The model's name.
    model: str
    #: Value credited to each channel when ``values`` were given, else ``None``.
    value_credits: Optional[dict[str, float]]
    #: Markov removal effect of each channel (``None`` for other models).
    removal_effects: Optional[dict[str, Optional[float]]]
    #: Credit ÷ total conversions per channel.
    shares: dict[str, float]
    total_conversions: float
    total_value: Optional[float]
    #: Markov: probability that a journey converts (``None`` for other models).
    conversion_probability: Optional[float]

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain values: ``credits``, ``values``, ``removal_effects``, ..."""
        return {
            "model": self.model,
            "credits": dict(self),
            "values": self.value_credits,
            "removal_effects": self.removal_effects,
            "shares": self.shares,
            "total_conversions": self.total_conversions,
            "total_value": self.total_value,
            "conversion_probability": self.conversion_probability,
        }

    def __repr__(self) -> str:
        return f"Attribution({self.model}, {dict.__repr__(self)})"


def _arrow_string_buffers(s: "pd.Series") -> Optional[tuple[Any, Any]]:
    """An Arrow-backed pandas string column without missing values (pandas 3's default ``str``
    dtype with pyarrow installed, or ``string[pyarrow]``) as its UTF-8 bytes and offsets, read
    in place: no Python ``str`` per row. ``None`` for any other column."""
    if getattr(s.dtype, "storage", None) != "pyarrow" and type(s.dtype).__name__ != "ArrowDtype":
        return None
    try:
        import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

        chunk = pa.array(s.array)  # the column's Arrow data (no copy for one chunk)
        if isinstance(chunk, pa.ChunkedArray):
            chunk = chunk.combine_chunks()
        if chunk.null_count or not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return None
        _, offsets, data = chunk.buffers()
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
        data = np.zeros(0, np.uint8) if data is None else np.frombuffer(data, dtype=np.uint8)
        return data, offsets
    except (ImportError, AttributeError, TypeError, ValueError):
        return None


def attribution(
    paths: Any,
    conversions: Any,
    nulls: Any = None,
    values: Any = None,
    model: str = "markov",
    order: int = 1,
    *,
    times: Any = None,
    first: float = 0.4,
    last: float = 0.4,
    half_life: float = 7.0,
    sep: str = ">",
    path: str = "path",
) -> Attribution:
    """Multi-touch attribution: conversions credited to channels, as a dict channel → credit.

    ``paths`` are journeys as lists of channel names, or as path strings such as
    ``"search > email > web"`` (channel names joined by ``sep``, trimmed: the layout of
    ``ChannelAttribution``; identical strings are counted together before any model runs), or
    a DataFrame with a ``path`` column of path strings, whose ``conversions``, ``nulls`` and
    ``values`` may then be column names. ``conversions[i]`` and ``nulls[i]``
    count the journeys along ``paths[i]`` that converted and that did not; ``values[i]`` is
    their conversion value. ``model``: ``first_touch``, ``last_touch``, ``linear``,
    ``position_based`` (``first`` / ``last`` shares, 40/20/40 by default), ``time_decay``
    (needs ``times``, per-touch times in a unit of your choice, and ``half_life`` in that
    unit), ``markov`` (exact removal effect of a chain of ``order`` 1, 2 or 3; Anderl et al.
    2016) or ``shapley`` (exact, at most 15 channels; Zhao et al. 2018). Credits sum to the
    total conversions (value credits to the total value). A channel only on unconverted paths
    gets 0.
    """
    pd = _pandas()
    if isinstance(paths, pd.DataFrame):
        get = _getter(paths, "paths")

        def col(v: Any, param: str) -> Any:
            return get(v, param).to_numpy() if isinstance(v, str) else v

        conversions, nulls, values = col(conversions, "conversions"), col(nulls, "nulls"), col(values, "values")
        paths = get(path, "path")
    buffers = None
    if isinstance(paths, pd.Series):
        buffers = _arrow_string_buffers(paths)
        if buffers is not None:
            paths = None
        elif paths.dtype == object:
            paths = paths.to_numpy()  # read in place by the native layer
        else:
            paths = paths.tolist()
    r = _cx._attribution(paths, conversions, nulls, values, times, model, order, first, last,
                         half_life, sep, buffers)
    out = Attribution((c["channel"], c["conversions"]) for c in r["channels"])
    out.model = r["model"]
    has_values = r["total_value"] is not None
    out.value_credits = {c["channel"]: c["value"] for c in r["channels"]} if has_values else None
    is_markov = r["conversion_probability"] is not None
    out.removal_effects = (
        {c["channel"]: c["removal_effect"] for c in r["channels"]} if is_markov else None
    )
    out.shares = {c["channel"]: c["share"] for c in r["channels"]}
    out.total_conversions = r["total_conversions"]
    out.total_value = r["total_value"]
    out.conversion_probability = r["conversion_probability"]
    return out


_SLA_COLUMNS = [
    "requests",
    "answered",
    "unanswered",
    "median_seconds",
    "mean_answered_seconds",
    "within_target_share",
    "same_day_share",
    "resolved",
    "median_resolution_seconds",
]


@dataclass(frozen=True)
class ResponseTimes:
    """First-reply SLAs, from :func:`response_times`."""

    #: All requests: the columns of ``by_channel`` plus ``percentiles`` (p → seconds).
    summary: dict[str, Any]
    #: One row per channel (sorted): counts, median and percentile (``p50``, ``p90``, ...)
    #: reply seconds, shares within target and on the same day, resolution median.
    by_channel: "pd.DataFrame" = field(repr=False)
    _report: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The core's form: ``{"overall": {...}, "by_channel": [{...}, ...]}``."""
        return self._report


def _pcol(p: float) -> str:
    return f"p{100 * p:g}".replace(".", "_")


def response_times(
    requests: Any,
    channel: str = "channel",
    opened: str = "opened_at",
    first_reply: str = "first_reply_at",
    resolved: Optional[str] = "resolved_at",
    *,
    as_of: Any = None,
    percentiles: Any = (0.5, 0.9, 0.95),
    target: Union[str, int] = "1h",
    schedule: Any = None,
    utc_offset_minutes: int = 0,
) -> ResponseTimes:
    """First-reply times of support requests, unanswered ones censored (product-limit).

    ``requests`` is a DataFrame (or dict of columns) with a channel, an opening time, a first
    reply time and optionally a resolution time (missing = not yet; ``resolved=None`` if
    there is no such column). ``as_of`` ends the observation (default: the latest time).
    ``target`` is the reply target (seconds or ``"1h"``, ``"30m"``...). ``schedule`` counts
    only business time: seven ``(open_minute, close_minute)`` pairs or ``None`` (closed),
    Monday first, in local time at ``utc_offset_minutes`` (which also sets the calendar day
    for ``same_day_share``).
    """
    pd = _pandas()
    get = _getter(requests, "requests")
    channels = _labels(get(channel, "channel"), "channels")
    opened_s = _required_instants(get(opened, "opened"), "opened")
    reply = _optional_instants(get(first_reply, "first_reply"), "first_reply")
    if resolved is None:
        done: list[Optional[int]] = [None] * len(opened_s)
    else:
        done = _optional_instants(get(resolved, "resolved"), "resolved")
    report = _cx._response_times(
        channels, opened_s, reply, done, _instant(as_of, "as_of"), percentiles, target,
        schedule, utc_offset_minutes,
    )

    def flat(r: dict[str, Any]) -> dict[str, Any]:
        row = {c: r[c] for c in _SLA_COLUMNS}
        for p in r["percentiles"]:
            row[_pcol(p["p"])] = p["seconds"]
        return row

    summary = flat(report["overall"])
    summary["percentiles"] = {p["p"]: p["seconds"] for p in report["overall"]["percentiles"]}
    rows = [flat(r) for r in report["by_channel"]]
    columns = _SLA_COLUMNS + [_pcol(p["p"]) for p in report["overall"]["percentiles"]]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame.index = pd.Index([r["channel"] for r in report["by_channel"]], name="channel")
    ints = {"requests": "int64", "answered": "int64", "unanswered": "int64", "resolved": "int64"}
    frame = frame.astype(ints | {c: "float64" for c in columns if c not in ints})
    return ResponseTimes(summary, frame, report)


@dataclass(frozen=True)
class CacReport:
    """Customer acquisition cost, from :func:`cac`."""

    #: Per (channel, period): ``spend``, ``new_customers``, ``cac`` (NaN without customers).
    rows: "pd.DataFrame" = field(repr=False)
    #: Per channel, over all periods.
    by_channel: "pd.DataFrame" = field(repr=False)
    #: Over everything: ``spend``, ``new_customers``, ``cac``.
    overall: dict[str, Any]
    _report: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The core's form: ``{"rows": [...], "by_channel": [...], "overall": {...}}``."""
        return self._report


def cac(
    data: Any,
    channel: str = "channel",
    period: str = "period",
    spend: str = "spend",
    new_customers: str = "new_customers",
) -> CacReport:
    """CAC = spend ÷ new customers, per channel and period, per channel, and overall.

    ``data`` is a DataFrame (or dict of columns); rows with the same channel and period are
    added up first. Spend and customer counts must be finite and >= 0.
    """
    pd = _pandas()
    get = _getter(data, "data")
    r = _cx._cac(
        _labels(get(channel, "channel"), "channels"),
        _labels(get(period, "period"), "periods"),
        get(spend, "spend"),
        get(new_customers, "new_customers"),
    )
    cols = ["spend", "new_customers", "cac"]

    def frame(records: list[dict[str, Any]], keys: list[str]) -> Any:
        f = pd.DataFrame.from_records(records, columns=keys + cols).set_index(keys)
        return f.astype({c: "float64" for c in cols})

    overall = {c: r["overall"][c] for c in cols}
    return CacReport(
        frame(r["rows"], ["channel", "period"]), frame(r["by_channel"], ["channel"]), overall, r
    )
