#!/usr/bin/env python3
"""Write tests/vectors/journey.json: hand-worked journey cases (funnels, paths, attribution,
response-time SLAs, acquisition).

Every expected number below is worked by hand from the case's definition; the working is in
each case's "source" (and in the comments), with Fractions where a value is not a short
decimal. Nothing here re-implements the cx algorithms.

    python3 tests/vectors/derive_journey.py --write   # regenerate tests/vectors/journey.json
    python3 tests/vectors/derive_journey.py --check   # fail when the committed file differs
"""
import json
import os
import sys
from fractions import Fraction as F

CASES = []
TOL = 1e-12


def case(name, function, source, input, expected=None, error=None, tolerance=TOL):
    c = {"name": name, "function": function, "source": source, "input": input}
    if error is not None:
        c["error"] = error
    else:
        c["expected"] = expected
        c["tolerance"] = tolerance
    CASES.append(c)


def fl(x):
    return None if x is None else float(x)


def events(rows):
    """rows of (customer, time, event[, breakdown]) -> columns."""
    cols = {
        "customers": [r[0] for r in rows],
        "times": [r[1] for r in rows],
        "events": [r[2] for r in rows],
    }
    if rows and len(rows[0]) > 3:
        cols["breakdown"] = [r[3] for r in rows]
    return cols


def step(name, entered, converted, first_conv, prev_conv, med=None, mean=None,
         med_first=None, mean_first=None):
    return {
        "step": name,
        "entered": entered,
        "converted": converted,
        "conversion_from_first": fl(first_conv),
        "conversion_from_previous": fl(prev_conv),
        "median_seconds_to_convert": fl(med),
        "mean_seconds_to_convert": fl(mean),
        "median_seconds_from_first": fl(med_first),
        "mean_seconds_from_first": fl(mean_first),
    }


def counts_only(names, converted):
    return [{"step": n, "converted": c} for n, c in zip(names, converted)]


# ---------------------------------------------------------------- funnels
STEPS = ["visit", "signup", "purchase"]

basic = events([
    ("a", 0, "visit"), ("a", 100, "signup"), ("a", 250, "purchase"),
    ("b", 0, "visit"), ("b", 50, "purchase"), ("b", 60, "signup"),
    ("c", 0, "signup"), ("c", 10, "visit"),
])
case("funnel_ordered_basic", "funnel",
     "Hand count. a: visit 0, signup 100, purchase 250 -> 3 steps. b: purchase at 50 is before "
     "its signup at 60, so b stops at signup. c: signup before its visit -> only visit. Reached: "
     "[3, 2, 1]; signup times from visit: a 100, b 60 -> median = mean = 80; purchase: a 150 "
     "after signup, 250 after visit.",
     dict(basic, steps=STEPS, window="14d", order="ordered"),
     {"steps": [
         step("visit", 3, 3, 1, 1),
         step("signup", 3, 2, F(2, 3), F(2, 3), 80, 80, 80, 80),
         step("purchase", 2, 1, F(1, 3), F(1, 2), 150, 150, 250, 250),
     ], "segments": []})

strict_rows = events([
    ("a", 0, "visit"), ("a", 10, "browse"), ("a", 20, "signup"), ("a", 30, "purchase"),
    ("b", 0, "visit"), ("b", 10, "signup"), ("b", 20, "purchase"),
    ("c", 0, "visit"), ("c", 5, "signup"), ("c", 6, "browse"), ("c", 7, "purchase"),
])
case("funnel_strict_no_events_between", "funnel",
     "Hand count, strict: a has browse right after visit -> stops at visit; b visit, signup, "
     "purchase back to back -> 3; c browse between signup and purchase -> stops at signup. "
     "Reached [3, 2, 1]; signup after visit: b 10, c 5 -> median = mean = 7.5; purchase: b 10 "
     "after signup, 20 after visit.",
     dict(strict_rows, steps=STEPS, window="1h", order="strict"),
     {"steps": [
         step("visit", 3, 3, 1, 1),
         step("signup", 3, 2, F(2, 3), F(2, 3), 7.5, 7.5, 7.5, 7.5),
         step("purchase", 2, 1, F(1, 3), F(1, 2), 10, 10, 20, 20),
     ]})
case("funnel_ordered_same_data_as_strict", "funnel",
     "Same events as funnel_strict_no_events_between, ordered: every customer reaches all "
     "three. Signup after visit: 20, 10, 5 -> median 10, mean 35/3; purchase after signup: "
     "10, 10, 2 -> median 10, mean 22/3; purchase after visit: 30, 20, 7 -> median 20, mean 19.",
     dict(strict_rows, steps=STEPS, window="1h", order="ordered"),
     {"steps": [
         step("visit", 3, 3, 1, 1),
         step("signup", 3, 3, 1, 1, 10, F(35, 3), 10, F(35, 3)),
         step("purchase", 3, 3, 1, 1, 10, F(22, 3), 20, 19),
     ]})

