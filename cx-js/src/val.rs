//! [`Val`]: a JavaScript value as plain Rust data, the one currency between the two JS
//! builds and this crate, and [`to_val`], which turns any serializable core result into one.

use cx_core::CxError;
use serde::Serialize;
use serde_value::Value;

/// A JavaScript value as both builds hand it over: a tree of plain data.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// `undefined` (a missing argument or option).
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (NaN and infinities kept).
    Num(f64),
    /// A string.
    Str(String),
    /// A typed array read as numbers on input; a `Float64Array` on output.
    Nums(Vec<f64>),
    /// An array.
    Arr(Vec<Val>),
    /// A plain object, its own enumerable properties in order.
    Obj(Vec<(String, Val)>),
    /// A `Date`, as milliseconds since the Unix epoch.
    Date(f64),
}

impl Val {
    /// An object from `(key, value)` pairs.
    pub fn obj<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Val)>) -> Val {
        Val::Obj(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// Whether the value is `undefined` or `null` (an omitted optional argument).
    pub fn is_missing(&self) -> bool {
        matches!(self, Val::Undefined | Val::Null)
    }

    /// The property `key` of an object (`None` for other values and absent keys).
    pub fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Obj(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A short description for error messages: `9`, `"abc"`, `an object`.
    pub fn describe(&self) -> String {
        match self {
            Val::Undefined => "undefined".into(),
            Val::Null => "null".into(),
            Val::Bool(b) => b.to_string(),
            Val::Num(x) => x.to_string(),
            Val::Str(s) => format!("{:?}", s.chars().take(40).collect::<String>()),
            Val::Nums(_) => "a typed array".into(),
            Val::Arr(_) => "an array".into(),
            Val::Obj(_) => "an object".into(),
            Val::Date(_) => "a Date".into(),
        }
    }
}

impl From<f64> for Val {
    fn from(x: f64) -> Self {
        Val::Num(x)
    }
}

impl From<bool> for Val {
    fn from(b: bool) -> Self {
        Val::Bool(b)
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Val::Str(s.into())
    }
}

impl From<String> for Val {
    fn from(s: String) -> Self {
        Val::Str(s)
    }
}

impl From<Vec<f64>> for Val {
    fn from(v: Vec<f64>) -> Self {
        Val::Nums(v)
    }
}

impl From<(f64, f64)> for Val {
    fn from((lo, hi): (f64, f64)) -> Self {
        Val::Arr(vec![Val::Num(lo), Val::Num(hi)])
    }
}

impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Self {
        v.map_or(Val::Null, Into::into)
    }
}

/// `snake_case` → `camelCase` (`effective_n` → `effectiveN`); other names unchanged.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' && !out.is_empty() {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A serializable core result as a [`Val`] with `camelCase` keys, NaN and infinities kept,
/// `None` as `null` and number arrays as plain arrays. Every string key is camel-cased
/// (serde cannot tell struct fields from map keys), so results keyed by data (channel or
/// segment names) are built by hand.
pub fn to_val<T: Serialize + ?Sized>(x: &T) -> Result<Val, CxError> {
    let v = serde_value::to_value(x)
        .map_err(|e| CxError::Internal(format!("could not convert a result for JS: {e}")))?;
    Ok(convert(v))
}

fn convert(v: Value) -> Val {
    match v {
        Value::Bool(b) => Val::Bool(b),
        Value::U8(x) => Val::Num(x.into()),
        Value::U16(x) => Val::Num(x.into()),
        Value::U32(x) => Val::Num(x.into()),
        Value::U64(x) => Val::Num(x as f64),
        Value::I8(x) => Val::Num(x.into()),
        Value::I16(x) => Val::Num(x.into()),
        Value::I32(x) => Val::Num(x.into()),
        Value::I64(x) => Val::Num(x as f64),
        Value::F32(x) => Val::Num(x.into()),
        Value::F64(x) => Val::Num(x),
        Value::Char(c) => Val::Str(c.to_string()),
        Value::String(s) => Val::Str(s),
        Value::Unit | Value::Option(None) => Val::Null,
        Value::Option(Some(v)) | Value::Newtype(v) => convert(*v),
        Value::Seq(items) => Val::Arr(items.into_iter().map(convert).collect()),
        Value::Bytes(b) => Val::Arr(b.into_iter().map(|x| Val::Num(x.into())).collect()),
        Value::Map(m) => Val::Obj(
            m.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Value::String(s) => camel(&s),
                        other => match convert(other) {
                            Val::Num(x) => x.to_string(),
                            Val::Str(s) => s,
                            o => o.describe(),
                        },
                    };
                    (key, convert(v))
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct R {
        effective_n: f64,
        ci: (f64, f64),
        median: Option<f64>,
    }

    #[test]
    fn results_keep_nan_and_get_camel_keys() {
        let v = to_val(&R {
            effective_n: f64::NAN,
            ci: (1.0, f64::INFINITY),
            median: None,
        })
        .unwrap();
        let Val::Num(n) = v.get("effectiveN").unwrap() else {
            panic!("not a number")
        };
        assert!(n.is_nan());
        assert_eq!(v.get("ci"), Some(&Val::from((1.0, f64::INFINITY))));
        assert_eq!(v.get("median"), Some(&Val::Null));
    }

    #[test]
    fn camel_case() {
        assert_eq!(camel("customers_at_start"), "customersAtStart");
        assert_eq!(camel("n"), "n");
        assert_eq!(camel("_private"), "_private");
    }
}
