"""cx.plot: the CLV charts draw the model's own numbers (Agg backend); matplotlib stays optional."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import cx
import cx.plot

from conftest import ROOT

FHL = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def test_import_cx_does_not_import_matplotlib() -> None:
    code = "import sys, cx, cx.plot; assert 'matplotlib' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    with pytest.raises(ImportError, match=r"pip install 'cxkit\[plot\]'"):
        cx.plot.frequency_recency_matrix(cx.BgNbd.from_params(FHL), T=10)


@pytest.fixture()
def plt() -> object:
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as pyplot

    yield pyplot
    pyplot.close("all")


def test_frequency_recency_matrix_values(plt: object) -> None:
    m = cx.BgNbd.from_params(FHL)
    ax = cx.plot.frequency_recency_matrix(m, T=39, max_frequency=12)
    z = np.ma.filled(ax.images[0].get_array(), np.nan)
    assert z.shape == (40, 13)  # recency 0..39 by frequency 0..12
    # Row = recency, column = frequency; the next-period expectation of the model itself.
    for f, r in [(1, 5), (3, 20), (12, 39), (7, 38)]:
        want = m.expected_purchases(1.0, [f], [r], [39.0])[0]
        assert z[r, f] == pytest.approx(want, rel=1e-12)
    assert z[0, 0] == pytest.approx(m.expected_purchases(1.0, [0], [0], [39.0])[0])
    # Impossible histories are blank.
    assert np.isnan(z[0, 1]) and np.isnan(z[5, 0])
    # Recent, frequent buyers are expected to buy most.
    assert z[39, 12] > z[20, 12] > z[5, 12]

    ax = cx.plot.frequency_recency_matrix(m, T=39, max_frequency=5, max_recency=20,
                                          metric="p_alive")
    z = np.ma.filled(ax.images[0].get_array(), np.nan)
    assert z.shape == (21, 6)
    assert z[0, 0] == 1.0  # BG/NBD: no repeat purchase, certainly alive
    assert z[10, 3] == pytest.approx(m.p_alive([3], [10], [39.0])[0], rel=1e-12)
    assert np.nanmin(z) >= 0 and np.nanmax(z) <= 1

    # Pareto/NBD and a caller's axes.
    fig, own = plt.subplots()  # type: ignore[attr-defined]
    p = cx.ParetoNbd.from_params({"r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67})
    assert cx.plot.frequency_recency_matrix(p, max_recency=10, ax=own, t=4.0) is own
    z = np.ma.filled(own.images[0].get_array(), np.nan)
    assert z[10, 10] == pytest.approx(p.expected_purchases(4.0, [10], [10], [10.0])[0])


def test_frequency_recency_matrix_errors(plt: object) -> None:
    m = cx.BgNbd.from_params(FHL)
    for kwargs, field in [({}, "T"), ({"T": 10, "metric": "clv"}, "metric"),
                          ({"T": 10, "max_recency": 11}, "max_recency"),
                          ({"T": -1.0}, "T"), ({"T": 10, "max_frequency": 0}, "max_frequency")]:
        with pytest.raises(cx.InvalidInputError) as e:
            cx.plot.frequency_recency_matrix(m, **kwargs)  # type: ignore[arg-type]
        assert e.value.field == field


def test_calibration_holdout_plots_the_comparison(plt: object) -> None:
    raw = pd.read_csv(ROOT / "examples" / "data" / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["id", "customer_id", "date", "cds", "amount"],
                      dtype={"customer_id": str, "date": str})
    raw["timestamp"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    s = cx.rfm_summary(raw, observation_end="1998-06-30", fractional=True,
                       holdout_start="1997-10-01")
    m = cx.BgNbd().fit(s["frequency"], s["recency"], s["T"])
    want = cx.holdout_comparison(m, s, 7)
    ax = cx.plot.calibration_holdout(m, s)
    actual, predicted = ax.lines[0], ax.lines[1]
    assert list(actual.get_xdata()) == list(range(8))
    np.testing.assert_allclose(actual.get_ydata(), want["actual"], rtol=1e-15)
    np.testing.assert_allclose(predicted.get_ydata(), want["predicted"], rtol=1e-15)
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "7+"
    # FHL 2005 Figure 4, frequency 0: 0.24 actual vs 0.23 predicted.
    assert actual.get_ydata()[0] == pytest.approx(0.24, abs=0.005)
    assert predicted.get_ydata()[0] == pytest.approx(0.23, abs=0.005)

    ax = cx.plot.calibration_holdout(want.head(4))
    np.testing.assert_allclose(ax.lines[1].get_ydata(), want["predicted"].head(4))
    with pytest.raises(cx.InvalidInputError) as e:
        cx.plot.calibration_holdout(m)
    assert e.value.field == "summary"
