"""NpsTally (merge, pickle, JSON) and the result classes (repr, to_dict, equality)."""

from __future__ import annotations

import copy
import json
import pickle

import numpy as np
import pandas as pd
import pytest

import cx


def test_tally_counts_and_merges() -> None:
    a = cx.NpsTally()
    a.add([10, 9, 3])
    a.add(np.array([7, 8], dtype=np.uint8))
    assert (a.promoters, a.passives, a.detractors, a.n) == (2, 2, 1, 5)
    b = cx.NpsTally(1, 0, 4)
    total = a + b
    assert total.to_dict() == {"promoters": 3, "passives": 2, "detractors": 5}
    a.merge(b)
    assert a == total
    # (3 - 5) / 10 promoters minus detractors = -20; Wald se = sqrt((0.8 - 0.04) / 10)
    r = a.result()
    assert r.score == pytest.approx(-20.0, abs=1e-12)
    assert r.std_error == pytest.approx(100 * ((0.8 - 0.04) / 10) ** 0.5, abs=1e-12)
    assert r == cx.nps([10, 9, 3, 7, 8, 9, 3, 3, 3, 3])


def test_tally_rejects_bad_scores_atomically() -> None:
    t = cx.NpsTally(1, 2, 3)
    with pytest.raises(cx.InvalidInputError) as info:
        t.add(np.array([5] * 100 + [11], dtype=np.uint8))
    assert info.value.index == 100
    with pytest.raises(cx.InvalidInputError):
        t.add([9, 7.5])
    assert t == cx.NpsTally(1, 2, 3), "a failed add leaves the tally untouched"


@pytest.mark.parametrize(
    "args,field",
    [((-1,), "promoters"), ((0, 1.5), "passives"), ((0, 0, "3"), "detractors"),
     ((2**60,), "promoters")],
)
def test_tally_rejects_bad_counts(args: tuple, field: str) -> None:
    with pytest.raises(cx.InvalidInputError) as info:
        cx.NpsTally(*args)
    assert info.value.field == field


def test_tally_overflow_and_wrong_types() -> None:
    big = cx.NpsTally(2**52, 2**52, 0)
    with pytest.raises(cx.InvalidInputError):
        big + big
    with pytest.raises(cx.InvalidTypeError):
        big.merge([1, 2])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        big + 1  # type: ignore[operator]
    with pytest.raises(cx.EmptyInputError):
        cx.NpsTally().result()
    with pytest.raises(cx.InvalidInputError) as info:
        cx.NpsTally(1).result(method="exact")
    assert info.value.field == "method"


def test_tally_pickle_copy_and_json() -> None:
    t = cx.NpsTally(8, 5, 3)
    assert pickle.loads(pickle.dumps(t)) == t
    assert copy.deepcopy(t) == t
    text = t.to_json()
    # The same document as the Rust, Node and WASM tallies, so shards can be counted anywhere.
    # (keys sorted, as in every document; docs/model-format.md)
    assert cx.NpsTally(3, 1, 1).to_json() == (
        '{"detractors":1,"format_version":1,"model":"nps_tally","passives":1,"promoters":3}'
    )
    assert json.loads(text) == {
        "format_version": 1,
        "model": "nps_tally",
        "promoters": 8,
        "passives": 5,
        "detractors": 3,
    }
    assert cx.NpsTally.from_json(text) == t
    # The plain counts written before versioning still load.
    assert cx.NpsTally.from_json('{"promoters": 8, "passives": 5, "detractors": 3}') == t
    newer = '{"format_version": 2, "model": "nps_tally", "promoters": 1, "passives": 0, "detractors": 0}'
    with pytest.raises(cx.InvalidInputError, match="newer cxkit") as info:
        cx.NpsTally.from_json(newer)
    assert info.value.field == "format_version"
    with pytest.raises(cx.InvalidInputError) as info:
        cx.NpsTally.from_json(cx.BgNbd.from_params({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}).to_json())
    assert info.value.field == "model"
    # A bad count names its key; text that is no tally document names the argument.
    for bad, field in [
        ('{"promoters": -1, "passives": 0, "detractors": 0}', "promoters"),
        ('{"promoters": 1, "passives": 2.5, "detractors": 0}', "passives"),
        ("[1, 2]", "text"),
        ("nope", "text"),
    ]:
        with pytest.raises(cx.InvalidInputError) as info:
            cx.NpsTally.from_json(bad)
        assert info.value.field == field
    assert repr(t) == "NpsTally(promoters=8, passives=5, detractors=3)"


