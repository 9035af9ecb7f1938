//! `cx.nps`, `cx.compare_nps`, `cx.csat`, `cx.ces` and the private helpers behind
//! `cx.nps_by` / `cx.nps_trend`. Every number comes from `cx_core::survey`.

use chrono::DateTime;
use cx_core::CxError;
use cx_core::survey::{self, CesOptions, CsatOptions, IntervalMethod, NpsSummary};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;

use crate::errors::{CxResult, IntoPyResult, detached};
use crate::input::{
    Column, Freq, Level, LowIsEasy, Method, Scale, TopBox, column, nps_options, optional_column,
};
use crate::results::{CesResult, CsatResult, NpsComparison, NpsResult};
use crate::tally::NpsTally;

/// Net Promoter Score of 0–10 answers, with a confidence interval.
///
/// `scores`: whole numbers 0–10 (list, numpy array of any int/float dtype, pandas Series).
/// `weights`: optional non-negative weights; shares are weighted and the interval uses the
/// Kish effective sample size. `level`: confidence level in (0, 1). `method`: `"wald"` or
/// `"adjusted_wald"` (Rocks 2016, better for small samples).
#[pyfunction]
#[pyo3(
    signature = (scores, weights=None, level=Level(0.95), method=Method(IntervalMethod::Wald)),
    text_signature = "(scores, weights=None, level=0.95, method='wald')"
)]
pub fn nps(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    weights: Option<&Bound<'_, PyAny>>,
    level: Level,
    method: Method,
) -> PyResult<NpsResult> {
    nps_impl(py, scores, weights, level, method).py_err(py)
}

fn nps_impl(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    weights: Option<&Bound<'_, PyAny>>,
    level: Level,
    method: Method,
) -> CxResult<NpsResult> {
    let s = column(scores, "scores")?;
    let w = optional_column(weights, "weights")?;
    let options = nps_options(level, method);
    if w.is_none()
        && let Some(bytes) = s.as_u8()?
    {
        return detached(py, || {
            let mut t = survey::NpsTally::new();
            t.add_u8(bytes)?;
            t.result(options)
        })
        .map(NpsResult);
    }
    let s = s.as_f64()?;
    let w = w.as_ref().map(Column::as_f64).transpose()?;
    detached(py, || survey::nps(&s, w.as_deref(), options)).map(NpsResult)
}

/// An NPS summary from a column of scores or from an `NpsTally`.
fn summary(py: Python<'_>, obj: &Bound<'_, PyAny>, field: &str) -> CxResult<NpsSummary> {
    if let Ok(t) = obj.cast::<NpsTally>() {
        let tally = t.get().get();
        return tally.summary().map_err(|e| rename_scores(e, field));
    }
    let s = column(obj, field)?;
    if let Some(bytes) = s.as_u8()? {
        return detached(py, || {
            let mut t = survey::NpsTally::new();
            t.add_u8(bytes)?;
            t.summary()
        })
        .map_err(|e| rename_scores(e, field));
    }
    let s = s.as_f64()?;
    detached(py, || NpsSummary::from_scores(&s, None)).map_err(|e| rename_scores(e, field))
}

/// The core names its input `scores`; `compare_nps` calls them `a` and `b`.
fn rename_scores(e: CxError, field: &str) -> CxError {
    match e {
        CxError::InvalidInput {
            field: f,
            index,
            value,
            reason,
        } if f == "scores" => CxError::InvalidInput {
            field: field.into(),
            index,
            value,
            reason,
        },
        CxError::Empty {
            field: f,
            needed,
            got,
        } if f == "scores" => CxError::Empty {
            field: field.into(),
            needed,
            got,
        },
        other => other,
    }
}

/// Compares the NPS of two independent groups: difference, z test and interval.
///
/// `a` and `b` are 0–10 scores (any column type) or `NpsTally` objects. `method`
/// `"adjusted_wald"` adjusts both groups (Rocks 2016) before differencing.
#[pyfunction]
#[pyo3(
    signature = (a, b, level=Level(0.95), method=Method(IntervalMethod::Wald)),
    text_signature = "(a, b, level=0.95, method='wald')"
)]
pub fn compare_nps(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    level: Level,
    method: Method,
) -> PyResult<NpsComparison> {
    let run = || -> CxResult<NpsComparison> {
        let sa = summary(py, a, "a")?;
        let sb = summary(py, b, "b")?;
        let options = nps_options(level, method);
        crate::errors::guard(|| survey::compare_nps(&sa, &sb, options)).map(NpsComparison)
    };
    run().py_err(py)
}

/// Customer satisfaction: percent of answers in the top `top_box` of `1..=scale`, with a
/// Wilson interval (percent).
#[pyfunction]
#[pyo3(
    signature = (scores, scale=Scale(5), top_box=TopBox(2), level=Level(0.95)),
    text_signature = "(scores, scale=5, top_box=2, level=0.95)"
)]
pub fn csat(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    scale: Scale,
    top_box: TopBox,
    level: Level,
) -> PyResult<CsatResult> {
    let run = || -> CxResult<CsatResult> {
        let s = column(scores, "scores")?;
        let options = CsatOptions {
            scale: scale.0,
            top_box: top_box.0,
            level: level.0,
        };
        let s = s.as_f64()?;
        detached(py, || survey::csat(&s, options)).map(CsatResult)
    };
    run().py_err(py)
}

