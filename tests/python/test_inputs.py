"""Input types (lists, numpy dtypes, pandas) and the error for every bad input."""

from __future__ import annotations

import math
import pickle
import threading
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import cx

SCORES = [10, 9, 8, 3]  # NPS 25 (50% promoters - 25% detractors)


@pytest.mark.parametrize(
    "dtype",
    ["float64", "float32", "float16", "int8", "int16", "int32", "int64",
     "uint8", "uint16", "uint32", "uint64", ">f8", "<i4", ">i8"],
)
def test_every_numeric_dtype(dtype: str) -> None:
    r = cx.nps(np.array(SCORES, dtype=dtype))
    assert r.score == 25.0
    assert r.n == 4
    assert r.std_error == pytest.approx(41.4578098794425, abs=1e-9)


@pytest.mark.parametrize(
    "scores",
    [
        SCORES,
        tuple(SCORES),
        iter(SCORES),
        (s for s in SCORES),
        [10.0, 9.0, 8.0, 3.0],
        [np.int64(10), np.float32(9), np.uint8(8), 3],
        [Decimal(10), Fraction(9), 8, 3],
        np.array([10, 0, 9, 0, 8, 0, 3, 0], dtype=np.float64)[::2],  # strided view
        np.asfortranarray(np.array(SCORES, dtype=np.float64)),
        pd.Series(SCORES),
        pd.Series(SCORES, dtype="float64", index=[7, 3, 1, 0]),
        pd.Series(SCORES, dtype="Int64"),
        pd.Series(SCORES, dtype="uint8"),
        pd.array(SCORES, dtype="Int32"),
        np.array(SCORES, dtype=object),
    ],
    ids=lambda s: type(s).__name__,
)
def test_column_kinds(scores: object) -> None:
    assert cx.nps(scores).score == 25.0


def test_read_only_and_huge_arrays() -> None:
    a = np.array(SCORES * 1000, dtype=np.float64)
    a.setflags(write=False)
    assert cx.nps(a).n == 4000
    b = np.tile(np.arange(11, dtype=np.uint8), 100_000)  # 1.1M bytes, fast path
    r = cx.nps(b)
    assert r.n == 1_100_000
    assert r.promoters == pytest.approx(2 / 11, abs=1e-15)
    assert r.detractors == pytest.approx(7 / 11, abs=1e-15)
    # The float path and the byte path agree exactly.
    assert cx.nps(b.astype(np.float64)) == r


def test_contiguous_float64_is_not_copied() -> None:
    """Peak memory does not grow by the array's size: the buffer is read in place."""
    import resource

    big = np.full(100_000_000, 9.0)  # 800 MB, more than any earlier test holds
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    assert cx.nps(big).score == 100.0
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 200, f"peak memory grew by {grown_mib:.0f} MiB"


def test_weights_as_any_column() -> None:
    scores = [10, 9, 8, 7, 6, 3, 0, 10]
    w = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 0.5, 2.5]
    want = cx.nps(scores, w)
    # Kish effective n = (sum w)^2 / sum w^2 = 12^2 / 24; promoters 5.5 of 12, detractors 4.5.
    assert want.effective_n == pytest.approx(6.0, abs=1e-12)
    assert want.score == pytest.approx(100 * (5.5 - 4.5) / 12, abs=1e-12)
    assert cx.nps(np.array(scores, dtype=np.uint8), np.array(w, dtype=np.float32)) == want
    assert cx.nps(pd.Series(scores), pd.Series(w)) == want


def test_gil_is_released_during_the_count() -> None:
    """While cx.nps counts a large array, other Python threads keep running."""
    import time

    data = np.tile(np.arange(11, dtype=np.float64), 3_000_000)  # 33M scores, ~0.1 s
    t0 = time.perf_counter()
    cx.nps(data)
    alone = time.perf_counter() - t0
    if alone < 0.02:
        pytest.skip("machine too fast to observe")
    done = threading.Event()
    worker = threading.Thread(target=lambda: (cx.nps(data), done.set()))
    ticks, longest, last = 0, 0.0, time.perf_counter()
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
        ticks += 1
    worker.join()
    # Holding the GIL would freeze this loop for the whole call.
    assert ticks > 100 and longest < 0.5 * alone, (ticks, longest, alone)


