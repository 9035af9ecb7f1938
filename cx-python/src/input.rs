//! Python values → validated Rust inputs.
//!
//! A column (scores, weights) can be a list or any iterable of numbers, a numpy array of any
//! integer or float dtype, or anything with `__array__` (a pandas Series). Contiguous
//! `float64` and `uint8` arrays are borrowed without copying; other numeric dtypes are cast
//! to `float64` by numpy. Everything else fails with a `cx.InvalidInputError` naming the
//! argument (and the index of the bad element, when there is one).

use std::borrow::Cow;

use cx_core::CxError;
use cx_core::survey::{IntervalMethod, NpsOptions, Period};
use numpy::{
    PyArray1, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray1, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyInt, PyString};

use crate::errors::{CxResult, WRONG_TYPE, to_py};

/// A numeric column read from Python, borrowed when the layout allows.
pub enum Column<'py> {
    /// A contiguous `float64` array, read in place (the caller's, or numpy's cast of it).
    F64(PyReadonlyArray1<'py, f64>),
    /// A contiguous `uint8` array, read in place (the NPS tally's fast path).
    U8(PyReadonlyArray1<'py, u8>),
    /// An integer array whose values all fit a byte, narrowed (a copy) so that NPS takes the
    /// byte fast path; pandas' default `int64` columns of 0–10 scores land here.
    Bytes(Vec<u8>),
    /// Values copied out of a list, an iterable, or an array of another dtype.
    Owned(Vec<f64>),
}

impl Column<'_> {
    /// The values as `f64`, borrowed unless the column holds bytes.
    pub fn as_f64(&self) -> CxResult<Cow<'_, [f64]>> {
        Ok(match self {
            Self::F64(a) => Cow::Borrowed(slice(a)?),
            Self::U8(a) => Cow::Owned(slice(a)?.iter().map(|&b| f64::from(b)).collect()),
            Self::Bytes(v) => Cow::Owned(v.iter().map(|&b| f64::from(b)).collect()),
            Self::Owned(v) => Cow::Borrowed(v),
        })
    }

    /// The values as bytes when the column is a `uint8` array.
    pub fn as_u8(&self) -> CxResult<Option<&[u8]>> {
        match self {
            Self::U8(a) => slice(a).map(Some),
            Self::Bytes(v) => Ok(Some(v)),
            _ => Ok(None),
        }
    }
}

fn slice<'a, T: numpy::Element>(a: &'a PyReadonlyArray1<'_, T>) -> CxResult<&'a [T]> {
    // Arrays become `F64`/`U8` only after a contiguity check, so this cannot fail.
    a.as_slice()
        .map_err(|e| CxError::Internal(format!("contiguous array lost its layout: {e}")))
}

fn wrong_type(field: &str, index: Option<usize>, what: &str) -> CxError {
    CxError::InvalidInput {
        field: field.into(),
        index,
        value: None,
        reason: format!("{WRONG_TYPE}{what}"),
    }
}

/// Short description of a Python value for error messages, e.g. `str 'ten'`.
fn describe(obj: &Bound<'_, PyAny>) -> String {
    let type_name = obj
        .get_type()
        .name()
        .map_or_else(|_| "object".to_string(), |n| n.to_string());
    let shown = obj.repr().map_or_else(|_| "?".into(), |r| r.to_string());
    let shown = if shown.chars().count() > 40 {
        format!("{}...", shown.chars().take(40).collect::<String>())
    } else {
        shown
    };
    format!("{type_name} {shown}")
}

/// Reads a one-dimensional numeric column named `field`.
pub fn column<'py>(obj: &Bound<'py, PyAny>, field: &str) -> CxResult<Column<'py>> {
    if obj.is_none() || obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(wrong_type(
            field,
            None,
            &format!("expected a sequence of numbers, got {}", describe(obj)),
        ));
    }
    if let Ok(arr) = obj.cast::<PyUntypedArray>() {
        return array_column(arr, field);
    }
    if !obj.is_instance_of::<pyo3::types::PyList>()
        && !obj.is_instance_of::<pyo3::types::PyTuple>()
        && obj.hasattr("__array__").unwrap_or(false)
    {
        // pandas Series, pandas/arrow extension arrays, array-likes: let numpy convert.
        let np = obj
            .py()
            .import("numpy")
            .map_err(|e| CxError::Internal(format!("numpy import failed: {e}")))?;
        let arr = np.call_method1("asarray", (obj,)).map_err(|e| {
            wrong_type(
                field,
                None,
                &format!("cannot convert {} to an array: {e}", describe(obj)),
            )
        })?;
        if let Ok(arr) = arr.cast::<PyUntypedArray>() {
            return array_column(arr, field);
        }
    }
    iter_column(obj, field).map(Column::Owned)
}

