#!/usr/bin/env python3
"""Write tests/vectors/bad_inputs.json: the bad-input matrix every language runs.

Each group names one public function in each language (`rust` is the runner's name for the
core call, `python` the attribute path on `cx`, `js` the export path) and holds cases of bad
input, each with the error it must raise: `kind` (InvalidInput, LengthMismatch, Empty,
NotConverged) and `field` (the core's snake_case name; JS runners camelCase it, Python uses it
as is; an object gives the name per language where the bindings name a table column). Cases run in every language unless `skip` names a language with the reason.

Encoding (JSON has no NaN, infinity or Python objects): the strings "$nan", "$inf", "$-inf"
are those floats, "$none" is Python None / JS null, "$object" is an arbitrary object
(Python `object()`, JS `{}`); any other string is a string (a wrong dtype where numbers are
expected). `args` are positional; `options` are keyword arguments in Python (snake_case),
the options object in JS (camelCase, passed at position `arity`), and named inputs of the
Rust runner. For Python classes, options listed in the group's `py_ctor` go to the
constructor (`cx.BgNbd(max_iterations=...)`), the rest to the method.

    python3 tests/vectors/derive_bad_inputs.py --write   # regenerate
    python3 tests/vectors/derive_bad_inputs.py --check   # fail when the committed file differs
"""
import json
import sys
from pathlib import Path

NAN, INF, NINF, NONE, OBJ = "$nan", "$inf", "$-inf", "$none", "$object"
DTYPE = "wrong dtypes cannot be expressed in typed Rust"
TABLE = "table input is read by the bindings (column names, timestamps); the core takes typed columns"

# A valid CLV history of three customers to perturb one value at a time.
F, R, T = [0, 2, 5], [0, 10, 30], [40, 40, 40]

groups = []


def group(family, rust, python, js, arity, cases, py_ctor=(), model=None, js_parse=False):
    g = {"family": family, "fn": {"rust": rust, "python": python, "js": js}, "arity": arity}
    if js_parse:
        # The JS function takes the parsed document (an object), not its text.
        g["js_parse_json"] = True
    if py_ctor:
        g["py_ctor"] = list(py_ctor)
    if model:
        g["model"] = model
    g["cases"] = cases
    groups.append(g)


def case(name, args, kind, field, options=None, skip=None):
    c = {"name": name, "args": args}
    if options:
        c["options"] = options
    c["expect"] = {"kind": kind, "field": field}
    if skip:
        c["skip"] = skip
    return c


def dtype_cases(args_with_bad, field, position=0):
    """Strings, None and objects in place of the numeric argument at `position`."""
    out = []
    for label, bad in [("strings", ["a", "b"]), ("none", NONE), ("object", OBJ), ("none_element", [1, NONE])]:
        args = [list(a) if isinstance(a, list) else a for a in args_with_bad]
        args[position] = bad
        out.append(case(f"{field}_{label}", args, "InvalidInput", field, skip={"rust": DTYPE}))
    return out


