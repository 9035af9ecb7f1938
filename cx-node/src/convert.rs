//! JavaScript values in, checked Rust values out; `CxError` out as a JS `Error` with a `code`.
//!
//! Every check here only decides whether a JS value has the right *type*; whether a number
//! is a valid score, level or weight is the core's decision.

use std::borrow::Cow;

use cx_core::CxError;
use cx_core::survey::{IntervalMethod, NpsOptions, NpsSummary, NpsTally};
use cx_js::{js_field, js_message};
use napi::bindgen_prelude::{
    Array, Float64ArraySlice, FromNapiValue, JsValue, Object, TypedArray, TypedArrayType,
    Uint8ArraySlice, Unknown, ValueType,
};
use napi::{Env, JsError};

/// Largest count a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_COUNT: u64 = (1 << 53) - 1;

/// Throws `e` as a JS `Error` with `code` (`CX_...`), `field` and `index` when the error
/// names them, and the core's message; returns the error napi then passes through.
fn throw(env: Env, e: &CxError) -> napi::Error<String> {
    let err = napi::Error::new(e.code().to_string(), js_message(e));
    let thrown = (|| -> napi::Result<()> {
        let value = JsError::from(napi::Error::new(e.code(), js_message(e))).into_unknown(env);
        let mut obj = Object::from_unknown(value)?;
        if let Some(field) = js_field(e) {
            obj.set("field", field)?;
        }
        if let CxError::InvalidInput { index: Some(i), .. } = e {
            obj.set("index", *i as f64)?;
        }
        env.throw(value)
    })();
    // If building the rich error failed, napi throws `err` (code and message) instead.
    let _ = thrown;
    err
}

/// Runs `f`, throwing its `CxError` as a JS error (napi rethrows the pending exception).
/// A panic inside `f` (a bug in cx) is caught here and thrown as `CX_INTERNAL`, so it never
/// unwinds into Node-API (which would abort the process).
pub fn run<T>(env: Env, f: impl FnOnce() -> Result<T, CxError>) -> napi::Result<T, String> {
    guard(f).map_err(|e| throw(env, &e))
}

/// Runs `f`, turning a panic into [`CxError::Internal`] with the panic message.
pub fn guard<T>(f: impl FnOnce() -> Result<T, CxError>) -> Result<T, CxError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(CxError::Internal(format!("panic: {what}")))
    })
}

/// A napi failure (e.g. a getter that threw) reported through the core's error type.
pub fn napi_err(e: &napi::Error) -> CxError {
    CxError::Internal(format!("Node-API call failed: {e}"))
}

/// A short description of a JS value for messages: `"9"`, `null`, `an object`.
fn describe(v: Unknown<'_>) -> String {
    match v.get_type() {
        Ok(ValueType::Number) => f64::from_unknown(v).map_or("a number".into(), |x| x.to_string()),
        Ok(ValueType::String) => String::from_unknown(v).map_or("a string".into(), |s| {
            let short: String = s.chars().take(40).collect();
            format!("{short:?}")
        }),
        Ok(ValueType::Boolean) => {
            bool::from_unknown(v).map_or("a boolean".into(), |b| b.to_string())
        }
        Ok(ValueType::Null) => "null".into(),
        Ok(ValueType::Undefined) => "undefined".into(),
        Ok(ValueType::Object) if v.is_array().unwrap_or(false) => "an array".into(),
        Ok(ValueType::Object) if v.is_typedarray().unwrap_or(false) => TypedArray::from_unknown(v)
            .map_or("a typed array".into(), |t| {
                format!("{}Array", t.typed_array_type.as_ref())
            }),
        Ok(ValueType::Object) => "an object".into(),
        Ok(ValueType::Function) => "a function".into(),
        Ok(other) => format!("a {}", format!("{other}").to_lowercase()),
        Err(_) => "an unreadable value".into(),
    }
}

