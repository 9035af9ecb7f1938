#!/usr/bin/env python3
"""Write tests/vectors/offers.json: hand-worked next-best-offer cases (co-occurrence,
association rules, recommendations) on a five-basket shop.

Baskets (the distinct products of each customer over all their rows):
    c1 {bread, butter, milk}   c2 {bread, butter}   c3 {bread, milk}
    c4 {beer, milk}            c5 {beer, bread}
N = 5; n(beer) = 2, n(bread) = 4, n(butter) = 2, n(milk) = 3.
Pairs: bread+butter 2 (c1, c2), bread+milk 2 (c1, c3), beer+bread 1 (c5), beer+milk 1 (c4),
butter+milk 1 (c1); beer+butter 0.

Definitions (Agrawal, Imielinski & Swami 1993; lift: Brin et al. 1997):
support(A->B) = n(A,B)/N, confidence = n(A,B)/n(A), lift = n(A,B)*N/(n(A)*n(B)).
Only those definitions are applied below, with Fractions; the order of rules is the
documented one (lift, confidence, support descending, then antecedent and consequent names).

    python3 tests/vectors/derive_offers.py --write   # regenerate tests/vectors/offers.json
    python3 tests/vectors/derive_offers.py --check   # fail when the committed file differs
"""
import json
import os
import sys
from fractions import Fraction as F

CASES = []
TOL = 1e-12

BASKETS = {
    "c1": ["bread", "butter", "milk"],
    "c2": ["bread", "butter"],
    "c3": ["bread", "milk"],
    "c4": ["beer", "milk"],
    "c5": ["beer", "bread"],
}
N = 5
COUNT = {"beer": 2, "bread": 4, "butter": 2, "milk": 3}
PAIR = {("bread", "butter"): 2, ("bread", "milk"): 2, ("beer", "bread"): 1,
        ("beer", "milk"): 1, ("butter", "milk"): 1}

# Transaction rows: every basket item once, plus repeats (c1 buys milk twice, c3 bread
# twice) that must not change the counts, shuffled out of customer order.
ROWS = [("c3", "milk"), ("c1", "bread"), ("c5", "beer"), ("c1", "butter"), ("c2", "bread"),
        ("c4", "beer"), ("c1", "milk"), ("c3", "bread"), ("c2", "butter"), ("c4", "milk"),
        ("c5", "bread"), ("c1", "milk"), ("c3", "bread")]
assert {c: sorted({p for cc, p in ROWS if cc == c}) for c in BASKETS} == BASKETS
INPUT = {"customers": [r[0] for r in ROWS], "products": [r[1] for r in ROWS]}


def case(name, function, source, input, expected=None, error=None, tolerance=TOL):
    c = {"name": name, "function": function, "source": source, "input": input}
    if error is not None:
        c["error"] = error
    else:
        c["expected"] = expected
        c["tolerance"] = tolerance
    CASES.append(c)


def pair(a, b):
    return PAIR.get(tuple(sorted((a, b))), 0)


def rule(a, b):
    both = pair(a, b)
    return {
        "antecedent": a, "consequent": b, "count": both,
        "support": F(both, N), "confidence": F(both, COUNT[a]),
        "lift": F(both * N, COUNT[a] * COUNT[b]),
        "antecedent_support": F(COUNT[a], N), "consequent_support": F(COUNT[b], N),
    }


def rules(min_support, min_confidence):
    out = [rule(a, b) for a in COUNT for b in COUNT
           if a != b and pair(a, b) > 0
           and F(pair(a, b), N) >= min_support and F(pair(a, b), COUNT[a]) >= min_confidence]
    out.sort(key=lambda r: (-r["lift"], -r["confidence"], -r["support"], r["antecedent"],
                            r["consequent"]))
    return [{k: (float(v) if isinstance(v, F) else v) for k, v in r.items()} for r in out]


case("co_occurrence_shop", "co_occurrence",
     "Pair counts above, by count descending then names: bread+butter 2, bread+milk 2, "
     "beer+bread 1, beer+milk 1, butter+milk 1; support = count / 5.",
     INPUT,
     [{"product_a": a, "product_b": b, "count": n, "support": n / N} for (a, b), n in
      sorted(PAIR.items(), key=lambda kv: (-kv[1], kv[0]))])

case("association_rules_thresholds", "association_rules",
     "min_support 0.3 keeps pairs in >= 2 of 5 baskets (bread+butter, bread+milk). "
     "butter->bread: conf 2/2 = 1, lift 2*5/(2*4) = 1.25; bread->butter: conf 2/4 = 0.5 < 0.6 "
     "(dropped); milk->bread: conf 2/3, lift 2*5/(3*4) = 5/6; bread->milk: conf 0.5 (dropped).",
     {**INPUT, "min_support": 0.3, "min_confidence": 0.6},
     rules(F(3, 10), F(6, 10)))
assert [(r["antecedent"], r["consequent"]) for r in CASES[-1]["expected"]] == [
    ("butter", "bread"), ("milk", "bread")]

