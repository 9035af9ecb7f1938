"""examples/polars/cx_polars.py: Polars scoring and per-group tallies equal the answers of one
machine exactly."""

from __future__ import annotations

import runpy
from typing import Any

import numpy as np
import pytest

import cx
from conftest import ROOT

pl = pytest.importorskip("polars")


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    return runpy.run_path(str(ROOT / "examples" / "polars" / "cx_polars.py"))


def test_scoring_with_model_documents_equals_single_machine(example: dict[str, Any]) -> None:
    summary, _ = example["generate"](30_000, 10)
    model, spend = example["fit_models"](summary)
    # The simulation's process is recoverable: a real fit, not a degenerate one.
    assert model.converged and spend.converged
    assert 0.2 < model.params["r"] < 1.0 and 0.3 < model.params["a"] < 3.0
    f, r, t, m = (summary[k].to_numpy() for k in ("frequency", "recency", "T", "monetary_value"))
    want_p = np.asarray(model.p_alive(f, r, t))
    want_clv = np.asarray(spend.clv(model, f, r, t, m, months=12, discount_rate=0.01, unit="D"))

    scored = example["score"](summary, model.to_json(), spend.to_json())
    assert scored.columns == ["frequency", "recency", "T", "monetary_value", "p_alive", "clv"]
    np.testing.assert_array_equal(scored["p_alive"].to_numpy(), want_p)
    np.testing.assert_array_equal(scored["clv"].to_numpy(), want_clv)
    assert 0.0 < want_p.min() and want_p.max() <= 1.0 and want_clv.min() > 0.0

    # Batches scored apart (as workers would) concatenate to the same columns.
    parts = [summary.slice(o, 7_001) for o in range(0, summary.height, 7_001)]
    apart = pl.concat([example["score"](p, model.to_json(), spend.to_json()) for p in parts])
    assert apart.equals(scored)


def test_group_tallies_merge_to_the_single_machine_answer(example: dict[str, Any]) -> None:
    _, responses = example["generate"](10, 40_000)
    segments = responses["segment"].to_numpy()
    scores = responses["score"].to_numpy()
    per_segment = example["tallies_by_group"](responses, "segment")
    assert sorted(per_segment) == ["chat", "phone", "store", "web"]
    for segment, doc in per_segment.items():
        tally = cx.NpsTally.from_json(doc)
        assert tally.result() == cx.nps(scores[segments == segment])
    total = example["merge_tallies"](list(per_segment.values()))
    assert total.n == 40_000
    assert total.result() == cx.nps(scores)

    # Shards of the responses tallied apart, then merged per segment: the same counts.
    shards = [responses.slice(o, 9_000) for o in range(0, responses.height, 9_000)]
    docs: dict[str, list[str]] = {}
    for shard in shards:
        for segment, doc in example["tallies_by_group"](shard, "segment").items():
            docs.setdefault(segment, []).append(doc)
    for segment, shard_docs in docs.items():
        merged = example["merge_tallies"](shard_docs)
        assert merged == cx.NpsTally.from_json(per_segment[segment])


def test_main_prints_a_report(example: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    example["main"]()
    out = capsys.readouterr().out
    assert "all: NPS" in out and "web: NPS" in out
