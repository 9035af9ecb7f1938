//! JavaScript values in, checked Rust values out; `CxError` out as a JS `Error` with a `code`.
//!
//! Every check here only decides whether a JS value has the right *type*; whether a number
//! is a valid score, level or weight is the core's decision. Nothing here may panic: the
//! wasm build aborts on panic, which poisons the instance (see [`run`]).

use cx_core::CxError;
use cx_core::survey::{IntervalMethod, NpsOptions, NpsSummary, NpsTally};
use cx_js::{js_field, js_message};
use js_sys::{Array, ArrayBuffer, Float64Array, Object, Reflect, Uint8Array};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::{JsCast, JsValue};

/// Largest count a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_COUNT: u64 = (1 << 53) - 1;

/// A `CxError` as a thrown JS `Error`: `code` (`CX_...`), `field` and `index` when the
/// error names them, and the core's message with the field spelled the JS way.
pub fn to_js(e: &CxError) -> JsValue {
    let err = js_sys::Error::new(&js_message(e));
    // Setting properties on a fresh Error cannot fail; ignore the impossible errors.
    let _ = Reflect::set(&err, &"code".into(), &e.code().into());
    if let Some(field) = js_field(e) {
        let _ = Reflect::set(&err, &"field".into(), &field.into());
    }
    if let CxError::InvalidInput { index: Some(i), .. } = e {
        let _ = Reflect::set(&err, &"index".into(), &(*i as f64).into());
    }
    err.into()
}

/// Runs `f`, turning its `CxError` into the thrown JS error.
///
/// The wasm build aborts on panic (`wasm32-unknown-unknown` cannot unwind), so a bug in cx
/// that panics would trap the instance with a bare `RuntimeError: unreachable`. The first call
/// installs a panic hook that instead throws a JS `Error` with code `CX_INTERNAL`, the panic
/// message and `poisoned: true`, and marks the instance poisoned: the panicking call's stack
/// and heap are abandoned mid-way, so every later call fails fast with `CX_INTERNAL` too,
/// until the page or process loads the module again.
pub fn run<T>(f: impl FnOnce() -> Result<T, CxError>) -> Result<T, JsValue> {
    PANIC_HOOK.call_once(|| std::panic::set_hook(Box::new(panic_hook)));
    if POISONED.load(Ordering::Relaxed) {
        return Err(poisoned(&CxError::Internal(
            "an earlier panic left this cxkit-wasm instance in an unknown state; load the module again".into(),
        )));
    }
    f().map_err(|e| to_js(&e))
}

/// Set by the panic hook; checked by every [`run`].
static POISONED: AtomicBool = AtomicBool::new(false);

/// Installs [`panic_hook`] once.
static PANIC_HOOK: Once = Once::new();

/// The error `e` as thrown by [`to_js`], with `poisoned: true`.
fn poisoned(e: &CxError) -> JsValue {
    let err = to_js(e);
    let _ = Reflect::set(&err, &"poisoned".into(), &JsValue::TRUE);
    err
}

/// Marks the instance poisoned and throws the panic as a JS `Error` (`CX_INTERNAL`): the JS
/// exception leaves through the wasm frames, so the abort that would follow never runs.
fn panic_hook(info: &std::panic::PanicHookInfo<'_>) {
    POISONED.store(true, Ordering::Relaxed);
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    let at = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    wasm_bindgen::throw_val(poisoned(&CxError::Internal(format!("panic: {what}{at}"))));
}

/// A JS exception (e.g. from a getter that threw) reported through the core's error type.
fn js_err(e: &JsValue) -> CxError {
    let text = e
        .dyn_ref::<js_sys::Error>()
        .map_or_else(|| format!("{e:?}"), |err| String::from(err.message()));
    CxError::Internal(format!("JavaScript call failed: {text}"))
}

/// A short description of a JS value for messages: `"9"`, `null`, `an object`.
fn describe(v: &JsValue) -> String {
    if let Some(x) = v.as_f64() {
        x.to_string()
    } else if let Some(s) = v.as_string() {
        let short: String = s.chars().take(40).collect();
        format!("{short:?}")
    } else if let Some(b) = v.as_bool() {
        b.to_string()
    } else if v.is_null() {
        "null".into()
    } else if v.is_undefined() {
        "undefined".into()
    } else if Array::is_array(v) {
        "an array".into()
    } else if ArrayBuffer::is_view(v) {
        Reflect::get(v, &"constructor".into())
            .and_then(|c| Reflect::get(&c, &"name".into()))
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_else(|| "a typed array".into())
    } else if v.is_function() {
        "a function".into()
    } else if v.is_bigint() {
        "a bigint".into()
    } else if v.is_symbol() {
        "a symbol".into()
    } else {
        "an object".into()
    }
}