# ---------------------------------------------------------------- survey
group("survey", "nps", "nps", "nps", 1, [
    case("empty", [[]], "Empty", "scores"),
    case("nan", [[9, NAN]], "InvalidInput", "scores"),
    case("inf", [[9, INF]], "InvalidInput", "scores"),
    case("minus_inf", [[NINF]], "InvalidInput", "scores"),
    case("above_scale", [[9, 11]], "InvalidInput", "scores"),
    case("negative", [[-1]], "InvalidInput", "scores"),
    case("fractional", [[7.5]], "InvalidInput", "scores"),
    case("weights_short", [[9, 10]], "LengthMismatch", "weights", {"weights": [1]}),
    case("weights_negative", [[9, 10]], "InvalidInput", "weights", {"weights": [1, -1]}),
    case("weights_nan", [[9, 10]], "InvalidInput", "weights", {"weights": [1, NAN]}),
    case("weights_all_zero", [[9, 10]], "InvalidInput", "weights", {"weights": [0, 0]}),
    case("level_one", [[9]], "InvalidInput", "level", {"level": 1.0}),
    case("level_nan", [[9]], "InvalidInput", "level", {"level": NAN}),
    case("method_unknown", [[9]], "InvalidInput", "method", {"method": "bogus"}),
    *dtype_cases([[9]], "scores"),
])
group("survey", "csat", "csat", "csat", 1, [
    case("empty", [[]], "Empty", "scores"),
    case("above_scale", [[4, 6]], "InvalidInput", "scores"),
    case("zero", [[0]], "InvalidInput", "scores"),
    case("nan", [[NAN]], "InvalidInput", "scores"),
    case("fractional", [[2.5]], "InvalidInput", "scores"),
    case("top_box_zero", [[4]], "InvalidInput", "top_box", {"top_box": 0}),
    case("top_box_above_scale", [[4]], "InvalidInput", "top_box", {"top_box": 6}),
    case("scale_one", [[1]], "InvalidInput", "scale", {"scale": 1}),
    *dtype_cases([[4]], "scores"),
])
group("survey", "ces", "ces", "ces", 1, [
    case("empty", [[]], "Empty", "scores"),
    case("one_answer", [[4]], "Empty", "scores"),
    case("above_scale", [[4, 8]], "InvalidInput", "scores"),
    case("inf", [[4, INF]], "InvalidInput", "scores"),
    case("scale_zero", [[1, 2]], "InvalidInput", "scale", {"scale": 0}),
    *dtype_cases([[4, 5]], "scores"),
])
TALLY = '{{"format_version": 1, "model": "nps_tally", "promoters": {p}, "passives": 0, "detractors": 0}}'
group("survey", "nps_tally_from_json", "NpsTally.from_json", "NpsTally.fromJSON", 1, [
    case("count_huge", [TALLY.format(p="1e20")], "InvalidInput", "promoters"),
    case("count_negative", [TALLY.format(p="-3")], "InvalidInput", "promoters"),
    case("count_fractional", [TALLY.format(p="2.5")], "InvalidInput", "promoters"),
    case("newer_version", ['{"format_version": 99, "model": "nps_tally", "promoters": 1, "passives": 0, "detractors": 0}'],
         "InvalidInput", {"rust": "format_version", "python": "format_version", "js": "format_version"}),
    case("other_model", ['{"format_version": 1, "model": "bg_nbd", "promoters": 1, "passives": 0, "detractors": 0}'],
         "InvalidInput", "model"),
    case("not_json", ["{promoters"], "InvalidInput", {"rust": "json", "python": "text", "js": "json"},
         skip={"js": "NpsTally.fromJSON takes the parsed object"}),
], js_parse=True)
group("survey", "nps_by_segment", "nps_by_segment", "npsBySegment", 2, [
    case("segments_short", [[9, 10], ["a"]], "LengthMismatch", "segments"),
    case("segments_long", [[9], ["a", "b"]], "LengthMismatch", "segments"),
    case("score_out_of_scale", [[9, 12], ["a", "b"]], "InvalidInput", "scores"),
])

