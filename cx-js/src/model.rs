//! Fitted models as JS classes: JSON in and out in the core's own format (the same
//! document Python's `to_json` writes), and helpers for scalar-or-array arguments.

use cx_core::CxError;
use cx_core::portable::{self, Portable};
use serde_json::Value as Json;

use crate::args::{Result, invalid, numbers};
use crate::val::Val;

/// A model's portable document (`cx_core::portable`: `format_version`, `model` and the
/// fields, the document every binding writes) as a plain JS object.
pub fn to_document<T: Portable>(model: &T) -> Result<Val> {
    Ok(from_json(portable::to_document_value(model)?))
}

/// A model from its portable document: a JSON string or the object `toJSON()` returned
/// (a newer `format_version` or another `model` is refused; legacy documents without
/// them load). `field` names the argument in errors about the document.
pub fn from_document<T: Portable>(field: &str, v: &Val) -> Result<T> {
    from_document_json(field, json_doc(field, v)?)
}

/// A model from a parsed portable document (see [`from_document`]).
pub fn from_document_json<T: Portable>(field: &str, doc: Json) -> Result<T> {
    portable::from_document_value(doc).map_err(|e| crate::args::rename(e, "json", field))
}

/// Checks the envelope of a `T` document given as an object: its `format_version` (a newer
/// one is refused) and `model` (another kind is refused), each `Val::Undefined` when absent.
/// Objects without the two keys (written before versioning) pass. Used by the tallies, whose
/// counts each build reads itself (with exact-integer checks).
pub fn check_envelope<T: Portable>(field: &str, format_version: &Val, model: &Val) -> Result<()> {
    let mut doc = serde_json::Map::new();
    for (key, v) in [("format_version", format_version), ("model", model)] {
        if !matches!(v, Val::Undefined) {
            doc.insert(key.into(), to_json(field, v)?);
        }
    }
    portable::check_document::<T>(&Json::Object(doc))
        .map_err(|e| crate::args::rename(e, "json", field))
}

/// A model document as JSON: parsed from a JSON string, or converted from the object
/// `toJSON()` returned.
pub fn json_doc(field: &str, v: &Val) -> Result<Json> {
    match v {
        Val::Str(text) => serde_json::from_str(text).map_err(|e| not_a_model(field, &e)),
        Val::Obj(_) => to_json(field, v),
        other => Err(invalid(
            field,
            None,
            other,
            "expected a JSON string or object",
        )),
    }
}

fn not_a_model(field: &str, e: &serde_json::Error) -> CxError {
    CxError::InvalidInput {
        field: field.into(),
        index: None,
        value: None,
        reason: format!("not a valid model document: {e}"),
    }
}

fn from_json(j: Json) -> Val {
    match j {
        Json::Null => Val::Null,
        Json::Bool(b) => Val::Bool(b),
        Json::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) => Val::Str(s),
        Json::Array(a) => Val::Arr(a.into_iter().map(from_json).collect()),
        Json::Object(m) => Val::Obj(m.into_iter().map(|(k, v)| (k, from_json(v))).collect()),
    }
}

fn to_json(field: &str, v: &Val) -> Result<Json> {
    let num = |x: f64| {
        serde_json::Number::from_f64(x)
            .map(Json::Number)
            .ok_or_else(|| invalid(field, None, &Val::Num(x), "JSON holds finite numbers only"))
    };
    Ok(match v {
        Val::Undefined | Val::Null => Json::Null,
        Val::Bool(b) => Json::Bool(*b),
        Val::Num(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Json::from(*x as i64),
        Val::Num(x) | Val::Date(x) => num(*x)?,
        Val::Str(s) => Json::String(s.clone()),
        Val::Nums(x) => Json::Array(x.iter().map(|&x| num(x)).collect::<Result<_>>()?),
        Val::Arr(a) => Json::Array(a.iter().map(|x| to_json(field, x)).collect::<Result<_>>()?),
        Val::Obj(pairs) => Json::Object(
            pairs
                .iter()
                .map(|(k, x)| Ok((k.clone(), to_json(field, x)?)))
                .collect::<Result<_>>()?,
        ),
    })
}

/// Applies `f` to a number, or to each element of an array (giving a `Float64Array`):
/// how model methods take "a time or an array of times".
pub fn scalar_or_array(field: &str, v: &Val, mut f: impl FnMut(f64) -> Result<f64>) -> Result<Val> {
    match v {
        Val::Num(x) => Ok(Val::Num(f(*x)?)),
        other => Ok(Val::Nums(
            numbers(field, other)?
                .into_iter()
                .map(f)
                .collect::<Result<_>>()?,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trips_through_val() {
        let j: Json = serde_json::json!({"alpha": 0.7, "n": 3, "se": [1.5, 2], "ok": true});
        let v = from_json(j.clone());
        assert_eq!(to_json("m", &v).unwrap(), j);
        let e = to_json("m", &Val::Num(f64::NAN)).unwrap_err();
        assert_eq!(e.field(), Some("m"));
    }

    #[test]
    fn tally_envelopes_are_checked_and_legacy_counts_pass() {
        use cx_core::survey::NpsTally;
        let u = Val::Undefined;
        let kind = Val::Str("nps_tally".into());
        check_envelope::<NpsTally>("json", &u, &u).unwrap();
        check_envelope::<NpsTally>("json", &Val::Num(1.0), &kind).unwrap();
        let e = check_envelope::<NpsTally>("json", &Val::Num(2.0), &kind).unwrap_err();
        assert_eq!(e.field(), Some("format_version"));
        assert!(e.to_string().contains("newer cxkit"), "{e}");
        let e = check_envelope::<NpsTally>("json", &Val::Num(1.5), &kind).unwrap_err();
        assert_eq!(e.field(), Some("format_version"));
        let e = check_envelope::<NpsTally>("json", &u, &Val::Str("bg_nbd".into())).unwrap_err();
        assert_eq!(e.field(), Some("model"));
        let e = check_envelope::<NpsTally>("json", &u, &Val::Str("nope".into())).unwrap_err();
        assert_eq!(e.field(), Some("model"));
    }
}
