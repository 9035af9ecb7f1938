"""cx.nps on 10M scores vs a numpy bincount implementation (and vs the Rust core).

Run from the repository root after `make python-dev`:

    .venv/bin/python benches/compare/nps_python.py [--n 10000000] [--repeat 15]

Prints the best time of `--repeat` runs for each variant. The Rust core's figure for the same
work comes from `cargo bench -p cx-core --bench survey` (`nps_tally/add_u8_100M` and
`nps_tally/add_scores_f64_10M`); pass them with `--rust-u8-gibs` / `--rust-f64-mps` to print
the binding's overhead ratio.
"""

from __future__ import annotations

import argparse
import math
import time
from typing import Callable

import numpy as np

import cx

Z95 = 1.959963984540054


def numpy_nps(scores: np.ndarray) -> tuple[float, tuple[float, float]]:
    """The same NPS and Wald interval with numpy, validating as cx does."""
    if scores.dtype.kind == "f":
        if not (np.isfinite(scores).all() and (scores == np.floor(scores)).all()):
            raise ValueError("scores must be whole numbers")
    lo, hi = scores.min(), scores.max()
    if lo < 0 or hi > 10:
        raise ValueError("scores must be 0..10")
    counts = np.bincount(scores.astype(np.intp, copy=False), minlength=11)
    n = counts.sum()
    p = counts[9:].sum() / n
    d = counts[:7].sum() / n
    se = math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    c = p - d
    return 100 * c, (max(-100.0, 100 * (c - Z95 * se)), min(100.0, 100 * (c + Z95 * se)))


def timings(f: Callable[[], object], repeat: int) -> list[float]:
    f()  # warm up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return sorted(times)


def best(f: Callable[[], object], repeat: int) -> float:
    return timings(f, repeat)[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--n-bytes", type=int, default=100_000_000,
                    help="size of the uint8 run compared with criterion's add_u8_100M")
    ap.add_argument("--rust-u8-gibs", type=float, help="criterion add_u8_100M throughput, GiB/s")
    ap.add_argument("--rust-f64-mps", type=float,
                    help="criterion add_scores_f64_10M throughput, million scores/s")
    args = ap.parse_args()

    rng = np.random.default_rng(20261125)
    u8 = rng.integers(0, 11, size=args.n, dtype=np.uint8)
    f64 = u8.astype(np.float64)
    i64 = u8.astype(np.int64)
    as_list = u8[:1_000_000].tolist()
    big_u8 = np.resize(u8, args.n_bytes)

    want = cx.nps(u8)
    got_score, got_ci = numpy_nps(f64)
    assert abs(want.score - got_score) < 1e-9 and all(
        abs(a - b) < 1e-9 for a, b in zip(want.ci, got_ci)), (want, got_score, got_ci)
    assert cx.nps(f64) == want == cx.nps(i64)

    rows = [
        ("cx.nps(uint8 array)        zero copy, byte fast path", lambda: cx.nps(u8), args.n),
        (f"cx.nps(uint8 array, {args.n_bytes // 1_000_000}M)   as criterion add_u8_100M",
         lambda: cx.nps(big_u8), args.n_bytes),
        ("cx.nps(float64 array)      zero copy", lambda: cx.nps(f64), args.n),
        ("cx.nps(int64 array)        narrowed to bytes", lambda: cx.nps(i64), args.n),
        ("cx.nps(list of 1M ints)    element-wise read", lambda: cx.nps(as_list), len(as_list)),
        ("numpy bincount(uint8)", lambda: numpy_nps(u8), args.n),
        ("numpy bincount(float64)    with whole-number check", lambda: numpy_nps(f64), args.n),
        ("numpy bincount(int64)", lambda: numpy_nps(i64), args.n),
    ]
    print(f"NPS of {args.n:,} scores 0..10, {args.repeat} runs (numpy {np.__version__})")
    print(f"  {'variant':<55} {'best ms':>9} {'median ms':>10} {'M scores/s (best)':>18}")
    for name, f, n in rows:
        ts = timings(f, args.repeat)
        t, med = ts[0], ts[len(ts) // 2]
        print(f"  {name:<55} {t * 1e3:9.3f} {med * 1e3:10.3f} {n / t / 1e6:18.0f}")
    t_u8, t_f64 = best(lambda: cx.nps(u8), args.repeat), best(lambda: cx.nps(f64), args.repeat)
    t_big = best(lambda: cx.nps(big_u8), args.repeat)
    print(f"  numpy bincount / cx.nps: uint8 {best(lambda: numpy_nps(u8), args.repeat) / t_u8:.1f}x, "
          f"float64 {best(lambda: numpy_nps(f64), args.repeat) / t_f64:.1f}x")
    if args.rust_u8_gibs:
        rust = args.n_bytes / (args.rust_u8_gibs * 2**30)
        print(f"  Rust add_u8 for {args.n_bytes:,} bytes: {rust * 1e3:.3f} ms -> "
              f"cx.nps(uint8) overhead {t_big / rust:.2f}x")
    if args.rust_f64_mps:
        rust = args.n / (args.rust_f64_mps * 1e6)
        print(f"  Rust add_scores for {args.n:,} floats: {rust * 1e3:.3f} ms -> "
              f"cx.nps(float64) overhead {t_f64 / rust:.2f}x")


if __name__ == "__main__":
    main()
