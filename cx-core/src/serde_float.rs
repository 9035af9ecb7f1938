//! JSON for floats that may be infinite or NaN (a Kaplan–Meier median never reached, an
//! unbounded interval): finite values as numbers, the others as the strings `"Infinity"`,
//! `"-Infinity"` and `"NaN"` (the spelling of JavaScript and of `tests/vectors`), so model
//! documents round-trip exactly. `null` reads as NaN.

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use std::fmt;

fn write<S: Serializer>(x: f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() {
        s.serialize_f64(x)
    } else if x.is_nan() {
        s.serialize_str("NaN")
    } else if x > 0.0 {
        s.serialize_str("Infinity")
    } else {
        s.serialize_str("-Infinity")
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, \"Infinity\", \"-Infinity\", \"NaN\" or null")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "Infinity" | "inf" => Ok(f64::INFINITY),
            "-Infinity" | "-inf" => Ok(f64::NEG_INFINITY),
            "NaN" | "nan" => Ok(f64::NAN),
            other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<f64, E> {
        Ok(f64::NAN)
    }

    fn visit_none<E: de::Error>(self) -> Result<f64, E> {
        Ok(f64::NAN)
    }
}

fn read<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(FloatVisitor)
}

/// `#[serde(with = "crate::serde_float::float")]` for an `f64` field.
pub(crate) mod float {
    use serde::{Deserializer, Serializer};

    /// Writes the float (see the module docs).
    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's `with` passes fields by reference
    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        super::write(*x, s)
    }

    /// Reads the float (see the module docs).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        super::read(d)
    }
}

/// `#[serde(with = "crate::serde_float::pair")]` for an `(f64, f64)` field.
pub(crate) mod pair {
    use serde::de::{Deserializer, Error};
    use serde::ser::{SerializeTuple, Serializer};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    struct F(#[serde(with = "super::float")] f64);

    /// Writes the pair as a two-element array.
    pub fn serialize<S: Serializer>(x: &(f64, f64), s: S) -> Result<S::Ok, S::Error> {
        let mut t = s.serialize_tuple(2)?;
        t.serialize_element(&F(x.0))?;
        t.serialize_element(&F(x.1))?;
        t.end()
    }

    /// Reads a two-element array.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<(f64, f64), D::Error> {
        let v: Vec<F> = Vec::deserialize(d)?;
        match v.as_slice() {
            [a, b] => Ok((a.0, b.0)),
            _ => Err(D::Error::invalid_length(v.len(), &"two numbers")),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Serialize, Deserialize)]
    struct T {
        #[serde(with = "super::float")]
        m: f64,
        #[serde(with = "super::pair")]
        ci: (f64, f64),
    }

    #[test]
    fn non_finite_floats_round_trip() {
        let t = T {
            m: f64::INFINITY,
            ci: (2.5, f64::NEG_INFINITY),
        };
        let s = serde_json::to_string(&t).unwrap();
        assert_eq!(s, r#"{"m":"Infinity","ci":[2.5,"-Infinity"]}"#);
        let back: T = serde_json::from_str(&s).unwrap();
        assert_eq!((back.m, back.ci), (t.m, t.ci));
        let nan: T = serde_json::from_str(r#"{"m":null,"ci":[1,"NaN"]}"#).unwrap();
        assert!(nan.m.is_nan() && nan.ci.1.is_nan() && nan.ci.0 == 1.0);
    }
}