/// Scores or weights as given, copied into wasm memory.
pub enum Numbers {
    /// A `Float64Array` or an array of numbers.
    F64(Vec<f64>),
    /// A `Uint8Array`; NPS counts it on the byte fast path.
    U8(Vec<u8>),
}

impl Numbers {
    /// The values as `f64` (a conversion only for `Uint8Array`).
    pub fn to_f64(&self) -> std::borrow::Cow<'_, [f64]> {
        match self {
            Self::F64(v) => std::borrow::Cow::Borrowed(v),
            Self::U8(b) => std::borrow::Cow::Owned(b.iter().map(|&x| f64::from(x)).collect()),
        }
    }
}

const NUMBERS_EXPECTED: &str = "expected an array of numbers, a Float64Array or a Uint8Array";

/// Reads an array of numbers, a `Float64Array` or a `Uint8Array`; anything else is
/// `CX_INVALID_INPUT` naming `field` (and the index of a non-number element).
pub fn numbers(field: &str, v: &JsValue) -> Result<Numbers, CxError> {
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return Ok(Numbers::F64(a.to_vec()));
    }
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        return Ok(Numbers::U8(a.to_vec()));
    }
    let Some(arr) = v.dyn_ref::<Array>() else {
        return Err(CxError::InvalidInput {
            field: field.into(),
            index: None,
            value: Some(describe(v)),
            reason: NUMBERS_EXPECTED.into(),
        });
    };
    let mut out = Vec::with_capacity(arr.length() as usize);
    for i in 0..arr.length() {
        let item = arr.get(i);
        match item.as_f64() {
            Some(x) => out.push(x),
            None => {
                return Err(CxError::invalid_at(
                    field,
                    i as usize,
                    describe(&item),
                    "must be a number",
                ));
            }
        }
    }
    Ok(Numbers::F64(out))
}

/// An options object (`undefined` and `null` mean "all defaults").
pub struct Options {
    obj: Option<Object>,
}

