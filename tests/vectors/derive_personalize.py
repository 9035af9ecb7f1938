"""Writes tests/vectors/personalize.json: best customers, silhouette, personas and lookalikes.

Uses only the standard library and numpy:

    python3 tests/vectors/derive_personalize.py

Every expected number is derived here, independently of cx-core:
- Gini by the mean absolute difference, G = sum_i sum_j |x_i - x_j| / (2 n^2 mean), checked
  against the sorted-rank form sum_i (2i - n - 1) x_(i) / (n sum x) that cx uses, and the Lorenz
  curve as running shares of the ascending values.
- Silhouette widths by their definition (Rousseeuw 1987) from the full distance matrix.
- k-means: this script re-implements the documented algorithm (SplitMix64 stream, k-means++
  draws, Lloyd steps with their tie rules) in plain Python floats, summing in the same order, so
  the labels every language must reproduce for a given seed come from a second implementation.
- Lookalike by classifier: L2-penalized logistic regression (penalty 1, intercept free, on
  z-scored features) fitted by Newton's method in numpy.
"""

import json
import math
import os

import numpy as np

cases = []


def case(name, function, source, input, expected=None, tolerance=1e-12, error=None):
    c = {"name": name, "function": function, "source": source, "input": input}
    if error is None:
        c["expected"] = expected
        c["tolerance"] = tolerance
    else:
        c["error"] = error
    cases.append(c)


# ---------------------------------------------------------------- best customers

def gini_pairs(x):
    n, mean = len(x), sum(x) / len(x)
    return sum(abs(a - b) for a in x for b in x) / (2 * n * n * mean)


def gini_ranks(x):
    s, n = sorted(x), len(x)
    return sum((2 * (i + 1) - n - 1) * v for i, v in enumerate(s)) / (n * sum(s))


def lorenz(x):
    s, total, cum, out = sorted(x), sum(x), 0.0, [0.0]
    for v in s:
        cum += v
        out.append(cum / total)
    out[-1] = 1.0
    return [i / len(x) for i in range(len(x) + 1)], out


values = [120.0, 0.0, 35.0, 35.0, 410.0, 15.0, 0.0, 80.0, 230.0, 75.0]
g = gini_pairs(values)
assert abs(g - gini_ranks(values)) < 1e-15
pop, val = lorenz(values)
case("value_concentration_ties_and_zeros", "value_concentration",
     "Hand-worked: 10 customer values with two zeros and a tie, total 1000. Gini = mean absolute "
     f"difference / (2 mean) = sum_ij |x_i - x_j| / (2 n^2 mean) (Gini 1912) = "
     f"{sum(abs(a - b) for a in values for b in values):g} / (2 * 100 * 100) = {g:g}; Lorenz "
     "points = running shares of the ascending values (0, 0, 0.015, 0.05, 0.085, 0.16, 0.24, 0.36, "
     "0.59, 1)",
     {"values": values},
     {"n": 10, "total": 1000.0, "gini": g, "population_shares": pop, "value_shares": val})
case("value_concentration_equal", "value_concentration",
     "Hand-worked: equal values have Gini 0 and the diagonal as Lorenz curve",
     {"values": [5.0, 5.0, 5.0, 5.0]},
     {"gini": 0.0, "value_shares": [0.0, 0.25, 0.5, 0.75, 1.0]})
case("value_concentration_one_holds_all", "value_concentration",
     "Hand-worked: one customer of n = 4 holds everything: Gini = 1 - 1/n = 0.75 (the maximum of "
     "this estimator)",
     {"values": [0.0, 0.0, 7.0, 0.0]}, {"gini": 0.75, "value_shares": [0.0, 0.0, 0.0, 0.0, 1.0]})
case("value_concentration_negative", "value_concentration",
     "Negative values have no share of total value", {"values": [3.0, -1.0, 2.0]},
     error={"code": "CX_INVALID_INPUT", "field": "values", "index": 1})
case("value_concentration_all_zero", "value_concentration",
     "All-zero values: shares of a zero total are undefined", {"values": [0.0, 0.0]},
     error={"code": "CX_INVALID_INPUT", "field": "values"})