# ---------------------------------------------------------------- retention
group("retention", "churn_rate", "churn_rate", "churnRate", 2, [
    case("lost_above_start", [10, 11], "InvalidInput", "lost"),
    case("negative_start", [-1, 0], "InvalidInput", "customers_at_start"),
    case("nan_start", [NAN, 1], "InvalidInput", "customers_at_start"),
    case("inf_lost", [10, INF], "InvalidInput", "lost"),
    case("level_zero", [10, 1], "InvalidInput", "level", {"level": 0}),
    case("start_string", ["10", 1], "InvalidInput", "customers_at_start", skip={"rust": DTYPE}),
    case("start_none", [NONE, 1], "InvalidInput", "customers_at_start", skip={"rust": DTYPE}),
])
group("retention", "retention_rate", "retention_rate", "retentionRate", 3, [
    case("zero_start", [0, 0, 0], "InvalidInput", "customers_at_start"),
    case("negative_new", [10, 8, -1], "InvalidInput", "new_customers"),
    case("end_nan", [10, NAN, 0], "InvalidInput", "customers_at_end"),
    case("end_minus_inf", [10, NINF, 0], "InvalidInput", "customers_at_end"),
])
group("retention", "kaplan_meier", "kaplan_meier", "kaplanMeier", 2, [
    case("empty", [[]], "Empty", "durations"),
    case("negative", [[1, -2]], "InvalidInput", "durations"),
    case("nan", [[NAN]], "InvalidInput", "durations"),
    case("inf", [[INF]], "InvalidInput", "durations"),
    case("observed_short", [[1, 2, 3], [1, 0]], "LengthMismatch", "observed"),
    case("observed_not_binary", [[1, 2], [1, 2]], "InvalidInput", "observed"),
    case("level_above_one", [[1, 2]], "InvalidInput", "level", {"level": 2}),
    *dtype_cases([[1, 2]], "durations"),
])
group("retention", "logrank_test", "logrank_test", "logrankTest", 4, [
    case("empty_a", [[], None, [1, 2], None], "Empty", "durations_a"),
    case("negative_b", [[1, 2], None, [1, -2], None], "InvalidInput", "durations_b"),
    case("observed_b_short", [[1, 2], None, [1, 2], [1]], "LengthMismatch", "observed_b"),
])
group("retention", "sbg_fit", "ShiftedBetaGeometric.fit", "ShiftedBetaGeometric.fit", 1, [
    case("empty", [[]], "Empty", "survivors"),
    case("increasing", [[100, 120]], "InvalidInput", "survivors"),
    case("negative", [[100, -5]], "InvalidInput", "survivors"),
    case("nan", [[100, NAN]], "InvalidInput", "survivors"),
    case("nobody_churns", [[100, 100, 100]], "NotConverged", None),
    *dtype_cases([[100, 80]], "survivors"),
])

# ---------------------------------------------------------------- churn
group("churn", "churn_metrics", "churn_metrics", "churnMetrics", 2, [
    case("p_short", [[0, 1, 1], [0.2, 0.8]], "LengthMismatch", "p"),
    case("p_above_one", [[0, 1], [0.2, 1.5]], "InvalidInput", "p"),
    case("p_nan", [[0, 1], [0.2, NAN]], "InvalidInput", "p"),
    case("y_not_binary", [[0, 2], [0.2, 0.8]], "InvalidInput", "y_true"),
    case("empty", [[], []], "Empty", "y_true"),
])
group("churn", "churn_classifier_fit", "ChurnClassifier.fit", "ChurnClassifier.fit", 2, [
    case("y_short", [[[1.0], [2.0], [3.0]], [0, 1]], "LengthMismatch", "y"),
    case("x_nan", [[[1.0], [NAN]], [0, 1]], "InvalidInput", "x"),
    case("y_not_binary", [[[1.0], [2.0]], [0, 3]], "InvalidInput", "y"),
])

# ---------------------------------------------------------------- clv
FIT_CTOR = ("tolerance", "max_iterations", "allow_unconverged")