case("association_rules_all", "association_rules",
     "Every rule of every co-occurring pair (min_support 0.2 = one basket, min_confidence 0): "
     "10 rules. Lift ties (butter->bread and bread->butter, 1.25) break by confidence (1 > 0.5); "
     "beer->bread and bread->beer (lift 5/8) by confidence 1/2 > 1/4.",
     {**INPUT, "min_support": 0.2, "min_confidence": 0.0},
     rules(F(1, 5), F(0)))
assert len(CASES[-1]["expected"]) == 10

# Recommendations with min_support 0.2, min_confidence 0.2, k = 2.
# c2 {bread, butter}: candidates milk (bread->milk conf 1/2 lift 5/6; butter->milk conf 1/2
#   lift 5/6: tie, antecedent name bread first) and beer (bread->beer conf 1/4 lift 5/8).
# c4 {beer, milk}: bread (milk->bread conf 2/3 beats beer->bread 1/2), butter (milk->butter
#   conf 1/3, lift 5/6).
# zed (no purchases): popular products by baskets: bread 4/5, milk 3/5.
# c1 {bread, butter, milk}: beer (bread->beer 1/4, milk->beer conf 1/3 lift 5/6: best 1/3
#   from milk); k = 2 but only one product is left.
REC = [
    ("c2", 1, "milk", F(1, 2), F(5, 6), "bread", "rule"),
    ("c2", 2, "beer", F(1, 4), F(5, 8), "bread", "rule"),
    ("c4", 1, "bread", F(2, 3), F(5, 6), "milk", "rule"),
    ("c4", 2, "butter", F(1, 3), F(5, 6), "milk", "rule"),
    ("zed", 1, "bread", F(4, 5), None, None, "popular"),
    ("zed", 2, "milk", F(3, 5), None, None, "popular"),
    ("c1", 1, "beer", F(1, 3), F(5, 6), "milk", "rule"),
]
for c, _, p, score, lift, because, source in REC:
    assert p not in BASKETS.get(c, [])
    if source == "rule":
        assert rule(because, p)["confidence"] == score and rule(because, p)["lift"] == lift
case("recommend_rules_and_popular", "recommend",
     "Worked in tests/vectors/derive_offers.py: c2 gets milk (conf 1/2, tie between bread and "
     "butter broken by name) then beer (1/4); c4 bread (2/3) then butter (1/3); an unknown "
     "customer the most popular products (bread 4/5, milk 3/5); c1 only beer (1/3 from milk).",
     {**INPUT, "customer_ids": ["c2", "c4", "zed", "c1"], "k": 2, "min_support": 0.2,
      "min_confidence": 0.2},
     [{"customer": c, "rank": r, "product": p, "score": float(s),
       "lift": None if lift is None else float(lift), "because": b, "source": src}
      for c, r, p, s, lift, b, src in REC])

ERR = "CX_INVALID_INPUT"
case("association_rules_error_min_support_zero", "association_rules",
     "min_support must be in (0, 1].", {**INPUT, "min_support": 0.0},
     error={"code": ERR, "field": "min_support"})
case("association_rules_error_min_support_above_one", "association_rules",
     "min_support must be in (0, 1].", {**INPUT, "min_support": 1.5},
     error={"code": ERR, "field": "min_support"})
case("association_rules_error_min_confidence", "association_rules",
     "min_confidence must be in [0, 1].", {**INPUT, "min_confidence": 2.0},
     error={"code": ERR, "field": "min_confidence"})
case("association_rules_error_empty", "association_rules",
     "No transactions.", {"customers": [], "products": []},
     error={"code": "CX_EMPTY", "field": "customers"})
case("association_rules_error_lengths", "association_rules",
     "Two customers, one product.", {"customers": ["c1", "c2"], "products": ["tea"]},
     error={"code": "CX_LENGTH_MISMATCH", "field": "products"})
case("recommend_error_k_zero", "recommend",
     "k must be at least 1.", {**INPUT, "customer_ids": ["c1"], "k": 0},
     error={"code": ERR, "field": "k"})

doc = {
    "module": "offers",
    "about": "Shared test vectors for next best offer: co-occurrence, single-item association "
             "rules and recommendations, hand-worked on five baskets (see the generator's "
             "docstring). Input rows are (customer, product) pairs, one per transaction. A case "
             "has either `expected` (absolute tolerance `tolerance` on every number; only the "
             "keys given are compared; null is a missing value) or `error` (`code` and `field`). "
             "`bindings` lists the languages that must run this file.",
    "generated_by": "tests/vectors/derive_offers.py",
    "bindings": ["rust", "python", "node", "wasm"],
    "cases": CASES,
}

if __name__ == "__main__":
    text = json.dumps(doc, indent=1) + "\n"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "offers.json")
    mode = sys.argv[1] if len(sys.argv) > 1 else "--check"
    if mode == "--write":
        with open(path, "w") as f:
            f.write(text)
    elif not os.path.exists(path) or open(path).read() != text:
        sys.exit("stale: offers.json (run python3 tests/vectors/derive_offers.py --write)")
