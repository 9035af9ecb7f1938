//! Reading numbers out of vector JSON and turning results into JSON.

use serde_json::Value;

/// A JSON number, or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub fn num(v: &Value) -> f64 {
    match v {
        Value::String(s) if s == "NaN" => f64::NAN,
        Value::String(s) if s == "Infinity" => f64::INFINITY,
        Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
        _ => v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")),
    }
}

/// An array of numbers.
pub fn nums(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(num)
        .collect()
}

/// An optional array of numbers under `key` (absent or null gives `None`).
pub fn opt_nums(input: &Value, key: &str) -> Option<Vec<f64>> {
    input.get(key).filter(|v| !v.is_null()).map(nums)
}

/// An optional number under `key`.
pub fn opt_num(input: &Value, key: &str) -> Option<f64> {
    input.get(key).filter(|v| !v.is_null()).map(num)
}

/// Any serializable result as JSON (`snake_case` field names).
pub fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("result serializes")
}