impl Options {
    /// Reads an options object, rejecting keys outside `allowed` (catches `top_box` for
    /// `topBox`).
    pub fn read(v: &JsValue, allowed: &[&str]) -> Result<Self, CxError> {
        if v.is_undefined() || v.is_null() {
            return Ok(Self { obj: None });
        }
        if !v.is_object() || Array::is_array(v) {
            return Err(CxError::InvalidInput {
                field: "options".into(),
                index: None,
                value: Some(describe(v)),
                reason: "expected an options object".into(),
            });
        }
        let obj: Object = v.clone().unchecked_into();
        for key in Object::keys(&obj) {
            let key = key.as_string().unwrap_or_default();
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
    pub fn get(&self, key: &str) -> Result<Option<JsValue>, CxError> {
        let Some(obj) = &self.obj else {
            return Ok(None);
        };
        let v = Reflect::get(obj, &key.into()).map_err(|e| js_err(&e))?;
        Ok(if v.is_undefined() || v.is_null() {
            None
        } else {
            Some(v)
        })
    }

    fn typed<T>(
        &self,
        key: &str,
        what: &str,
        read: impl Fn(&JsValue) -> Option<T>,
    ) -> Result<Option<T>, CxError> {
        let Some(v) = self.get(key)? else {
            return Ok(None);
        };
        read(&v).map(Some).ok_or_else(|| CxError::InvalidInput {
            field: key.into(),
            index: None,
            value: Some(describe(&v)),
            reason: format!("expected {what}"),
        })
    }

    /// A number option.
    pub fn number(&self, key: &str) -> Result<Option<f64>, CxError> {
        self.typed(key, "a number", JsValue::as_f64)
    }

    /// A boolean option.
    pub fn boolean(&self, key: &str) -> Result<Option<bool>, CxError> {
        self.typed(key, "true or false", JsValue::as_bool)
    }

    /// A string option.
    pub fn string(&self, key: &str) -> Result<Option<String>, CxError> {
        self.typed(key, "a string", JsValue::as_string)
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
    pub fn numbers(&self, key: &str) -> Result<Option<Numbers>, CxError> {
        self.get(key)?.map(|v| numbers(key, &v)).transpose()
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
fn count(field: &str, v: &JsValue) -> Result<u64, CxError> {
    let bad = |value: String| CxError::InvalidInput {
        field: field.into(),
        index: None,
        value: Some(value),
        reason: "a count must be a whole number from 0 to 2^53 - 1".into(),
    };
    let Some(x) = v.as_f64() else {
        return Err(bad(describe(v)));
    };
    if x.fract() == 0.0 && (0.0..=MAX_COUNT as f64).contains(&x) {
        Ok(x as u64)
    } else {
        Err(bad(x.to_string()))
    }
}

/// Reads `{promoters, passives, detractors}` from an `NpsTally` or its document (checking
/// `format_version` and `model` when present; the plain counts of older versions load).
pub fn tally_counts(field: &str, v: &JsValue) -> Result<NpsTally, CxError> {
    if !v.is_object() || Array::is_array(v) || ArrayBuffer::is_view(v) {
        return Err(CxError::InvalidInput {
            field: field.into(),
            index: None,
            value: Some(describe(v)),
            reason: "expected an NpsTally or {promoters, passives, detractors}".into(),
        });
    }
    let key = |k: &str| -> Result<cx_js::val::Val, CxError> {
        crate::api::to_val(field, &Reflect::get(v, &k.into()).map_err(|e| js_err(&e))?)
    };
    cx_js::model::check_envelope::<NpsTally>(field, &key("format_version")?, &key("model")?)?;
    let get = |k: &str| -> Result<u64, CxError> {
        count(k, &Reflect::get(v, &k.into()).map_err(|e| js_err(&e))?)
    };
    Ok(NpsTally::from_counts(
        get("promoters")?,
        get("passives")?,
        get("detractors")?,
    ))
}

/// `t` plus `other`, unless a count would pass `Number.MAX_SAFE_INTEGER`.
pub fn merged(t: NpsTally, other: &NpsTally) -> Result<NpsTally, CxError> {
    let sum = |a: u64, b: u64, field: &str| {
        a.checked_add(b).filter(|&s| s <= MAX_COUNT).ok_or_else(|| {
            CxError::invalid(field, "merged count would exceed 2^53 - 1 (exact in JS)")
        })
    };
    Ok(NpsTally::from_counts(
        sum(t.promoters, other.promoters, "promoters")?,
        sum(t.passives, other.passives, "passives")?,
        sum(t.detractors, other.detractors, "detractors")?,
    ))
}

/// A tally of `scores` (bytes on the fast path).
pub fn tally_of(scores: &Numbers) -> Result<NpsTally, CxError> {
    let mut t = NpsTally::new();
    match scores {
        Numbers::U8(b) => t.add_u8(b)?,
        Numbers::F64(v) => t.add_scores(v)?,
    }
    Ok(t)
}

/// Scores copied into wasm memory per chunk: 256 KB of `f64`, so a chunk is counted while
/// it is still in cache and a 10M-score array never needs an 80 MB copy.
const CHUNK: u32 = 32 * 1024;

/// `e` with its element index moved by `offset` (an error found inside a chunk).
fn shift_index(e: CxError, offset: usize) -> CxError {
    match e {
        CxError::InvalidInput {
            field,
            index: Some(i),
            value,
            reason,
        } => CxError::InvalidInput {
            field,
            index: Some(i + offset),
            value,
            reason,
        },
        other => other,
    }
}

/// Counts a typed array chunk by chunk with `count` (the core's `add_scores` or `add_u8`);
/// nothing is counted when any score is bad.
fn tally_chunks<T: Copy + Default>(
    len: u32,
    copy: impl Fn(u32, u32, &mut [T]),
    count: impl Fn(&mut NpsTally, &[T]) -> Result<(), CxError>,
) -> Result<NpsTally, CxError> {
    let mut buf = vec![T::default(); CHUNK.min(len) as usize];
    let mut total = NpsTally::new();
    let mut start = 0;
    while start < len {
        let end = start.saturating_add(CHUNK).min(len);
        let part = &mut buf[..(end - start) as usize];
        copy(start, end, part);
        let mut t = NpsTally::new();
        count(&mut t, part).map_err(|e| shift_index(e, start as usize))?;
        total = merged(total, &t)?;
        start = end;
    }
    Ok(total)
}

/// An NPS tally of scores given as an array, a `Float64Array` or a `Uint8Array`; typed
/// arrays are streamed through wasm memory in chunks.
pub fn nps_tally_of(field: &str, v: &JsValue) -> Result<NpsTally, CxError> {
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        tally_chunks(
            a.length(),
            |s, e, out| a.subarray(s, e).copy_to(out),
            NpsTally::add_scores,
        )
    } else if let Some(a) = v.dyn_ref::<Uint8Array>() {
        tally_chunks(
            a.length(),
            |s, e, out| a.subarray(s, e).copy_to(out),
            NpsTally::add_u8,
        )
    } else {
        tally_of(&numbers(field, v)?)
    }
}

/// The summary of one group for `compareNps`: scores or a tally.
pub fn group_summary(field: &str, v: &JsValue) -> Result<NpsSummary, CxError> {
    let tally = if v.is_object() && !Array::is_array(v) && !ArrayBuffer::is_view(v) {
        tally_counts(field, v)
    } else {
        nps_tally_of(field, v)
    };
    tally
        .and_then(|t| t.summary())
        .map_err(|e| cx_js::args::rename(e, "scores", field))
}

/// A plain JS object from `(key, value)` pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// `[low, high]` as a JS array.
pub fn pair((lo, hi): (f64, f64)) -> JsValue {
    Array::of2(&lo.into(), &hi.into()).into()
}