/// Scores or weights as given: borrowed typed-array memory when possible.
pub enum Numbers<'a> {
    /// A `Float64Array`, read in place.
    F64(Float64ArraySlice<'a>),
    /// A `Uint8Array` (or Node `Buffer`), read in place; NPS counts it on the byte fast path.
    U8(Uint8ArraySlice<'a>),
    /// A plain array of numbers, copied.
    Owned(Vec<f64>),
}

impl Numbers<'_> {
    /// The values as `f64` (a copy only for `Uint8Array`).
    pub fn to_f64(&self) -> Cow<'_, [f64]> {
        match self {
            Self::F64(s) => Cow::Borrowed(s),
            Self::U8(s) => Cow::Owned(s.iter().map(|&b| f64::from(b)).collect()),
            Self::Owned(v) => Cow::Borrowed(v),
        }
    }
}

const NUMBERS_EXPECTED: &str = "expected an array of numbers, a Float64Array or a Uint8Array";

/// Reads an array of numbers, a `Float64Array` or a `Uint8Array`; anything else is
/// `CX_INVALID_INPUT` naming `field` (and the index of a non-number element).
pub fn numbers<'a>(field: &str, v: Unknown<'a>) -> Result<Numbers<'a>, CxError> {
    let bad_type = || CxError::InvalidInput {
        field: field.into(),
        index: None,
        value: Some(describe(v)),
        reason: NUMBERS_EXPECTED.into(),
    };
    if v.get_type().map_err(|e| napi_err(&e))? != ValueType::Object {
        return Err(bad_type());
    }
    if v.is_typedarray().map_err(|e| napi_err(&e))? {
        let t = TypedArray::from_unknown(v).map_err(|e| napi_err(&e))?;
        return match t.typed_array_type {
            TypedArrayType::Float64 => Float64ArraySlice::from_unknown(v)
                .map(Numbers::F64)
                .map_err(|e| napi_err(&e)),
            TypedArrayType::Uint8 => Uint8ArraySlice::from_unknown(v)
                .map(Numbers::U8)
                .map_err(|e| napi_err(&e)),
            _ => Err(bad_type()),
        };
    }
    if !v.is_array().map_err(|e| napi_err(&e))? {
        return Err(bad_type());
    }
    let arr = Array::from_unknown(v).map_err(|e| napi_err(&e))?;
    let mut out = Vec::with_capacity(arr.len() as usize);
    for i in 0..arr.len() {
        let item = arr.get::<Unknown>(i).map_err(|e| napi_err(&e))?;
        let x = match item {
            Some(u) if u.get_type().map_err(|e| napi_err(&e))? == ValueType::Number => {
                f64::from_unknown(u).map_err(|e| napi_err(&e))?
            }
            Some(u) => {
                return Err(CxError::invalid_at(
                    field,
                    i as usize,
                    describe(u),
                    "must be a number",
                ));
            }
            None => {
                return Err(CxError::invalid_at(
                    field,
                    i as usize,
                    "empty slot",
                    "must be a number",
                ));
            }
        };
        out.push(x);
    }
    Ok(Numbers::Owned(out))
}

/// An options object (`undefined` and `null` mean "all defaults").
pub struct Options<'a> {
    obj: Option<Object<'a>>,
}