/// Customer effort score: mean of `1..=scale` answers with a Student-t interval, and the
/// share on the easy side of the midpoint (`low_is_easy` for scales where 1 means easy).
#[pyfunction]
#[pyo3(
    signature = (scores, scale=Scale(7), level=Level(0.95), low_is_easy=LowIsEasy(false)),
    text_signature = "(scores, scale=7, level=0.95, low_is_easy=False)"
)]
pub fn ces(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    scale: Scale,
    level: Level,
    low_is_easy: LowIsEasy,
) -> PyResult<CesResult> {
    let run = || -> CxResult<CesResult> {
        let s = column(scores, "scores")?;
        let options = CesOptions {
            scale: scale.0,
            level: level.0,
            low_is_easy: low_is_easy.0,
        };
        let s = s.as_f64()?;
        detached(py, || survey::ces(&s, options)).map(CesResult)
    };
    run().py_err(py)
}

/// NPS per group: `codes[i]` is the group of row `i` (0-based, sorted order of the labels,
/// as from `pandas.factorize(..., sort=True)`). Returns `[(code, NpsResult), ...]` in code
/// order, only for codes that occur. Backs `cx.nps_by`.
#[pyfunction]
#[pyo3(name = "_nps_by_codes", signature = (scores, codes, weights, level, method))]
pub fn nps_by_codes(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    codes: &Bound<'_, PyAny>,
    weights: Option<&Bound<'_, PyAny>>,
    level: Level,
    method: Method,
) -> PyResult<Vec<(u64, NpsResult)>> {
    let run = || -> CxResult<Vec<(u64, NpsResult)>> {
        let s = column(scores, "scores")?;
        let c = column(codes, "codes")?;
        let w = optional_column(weights, "weights")?;
        let options = nps_options(level, method);
        let s = s.as_f64()?;
        let c = c.as_f64()?;
        let w = w.as_ref().map(Column::as_f64).transpose()?;
        detached(py, || {
            // Zero-padded labels sort like the codes, so the core's label order is code order.
            let width = c.iter().fold(0.0f64, |m, &x| m.max(x)).to_string().len();
            let mut labels = Vec::with_capacity(c.len());
            for (i, &x) in c.iter().enumerate() {
                if !(x >= 0.0 && x.fract() == 0.0 && x < 4e9) {
                    return Err(CxError::invalid_at(
                        "codes",
                        i,
                        x,
                        "a group code must be a whole number >= 0",
                    ));
                }
                labels.push(format!("{:0width$}", x as u64));
            }
            let groups = survey::nps_by_segment(&s, w.as_deref(), &labels, options)?;
            groups
                .into_iter()
                .map(|g| {
                    let code = g.segment.parse::<u64>().map_err(|e| {
                        CxError::Internal(format!("group label {} is not a code: {e}", g.segment))
                    })?;
                    Ok((code, NpsResult(g.result)))
                })
                .collect()
        })
    };
    run().py_err(py)
}

/// NPS per calendar period: `times_ns[i]` is row `i`'s instant in nanoseconds since the Unix
/// epoch (UTC), `freq` one of `"D"`, `"W"` (ISO week from Monday) or `"M"`. Returns
/// `[("YYYY-MM-DD" period start, NpsResult), ...]` in time order. Backs `cx.nps_trend`.
#[pyfunction]
#[pyo3(name = "_nps_trend_ns", signature = (scores, times_ns, freq, weights, level, method))]
pub fn nps_trend_ns(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    times_ns: &Bound<'_, PyAny>,
    freq: Freq,
    weights: Option<&Bound<'_, PyAny>>,
    level: Level,
    method: Method,
) -> PyResult<Vec<(String, NpsResult)>> {
    let run = || -> CxResult<Vec<(String, NpsResult)>> {
        let s = column(scores, "scores")?;
        let w = optional_column(weights, "weights")?;
        let period = freq.0;
        let options = nps_options(level, method);
        let times: Vec<i64> = match times_ns.cast::<PyArray1<i64>>() {
            Ok(a) => a.to_vec().ok(),
            Err(_) => None,
        }
        .map_or_else(|| times_ns.extract::<Vec<i64>>(), Ok)
        .map_err(|e| CxError::invalid("times_ns", format!("expected int64 nanoseconds: {e}")))?;
        let s = s.as_f64()?;
        let w = w.as_ref().map(Column::as_f64).transpose()?;
        detached(py, || {
            let stamps: Vec<_> = times
                .iter()
                .map(|&t| DateTime::from_timestamp_nanos(t))
                .collect();
            let trend = survey::nps_trend(&s, w.as_deref(), &stamps, period, options)?;
            Ok(trend
                .into_iter()
                .map(|p| (p.period_start.to_string(), NpsResult(p.result)))
                .collect())
        })
    };
    run().py_err(py)
}