def test_threads_agree() -> None:
    data = np.tile(np.arange(11, dtype=np.float64), 200_000)
    results: list[cx.NpsResult] = []

    def work() -> None:
        results.append(cx.nps(data))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and all(r == results[0] for r in results)


# --- errors: every bad input names its field (and index), and is a cx.InvalidInputError ---

BAD_SCORES = [
    ("nan", [9, math.nan], "CX_INVALID_INPUT", 1, cx.InvalidInputError),
    ("nan_array", np.array([9, np.nan]), "CX_INVALID_INPUT", 1, cx.InvalidInputError),
    ("inf", [math.inf, 9], "CX_INVALID_INPUT", 0, cx.InvalidInputError),
    ("out_of_scale", [9, 10, 11], "CX_INVALID_INPUT", 2, cx.InvalidInputError),
    ("out_of_scale_u8", np.array([9, 10, 255], dtype=np.uint8), "CX_INVALID_INPUT", 2,
     cx.InvalidInputError),
    ("fractional", [9, 7.5], "CX_INVALID_INPUT", 1, cx.InvalidInputError),
    ("negative", [-1, 9], "CX_INVALID_INPUT", 0, cx.InvalidInputError),
    ("out_of_scale_i64", np.array([9, 10, 11], dtype=np.int64), "CX_INVALID_INPUT", 2,
     cx.InvalidInputError),
    ("beyond_byte_i64", np.array([9, 300, 10], dtype=np.int64), "CX_INVALID_INPUT", 1,
     cx.InvalidInputError),
    ("beyond_byte_u64", np.array([9, 2**64 - 1], dtype=np.uint64), "CX_INVALID_INPUT", 1,
     cx.InvalidInputError),
    ("negative_i64_series", pd.Series([9, -1]), "CX_INVALID_INPUT", 1, cx.InvalidInputError),
    ("negative_int8", np.array([9, -3], dtype=np.int8), "CX_INVALID_INPUT", 1,
     cx.InvalidInputError),
    ("huge_int", [9, 10**400], "CX_INVALID_INPUT", 1, cx.InvalidInputError),
    ("string_element", [9, "10"], "CX_INVALID_INPUT", 1, cx.InvalidTypeError),
    ("none_element", [None, 9], "CX_INVALID_INPUT", 0, cx.InvalidTypeError),
    ("bool_element", [9, True], "CX_INVALID_INPUT", 1, cx.InvalidTypeError),
    ("object_element", [9, object()], "CX_INVALID_INPUT", 1, cx.InvalidTypeError),
    ("pandas_na", pd.Series([9, None], dtype="Int64"), "CX_INVALID_INPUT", 1,
     cx.InvalidInputError),
    ("string", "9910", "CX_INVALID_INPUT", None, cx.InvalidTypeError),
    ("none", None, "CX_INVALID_INPUT", None, cx.InvalidTypeError),
    ("int", 9, "CX_INVALID_INPUT", None, cx.InvalidTypeError),
    ("dict", {"a": 1}, "CX_INVALID_INPUT", 0, cx.InvalidTypeError),
    ("str_array", np.array(["9", "10"]), "CX_INVALID_INPUT", None, cx.InvalidTypeError),
    ("bool_array", np.array([True, False]), "CX_INVALID_INPUT", None, cx.InvalidTypeError),
    ("datetime_array", np.array(["2024-01-01"], dtype="datetime64[D]"), "CX_INVALID_INPUT",
     None, cx.InvalidTypeError),
    ("complex_array", np.array([9 + 1j]), "CX_INVALID_INPUT", None, cx.InvalidTypeError),
    ("two_dim", np.zeros((2, 2)), "CX_INVALID_INPUT", None, cx.InvalidInputError),
    ("empty", [], "CX_EMPTY", None, cx.EmptyInputError),
    ("empty_array", np.array([], dtype=np.uint8), "CX_EMPTY", None, cx.EmptyInputError),
]


