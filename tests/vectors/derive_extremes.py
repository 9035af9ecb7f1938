#!/usr/bin/env python3
"""Write tests/vectors/extremes.json: CLV predictions at numerical extremes, with references.

Frequency up to 10^4, T up to 10^4, recency from just after the first purchase to T, horizons
of 1 and 10^4 time units, and parameter sets from tiny (0.01) through the published CDNOW
estimates to huge (10^3). The references are the papers' closed forms evaluated with mpmath at
60 significant digits, in their original form and independently of cx's code:

- BG/NBD: P(alive) FHL 2005 eq. 13, conditional expectation eq. 10 (2F1 by mpmath, or by Euler's transformation and
  Gauss's series for parameters near 10^4),
  new-customer expectation eq. 9.
- Pareto/NBD: P(alive) = alive / (alive + died) with the "died" term by numerical integration
  of its defining integral s ∫ (α+u)^-(r+x) (β+u)^-(s+1) du over [t_x, T] (FHL 2005 MATLAB
  note, eq. 1-3), split at the integrand's scale so that a peak of width (α+t_x)/(r+x) is
  resolved; conditional expectation of Schmittlein, Morrison and Colombo (1987).

Tolerances are absolute (as every vector file): 1e-9 times the largest expected magnitude.

    python3 tests/vectors/derive_extremes.py --write   # regenerate (needs mpmath)
    python3 tests/vectors/derive_extremes.py --check   # fail when the committed file differs
"""
import json
import pathlib
import sys

from mpmath import hyp2f1 as mp_hyp2f1, mp, mpf, quad

mp.dps = 60
OUT = pathlib.Path(__file__).resolve().with_name("extremes.json")

# (frequency, recency, T) histories: new customers, heavy buyers, long silences, short spans.
HIST = [
    (0, 0, 1.0),
    (0, 0, 1e4),
    (1, 1e-3, 1e4),
    (100, 9_000.0, 1e4),
    (1e4, 1e4, 1e4),
    (1e4, 5e3, 1e4),
    (1e3, 1.0, 1e4),
    (1e4, 0.9, 1.0),
    (5, 0.5, 1.0),
]
HORIZONS = [1.0, 1e4]

BGNBD = {
    "cdnow": (0.243, 4.414, 0.793, 2.426),
    "tiny": (0.01, 0.01, 0.01, 0.01),
    "huge": (1e3, 1e3, 1e3, 1e3),
}
PNBD = {
    "cdnow": (0.553, 10.58, 0.606, 11.67),
    "tiny": (0.01, 0.01, 0.01, 0.01),
    "huge": (1e3, 1e3, 1e3, 1e3),
}


def gauss_series(a, b, c, z):
    """Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ summed directly until the terms are negligible and falling."""
    term, total, k = mpf(1), mpf(1), 0
    while True:
        ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z
        term *= ratio
        total += term
        k += 1
        if abs(ratio) < 1 and abs(term) < abs(total) * mpf(10) ** -70:
            return total


def hyp2f1(a, b, c, z):
    """₂F₁(a, b; c; z) for 0 ≤ z < 1. With c above 100 (frequency near 10^4), Euler's
    transformation (A&S 15.3.3) ₂F₁(a, b; c; z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) turns the
    huge numerator parameters into small ones and the series is summed directly; otherwise
    mpmath's own hyp2f1 (which transforms z near 1 itself)."""
    if c > 100:
        return (1 - z) ** (c - a - b) * gauss_series(c - a, c - b, c, z)
    return mp_hyp2f1(a, b, c, z)


