//! Journeys: the native side of `cx.funnel`, `cx.top_paths`, `cx.transitions`,
//! `cx.sankey_edges`, `cx.channel_switching`, `cx.attribution`, `cx.response_times`,
//! `cx.cac`, `cx.conversion_rate` and `cx.unit_economics`. Every number comes from
//! `cx_core::journey`; the pandas layer (`cx/_journey.py`) only reshapes.
//!
//! Label columns (customers, events, channels, periods) cross as `(codes, names)`: the
//! `int64` codes of `pandas.factorize` and the distinct names, so no Python string is read per
//! row. Core results cross as plain dicts and lists (their serde form).

use cx_core::CxError;
use cx_core::journey::{
    self, AttributionModel, ChannelPaths, Direction, FunnelColumns, FunnelIds, FunnelOrder,
    FunnelSpec, FunnelStepSpec, PathOptions, SlaOptions, Touch, WeeklySchedule,
};
use numpy::{PyArrayMethods, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};
use serde::Serialize;
use serde_json::Value;

use crate::errors::{CxResult, IntoPyResult, WRONG_TYPE, detached};
use crate::input::{Column, Level, column, float_arg, optional_column, str_arg, uint_arg};
use crate::paths_input::{Paths, read_path_buffers, read_paths};
use crate::results::{ConversionRate, UnitEconomics};

pub(crate) fn wrong_type(field: &str, index: Option<usize>, what: &str) -> CxError {
    CxError::InvalidInput {
        field: field.into(),
        index,
        value: None,
        reason: format!("{WRONG_TYPE}{what}"),
    }
}

/// A core result as plain Python objects (dicts, lists, floats, ints, `None`).
pub(crate) fn to_object<T: Serialize>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    let v = serde_json::to_value(value)
        .map_err(|e| CxError::Internal(format!("result does not serialize: {e}")))
        .py_err(py)?;
    value_to_py(py, &v)
}

fn value_to_py(py: Python<'_>, v: &Value) -> PyResult<Py<PyAny>> {
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any().unbind()
            } else if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any().unbind()
            } else {
                n.as_f64()
                    .unwrap_or(f64::NAN)
                    .into_pyobject(py)?
                    .into_any()
                    .unbind()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(a) => {
            let items = a
                .iter()
                .map(|x| value_to_py(py, x))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any().unbind()
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(k, value_to_py(py, x)?)?;
            }
            d.into_any().unbind()
        }
    })
}

/// A label column as `(codes, names)`; `codes[i]` indexes `names` (no missing values: the
/// pandas layer reports those with their row).
pub(crate) struct Labels {
    names: Vec<String>,
    codes: Vec<u32>,
}

