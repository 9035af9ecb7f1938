"""The fast input paths of issue 12: attribution from path strings (ChannelAttribution's
layout) and from interned lists, RFM from datetime64 columns in their own unit, funnel checks
on the walk. Each is checked against the plain path it must agree with, bit for bit."""

import random

import numpy as np
import pandas as pd
import pytest

import cx


def _journeys(n=400, seed=7):
    rng = random.Random(seed)
    channels = ["search", "social", "email", "display", "direct"]
    paths = [[rng.choice(channels) for _ in range(rng.randint(1, 6))] for _ in range(n)]
    conv = [rng.randint(0, 2) for _ in range(n)]
    nulls = [rng.randint(0, 3) for _ in range(n)]
    return paths, conv, nulls


@pytest.mark.parametrize("model,order", [("markov", 1), ("markov", 2), ("markov", 3),
                                         ("shapley", 1), ("linear", 1), ("position_based", 1)])
def test_path_strings_give_the_same_credits_as_lists(model, order):
    paths, conv, nulls = _journeys()
    want = cx.attribution(paths, conv, nulls, model=model, order=order)
    strings = [" > ".join(p) for p in paths]

    def same(got):
        if model in ("markov", "shapley"):
            # Sums of whole-number counts are exact: the same bits as path by path.
            assert dict(got) == dict(want)
            assert got.removal_effects == want.removal_effects
        else:
            # A share times a summed count instead of a sum of shares times counts.
            assert got.keys() == want.keys()
            for k in want:
                assert got[k] == pytest.approx(want[k], rel=1e-13)

    for given in (strings, pd.Series(strings)):
        same(cx.attribution(given, conv, nulls, model=model, order=order))
    frame = pd.DataFrame({"path": strings, "conv": conv, "null": nulls})
    same(cx.attribution(frame, "conv", "null", model=model, order=order))
    # Another separator, and names with spaces around them are trimmed.
    same(cx.attribution(["|".join(f" {c} " for c in p) for p in paths], conv, nulls,
                        model=model, order=order, sep="|"))


def test_lists_of_distinct_str_objects_intern_by_content():
    paths, conv, nulls = _journeys(200, seed=3)
    want = cx.attribution(paths, conv, nulls, model="markov")
    # Fresh string objects per touch (no shared identity) and tuples as paths.
    fresh = [tuple("".join(list(c)) for c in p) for p in paths]
    assert dict(cx.attribution(fresh, conv, nulls, model="markov")) == dict(want)
    assert dict(cx.attribution((p for p in paths), conv, nulls, model="markov")) == dict(want)


def test_path_string_errors_name_the_row():
    with pytest.raises(cx.InvalidInputError) as e:
        cx.attribution(["a > b", "a >  > c"], [1, 1])
    assert e.value.field == "paths" and e.value.index == 1
    with pytest.raises(cx.InvalidInputError) as e:
        cx.attribution(["a > b", " "], [1, 1])
    assert e.value.field == "paths" and e.value.index == 1
    with pytest.raises(cx.InvalidTypeError) as e:
        cx.attribution(["a > b", ["c"]], [1, 1])
    assert e.value.field == "paths" and e.value.index == 1
    with pytest.raises(cx.InvalidInputError) as e:
        cx.attribution(["a > b", "a > b"], [1, -1])
    assert e.value.field == "conversions" and e.value.index == 1
    with pytest.raises(cx.InvalidInputError) as e:
        cx.attribution(["a"], [1], sep="")
    assert e.value.field == "sep"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.attribution(["a > b"], [1], model="time_decay", times=[[0.0, 1.0]])
    assert e.value.field == "times"
    frame = pd.DataFrame({"path": ["a > b"], "conv": [1]})
    with pytest.raises(cx.InvalidInputError) as e:
        cx.attribution(frame, "converted")
    assert e.value.field == "conversions"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.attribution(frame, "conv", path="journey")
    assert e.value.field == "path"


def test_path_strings_aggregate_values():
    r = cx.attribution(["a > b", "b", "a > b"], [1, 1, 1], values=[10.0, 5.0, 30.0],
                       model="linear")
    assert dict(r) == {"a": 1.0, "b": 2.0}
    assert r.value_credits == {"a": 20.0, "b": 25.0}


