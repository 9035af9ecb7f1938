"""pandas helpers: nps_by and nps_trend."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cx


@pytest.fixture
def df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "score": [10, 9, 3, 8, 10, 6, 9, 7, 0, 10],
            "segment": ["web", "phone", "web", "web", "chat", "phone", "web", "chat", "phone", "web"],
            "w": [1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 3.0, 1.0, 1.0, 2.0],
            "timestamp": pd.to_datetime(
                ["1997-01-01T10:00", "1997-01-05T23:59", "1997-01-06", "1997-01-31T12:00",
                 "1997-02-01", "1997-02-03T08:00", "1997-02-28T18:00", "1997-03-01",
                 "1997-03-02", "1997-03-03"],
                format="ISO8601",
            ),
        }
    )


def test_nps_by_matches_nps_per_group(df: pd.DataFrame) -> None:
    out = cx.nps_by(df, weights="w", method="adjusted_wald")
    assert list(out.index) == ["chat", "phone", "web"] and out.index.name == "segment"
    assert list(out.columns) == ["n", "score", "ci_low", "ci_high", "std_error", "promoters",
                                 "passives", "detractors", "effective_n"]
    for seg, row in out.iterrows():
        part = df[df.segment == seg]
        want = cx.nps(part.score, part.w, method="adjusted_wald")
        assert row["n"] == want.n
        assert (row["score"], row["ci_low"], row["ci_high"]) == pytest.approx(
            (want.score, *want.ci), abs=1e-12)
    assert out["n"].dtype == np.int64


def test_nps_by_numeric_keys_sort_numerically_and_drop_missing(df: pd.DataFrame) -> None:
    df = df.assign(region=[10, 2, 10, 2, None, 2, 10, 2, 2, 10])
    out = cx.nps_by(df, by="region")
    assert list(out.index) == [2.0, 10.0]
    assert out["n"].sum() == 9  # the row without a region is left out, as in groupby


def test_nps_by_error_names_the_frame_row(df: pd.DataFrame) -> None:
    df = df.assign(segment=df.segment.where(df.index != 1, None))
    df.loc[7, "score"] = 12
    with pytest.raises(cx.InvalidInputError) as info:
        cx.nps_by(df)
    assert (info.value.field, info.value.index) == ("scores", 7)
    assert "at index 7 " in str(info.value)


def test_nps_by_bad_arguments(df: pd.DataFrame) -> None:
    with pytest.raises(cx.InvalidInputError) as info:
        cx.nps_by(df, by="nope")
    assert info.value.field == "by"
    with pytest.raises(cx.InvalidTypeError) as info2:
        cx.nps_by(df.to_dict(), by="segment")  # type: ignore[arg-type]
    assert info2.value.field == "df"
    with pytest.raises(cx.InvalidTypeError):
        cx.nps_by(df, score=3)  # type: ignore[arg-type]
    with pytest.raises(cx.InvalidInputError) as info3:
        cx.nps_by(df, method="bootstrap")
    assert info3.value.field == "method"
    with pytest.raises(cx.InvalidInputError) as info4:
        cx.nps_by(df.assign(w=-df.w), weights="w")
    assert info4.value.field == "weights"
    with pytest.raises(cx.InvalidTypeError):
        cx.nps_by(df.assign(score=df.score.astype(str)))


def test_nps_trend_month_and_week(df: pd.DataFrame) -> None:
    month = cx.nps_trend(df)
    assert list(month.index.strftime("%Y-%m-%d")) == ["1997-01-01", "1997-02-01", "1997-03-01"]
    assert month.index.name == "period"
    assert month["score"].tolist() == pytest.approx([25.0, 100 * 1 / 3, 0.0], abs=1e-12)
    for alias in ("ME", "MS", "month", "m"):
        pd.testing.assert_frame_equal(cx.nps_trend(df, freq=alias), month)
    week = cx.nps_trend(df, freq="W")
    assert week.index[0].strftime("%Y-%m-%d") == "1996-12-30"  # ISO week from Monday
    pd.testing.assert_frame_equal(cx.nps_trend(df, freq="W-SUN"), week)
    assert cx.nps_trend(df, freq="D")["n"].sum() == 10


def test_nps_trend_time_zones_strings_and_missing(df: pd.DataFrame) -> None:
    # 1997-02-01 00:30 in New York is still January 31 there but February 1 in UTC... and
    # cx reports UTC periods.
    local = df.assign(timestamp=df.timestamp.dt.tz_localize("America/New_York"))
    utc = cx.nps_trend(local)
    assert utc["n"].sum() == 10
    as_text = cx.nps_trend(df.assign(timestamp=df.timestamp.astype(str)))
    pd.testing.assert_frame_equal(as_text, cx.nps_trend(df))
    missing = df.assign(timestamp=df.timestamp.where(df.index != 0))
    assert cx.nps_trend(missing)["n"].sum() == 9


@pytest.mark.filterwarnings("ignore:Could not infer format")
def test_nps_trend_bad_arguments(df: pd.DataFrame) -> None:
    with pytest.raises(cx.InvalidInputError) as info:
        cx.nps_trend(df, freq="Q")
    assert info.value.field == "freq"
    with pytest.raises(cx.InvalidTypeError):
        cx.nps_trend(df, freq=None)  # type: ignore[arg-type]
    with pytest.raises(cx.InvalidInputError) as info2:
        cx.nps_trend(df.assign(timestamp="not a time"))
    assert info2.value.field == "time"
    with pytest.raises(cx.InvalidInputError) as info3:
        cx.nps_trend(df, time="when")
    assert info3.value.field == "time"


def test_nps_by_segment_without_pandas() -> None:
    groups = cx.nps_by_segment([9, 10, 3, 8], np.array([2, 1, 2, 2]))
    assert [g for g, _ in groups] == [1, 2]
    assert groups[0][1].score == 100.0 and groups[1][1].n == 3
    with pytest.raises(cx.LengthMismatchError) as info:
        cx.nps_by_segment([9, 10], ["a"])
    assert info.value.field == "segments"
    with pytest.raises(cx.InvalidTypeError):
        cx.nps_by_segment([9, 10], ["a", None])
    with pytest.raises(cx.InvalidTypeError):
        cx.nps_by_segment([9], "a")