def bgnbd(params, t):
    r, al, a, b = map(mpf, params)
    h = mpf(t)
    out = {"p_alive": [], "expected_purchases": []}
    for x, tx, T in HIST:
        x, tx, T = mpf(x), mpf(tx), mpf(T)
        d = (a / (b + x - 1)) * ((al + T) / (al + tx)) ** (r + x) if x > 0 else 0
        p = 1 / (1 + d)
        z = h / (al + T + h)
        e = (a + b + x - 1) / (a - 1) * (
            1 - ((al + T) / (al + T + h)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
        ) * p
        out["p_alive"].append(p)
        out["expected_purchases"].append(e)
    out["expected_purchases_new"] = (a + b - 1) / (a - 1) * (
        1 - (al / (al + h)) ** r * hyp2f1(r, b, a + b - 1, h / (al + h))
    )
    return out


def died_integral(r, al, s, be, x, tx, T):
    """s ∫_{tx}^{T} (α+u)^-(r+x) (β+u)^-(s+1) du, split at multiples of the decay scale."""
    scale = (al + tx) / (r + x + s + 1)
    points = [tx]
    step = scale / 4
    while points[-1] + step < T:
        points.append(points[-1] + step)
        step *= 2
    points.append(T)
    f = lambda u: (al + u) ** -(r + x) * (be + u) ** -(s + 1)  # noqa: E731
    return s * quad(f, points)


def pnbd(params, t):
    r, al, s, be = map(mpf, params)
    h = mpf(t)
    out = {"p_alive": [], "expected_purchases": []}
    for x, tx, T in HIST:
        x, tx, T = mpf(x), mpf(tx), mpf(T)
        alive = (al + T) ** -(r + x) * (be + T) ** -s
        died = died_integral(r, al, s, be, x, tx, T) if tx < T else 0
        p = alive / (alive + died)
        e = p * (r + x) * (be + T) / ((al + T) * (s - 1)) * (
            1 - ((be + T) / (be + T + h)) ** (s - 1)
        )
        out["p_alive"].append(p)
        out["expected_purchases"].append(e)
    out["expected_purchases_new"] = r * be / (al * (s - 1)) * (1 - (be / (be + h)) ** (s - 1))
    return out


def as_floats(out):
    floats = {k: [float(v) for v in vs] for k, vs in out.items() if isinstance(vs, list)}
    floats["expected_purchases_new"] = float(out["expected_purchases_new"])
    for k, vs in floats.items():
        for v in vs if isinstance(vs, list) else [vs]:
            assert v == v and abs(v) < float("inf"), (k, v)
    for p in floats["p_alive"]:
        assert 0 <= p <= 1, p
    return floats


def build():
    cases = []
    inputs = {
        "frequency": [h[0] for h in HIST],
        "recency": [h[1] for h in HIST],
        "T": [h[2] for h in HIST],
    }
    for model, sets, fn, names in [
        ("bgnbd", BGNBD, bgnbd, ("r", "alpha", "a", "b")),
        ("paretonbd", PNBD, pnbd, ("r", "alpha", "s", "beta")),
    ]:
        for label, params in sets.items():
            for t in HORIZONS:
                expected = as_floats(fn(params, t))
                largest = max(
                    [abs(v) for vs in expected.values() for v in (vs if isinstance(vs, list) else [vs])]
                )
                cases.append({
                    "name": f"{model}_extremes_{label}_t{t:g}",
                    "function": f"{model}_predict",
                    "source": (
                        "frequency to 1e4, T to 1e4; closed forms evaluated with mpmath at 60 digits "
                        "(derive_extremes.py: FHL 2005 eq. 9, 10, 13 / Pareto/NBD by quadrature)"
                    ),
                    "input": {"params": dict(zip(names, params)), **inputs, "t": t},
                    "expected": expected,
                    "tolerance": 1e-9 * max(1.0, largest),
                })
    return {
        "module": "clv",
        "about": "CLV predictions at numerical extremes against mpmath references",
        "generated_by": "tests/vectors/derive_extremes.py",
        "bindings": ["rust", "python", "node", "wasm"],
        "cases": cases,
    }


def main():
    text = json.dumps(build(), indent=1) + "\n"
    if "--write" in sys.argv:
        OUT.write_text(text)
        print(f"{OUT}: written")
    elif "--check" in sys.argv:
        if OUT.read_text() != text:
            sys.exit("tests/vectors/extremes.json is stale: run derive_extremes.py --write")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
