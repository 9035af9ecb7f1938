//! Portable model documents: one versioned JSON format for every fitted model and tally, so
//! a model fitted in a notebook scores identically in a Node service and a web page.
//!
//! A document is the model's own serde fields plus two keys (see `docs/model-format.md`):
//!
//! ```json
//! {"format_version": 1, "model": "bg_nbd", "params": {"r": 0.243, ...}, ...}
//! ```
//!
//! [`from_document`] refuses a `format_version` newer than [`FORMAT_VERSION`] (written by a
//! newer cxkit) and a `model` of another kind, with errors naming the key; documents without
//! the two keys (written before versioning) still load.
//!
//! ```
//! use cx_core::clv::{BgNbd, BgNbdParams};
//! use cx_core::portable::{from_document, to_document};
//!
//! let m = BgNbd::from_params(BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 })?;
//! let text = to_document(&m)?;
//! assert!(text.contains(r#""format_version":1"#) && text.contains(r#""model":"bg_nbd""#));
//! let back: BgNbd = from_document(&text)?;
//! assert_eq!(back.params, m.params);
//! # Ok::<(), cx_core::CxError>(())
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::churn::ChurnClassifier;
use crate::clv::{
    BgBb, BgNbd, CovariateModel, DynamicModel, GammaGamma, GgNbd, MbgNbd, ParetoNbd, ParetoNbdCor,
};
use crate::error::{CxError, Result};
use crate::retention::{KaplanMeier, ShiftedBetaGeometric};
use crate::survey::NpsTally;

/// The document format this build writes, and the newest it reads.
pub const FORMAT_VERSION: u64 = 1;

/// A type with a portable document: its `model` name.
pub trait Portable: Serialize + DeserializeOwned {
    /// The `model` key of its documents, e.g. `"bg_nbd"`.
    const KIND: &'static str;

    /// Checks a model read from a document: documents are untrusted input, and a model whose
    /// fields break its invariants (a negative parameter, a survival above 1) would predict
    /// NaN or nonsense. [`from_document_value`] calls it after parsing.
    ///
    /// # Errors
    /// [`CxError::InvalidInput`] naming the offending field.
    fn check_loaded(&self) -> Result<()>;
}

macro_rules! portable {
    ($($ty:ty => $kind:literal, |$m:ident| $check:expr,)*) => {
        $(impl Portable for $ty {
            const KIND: &'static str = $kind;
            fn check_loaded(&self) -> Result<()> {
                let $m = self;
                $check
            }
        })*

        /// Every `model` name this build reads, in the order of `docs/model-format.md`.
        pub const KINDS: &[&str] = &[$($kind),*];
    };
}

portable! {
    BgNbd => "bg_nbd", |m| m.params.check(),
    MbgNbd => "mbg_nbd", |m| m.params.check(),
    ParetoNbd => "pareto_nbd", |m| m.params.check(),
    BgBb => "bg_bb", |m| m.params.check(),
    GammaGamma => "gamma_gamma", |m| m.params.check(),
    GgNbd => "gg_nbd", |m| m.params.check(),
    ParetoNbdCor => "pareto_nbd_cor", |m| m.params.check(),
    ShiftedBetaGeometric => "shifted_beta_geometric",
        |m| ShiftedBetaGeometric::from_params(m.alpha, m.beta).map(drop),
    ChurnClassifier => "churn_classifier", |m| m.check_loaded(),
    KaplanMeier => "kaplan_meier", |m| m.check_loaded(),
    NpsTally => "nps_tally", |m| m.check_loaded(),
    CovariateModel => "clv_covariates", |m| m.check(),
    DynamicModel => "clv_dynamic_covariates", |m| m.check(),
}

fn invalid(field: &str, value: Option<String>, reason: String) -> CxError {
    CxError::InvalidInput {
        field: field.into(),
        index: None,
        value,
        reason,
    }
}

/// The document of `m` as a JSON object.
pub fn to_document_value<T: Portable>(m: &T) -> Result<Value> {
    let body = serde_json::to_value(m)
        .map_err(|e| CxError::Internal(format!("{} does not serialize: {e}", T::KIND)))?;
    let Value::Object(fields) = body else {
        return Err(CxError::Internal(format!(
            "{} is not a JSON object",
            T::KIND
        )));
    };
    let mut doc = Map::new();
    doc.insert("format_version".into(), FORMAT_VERSION.into());
    doc.insert("model".into(), T::KIND.into());
    doc.extend(fields);
    Ok(Value::Object(doc))
}

