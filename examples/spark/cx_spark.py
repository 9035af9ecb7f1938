"""cx inside PySpark: what scales out, and how.

* ``survey_nps``: survey tallies counted per partition (``mapInPandas`` yields one ``NpsTally``
  document per partition) and merged on the driver: exactly the tally of all responses.
* ``rfm_summary`` + ``compress``: the RFM summary (whole days, as ``cx.rfm_summary(unit="D")``)
  and the ``groupBy(frequency, recency, T).count()`` compression run in Spark; the driver fits
  BG/NBD on the compressed table with the counts as weights (``fit_models``), which has as many
  rows as distinct triples, not customers.
* ``score``: P(alive) and CLV row-wise with ``mapInPandas``, each worker loading the models
  from their JSON documents.

Run it: ``python examples/spark/cx_spark.py [customers]`` (local[2], generated data).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Iterator

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

import cx


def session(cores: int = 2) -> SparkSession:
    """A local Spark session with Arrow (what ``mapInPandas`` uses) and a quiet log; the
    Python workers run this interpreter, so they import the same ``cx``."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("cx-spark-example")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def survey_nps(responses: DataFrame, score: str = "score") -> cx.NpsTally:
    """The NPS tally of every response: one tally document per partition, merged."""

    def count(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        t = cx.NpsTally()
        for b in batches:
            t.add(b[score].to_numpy(dtype=np.uint8))
        yield pd.DataFrame({"tally": [t.to_json()]})

    total = cx.NpsTally()
    for row in responses.select(score).mapInPandas(count, "tally string").collect():
        total.merge(cx.NpsTally.from_json(row["tally"]))
    return total


def rfm_summary(transactions: DataFrame, end_day: int) -> DataFrame:
    """Per customer: ``frequency`` (repeat purchase days), ``recency`` (first to last purchase
    day), ``T`` (first purchase day to ``end_day``) and ``monetary_value`` (mean amount of the
    repeat days, 0 without repeats), as ``cx.rfm_summary(..., unit="D")`` computes them from
    ``customer_id``, ``day`` (whole days) and ``amount``."""
    days = transactions.groupBy("customer_id", "day").agg(F.sum("amount").alias("amount"))
    per = days.groupBy("customer_id").agg(
        (F.count("*") - 1).cast("double").alias("frequency"),
        (F.max("day") - F.min("day")).cast("double").alias("recency"),
        (F.lit(end_day) - F.min("day")).cast("double").alias("T"),
        F.sum("amount").alias("total"),
        F.min_by("amount", "day").alias("first"),
    )
    return per.select(
        "customer_id",
        "frequency",
        "recency",
        "T",
        F.when(F.col("frequency") > 0, (F.col("total") - F.col("first")) / F.col("frequency"))
        .otherwise(0.0)
        .alias("monetary_value"),
    )


def compress(summary: DataFrame) -> pd.DataFrame:
    """The distinct (frequency, recency, T) triples with their counts as ``weights``, sorted like
    ``cx.compress``: the table the driver fits on."""
    c = summary.groupBy("frequency", "recency", "T").agg(F.count("*").cast("double").alias("weights"))
    return c.toPandas().sort_values(["frequency", "recency", "T"], ignore_index=True)


def compress_spend(summary: DataFrame) -> pd.DataFrame:
    """The distinct (frequency, monetary_value) pairs of repeat buyers with their counts."""
    c = (
        summary.where(F.col("frequency") > 0)
        .groupBy("frequency", "monetary_value")
        .agg(F.count("*").cast("double").alias("weights"))
    )
    return c.toPandas().sort_values(["frequency", "monetary_value"], ignore_index=True)


def fit_models(triples: pd.DataFrame, spend_pairs: pd.DataFrame) -> tuple[cx.BgNbd, cx.GammaGamma]:
    """BG/NBD and Gamma-Gamma fitted on the driver from the compressed tables."""
    model = cx.BgNbd().fit(triples["frequency"], triples["recency"], triples["T"], weights=triples["weights"])
    spend = cx.GammaGamma().fit(
        spend_pairs["frequency"], spend_pairs["monetary_value"], weights=spend_pairs["weights"]
    )
    return model, spend


def score(summary: DataFrame, model_json: str, spend_json: str, months: int = 12) -> DataFrame:
    """``summary`` plus ``p_alive`` and ``clv`` (12 months, 1% monthly discount, days),
    scored row-wise by ``mapInPandas`` with the models' JSON documents."""

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        model = cx.BgNbd.from_json(model_json)
        spend = cx.GammaGamma.from_json(spend_json)
        for b in batches:
            f, r, t, m = (b[k].to_numpy() for k in ("frequency", "recency", "T", "monetary_value"))
            b["p_alive"] = np.asarray(model.p_alive(f, r, t))
            b["clv"] = np.asarray(spend.clv(model, f, r, t, m, months=months, discount_rate=0.01, unit="D"))
            yield b

    schema = summary.schema.simpleString()[len("struct<") : -1] + ",p_alive double,clv double"
    return summary.mapInPandas(run, schema)


def generate(n_customers: int, seed: int = 11) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Transactions (``customer_id``, ``day``, whole-number ``amount``) of customers buying as
    the BG/NBD assumes, survey responses (``score`` 0-10), and the last day observed."""
    rng = np.random.default_rng(seed)
    end_day = 540
    first = rng.integers(0, end_day - 60, n_customers)
    lam = rng.gamma(0.6, 1 / 40.0, n_customers)
    p = rng.beta(0.8, 3.0, n_customers)
    max_repeats = 40
    times = first[:, None] + np.cumsum(rng.exponential(1.0, (n_customers, max_repeats)), axis=1) / lam[:, None]
    allowed = rng.geometric(p) - 1
    keep = (times < end_day) & (np.arange(max_repeats)[None, :] < allowed[:, None])
    ids = np.arange(n_customers, dtype=np.int64)
    repeat_ids = np.broadcast_to(ids[:, None], keep.shape)[keep]
    customer = np.concatenate([ids, repeat_ids])
    day = np.concatenate([first, np.floor(times[keep]).astype(np.int64)])
    mean_spend = rng.gamma(6.0, 5.0, n_customers)
    amount = np.maximum(np.round(rng.gamma(4.0, mean_spend[customer] / 4.0)), 1.0)
    tx = pd.DataFrame({"customer_id": customer, "day": day.astype(np.int32), "amount": amount})
    n_responses = n_customers // 2
    probs = [0.03] * 7 + [0.1, 0.12, 0.24, 0.33]
    responses = pd.DataFrame({"score": rng.choice(11, n_responses, p=probs).astype(np.int32)})
    return tx, responses, end_day


def main(n_customers: int = 100_000) -> None:
    tx_pd, responses_pd, end_day = generate(n_customers)
    spark = session()
    started = time.perf_counter()
    tx = spark.createDataFrame(tx_pd)
    responses = spark.createDataFrame(responses_pd)
    print(f"NPS {survey_nps(responses).result().score:.2f}")
    summary = rfm_summary(tx, end_day).cache()
    triples, pairs = compress(summary), compress_spend(summary)
    model, spend = fit_models(triples, pairs)
    print(f"{n_customers} customers -> {len(triples)} triples; BG/NBD {model.params}")
    scored = score(summary, model.to_json(), spend.to_json())
    print(scored.agg(F.mean("p_alive"), F.sum("clv")).collect()[0])
    print(f"{time.perf_counter() - started:.1f} s in Spark")
    spark.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