def triple_cases(fields=("frequency", "recency", "T")):
    f, r, t = fields
    return [
        case("empty", [[], [], []], "Empty", f),
        case("recency_short", [F, R[:2], T], "LengthMismatch", r),
        case("t_short", [F, R, T[:2]], "LengthMismatch", t),
        case("frequency_nan", [[0, NAN, 5], R, T], "InvalidInput", f),
        case("recency_inf", [F, [0, INF, 30], T], "InvalidInput", r),
        case("t_minus_inf", [F, R, [40, NINF, 40]], "InvalidInput", t),
        case("frequency_negative", [[0, -2, 5], R, T], "InvalidInput", f),
        case("frequency_fractional", [[0, 2.5, 5], R, T], "InvalidInput", f),
        case("recency_above_t", [F, [0, 50, 30], T], "InvalidInput", r),
        case("repeat_with_zero_recency", [F, [0, 0, 30], T], "InvalidInput", r),
        case("no_repeat_with_recency", [F, [5, 10, 30], T], "InvalidInput", r),
        case("t_negative", [[0, 0, 0], [0, 0, 0], [-1, 4, 4]], "InvalidInput", t),
        case("weights_short", [F, R, T], "LengthMismatch", "weights", {"weights": [1, 1]}),
        case("weights_negative", [F, R, T], "InvalidInput", "weights", {"weights": [1, -1, 1]}),
        *dtype_cases([F, R, T], f),
    ]


group("clv", "bgnbd_fit", "BgNbd.fit", "BgNbd.fit", 3, [
    *triple_cases(),
    case("no_repeat_purchases", [[0, 0], [0, 0], [10, 20]], "InvalidInput", "frequency"),
    case("tolerance_zero", [F, R, T], "InvalidInput", "tolerance", {"tolerance": 0}),
    case("tolerance_nan", [F, R, T], "InvalidInput", "tolerance", {"tolerance": NAN}),
    case("max_iterations_zero", [F, R, T], "InvalidInput", "max_iterations", {"max_iterations": 0}),
    case("max_iterations_fractional", [F, R, T], "InvalidInput", "max_iterations", {"max_iterations": 2.5},
         skip={"rust": "max_iterations is a u64 in Rust"}),
    case("max_iterations_huge", [F, R, T], "InvalidInput", "max_iterations", {"max_iterations": 1e20},
         skip={"rust": "max_iterations is a u64 in Rust"}),
], py_ctor=FIT_CTOR)
group("clv", "paretonbd_fit", "ParetoNbd.fit", "ParetoNbd.fit", 3, [
    *triple_cases(),
    case("boundary_maximum", [[10, 20, 30, 1, 2, 0, 0, 1], [5, 6, 7, 1, 2, 0, 0, 3], [7] * 8], "NotConverged", None),
], py_ctor=FIT_CTOR)
group("clv", "mbgnbd_fit", "MbgNbd.fit", "MbgNbd.fit", 3, [
    case("recency_above_t", [F, [0, 50, 30], T], "InvalidInput", "recency"),
    case("frequency_fractional", [[0, 2.5, 5], R, T], "InvalidInput", "frequency"),
], py_ctor=FIT_CTOR)
group("clv", "bgbb_fit", "BgBb.fit", "BgBb.fit", 3, [
    case("empty", [[], [], []], "Empty", "frequency"),
    case("n_periods_short", [[1, 2], [3, 4], [6]], "LengthMismatch", "n_periods"),
    case("recency_above_n_periods", [[1, 2], [3, 7], [6, 6]], "InvalidInput", "recency"),
    case("frequency_above_recency", [[1, 5], [3, 4], [6, 6]], "InvalidInput", "frequency"),
    case("n_periods_fractional", [[1, 2], [3, 4], [6, 6.5]], "InvalidInput", "n_periods"),
    case("single_customer", [[3], [5], [6]], "NotConverged", None),
    *dtype_cases([[1, 2], [3, 4], [6, 6]], "frequency"),
], py_ctor=FIT_CTOR)
group("clv", "gammagamma_fit", "GammaGamma.fit", "GammaGamma.fit", 2, [
    case("monetary_short", [[1, 2], [10.0]], "LengthMismatch", "monetary_value"),
    case("monetary_negative", [[1, 2], [10.0, -5.0]], "InvalidInput", "monetary_value"),
    case("monetary_nan", [[1, 2], [10.0, NAN]], "InvalidInput", "monetary_value"),
    case("no_repeat_customers", [[0, 0], [0.0, 0.0]], "Empty", "frequency"),
    case("single_customer", [[2], [10.0]], "NotConverged", None),
    *dtype_cases([[1, 2], [10.0, 20.0]], "monetary_value", position=1),
], py_ctor=FIT_CTOR)

