"""Draws the figures of the docs site from the bundled data, with cx and matplotlib (Agg).

`make docs` runs this before `mkdocs build`; the PNGs go to docs/figures/out/ (gitignored),
so every figure a reader sees is computed by the code of the release it documents.

    python docs/figures/make_figures.py [--out DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import cx  # noqa: E402
import cx.plot  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"


def cdnow() -> pd.DataFrame:
    df = pd.read_csv(DATA / "CDNOW_sample.txt", sep=r"\s+", header=None,
                     names=["id", "customer_id", "date", "cds", "amount"],
                     dtype={"customer_id": str, "date": str})
    df["timestamp"] = pd.to_datetime(df["date"], format="%Y%m%d")
    return df


def surveys(out: Path) -> None:
    survey = pd.read_csv(DATA / "survey_responses.csv", parse_dates=["timestamp"])
    answers = survey[survey["kind"] == "nps"]
    by = cx.nps_by(answers, by="segment")
    fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
    y = np.arange(len(by))
    ax.errorbar(by["score"], y, xerr=[by["score"] - by["ci_low"], by["ci_high"] - by["score"]],
                fmt="o", capsize=4)
    ax.set_yticks(y, by.index)
    ax.axvline(0, color="grey", linewidth=0.5)
    ax.set_xlabel("NPS with 95% Wald interval")
    ax.set_title("NPS by channel, survey_responses.csv")
    fig.savefig(out / "nps_by_channel.png", dpi=110)
    plt.close(fig)


def retention(out: Path, tx: pd.DataFrame) -> None:
    repeat_time = cx.time_to_repeat(tx, observation_end="1998-06-30")
    first = tx.sort_values("timestamp").groupby("customer_id")["cds"].first()
    size = np.where(first.loc[repeat_time.index] > 1, "2+ CDs", "1 CD")
    curves = cx.kaplan_meier_by_segment(repeat_time["duration"], repeat_time["observed"], size)
    fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    cx.plot.survival(curves, ax=ax, xlabel="days since first purchase",
                     ylabel="share not yet back")
    ax.set_title("Time to a repeat purchase, CDNOW (Kaplan–Meier, 95% band)")
    fig.savefig(out / "km_repeat.png", dpi=110)
    plt.close(fig)


def clv(out: Path, tx: pd.DataFrame) -> None:
    summary = cx.rfm_summary(tx, amount="amount", observation_end="1998-06-30",
                             holdout_start="1997-10-01", fractional=True)
    bg = cx.BgNbd().fit(summary["frequency"], summary["recency"], summary["T"])
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    cx.plot.frequency_recency_matrix(bg, T=39, max_frequency=14, ax=left)
    left.set_title("BG/NBD: expected purchases next week (T = 39 weeks)")
    cx.plot.calibration_holdout(bg, summary, ax=right)
    fig.savefig(out / "clv_cdnow.png", dpi=100)
    plt.close(fig)


def journeys(out: Path) -> None:
    touchpoints = pd.read_csv(DATA / "touchpoints.csv", parse_dates=["timestamp"])
    f = cx.funnel(touchpoints, ["visit", "signup", "add_to_cart", "purchase"], window="30d")
    fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
    ax.barh(f.index[::-1], f["converted"][::-1])
    for i, (n, share) in enumerate(zip(f["converted"][::-1], f["conversion_from_first"][::-1])):
        ax.text(n, i, f" {n} ({share:.0%})", va="center")
    ax.set_xlim(0, f["converted"].max() * 1.25)
    ax.set_xlabel("customers (30-day window)")
    ax.set_title("Funnel, touchpoints.csv")
    fig.savefig(out / "funnel.png", dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    tx = cdnow()
    surveys(out)
    retention(out, tx)
    clv(out, tx)
    journeys(out)
    print(f"figures: {', '.join(sorted(p.name for p in out.glob('*.png')))} in {out}")


if __name__ == "__main__":
    main()
