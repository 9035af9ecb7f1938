#!/usr/bin/env python3
"""Write tests/js/data/markov_golden.json: Markov attribution credits as the Python binding
(the Rust core, natively) computes them, for the JS test that checks the Node and WASM builds
give the very same bits (tests/js/markov.test.mjs).

Inputs: the Markov cases of tests/vectors/journey.json, and 300 seeded random journeys over
six channels at orders 1, 2 and 3. Floats are written with Python's repr, the shortest text
that reads back as the same double in every language.

    .venv/bin/python tests/js/data/markov_golden.py --write   # needs `import cx` (make python-dev)
    .venv/bin/python tests/js/data/markov_golden.py --check
"""
import json
import os
import random
import sys

import cx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def inputs():
    with open(os.path.join(ROOT, "tests/vectors/journey.json")) as f:
        doc = json.load(f)
    for c in doc["cases"]:
        inp = c["input"]
        if c["function"] == "attribution" and inp.get("model") == "markov" and "error" not in c:
            yield c["name"], inp["paths"], inp["conversions"], inp.get("nulls"), inp.get("order", 1)
    rng = random.Random(20261126)
    channels = ["chat", "email", "paid_search", "phone", "store", "web"]
    paths, conv, nulls = [], [], []
    for _ in range(300):
        paths.append([rng.choice(channels) for _ in range(rng.randint(1, 6))])
        conv.append(rng.randint(0, 3))
        nulls.append(rng.randint(0, 5))
    for order in (1, 2, 3):
        yield f"seeded_300_journeys_order{order}", paths, conv, nulls, order


def golden():
    cases = []
    for name, paths, conv, nulls, order in inputs():
        r = cx.attribution(paths, conv, nulls, model="markov", order=order)
        cases.append({
            "name": name, "paths": paths, "conversions": conv, "nulls": nulls, "order": order,
            "credits": dict(r), "removal_effects": r.removal_effects,
            "conversion_probability": r.conversion_probability,
        })
    return {
        "about": "Markov attribution credits from the Python binding (the Rust core); the JS "
                 "builds must match every float exactly. Written by tests/js/data/markov_golden.py.",
        "cases": cases,
    }


if __name__ == "__main__":
    text = json.dumps(golden(), indent=1) + "\n"
    path = os.path.join(HERE, "markov_golden.json")
    if (sys.argv[1:] or ["--check"])[0] == "--write":
        with open(path, "w") as f:
            f.write(text)
    elif not os.path.exists(path) or open(path).read() != text:
        sys.exit("stale: tests/js/data/markov_golden.json (run tests/js/data/markov_golden.py --write)")
