#!/usr/bin/env python3
"""Derive the expected values of tests/vectors/survey.json from the published formulas.

This is an independent, deliberately plain implementation (Python standard library only,
no code shared with cx) of the formulas each case cites. It writes two files:
survey.json (run by every language) and survey_breakdown.json (segment and trend cases, run by
the languages that have those functions):

    python3 tests/vectors/derive_survey.py --write   # regenerate
    python3 tests/vectors/derive_survey.py --check   # fail when the committed files differ

Published anchors checked here before anything is written:
- Wilson interval for 81/263 is 0.2553..0.3662 and for 0/20 is 0..0.1611
  (Newcombe 1998, Statistics in Medicine 17:857-872, Table I, method 3).
- Student-t 97.5% quantiles from standard tables: df 9 -> 2.262157, df 19 -> 2.093024,
  df 4 -> 2.776445 (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
"""
import datetime as dt
import json
import math
from statistics import NormalDist

# Two-sided 95% t quantiles (NIST e-Handbook of Statistical Methods, 1.3.6.7.2), and 90%.
T_975 = {4: 2.776445105, 9: 2.262157163, 19: 2.093024054, 29: 2.045229642}
T_950 = {9: 1.833112933}


def z(level):
    return NormalDist().inv_cdf(1 - (1 - level) / 2)


def nps_expected(scores, weights=None, level=0.95, method="wald"):
    w = weights or [1.0] * len(scores)
    tot = sum(w)
    p = sum(wi for s, wi in zip(scores, w) if s >= 9) / tot
    q = sum(wi for s, wi in zip(scores, w) if 7 <= s <= 8) / tot
    d = sum(wi for s, wi in zip(scores, w) if s <= 6) / tot
    neff = tot * tot / sum(wi * wi for wi in w)
    centre, var = estimate(p, d, neff, method)
    se = math.sqrt(var)
    zc = z(level)
    clamp = lambda v: max(-100.0, min(100.0, v))
    return {
        "score": 100 * (p - d),
        "promoters": p,
        "passives": q,
        "detractors": d,
        "n": len(scores),
        "effective_n": neff,
        "std_error": 100 * se,
        "ci": [clamp(100 * (centre - zc * se)), clamp(100 * (centre + zc * se))],
    }


def estimate(p, d, n, method):
    # Wald: var = [p + d - (p - d)^2] / n.  Adjusted Wald (Rocks 2016, The American
    # Statistician 70(4)): add 3/4 promoter, 3/2 passive, 3/4 detractor, n + 3.
    if method == "adjusted_wald":
        p, d, n = (p * n + 0.75) / (n + 3), (d * n + 0.75) / (n + 3), n + 3
    return p - d, (p + d - (p - d) ** 2) / n


def compare_expected(a, b, level=0.95, method="wald"):
    def parts(s):
        n = len(s)
        p = sum(1 for x in s if x >= 9) / n
        d = sum(1 for x in s if x <= 6) / n
        return p, d, n

    pa, da, na = parts(a)
    pb, db, nb = parts(b)
    ca, va = estimate(pa, da, na, method)
    cb, vb = estimate(pb, db, nb, method)
    se = math.sqrt(va + vb)
    zs = (ca - cb) / se
    pval = math.erfc(abs(zs) / math.sqrt(2))
    zc = z(level)
    return {
        "difference": 100 * ((pa - da) - (pb - db)),
        "std_error": 100 * se,
        "z": zs,
        "p_value": pval,
        "ci": [100 * (ca - cb - zc * se), 100 * (ca - cb + zc * se)],
    }


def wilson(k, n, zc):
    p = k / n
    den = 1 + zc * zc / n
    c = (p + zc * zc / (2 * n)) / den
    h = zc / den * math.sqrt(p * (1 - p) / n + zc * zc / (4 * n * n))
    return max(0.0, c - h), min(1.0, c + h)


