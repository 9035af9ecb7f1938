"""Every case of tests/vectors/*.json (bindings include "python") through the Python API."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import cx

from conftest import num, vector_cases

CASES = vector_cases()


def _opts(inp: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: num(inp[k]) for k in keys if k in inp}


def _frame_rows(frame: pd.DataFrame, key: str) -> list[dict[str, Any]]:
    out = []
    for label, row in frame.iterrows():
        result = {c: row[c] for c in ("n", "score", "std_error", "promoters", "passives",
                                      "detractors", "effective_n")}
        result["ci"] = [row["ci_low"], row["ci_high"]]
        if isinstance(label, pd.Timestamp):
            label = label.strftime("%Y-%m-%d")
        out.append({key: label, "result": result})
    return out


def run(function: str, inp: dict[str, Any]) -> Any:
    """Calls the Python API for one case; returns something comparable with `expected`."""
    if function == "nps":
        return cx.nps(num(inp["scores"]), num(inp.get("weights")),
                      **_opts(inp, "level", "method")).to_dict()
    if function == "compare_nps":
        return cx.compare_nps(num(inp["a"]), num(inp["b"]), **_opts(inp, "level", "method")).to_dict()
    if function == "nps_tally":
        total = cx.NpsTally()
        for p, q, d in inp["tallies"]:
            total.merge(cx.NpsTally(p, q, d))
        # JSON and pickle round trips keep the counts.
        assert cx.NpsTally.from_json(total.to_json()) == total
        got = total.result(**_opts(inp, "level", "method")).to_dict()
        got.update(total.to_dict())
        return got
    if function == "csat":
        return cx.csat(num(inp["scores"]), **_opts(inp, "scale", "top_box", "level")).to_dict()
    if function == "ces":
        return cx.ces(num(inp["scores"]), **_opts(inp, "scale", "level", "low_is_easy")).to_dict()
    if function == "nps_by_segment":
        if len(inp["scores"]) == len(inp["segments"]):
            # The pandas path and the array path must agree.
            df = pd.DataFrame({"score": num(inp["scores"]), "segment": inp["segments"]})
            if inp.get("weights") is not None:
                df["w"] = num(inp["weights"])
            frame = cx.nps_by(df, "score", "segment", weights="w" if "w" in df else None,
                              **_opts(inp, "level", "method"))
            via_frame = _frame_rows(frame, "segment")
        else:
            via_frame = None
        groups = cx.nps_by_segment(num(inp["scores"]), inp["segments"], num(inp.get("weights")),
                                   **_opts(inp, "level", "method"))
        got = [{"segment": s, "result": r.to_dict()} for s, r in groups]
        if via_frame is not None:
            assert [g["segment"] for g in via_frame] == [g["segment"] for g in got]
            for a, b in zip(via_frame, got):
                for k, v in a["result"].items():
                    assert v == pytest.approx(b["result"][k], abs=1e-12), k
        return got
    if function == "nps_trend":
        df = pd.DataFrame({"score": num(inp["scores"]), "t": inp["timestamps"]})
        if inp.get("weights") is not None:
            df["w"] = num(inp["weights"])
        frame = cx.nps_trend(df, "score", "t", inp.get("freq", "M"),
                             weights="w" if "w" in df else None, **_opts(inp, "level", "method"))
        return _frame_rows(frame, "period_start")
    raise AssertionError(f"vector names unknown function {function!r}: add it to {__file__}")


def assert_close(case: str, path: str, want: Any, got: Any, tol: float) -> None:
    if isinstance(want, dict):
        for k, w in want.items():
            assert k in got, f"{case}: result has no `{path}{k}`: {got}"
            assert_close(case, f"{path}{k}.", w, got[k], tol)
    elif isinstance(want, list):
        assert len(want) == len(got), f"{case}: `{path}` length"
        for i, (w, g) in enumerate(zip(want, got)):
            assert_close(case, f"{path}{i}.", w, g, tol)
    elif isinstance(want, (int, float)) and not isinstance(want, bool):
        assert abs(float(num(want)) - float(got)) <= tol, (
            f"{case}: `{path}` expected {want}, got {got} (tolerance {tol})"
        )
    else:
        assert want == got, f"{case}: `{path}`"


def test_vectors_found() -> None:
    assert len(CASES) >= 40, f"only {len(CASES)} vector cases for python"


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_vector(case: dict[str, Any]) -> None:
    name, function, inp = case["name"], case["function"], case["input"]
    if "error" in case:
        err = case["error"]
        with pytest.raises(cx.CxError) as info:
            run(function, inp)
        e = info.value
        assert e.code == err["code"], f"{name}: {e!r}"
        assert e.field == err.get("field"), f"{name}: {e!r}"
        if "index" in err:
            assert e.index == err["index"], f"{name}: {e!r}"
        # The documented classes: every input error is an InvalidInputError.
        assert isinstance(e, cx.InvalidInputError)
    else:
        assert_close(name, "", case["expected"], run(function, inp), float(case["tolerance"]))