@pytest.mark.parametrize("unit", ["D", "s", "ms", "us", "ns"])
def test_rfm_reads_datetime64_in_its_own_unit(unit):
    rng = np.random.default_rng(5)
    n = 5_000
    customers = rng.integers(0, 400, n)
    days = rng.integers(0, 700, n)
    base = np.datetime64("2023-01-01", "D") + days.astype("timedelta64[D]")
    seconds = rng.integers(0, 86_400, n).astype("timedelta64[s]")
    stamps = base.astype("datetime64[s]") + seconds
    end = np.datetime64("2025-01-01T00:00:00", "ns")
    want = cx.rfm_summary({"customer_id": customers, "timestamp": stamps.astype("datetime64[ns]")},
                          unit="D", observation_end=end)
    got = cx.rfm_summary({"customer_id": customers, "timestamp": stamps.astype(f"datetime64[{unit}]")},
                         unit="D", observation_end=end)
    pd.testing.assert_frame_equal(got, want)
    frame = pd.DataFrame({"customer_id": customers, "timestamp": stamps.astype(f"datetime64[{unit}]")})
    pd.testing.assert_frame_equal(cx.rfm_summary(frame, unit="D", observation_end=end), want)


def test_rfm_missing_datetime_names_the_row():
    stamps = np.array(["2024-01-01", "NaT", "2024-01-03"], dtype="datetime64[s]")
    with pytest.raises(cx.InvalidInputError) as e:
        cx.rfm_summary({"customer_id": np.array([1, 2, 3]), "timestamp": stamps}, unit="D")
    assert e.value.field == "timestamps" and e.value.index == 1