def csat_expected(scores, scale=5, top_box=2, level=0.95):
    n = len(scores)
    k = sum(1 for s in scores if s > scale - top_box)
    lo, hi = wilson(k, n, z(level))
    return {"score": 100 * k / n, "satisfied": k, "mean": sum(scores) / n, "n": n,
            "ci": [100 * lo, 100 * hi]}


def ces_expected(scores, t, scale=7, low_is_easy=False):
    n = len(scores)
    m = sum(scores) / n
    sd = math.sqrt(sum((s - m) ** 2 for s in scores) / (n - 1))
    half = t * sd / math.sqrt(n)
    mid = (scale + 1) / 2
    agree = sum(1 for s in scores if (s < mid if low_is_easy else s > mid)) / n
    return {"mean": m, "std_dev": sd, "ci": [m - half, m + half], "agree_share": agree, "n": n}


def check_anchors():
    lo, hi = wilson(81, 263, z(0.95))
    assert abs(lo - 0.2553) < 5e-5 and abs(hi - 0.3662) < 5e-5, (lo, hi)
    lo, hi = wilson(0, 20, z(0.95))
    assert lo == 0 and abs(hi - 0.1611) < 5e-5, (lo, hi)


def main():
    check_anchors()
    cases = []
    HAND = "hand-derived from the formula (see derive_survey.py)"

    def add(name, function, inp, expected, tol, source):
        cases.append({"name": name, "function": function, "source": source,
                      "input": inp, "expected": expected, "tolerance": tol})

    def err(name, function, inp, kind, field, index=None):
        e = {"code": kind, "field": field}
        if index is not None:
            e["index"] = index
        cases.append({"name": name, "function": function, "source": "input validation",
                      "input": inp, "error": e})

    four = [10, 9, 8, 3]
    add("nps_four_scores_wald", "nps", {"scores": four, "level": 0.95, "method": "wald"},
        nps_expected(four), 1e-9,
        "NPS = 50% - 25% = 25; Wald variance [p + d - (p - d)^2]/n = (0.75 - 0.0625)/4")
    add("nps_four_scores_adjusted_wald", "nps",
        {"scores": four, "level": 0.95, "method": "adjusted_wald"},
        nps_expected(four, method="adjusted_wald"), 1e-9,
        "Rocks (2016) adjusted Wald: p = 2.75/7, d = 1.75/7, n = 7; " + HAND)
    # 40 promoters, 30 passives, 30 detractors in n = 100: a textbook-sized sample.
    hundred = [10] * 20 + [9] * 20 + [8] * 15 + [7] * 15 + [6] * 10 + [5] * 10 + [0] * 10
    add("nps_hundred_wald_90", "nps", {"scores": hundred, "level": 0.90, "method": "wald"},
        nps_expected(hundred, level=0.90), 1e-9,
        "40/30/30 of 100: NPS 10, se = sqrt((0.7 - 0.01)/100) = 8.3066; z(0.95) = 1.644854; " + HAND)
    add("nps_hundred_adjusted_99", "nps",
        {"scores": hundred, "level": 0.99, "method": "adjusted_wald"},
        nps_expected(hundred, level=0.99, method="adjusted_wald"), 1e-9,
        "40/30/30 of 100, adjusted Wald (Rocks 2016) at 99%; " + HAND)
    allprom = [10] * 5
    add("nps_all_promoters_wald_degenerate", "nps", {"scores": allprom, "method": "wald"},
        nps_expected(allprom), 1e-9, "all promoters: Wald se = 0, interval [100, 100]")
    add("nps_all_promoters_adjusted", "nps", {"scores": allprom, "method": "adjusted_wald"},
        nps_expected(allprom, method="adjusted_wald"), 1e-9,
        "all promoters: adjusted Wald keeps a non-degenerate interval (clamped at 100); " + HAND)
    ws = [10, 9, 8, 7, 6, 3, 0, 10]
    wt = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 0.5, 2.5]
    add("nps_weighted_wald", "nps", {"scores": ws, "weights": wt, "method": "wald"},
        nps_expected(ws, wt), 1e-9,
        "weighted shares with Kish (1965) effective n = (sum w)^2 / sum w^2 = 144/24 = 6; " + HAND)
    add("nps_weighted_adjusted_wald", "nps",
        {"scores": ws, "weights": wt, "method": "adjusted_wald"},
        nps_expected(ws, wt, method="adjusted_wald"), 1e-9,
        "weighted + adjusted Wald on the effective n; " + HAND)
    add("nps_equal_weights_match_unweighted", "nps",
        {"scores": hundred, "weights": [2.0] * 100, "method": "wald"},
        nps_expected(hundred), 1e-9, "equal weights leave shares and n_eff = n unchanged")

    a = [10] * 30 + [8] * 10 + [4] * 10
    b = [9] * 20 + [7] * 15 + [2] * 25
    add("compare_nps_wald", "compare_nps", {"a": a, "b": b, "level": 0.95, "method": "wald"},
        compare_expected(a, b), 1e-9,
        "independent groups: se = sqrt(var_a + var_b), z = diff/se, p = erfc(|z|/sqrt 2); " + HAND)
    add("compare_nps_adjusted_wald", "compare_nps",
        {"a": a, "b": b, "level": 0.95, "method": "adjusted_wald"},
        compare_expected(a, b, method="adjusted_wald"), 1e-9,
        "both groups adjusted as in Rocks (2016) before differencing; " + HAND)
    add("compare_nps_same_group", "compare_nps", {"a": hundred, "b": hundred},
        compare_expected(hundred, hundred), 1e-12, "identical groups: difference 0, z 0, p 1")

    newc = [5] * 41 + [4] * 40 + [3] * 100 + [2] * 50 + [1] * 32
    add("csat_newcombe_81_of_263", "csat", {"scores": newc, "scale": 5, "top_box": 2, "level": 0.95},
        csat_expected(newc), 1e-9,
        "81 of 263 satisfied; Wilson 95% = 25.53%..36.62% (Newcombe 1998, Table I, method 3)")
    zero = [3] * 12 + [1] * 8
    add("csat_newcombe_0_of_20", "csat", {"scores": zero}, csat_expected(zero), 1e-9,
        "0 of 20 satisfied; Wilson 95% = 0%..16.11% (Newcombe 1998, Table I, method 3)")
    c10 = [10, 9, 9, 8, 7, 7, 5, 3, 10, 6]
    add("csat_ten_point_top3_90", "csat", {"scores": c10, "scale": 10, "top_box": 3, "level": 0.90},
        csat_expected(c10, scale=10, top_box=3, level=0.90), 1e-9,
        "1-10 scale, top-3 box (8-10): 5 of 10; Wilson at 90%; " + HAND)

    e10 = [7, 6, 6, 5, 5, 4, 3, 7, 2, 6]
    add("ces_seven_point", "ces", {"scores": e10, "scale": 7, "level": 0.95},
        ces_expected(e10, T_975[9]), 1e-7,
        "mean 5.1, sd with n - 1, t(0.975, 9) = 2.262157 (NIST table); agree = 5..7 -> 0.6")
    add("ces_seven_point_90", "ces", {"scores": e10, "scale": 7, "level": 0.90},
        ces_expected(e10, T_950[9]), 1e-7,
        "as above at 90%: t(0.95, 9) = 1.833113 (NIST table)")
    e5 = [1, 2, 2, 1, 3, 5, 4, 2, 1, 2, 3, 1, 2, 2, 1, 4, 2, 1, 3, 2]
    add("ces_five_point_low_is_easy", "ces",
        {"scores": e5, "scale": 5, "level": 0.95, "low_is_easy": True},
        ces_expected(e5, T_975[19], scale=5, low_is_easy=True), 1e-7,
        "5-point effort scale, low = easy: easy = 1..2; t(0.975, 19) = 2.093024 (NIST table)")

    add("nps_tally_merge", "nps_tally",
        {"tallies": [[3, 1, 2], [0, 4, 1], [5, 0, 0]], "level": 0.95, "method": "wald"},
        {"promoters": 8, "passives": 5, "detractors": 3, "n": 16,
         "score": 100 * (8 - 3) / 16,
         "std_error": 100 * math.sqrt((11 / 16 - (5 / 16) ** 2) / 16)},
        1e-9, "merged counts (8, 5, 3) of 16; Wald se from the merged shares")

    # Bad inputs: every binding must raise the same kind of error naming the same field.
    err("nps_rejects_out_of_scale", "nps", {"scores": [9, 10, 11]}, "CX_INVALID_INPUT", "scores", 2)
    err("nps_rejects_fraction", "nps", {"scores": [9, 7.5]}, "CX_INVALID_INPUT", "scores", 1)
    err("nps_rejects_negative", "nps", {"scores": [-1, 9]}, "CX_INVALID_INPUT", "scores", 0)
    err("nps_rejects_nan", "nps", {"scores": [9, "NaN"]}, "CX_INVALID_INPUT", "scores", 1)
    err("nps_rejects_empty", "nps", {"scores": []}, "CX_EMPTY", "scores")
    err("nps_rejects_negative_weight", "nps", {"scores": [9, 3], "weights": [1, -1]},
        "CX_INVALID_INPUT", "weights", 1)
    err("nps_rejects_nan_weight", "nps", {"scores": [9, 3], "weights": [1, "NaN"]},
        "CX_INVALID_INPUT", "weights", 1)
    err("nps_rejects_length_mismatch", "nps", {"scores": [9, 3], "weights": [1]},
        "CX_LENGTH_MISMATCH", "weights")
    err("nps_rejects_bad_level", "nps", {"scores": [9], "level": 1.5}, "CX_INVALID_INPUT", "level")
    err("nps_rejects_bad_method", "nps", {"scores": [9], "method": "bootstrap"},
        "CX_INVALID_INPUT", "method")
    err("csat_rejects_out_of_scale", "csat", {"scores": [5, 6]}, "CX_INVALID_INPUT", "scores", 1)
    err("csat_rejects_zero", "csat", {"scores": [0]}, "CX_INVALID_INPUT", "scores", 0)
    err("csat_rejects_empty", "csat", {"scores": []}, "CX_EMPTY", "scores")
    err("csat_rejects_bad_top_box", "csat", {"scores": [4], "top_box": 5}, "CX_INVALID_INPUT", "top_box")
    err("ces_rejects_out_of_scale", "ces", {"scores": [7, 8]}, "CX_INVALID_INPUT", "scores", 1)
    err("ces_rejects_single", "ces", {"scores": [4]}, "CX_EMPTY", "scores")
    err("ces_rejects_nan", "ces", {"scores": ["NaN", 4]}, "CX_INVALID_INPUT", "scores", 0)

    doc = {
        "module": "survey",
        "about": ("Shared test vectors for NPS, CSAT and CES. Every language runs every case. "
                  "Inputs use snake_case option names; the string \"NaN\" stands for a NaN "
                  "float. Omitted options take their defaults (level 0.95, method wald, "
                  "CSAT scale 5 top_box 2, CES scale 7). A case has either `expected` "
                  "(absolute tolerance `tolerance` on every number) or `error` (`code` and "
                  "`field`, and `index` for element errors). `bindings` lists the languages that "
                  "must run this file (all of them once the capability is bound everywhere)."),
        "generated_by": "tests/vectors/derive_survey.py",
        "bindings": ["rust", "python", "node", "wasm"],
        "cases": cases,
    }
    return {"survey.json": doc, "survey_breakdown.json": breakdown_doc()}