impl<'a> Options<'a> {
    /// Reads an options object, rejecting keys outside `allowed` (catches `top_box` for
    /// `topBox`).
    pub fn read(v: Option<Unknown<'a>>, allowed: &[&str]) -> Result<Self, CxError> {
        let Some(v) = v else {
            return Ok(Self { obj: None });
        };
        match v.get_type().map_err(|e| napi_err(&e))? {
            ValueType::Undefined | ValueType::Null => return Ok(Self { obj: None }),
            ValueType::Object if !v.is_array().map_err(|e| napi_err(&e))? => {}
            _ => {
                return Err(CxError::InvalidInput {
                    field: "options".into(),
                    index: None,
                    value: Some(describe(v)),
                    reason: "expected an options object".into(),
                });
            }
        }
        let obj = Object::from_unknown(v).map_err(|e| napi_err(&e))?;
        for key in Object::keys(&obj).map_err(|e| napi_err(&e))? {
            if !allowed.contains(&key.as_str()) {
                return Err(CxError::InvalidInput {
                    field: "options".into(),
                    index: None,
                    value: Some(format!("{key:?}")),
                    reason: format!("unknown option; expected one of: {}", allowed.join(", ")),
                });
            }
        }
        Ok(Self { obj: Some(obj) })
    }

    /// The value of `key`, `None` when absent, `undefined` or `null`.
    pub fn get(&self, key: &str) -> Result<Option<Unknown<'a>>, CxError> {
        let Some(obj) = &self.obj else {
            return Ok(None);
        };
        let v: Option<Unknown<'a>> = obj.get(key).map_err(|e| napi_err(&e))?;
        Ok(match v {
            Some(u)
                if matches!(
                    u.get_type().map_err(|e| napi_err(&e))?,
                    ValueType::Undefined | ValueType::Null
                ) =>
            {
                None
            }
            other => other,
        })
    }

    fn typed<T: FromNapiValue>(
        &self,
        key: &str,
        want: ValueType,
        what: &str,
    ) -> Result<Option<T>, CxError> {
        let Some(u) = self.get(key)? else {
            return Ok(None);
        };
        if u.get_type().map_err(|e| napi_err(&e))? != want {
            return Err(CxError::InvalidInput {
                field: key.into(),
                index: None,
                value: Some(describe(u)),
                reason: format!("expected {what}"),
            });
        }
        T::from_unknown(u).map(Some).map_err(|e| napi_err(&e))
    }

    /// A number option.
    pub fn number(&self, key: &str) -> Result<Option<f64>, CxError> {
        self.typed(key, ValueType::Number, "a number")
    }

    /// A boolean option.
    pub fn boolean(&self, key: &str) -> Result<Option<bool>, CxError> {
        self.typed(key, ValueType::Boolean, "true or false")
    }

    /// A string option.
    pub fn string(&self, key: &str) -> Result<Option<String>, CxError> {
        self.typed(key, ValueType::String, "a string")
    }

    /// A whole-number option from 0 to 2³² − 1 (scale sizes).
    pub fn whole(&self, key: &str) -> Result<Option<u32>, CxError> {
        let Some(x) = self.number(key)? else {
            return Ok(None);
        };
        if x.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&x) {
            Ok(Some(x as u32))
        } else {
            Err(CxError::InvalidInput {
                field: key.into(),
                index: None,
                value: Some(x.to_string()),
                reason: "expected a whole number".into(),
            })
        }
    }

    /// An optional array of numbers.
    pub fn numbers(&self, key: &str) -> Result<Option<Numbers<'a>>, CxError> {
        self.get(key)?.map(|u| numbers(key, u)).transpose()
    }

    /// `level` and `method` as core NPS options.
    pub fn nps(&self) -> Result<NpsOptions, CxError> {
        let mut o = NpsOptions::default();
        if let Some(level) = self.number("level")? {
            o.level = level;
        }
        if let Some(m) = self.string("method")? {
            o.method = m.parse::<IntervalMethod>()?;
        }
        Ok(o)
    }
}

/// A count from JS: a whole number from 0 to `Number.MAX_SAFE_INTEGER`.
fn count(field: &str, v: Option<Unknown<'_>>) -> Result<u64, CxError> {
    let bad = |value: String| CxError::InvalidInput {
        field: field.into(),
        index: None,
        value: Some(value),
        reason: "a count must be a whole number from 0 to 2^53 - 1".into(),
    };
    let Some(u) = v else {
        return Err(bad("undefined".into()));
    };
    if u.get_type().map_err(|e| napi_err(&e))? != ValueType::Number {
        return Err(bad(describe(u)));
    }
    let x = f64::from_unknown(u).map_err(|e| napi_err(&e))?;
    if x.fract() == 0.0 && (0.0..=MAX_COUNT as f64).contains(&x) {
        Ok(x as u64)
    } else {
        Err(bad(x.to_string()))
    }
}