unordered = events([
    ("a", 0, "signup"), ("a", 10, "visit"), ("a", 30, "purchase"),
    ("b", 0, "signup"), ("b", 5, "visit"),
    ("c", 0, "purchase"),
    ("d", 0, "visit"), ("d", 100, "signup"),
])
case("funnel_unordered_window", "funnel",
     "Unordered, window 50 s from the first event of any step. a: signup 0, visit 10, purchase "
     "30 -> all; prefix visit done at 10, visit+signup at 10, all at 30. b: signup 0, visit 5 "
     "-> two steps, both done at 5. c: purchase only -> no visit, not counted. d: signup at 100 "
     "is past the window -> visit only. Reached [3, 2, 1]; signup: a 0, b 0; purchase: a 20.",
     dict(unordered, steps=STEPS, window=50, order="unordered"),
     {"steps": [
         step("visit", 3, 3, 1, 1),
         step("signup", 3, 2, F(2, 3), F(2, 3), 0, 0, 0, 0),
         step("purchase", 2, 1, F(1, 3), F(1, 2), 20, 20, 20, 20),
     ]})

edge = events([("a", 0, "visit"), ("a", 100, "signup"), ("b", 0, "visit"), ("b", 101, "signup")])
case("funnel_window_edge_inclusive", "funnel",
     "Window 100 s is inclusive: a signs up exactly 100 s after its visit (counts), b after 101 s "
     "(does not). Reached [2, 1].",
     dict(edge, steps=["visit", "signup"], window=100),
     {"steps": [step("visit", 2, 2, 1, 1), step("signup", 2, 1, F(1, 2), F(1, 2), 100, 100, 100, 100)]})

ties = events([("a", 50, "visit"), ("a", 50, "signup"), ("b", 50, "signup"), ("b", 50, "visit")])
case("funnel_timestamp_ties_keep_input_order", "funnel",
     "Equal timestamps keep input order: a's signup comes after its visit (counts, 0 s); b's "
     "signup is listed before its visit, so nothing follows b's entry. Reached [2, 1].",
     dict(ties, steps=["visit", "signup"], window="1d"),
     {"steps": counts_only(["visit", "signup"], [2, 1])})

excl = events([
    ("a", 0, "visit"), ("a", 10, "signup"), ("a", 20, "unsubscribe"), ("a", 30, "purchase"),
    ("b", 0, "visit"), ("b", 5, "unsubscribe"), ("b", 10, "signup"),
    ("c", 0, "unsubscribe"), ("c", 10, "visit"), ("c", 20, "signup"), ("c", 30, "purchase"),
])
case("funnel_exclusion_voids_later_steps", "funnel",
     "Exclusion `unsubscribe` stops progress where it occurs after the entry: a keeps visit and "
     "signup, b keeps visit only; c unsubscribed before entering, which does not count. "
     "Reached [3, 2, 1].",
     dict(excl, steps=STEPS, window="1d", exclusions=["unsubscribe"]),
     {"steps": counts_only(STEPS, [3, 2, 1])})

multi = events([
    ("a", 0, "visit"), ("a", 10, "register"),
    ("b", 0, "visit"), ("b", 10, "signup"),
    ("c", 0, "visit"),
])
case("funnel_step_matches_several_events", "funnel",
     "Step `account` is reached by `signup` or `register`: a and b reach it, c does not. "
     "Reached [3, 2]; 10 s each.",
     dict(multi, steps=["visit", {"name": "account", "events": ["signup", "register"]}]),
     {"steps": [step("visit", 3, 3, 1, 1), step("account", 3, 2, F(2, 3), F(2, 3), 10, 10, 10, 10)]})

bd = events([
    ("a", 0, "visit", "web"), ("a", 10, "signup", "email"), ("a", 20, "purchase", "store"),
    ("b", 0, "visit", "web"), ("b", 10, "signup", "web"),
    ("c", 0, "visit", "email"),
])
case("funnel_breakdown_first_touch", "funnel",
     "First touch takes the value on the entry event: a web, b web, c email. web reaches "
     "[2, 2, 1], email [1, 0, 0].",
     dict(bd, steps=STEPS, touch="first_touch"),
     {"steps": counts_only(STEPS, [3, 2, 1]), "segments": [
         {"value": "email", "steps": counts_only(STEPS, [1, 0, 0])},
         {"value": "web", "steps": counts_only(STEPS, [2, 2, 1])},
     ]})