def breakdown_doc():
    cases = []
    scores = [10, 9, 3, 8, 10, 6, 9, 7, 0, 10]
    segments = ["web", "phone", "web", "web", "chat", "phone", "web", "chat", "phone", "web"]
    weights = [1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 3.0, 1.0, 1.0, 2.0]
    groups = {}
    for i, g in enumerate(segments):
        groups.setdefault(g, []).append(i)
    for method in ["wald", "adjusted_wald"]:
        expected = []
        for g in sorted(groups):
            idx = groups[g]
            r = nps_expected([scores[i] for i in idx], [weights[i] for i in idx], method=method)
            expected.append({"segment": g, "result": r})
        cases.append({
            "name": f"nps_by_segment_weighted_{method}", "function": "nps_by_segment",
            "source": "each segment is an ordinary weighted NPS of its rows; segments sorted by label",
            "input": {"scores": scores, "segments": segments, "weights": weights, "method": method},
            "expected": expected, "tolerance": 1e-9})
    # Trend by month and by ISO week (weeks start on Monday; 1997-01-01 was a Wednesday).
    stamps = ["1997-01-01T10:00:00Z", "1997-01-05T23:59:59Z", "1997-01-06T00:00:00Z",
              "1997-01-31T12:00:00Z", "1997-02-01T00:00:00Z", "1997-02-03T08:00:00Z",
              "1997-02-28T18:00:00Z", "1997-03-01T00:00:00Z", "1997-03-02T00:00:00Z",
              "1997-03-03T00:00:00Z"]
    months = {}
    weeks = {}
    for i, t in enumerate(stamps):
        d = dt.date.fromisoformat(t[:10])
        months.setdefault(d.replace(day=1).isoformat(), []).append(i)
        weeks.setdefault((d - dt.timedelta(days=d.weekday())).isoformat(), []).append(i)
    for freq, groups_ in [("month", months), ("iso_week", weeks)]:
        expected = [{"period_start": k, "result": nps_expected([scores[i] for i in v])}
                    for k, v in sorted(groups_.items())]
        cases.append({
            "name": f"nps_trend_{freq}", "function": "nps_trend",
            "source": "rows grouped by the first day of their period (UTC); ISO weeks start on Monday",
            "input": {"scores": scores, "timestamps": stamps, "freq": freq},
            "expected": expected, "tolerance": 1e-9})
    cases.append({"name": "nps_by_segment_error_keeps_row_index", "function": "nps_by_segment",
                  "source": "input validation: the index is the row in the input, not in the group",
                  "input": {"scores": [9, 10, 3, 12], "segments": ["b", "a", "b", "b"]},
                  "error": {"code": "CX_INVALID_INPUT", "field": "scores", "index": 3}})
    cases.append({"name": "nps_by_segment_length_mismatch", "function": "nps_by_segment",
                  "source": "input validation",
                  "input": {"scores": [9, 10], "segments": ["a"]},
                  "error": {"code": "CX_LENGTH_MISMATCH", "field": "segments"}})
    return {
        "module": "survey",
        "about": "NPS broken down by segment and by calendar period; same conventions as survey.json.",
        "generated_by": "tests/vectors/derive_survey.py",
        "bindings": ["rust", "python", "node", "wasm"],
        "cases": cases,
    }


if __name__ == "__main__":
    import os
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    mode = sys.argv[1] if len(sys.argv) > 1 else "--check"
    stale = []
    for name, doc in main().items():
        text = json.dumps(doc, indent=1) + "\n"
        path = os.path.join(here, name)
        if mode == "--write":
            with open(path, "w") as f:
                f.write(text)
        elif not os.path.exists(path) or open(path).read() != text:
            stale.append(name)
    if stale:
        sys.exit("stale: " + ", ".join(stale) + " (run python3 tests/vectors/derive_survey.py --write)")