/// Reads `{promoters, passives, detractors}` from an `NpsTally` or its document (checking
/// `format_version` and `model` when present; the plain counts of older versions load).
pub fn tally_counts(field: &str, v: Unknown<'_>) -> Result<NpsTally, CxError> {
    let is_object = v.get_type().map_err(|e| napi_err(&e))? == ValueType::Object
        && !v.is_array().map_err(|e| napi_err(&e))?
        && !v.is_typedarray().map_err(|e| napi_err(&e))?;
    if !is_object {
        return Err(CxError::InvalidInput {
            field: field.into(),
            index: None,
            value: Some(describe(v)),
            reason: "expected an NpsTally or {promoters, passives, detractors}".into(),
        });
    }
    let obj = Object::from_unknown(v).map_err(|e| napi_err(&e))?;
    let key = |k: &str| -> Result<cx_js::val::Val, CxError> {
        match obj.get::<Unknown>(k).map_err(|e| napi_err(&e))? {
            Some(u) => crate::api::to_val(field, u),
            None => Ok(cx_js::val::Val::Undefined),
        }
    };
    cx_js::model::check_envelope::<NpsTally>(field, &key("format_version")?, &key("model")?)?;
    let get = |k: &str| -> Result<u64, CxError> {
        count(k, obj.get::<Unknown>(k).map_err(|e| napi_err(&e))?)
    };
    Ok(NpsTally::from_counts(
        get("promoters")?,
        get("passives")?,
        get("detractors")?,
    ))
}

/// Adds `other` to `t` unless a count would pass `Number.MAX_SAFE_INTEGER`.
pub fn merge_checked(t: &mut NpsTally, other: &NpsTally) -> Result<(), CxError> {
    let sum = |a: u64, b: u64, field: &str| {
        a.checked_add(b).filter(|&s| s <= MAX_COUNT).ok_or_else(|| {
            CxError::invalid(field, "merged count would exceed 2^53 - 1 (exact in JS)")
        })
    };
    *t = NpsTally::from_counts(
        sum(t.promoters, other.promoters, "promoters")?,
        sum(t.passives, other.passives, "passives")?,
        sum(t.detractors, other.detractors, "detractors")?,
    );
    Ok(())
}

/// Counts scores into `t` (bytes on the fast path); nothing is added on error.
pub fn add_numbers(t: &mut NpsTally, scores: &Numbers<'_>) -> Result<(), CxError> {
    let mut add = NpsTally::new();
    match scores {
        Numbers::U8(b) => add.add_u8(b)?,
        other => add.add_scores(&other.to_f64())?,
    }
    merge_checked(t, &add)
}

/// The summary of one group for `compareNps`: scores or a tally.
pub fn group_summary(field: &str, v: Unknown<'_>) -> Result<NpsSummary, CxError> {
    let is_list =
        v.is_array().map_err(|e| napi_err(&e))? || v.is_typedarray().map_err(|e| napi_err(&e))?;
    let is_object = v.get_type().map_err(|e| napi_err(&e))? == ValueType::Object;
    let summary = if is_object && !is_list {
        tally_counts(field, v)?.summary()
    } else {
        match numbers(field, v)? {
            Numbers::U8(b) => {
                let mut t = NpsTally::new();
                t.add_u8(&b).and_then(|()| t.summary())
            }
            other => NpsSummary::from_scores(&other.to_f64(), None),
        }
    };
    summary.map_err(|e| cx_js::args::rename(e, "scores", field))
}