impl Labels {
    pub(crate) fn read(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Self> {
        let (codes, names): (PyReadonlyArray1<'_, i64>, Vec<String>) = obj
            .extract()
            .map_err(|e| CxError::Internal(format!("`{field}` is not (codes, names): {e}")))?;
        let codes = codes
            .as_slice()
            .map_err(|e| CxError::Internal(format!("`{field}` codes not contiguous: {e}")))?;
        let mut out = Vec::with_capacity(codes.len());
        for (i, &c) in codes.iter().enumerate() {
            match u32::try_from(c)
                .ok()
                .filter(|&c| (c as usize) < names.len())
            {
                Some(c) => out.push(c),
                None => return Err(CxError::invalid_at(field, i, c, "missing value")),
            }
        }
        Ok(Self { names, codes: out })
    }

    pub(crate) fn strs(&self) -> Vec<&str> {
        self.codes
            .iter()
            .map(|&c| self.names[c as usize].as_str())
            .collect()
    }
}

fn i64_array(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<i64>> {
    let a: PyReadonlyArray1<'_, i64> = obj
        .extract()
        .map_err(|e| CxError::Internal(format!("`{field}` is not an int64 array: {e}")))?;
    Ok(a.as_array().to_vec())
}

/// A whole-number column (ids, seconds): integers or whole floats; NaN and fractions fail
/// with their index.
fn int_column(obj: &Bound<'_, PyAny>, field: &str, min: f64, max: f64) -> CxResult<Vec<f64>> {
    let c = column(obj, field)?;
    let v = c.as_f64()?;
    for (i, &x) in v.iter().enumerate() {
        if !(x.fract() == 0.0 && x >= min && x <= max) {
            return Err(CxError::invalid_at(
                field,
                i,
                x,
                format!("must be a whole number from {min} to {max}"),
            ));
        }
    }
    Ok(v.into_owned())
}

/// The values of a contiguous numpy integer array, read in place and converted by `convert`
/// (`None` for a value out of range, reported with its index); `Ok(None)` for any other input
/// (lists, float arrays, strided arrays), which takes the float path.
fn int_array<O>(
    obj: &Bound<'_, PyAny>,
    field: &str,
    range: &str,
    convert: impl Fn(i128) -> Option<O> + Sync,
) -> CxResult<Option<Vec<O>>>
where
    O: Send,
{
    macro_rules! by_dtype {
        ($($t:ty),+) => {$(
            if let Ok(a) = obj.cast::<numpy::PyArray1<$t>>()
                && let Ok(r) = a.try_readonly()
                && let Ok(values) = r.as_slice()
            {
                return obj.py().detach(|| {
                    let mut out = Vec::with_capacity(values.len());
                    for (i, &x) in values.iter().enumerate() {
                        match convert(i128::from(x)) {
                            Some(o) => out.push(o),
                            None => {
                                return Err(CxError::invalid_at(
                                    field,
                                    i,
                                    x,
                                    format!("must be a whole number from {range}"),
                                ));
                            }
                        }
                    }
                    Ok(Some(out))
                });
            }
        )+};
    }
    by_dtype!(i64, i32, u32, u64, i16, u16, i8, u8);
    Ok(None)
}

/// An integer column borrowed from a contiguous numpy array of exactly type `T`, or
/// converted into an owned vector.
enum Ints<'py, T: numpy::Element> {
    Borrowed(PyReadonlyArray1<'py, T>),
    Owned(Vec<T>),
}

impl<'py, T: numpy::Element> Ints<'py, T> {
    fn read(
        obj: &Bound<'py, PyAny>,
        field: &str,
        convert: fn(&Bound<'py, PyAny>, &str) -> CxResult<Vec<T>>,
    ) -> CxResult<Self> {
        if let Ok(a) = obj.cast::<numpy::PyArray1<T>>()
            && let Ok(r) = a.try_readonly()
            && r.as_slice().is_ok()
        {
            return Ok(Self::Borrowed(r));
        }
        convert(obj, field).map(Self::Owned)
    }

    fn as_slice(&self) -> &[T] {
        match self {
            // Borrowed only after a contiguity check.
            Self::Borrowed(r) => r.as_slice().unwrap_or_default(),
            Self::Owned(v) => v,
        }
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn u32_column(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<u32>> {
    if let Some(v) = int_array(obj, field, "0 to 4294967295", |x| u32::try_from(x).ok())? {
        return Ok(v);
    }
    Ok(int_column(obj, field, 0.0, f64::from(u32::MAX))?
        .into_iter()
        .map(|x| x as u32)
        .collect())
}

#[allow(clippy::cast_possible_truncation)]
fn i64_column(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<i64>> {
    // ±2^53: every whole float in range is exact.
    const LIM: i64 = 9_007_199_254_740_992;
    if let Some(v) = int_array(obj, field, "-9007199254740992 to 9007199254740992", |x| {
        i64::try_from(x).ok().filter(|x| x.abs() <= LIM)
    })? {
        return Ok(v);
    }
    let lim = LIM as f64;
    Ok(int_column(obj, field, -lim, lim)?
        .into_iter()
        .map(|x| x as i64)
        .collect())
}

/// A duration: seconds (a whole number) or text such as `"14d"`, `"36h"`.
fn duration_arg(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<i64> {
    let rename = |e: CxError| match e {
        CxError::InvalidInput {
            index,
            value,
            reason,
            ..
        } => CxError::InvalidInput {
            field: field.into(),
            index,
            value,
            reason,
        },
        other => other,
    };
    if obj.is_instance_of::<PyString>() {
        return journey::parse_duration(&str_arg(obj, field)?).map_err(rename);
    }
    let v = float_arg(obj, field)?;
    if v.fract() != 0.0 || !(0.0..=9e15).contains(&v) {
        return Err(CxError::InvalidInput {
            field: field.into(),
            index: None,
            value: Some(v.to_string()),
            reason: "expected whole seconds >= 0 or a duration like `14d`".into(),
        });
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok(v as i64)
}

fn seq<'py>(
    o: &Bound<'py, PyAny>,
    field: &str,
    index: Option<usize>,
    what: &str,
) -> CxResult<Bound<'py, pyo3::types::PyIterator>> {
    if o.is_instance_of::<PyString>() || o.is_none() {
        return Err(wrong_type(
            field,
            index,
            &format!(
                "expected a sequence of {what}, got {}",
                o.repr().map_or_else(|_| "?".into(), |r| r.to_string())
            ),
        ));
    }
    o.try_iter()
        .map_err(|_| wrong_type(field, index, &format!("expected a sequence of {what}")))
}

/// Paths: a sequence of sequences of channel names.
fn paths_arg(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for (i, path) in seq(obj, field, None, "paths")?.enumerate() {
        let path = path.map_err(|e| CxError::invalid_at(field, i, "?", e.to_string()))?;
        let mut items = Vec::new();
        for item in seq(&path, field, Some(i), "channel names")? {
            let item = item.map_err(|e| CxError::invalid_at(field, i, "?", e.to_string()))?;
            let s = item.cast::<PyString>().map_err(|_| {
                wrong_type(
                    field,
                    Some(i),
                    &format!(
                        "a channel name must be a string, got {}",
                        item.repr().map_or_else(|_| "?".into(), |r| r.to_string())
                    ),
                )
            })?;
            items.push(s.to_string());
        }
        out.push(items);
    }
    Ok(out)
}

fn strings_arg(obj: Option<&Bound<'_, PyAny>>, field: &str) -> CxResult<Vec<String>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    if obj.is_instance_of::<PyString>() {
        return Ok(vec![str_arg(obj, field)?]);
    }
    let iter = obj
        .try_iter()
        .map_err(|_| wrong_type(field, None, "expected a list of names"))?;
    iter.enumerate()
        .map(|(i, x)| {
            let x = x.map_err(|e| CxError::invalid_at(field, i, "?", e.to_string()))?;
            x.cast::<PyString>()
                .map(ToString::to_string)
                .map_err(|_| wrong_type(field, Some(i), "expected a string"))
        })
        .collect()
}

/// Funnel steps: each a name, or `(name, [events])`, or `{"name": ..., "events": [...]}`
/// (normalized to `(name, [events])` by the pandas layer).
fn steps_arg(obj: &Bound<'_, PyAny>) -> CxResult<Vec<FunnelStepSpec>> {
    let v: Vec<(String, Vec<String>)> = obj
        .extract()
        .map_err(|e| CxError::Internal(format!("steps not normalized: {e}")))?;
    Ok(v.into_iter()
        .map(|(name, events)| FunnelStepSpec { name, events })
        .collect())
}

/// Backs `cx.funnel`.
#[pyfunction]
#[pyo3(name = "_funnel", signature = (customers, times, events, steps, window, order, exclusions, breakdown, touch))]
#[allow(clippy::too_many_arguments)]
pub fn funnel(
    py: Python<'_>,
    customers: &Bound<'_, PyAny>,
    times: &Bound<'_, PyAny>,
    events: &Bound<'_, PyAny>,
    steps: &Bound<'_, PyAny>,
    window: &Bound<'_, PyAny>,
    order: &Bound<'_, PyAny>,
    exclusions: Option<&Bound<'_, PyAny>>,
    breakdown: Option<&Bound<'_, PyAny>>,
    touch: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let c = Labels::read(customers, "customers")?;
        let t = i64_array(times, "times")?;
        let e = Labels::read(events, "events")?;
        let b = breakdown
            .filter(|b| !b.is_none())
            .map(|b| Labels::read(b, "breakdown"))
            .transpose()?;
        let spec = FunnelSpec {
            steps: steps_arg(steps)?,
            window_seconds: duration_arg(window, "window")?,
            order: str_arg(order, "order")?.parse::<FunnelOrder>()?,
            exclusions: strings_arg(exclusions, "exclusions")?,
            touch: str_arg(touch, "touch")?.parse::<Touch>()?,
        };
        detached(py, || {
            let (cs, es) = (c.strs(), e.strs());
            let bs = b.as_ref().map(Labels::strs);
            journey::funnel(&cs, &t, &es, bs.as_deref(), &spec)
        })
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.funnel_columns`: the fast path on interned ids sorted by customer then time.
#[pyfunction]
#[pyo3(name = "_funnel_columns", signature = (customers, times, events, steps, window, order, exclusions, breakdown, touch))]
#[allow(clippy::too_many_arguments)]
pub fn funnel_columns(
    py: Python<'_>,
    customers: &Bound<'_, PyAny>,
    times: &Bound<'_, PyAny>,
    events: &Bound<'_, PyAny>,
    steps: &Bound<'_, PyAny>,
    window: &Bound<'_, PyAny>,
    order: &Bound<'_, PyAny>,
    exclusions: Option<&Bound<'_, PyAny>>,
    breakdown: Option<&Bound<'_, PyAny>>,
    touch: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        // Contiguous uint32 ids and int64 times are read in place (the core checks the times
        // for the ±2^53 range every other input gets, on its pass over the rows); anything
        // else is converted.
        let c = Ints::read(customers, "customers", u32_column)?;
        let t = Ints::read(times, "times", i64_column)?;
        let e = Ints::read(events, "events", u32_column)?;
        let (c, t, e) = (c.as_slice(), t.as_slice(), e.as_slice());
        let b = breakdown
            .filter(|b| !b.is_none())
            .map(|b| u32_column(b, "breakdown"))
            .transpose()?;
        let step_ids = steps
            .try_iter()
            .map_err(|_| wrong_type("steps", None, "expected a list of id lists"))?
            .enumerate()
            .map(|(i, s)| {
                let s = s.map_err(|e| CxError::invalid_at("steps", i, "?", e.to_string()))?;
                if s.cast::<PyList>().is_err() && s.try_iter().is_err() {
                    return Ok(vec![
                        u32::try_from(uint_arg(&s, "steps", u64::from(u32::MAX))?)
                            .unwrap_or(u32::MAX),
                    ]);
                }
                u32_column(&s, "steps")
            })
            .collect::<CxResult<Vec<_>>>()?;
        let excl = match exclusions.filter(|x| !x.is_none()) {
            Some(x) => u32_column(x, "exclusions")?,
            None => Vec::new(),
        };
        let ids = FunnelIds {
            steps: step_ids,
            exclusions: excl,
            window_seconds: duration_arg(window, "window")?,
            order: str_arg(order, "order")?.parse::<FunnelOrder>()?,
            touch: str_arg(touch, "touch")?.parse::<Touch>()?,
        };
        detached(py, || {
            let cols = FunnelColumns {
                customers: c,
                times: t,
                events: e,
                breakdown: b.as_deref(),
            };
            journey::funnel_columns(&cols, &ids)
        })
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs the event-table form of the path functions: one path per customer, sorted by time.
#[pyfunction]
#[pyo3(name = "_paths_by_customer", signature = (customers, times, items))]
pub fn paths_by_customer(
    py: Python<'_>,
    customers: &Bound<'_, PyAny>,
    times: &Bound<'_, PyAny>,
    items: &Bound<'_, PyAny>,
) -> PyResult<Vec<Vec<String>>> {
    let run = || -> CxResult<_> {
        let c = Labels::read(customers, "customers")?;
        let t = i64_array(times, "times")?;
        let e = Labels::read(items, "events")?;
        detached(py, || {
            let paths = journey::paths_by_customer(&c.strs(), &t, &e.strs())?;
            Ok(paths.into_iter().map(|p| p.items).collect())
        })
    };
    run().py_err(py)
}

/// Backs `cx.top_paths`.
#[pyfunction]
#[pyo3(name = "_top_paths", signature = (paths, k, max_length, collapse_repeats))]
pub fn top_paths(
    py: Python<'_>,
    paths: &Bound<'_, PyAny>,
    k: &Bound<'_, PyAny>,
    max_length: Option<&Bound<'_, PyAny>>,
    collapse_repeats: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let p = paths_arg(paths, "paths")?;
        let k = usize::try_from(uint_arg(k, "k", u64::from(u32::MAX))?).unwrap_or(usize::MAX);
        let max_length = max_length
            .filter(|m| !m.is_none())
            .map(|m| uint_arg(m, "max_length", u64::from(u32::MAX)))
            .transpose()?
            .map(|m| usize::try_from(m).unwrap_or(usize::MAX));
        let o = PathOptions {
            max_length,
            collapse_repeats: crate::input::bool_arg(collapse_repeats, "collapse_repeats")?,
        };
        detached(py, || journey::top_paths(&p, k, o))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.transitions`.
#[pyfunction]
#[pyo3(name = "_transitions", signature = (paths, from_event, direction))]
pub fn transitions(
    py: Python<'_>,
    paths: &Bound<'_, PyAny>,
    from_event: &Bound<'_, PyAny>,
    direction: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let p = paths_arg(paths, "paths")?;
        let from = str_arg(from_event, "from_event")?;
        let d = match str_arg(direction, "direction")?.as_str() {
            "next" => Direction::Next,
            "previous" => Direction::Previous,
            other => {
                return Err(CxError::InvalidInput {
                    field: "direction".into(),
                    index: None,
                    value: Some(other.into()),
                    reason: "expected `next` or `previous`".into(),
                });
            }
        };
        detached(py, || Ok(journey::transitions(&p, &from, d)))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.sankey_edges`.
#[pyfunction]
#[pyo3(name = "_sankey_edges", signature = (paths, max_steps))]
pub fn sankey_edges(
    py: Python<'_>,
    paths: &Bound<'_, PyAny>,
    max_steps: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let p = paths_arg(paths, "paths")?;
        let m = usize::try_from(uint_arg(max_steps, "max_steps", 1 << 20)?).unwrap_or(1 << 20);
        detached(py, || Ok(journey::sankey_edges(&p, m)))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.channel_switching`.
#[pyfunction]
#[pyo3(name = "_channel_switching", signature = (paths))]
pub fn channel_switching(py: Python<'_>, paths: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let p = paths_arg(paths, "paths")?;
        detached(py, || journey::channel_switching(&p))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.attribution`: the core's full result (credits, values, removal effects).
#[pyfunction]
#[pyo3(
    name = "_attribution",
    signature = (paths, conversions, nulls, values, times, model, order, first, last, half_life, sep, path_buffers=None)
)]
#[allow(clippy::too_many_arguments)]
pub fn attribution(
    py: Python<'_>,
    paths: &Bound<'_, PyAny>,
    conversions: &Bound<'_, PyAny>,
    nulls: Option<&Bound<'_, PyAny>>,
    values: Option<&Bound<'_, PyAny>>,
    times: Option<&Bound<'_, PyAny>>,
    model: &Bound<'_, PyAny>,
    order: &Bound<'_, PyAny>,
    first: &Bound<'_, PyAny>,
    last: &Bound<'_, PyAny>,
    half_life: &Bound<'_, PyAny>,
    sep: &Bound<'_, PyAny>,
    path_buffers: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        // Channel names (or path strings) are interned: one Rust string per distinct name.
        // `path_buffers` (an Arrow string column's bytes and offsets) stands for `paths`.
        let p = match path_buffers.filter(|b| !b.is_none()) {
            Some(b) => read_path_buffers(b)?,
            None => read_paths(paths)?,
        };
        let conv = column(conversions, "conversions")?;
        let nulls = optional_column(nulls, "nulls")?;
        let values = optional_column(values, "values")?;
        let times = match times.filter(|t| !t.is_none()) {
            Some(_) if matches!(p, Paths::Strings { .. }) => {
                return Err(CxError::invalid(
                    "times",
                    "touch times need paths as lists of channels (one time per touch); \
                     path strings carry no times",
                ));
            }
            Some(t) => Some(
                t.try_iter()
                    .map_err(|_| wrong_type("times", None, "expected a list of time lists"))?
                    .enumerate()
                    .map(|(i, x)| {
                        let x =
                            x.map_err(|e| CxError::invalid_at("times", i, "?", e.to_string()))?;
                        Ok(column(&x, "times")?.as_f64()?.into_owned())
                    })
                    .collect::<CxResult<Vec<Vec<f64>>>>()?,
            ),
            None => None,
        };
        let mut m = AttributionModel::from_name(&str_arg(model, "model")?)?;
        match &mut m {
            AttributionModel::PositionBased { first: f, last: l } => {
                *f = float_arg(first, "first")?;
                *l = float_arg(last, "last")?;
            }
            AttributionModel::TimeDecay { half_life: h } => *h = float_arg(half_life, "half_life")?,
            AttributionModel::Markov { order: o } => {
                *o = usize::try_from(uint_arg(order, "order", 1 << 16)?).unwrap_or(usize::MAX);
            }
            _ => {}
        }
        let sep = str_arg(sep, "sep")?;
        let conv = conv.as_f64()?;
        let nulls = nulls.as_ref().map(Column::as_f64).transpose()?;
        let values = values.as_ref().map(Column::as_f64).transpose()?;
        detached(py, || {
            if let Some(agg) = p.aggregate(&sep, &conv, nulls.as_deref(), values.as_deref())? {
                return journey::attribution_interned(&agg.as_paths(), m);
            }
            let Paths::Lists {
                channels,
                ids,
                offsets,
            } = &p
            else {
                return Err(CxError::Internal("path strings were not aggregated".into()));
            };
            let data = ChannelPaths {
                channels,
                ids,
                offsets,
                conversions: &conv,
                nulls: nulls.as_deref(),
                values: values.as_deref(),
                times: times.as_deref(),
            };
            journey::attribution_interned(&data, m)
        })
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// `schedule`: seven `(open, close)` minute pairs (Monday first) or `None` for closed days.
fn schedule_arg(obj: &Bound<'_, PyAny>, offset: i32) -> CxResult<WeeklySchedule> {
    let v: Vec<Option<(u32, u32)>> = obj.extract().map_err(|_| {
        wrong_type(
            "schedule",
            None,
            "expected 7 (open_minute, close_minute) pairs or None, Monday first",
        )
    })?;
    let days: [Option<(u32, u32)>; 7] = v.try_into().map_err(|v: Vec<_>| {
        CxError::invalid(
            "schedule",
            format!("expected 7 days (Monday first), got {}", v.len()),
        )
    })?;
    WeeklySchedule::new(days, offset)
}

/// Optional instants per request (`None` for missing), from the pandas layer.
fn optional_times(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<Option<i64>>> {
    obj.extract()
        .map_err(|e| CxError::Internal(format!("`{field}` is not a list of int or None: {e}")))
}

/// Backs `cx.response_times`.
#[pyfunction]
#[pyo3(
    name = "_response_times",
    signature = (channels, opened, first_reply, resolved, as_of, percentiles, target, schedule, utc_offset_minutes)
)]
#[allow(clippy::too_many_arguments)]
pub fn response_times(
    py: Python<'_>,
    channels: &Bound<'_, PyAny>,
    opened: &Bound<'_, PyAny>,
    first_reply: &Bound<'_, PyAny>,
    resolved: &Bound<'_, PyAny>,
    as_of: Option<i64>,
    percentiles: &Bound<'_, PyAny>,
    target: &Bound<'_, PyAny>,
    schedule: Option<&Bound<'_, PyAny>>,
    utc_offset_minutes: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let c = Labels::read(channels, "channels")?;
        let o = i64_array(opened, "opened")?;
        let first_reply = optional_times(first_reply, "first_reply")?;
        let resolved = optional_times(resolved, "resolved")?;
        let off = float_arg(utc_offset_minutes, "utc_offset_minutes")?;
        if off.fract() != 0.0 || off.abs() > 18.0 * 60.0 {
            return Err(CxError::InvalidInput {
                field: "utc_offset_minutes".into(),
                index: None,
                value: Some(off.to_string()),
                reason: "must be whole minutes within ±18 hours".into(),
            });
        }
        #[allow(clippy::cast_possible_truncation)]
        let off = off as i32;
        let options = SlaOptions {
            as_of,
            percentiles: column(percentiles, "percentiles")?.as_f64()?.into_owned(),
            target_seconds: duration_arg(target, "target")?,
            schedule: schedule
                .filter(|s| !s.is_none())
                .map(|s| schedule_arg(s, off))
                .transpose()?,
            utc_offset_minutes: off,
        };
        detached(py, || {
            journey::response_times(&c.strs(), &o, &first_reply, &resolved, &options)
        })
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Backs `cx.cac`.
#[pyfunction]
#[pyo3(name = "_cac", signature = (channels, periods, spend, new_customers))]
pub fn cac(
    py: Python<'_>,
    channels: &Bound<'_, PyAny>,
    periods: &Bound<'_, PyAny>,
    spend: &Bound<'_, PyAny>,
    new_customers: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>> {
    let run = || -> CxResult<_> {
        let c = Labels::read(channels, "channels")?;
        let p = Labels::read(periods, "periods")?;
        let s = column(spend, "spend")?;
        let n = column(new_customers, "new_customers")?;
        let (s, n) = (s.as_f64()?, n.as_f64()?);
        detached(py, || journey::cac(&c.strs(), &p.strs(), &s, &n))
    };
    let r = run().py_err(py)?;
    to_object(py, &r)
}

/// Conversion rate (conversions ÷ visitors or recipients) with a Wilson interval.
///
/// `conversions` and `visitors` are counts (`conversions <= visitors`, `visitors > 0`);
/// `level` is the confidence level in (0, 1). Wilson (1927); Newcombe (1998), method 3.
#[pyfunction]
#[pyo3(
    signature = (conversions, visitors, level=Level(0.95)),
    text_signature = "(conversions, visitors, level=0.95)"
)]
pub fn conversion_rate(
    py: Python<'_>,
    conversions: &Bound<'_, PyAny>,
    visitors: &Bound<'_, PyAny>,
    level: Level,
) -> PyResult<ConversionRate> {
    let run = || -> CxResult<_> {
        let c = float_arg(conversions, "conversions")?;
        let v = float_arg(visitors, "visitors")?;
        crate::errors::guard(|| journey::conversion_rate(c, v, level.0)).map(ConversionRate)
    };
    run().py_err(py)
}

/// CLV:CAC ratio and, given the margin a customer brings per period, the CAC payback period
/// (in periods).
#[pyfunction]
#[pyo3(
    signature = (cac, clv, margin_per_period=None),
    text_signature = "(cac, clv, margin_per_period=None)"
)]
pub fn unit_economics(
    py: Python<'_>,
    cac: &Bound<'_, PyAny>,
    clv: &Bound<'_, PyAny>,
    margin_per_period: Option<&Bound<'_, PyAny>>,
) -> PyResult<UnitEconomics> {
    let run = || -> CxResult<_> {
        let a = float_arg(cac, "cac")?;
        let b = float_arg(clv, "clv")?;
        let m = margin_per_period
            .filter(|m| !m.is_none())
            .map(|m| float_arg(m, "margin_per_period"))
            .transpose()?;
        crate::errors::guard(|| journey::unit_economics(a, b, m)).map(UnitEconomics)
    };
    run().py_err(py)
}