@pytest.mark.parametrize("name,scores,code,index,cls", BAD_SCORES, ids=[b[0] for b in BAD_SCORES])
def test_bad_scores(name: str, scores: object, code: str, index: object, cls: type) -> None:
    with pytest.raises(cls) as info:
        cx.nps(scores)
    e = info.value
    assert isinstance(e, cx.InvalidInputError) and isinstance(e, ValueError)
    assert (e.code, e.field, e.index) == (code, "scores", index), repr(e)
    assert "scores" in str(e)


@pytest.mark.parametrize(
    "kwargs,field,code,cls",
    [
        ({"weights": [1, -1]}, "weights", "CX_INVALID_INPUT", cx.InvalidInputError),
        ({"weights": [1, math.nan]}, "weights", "CX_INVALID_INPUT", cx.InvalidInputError),
        ({"weights": [0, 0]}, "weights", "CX_INVALID_INPUT", cx.InvalidInputError),
        ({"weights": [1]}, "weights", "CX_LENGTH_MISMATCH", cx.LengthMismatchError),
        ({"weights": "ab"}, "weights", "CX_INVALID_INPUT", cx.InvalidTypeError),
        ({"weights": [1, "a"]}, "weights", "CX_INVALID_INPUT", cx.InvalidTypeError),
        ({"level": 1.5}, "level", "CX_INVALID_INPUT", cx.InvalidInputError),
        ({"level": 0}, "level", "CX_INVALID_INPUT", cx.InvalidInputError),
        ({"level": math.nan}, "level", "CX_INVALID_INPUT", cx.InvalidInputError),
        ({"level": "95%"}, "level", "CX_INVALID_INPUT", cx.InvalidTypeError),
        ({"level": None}, "level", "CX_INVALID_INPUT", cx.InvalidTypeError),
        ({"method": "bootstrap"}, "method", "CX_INVALID_INPUT", cx.InvalidInputError),
        ({"method": None}, "method", "CX_INVALID_INPUT", cx.InvalidTypeError),
        ({"method": 1}, "method", "CX_INVALID_INPUT", cx.InvalidTypeError),
    ],
)
def test_bad_nps_arguments(kwargs: dict, field: str, code: str, cls: type) -> None:
    with pytest.raises(cls) as info:
        cx.nps([9, 3], **kwargs)
    assert (info.value.code, info.value.field) == (code, field), repr(info.value)


def test_wrong_types_are_also_type_errors() -> None:
    with pytest.raises(TypeError):
        cx.nps(None)
    with pytest.raises(ValueError):
        cx.nps(None)