BGNBD = {"class": "BgNbd", "params": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}}
group("clv", "bgnbd_p_alive", "p_alive", "pAlive", 3, [
    case("recency_above_t", [[2], [50], [40]], "InvalidInput", "recency"),
    case("frequency_nan", [[NAN], [10], [40]], "InvalidInput", "frequency"),
    case("t_short", [[1, 2], [5, 10], [40]], "LengthMismatch", "T"),
    case("repeat_with_zero_recency", [[2], [0], [40]], "InvalidInput", "recency"),
    *dtype_cases([[2], [10], [40]], "frequency"),
], model=BGNBD)
group("clv", "bgnbd_expected_purchases", "expected_purchases", "expectedPurchases", 4, [
    case("t_negative", [-1, [2], [10], [40]], "InvalidInput", "t"),
    case("t_nan", [NAN, [2], [10], [40]], "InvalidInput", "t"),
    case("t_inf", [INF, [2], [10], [40]], "InvalidInput", "t"),
    case("frequency_fractional", [4, [2.5], [10], [40]], "InvalidInput", "frequency"),
], model=BGNBD)
group("clv", "compress", "compress", "compress", 3, [
    case("recency_above_t", [F, [0, 50, 30], T], "InvalidInput", "recency"),
    case("t_short", [F, R, [1]], "LengthMismatch", "T"),
])
group("clv", "rfm_summary", "rfm_summary", "rfmSummary", 1, [
    case("empty", [{"customer_id": [], "timestamp": [], "amount": []}], "Empty",
         {"python": "timestamp", "js": "transactions.timestamp"},
         skip={"rust": TABLE}),
    case("amount_negative", [{"customer_id": ["a", "a"], "timestamp": ["2024-01-01", "2024-01-05"], "amount": [10.0, -3.0]}],
         "InvalidInput", {"python": "amount", "js": "transactions.amount"}, {"amount": "amount"},
         skip={"rust": TABLE}),
    case("amount_nan", [{"customer_id": ["a", "a"], "timestamp": ["2024-01-01", "2024-01-05"], "amount": [10.0, NAN]}],
         "InvalidInput", {"python": "amount", "js": "transactions.amount"}, {"amount": "amount"},
         skip={"rust": TABLE}),
])

