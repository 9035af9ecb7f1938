"""Times lifelines' KaplanMeierFitter on the data of cx-core/benches/retention.rs.

Same generator as the Rust bench (xorshift64 uniforms, exponential lifetimes with mean 400 days
censored by a uniform 0-1000 day window, 10M customers), so the two timings compare like with
like. lifelines is a reference only; install it outside the repository:

    python3 -m venv /tmp/ref-venv && /tmp/ref-venv/bin/pip install lifelines
    /tmp/ref-venv/bin/python benches/compare/kaplan_meier_lifelines.py [N]

Then `cargo bench -p cx-core --bench retention -- kaplan_meier` for the Rust side.
"""

import sys
import time

import numpy as np
from lifelines import KaplanMeierFitter


def uniforms(n, seed):
    # xorshift64 (13, 7, 17), top 53 bits, as the Rust bench; vectorized over steps is not
    # possible, so the stream is produced in a plain loop once and cached.
    out = np.empty(n)
    x = seed
    mask = (1 << 64) - 1
    for i in range(n):
        x ^= (x << 13) & mask
        x ^= x >> 7
        x ^= (x << 17) & mask
        out[i] = (x >> 11) / float(1 << 53)
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    u = uniforms(2 * n, 0x9E3779B97F4A7C15)
    life = -400.0 * np.log1p(-u[:n])
    window = 1000.0 * u[n:]
    observed = life <= window
    exact = np.minimum(life, window)
    days = np.floor(exact)
    for name, d in [("integer_days", days), ("continuous", exact)]:
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            KaplanMeierFitter().fit(d, event_observed=observed)
            best = min(best, time.perf_counter() - t0)
        print(f"lifelines KaplanMeierFitter.fit {name} n={n}: best of 3 {best:.3f} s")


if __name__ == "__main__":
    main()