case("funnel_breakdown_last_touch", "funnel",
     "Last touch takes the value on the event of the last step reached: a store (purchase), b "
     "web (signup), c email (visit).",
     dict(bd, steps=STEPS, touch="last_touch"),
     {"segments": [
         {"value": "email", "steps": counts_only(STEPS, [1, 0, 0])},
         {"value": "store", "steps": counts_only(STEPS, [1, 1, 1])},
         {"value": "web", "steps": counts_only(STEPS, [1, 1, 0])},
     ]})

case("funnel_columns_interned", "funnel_columns",
     "Fast path on interned ids (0 = visit, 1 = signup, 2 = other), sorted by customer then "
     "time: customer 0 visit, other, signup -> 2 steps; customer 1 visit only.",
     {"customers": [0, 0, 0, 1], "times": [0, 5, 9, 0], "events": [0, 2, 1, 0],
      "steps": [[0], [1]], "window": 60},
     {"steps": [step("step 1", 2, 2, 1, 1), step("step 2", 2, 1, F(1, 2), F(1, 2), 9, 9, 9, 9)]})

# funnel errors
case("funnel_error_unknown_step", "funnel", "Step 2 names an event that never occurs.",
     dict(edge, steps=["visit", "checkout"]),
     error={"code": "CX_INVALID_INPUT", "field": "steps", "index": 1})
case("funnel_error_unknown_exclusion", "funnel", "Exclusion 1 names an event that never occurs.",
     dict(edge, steps=["visit"], exclusions=["signup", "refund"]),
     error={"code": "CX_INVALID_INPUT", "field": "exclusions", "index": 1})
case("funnel_error_empty", "funnel", "No events at all.",
     {"customers": [], "times": [], "events": [], "steps": ["visit"]},
     error={"code": "CX_EMPTY", "field": "events"})
case("funnel_error_length_mismatch", "funnel", "Three customers, two times.",
     {"customers": ["a", "a", "b"], "times": [0, 1], "events": ["visit", "visit", "visit"],
      "steps": ["visit"]},
     error={"code": "CX_LENGTH_MISMATCH", "field": "times"})
case("funnel_error_bad_order", "funnel", "Unknown order mode.",
     dict(edge, steps=["visit"], order="sideways"),
     error={"code": "CX_INVALID_INPUT", "field": "order"})
case("funnel_columns_error_unsorted_times", "funnel_columns",
     "The fast path needs times sorted within a customer: index 2 goes back from 9 to 5.",
     {"customers": [0, 0, 0], "times": [0, 9, 5], "events": [0, 1, 1], "steps": [[0], [1]]},
     error={"code": "CX_INVALID_INPUT", "field": "times", "index": 2})
case("funnel_columns_error_unsorted_customers", "funnel_columns",
     "The fast path needs events sorted by customer: index 1 goes back from customer 1 to 0.",
     {"customers": [1, 0], "times": [0, 0], "events": [0, 0], "steps": [[0]]},
     error={"code": "CX_INVALID_INPUT", "field": "customers", "index": 1})

# ---------------------------------------------------------------- paths
PATHS = [["web", "email", "web"], ["web", "email", "web"], ["email"], ["web", "web"]]
case("top_paths_counts_and_ties", "top_paths",
     "Counts: web>email>web 2, email 1, web>web 1; the 1-1 tie is broken by path order "
     "(email < web). Shares over 4 journeys.",
     {"paths": PATHS, "k": 2},
     [{"path": ["web", "email", "web"], "count": 2, "share": 0.5},
      {"path": ["email"], "count": 1, "share": 0.25}])
case("top_paths_collapsed_prefix", "top_paths",
     "Collapsing repeats and keeping 2 items: web>email (2), email (1), web (1).",
     {"paths": PATHS, "k": 5, "max_length": 2, "collapse_repeats": True},
     [{"path": ["web", "email"], "count": 2, "share": 0.5},
      {"path": ["email"], "count": 1, "share": 0.25},
      {"path": ["web"], "count": 1, "share": 0.25}])
case("transitions_next_from_web", "transitions",
     "6 occurrences of web: followed by (end) 3 times (three paths end in web), by email twice "
     "and by web once (web>web).",
     {"paths": PATHS, "from": "web", "direction": "next"},
     [{"item": "(end)", "count": 3, "share": 0.5},
      {"item": "email", "count": 2, "share": F(1, 3).__float__()},
      {"item": "web", "count": 1, "share": F(1, 6).__float__()}])