/// The document of `m` as JSON text.
pub fn to_document<T: Portable>(m: &T) -> Result<String> {
    Ok(to_document_value(m)?.to_string())
}

/// The `model` name of a document, checking its `format_version` (`None`: no `model` key).
pub fn kind_of(doc: &Value) -> Result<Option<&str>> {
    let Value::Object(map) = doc else {
        return Err(invalid(
            "json",
            None,
            "a model document must be a JSON object".into(),
        ));
    };
    match map.get("format_version") {
        None => {}
        Some(v) => match v.as_u64() {
            Some(n) if (1..=FORMAT_VERSION).contains(&n) => {}
            Some(n) if n > FORMAT_VERSION => {
                return Err(invalid(
                    "format_version",
                    Some(n.to_string()),
                    format!(
                        "written by a newer cxkit: this build reads format_version up to \
                         {FORMAT_VERSION}; upgrade cxkit to load it"
                    ),
                ));
            }
            _ => {
                return Err(invalid(
                    "format_version",
                    Some(v.to_string()),
                    format!("must be a whole number from 1 to {FORMAT_VERSION}"),
                ));
            }
        },
    }
    match map.get("model") {
        None => Ok(None),
        Some(Value::String(k)) if KINDS.contains(&k.as_str()) => Ok(Some(k)),
        Some(other) => Err(invalid(
            "model",
            Some(other.to_string()),
            format!("unknown model; expected one of {}", KINDS.join(", ")),
        )),
    }
}

/// Checks a document's envelope for type `T`: its `format_version` (see [`kind_of`]) and its
/// `model`, which when present must name `T`. Readers that parse the fields themselves (the
/// JS tallies) call it directly.
pub fn check_document<T: Portable>(doc: &Value) -> Result<()> {
    match kind_of(doc)? {
        Some(k) if k != T::KIND => Err(invalid(
            "model",
            Some(format!("{k:?}")),
            format!("a document of another model; expected {:?}", T::KIND),
        )),
        _ => Ok(()),
    }
}

/// A model of type `T` from its document (a JSON object), checking `format_version`, that
/// `model`, when present, names `T`, and the model's own invariants
/// ([`Portable::check_loaded`]).
pub fn from_document_value<T: Portable>(doc: Value) -> Result<T> {
    check_document::<T>(&doc)?;
    let mut doc = doc;
    if let Value::Object(map) = &mut doc {
        map.remove("format_version");
        map.remove("model");
    }
    // The path of the key that failed (`promoters`, `params.r`) names the field.
    let m: T = serde_path_to_error::deserialize(doc).map_err(|e| {
        let path = e.path().to_string();
        let field = if path.is_empty() || path == "." {
            "json"
        } else {
            &path
        };
        invalid(
            field,
            None,
            format!("not a valid {} document: {}", T::KIND, e.inner()),
        )
    })?;
    m.check_loaded()?;
    Ok(m)
}