case("value_concentration_empty", "value_concentration", "No customers", {"values": []},
     error={"code": "CX_EMPTY", "field": "values"})

ids = [f"c{i:02d}" for i in range(len(values))]
order = sorted(range(len(values)), key=lambda i: (-values[i], i))


def top(count):
    rows = order[:count]
    cum, cums = 0.0, []
    for i in rows:
        cum += values[i]
        cums.append(cum / 1000.0)
    return {"ids": [ids[i] for i in rows], "values": [values[i] for i in rows],
            "cumulative_shares": cums, "count": count, "value_share": cum / 1000.0,
            "customer_share": count / len(values)}


case("top_customers_k", "top_customers",
     "Hand-worked: the 3 highest of the 10 values (410, 230, 120) hold 760/1000; the tie 35/35 "
     "is ranked in input order",
     {"values": values, "ids": ids, "k": 3}, top(3))
case("top_customers_share", "top_customers",
     "Hand-worked: 410 + 230 + 120 = 760 < 800 <= 760 + 80 = 840, so 4 customers make up 80% of "
     "value",
     {"values": values, "ids": ids, "share": 0.8}, top(4))
case("top_customers_all_value", "top_customers",
     "Hand-worked: share 1 stops at the last customer with value (the two zeros are not needed); "
     "tied 35s in input order (c02 before c03)",
     {"values": values, "ids": ids, "share": 1.0}, top(8))
case("top_customers_k_too_large", "top_customers", "k above the number of customers",
     {"values": [1.0, 2.0], "ids": ["a", "b"], "k": 3},
     error={"code": "CX_INVALID_INPUT", "field": "k"})
case("top_customers_share_out_of_range", "top_customers", "share must lie in (0, 1]",
     {"values": [1.0, 2.0], "ids": ["a", "b"], "share": 1.5},
     error={"code": "CX_INVALID_INPUT", "field": "share"})
case("top_customers_nan", "top_customers", "A NaN value",
     {"values": [1.0, "NaN"], "ids": ["a", "b"], "k": 1},
     error={"code": "CX_INVALID_INPUT", "field": "values", "index": 1})

# ---------------------------------------------------------------- silhouette by hand

sx = [[0.0, 0.0], [0.0, 2.0], [4.0, 0.0], [4.0, 2.0], [5.0, 1.0]]
sl = [0, 0, 1, 1, 1]
X = np.array(sx)
D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
widths = []
for i in range(len(sx)):
    own = [j for j in range(len(sx)) if sl[j] == sl[i] and j != i]
    other = [j for j in range(len(sx)) if sl[j] != sl[i]]
    a, b = D[i, own].mean(), D[i, other].mean()
    widths.append(float((b - a) / max(a, b)))
# Row 0 by hand: a = d((0,0),(0,2)) = 2; b = (4 + sqrt(20) + sqrt(26))/3; s = 1 - 2/b.
b0 = (4 + math.sqrt(20) + math.sqrt(26)) / 3
assert abs(widths[0] - (1 - 2 / b0)) < 1e-15
case("silhouette_two_clusters", "silhouette",
     "Hand-worked (Rousseeuw 1987): 5 points in 2 clusters; row 0 has a = 2, b = (4 + sqrt 20 + "
     "sqrt 26)/3 = 4.1318, s = 1 - a/b = 0.5160; the others likewise from the distance matrix; "
     "mean over the 5 rows",
     {"x": sx, "labels": sl},
     {"silhouette": sum(widths) / len(widths), "samples": widths})
case("silhouette_one_cluster", "silhouette", "One cluster has no silhouette",
     {"x": sx, "labels": [0, 0, 0, 0, 0]}, error={"code": "CX_INVALID_INPUT", "field": "labels"})

# ---------------------------------------------------------------- k-means replica

M64 = (1 << 64) - 1