fn array_column<'py>(arr: &Bound<'py, PyUntypedArray>, field: &str) -> CxResult<Column<'py>> {
    if arr.ndim() != 1 {
        return Err(CxError::invalid(
            field,
            format!(
                "expected a one-dimensional array, got shape ({})",
                arr.shape()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let dtype = arr.dtype();
    match dtype.kind() {
        b'f' | b'i' | b'u' => {}
        // Object arrays (mixed values, pandas NA) are read element by element, so a bad
        // element is reported with its index.
        b'O' => return iter_column(arr.as_any(), field).map(Column::Owned),
        _ => {
            let name = dtype.str().map_or_else(|_| "?".into(), |s| s.to_string());
            return Err(wrong_type(
                field,
                None,
                &format!("expected an array of numbers, got dtype {name}"),
            ));
        }
    }
    if let Ok(a) = arr.cast::<PyArray1<f64>>()
        && a.is_contiguous()
        && let Ok(r) = a.try_readonly()
    {
        return Ok(Column::F64(r));
    }
    if let Ok(a) = arr.cast::<PyArray1<u8>>()
        && a.is_contiguous()
        && let Ok(r) = a.try_readonly()
    {
        return Ok(Column::U8(r));
    }
    if dtype.kind() != b'f'
        && let Some(bytes) = narrow_ints(arr)
    {
        return Ok(Column::Bytes(bytes));
    }
    // Any other integer or float dtype, byte order or stride: numpy casts to a fresh,
    // contiguous float64 array (a copy).
    let cast = arr
        .as_any()
        .call_method1("astype", ("float64",))
        .and_then(|c| Ok(c.cast_into::<PyArray1<f64>>()?))
        .map_err(|e| wrong_type(field, None, &format!("cannot read as float64: {e}")))?;
    let r = cast
        .try_readonly()
        .map_err(|e| CxError::Internal(format!("fresh array is borrowed: {e}")))?;
    if r.as_slice().is_err() {
        return Err(CxError::Internal(
            "fresh float64 array is not contiguous".into(),
        ));
    }
    Ok(Column::F64(r))
}

/// The values of a contiguous native-endian integer array as bytes, or `None` when the dtype
/// is another one or some value does not fit a byte (then the float path reports it).
fn narrow_ints(arr: &Bound<'_, PyUntypedArray>) -> Option<Vec<u8>> {
    let (py, dtype) = (arr.py(), arr.dtype());
    // Two branch-free passes (min/max, then a narrowing cast) vectorize; a fallible
    // element-by-element conversion does not.
    macro_rules! by_dtype {
        ($($t:ty),+) => {$(
            if dtype.is_equiv_to(&numpy::dtype::<$t>(py)) {
                let a = arr.cast::<PyArray1<$t>>().ok()?;
                let r = a.try_readonly().ok()?;
                let values = r.as_slice().ok()?; // fails unless contiguous
                return py.detach(|| {
                    let (lo, hi) = values
                        .iter()
                        .fold((<$t>::MAX, <$t>::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
                    let fits = values.is_empty() || (u8::try_from(lo).is_ok() && u8::try_from(hi).is_ok());
                    fits.then(|| values.iter().map(|&v| v as u8).collect())
                });
            }
        )+};
    }
    by_dtype!(i64, i32, i16, i8, u64, u32, u16);
    None
}

/// Reads any iterable of Python numbers; `bool`, `str`, `None` and other objects fail with
/// the element's index.
fn iter_column(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<Vec<f64>> {
    let iter = obj.try_iter().map_err(|_| {
        wrong_type(
            field,
            None,
            &format!("expected a sequence of numbers, got {}", describe(obj)),
        )
    })?;
    let mut out = Vec::with_capacity(obj.len().unwrap_or(0));
    for (i, item) in iter.enumerate() {
        let item = item.map_err(|e| {
            CxError::invalid_at(field, i, "?", format!("reading the element failed: {e}"))
        })?;
        out.push(number(&item, field, Some(i))?);
    }
    Ok(out)
}

/// One Python number as `f64`; `bool`, `str`, `None` and objects without `__float__` fail.
fn number(item: &Bound<'_, PyAny>, field: &str, index: Option<usize>) -> CxResult<f64> {
    if let Ok(f) = item.cast::<PyFloat>() {
        return Ok(f.value());
    }
    if item.is_instance_of::<PyBool>()
        || item.is_instance_of::<PyString>()
        || item.is_instance_of::<PyBytes>()
        || item.is_none()
    {
        return Err(wrong_type(
            field,
            index,
            &format!("expected a number, got {}", describe(item)),
        ));
    }
    if item.is_instance_of::<PyInt>() {
        // Python ints are unbounded; one that does not fit a float is out of any scale.
        return item.extract::<f64>().map_err(|_| CxError::InvalidInput {
            field: field.into(),
            index,
            value: Some(describe(item)),
            reason: "integer too large".into(),
        });
    }
    // numpy scalars, Decimal, Fraction: anything that implements `__float__` or `__index__`.
    item.extract::<f64>().map_err(|_| {
        wrong_type(
            field,
            index,
            &format!("expected a number, got {}", describe(item)),
        )
    })
}

/// An optional column: `None` means absent.
pub fn optional_column<'py>(
    obj: Option<&Bound<'py, PyAny>>,
    field: &str,
) -> CxResult<Option<Column<'py>>> {
    match obj {
        Some(o) if !o.is_none() => column(o, field).map(Some),
        _ => Ok(None),
    }
}

/// A float argument such as `level`.
pub fn float_arg(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<f64> {
    number(obj, field, None)
}

/// A whole-number argument such as `scale`, in `0..=max`.
pub fn uint_arg(obj: &Bound<'_, PyAny>, field: &str, max: u64) -> CxResult<u64> {
    let bad = |reason: String| CxError::InvalidInput {
        field: field.into(),
        index: None,
        value: Some(describe(obj)),
        reason,
    };
    if obj.is_instance_of::<PyBool>() || !obj.hasattr("__index__").unwrap_or(false) {
        return Err(wrong_type(
            field,
            None,
            &format!("expected an integer, got {}", describe(obj)),
        ));
    }
    let v: i128 = obj
        .extract()
        .map_err(|_| bad(format!("must be an integer from 0 to {max}")))?;
    u64::try_from(v)
        .ok()
        .filter(|&v| v <= max)
        .ok_or_else(|| bad(format!("must be an integer from 0 to {max}")))
}

/// A boolean argument such as `low_is_easy` (only `True`/`False`, numpy bools included).
pub fn bool_arg(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<bool> {
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(b.is_true());
    }
    // numpy.bool_ is not a subclass of bool.
    let type_name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_default();
    if (type_name == "bool" || type_name == "bool_")
        && let Ok(b) = obj.is_truthy()
    {
        return Ok(b);
    }
    Err(wrong_type(
        field,
        None,
        &format!("expected True or False, got {}", describe(obj)),
    ))
}

/// A string argument such as `method` or `freq`.
pub fn str_arg(obj: &Bound<'_, PyAny>, field: &str) -> CxResult<String> {
    obj.cast::<PyString>()
        .map(ToString::to_string)
        .map_err(|_| {
            wrong_type(
                field,
                None,
                &format!("expected a string, got {}", describe(obj)),
            )
        })
}

/// Declares an argument type whose extraction fails with a `cx` exception naming `field`.
macro_rules! arg_type {
    ($(#[$doc:meta])* $name:ident($t:ty), $field:literal, |$obj:ident, $f:ident| $conv:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name(pub $t);

        impl<'a, 'py> FromPyObject<'a, 'py> for $name {
            type Error = PyErr;
            fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
                let $obj: &Bound<'py, PyAny> = &obj;
                let $f: &str = $field;
                let value: CxResult<$t> = $conv;
                value.map($name).map_err(|e| to_py(obj.py(), &e))
            }
        }
    };
}

arg_type!(
    /// `level`: a confidence level (checked by the core: strictly between 0 and 1).
    Level(f64), "level", |o, f| float_arg(o, f)
);
arg_type!(
    /// `method`: `"wald"` or `"adjusted_wald"`.
    Method(IntervalMethod), "method", |o, f| str_arg(o, f).and_then(|s| s.parse::<IntervalMethod>())
);
arg_type!(
    /// `scale`: the highest answer of a `1..=scale` rating scale.
    Scale(u32), "scale", |o, f| uint_arg(o, f, u64::from(u32::MAX)).map(|v| v as u32)
);
arg_type!(
    /// `top_box`: how many top answers count as satisfied.
    TopBox(u32), "top_box", |o, f| uint_arg(o, f, u64::from(u32::MAX)).map(|v| v as u32)
);
arg_type!(
    /// `low_is_easy`: whether a low CES answer means little effort.
    LowIsEasy(bool), "low_is_easy", |o, f| bool_arg(o, f)
);
arg_type!(
    /// `freq`: a calendar period, `"D"`, `"W"` or `"M"`.
    Freq(Period), "freq", |o, f| str_arg(o, f).and_then(|s| s.parse::<Period>())
);

/// NPS options from the `level` and `method` arguments.
pub fn nps_options(level: Level, method: Method) -> NpsOptions {
    NpsOptions {
        level: level.0,
        method: method.0,
    }
}