case("transitions_previous_to_email", "transitions",
     "3 occurrences of email: preceded by web twice, path start once.",
     {"paths": PATHS, "from": "email", "direction": "previous"},
     [{"item": "web", "count": 2, "share": F(2, 3).__float__()},
      {"item": "(start)", "count": 1, "share": F(1, 3).__float__()}])
case("sankey_two_steps", "sankey_edges",
     "Edges from position 0 to 1 and from position 1 to (end) for paths that stop there: "
     "(0) web>email 2, email>(end) 1, web>web 1; (1) web>(end) 1 (web>web stops).",
     {"paths": PATHS, "max_steps": 2},
     [{"step": 0, "source": "web", "target": "email", "count": 2},
      {"step": 0, "source": "email", "target": "(end)", "count": 1},
      {"step": 0, "source": "web", "target": "web", "count": 1},
      {"step": 1, "source": "web", "target": "(end)", "count": 1}])
case("channel_switching_matrix", "channel_switching",
     "Two of four journeys use both channels. Pairs: web>email 2, email>web 2, web>web 1; "
     "4 switches out of 5 pairs; rows and columns [email, web].",
     {"paths": PATHS},
     {"journeys": 4, "multi_channel": 2, "multi_channel_share": 0.5, "switches": 4,
      "transitions": 5, "channels": ["email", "web"], "matrix": [[0, 2], [2, 1]]})
case("channel_switching_error_empty", "channel_switching", "No touchpoint at all.",
     {"paths": [[], []]}, error={"code": "CX_EMPTY", "field": "paths"})

# ---------------------------------------------------------------- attribution
A = {
    "paths": [["web", "email", "store"], ["email", "web"], ["store"], ["chat", "web"]],
    "conversions": [1, 2, 1, 0],
    "nulls": [1, 0, 2, 3],
    "values": [30, 50, 20, 0],
}


def credits(d):
    return {k: fl(v) for k, v in d.items()}


case("attribution_first_touch", "attribution",
     "First touch: web 1 (path 1), email 2 (path 2), store 1; chat only on a path without "
     "conversions -> 0. Values follow: web 30, email 50, store 20.",
     dict(A, model="first_touch"),
     {"credits": credits({"chat": 0, "email": 2, "store": 1, "web": 1}),
      "values": credits({"chat": 0, "email": 50, "store": 20, "web": 30}),
      "total_conversions": 4.0, "total_value": 100.0})
case("attribution_last_touch", "attribution",
     "Last touch: store 1 + 1, web 2 (path 2). Values: store 30 + 20, web 50.",
     dict(A, model="last_touch"),
     {"credits": credits({"chat": 0, "email": 0, "store": 2, "web": 2}),
      "values": credits({"chat": 0, "email": 0, "store": 50, "web": 50})})
case("attribution_linear", "attribution",
     "Linear: path 1 gives 1/3 each to web, email, store; path 2 gives 1 each to email and web; "
     "path 3 gives 1 to store -> 4/3 each. Values: 10 each + 25 each + 20.",
     dict(A, model="linear"),
     {"credits": credits({"chat": 0, "email": F(4, 3), "store": F(4, 3), "web": F(4, 3)}),
      "values": credits({"chat": 0, "email": 35, "store": 30, "web": 35})})
case("attribution_position_40_20_40", "attribution",
     "40/20/40: path 1 web .4, email .2, store .4; a two-touch path splits .4:.4 = 1/2 each -> "
     "email 1, web 1; path 3 store 1. web 1.4, email 1.2, store 1.4. Values: path 1 12/6/12, "
     "path 2 25/25, path 3 20.",
     dict(A, model="position_based"),
     {"credits": credits({"chat": 0, "email": 1.2, "store": 1.4, "web": 1.4}),
      "values": credits({"chat": 0, "email": 31, "store": 32, "web": 37})})
case("attribution_position_custom", "attribution",
     "30/50 first/last: path 1 web .3, email .2, store .5; path 2 splits .3:.5 -> email "
     "2 x 3/8 = .75, web 2 x 5/8 = 1.25; path 3 store 1.",
     dict(A, model="position_based", first=0.3, last=0.5),
     {"credits": credits({"chat": 0, "email": F(95, 100), "store": F(3, 2), "web": F(155, 100)})},
     tolerance=1e-12)
case("attribution_time_decay", "attribution",
     "Half-life 7 days, weights 2^-(t_last - t)/7: path 1 times 0, 7, 14 -> 1/4, 1/2, 1 over "
     "7/4 -> web 1/7, email 2/7, store 4/7; path 2 times 0, 14 -> 1/4, 1 over 5/4 -> email "
     "2 x 1/5, web 2 x 4/5; path 3 store 1. web 1/7 + 8/5, email 2/7 + 2/5, store 4/7 + 1.",
     dict(A, model="time_decay", half_life=7, times=[[0, 7, 14], [0, 14], [3], [0, 1]]),
     {"credits": credits({"chat": 0, "email": F(2, 7) + F(2, 5), "store": F(4, 7) + 1,
                          "web": F(1, 7) + F(8, 5)})})