def test_compare_accepts_tallies() -> None:
    a = cx.NpsTally(30, 0, 10)
    b = cx.NpsTally(10, 0, 30)
    d = cx.compare_nps(a, b)
    assert d == cx.compare_nps([10] * 30 + [6] * 10, [9] * 10 + [3] * 30)
    assert d.difference == 100.0
    # var_a = var_b = (1 - 0.25) / 40, se = 100 * sqrt(2 * 0.75 / 40)
    assert d.std_error == pytest.approx(100 * (1.5 / 40) ** 0.5, abs=1e-12)
    assert d.z == pytest.approx(1.0 / (1.5 / 40) ** 0.5, abs=1e-12)


def test_result_classes() -> None:
    r = cx.nps([10, 9, 8, 3])
    d = r.to_dict()
    assert d["ci"] == r.ci and isinstance(r.ci, tuple)
    assert d == {
        "score": 25.0, "promoters": 0.5, "passives": 0.25, "detractors": 0.25, "n": 4,
        "effective_n": 4.0, "std_error": pytest.approx(41.4578098794425, abs=1e-12),
        "ci": (pytest.approx(-56.25581424161612, abs=1e-12), 100.0), "level": 0.95,
        "method": "wald",
    }
    assert repr(r).startswith("NpsResult(score=25.0, ci=(-56.2558, 100.0), n=4,")
    assert r == cx.nps([3, 8, 9, 10]) and r != cx.nps([10, 9, 8, 3], level=0.9)
    with pytest.raises(AttributeError):
        r.score = 3  # type: ignore[misc]
    frame = pd.DataFrame([cx.csat([5, 4, 3]).to_dict(), cx.csat([1, 2, 5]).to_dict()])
    assert frame["satisfied"].tolist() == [2, 1]
    c = cx.csat([5, 4, 3, 5])
    assert repr(c).startswith("CsatResult(score=75.0, ci=(30.0642, 95.4413), n=4")
    e = cx.ces([7, 6, 5, 2])
    assert set(e.to_dict()) == {"mean", "std_dev", "ci", "agree_share", "n", "level"}
    assert repr(e).startswith("CesResult(mean=5.0,")
    cmp = cx.compare_nps([10, 9], [3, 4])
    assert repr(cmp).startswith("NpsComparison(difference=200.0,")
    assert cmp.to_dict()["p_value"] == cmp.p_value == 0.0


def test_csat_ces_values() -> None:
    # Newcombe (1998) Table I: 81 of 263 → Wilson 95% 25.53%..36.62%.
    c = cx.csat(np.array([5] * 81 + [3] * 182, dtype=np.int16))
    assert c.ci == pytest.approx((25.53, 36.62), abs=0.005)
    # t(0.975, 9) = 2.262157 (NIST): mean 5.1, sd 1.66333.
    e = cx.ces(pd.Series([7, 6, 6, 5, 5, 4, 3, 7, 2, 6]))
    assert e.ci == pytest.approx((3.910125402266674, 6.289874597733325), abs=1e-9)
    assert e.agree_share == pytest.approx(0.7, abs=1e-15)
    low = cx.ces([1, 2, 5, 4], scale=5, low_is_easy=np.bool_(True))
    assert low.agree_share == 0.5


def test_version() -> None:
    assert cx.__version__.count(".") == 2


def test_tally_is_thread_safe_and_merges_itself() -> None:
    import threading

    t = cx.NpsTally()
    chunk = np.tile(np.arange(11, dtype=np.uint8), 10_000)  # 110k scores: 20k promoters
    threads = [threading.Thread(target=t.add, args=(chunk,)) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert (t.promoters, t.passives, t.detractors) == (160_000, 160_000, 560_000)
    t.merge(t)
    assert t.n == 2 * 880_000
    assert t == t and t != cx.NpsTally() and t != "x"
    with pytest.raises(TypeError):
        hash(t)


def test_results_pickle() -> None:
    for r in (cx.nps([10, 9, 8, 3], [1, 2, 1, 1], method="adjusted_wald"),
              cx.compare_nps([10, 9], [3, 4, 9]), cx.csat([5, 4, 1]), cx.ces([1, 7, 4])):
        back = pickle.loads(pickle.dumps(r))
        assert type(back) is type(r) and back == r and repr(back) == repr(r)


def test_panic_becomes_cx_error() -> None:
    from cx import _cx

    with pytest.raises(cx.CxError) as info:
        _cx._panic_for_tests()
    assert info.value.code == "CX_INTERNAL"
    assert "deliberate panic" in str(info.value)
    assert type(info.value) is cx.CxError
