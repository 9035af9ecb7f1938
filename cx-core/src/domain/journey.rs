//! Touchpoints and journeys.

use serde::{Deserialize, Serialize};

use super::{Channel, CustomerId, Timestamp, check_customer_id};
use crate::error::{CxError, Result};

/// One event of a customer on a channel: a visit, an e-mail open, a call, a purchase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Touchpoint {
    /// The customer.
    pub customer: CustomerId,
    /// When it happened.
    pub timestamp: Timestamp,
    /// Where it happened.
    pub channel: Channel,
    /// What happened, e.g. `"signup"`, `"ticket_opened"`.
    pub event: String,
    /// Optional monetary or numeric value attached to the event.
    pub value: Option<f64>,
}

impl Touchpoint {
    /// A validated touchpoint; fails on an empty customer or event name, or a non-finite value.
    pub fn new(
        customer: impl Into<CustomerId>,
        timestamp: Timestamp,
        channel: Channel,
        event: impl Into<String>,
        value: Option<f64>,
    ) -> Result<Self> {
        let customer = check_customer_id(customer.into())?;
        let event = event.into();
        if event.trim().is_empty() {
            return Err(CxError::invalid("event", "event name is empty"));
        }
        if let Some(v) = value.filter(|v| !v.is_finite()) {
            return Err(CxError::InvalidInput {
                field: "value".into(),
                index: None,
                value: Some(v.to_string()),
                reason: "touchpoint value must be finite".into(),
            });
        }
        Ok(Self {
            customer,
            timestamp,
            channel,
            event,
            value,
        })
    }
}

/// One customer's touchpoints in time order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "JourneyData", into = "JourneyData")]
pub struct Journey {
    customer: CustomerId,
    touchpoints: Vec<Touchpoint>,
}

#[derive(Serialize, Deserialize)]
struct JourneyData {
    customer: CustomerId,
    touchpoints: Vec<Touchpoint>,
}

impl TryFrom<JourneyData> for Journey {
    type Error = CxError;
    fn try_from(d: JourneyData) -> Result<Self> {
        Journey::new(d.customer, d.touchpoints)
    }
}

impl From<Journey> for JourneyData {
    fn from(j: Journey) -> Self {
        Self {
            customer: j.customer,
            touchpoints: j.touchpoints,
        }
    }
}

impl Journey {
    /// A journey from touchpoints already in time order (ties allowed).
    ///
    /// Fails when a touchpoint belongs to another customer, or when timestamps go backwards
    /// (the error names the first out-of-order index); use [`Journey::from_unsorted`] to sort.
    pub fn new(customer: impl Into<CustomerId>, touchpoints: Vec<Touchpoint>) -> Result<Self> {
        let customer = check_customer_id(customer.into())?;
        for (i, tp) in touchpoints.iter().enumerate() {
            if tp.customer != customer {
                return Err(CxError::invalid_at(
                    "touchpoints",
                    i,
                    &tp.customer,
                    format!("touchpoint belongs to another customer than `{customer}`"),
                ));
            }
            if i > 0 && tp.timestamp < touchpoints[i - 1].timestamp {
                return Err(CxError::invalid_at(
                    "touchpoints",
                    i,
                    tp.timestamp.to_rfc3339(),
                    format!(
                        "timestamps are not sorted: earlier than the previous touchpoint at {}",
                        touchpoints[i - 1].timestamp.to_rfc3339()
                    ),
                ));
            }
        }
        Ok(Self {
            customer,
            touchpoints,
        })
    }

    /// A journey from touchpoints in any order; sorts them by time, keeping ties in input order.
    pub fn from_unsorted(
        customer: impl Into<CustomerId>,
        mut touchpoints: Vec<Touchpoint>,
    ) -> Result<Self> {
        touchpoints.sort_by_key(|t| t.timestamp);
        Self::new(customer, touchpoints)
    }

    /// The customer whose journey this is.
    pub fn customer(&self) -> &str {
        &self.customer
    }

    /// Touchpoints in time order.
    pub fn touchpoints(&self) -> &[Touchpoint] {
        &self.touchpoints
    }

    /// Number of touchpoints.
    pub fn len(&self) -> usize {
        self.touchpoints.len()
    }

    /// True when the journey has no touchpoint.
    pub fn is_empty(&self) -> bool {
        self.touchpoints.is_empty()
    }

    /// Distinct channels in order of first use.
    pub fn channels(&self) -> Vec<&Channel> {
        let mut seen: Vec<&Channel> = Vec::new();
        for tp in &self.touchpoints {
            if !seen.contains(&&tp.channel) {
                seen.push(&tp.channel);
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn tp(day: u32, ch: Channel) -> Touchpoint {
        let t = Utc.with_ymd_and_hms(2024, 3, day, 0, 0, 0).unwrap();
        Touchpoint::new("c1", t, ch, "visit", None).unwrap()
    }

    #[test]
    fn journey_requires_sorted_touchpoints_of_one_customer() {
        let e = Journey::new("c1", vec![tp(2, Channel::Web), tp(1, Channel::Email)]).unwrap_err();
        assert!(
            matches!(e, CxError::InvalidInput { index: Some(1), .. }),
            "{e}"
        );
        assert!(e.to_string().contains("not sorted"));
        let j =
            Journey::from_unsorted("c1", vec![tp(2, Channel::Web), tp(1, Channel::Email)]).unwrap();
        assert_eq!(j.touchpoints()[0].channel, Channel::Email);
        assert_eq!(j.channels(), vec![&Channel::Email, &Channel::Web]);
        let mut other = tp(3, Channel::App);
        other.customer = "c2".into();
        assert!(Journey::new("c1", vec![other]).is_err());
        // serde validates on the way in
        let bad = r#"{"customer":"c1","touchpoints":[
            {"customer":"c1","timestamp":"2024-03-02T00:00:00Z","channel":"web","event":"a","value":null},
            {"customer":"c1","timestamp":"2024-03-01T00:00:00Z","channel":"web","event":"b","value":null}]}"#;
        assert!(serde_json::from_str::<Journey>(bad).is_err());
        let back: Journey = serde_json::from_str(&serde_json::to_string(&j).unwrap()).unwrap();
        assert_eq!(back, j);
        assert!(
            Touchpoint::new(
                "c1",
                chrono::DateTime::UNIX_EPOCH,
                Channel::Web,
                "x",
                Some(f64::NAN)
            )
            .is_err()
        );
        assert!(
            Touchpoint::new("c1", chrono::DateTime::UNIX_EPOCH, Channel::Web, " ", None).is_err()
        );
    }
}