@pytest.mark.parametrize(
    "call,field,code",
    [
        (lambda: cx.csat([5, 6]), "scores", "CX_INVALID_INPUT"),
        (lambda: cx.csat([0]), "scores", "CX_INVALID_INPUT"),
        (lambda: cx.csat([4.5]), "scores", "CX_INVALID_INPUT"),
        (lambda: cx.csat([math.nan]), "scores", "CX_INVALID_INPUT"),
        (lambda: cx.csat([]), "scores", "CX_EMPTY"),
        (lambda: cx.csat([4], top_box=5), "top_box", "CX_INVALID_INPUT"),
        (lambda: cx.csat([4], top_box=0), "top_box", "CX_INVALID_INPUT"),
        (lambda: cx.csat([1], scale=1), "scale", "CX_INVALID_INPUT"),
        (lambda: cx.csat([1], scale=-5), "scale", "CX_INVALID_INPUT"),
        (lambda: cx.csat([1], scale=5.5), "scale", "CX_INVALID_INPUT"),
        (lambda: cx.csat([1], scale=True), "scale", "CX_INVALID_INPUT"),
        (lambda: cx.csat([1], scale=2**40), "scale", "CX_INVALID_INPUT"),
        (lambda: cx.csat([1], level=2), "level", "CX_INVALID_INPUT"),
        (lambda: cx.csat("5"), "scores", "CX_INVALID_INPUT"),
        (lambda: cx.ces([7, 8]), "scores", "CX_INVALID_INPUT"),
        (lambda: cx.ces([4]), "scores", "CX_EMPTY"),
        (lambda: cx.ces([math.nan, 4]), "scores", "CX_INVALID_INPUT"),
        (lambda: cx.ces([-1, 4]), "scores", "CX_INVALID_INPUT"),
        (lambda: cx.ces([1, 2], scale=2), "scale", "CX_INVALID_INPUT"),
        (lambda: cx.ces([1, 2], low_is_easy="yes"), "low_is_easy", "CX_INVALID_INPUT"),
        (lambda: cx.ces([1, 2], low_is_easy=None), "low_is_easy", "CX_INVALID_INPUT"),
        (lambda: cx.compare_nps([9, 11], [9]), "a", "CX_INVALID_INPUT"),
        (lambda: cx.compare_nps([9], []), "b", "CX_EMPTY"),
        (lambda: cx.compare_nps([9], None), "b", "CX_INVALID_INPUT"),
        (lambda: cx.compare_nps([9], [9], method="x"), "method", "CX_INVALID_INPUT"),
        (lambda: cx.compare_nps([9], [9], level=-1), "level", "CX_INVALID_INPUT"),
    ],
)
def test_bad_csat_ces_compare(call: object, field: str, code: str) -> None:
    with pytest.raises(cx.InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert (info.value.field, info.value.code) == (field, code), repr(info.value)


def test_messages_name_field_index_and_value() -> None:
    with pytest.raises(cx.InvalidInputError) as info:
        cx.nps([9.0, 11.0])
    assert str(info.value) == (
        "invalid input `scores` at index 1 (value 11): "
        "an NPS score must be a whole number from 0 to 10"
    )


def test_exceptions_pickle_and_construct() -> None:
    with pytest.raises(cx.CxError) as info:
        cx.nps([9, 3], [1])
    e = pickle.loads(pickle.dumps(info.value))
    assert type(e) is cx.LengthMismatchError
    assert (e.code, e.field, e.index, str(e)) == (
        info.value.code, info.value.field, info.value.index, str(info.value))
    assert cx.CxError("x").code == "CX_INTERNAL"
    assert cx.ConvergenceError("x").code == "CX_NOT_CONVERGED"
    assert issubclass(cx.ConvergenceError, cx.CxError)
    assert issubclass(cx.CxError, ValueError)


def test_garbage_never_panics() -> None:
    """Whatever goes in, the only exceptions are cx.CxError (never PanicException)."""
    rng = np.random.default_rng(7)
    pool: list[object] = [
        None, "x", b"x", 1, 1.5, -1, 2**70, math.nan, math.inf, [], [[]], [None], {}, object(),
        np.array([]), np.zeros((0, 3)), np.array([np.nan]), np.array(["a"]),
        np.array([1, 2], dtype=np.uint64) * (2**63), np.full(3, 2**62, dtype=np.int64),
        rng.integers(-5, 20, 50), rng.normal(size=50), pd.Series([1, None]),
    ]
    calls = [
        lambda x: cx.nps(x), lambda x: cx.nps([9, 3], x), lambda x: cx.nps([9], level=x),
        lambda x: cx.nps([9], method=x), lambda x: cx.csat(x), lambda x: cx.csat([4], scale=x),
        lambda x: cx.csat([4], top_box=x), lambda x: cx.ces(x), lambda x: cx.ces([4, 5], scale=x),
        lambda x: cx.compare_nps(x, [9]), lambda x: cx.NpsTally().add(x),
        lambda x: cx.NpsTally(x), lambda x: cx.NpsTally().merge(x),
        lambda x: cx.NpsTally.from_json(x), lambda x: cx.nps_by_segment([9], x),
        lambda x: cx.NpsTally(5).result(level=x),
    ]
    for call in calls:
        for x in pool:
            try:
                call(x)
            except cx.CxError:
                pass