def test_funnel_columns_checks_ride_on_the_walk():
    # Large enough to run in chunks with the parallel feature: the first bad row is named.
    n = 600_000
    customers = np.repeat(np.arange(n // 6, dtype=np.uint32), 6)
    times = np.tile(np.arange(6, dtype=np.int64) * 60, n // 6)
    events = np.tile(np.arange(6, dtype=np.uint32), n // 6)
    r = cx.funnel_columns(customers, times, events, [0, 1, 2], window=3600)
    assert r["converted"].tolist() == [n // 6] * 3
    assert r["median_seconds_to_convert"].tolist()[1:] == [60.0, 60.0]
    bad = times.copy()
    bad[450_001] = -1
    with pytest.raises(cx.InvalidInputError) as e:
        cx.funnel_columns(customers, bad, events, [0, 1, 2])
    assert e.value.field == "times" and e.value.index == 450_001
    bad[300_000] = 2**53 + 1
    with pytest.raises(cx.InvalidInputError) as e:
        cx.funnel_columns(customers, bad, events, [0, 1, 2])
    assert e.value.field == "times" and e.value.index == 300_000
    shuffled = customers.copy()
    shuffled[500_000] = 0
    with pytest.raises(cx.InvalidInputError) as e:
        cx.funnel_columns(shuffled, times, events, [0, 1, 2])
    assert e.value.field == "customers" and e.value.index == 500_000


def test_p_alive_parallel_is_bit_identical_to_one_by_one():
    rng = np.random.default_rng(11)
    n = 50_000
    t = rng.uniform(1.0, 40.0, n)
    x = rng.integers(0, 8, n).astype(float)
    tx = np.where(x > 0, t * rng.uniform(0.01, 1.0, n), 0.0)
    m = cx.BgNbd.from_params({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    many = m.p_alive(x, tx, t)
    one = np.array([m.p_alive(x[i:i + 1], tx[i:i + 1], t[i:i + 1])[0] for i in range(0, n, 997)])
    assert np.array_equal(many[::997], one)
    bad = tx.copy()
    bad[40_000] = t[40_000] + 1.0
    with pytest.raises(cx.InvalidInputError) as e:
        m.p_alive(x, bad, t)
    assert e.value.index == 40_000


def _many_path_strings(n=150_000, seed=13):
    """More rows than the two-thread dedupe threshold, with non-ASCII channel names."""
    rng = np.random.default_rng(seed)
    names = np.array(["search", "émail", "社交", "direct 🚀", "display", "ads"], dtype=object)
    lengths = rng.integers(1, 7, n)
    codes = rng.integers(0, len(names), int(lengths.sum()))
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    lists = [names[codes[bounds[i]:bounds[i + 1]]].tolist() for i in range(n)]
    conv = rng.integers(0, 2, n)
    return lists, [" > ".join(p) for p in lists], conv, 1 - conv


@pytest.mark.parametrize("model", ["markov", "shapley"])
def test_many_path_strings_every_input_form_gives_the_same_bits(model):
    lists, strings, conv, nulls = _many_path_strings()
    want = cx.attribution(lists, conv, nulls, model=model)
    forms = [strings, pd.Series(strings, dtype=object), np.array(strings, dtype=object)]
    try:
        import pyarrow  # noqa: F401

        arrow = pd.Series(strings, dtype="string[pyarrow]")
        forms += [arrow, pd.Series(["x"] * 7 + strings, dtype="string[pyarrow]").iloc[7:]]
        forms.append(pd.concat([arrow.iloc[:1000], arrow.iloc[1000:]], ignore_index=True))
    except ImportError:
        pass
    for given in forms:
        got = cx.attribution(given, conv, nulls, model=model)
        assert list(got) == list(want)
        assert dict(got) == dict(want)
        assert got.removal_effects == want.removal_effects
    frame = pd.DataFrame({"path": forms[-1], "conv": conv, "null": nulls})
    assert dict(cx.attribution(frame, "conv", "null", model=model)) == dict(want)


def test_many_path_strings_bad_rows_are_named():
    _, strings, conv, nulls = _many_path_strings(100_000, seed=2)
    # A NUL inside a name is a name like any other.
    with_nul = list(strings)
    with_nul[70_000] = "a\0b > search"
    got = cx.attribution(with_nul, conv, nulls, model="markov")
    assert "a\0b" in got
    for bad, kind in ((5, cx.InvalidTypeError), (None, cx.InvalidTypeError),
                      ("a >  > b", cx.InvalidInputError), ("\ud800", cx.InvalidInputError)):
        rows = list(strings)
        rows[80_001] = bad
        # A list, and an object column (its values read in place).
        for given in (rows, pd.Series(rows, dtype=object)):
            with pytest.raises(kind) as e:
                cx.attribution(given, conv, nulls, model="markov")
            assert e.value.field == "paths" and e.value.index == 80_001
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return
    rows = pd.Series(strings, dtype="string[pyarrow]")
    rows[80_001] = None
    with pytest.raises(cx.CxError) as e:
        cx.attribution(rows, conv, nulls, model="markov")
    assert e.value.field == "paths" and e.value.index == 80_001
    rows[80_001] = "a >  > b"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.attribution(rows, conv, nulls, model="markov")
    assert e.value.field == "paths" and e.value.index == 80_001


def test_funnel_columns_skips_non_step_events_exactly():
    # Steps 0-2 among ids 0-9 (and ids far beyond every step): the fast walk against the
    # event-name funnel, which interns and sorts on its own.
    rng = np.random.default_rng(4)
    n = 400_000
    customers = np.sort(rng.integers(0, 40_000, n)).astype(np.uint32)
    times = rng.integers(0, 20 * 86_400, n)
    order = np.lexsort((times, customers))
    customers, times = customers[order], times[order]
    events = rng.integers(0, 10, n).astype(np.uint32)
    events[::97] = 4_000_000
    for mode in ("ordered", "strict"):
        for excl in (None, [7]):
            fast = cx.funnel_columns(customers, times, events, [0, [1, 5], 2], window="3d",
                                     order=mode, exclusions=excl)
            names = pd.DataFrame({"customer_id": customers, "timestamp": times,
                                  "event": [f"e{e}" for e in events]})
            slow = cx.funnel(names, ["e0", ["e1", "e5"], "e2"], window="3d", order=mode,
                             exclusions=None if excl is None else ["e7"])
            np.testing.assert_array_equal(fast.to_numpy(), slow.to_numpy())
