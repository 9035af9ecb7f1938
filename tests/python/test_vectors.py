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
    if function in RETENTION:
        return RETENTION[function](inp)
    if function in CLV:
        return CLV[function](inp)
    if function in PERSONALIZE:
        return PERSONALIZE[function](inp)
    if function in OFFERS:
        return OFFERS[function](inp)
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
    if want in ("Infinity", "-Infinity", "NaN"):
        w = num(want)
        assert got is not None and (w == got or (math.isnan(w) and math.isnan(got))), (
            f"{case}: `{path}` expected {want}, got {got}"
        )
    elif isinstance(want, dict):
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
        # The documented classes: every input error is an InvalidInputError, a fit that cannot
        # converge a ConvergenceError.
        if err["code"] == "CX_NOT_CONVERGED":
            assert isinstance(e, cx.ConvergenceError)
        else:
            assert isinstance(e, cx.InvalidInputError)
    else:
        assert_close(name, "", case["expected"], run(function, inp), float(case["tolerance"]))


# ---------------------------------------------------------------- retention and churn

def _activity_df(inp: dict[str, Any]) -> dict[str, Any]:
    return {"customer_id": inp["customers"], "timestamp": inp["timestamps"]}


def _dates(index: Any) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in index]


def _lifecycle(inp: dict[str, Any]) -> Any:
    frame = cx.lifecycle(_activity_df(inp), freq=inp.get("freq", "W"))
    return [{"period_start": p, **row} for p, row in zip(_dates(frame.index),
                                                          frame.to_dict("records"))]


def _cohort_table(inp: dict[str, Any]) -> Any:
    t = cx.cohort_table(_activity_df(inp), freq=inp.get("freq", "M"))
    got = t.to_dict()
    # The frames agree with the core's form.
    assert _dates(t.counts.index) == [c["cohort_start"] for c in got["cohorts"]]
    for (_, row), c in zip(t.counts.iterrows(), got["cohorts"]):
        assert row.dropna().tolist() == c["active"]
    return got


def _period_rates(inp: dict[str, Any]) -> Any:
    frame = cx.period_rates(_activity_df(inp), freq=inp.get("freq", "M"),
                            **_opts(inp, "level"))
    out = []
    for p, r in zip(_dates(frame.index), frame.to_dict("records")):
        row = {k: r[k] for k in ("customers_at_start", "customers_at_end", "new_customers",
                                 "retained", "lost", "resurrected")}
        for kind in ("churn", "retention"):
            row[kind] = (None if math.isnan(r[f"{kind}_rate"]) else
                         {"rate": r[f"{kind}_rate"],
                          "ci": [r[f"{kind}_ci_low"], r[f"{kind}_ci_high"]]})
        out.append({"period_start": p, **row})
    return out


def _time_to_repeat(inp: dict[str, Any]) -> Any:
    frame = cx.time_to_repeat(_activity_df(inp), inp["observation_end"])
    return {"customers": list(frame.index), "durations": frame["duration"].tolist(),
            "observed": frame["observed"].tolist()}


def _km(inp: dict[str, Any]) -> Any:
    return cx.kaplan_meier(num(inp["durations"]), num(inp.get("observed")),
                           **_opts(inp, "level"))


def _kaplan_meier(inp: dict[str, Any]) -> Any:
    km = _km(inp)
    got = km.to_dict()
    assert km.median == got["median"] or math.isnan(km.median)
    assert len(km.table) == len(got["table"])
    return got


def _km_by_segment(inp: dict[str, Any]) -> Any:
    curves = cx.kaplan_meier_by_segment(num(inp["durations"]), num(inp.get("observed")),
                                        inp["segments"], **_opts(inp, "level"))
    return [{"segment": s, "median": k.median, "survival": k.table["survival"].tolist()}
            for s, k in curves.items()]


def _sbg_fit(inp: dict[str, Any]) -> Any:
    m = cx.ShiftedBetaGeometric().fit(num(inp["survivors"]))
    back = cx.ShiftedBetaGeometric.from_json(m.to_json())
    assert back.params == m.params
    return m.to_dict()


def _sbg_project(inp: dict[str, Any]) -> Any:
    m = cx.ShiftedBetaGeometric.from_params(inp["alpha"], inp["beta"])
    t = list(range(1, inp["periods"] + 1))
    return {
        "retention_rate": m.retention_rate(t).tolist(),
        "survival": m.survival(t).tolist(),
        "churn_probability": m.churn_probability(t).tolist(),
        "derl": m.discounted_expected_residual_lifetime(inp["discount"], inp["renewals"]),
    }