class SplitMix64:
    """Steele, Lea and Flood (2014); the reference constants."""

    def __init__(self, seed):
        self.s = seed & M64

    def u64(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def f64(self):
        return (self.u64() >> 11) * (1.0 / (1 << 53))

    def below(self, n):
        return (self.u64() * n) >> 64


def fsum(xs):
    s = 0.0
    for v in xs:
        s += v
    return s


def d2(a, b):
    return fsum((x - y) * (x - y) for x, y in zip(a, b))


def standardize(rows):
    n, p = len(rows), len(rows[0])
    means = [fsum(r[f] for r in rows) / n for f in range(p)]
    scales = []
    for f in range(p):
        sd = math.sqrt(fsum((r[f] - means[f]) * (r[f] - means[f]) for r in rows) / n)
        scales.append(sd if sd > 0 else 1.0)
    return [[(r[f] - means[f]) / scales[f] for f in range(p)] for r in rows], means, scales


def nearest(row, cents):
    best = (0, math.inf)
    for j, c in enumerate(cents):
        d = d2(row, c)
        if d < best[1]:
            best = (j, d)
    return best


def plus_plus(rows, k, rng):
    n = len(rows)
    cents = [list(rows[rng.below(n)])]
    dist = [d2(r, cents[0]) for r in rows]
    for _ in range(1, k):
        total = fsum(dist)
        u = rng.f64() * total
        cum, pick = 0.0, None
        for i, d in enumerate(dist):
            if d > 0:
                cum += d
                pick = i
                if cum > u:
                    break
        cents.append(list(rows[pick]))
        dist = [min(d, d2(r, cents[-1])) for d, r in zip(dist, rows)]
    return cents


def lloyd(rows, cents, max_iter=300):
    n, k, p = len(rows), len(cents), len(rows[0])
    labels, dists, it = [None] * n, [0.0] * n, 0
    while True:
        changed, inertia = False, 0.0
        for i, r in enumerate(rows):
            j, d = nearest(r, cents)
            if labels[i] != j:
                labels[i], changed = j, True
            dists[i] = d
            inertia += d
        if not changed or it == max_iter:
            return labels, inertia
        it += 1
        sums = [[0.0] * p for _ in range(k)]
        counts = [0] * k
        for r, j in zip(rows, labels):
            counts[j] += 1
            for f in range(p):
                sums[j][f] += r[f]
        for j in range(k):
            if counts[j]:
                cents[j] = [s / counts[j] for s in sums[j]]
            else:
                far = 0
                for i in range(n):
                    if dists[i] > dists[far]:
                        far = i
                dists[far] = 0.0
                cents[j] = list(rows[far])


def kmeans(rows, k, seed, n_init):
    rng, best = SplitMix64(seed), None
    for _ in range(n_init):
        labels, inertia = lloyd(rows, plus_plus(rows, k, rng))
        if best is None or inertia < best[1]:
            best = (labels, inertia)
    return best


def silhouette(rows, labels):
    k = max(labels) + 1
    sizes = [labels.count(c) for c in range(k)]
    out = []
    for i, xi in enumerate(rows):
        sums = [0.0] * k
        for j, xj in enumerate(rows):
            if i != j:
                sums[labels[j]] += math.sqrt(d2(xi, xj))
        own = labels[i]
        if sizes[own] == 1:
            out.append(0.0)
            continue
        a = sums[own] / (sizes[own] - 1)
        b = min(sums[c] / sizes[c] for c in range(k) if c != own and sizes[c] > 0)
        m = max(a, b)
        out.append((b - a) / m if m > 0 else 0.0)
    return fsum(out) / len(out)


def personas(rows, names, k=None, k_range=(2, 8), seed=0, n_init=10):
    n, p = len(rows), len(names)
    z, means, scales = standardize(rows)
    ks = [k] if k else list(range(k_range[0], min(k_range[1], n - 1) + 1))
    scores, best = [], None
    for kk in ks:
        labels, inertia = kmeans(z, kk, seed, n_init)
        s = silhouette(z, labels)
        scores.append({"k": kk, "silhouette": s, "inertia": inertia})
        if best is None or s > best[0]:
            best = (s, labels)
    s, labels = best
    kk = max(labels) + 1
    sizes = [labels.count(c) for c in range(kk)]
    first = [labels.index(c) for c in range(kk)]
    order = sorted(range(kk), key=lambda c: (-sizes[c], first[c]))
    new = {old: i for i, old in enumerate(order)}
    labels = [new[l] for l in labels]
    profiles = []
    for c in range(kk):
        members = [i for i in range(n) if labels[i] == c]
        size = len(members)
        m = [fsum(rows[i][f] for i in members) / size for f in range(p)]
        zm = [fsum(z[i][f] for i in members) / size for f in range(p)]
        idx = sorted((f for f in range(p) if abs(zm[f]) >= 0.5), key=lambda f: (-abs(zm[f]), f))
        words = [("very " if abs(zm[f]) >= 1.5 else "") + ("high " if zm[f] > 0 else "low ")
                 + names[f] for f in idx[:3]]
        profiles.append({"cluster": c, "size": size, "share": size / n, "means": m,
                         "z_scores": zm, "distinguishing": [names[f] for f in idx],
                         "description": ", ".join(words) or "close to average on every feature"})
    return {"k": kk, "labels": labels, "silhouette": s, "scores": scores, "profiles": profiles}


# Three groups of customers (frequency, recency in weeks, monetary), hand-made: regulars,
# lapsed one-timers and big spenders.
names = ["frequency", "recency", "monetary"]
groups = [
    [[8, 30, 40], [9, 32, 35], [7, 28, 45], [10, 34, 38], [8, 31, 42]],
    [[0, 0, 20], [1, 2, 25], [0, 0, 15], [1, 3, 22]],
    [[3, 20, 310], [2, 18, 280], [4, 25, 350]],
]
rows = [[float(v) for v in r] for g in groups for r in g]
expected = personas(rows, names, k_range=(2, 5), seed=0)
assert expected["k"] == 3
case("personas_three_groups", "personas",
     "Re-implementation in this script of the documented algorithm (z-scores with the population "
     "sd, k-means++ from SplitMix64(seed) with 10 seedings, Lloyd, silhouette over k = 2..5, "
     "clusters ordered by size then first row, words from |z| >= 0.5 / 1.5); the three hand-made "
     "groups are recovered at k = 3",
     {"x": rows, "feature_names": names, "k_range": [2, 5], "seed": 0}, expected)

# A seed-dependent case: 40 points from an LCG with no cluster structure, one seeding, k = 4.
state, lcg = 12345, []
for _ in range(80):
    state = (1103515245 * state + 12345) % (1 << 31)
    lcg.append(round(state / (1 << 31) * 100, 1))
noise = [[lcg[2 * i], lcg[2 * i + 1]] for i in range(40)]
seeded = {s: personas(noise, ["a", "b"], k=4, seed=s, n_init=1) for s in (7, 8)}
assert seeded[7]["labels"] != seeded[8]["labels"], "the case must depend on the seed"
for s in (7, 8):
    case(f"personas_seed_{s}", "personas",
         "Re-implementation in this script (see personas_three_groups) on 40 structureless LCG "
         f"points with k = 4 and a single seeding, so the labels depend on seed = {s}: every "
         "language must reproduce them exactly",
         {"x": noise, "feature_names": ["a", "b"], "k": 4, "seed": s, "n_init": 1},
         {k: seeded[s][k] for k in ("k", "labels", "silhouette")})

case("personas_k_too_large", "personas", "k must be below the number of rows",
     {"x": rows[:4], "feature_names": names, "k": 4},
     error={"code": "CX_INVALID_INPUT", "field": "k"})
case("personas_k_too_small", "personas", "k must be at least 2",
     {"x": rows, "feature_names": names, "k": 1},
     error={"code": "CX_INVALID_INPUT", "field": "k"})
case("personas_bad_range", "personas", "k_range must start at 2 or more",
     {"x": rows, "feature_names": names, "k_range": [1, 4]},
     error={"code": "CX_INVALID_INPUT", "field": "k_range"})
case("personas_nan_feature", "personas", "A NaN feature in row 2",
     {"x": [[1.0, 2.0], [2.0, 3.0], [1.0, "NaN"], [5.0, 5.0]], "feature_names": ["a", "b"]},
     error={"code": "CX_INVALID_INPUT", "field": "features", "index": 2})

# ---------------------------------------------------------------- lookalikes

lx = [[9.0, 1.0], [10.0, 2.0], [8.5, 1.5], [1.0, 9.0], [2.0, 8.0], [8.0, 2.0], [5.0, 5.0]]
lids = ["a", "b", "c", "d", "e", "f", "g"]
seeds = ["a", "b"]
Z = np.array(standardize(lx)[0])
is_seed = np.array([i in seeds for i in lids])
centre = Z[is_seed].mean(axis=0)
dist = np.sqrt(((Z - centre) ** 2).sum(axis=1))
cscore = 1 / (1 + dist)


def ranked(scores):
    keep = [i for i in range(len(lids)) if not is_seed[i]]
    keep.sort(key=lambda i: (-scores[i], i))
    return [{"id": lids[i], "score": float(scores[i])} for i in keep]


case("lookalike_centroid", "lookalike",
     "Hand-worked: z-score both features (population sd), centroid of seeds a and b, score = "
     "1/(1 + Euclidean distance); the seeds themselves are not scored",
     {"ids": lids, "x": lx, "feature_names": ["x1", "x2"], "seed_ids": seeds,
      "method": "centroid"}, ranked(cscore))

# Logistic regression, penalty (1/2)|w|^2 on the z-scored features, intercept free: Newton.
A = np.column_stack([np.ones(len(lx)), Z])
y = is_seed.astype(float)
theta = np.zeros(3)
P = np.diag([0.0, 1.0, 1.0])
for _ in range(100):
    mu = 1 / (1 + np.exp(-A @ theta))
    grad = A.T @ (mu - y) + P @ theta
    hess = A.T @ (A * (mu * (1 - mu))[:, None]) + P
    step = np.linalg.solve(hess, grad)
    theta -= step
    if np.abs(step).max() < 1e-14:
        break
pscore = 1 / (1 + np.exp(-A @ theta))
case("lookalike_classifier", "lookalike",
     "numpy Newton fit of L2-penalized logistic regression (penalty 1, intercept unpenalized) on "
     "z-scored features with seeds a, b as the positive class; score = fitted probability",
     {"ids": lids, "x": lx, "feature_names": ["x1", "x2"], "seed_ids": seeds,
      "method": "classifier"}, ranked(pscore), tolerance=1e-9)
case("lookalike_unknown_seed", "lookalike", "A seed id that is not a customer",
     {"ids": lids, "x": lx, "feature_names": ["x1", "x2"], "seed_ids": ["a", "zz"],
      "method": "centroid"},
     error={"code": "CX_INVALID_INPUT", "field": "seed_ids", "index": 1})
case("lookalike_all_seeds", "lookalike", "Nobody left to score",
     {"ids": lids[:2], "x": lx[:2], "feature_names": ["x1", "x2"], "seed_ids": ["a", "b"],
      "method": "centroid"},
     error={"code": "CX_INVALID_INPUT", "field": "seed_ids"})
case("lookalike_bad_method", "lookalike", "Unknown method",
     {"ids": lids, "x": lx, "feature_names": ["x1", "x2"], "seed_ids": seeds, "method": "knn"},
     error={"code": "CX_INVALID_INPUT", "field": "method"})

doc = {
    "module": "personalize",
    "about": "Shared test vectors for personalization: value concentration (Gini, Lorenz), top "
             "customers, silhouette, personas (k-means with a seed) and lookalikes. Feature "
             "matrices are rows (`x`) with column names (`feature_names`); omitted options take "
             "their defaults (k_range [2, 8], seed 0, n_init 10).",
    "generated_by": "tests/vectors/derive_personalize.py",
    "bindings": ["rust", "python", "node", "wasm"],
    "cases": cases,
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "personalize.json")
with open(out, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print(f"wrote {len(cases)} cases to {out}")
