"""Survey report with cx: NPS overall, by channel and by month, drawn with its interval band.

Run from the repository root after `make python-dev` (or `make test`):

    .venv/bin/python examples/python/survey_report.py [out.png]

Reads the bundled synthetic survey (examples/data/survey_responses.csv) and writes a PNG
(default: test-output/nps_trend.png). Plotting needs matplotlib: pip install 'cxkit[plot]'.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import cx

ROOT = Path(__file__).resolve().parents[2]


def main(out: Path) -> None:
    answers = pd.read_csv(ROOT / "examples" / "data" / "survey_responses.csv")
    nps = answers[answers.kind == "nps"]

    overall = cx.nps(nps.score, method="adjusted_wald")
    low, high = overall.ci
    print(f"NPS {overall.score:+.1f}  95% [{low:+.1f}, {high:+.1f}]  n={overall.n}")
    print("\nBy channel (adjusted Wald):")
    print(cx.nps_by(nps, by="segment", method="adjusted_wald").round(1).to_string())

    trend = cx.nps_trend(nps, freq="M", method="adjusted_wald")
    print("\nBy month:")
    print(trend[["n", "score", "ci_low", "ci_high"]].round(1).to_string())

    first, last = trend.index[0].strftime("%Y-%m"), trend.index[-1].strftime("%Y-%m")
    early = nps[pd.to_datetime(nps.timestamp).dt.year == trend.index[0].year]
    late = nps[pd.to_datetime(nps.timestamp).dt.year == trend.index[-1].year]
    diff = cx.compare_nps(late.score, early.score, method="adjusted_wald")
    print(f"\nYear over year: {diff.difference:+.1f} points, p = {diff.p_value:.3f}")

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install 'cxkit[plot]'): no chart drawn")
        return
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    ax.fill_between(trend.index, trend.ci_low, trend.ci_high, alpha=0.25, color="tab:blue",
                    label="95% interval (adjusted Wald)")
    ax.plot(trend.index, trend.score, marker="o", color="tab:blue", label="NPS")
    ax.axhline(overall.score, color="gray", linestyle="--", linewidth=1,
               label=f"overall {overall.score:+.1f}")
    for when, n, low_ in zip(trend.index, trend.n, trend.ci_low):
        ax.annotate(f"n={n}", (when, low_), textcoords="offset points",
                    xytext=(0, -12), ha="center", fontsize=7, color="gray")
    ax.set_ylim(-100, 100)
    ax.set_ylabel("NPS (−100..100)")
    ax.set_title(f"Monthly NPS with 95% interval, {first} to {last} (synthetic survey)")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "test-output" / "nps_trend.png")