def _classifier(inp: dict[str, Any]) -> Any:
    import numpy as np

    p = inp["n_features"]
    x = np.asarray(num(inp["x"]), dtype=float)
    x = x.reshape(-1, p) if x.size % p == 0 else x.reshape(1, -1)
    opts = {k: inp[k] for k in ("l2", "standardize") if k in inp}
    m = cx.ChurnClassifier(**opts).fit(x, num(inp["y"]))
    back = cx.ChurnClassifier.from_json(m.to_json())
    assert back.intercept == m.intercept
    got = m.to_dict()
    got["proba_first5"] = m.predict_proba(x[:5]).tolist()
    return got


def _customer_view(inp: dict[str, Any]) -> Any:
    import pandas as pd

    def table(part: dict[str, Any], third: str, name: str) -> pd.DataFrame:
        return pd.DataFrame({"customer_id": part["customers"], "timestamp": part["timestamps"],
                             name: part[third]})

    model = None
    if "model" in inp:
        m = inp["model"]
        model = _PURCHASE[m["kind"]].from_params({k: v for k, v in m.items() if k != "kind"})
    frame = cx.customer_view(
        table(inp["transactions"], "amounts", "amount"),
        table(inp["touchpoints"], "channels", "channel"),
        table(inp["surveys"], "scores", "score"),
        inp.get("observation_end"), unit=inp.get("unit", "W"), freq=inp.get("freq", "M"),
        model=model,
    )

    def plain(v: Any) -> Any:
        if isinstance(v, pd.Timestamp):
            return v.strftime("%Y-%m-%dT%H:%M:%SZ")
        if isinstance(v, float) and math.isnan(v):
            return None
        return v.tolist() if hasattr(v, "tolist") else v

    got: dict[str, Any] = {"customer": list(frame.index)}
    for col in frame.columns:
        got[col] = [plain(v) for v in frame[col]]
    return got


RETENTION = {
    "churn_rate": lambda inp: cx.churn_rate(num(inp["customers_at_start"]), num(inp["lost"]),
                                            **_opts(inp, "level")).to_dict(),
    "retention_rate": lambda inp: cx.retention_rate(
        num(inp["customers_at_start"]), num(inp["customers_at_end"]),
        num(inp["new_customers"]), **_opts(inp, "level")).to_dict(),
    "lifecycle": _lifecycle,
    "cohort_table": _cohort_table,
    "period_rates": _period_rates,
    "time_to_repeat": _time_to_repeat,
    "kaplan_meier": _kaplan_meier,
    "km_survival_at": lambda inp: _km(inp).survival_at(num(inp["t"])).tolist(),
    "kaplan_meier_by_segment": _km_by_segment,
    "logrank_test": lambda inp: cx.logrank_test(
        num(inp["durations_a"]), num(inp.get("observed_a")), num(inp["durations_b"]),
        num(inp.get("observed_b"))).to_dict(),
    "sbg_fit": _sbg_fit,
    "sbg_project": _sbg_project,
    "churn_classifier": _classifier,
    "churn_metrics": lambda inp: cx.churn_metrics(num(inp["y_true"]), num(inp["p"])).to_dict(),
    "customer_view": _customer_view,
}


# ---------------------------------------------------------------- customer lifetime value

_PURCHASE = {"bgnbd": cx.BgNbd, "mbgnbd": cx.MbgNbd, "paretonbd": cx.ParetoNbd}


def _clv_fit(model: Any, inp: dict[str, Any]) -> Any:
    m = model().fit(num(inp["frequency"]), num(inp["recency"]), num(inp["T"]),
                    num(inp.get("weights")))
    assert type(m).from_json(m.to_json()).params == m.params
    return m.to_dict()


def _clv_predict(model: Any, inp: dict[str, Any]) -> Any:
    m = model.from_params(inp["params"])
    args = (num(inp["frequency"]), num(inp["recency"]), num(inp["T"]))
    return {"p_alive": m.p_alive(*args).tolist(),
            "expected_purchases": m.expected_purchases(inp["t"], *args).tolist(),
            "expected_purchases_new": m.expected_purchases_new(inp["t"])}


def _bgbb_predict(inp: dict[str, Any]) -> Any:
    m = cx.BgBb.from_params(inp["params"])
    args = (num(inp["frequency"]), num(inp["recency"]), num(inp["n_periods"]))
    return {"p_alive": m.p_alive(*args).tolist(),
            "expected_purchases": m.expected_purchases(inp["n_star"], *args).tolist(),
            "expected_purchases_new": m.expected_purchases_new(inp["n"])}


