"""Scoring and survey tallies with Polars, for users without a cluster.

Every operation here is one of the two kinds that scale out (see "Scaling out" in the README):

* row-wise scoring with a model loaded from its JSON document: ``map_batches`` hands each
  batch of rows to cx, which needs nothing but the document and the batch;
* mergeable survey tallies: one ``NpsTally`` per group (``group_by(...).map_groups``), stored as
  its JSON document and merged afterwards, equal to counting all the rows at once.

Run it: ``python examples/polars/cx_polars.py`` (prints a small report on generated data).
"""

from __future__ import annotations

import numpy as np
import polars as pl

import cx


def score(
    summary: pl.DataFrame,
    purchase_model_json: str,
    spend_model_json: str,
    months: int = 12,
    discount_rate: float = 0.01,
    unit: str = "D",
) -> pl.DataFrame:
    """``summary`` (frequency, recency, T, monetary_value) plus ``p_alive`` and ``clv``.

    The models travel as their JSON documents (``to_json()``), the way a cluster ships them to
    its workers; each batch loads them and scores its rows.
    """

    def p_alive(batch: pl.Series) -> pl.Series:
        model = cx.BgNbd.from_json(purchase_model_json)
        f, r, t = (batch.struct.field(k).to_numpy() for k in ("frequency", "recency", "T"))
        return pl.Series(np.asarray(model.p_alive(f, r, t)), dtype=pl.Float64)

    def clv(batch: pl.Series) -> pl.Series:
        model = cx.BgNbd.from_json(purchase_model_json)
        spend = cx.GammaGamma.from_json(spend_model_json)
        f, r, t, m = (
            batch.struct.field(k).to_numpy() for k in ("frequency", "recency", "T", "monetary_value")
        )
        out = spend.clv(model, f, r, t, m, months=months, discount_rate=discount_rate, unit=unit)
        return pl.Series(np.asarray(out), dtype=pl.Float64)

    rfm = pl.struct("frequency", "recency", "T")
    return summary.with_columns(
        rfm.map_batches(p_alive, return_dtype=pl.Float64).alias("p_alive"),
        pl.struct("frequency", "recency", "T", "monetary_value")
        .map_batches(clv, return_dtype=pl.Float64)
        .alias("clv"),
    )


def tallies_by_group(responses: pl.DataFrame, group: str, score_col: str = "score") -> dict[str, str]:
    """One NPS tally document per value of ``group`` (``group_by(...).map_groups``)."""

    def tally(g: pl.DataFrame) -> pl.DataFrame:
        t = cx.NpsTally()
        t.add(g[score_col].to_numpy())
        return pl.DataFrame({group: [g[group][0]], "tally": [t.to_json()]})

    out = responses.group_by(group).map_groups(tally)
    return dict(zip(out[group].to_list(), out["tally"].to_list()))


def merge_tallies(documents: list[str]) -> cx.NpsTally:
    """The sum of tally documents: exactly the tally of all their responses."""
    total = cx.NpsTally()
    for doc in documents:
        total.merge(cx.NpsTally.from_json(doc))
    return total


def simulate_customers(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Frequency, recency and T (days) of ``n`` customers buying as the BG/NBD assumes
    (Fader, Hardie and Lee 2005): Poisson purchases at a gamma-distributed rate, dropping out
    after each purchase with a beta-distributed probability; spend per purchase whole currency
    units around a gamma-distributed mean. Recency is rounded up to whole days."""
    lam = rng.gamma(0.6, 1 / 40.0, n)  # purchases per day, mean 0.015
    p = rng.beta(0.8, 3.0, n)
    T = rng.integers(60, 540, n).astype(np.float64)
    max_repeats = 40
    gaps = rng.exponential(1.0, (n, max_repeats)) / lam[:, None]
    times = np.cumsum(gaps, axis=1)
    allowed = rng.geometric(p) - 1  # repeat purchases before dropping out
    counted = (times < T[:, None]) & (np.arange(max_repeats)[None, :] < allowed[:, None])
    frequency = counted.sum(axis=1).astype(np.float64)
    last = np.where(frequency > 0, times[np.arange(n), np.maximum(frequency.astype(int) - 1, 0)], 0.0)
    recency = np.ceil(last)
    mean_spend = rng.gamma(6.0, 5.0, n)
    monetary = np.where(frequency > 0, np.maximum(np.round(mean_spend), 1.0), 0.0)
    return {"frequency": frequency, "recency": recency, "T": T, "monetary_value": monetary}


def generate(n_customers: int, n_responses: int, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    """An RFM summary in days (see ``simulate_customers``) and survey responses (scores 0-10)
    with a segment column."""
    rng = np.random.default_rng(seed)
    summary = pl.DataFrame(simulate_customers(n_customers, rng))
    responses = pl.DataFrame(
        {
            "segment": rng.choice(["web", "phone", "chat", "store"], n_responses),
            "score": rng.choice(11, n_responses, p=[0.03] * 7 + [0.1, 0.12, 0.24, 0.33]).astype(np.uint8),
        }
    )
    return summary, responses


def fit_models(summary: pl.DataFrame) -> tuple[cx.BgNbd, cx.GammaGamma]:
    """BG/NBD and Gamma-Gamma fitted on one machine (repeat buyers only for the spend model)."""
    f, r, t = (summary[k].to_numpy() for k in ("frequency", "recency", "T"))
    model = cx.BgNbd().fit(f, r, t)
    repeat = summary.filter(pl.col("frequency") > 0)
    spend = cx.GammaGamma().fit(repeat["frequency"].to_numpy(), repeat["monetary_value"].to_numpy())
    return model, spend


def main() -> None:
    summary, responses = generate(20_000, 50_000)
    model, spend = fit_models(summary)
    scored = score(summary, model.to_json(), spend.to_json())
    print(scored.select(pl.col("p_alive").mean(), pl.col("clv").sum()))
    per_segment = tallies_by_group(responses, "segment")
    for segment, doc in sorted(per_segment.items()):
        print(f"{segment}: NPS {cx.NpsTally.from_json(doc).result().score:.1f}")
    print(f"all: NPS {merge_tallies(list(per_segment.values())).result().score:.1f}")


if __name__ == "__main__":
    main()
