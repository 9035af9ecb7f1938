"""cx.plot: the plotted data are cx's numbers; matplotlib stays optional."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import cx

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import cx.plot  # noqa: E402

ACTIVITY = pd.DataFrame({
    "customer_id": ["a", "a", "a", "b", "b", "c", "d"],
    "timestamp": ["2024-01-05", "2024-02-10", "2024-03-01", "2024-01-31", "2024-03-15",
                  "2024-02-01", "2024-03-20"],
})


def test_survival_steps_through_the_table() -> None:
    km = cx.kaplan_meier([6, 6, 6, 7, 10, 3], [1, 1, 0, 1, 0, 1])
    fig, ax = plt.subplots()
    out = cx.plot.survival(km, ax=ax, label="all")
    assert out is ax
    (line,) = ax.get_lines()
    assert line.get_drawstyle() == "steps-post"
    np.testing.assert_array_equal(line.get_xdata(), [0.0, *km.table.index])
    np.testing.assert_array_equal(line.get_ydata(), [1.0, *km.table["survival"]])
    # The band spans the interval columns.
    (band,) = ax.collections
    verts = np.concatenate([p.vertices for p in band.get_paths()])
    assert np.isclose(verts[:, 1].min(), km.table["ci_low"].min())
    assert np.isclose(verts[:, 1].max(), 1.0)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["all"]
    plt.close(fig)


def test_survival_of_segments_and_without_band() -> None:
    curves = cx.kaplan_meier_by_segment([1, 2, 3, 4, 2, 5], [1, 1, 0, 1, 1, 1],
                                        ["x", "x", "x", "y", "y", "y"])
    fig, ax = plt.subplots()
    cx.plot.survival(curves, ax=ax, ci=False)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["x", "y"]
    for ln, km in zip(lines, curves.values()):
        np.testing.assert_array_equal(ln.get_ydata(), [1.0, *km.table["survival"]])
    assert not ax.collections
    with pytest.raises(TypeError, match="cx.KaplanMeier"):
        cx.plot.survival([1, 2, 3], ax=ax)
    plt.close(fig)


def test_cohort_heatmap_shows_the_shares() -> None:
    t = cx.cohort_table(ACTIVITY, freq="M")
    fig, ax = plt.subplots()
    cx.plot.cohort_heatmap(t, ax=ax)
    (image,) = ax.get_images()
    arr = image.get_array()
    np.testing.assert_array_equal(arr.mask, t.shares.isna().to_numpy())
    np.testing.assert_allclose(arr.filled(np.nan), 100 * t.shares.to_numpy())
    assert [x.get_text() for x in ax.get_yticklabels()] == ["2024-01-01", "2024-02-01",
                                                           "2024-03-01"]
    texts = [x.get_text() for x in ax.texts]
    assert texts[0] == "100%" and len(texts) == int(t.shares.notna().to_numpy().sum())
    fig2, ax2 = plt.subplots()
    cx.plot.cohort_heatmap(t, ax=ax2, values="count", annotate=False, colorbar=False)
    np.testing.assert_allclose(ax2.get_images()[0].get_array().filled(np.nan),
                               t.counts.to_numpy())
    with pytest.raises(ValueError, match="share"):
        cx.plot.cohort_heatmap(t, ax=ax2, values="rate")
    plt.close("all")


def test_matplotlib_stays_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    code = "import sys, cx; assert 'matplotlib' not in sys.modules, 'import cx loaded matplotlib'"
    subprocess.run([sys.executable, "-c", code], check=True)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install 'cxkit\[plot\]'"):
        cx.plot.survival(cx.kaplan_meier([1, 2, 3]))
