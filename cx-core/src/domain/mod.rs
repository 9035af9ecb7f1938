//! Domain types: customers, transactions, touchpoints, journeys and survey responses.
//!
//! Constructors validate their input, so a value of these types is always well formed;
//! the column-first functions elsewhere in the crate take plain slices for bulk work.

mod channel;
mod journey;
mod survey_response;

pub use channel::Channel;
pub use journey::{Journey, Touchpoint};
pub use survey_response::{SurveyKind, SurveyResponse};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result};

/// Identifier of a customer, as the caller's systems spell it.
pub type CustomerId = String;

/// Timestamps are instants in UTC.
pub type Timestamp = DateTime<Utc>;

/// A customer: an id, when they were first seen, and an optional segment label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// Caller's id of the customer.
    pub id: CustomerId,
    /// When the customer was first seen (sign-up or first purchase), if known.
    pub first_seen: Option<Timestamp>,
    /// Segment label (plan, region, tier, ...), if any.
    pub segment: Option<String>,
}

impl Customer {
    /// A customer with the given id; fails when the id is empty.
    pub fn new(id: impl Into<CustomerId>) -> Result<Self> {
        let id = check_customer_id(id.into())?;
        Ok(Self {
            id,
            first_seen: None,
            segment: None,
        })
    }

    /// Sets when the customer was first seen.
    #[must_use]
    pub fn with_first_seen(mut self, at: Timestamp) -> Self {
        self.first_seen = Some(at);
        self
    }

    /// Sets the segment label.
    #[must_use]
    pub fn with_segment(mut self, segment: impl Into<String>) -> Self {
        self.segment = Some(segment.into());
        self
    }
}

/// A purchase: who bought, when, for how much (in the caller's currency unit) and, when known,
/// which product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// The buying customer.
    pub customer: CustomerId,
    /// When the purchase happened.
    pub timestamp: Timestamp,
    /// Monetary value; finite and not negative (model refunds separately).
    pub amount: f64,
    /// The product bought, when known (needed by next-best-offer analysis); absent in older
    /// serialized transactions, which still read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
}

impl Transaction {
    /// A validated transaction; fails on an empty customer id or a negative or non-finite amount.
    pub fn new(customer: impl Into<CustomerId>, timestamp: Timestamp, amount: f64) -> Result<Self> {
        let customer = check_customer_id(customer.into())?;
        if !amount.is_finite() || amount < 0.0 {
            return Err(CxError::InvalidInput {
                field: "amount".into(),
                index: None,
                value: Some(amount.to_string()),
                reason: "amount must be a finite number >= 0".into(),
            });
        }
        Ok(Self {
            customer,
            timestamp,
            amount,
            product: None,
        })
    }

    /// Sets the product bought.
    #[must_use]
    pub fn with_product(mut self, product: impl Into<String>) -> Self {
        self.product = Some(product.into());
        self
    }
}

pub(crate) fn check_customer_id(id: CustomerId) -> Result<CustomerId> {
    if id.trim().is_empty() {
        Err(CxError::invalid("customer", "customer id is empty"))
    } else {
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn constructors_validate() {
        let t = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
        assert!(Transaction::new("c1", t, 12.5).is_ok());
        let e = Transaction::new("c1", t, f64::NAN).unwrap_err();
        assert_eq!(e.field(), Some("amount"));
        assert!(Transaction::new("c1", t, -1.0).is_err());
        assert!(Transaction::new("", t, 1.0).is_err());
        assert!(Customer::new(" ").is_err());
        // `product` is optional in the serialized form: older documents still read.
        let old = r#"{"customer":"c1","timestamp":"2024-01-02T03:04:05Z","amount":12.5}"#;
        let tx: Transaction = serde_json::from_str(old).unwrap();
        assert_eq!(tx, Transaction::new("c1", t, 12.5).unwrap());
        let tea = tx.with_product("tea");
        let back: Transaction =
            serde_json::from_str(&serde_json::to_string(&tea).unwrap()).unwrap();
        assert_eq!(back.product.as_deref(), Some("tea"));
        let c = Customer::new("c9")
            .unwrap()
            .with_segment("gold")
            .with_first_seen(t);
        let back: Customer = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}

/// Parses a timestamp written as RFC 3339 (`2024-03-01T12:00:00Z`), `YYYY-MM-DD HH:MM:SS`,
/// `YYYY-MM-DDTHH:MM:SS` (both read as UTC), `YYYY-MM-DD` or `YYYYMMDD` (midnight UTC).
pub fn parse_timestamp(text: &str) -> Result<Timestamp> {
    use chrono::{NaiveDate, NaiveDateTime};
    let s = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(t.and_utc());
        }
    }
    for fmt in ["%Y-%m-%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt)
            && let Some(t) = d.and_hms_opt(0, 0, 0)
        {
            return Ok(t.and_utc());
        }
    }
    Err(CxError::InvalidInput {
        field: "timestamp".into(),
        index: None,
        value: Some(text.to_string()),
        reason: "expected RFC 3339, YYYY-MM-DD[ HH:MM:SS] or YYYYMMDD".into(),
    })
}

#[cfg(test)]
mod parse_tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn parses_common_formats() {
        let want = Utc.with_ymd_and_hms(1997, 1, 2, 0, 0, 0).unwrap();
        for s in [
            "19970102",
            "1997-01-02",
            "1997-01-02 00:00:00",
            "1997-01-02T01:00:00+01:00",
        ] {
            assert_eq!(parse_timestamp(s).unwrap(), want, "{s}");
        }
        assert!(parse_timestamp("02/01/1997").is_err());
        assert!(parse_timestamp("19971302").is_err());
    }
}