# ---------------------------------------------------------------- journey
EVENTS = {
    "customer_id": ["a", "a", "b"],
    "timestamp": ["2024-01-01T00:00:00Z", "2024-01-01T00:05:00Z", "2024-01-01T00:00:00Z"],
    "event": ["visit", "signup", "visit"],
}
group("journey", "funnel", "funnel", "funnel", 2, [
    case("unknown_event", [EVENTS, ["visit", "checkout"]], "InvalidInput", "steps"),
    case("no_steps", [EVENTS, []], "InvalidInput", "steps"),
    case("negative_window", [EVENTS, ["visit", "signup"]], "InvalidInput", "window", {"window": "-1d"}),
    case("window_garbage", [EVENTS, ["visit", "signup"]], "InvalidInput", "window", {"window": "soon"}),
    case("order_unknown", [EVENTS, ["visit", "signup"]], "InvalidInput", "order", {"order": "sideways"}),
    case("unknown_exclusion", [EVENTS, ["visit", "signup"]], "InvalidInput", "exclusions", {"exclusions": ["refund"]}),
    case("empty_events", [{"customer_id": [], "timestamp": [], "event": []}, ["visit"]], "Empty", "events"),
])
group("journey", "attribution", "attribution", "attribution", 2, [
    case("conversions_short", [[["email", "web"], ["web"]], [1]], "LengthMismatch", "conversions"),
    case("conversions_negative", [[["email"], ["web"]], [1, -1]], "InvalidInput", "conversions"),
    case("conversions_nan", [[["email"], ["web"]], [1, NAN]], "InvalidInput", "conversions"),
    case("no_paths", [[], []], "Empty", "paths"),
    case("empty_path", [[["email"], []], [1, 1]], "InvalidInput", "paths"),
    case("model_unknown", [[["email"]], [1]], "InvalidInput", "model", {"model": "psychic"}),
    case("markov_order_four", [[["email"]], [1]], "InvalidInput", "order", {"model": "markov", "order": 4}),
    case("time_decay_unsorted", [[["email", "web"]], [1]], "InvalidInput", "times",
         {"model": "time_decay", "times": [[5.0, 2.0]]}),
    case("time_decay_duplicate_then_back", [[["email", "web", "seo"]], [1]], "InvalidInput", "times",
         {"model": "time_decay", "times": [[2.0, 2.0, 1.0]]}),
    case("time_decay_missing_times", [[["email", "web"]], [1]], "InvalidInput", "times", {"model": "time_decay"}),
    case("half_life_zero", [[["email", "web"]], [1]], "InvalidInput", "half_life",
         {"model": "time_decay", "times": [[1.0, 2.0]], "half_life": 0}),
    case("conversions_strings", [[["email"]], ["one"]], "InvalidInput", "conversions", skip={"rust": DTYPE}),
])
group("journey", "conversion_rate", "conversion_rate", "conversionRate", 2, [
    case("conversions_above_visitors", [11, 10], "InvalidInput", "conversions"),
    case("visitors_zero", [0, 0], "InvalidInput", "visitors"),
    case("negative", [-1, 10], "InvalidInput", "conversions"),
    case("nan", [1, NAN], "InvalidInput", "visitors"),
])
group("journey", "unit_economics", "unit_economics", "unitEconomics", 2, [
    case("cac_negative", [-5, 100], "InvalidInput", "cac"),
    case("clv_nan", [5, NAN], "InvalidInput", "clv"),
    case("margin_inf", [5, 100], "InvalidInput", "margin_per_period", {"margin_per_period": INF}),
])
group("journey", "response_times", "response_times", "responseTimes", 1, [
    case("reply_before_open", [{"channel": ["chat"], "opened_at": ["2024-01-01T10:00:00Z"],
                                "first_reply_at": ["2024-01-01T09:00:00Z"], "resolved_at": [NONE]}],
         "InvalidInput", {"python": "first_reply", "js": "requests.firstReplyAt"}, skip={"rust": TABLE}),
    case("percentile_above_one", [{"channel": ["chat"], "opened_at": ["2024-01-01T10:00:00Z"],
                                   "first_reply_at": ["2024-01-01T10:30:00Z"], "resolved_at": [NONE]}],
         "InvalidInput", "percentiles", {"percentiles": [0.5, 1.5]}, skip={"rust": TABLE}),
])

doc = {
    "module": "bad_inputs",
    "about": __doc__.strip().splitlines()[0],
    "generated_by": "tests/vectors/derive_bad_inputs.py",
    "encoding": {"$nan": "NaN", "$inf": "+infinity", "$-inf": "-infinity",
                 "$none": "Python None / JS null", "$object": "Python object() / JS {}"},
    "kinds": {"InvalidInput": "CX_INVALID_INPUT", "LengthMismatch": "CX_LENGTH_MISMATCH",
              "Empty": "CX_EMPTY", "NotConverged": "CX_NOT_CONVERGED", "Internal": "CX_INTERNAL"},
    "groups": groups,
}

if __name__ == "__main__":
    path = Path(__file__).with_name("bad_inputs.json")
    text = json.dumps(doc, indent=1) + "\n"
    if "--check" in sys.argv:
        if path.read_text() != text:
            sys.exit(f"{path} differs from {__file__}: run it with --write")
    else:
        path.write_text(text)
        print(f"{path}: {sum(len(g['cases']) for g in groups)} cases in {len(groups)} groups")
