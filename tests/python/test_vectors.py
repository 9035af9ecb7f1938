"""Every case of tests/vectors/*.json (bindings include "python") through the Python API."""

from __future__ import annotations

import math
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
    if function in JOURNEY:
        return JOURNEY[function](inp)
    raise AssertionError(f"vector names unknown function {function!r}: add it to {__file__}")


# ---------------------------------------------------------------- journeys

def _records(frame: pd.DataFrame, index: str) -> list[dict[str, Any]]:
    return [
        {index: label, **{k: (None if isinstance(v, float) and math.isnan(v) else v)
                          for k, v in row.items()}}
        for label, row in frame.iterrows()
    ]


def _funnel(inp: dict[str, Any]) -> Any:
    cols = {"customer_id": inp["customers"], "timestamp": inp["times"], "event": inp["events"]}
    opts = {k: inp[k] for k in ("window", "order", "exclusions") if k in inp}
    overall = cx.funnel(cols, inp["steps"], **opts, touch=inp.get("touch", "first_touch"))
    got: dict[str, Any] = {"steps": _records(overall, "step"), "segments": []}
    if inp.get("breakdown") is not None:
        cols["segment"] = inp["breakdown"]
        frame = cx.funnel(cols, inp["steps"], **opts, breakdown="segment",
                          touch=inp.get("touch", "first_touch"))
        for value in frame.index.get_level_values(0).unique():
            got["segments"].append({"value": value, "steps": _records(frame.loc[value], "step")})
    return got


def _funnel_columns(inp: dict[str, Any]) -> Any:
    frame = cx.funnel_columns(inp["customers"], inp["times"], inp["events"], inp["steps"],
                              **{k: inp[k] for k in ("window", "order", "exclusions") if k in inp})
    return {"steps": _records(frame, "step")}


def _top_paths(inp: dict[str, Any]) -> Any:
    frame = cx.top_paths(inp["paths"], inp.get("k", 10),
                         **{k: inp[k] for k in ("max_length", "collapse_repeats") if k in inp})
    return [{"path": list(r.path), "count": r.count, "share": r.share} for r in frame.itertuples()]


def _frame_list(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")


def _attribution(inp: dict[str, Any]) -> Any:
    opts = {k: num(inp[k]) for k in ("model", "order", "first", "last", "half_life", "times")
            if k in inp}
    r = cx.attribution(inp["paths"], num(inp["conversions"]), num(inp.get("nulls")),
                       num(inp.get("values")), **opts)
    assert isinstance(r, dict)
    return r.to_dict() | {"credits": dict(r)}


def _response_times(inp: dict[str, Any]) -> Any:
    cols = {k: inp[k] for k in ("channels", "opened", "first_reply", "resolved")}
    schedule = inp.get("schedule")
    offset = inp.get("utc_offset_minutes", 0)
    if schedule is not None:
        offset = schedule.get("utc_offset_minutes", offset)
        schedule = [None if d is None else tuple(d) for d in schedule["days"]]
    opts = {k: inp[k] for k in ("as_of", "percentiles") if k in inp}
    if "target_seconds" in inp:
        opts["target"] = inp["target_seconds"]
    r = cx.response_times(cols, "channels", "opened", "first_reply", "resolved",
                          schedule=schedule, utc_offset_minutes=offset, **opts)
    # The pandas views agree with the core's form.
    overall = r.to_dict()["overall"]
    assert r.summary["requests"] == overall["requests"]
    assert list(r.by_channel.index) == [c["channel"] for c in r.to_dict()["by_channel"]]
    return r.to_dict()


def _cac(inp: dict[str, Any]) -> Any:
    r = cx.cac({"c": inp["channels"], "p": inp["periods"], "s": num(inp["spend"]),
                "n": num(inp["new_customers"])}, "c", "p", "s", "n")
    assert r.overall["spend"] == r.to_dict()["overall"]["spend"]
    assert len(r.rows) == len(r.to_dict()["rows"])
    return r.to_dict()


JOURNEY = {
    "funnel": _funnel,
    "funnel_columns": _funnel_columns,
    "top_paths": _top_paths,
    "transitions": lambda inp: _frame_list(
        cx.transitions(inp["paths"], inp["from"], inp.get("direction", "next"))),
    "sankey_edges": lambda inp: _frame_list(cx.sankey_edges(inp["paths"], inp.get("max_steps", 3))),
    "channel_switching": lambda inp: cx.channel_switching(inp["paths"]).to_dict(),
    "attribution": _attribution,
    "response_times": _response_times,
    "cac": _cac,
    "conversion_rate": lambda inp: cx.conversion_rate(
        inp["conversions"], inp["visitors"], **_opts(inp, "level")).to_dict(),
    "unit_economics": lambda inp: cx.unit_economics(
        inp["cac"], inp["clv"], inp.get("margin_per_period")).to_dict(),
}


def assert_close(case: str, path: str, want: Any, got: Any, tol: float) -> None:
    if isinstance(want, dict):
        for k, w in want.items():
            assert k in got, f"{case}: result has no `{path}{k}`: {got}"
            assert_close(case, f"{path}{k}.", w, got[k], tol)
    elif isinstance(want, list):
        assert got is not None and len(want) == len(got), f"{case}: `{path}` length: {got}"
        for i, (w, g) in enumerate(zip(want, got)):
            assert_close(case, f"{path}{i}.", w, g, tol)
    elif isinstance(want, (int, float)) and not isinstance(want, bool):
        assert got is not None, f"{case}: `{path}` expected {want}, got None"
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