# Markov, first order, solved by hand.
M1 = {"paths": [["a", "b"], ["a"], ["b"]], "conversions": [1, 0, 1], "nulls": [0, 1, 1],
      "values": [10, 0, 30]}
case("attribution_markov_order1_by_hand", "attribution",
     "Transitions (weights conv + null per path): start>a 2, start>b 2, a>b 1, a>null 1, "
     "b>conv 2, b>null 1. So P(a>b) = 1/2, P(b>conv) = 2/3. x_b = 2/3, x_a = 1/2 x_b = 1/3, "
     "P(conv) = 1/2 x_a + 1/2 x_b = 1/2 (2 of 4 journeys). Without a: start>a goes to null, "
     "P = 1/2 x 2/3 = 1/3, removal effect 1 - (1/3)/(1/2) = 1/3. Without b: x_a = 0, P = 0, "
     "effect 1. Shares 1/4, 3/4 of 2 conversions -> a 0.5, b 1.5; of value 40 -> 10, 30. "
     "(Anderl et al. 2016, removal effect.)",
     dict(M1, model="markov", order=1),
     {"credits": credits({"a": 0.5, "b": 1.5}), "values": credits({"a": 10, "b": 30}),
      "removal_effects": credits({"a": F(1, 3), "b": 1}), "conversion_probability": 0.5})
case("attribution_markov_order2_by_hand", "attribution",
     "Order 2 states (a), (a,b), (b): start>(a) 2, start>(b) 2, (a)>(a,b) 1, (a)>null 1, "
     "(a,b)>conv 1, (b)>conv 1, (b)>null 1. P = 1/2 x 1/2 x 1 + 1/2 x 1/2 = 1/2. Without a "
     "(drops (a), (a,b)): P = 1/4, effect 1/2. Without b (drops (a,b), (b)): P = 0, effect 1. "
     "Shares 1/3, 2/3 of 2.",
     dict(M1, model="markov", order=2),
     {"credits": credits({"a": F(2, 3), "b": F(4, 3)}),
      "removal_effects": credits({"a": 0.5, "b": 1}), "conversion_probability": 0.5})
case("attribution_markov_order3_by_hand", "attribution",
     "Paths of at most two touches have the same states at order 3 as at order 2: same result.",
     dict(M1, model="markov", order=3),
     {"credits": credits({"a": F(2, 3), "b": F(4, 3)})})
M2 = {"paths": [["a", "b", "a"], ["b"]], "conversions": [1, 0], "nulls": [0, 1]}
case("attribution_markov_cycle_by_hand", "attribution",
     "A loop needs the linear solve: start>a 1, start>b 1, a>b 1, a>conv 1, b>a 1, b>null 1. "
     "x_a = 1/2 + 1/2 x_b, x_b = 1/2 x_a -> x_a = 2/3, x_b = 1/3, P = 1/2. Without a: x_b = 0, "
     "P = 0, effect 1. Without b: x_a = 1/2, P = 1/4, effect 1/2. Shares 2/3, 1/3.",
     dict(M2, model="markov", order=1),
     {"credits": credits({"a": F(2, 3), "b": F(1, 3)}),
      "removal_effects": credits({"a": 1, "b": 0.5}), "conversion_probability": 0.5})
case("attribution_markov_cycle_order2", "attribution",
     "Order 2 on the loop: states (a), (a,b), (b,a), (b); every state has one successor, so "
     "P = 1/2 and removing either channel cuts path 1: effects 1 and 1, shares 1/2.",
     dict(M2, model="markov", order=2),
     {"credits": credits({"a": 0.5, "b": 0.5})})

case("attribution_markov_pychattr_example", "attribution",
     "The pychattr README example (three converting paths, k_order 1, 10,000 simulations) "
     "prints A 1.991106, B 1.008894. Exact: A>B 3, A>A 2, A>conv 3, B>A 3, B>B 2. Every path "
     "starts with A, so removing A gives P = 0, effect 1. Removing B: x_A = 3/8 + 2/8 x_A -> "
     "1/2, effect 1/2. Shares 2/3, 1/3 of 3 -> A 2, B 1 (the simulation is within 0.01).",
     {"paths": [["A", "B", "A", "B", "B", "A"], ["A", "B", "B", "A", "A"], ["A", "A"]],
      "conversions": [1, 1, 1], "model": "markov", "order": 1},
     {"credits": credits({"A": 2, "B": 1}), "removal_effects": credits({"A": 1, "B": 0.5}),
      "conversion_probability": 1.0})