/// A model of type `T` from its document text (see [`from_document_value`]).
pub fn from_document<T: Portable>(text: &str) -> Result<T> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| invalid("json", None, format!("not JSON: {e}")))?;
    from_document_value(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::BgNbdParams;

    fn bg() -> BgNbd {
        BgNbd::from_params(BgNbdParams {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        })
        .unwrap()
    }

    #[test]
    fn documents_round_trip_and_name_their_model() {
        let doc = to_document_value(&bg()).unwrap();
        assert_eq!(doc["format_version"], 1);
        assert_eq!(doc["model"], "bg_nbd");
        let back: BgNbd = from_document_value(doc).unwrap();
        assert_eq!(back.params, bg().params);
    }

    #[test]
    fn legacy_documents_without_the_keys_load() {
        let legacy = serde_json::to_string(&bg()).unwrap();
        let back: BgNbd = from_document(&legacy).unwrap();
        assert_eq!(back.params, bg().params);
    }

    #[test]
    fn tallies_are_documents_and_their_plain_counts_still_load() {
        let t = NpsTally::from_counts(3, 1, 1);
        assert_eq!(
            to_document(&t).unwrap(),
            r#"{"detractors":1,"format_version":1,"model":"nps_tally","passives":1,"promoters":3}"#
        );
        let legacy = r#"{"promoters":3,"passives":1,"detractors":1}"#;
        assert_eq!(from_document::<NpsTally>(legacy).unwrap(), t);
        let newer =
            r#"{"format_version":2,"model":"nps_tally","promoters":3,"passives":1,"detractors":1}"#;
        let e = from_document::<NpsTally>(newer).unwrap_err();
        assert_eq!(e.field(), Some("format_version"));
        let e = from_document::<NpsTally>(&to_document(&bg()).unwrap()).unwrap_err();
        assert_eq!(e.field(), Some("model"));
    }

    #[test]
    fn newer_versions_and_other_models_are_refused_by_name() {
        let mut doc = to_document_value(&bg()).unwrap();
        doc["format_version"] = 2.into();
        let e = from_document_value::<BgNbd>(doc.clone()).unwrap_err();
        assert_eq!(e.field(), Some("format_version"));
        assert!(e.to_string().contains("newer cxkit"), "{e}");
        doc["format_version"] = 1.into();
        let e = from_document_value::<MbgNbd>(doc.clone()).unwrap_err();
        assert_eq!(e.field(), Some("model"));
        doc["model"] = "bgnbd".into();
        let e = from_document_value::<BgNbd>(doc).unwrap_err();
        assert!(e.to_string().contains("unknown model"), "{e}");
        assert_eq!(
            from_document::<BgNbd>("{").unwrap_err().field(),
            Some("json")
        );
    }

    #[test]
    fn every_kind_is_distinct() {
        let mut k = KINDS.to_vec();
        k.sort_unstable();
        k.dedup();
        assert_eq!(k.len(), KINDS.len());
    }

    /// Fuzzing (`fuzz/regressions/portable_load/kaplan_meier_ci_above_one`): documents are
    /// untrusted; a model breaking its invariants is refused by field instead of loading and
    /// predicting NaN or probabilities above 1.
    #[test]
    fn documents_breaking_model_invariants_are_refused() {
        let mut doc = to_document_value(&bg()).unwrap();
        doc["params"]["r"] = (-1.0).into();
        let e = from_document_value::<BgNbd>(doc).unwrap_err();
        assert_eq!(e.field(), Some("r"), "{e}");

        let km = crate::retention::kaplan_meier(
            &[1.0, 2.0, 2.0, 3.0],
            None,
            crate::retention::KaplanMeierOptions::default(),
        )
        .unwrap();
        let good = to_document_value(&km).unwrap();
        assert_eq!(
            from_document_value::<KaplanMeier>(good.clone()).unwrap(),
            km
        );
        let mut bad = good.clone();
        bad["table"][1]["ci_high"] = 5.57.into();
        let e = from_document_value::<KaplanMeier>(bad).unwrap_err();
        assert_eq!(e.field(), Some("table.ci_high"), "{e}");
        let mut bad = good;
        bad["table"][1]["time"] = 0.5.into();
        let e = from_document_value::<KaplanMeier>(bad).unwrap_err();
        assert_eq!(e.field(), Some("table.time"), "{e}");

        let sbg = ShiftedBetaGeometric::from_params(1.0, 2.0).unwrap();
        let mut doc = to_document_value(&sbg).unwrap();
        doc["alpha"] = 1e301.into();
        let e = from_document_value::<ShiftedBetaGeometric>(doc).unwrap_err();
        assert_eq!(e.field(), Some("alpha"), "{e}");

        let churn = ChurnClassifier::params()
            .fit(&[0.0, 1.0, 2.0, 3.0], 1, &[0.0, 1.0, 0.0, 1.0])
            .unwrap();
        let mut doc = to_document_value(&churn).unwrap();
        doc["feature_means"] = serde_json::json!([0.0, 1.0]);
        let e = from_document_value::<ChurnClassifier>(doc).unwrap_err();
        assert!(matches!(e, CxError::LengthMismatch { .. }), "{e}");
    }
}
