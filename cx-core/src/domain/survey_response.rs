//! Survey responses.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{CustomerId, Timestamp, check_customer_id};
use crate::error::{CxError, Result};

/// Which question a response answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SurveyKind {
    /// Net Promoter Score: likelihood to recommend, 0–10.
    Nps,
    /// Customer satisfaction, usually 1–5.
    Csat,
    /// Customer effort score, usually 1–7.
    Ces,
}

impl SurveyKind {
    /// Lower-case name: `nps`, `csat` or `ces`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nps => "nps",
            Self::Csat => "csat",
            Self::Ces => "ces",
        }
    }
}

impl fmt::Display for SurveyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SurveyKind {
    type Err = CxError;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nps" => Ok(Self::Nps),
            "csat" => Ok(Self::Csat),
            "ces" => Ok(Self::Ces),
            _ => Err(CxError::InvalidInput {
                field: "kind".into(),
                index: None,
                value: Some(s.to_string()),
                reason: "survey kind must be one of nps, csat, ces".into(),
            }),
        }
    }
}

/// One answer to a survey question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResponse {
    /// Who answered.
    pub customer: CustomerId,
    /// When they answered.
    pub timestamp: Timestamp,
    /// Which question.
    pub kind: SurveyKind,
    /// The score as given; NPS scores are whole numbers 0–10.
    pub score: f64,
    /// Optional segment label (plan, region, channel, ...).
    pub segment: Option<String>,
}

impl SurveyResponse {
    /// A validated response: the score must be a finite, non-negative whole number, and an
    /// NPS score must lie in 0..=10. CSAT and CES scales are checked by the metric functions,
    /// which know the scale in use.
    pub fn new(
        customer: impl Into<CustomerId>,
        timestamp: Timestamp,
        kind: SurveyKind,
        score: f64,
        segment: Option<String>,
    ) -> Result<Self> {
        let customer = check_customer_id(customer.into())?;
        let bad = |reason: &str| CxError::InvalidInput {
            field: "score".into(),
            index: None,
            value: Some(score.to_string()),
            reason: reason.into(),
        };
        if !score.is_finite() || score < 0.0 || score.fract() != 0.0 {
            return Err(bad("score must be a whole number >= 0"));
        }
        if kind == SurveyKind::Nps && score > 10.0 {
            return Err(bad("an NPS score must be an integer from 0 to 10"));
        }
        Ok(Self {
            customer,
            timestamp,
            kind,
            score,
            segment,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_scores() {
        let t = chrono::DateTime::UNIX_EPOCH;
        assert!(SurveyResponse::new("a", t, SurveyKind::Nps, 10.0, None).is_ok());
        assert!(SurveyResponse::new("a", t, SurveyKind::Nps, 11.0, None).is_err());
        assert!(SurveyResponse::new("a", t, SurveyKind::Csat, 2.5, None).is_err());
        assert!(SurveyResponse::new("a", t, SurveyKind::Ces, f64::NAN, None).is_err());
        assert_eq!("CSAT".parse::<SurveyKind>().unwrap(), SurveyKind::Csat);
        assert!("xyz".parse::<SurveyKind>().is_err());
    }
}