CLV = {
    **{f"{k}_fit": (lambda model: lambda inp: _clv_fit(model, inp))(v)
       for k, v in _PURCHASE.items()},
    "bgnbd_predict": lambda inp: _clv_predict(cx.BgNbd, inp),
    "paretonbd_predict": lambda inp: _clv_predict(cx.ParetoNbd, inp),
    "bgbb_fit": lambda inp: cx.BgBb().fit(num(inp["frequency"]), num(inp["recency"]),
                                          num(inp["n_periods"]), num(inp.get("weights"))).to_dict(),
    "bgbb_predict": _bgbb_predict,
    "gammagamma_fit": lambda inp: cx.GammaGamma().fit(
        num(inp["frequency"]), num(inp["monetary_value"]), num(inp.get("weights"))).to_dict(),
    "gammagamma_expected_spend": lambda inp: {
        "expected_spend": cx.GammaGamma.from_params(inp["params"]).expected_spend(
            num(inp["frequency"]), num(inp["monetary_value"])).tolist()},
}


# ---------------------------------------------------------------- personalization

def _top_customers(inp: dict[str, Any]) -> Any:
    values = pd.Series(num(inp["values"]), index=inp["ids"])
    t = cx.top_customers(values, k=inp.get("k"), share=inp.get("share"))
    # The array path ranks the same rows (as positions).
    plain = cx.top_customers(num(inp["values"]), k=inp.get("k"), share=inp.get("share"))
    assert [inp["ids"][i] for i in plain.ids] == t.ids
    return {"ids": t.ids, "values": t.customers["value"].tolist(),
            "cumulative_shares": t.customers["cumulative_share"].tolist(), "count": t.count,
            "value_share": t.value_share, "customer_share": t.customer_share}


def _features_df(inp: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(num([num(r) for r in inp["x"]]), columns=inp["feature_names"],
                        index=inp.get("ids"))


def _personas(inp: dict[str, Any]) -> Any:
    opts = {k: (tuple(inp[k]) if k == "k_range" else inp[k])
            for k in ("k", "k_range", "seed", "n_init") if k in inp}
    p = cx.personas(_features_df(inp), **opts)
    names = inp["feature_names"]
    profiles = [{"cluster": c, "size": int(r["size"]), "share": r["share"],
                 "means": [r[n] for n in names], "z_scores": [r[f"{n}_z"] for n in names],
                 "distinguishing": list(r["distinguishing"]), "description": r["description"]}
                for c, r in p.profiles.iterrows()]
    scores = [{"k": k, "silhouette": r["silhouette"], "inertia": r["inertia"]}
              for k, r in p.scores.iterrows()]
    return {"k": p.k, "labels": p.labels.tolist(), "silhouette": p.silhouette,
            "profiles": profiles, "scores": scores}


def _lookalike(inp: dict[str, Any]) -> Any:
    frame = cx.lookalike(_features_df(inp), inp["seed_ids"], method=inp["method"])
    return [{"id": i, "score": s} for i, s in frame["score"].items()]


def _silhouette(inp: dict[str, Any]) -> Any:
    mean, widths = cx.silhouette(inp["x"], inp["labels"])
    return {"silhouette": mean, "samples": widths.tolist()}


PERSONALIZE = {
    "value_concentration": lambda inp: cx.value_concentration(num(inp["values"])).to_dict(),
    "top_customers": _top_customers,
    "silhouette": _silhouette,
    "personas": _personas,
    "lookalike": _lookalike,
}


# ---------------------------------------------------------------- next best offer and feedback

def _orders(inp: dict[str, Any]) -> dict[str, Any]:
    return {"customer_id": inp["customers"], "product": inp["products"]}


def _plain_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in frame.to_dict("records")]


def _rules(inp: dict[str, Any]) -> Any:
    opts = _opts(inp, "min_support", "min_confidence")
    frame = cx.association_rules(_orders(inp), **opts)
    if len(inp["customers"]) == len(inp["products"]) and inp["customers"]:
        # A DataFrame and a dict of columns agree.
        again = cx.association_rules(pd.DataFrame(_orders(inp)), **opts)
        pd.testing.assert_frame_equal(frame, again)
    return _plain_records(frame)