S3 = {"paths": [["a"], ["a", "b"], ["b", "c"], ["c", "a", "b"]], "conversions": [2, 4, 3, 6]}
case("attribution_shapley_three_channels_by_hand", "attribution",
     "v(S) = conversions of paths whose channels all lie in S: v(a)=2, v(b)=v(c)=0, v(ab)=6, "
     "v(ac)=2, v(bc)=3, v(abc)=15. phi_a = 1/3(2) + 1/6(6-0) + 1/6(2-0) + 1/3(15-3) = 6; "
     "phi_b = 1/3(0) + 1/6(6-2) + 1/6(3-0) + 1/3(15-2) = 5.5; phi_c = 1/6(0) + 1/6(3) + "
     "1/3(15-6) = 3.5; sum 15. (Shapley 1953; Zhao et al. 2018.)",
     dict(S3, model="shapley"),
     {"credits": credits({"a": 6, "b": 5.5, "c": 3.5}), "total_conversions": 15.0})
case("attribution_shapley_two_channels_by_hand", "attribution",
     "v(a)=1, v(b)=3, v(ab)=6: phi_a = 1/2(1) + 1/2(6-3) = 2, phi_b = 1/2(3) + 1/2(6-1) = 4. "
     "Values 10, 20, 30: v(a)=10, v(b)=30, v(ab)=60 -> 20, 40.",
     {"paths": [["a"], ["a", "b"], ["b"]], "conversions": [1, 2, 3], "values": [10, 20, 30],
      "model": "shapley"},
     {"credits": credits({"a": 2, "b": 4}), "values": credits({"a": 20, "b": 40})})

case("attribution_error_empty", "attribution", "No paths.",
     {"paths": [], "conversions": [], "model": "linear"},
     error={"code": "CX_EMPTY", "field": "paths"})
case("attribution_error_empty_path", "attribution", "Path 1 has no touch.",
     {"paths": [["a"], []], "conversions": [1, 1], "model": "linear"},
     error={"code": "CX_INVALID_INPUT", "field": "paths", "index": 1})
case("attribution_error_nan_value", "attribution", "Value 1 is NaN.",
     {"paths": [["a"], ["b"]], "conversions": [1, 1], "values": [5, "NaN"], "model": "linear"},
     error={"code": "CX_INVALID_INPUT", "field": "values", "index": 1})
case("attribution_error_negative_conversions", "attribution", "Conversions 0 is negative.",
     {"paths": [["a"]], "conversions": [-1], "model": "first_touch"},
     error={"code": "CX_INVALID_INPUT", "field": "conversions", "index": 0})
case("attribution_error_length_mismatch", "attribution", "Two paths, one conversion count.",
     {"paths": [["a"], ["b"]], "conversions": [1], "model": "linear"},
     error={"code": "CX_LENGTH_MISMATCH", "field": "conversions"})
case("attribution_error_unsorted_times", "attribution",
     "Time decay needs sorted touch times: path 1 goes from 5 to 2.",
     {"paths": [["a"], ["a", "b"]], "conversions": [1, 1], "times": [[0], [5, 2]],
      "model": "time_decay"},
     error={"code": "CX_INVALID_INPUT", "field": "times", "index": 1})
case("attribution_error_time_decay_without_times", "attribution", "No times given.",
     {"paths": [["a"]], "conversions": [1], "model": "time_decay"},
     error={"code": "CX_INVALID_INPUT", "field": "times"})
case("attribution_error_shapley_16_channels", "attribution",
     "Sixteen channels, one per path: path 15 brings the 16th, above the exact limit of 15.",
     {"paths": [["ch%02d" % i] for i in range(16)], "conversions": [1] * 16, "model": "shapley"},
     error={"code": "CX_INVALID_INPUT", "field": "paths", "index": 15})
case("attribution_error_markov_order", "attribution", "Order 4 is not offered.",
     {"paths": [["a"]], "conversions": [1], "model": "markov", "order": 4},
     error={"code": "CX_INVALID_INPUT", "field": "order"})
case("attribution_error_unknown_model", "attribution", "Unknown model name.",
     {"paths": [["a"]], "conversions": [1], "model": "magic"},
     error={"code": "CX_INVALID_INPUT", "field": "model"})

