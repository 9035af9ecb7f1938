#!/usr/bin/env python3
"""Write tests/js/data/portable_golden.json: models fitted by the Python binding, as their
portable documents (`to_json`), and their predictions for a shared set of customers, for
the JS test that loads each document in the Node and WASM builds and predicts the same
customers (tests/js/portable.test.mjs).

Fits: BG/NBD, MBG/NBD, Pareto/NBD, correlated Pareto/NBD and Gamma-Gamma on the CDNOW sample (FHL's 39-week
calibration), BG/BB on Fader-Hardie-Shang's donation data, sBG on Fader-Hardie's "regular"
segment, the churn classifier and Kaplan-Meier on the vector data of
tests/vectors/retention.json, the Pareto/NBD with time-varying covariates on customers simulated
by tests/python/test_clv_dynamic.py. Floats are written with Python's repr, the shortest text that
reads back as the same double in every language.

    .venv/bin/python tests/js/data/portable_golden.py --write   # needs `import cx`
    .venv/bin/python tests/js/data/portable_golden.py --check
"""
import json
import os
import sys

import numpy as np

import cx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
OUT = os.path.join(HERE, "portable_golden.json")


def vector(name, case):
    with open(os.path.join(ROOT, "tests/vectors", name)) as f:
        doc = json.load(f)
    return next(c for c in doc["cases"] if c["name"] == case)["input"]


def cdnow():
    rows = []
    with open(os.path.join(ROOT, "examples/data/CDNOW_sample.txt")) as f:
        for line in f:
            p = line.split()
            rows.append((p[0], p[2], float(p[4])))
    tx = {"customer_id": [r[0] for r in rows], "timestamp": [f"{r[1][:4]}-{r[1][4:6]}-{r[1][6:]}" for r in rows],
          "amount": [r[2] for r in rows]}
    s = cx.rfm_summary(tx, amount="amount", unit="W", observation_end="1997-09-30")
    return s


def models():
    s = cdnow()
    f, r, T, m = (s[k].to_numpy() for k in ("frequency", "recency", "T", "monetary_value"))
    # A shared set of customers: a spread of the CDNOW histories.
    pick = np.linspace(0, len(f) - 1, 40).astype(int)
    cust = {"frequency": f[pick].tolist(), "recency": r[pick].tolist(), "T": T[pick].tolist()}
    out = []
    for name, cls in (("bg_nbd", cx.BgNbd), ("mbg_nbd", cx.MbgNbd), ("pareto_nbd", cx.ParetoNbd)):
        model = cls().fit(f, r, T)
        out.append({
            "name": name, "document": model.to_json(), "customers": cust,
            "p_alive": model.p_alive(*cust.values()).tolist(),
            "expected_purchases": model.expected_purchases(39, *cust.values()).tolist(),
        })
    # The correlated Pareto/NBD: its likelihood maximum lies on the edge of rho's range.
    cor = cx.ParetoNbdCor(allow_unconverged=True).fit(f, r, T)
    out.append({
        "name": "pareto_nbd_cor", "document": cor.to_json(), "customers": cust,
        "p_alive": cor.p_alive(*cust.values()).tolist(),
        "expected_purchases": cor.expected_purchases(39, *cust.values()).tolist(),
        "expected_purchases_new": cor.expected_purchases_new(39.0),
    })
    repeat = f > 0
    gg = cx.GammaGamma().fit(f[repeat], m[repeat])
    bg = cx.BgNbd.from_json(out[0]["document"])
    mv = m[pick].tolist()
    out.append({
        "name": "gamma_gamma", "document": gg.to_json(), "customers": {**cust, "monetary_value": mv},
        "expected_spend": gg.expected_spend(cust["frequency"], mv).tolist(),
        "clv": gg.clv(bg, *cust.values(), mv, months=12, discount_rate=0.01, unit="W").tolist(),
    })
    d = vector("clv.json", "bgbb_fit_donations_params")
    bb = cx.BgBb().fit(d["frequency"], d["recency"], d["n_periods"], d.get("weights"))
    out.append({
        "name": "bg_bb", "document": bb.to_json(),
        "customers": {"frequency": d["frequency"], "recency": d["recency"], "n_periods": d["n_periods"]},
        "p_alive": bb.p_alive(d["frequency"], d["recency"], d["n_periods"]).tolist(),
    })
    sbg = cx.ShiftedBetaGeometric().fit(vector("retention.json", "sbg_regular")["survivors"])
    t = list(range(1, 13))
    out.append({"name": "shifted_beta_geometric", "document": sbg.to_json(), "t": t,
                "survival": sbg.survival(t).tolist()})
    c = vector("retention.json", "logistic_standardized")
    x = np.asarray(c["x"], dtype=float).reshape(-1, c["n_features"])
    clf = cx.ChurnClassifier(l2=c["l2"], standardize=c["standardize"]).fit(x, c["y"])
    out.append({"name": "churn_classifier", "document": clf.to_json(), "x": x.tolist(),
                "predict_proba": clf.predict_proba(x).tolist()})
    k = vector("retention.json", "km_ties_and_censoring")
    km = cx.kaplan_meier(k["durations"], k["observed"])
    times = [-1.0, 0.0, 1.0, 2.5, 8.0, 11.0, 100.0]
    out.append({"name": "kaplan_meier", "document": km.to_json(), "t": times,
                "survival_at": np.asarray(km.survival_at(times)).tolist()})
    out.append(dynamic())
    return out


def dynamic():
    """The Pareto/NBD with time-varying covariates, fitted on customers simulated by
    tests/python/test_clv_dynamic.py, and its scores for twelve of them from the long tables
    (numeric weeks, the future covariate periods included)."""
    sys.path.insert(0, os.path.join(ROOT, "tests/python"))
    from test_clv_dynamic import END, LAYOUT, simulate

    tx, cov = simulate(300, (0.6, 8.0, 0.7, 10.0), 0.5, -0.4, seed=11)
    m = cx.ParetoNbdDynamic(["x"], ["z"], **LAYOUT).fit(tx, cov, END)
    ids = list(range(0, 300, 25))
    tx, cov = tx[tx.Id.isin(ids)], cov[cov.Id.isin(ids)]
    scores = {"p_alive": m.p_alive(tx, cov, END), "expected_purchases": m.expected_purchases(10.0, tx, cov, END),
              "log_likelihoods": m.log_likelihoods(tx, cov, END)}
    return {
        "name": "clv_dynamic_covariates", "document": m.to_json(), "observation_end": END, "horizon": 10.0,
        "transactions": {"customer": tx.Id.tolist(), "time": tx.Date.tolist()},
        "covariates": {"customer": cov.Id.tolist(), "periodStart": cov["Cov.Date"].tolist(),
                       "x": cov.x.tolist(), "z": cov.z.tolist()},
        "customer": [str(c) for c in scores["p_alive"].index],
        **{k: v.tolist() for k, v in scores.items()},
    }


def main():
    doc = {"about": __doc__.strip().splitlines()[0], "models": models()}
    text = json.dumps(doc, indent=1) + "\n"
    if sys.argv[1:] == ["--write"]:
        with open(OUT, "w") as f:
            f.write(text)
        print(f"wrote {OUT}")
    elif sys.argv[1:] == ["--check"]:
        with open(OUT) as f:
            if f.read() != text:
                sys.exit(f"{OUT} is stale: run {sys.argv[0]} --write")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