def _groups(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for label, row in frame.iterrows():
        if isinstance(label, pd.Timestamp):
            label = label.strftime("%Y-%m-%d")
        out.append({"group": label, **row.to_dict()})
    return out


def _themes(inp: dict[str, Any]) -> Any:
    frame = cx.feedback_themes(inp["texts"], **{k: inp[k] for k in ("top", "threshold") if k in inp})
    return {"comments": frame.attrs["comments"], "negative": frame.attrs["negative"],
            "themes": frame.to_dict("records")}


OFFERS = {
    "co_occurrence": lambda inp: _plain_records(cx.co_occurrence(_orders(inp))),
    "association_rules": _rules,
    "recommend": lambda inp: _plain_records(cx.recommend(
        _orders(inp), inp["customer_ids"], inp["k"], **_opts(inp, "min_support", "min_confidence"))),
    "sentiment": lambda inp: cx.sentiment(inp["texts"]).to_dict("records"),
    "sentiment_by_segment": lambda inp: _groups(cx.sentiment_by_segment(inp["texts"], inp["segments"])),
    "sentiment_trend": lambda inp: _groups(cx.sentiment_trend(inp["texts"], inp["timestamps"],
                                                              inp.get("freq", "M"))),
    "feedback_themes": _themes,
}
# ---------------------------------------------------------------- clv beyond the basics

def _ggnbd_predict(inp: dict[str, Any]) -> Any:
    got = _clv_predict(cx.GgNbd, inp)
    got["log_likelihood"] = cx.GgNbd.log_likelihood_of(
        inp["params"], num(inp["frequency"]), num(inp["recency"]), num(inp["T"]))
    return got


def _paretonbd_cor_predict(inp: dict[str, Any]) -> Any:
    got = _clv_predict(cx.ParetoNbdCor, inp)
    got["log_likelihood"] = cx.ParetoNbdCor.log_likelihood_of(
        inp["params"], num(inp["frequency"]), num(inp["recency"]), num(inp["T"]))
    return got


def _cohort_inputs(inp: dict[str, Any]) -> tuple[dict[int, Any], dict[int, dict[str, float]]]:
    names = inp.get("names") or [f"x{j}" for j in range(len(inp["covariates"][0]))]
    survivors = dict(enumerate(inp["survivors"]))
    covariates = {c: dict(zip(names, row)) for c, row in enumerate(inp["covariates"])}
    return survivors, covariates


def _sbg_cohorts_ll(inp: dict[str, Any]) -> Any:
    s, x = _cohort_inputs(inp)
    names = list(x[0])
    params = {"alpha": inp["alpha"], "beta": inp["beta"],
              "gamma_alpha": dict(zip(names, inp["gamma_alpha"])),
              "gamma_beta": dict(zip(names, inp["gamma_beta"]))}
    return {"log_likelihood": cx.SbgCohorts.log_likelihood_of(params, s, x)}


def _sbg_cohorts_fit(inp: dict[str, Any]) -> Any:
    s, x = _cohort_inputs(inp)
    m = cx.SbgCohorts().fit(s, x)
    c = m.cohort_params()
    return {"alpha": m.params["alpha"], "beta": m.params["beta"],
            "high_end_alpha": c["alpha"].iloc[1], "high_end_beta": c["beta"].iloc[1]}


CLV.update({
    "sbg_cohorts_log_likelihood": _sbg_cohorts_ll,
    "sbg_cohorts_fit": _sbg_cohorts_fit,
})
CLV.update({
    "lr_test": lambda inp: cx.lr_test(inp["ll_restricted"], inp["ll_full"], inp["df"]).to_dict(),
    "ggnbd_predict": _ggnbd_predict,
    "paretonbd_cor_predict": _paretonbd_cor_predict,
})
# ---------------------------------------------------------------- covariate CLV models

_COV_NAMES = {"bg_nbd": "BgNbd", "mbg_nbd": "MbgNbd", "pareto_nbd": "ParetoNbd"}


def _covariate_score(inp: dict[str, Any]) -> Any:
    doc = {
        "format_version": 1, "model": "clv_covariates", "kind": inp["kind"],
        "params": inp["params"],
        "purchase_names": list(inp["purchase"]), "purchase_coefficients": list(inp["purchase"].values()),
        "dropout_names": list(inp["dropout"]), "dropout_coefficients": list(inp["dropout"].values()),
        "constrain": [], "l2": 0.0, "log_likelihood": 0.0, "converged": False, "iterations": 0,
        "standard_errors": None, "n_customers": 0.0,
    }
    import json

    m = cx.CovariateModel.from_json(json.dumps(doc))
    assert m.model == _COV_NAMES[inp["kind"]]
    cov = pd.DataFrame({k: num(v) for k, v in inp["covariates"].items()})
    f, r, t = num(inp["frequency"]), num(inp["recency"]), num(inp["T"])
    return {
        "log_likelihood": m.log_likelihood_of(f, r, t, cov),
        "p_alive": list(m.p_alive(f, r, t, cov)),
        "expected_purchases": list(m.expected_purchases(inp["horizon"], f, r, t, cov)),
    }


def _dynamic_score(inp: dict[str, Any]) -> Any:
    m = cx.ParetoNbdDynamic.from_params(inp["params"], inp["purchase"], inp["dropout"],
                                        customer="customer", time="time")
    tx = pd.DataFrame(inp["transactions"])
    cov = pd.DataFrame(inp["covariates"])
    end = inp["observation_end"]
    ll = m.log_likelihoods(tx, cov, end)
    assert list(ll.index) == sorted(set(ll.index))
    return {
        "log_likelihood": list(ll),
        "p_alive": list(m.p_alive(tx, cov, end)),
        "expected_purchases": list(m.expected_purchases(inp["horizon"], tx, cov, end)),
    }


CLV.update({
    "covariate_score": _covariate_score,
    "dynamic_score": _dynamic_score,
})