# ---------------------------------------------------------------- SLAs
B = 1704067200  # 2024-01-01 00:00 UTC, a Monday
H = 3600
SLA = {
    "channels": ["chat", "chat", "email", "email", "phone"],
    "opened": [B + 9 * H, B + 10 * H, B + 20 * H, B + 22 * H, B + 23 * H],
    "first_reply": [B + 9 * H + 600, B + 12 * H, B + 26 * H, None, B + 23 * H + 1800],
    "resolved": [B + 10 * H, None, B + 48 * H, None, None],
    "as_of": B + 48 * H,
    "percentiles": [0.25, 0.5, 0.9],
}
case("response_times_censored", "response_times",
     "Replies 600, 7200, 21600, 1800 s and one unanswered request censored at 26 h. "
     "Product-limit: S = 4/5, 3/5, 2/5, 1/5 after 600, 1800, 7200, 21600 -> p25 1800, median "
     "7200, p90 never reached (null). Within 1 h: 600 and 1800 yes, the censored one is known "
     "late -> 2/5. Same UTC day: requests 1, 2, 5 yes; 3 replied the next day; 4 unanswered "
     "past midnight -> 3/5. Resolution: 3600 (event), 90000, 93600 (censored), 100800 (event, "
     "2 at risk), 136800 (censored): S = 4/5 then 2/5 -> median 100800. Chat: 600, 7200 -> "
     "S(600) = 1/2 -> median 600.",
     SLA,
     {"overall": {"channel": "all", "requests": 5, "answered": 4, "unanswered": 1,
                  "median_seconds": 7200.0,
                  "percentiles": [{"p": 0.25, "seconds": 1800.0}, {"p": 0.5, "seconds": 7200.0},
                                  {"p": 0.9, "seconds": None}],
                  "mean_answered_seconds": 7800.0, "within_target_share": 0.4,
                  "same_day_share": 0.6, "resolved": 2, "median_resolution_seconds": 100800.0},
      "by_channel": [
          {"channel": "chat", "requests": 2, "median_seconds": 600.0, "within_target_share": 0.5,
           "same_day_share": 1.0},
          {"channel": "email", "requests": 2, "answered": 1, "median_seconds": 21600.0,
           "within_target_share": 0.0, "same_day_share": 0.0},
          {"channel": "phone", "requests": 1, "median_seconds": 1800.0,
           "within_target_share": 1.0, "same_day_share": 1.0}]})
case("response_times_same_day_offset", "response_times",
     "At UTC-03:00 request 3 (17:00 local) is answered at 23:00 local the same day; requests 1, "
     "2, 5 stay same-day; 4 stays unanswered past local midnight -> 4/5.",
     dict(SLA, utc_offset_minutes=-180),
     {"overall": {"same_day_share": 0.8}})
case("response_times_business_hours", "response_times",
     "Mon-Fri 09-17 UTC. Business seconds: 600, 7200, 0 (20:00 to 02:00 is closed), censored "
     "28800 (Tuesday's 8 h before Wednesday 00:00), 0 (23:00 to 23:30). Product-limit: S = 3/5 "
     "at 0, 2/5 at 600, 1/5 at 7200 -> p25 0, median 600, p90 null; within 1 h: 0, 0, 600 yes, "
     "7200 no, censored 28800 no -> 3/5; mean of answered (600 + 7200 + 0 + 0)/4 = 1950. "
     "Resolution: 3600 event; 28800 one event and two censored (events first, 4 at risk): "
     "S = 4/5 x 3/4 = 3/5 -> median null.",
     dict(SLA, schedule={"days": [[540, 1020]] * 5 + [None, None], "utc_offset_minutes": 0}),
     {"overall": {"median_seconds": 600.0,
                  "percentiles": [{"p": 0.25, "seconds": 0.0}, {"p": 0.5, "seconds": 600.0},
                                  {"p": 0.9, "seconds": None}],
                  "within_target_share": 0.6, "mean_answered_seconds": 1950.0,
                  "median_resolution_seconds": None}})
case("response_times_error_reply_before_open", "response_times",
     "Request 1 is answered before it was opened.",
     {"channels": ["chat", "chat"], "opened": [0, 100], "first_reply": [10, 50],
      "resolved": [None, None]},
     error={"code": "CX_INVALID_INPUT", "field": "first_reply", "index": 1})
case("response_times_error_length", "response_times", "Two channels, one opening time.",
     {"channels": ["chat", "chat"], "opened": [0], "first_reply": [10], "resolved": [None]},
     error={"code": "CX_LENGTH_MISMATCH", "field": "opened"})
case("response_times_error_empty", "response_times", "No requests.",
     {"channels": [], "opened": [], "first_reply": [], "resolved": []},
     error={"code": "CX_EMPTY", "field": "opened"})
