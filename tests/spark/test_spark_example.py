"""examples/spark/cx_spark.py in local[2]: tallies, RFM summary, compression, driver fit and
mapInPandas scoring equal the answers of one machine (`make test-spark`).

Size: CX_SPARK_CUSTOMERS customers (default below); the timings print with `-s`."""

from __future__ import annotations

import os
import runpy
import time
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pandas as pd
import pytest

import cx

pytest.importorskip("pyspark")
ROOT = Path(__file__).resolve().parents[2]
N = int(os.environ.get("CX_SPARK_CUSTOMERS", "1000000"))


@pytest.fixture(scope="module")
def ex() -> dict[str, Any]:
    return runpy.run_path(str(ROOT / "examples" / "spark" / "cx_spark.py"))


@pytest.fixture(scope="module")
def spark(ex: dict[str, Any]) -> Iterator[Any]:
    s = ex["session"](2)
    yield s
    s.stop()


def test_spark_answers_equal_single_machine(ex: dict[str, Any], spark: Any) -> None:
    tx_pd, responses_pd, end_day = ex["generate"](N)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    tx = spark.createDataFrame(tx_pd).repartition(4)
    responses = spark.createDataFrame(responses_pd).repartition(4)

    # (a) tallies per partition, merged on the driver: the tally of all responses.
    t = time.perf_counter()
    tally = ex["survey_nps"](responses)
    timings["tallies"] = time.perf_counter() - t
    want = cx.NpsTally()
    want.add(responses_pd["score"].to_numpy())
    assert tally == want and tally.n == N // 2
    assert tally.result() == cx.nps(responses_pd["score"].to_numpy())

    # (b) RFM summary and compression in Spark, fit on the driver.
    t = time.perf_counter()
    summary = ex["rfm_summary"](tx, end_day).cache()
    triples, pairs = ex["compress"](summary), ex["compress_spend"](summary)
    model, spend = ex["fit_models"](triples, pairs)
    timings["rfm+compress+fit"] = time.perf_counter() - t

    origin = pd.Timestamp("2024-01-01")
    single = cx.rfm_summary(
        pd.DataFrame(
            {
                "customer_id": tx_pd["customer_id"],
                "timestamp": origin + pd.to_timedelta(tx_pd["day"], unit="D"),
                "amount": tx_pd["amount"],
            }
        ),
        amount="amount",
        unit="D",
        observation_end=origin + pd.Timedelta(days=end_day),
    )
    single.index = single.index.astype(np.int64)
    single = single.sort_index()
    got = summary.toPandas().set_index("customer_id").sort_index()
    assert len(got) == N
    for col in ("frequency", "recency", "T", "monetary_value"):
        np.testing.assert_array_equal(got[col].to_numpy(), single[col].to_numpy(), err_msg=col)

    want_triples, _ = cx.compress(single["frequency"], single["recency"], single["T"])
    pd.testing.assert_frame_equal(triples, want_triples.reset_index(drop=True), check_dtype=False)
    assert len(triples) < N and triples["weights"].sum() == N, "compression keeps every customer"
    f, r, T, m = (single[k].to_numpy() for k in ("frequency", "recency", "T", "monetary_value"))
    single_model = cx.BgNbd().fit(want_triples["frequency"], want_triples["recency"], want_triples["T"],
                                  weights=want_triples["weights"])
    assert model.params == single_model.params
    full = cx.BgNbd().fit(f, r, T)
    for k, v in full.params.items():
        assert model.params[k] == pytest.approx(v, rel=1e-6), k
    repeat = f > 0
    full_spend = cx.GammaGamma().fit(f[repeat], m[repeat])
    for k, v in full_spend.params.items():
        assert spend.params[k] == pytest.approx(v, rel=1e-6), k
    assert model.converged and spend.converged and 0.5 < model.params["a"] < 2.0

    # (c) mapInPandas scoring with the JSON documents: the driver's numbers, bit for bit.
    t = time.perf_counter()
    scored = ex["score"](summary, model.to_json(), spend.to_json()).toPandas()
    timings["score"] = time.perf_counter() - t
    scored = scored.set_index("customer_id").sort_index()
    np.testing.assert_array_equal(scored["p_alive"].to_numpy(), np.asarray(model.p_alive(f, r, T)))
    want_clv = np.asarray(spend.clv(model, f, r, T, m, months=12, discount_rate=0.01, unit="D"))
    np.testing.assert_array_equal(scored["clv"].to_numpy(), want_clv)
    timings["total in Spark"] = time.perf_counter() - t0
    print(f"\n{N} customers, {len(tx_pd)} transactions, {len(triples)} triples: "
          + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
