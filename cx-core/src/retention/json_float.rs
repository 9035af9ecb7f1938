//! Serde adapters that keep non-finite floats portable through JSON.
//!
//! JSON has no number for ±∞ or NaN: `serde_json` writes them as `null` and then refuses
//! `null` for an `f64`. These adapters write them as the strings `"Infinity"`, `"-Infinity"`
//! and `"NaN"` (the spelling of JavaScript's `Number()` and of `tests/vectors/*.json`) and
//! read either a number or one of those strings, so a result with an infinite median survives
//! a round trip through any binding.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A number, or one of the three spelled-out non-finite values.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Repr {
    Number(f64),
    Text(String),
}

fn to_repr(x: f64) -> Repr {
    if x.is_nan() {
        Repr::Text("NaN".into())
    } else if x == f64::INFINITY {
        Repr::Text("Infinity".into())
    } else if x == f64::NEG_INFINITY {
        Repr::Text("-Infinity".into())
    } else {
        Repr::Number(x)
    }
}

fn from_repr<E: serde::de::Error>(r: &Repr) -> Result<f64, E> {
    match r {
        Repr::Number(x) => Ok(*x),
        Repr::Text(t) if t == "NaN" => Ok(f64::NAN),
        Repr::Text(t) if t == "Infinity" => Ok(f64::INFINITY),
        Repr::Text(t) if t == "-Infinity" => Ok(f64::NEG_INFINITY),
        Repr::Text(other) => Err(E::custom(format!(
            "expected a number, \"Infinity\", \"-Infinity\" or \"NaN\", found \"{other}\""
        ))),
    }
}

/// `#[serde(with = "json_float::single")]` for an `f64` field.
pub(crate) mod single {
    use super::{Deserialize, Deserializer, Repr, Serialize, Serializer, from_repr, to_repr};

    /// Writes `x`, spelling out a non-finite value.
    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's `with` passes a reference
    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        to_repr(*x).serialize(s)
    }

    /// Reads a number or a spelled-out non-finite value.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        from_repr(&Repr::deserialize(d)?)
    }
}

/// `#[serde(with = "json_float::pair")]` for an `(f64, f64)` field.
pub(crate) mod pair {
    use super::{Deserialize, Deserializer, Repr, Serialize, Serializer, from_repr, to_repr};

    /// Writes both values, spelling out non-finite ones.
    pub fn serialize<S: Serializer>(x: &(f64, f64), s: S) -> Result<S::Ok, S::Error> {
        (to_repr(x.0), to_repr(x.1)).serialize(s)
    }

    /// Reads two numbers or spelled-out non-finite values.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<(f64, f64), D::Error> {
        let (a, b) = <(Repr, Repr)>::deserialize(d)?;
        Ok((from_repr(&a)?, from_repr(&b)?))
    }
}