case("response_times_error_percentile", "response_times", "Percentile 1 is 1.5.",
     {"channels": ["chat"], "opened": [0], "first_reply": [10], "resolved": [None],
      "percentiles": [0.5, 1.5]},
     error={"code": "CX_INVALID_INPUT", "field": "percentiles", "index": 1})

# ---------------------------------------------------------------- acquisition
case("cac_by_channel_and_period", "cac",
     "CAC = spend / new customers per cell: email Jan 300/10 = 30, email Feb 200/0 undefined; "
     "web Jan (100 + 50)/5 = 30 (two rows added), web Feb 90/3 = 30. By channel: email 500/10 "
     "= 50, web 240/8 = 30; overall 740/18.",
     {"channels": ["web", "email", "web", "email", "web"],
      "periods": ["2024-01", "2024-01", "2024-01", "2024-02", "2024-02"],
      "spend": [100, 300, 50, 200, 90], "new_customers": [4, 10, 1, 0, 3]},
     {"rows": [
         {"channel": "email", "period": "2024-01", "spend": 300.0, "new_customers": 10.0, "cac": 30.0},
         {"channel": "email", "period": "2024-02", "spend": 200.0, "new_customers": 0.0, "cac": None},
         {"channel": "web", "period": "2024-01", "spend": 150.0, "new_customers": 5.0, "cac": 30.0},
         {"channel": "web", "period": "2024-02", "spend": 90.0, "new_customers": 3.0, "cac": 30.0}],
      "by_channel": [{"channel": "email", "cac": 50.0}, {"channel": "web", "cac": 30.0}],
      "overall": {"spend": 740.0, "new_customers": 18.0, "cac": fl(F(740, 18))}})
case("cac_error_negative_spend", "cac", "Spend 1 is negative.",
     {"channels": ["web", "web"], "periods": ["q1", "q2"], "spend": [1, -2],
      "new_customers": [1, 1]},
     error={"code": "CX_INVALID_INPUT", "field": "spend", "index": 1})
case("conversion_rate_wilson_newcombe", "conversion_rate",
     "81 of 263: Wilson 95% interval 0.2553 to 0.3662 (Newcombe 1998, Statistics in Medicine "
     "17:857-872, Table I, method 3), 4 decimals.",
     {"conversions": 81, "visitors": 263, "level": 0.95},
     {"rate": fl(F(81, 263)), "ci": [0.2553, 0.3662]}, tolerance=5e-5)
case("conversion_rate_zero_of_twenty", "conversion_rate",
     "0 of 20: Wilson 95% interval 0 to 0.1611 (Newcombe 1998, Table I).",
     {"conversions": 0, "visitors": 20},
     {"rate": 0.0, "ci": [0.0, 0.1611]}, tolerance=5e-5)
case("conversion_rate_error_no_visitors", "conversion_rate", "Zero visitors.",
     {"conversions": 0, "visitors": 0}, error={"code": "CX_INVALID_INPUT", "field": "visitors"})
case("unit_economics_ratio_and_payback", "unit_economics",
     "CLV 240 / CAC 60 = 4; payback 60 / 20 margin per month = 3 months.",
     {"cac": 60, "clv": 240, "margin_per_period": 20},
     {"clv_to_cac": 4.0, "payback_periods": 3.0})
case("unit_economics_error_zero_cac", "unit_economics", "CAC must be positive.",
     {"cac": 0, "clv": 10}, error={"code": "CX_INVALID_INPUT", "field": "cac"})

doc = {
    "module": "journey",
    "about": "Shared test vectors for funnels, paths, attribution, response-time SLAs and "
             "acquisition metrics, hand-worked (see each source). Times are integer seconds; "
             "`window` is seconds or a duration like \"14d\". Attribution results are maps "
             "channel -> number under credits, values and removal_effects. The string \"NaN\" "
             "stands for a NaN float; null is a missing value. A case has either `expected` "
             "(absolute tolerance `tolerance` on every number; only the keys given are "
             "compared) or `error` (`code` and `field`, and `index` for element errors). "
             "`bindings` lists the languages that must run this file.",
    "generated_by": "tests/vectors/derive_journey.py",
    "bindings": ["rust", "python", "node", "wasm"],
    "cases": CASES,
}

if __name__ == "__main__":
    text = json.dumps(doc, indent=1) + "\n"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "journey.json")
    mode = sys.argv[1] if len(sys.argv) > 1 else "--check"
    if mode == "--write":
        with open(path, "w") as f:
            f.write(text)
    elif not os.path.exists(path) or open(path).read() != text:
        sys.exit("stale: journey.json (run python3 tests/vectors/derive_journey.py --write)")
