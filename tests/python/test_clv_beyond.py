"""cx beyond the basics: likelihood-ratio test and AIC/BIC, the FHL 2005 tracking table and its
charts, the Gamma-Gompertz/NBD on CDNOW (Bemmaor and Glady 2012), the correlated Pareto/NBD."""

from __future__ import annotations

import json
import math
import pickle

import pandas as pd
import pytest

import cx
import cx.plot

from conftest import ROOT


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    raw = pd.read_csv(ROOT / "examples" / "data" / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["id", "customer_id", "date", "cds", "amount"],
                      dtype={"customer_id": str, "date": str})
    raw["timestamp"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw


@pytest.fixture(scope="module")
def summary(cdnow: pd.DataFrame) -> pd.DataFrame:
    return cx.rfm_summary(cdnow, observation_end="1998-06-30", fractional=True,
                          holdout_start="1997-10-01")


def test_ggnbd_and_model_comparison_on_cdnow(summary: pd.DataFrame) -> None:
    args = (summary["frequency"], summary["recency"], summary["T"])
    pnbd = cx.ParetoNbd().fit(*args)
    gg = cx.GgNbd(allow_unconverged=True).fit(*args)  # maximum on the boundary b -> 0
    bg = cx.BgNbd().fit(*args)
    # Bemmaor and Glady (2012), Table 2: r = 0.553, α = 10.578, s = 0.603, LL = −9594.98 (the
    # optimum is the Pareto/NBD boundary b → 0; CLVTools' maximum −9594.9762).
    assert gg.log_likelihood == pytest.approx(-9594.9762, abs=0.01)
    assert gg.params["r"] == pytest.approx(0.553, abs=1e-3)
    assert gg.params["alpha"] == pytest.approx(10.578, abs=0.01)
    assert gg.params["b"] < 1e-3
    assert gg.n_params == 5 and pnbd.n_params == 4
    assert gg.aic == pytest.approx(10 - 2 * gg.log_likelihood)
    assert bg.bic == pytest.approx(4 * math.log(2357) - 2 * bg.log_likelihood)
    t = cx.lr_test(pnbd, gg)
    assert t.df == 1 and t.statistic < 0.01 and t.p_value > 0.9
    assert set(t.to_dict()) == {"statistic", "df", "p_value"}
    # The JSON document (kind gg_nbd) and pickle keep the model.
    back = cx.GgNbd.from_json(gg.to_json())
    assert back.params == gg.params
    assert pickle.loads(pickle.dumps(gg)).params == gg.params
    p = gg.p_alive(*args)
    assert isinstance(p, pd.Series) and p.between(0, 1).all()
    e = gg.expected_purchases(39.0, *args)
    assert e.sum() == pytest.approx(pnbd.expected_purchases(39.0, *args).sum(), rel=0.01)
    assert len(cx.holdout_comparison(gg, summary)) == 8


def test_lr_test_inputs() -> None:
    t = cx.lr_test(-100.0, -97.0, df=2)
    assert t.statistic == pytest.approx(6.0) and t.p_value == pytest.approx(math.exp(-3.0))
    with pytest.raises(cx.InvalidInputError) as e:
        cx.lr_test(-100.0, -97.0)
    assert e.value.field == "df"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.lr_test(-100.0, -120.0, df=1)
    assert e.value.field == "full"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.lr_test("model", -1.0, df=1)
    assert e.value.field == "restricted"


def test_tracking_on_cdnow(cdnow: pd.DataFrame, summary: pd.DataFrame) -> None:
    bg = cx.BgNbd().fit(summary["frequency"], summary["recency"], summary["T"])
    tr = cx.tracking(bg, cdnow, holdout_start="1997-10-01", start="1997-01-01",
                     end="1998-06-30")
    assert len(tr) == 78 and tr.index.name == "period"
    assert list(tr.columns) == ["end", "holdout", "actual", "actual_cumulative", "expected",
                                "expected_cumulative"]
    assert tr["holdout"].sum() == 39
    # Actual repeat purchase days: Σ frequency at week 39, plus the holdout days at week 78.
    assert tr["actual_cumulative"].iloc[38] == summary["frequency"].sum() == 2457
    assert tr["actual_cumulative"].iloc[77] == 2457 + summary["frequency_holdout"].sum()
    # Expected at the end of calibration = Σ E[X(T)] over the customers.
    want = bg.expected_purchases_new(summary["T"].to_numpy()).sum()
    assert tr["expected_cumulative"].iloc[38] == pytest.approx(want, rel=1e-9)
    assert tr["expected"].cumsum().to_numpy() == pytest.approx(tr["expected_cumulative"].to_numpy())
    with pytest.raises(cx.InvalidInputError) as e:
        cx.tracking(bg, cdnow)
    assert e.value.field == "holdout_start"


def test_tracking_charts(cdnow: pd.DataFrame, summary: pd.DataFrame) -> None:
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    bg = cx.BgNbd().fit(summary["frequency"], summary["recency"], summary["T"])
    tr = cx.tracking(bg, cdnow, holdout_start="1997-10-01", start="1997-01-01",
                     end="1998-06-30")
    ax = cx.plot.tracking_cumulative(tr)
    assert list(ax.lines[0].get_ydata()) == list(tr["actual_cumulative"])
    assert list(ax.lines[1].get_ydata()) == list(tr["expected_cumulative"])
    ax = cx.plot.tracking_incremental(tr)
    assert list(ax.lines[1].get_ydata()) == list(tr["expected"])
    with pytest.raises(cx.InvalidInputError):
        cx.plot.tracking_cumulative(summary)


def test_correlated_pareto_nbd(cdnow: pd.DataFrame, summary: pd.DataFrame) -> None:
    args = (summary["frequency"], summary["recency"], summary["T"])
    pn = {"r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67}
    # ρ = 0 is the Pareto/NBD.
    zero = cx.ParetoNbdCor.from_params({**pn, "rho": 0.0})
    assert zero.p_alive(*args).to_numpy() == pytest.approx(
        cx.ParetoNbd.from_params(pn).p_alive(*args).to_numpy(), rel=1e-12)
    with pytest.raises(cx.InvalidInputError) as e:
        cx.ParetoNbdCor.from_params({**pn, "rho": 0.5})
    assert e.value.field == "rho"
    pnbd = cx.ParetoNbd().fit(*args)
    cor = cx.ParetoNbdCor(allow_unconverged=True).fit(*args)  # maximum on the edge of rho
    lo, hi = cor.correlation_range
    assert lo <= cor.correlation <= hi and cor.n_params == 5
    assert cor.log_likelihood >= pnbd.log_likelihood - 1e-6
    t = cx.lr_test(pnbd, cor)
    assert t.df == 1 and t.statistic == pytest.approx(2 * (cor.log_likelihood - pnbd.log_likelihood))
    p = cor.p_alive(*args)
    assert isinstance(p, pd.Series) and p.between(0, 1).all()
    e = cor.expected_purchases(39, *args)
    assert isinstance(e, pd.Series) and (e >= 0).all()
    # The fitted model round-trips through its portable document and pickle.
    back = cx.ParetoNbdCor.from_json(cor.to_json())
    assert json.loads(cor.to_json())["model"] == "pareto_nbd_cor"
    assert back.params == cor.params and back.standard_errors == cor.standard_errors
    assert (back.expected_purchases(39, *args) == e).all()
    assert pickle.loads(pickle.dumps(cor)).params == cor.params
    # It is a purchase model like the others: tracking, holdout comparison and CLV take it.
    tr = cx.tracking(cor, cdnow, holdout_start="1997-10-01", start="1997-01-01",
                     end="1998-06-30")
    want = cor.expected_purchases_new(summary["T"].to_numpy()).sum()
    assert tr["expected_cumulative"].iloc[38] == pytest.approx(want, rel=1e-9)
    assert len(cx.holdout_comparison(cor, summary)) == 8
    gg = cx.GammaGamma.from_params({"p": 6.25, "q": 3.74, "v": 15.44})
    clv = gg.clv(cor, summary["frequency"], summary["recency"], summary["T"],
                 pd.Series(30.0, index=summary.index), months=12, unit="W")
    assert (clv >= 0).all() and clv.sum() > 0


def test_correlated_pareto_nbd_expectations() -> None:
    pn = {"r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67}
    zero = cx.ParetoNbdCor.from_params({**pn, "rho": 0.0})
    plain = cx.ParetoNbd.from_params(pn)
    f, r, T = [0.0, 2.0, 7.0], [0.0, 30.43, 5.0], [38.86, 38.86, 30.0]
    # ρ = 0: the Pareto/NBD's expectations, bit for bit.
    assert (zero.expected_purchases(39, f, r, T) == plain.expected_purchases(39, f, r, T)).all()
    assert zero.expected_purchases_new(52.0) == plain.expected_purchases_new(52.0)
    lo, hi = zero.correlation_range
    pos = cx.ParetoNbdCor.from_params({**pn, "rho": 0.9 * hi})
    assert pos.correlation == 0.9 * hi
    new = pos.expected_purchases_new([13.0, 52.0])
    assert new[0] < new[1]
    with pytest.raises(cx.InvalidInputError) as e:
        pos.expected_purchases(-1, f, r, T)
    assert e.value.field == "t"
    with pytest.raises(cx.InvalidInputError) as e:
        cx.ParetoNbdCor.from_json(pos.to_json().replace(f'"rho":{0.9 * hi!r}', '"rho":0.9'))
    assert e.value.field == "rho"
