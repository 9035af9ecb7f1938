//! Next best offer and feedback sentiment: the native side of `cx.co_occurrence`,
//! `cx.association_rules`, `cx.recommend`, `cx.sentiment`, `cx.sentiment_by_segment`,
//! `cx.sentiment_trend` and `cx.feedback_themes`. Every number comes from
//! `cx_core::personalize`; the pandas layer (`cx/_personalize.py`) only reshapes.
//!
//! Customer and product columns cross as `(codes, names)` like the journey labels; texts as
//! a Python sequence of `str` (anything else fails with its index).

use chrono::DateTime;
use cx_core::CxError;
use cx_core::personalize::offers::{self, Baskets, RuleOptions};
use cx_core::personalize::sentiment as vader;
use cx_core::personalize::themes::{self, ThemeOptions};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::{CxResult, IntoPyResult, detached};
use crate::input::{Freq, float_arg, uint_arg};
use crate::journey::{Labels, to_object, wrong_type};

fn baskets(customers: &Bound<'_, PyAny>, products: &Bound<'_, PyAny>) -> CxResult<Baskets> {
    let c = Labels::read(customers, "customers")?;
    let p = Labels::read(products, "products")?;
    Baskets::from_columns(&c.strs(), &p.strs())
}

fn rule_options(
    min_support: &Bound<'_, PyAny>,
    min_confidence: &Bound<'_, PyAny>,
) -> CxResult<RuleOptions> {
    Ok(RuleOptions {
        min_support: float_arg(min_support, "min_support")?,
        min_confidence: float_arg(min_confidence, "min_confidence")?,
    })
}

/// A sequence of `str`; anything else fails naming `field` and the index.
fn texts_arg(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Err(wrong_type(
            field,
            None,
            "expected a list of strings, got one string",
        ));
    }
    let iter = obj
        .try_iter()
        .map_err(|_| wrong_type(field, None, "expected a list of strings"))?;
    iter.enumerate()
        .map(|(i, x)| {
            let x = x.map_err(|e| CxError::invalid_at(field, i, "?", e.to_string()))?;
            x.cast::<PyString>().map(ToString::to_string).map_err(|_| {
                let t = x
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                wrong_type(field, Some(i), &format!("expected a string, got {t}"))
            })
        })
        .collect()
}

/// Backs `cx.co_occurrence`.
#[pyfunction]
#[pyo3(name = "_co_occurrence", signature = (customers, products))]
pub fn co_occurrence(
    py: Python<'_>,
    customers: &Bound<'_, PyAny>,
    products: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let r = baskets(customers, products)
        .map(|b| offers::co_occurrence(&b))
        .py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.association_rules`.
#[pyfunction]
#[pyo3(name = "_association_rules", signature = (customers, products, min_support, min_confidence))]
pub fn association_rules(
    py: Python<'_>,
    customers: &Bound<'_, PyAny>,
    products: &Bound<'_, PyAny>,
    min_support: &Bound<'_, PyAny>,
    min_confidence: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let o = rule_options(min_support, min_confidence)?;
        let b = baskets(customers, products)?;
        detached(py, || offers::association_rules(&b, o))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.recommend`.
#[pyfunction]
#[pyo3(
    name = "_recommend",
    signature = (customers, products, customer_ids, k, min_support, min_confidence)
)]
pub fn recommend(
    py: Python<'_>,
    customers: &Bound<'_, PyAny>,
    products: &Bound<'_, PyAny>,
    customer_ids: &Bound<'_, PyAny>,
    k: &Bound<'_, PyAny>,
    min_support: &Bound<'_, PyAny>,
    min_confidence: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let k = uint_arg(k, "k", u64::from(u32::MAX))? as usize;
        let o = rule_options(min_support, min_confidence)?;
        let ids = texts_arg(customer_ids, "customer_ids")?;
        let b = baskets(customers, products)?;
        detached(py, || offers::recommend(&b, &ids, k, o))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// One text's `(compound, pos, neu, neg, label)`.
type ScoreRow = (f64, f64, f64, f64, &'static str);

/// Backs `cx.sentiment`: a [`ScoreRow`] per text.
#[pyfunction]
#[pyo3(name = "_sentiment", signature = (texts))]
pub fn sentiment(py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<Vec<ScoreRow>> {
    let run = || -> CxResult<_> {
        let t = texts_arg(texts, "texts")?;
        detached(py, || vader::sentiment(&t))
    };
    let r = run().py_err(py)?;
    Ok(r.iter()
        .map(|s| (s.compound, s.pos, s.neu, s.neg, s.label().as_str()))
        .collect())
}

/// Backs `cx.sentiment_by_segment`.
#[pyfunction]
#[pyo3(name = "_sentiment_by_segment", signature = (texts, segments))]
pub fn sentiment_by_segment(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    segments: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let t = texts_arg(texts, "texts")?;
        let s = Labels::read(segments, "segments")?;
        let s: Vec<String> = s.strs().into_iter().map(str::to_owned).collect();
        detached(py, || vader::sentiment_by_segment(&t, &s))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.sentiment_trend`; times are int64 nanoseconds since the epoch (UTC).
#[pyfunction]
#[pyo3(name = "_sentiment_trend_ns", signature = (texts, times_ns, freq))]
pub fn sentiment_trend_ns(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    times_ns: &Bound<'_, PyAny>,
    freq: Freq,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let t = texts_arg(texts, "texts")?;
        let times: Vec<i64> = match times_ns.cast::<PyArray1<i64>>() {
            Ok(a) => a.to_vec().ok(),
            Err(_) => None,
        }
        .map_or_else(|| times_ns.extract::<Vec<i64>>(), Ok)
        .map_err(|e| CxError::invalid("times_ns", format!("expected int64 nanoseconds: {e}")))?;
        let stamps: Vec<_> = times
            .iter()
            .map(|&t| DateTime::from_timestamp_nanos(t))
            .collect();
        detached(py, || vader::sentiment_trend(&t, &stamps, freq.0))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.feedback_themes`.
#[pyfunction]
#[pyo3(name = "_feedback_themes", signature = (texts, threshold, top, min_comments))]
pub fn feedback_themes(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    threshold: &Bound<'_, PyAny>,
    top: &Bound<'_, PyAny>,
    min_comments: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let t = texts_arg(texts, "texts")?;
        let o = ThemeOptions {
            threshold: float_arg(threshold, "threshold")?,
            top: uint_arg(top, "top", u64::from(u32::MAX))? as usize,
            min_comments: uint_arg(min_comments, "min_comments", u64::from(u32::MAX))? as usize,
        };
        detached(py, || themes::feedback_themes(&t, o))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}
