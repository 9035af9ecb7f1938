//! Journey analytics on the domain types: touchpoints and journeys in, the column-first
//! functions underneath.

use serde::{Deserialize, Serialize};

use super::attribution::PathData;
use super::funnel::{FunnelReport, FunnelSpec, funnel};
use crate::domain::{Journey, Touchpoint};
use crate::error::Result;

/// Funnel over touchpoints (their `event` names), optionally broken down by channel.
pub fn funnel_touchpoints(
    touchpoints: &[Touchpoint],
    spec: &FunnelSpec,
    by_channel: bool,
) -> Result<FunnelReport> {
    let customers: Vec<&str> = touchpoints.iter().map(|t| t.customer.as_str()).collect();
    let times: Vec<i64> = touchpoints
        .iter()
        .map(|t| t.timestamp.timestamp())
        .collect();
    let events: Vec<&str> = touchpoints.iter().map(|t| t.event.as_str()).collect();
    let channels: Vec<&str> = touchpoints.iter().map(|t| t.channel.as_str()).collect();
    funnel(
        &customers,
        &times,
        &events,
        by_channel.then_some(channels.as_slice()),
        spec,
    )
}

/// Channel paths with outcomes, built from journeys, ready for [`super::attribution`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathTable {
    /// Channel path of each non-empty journey.
    pub paths: Vec<Vec<String>>,
    /// 1 for a converted journey, else 0.
    pub conversions: Vec<f64>,
    /// 1 for a journey without conversion, else 0.
    pub nulls: Vec<f64>,
    /// Value of the converting touchpoint (0 when it has none or there is no conversion).
    pub values: Vec<f64>,
    /// Touch times in days since the Unix epoch, for time-decay half-lives in days.
    pub times: Vec<Vec<f64>>,
}

impl PathTable {
    /// One path per journey: the channels of the touchpoints before its first `conversion_event`
    /// (the converting touchpoint's own channel when nothing came before it), or of all its
    /// touchpoints when it never converts. Empty journeys are skipped.
    pub fn from_journeys(journeys: &[Journey], conversion_event: &str) -> Self {
        let mut t = Self {
            paths: Vec::new(),
            conversions: Vec::new(),
            nulls: Vec::new(),
            values: Vec::new(),
            times: Vec::new(),
        };
        for j in journeys {
            let tps = j.touchpoints();
            let conv = tps.iter().position(|tp| tp.event == conversion_event);
            let touches = match conv {
                Some(0) => &tps[..1],
                Some(i) => &tps[..i],
                None => tps,
            };
            if touches.is_empty() {
                continue;
            }
            t.paths
                .push(touches.iter().map(|tp| tp.channel.to_string()).collect());
            t.times.push(
                touches
                    .iter()
                    .map(|tp| tp.timestamp.timestamp() as f64 / 86_400.0)
                    .collect(),
            );
            t.conversions.push(f64::from(u8::from(conv.is_some())));
            t.nulls.push(f64::from(u8::from(conv.is_none())));
            t.values
                .push(conv.and_then(|i| tps[i].value).unwrap_or(0.0));
        }
        t
    }

    /// The table as attribution input (conversions, nulls, values and times).
    pub fn data(&self) -> PathData<'_, String> {
        PathData::new(&self.paths, &self.conversions)
            .nulls(&self.nulls)
            .values(&self.values)
            .times(&self.times)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Channel;
    use crate::journey::{AttributionModel, attribution};
    use chrono::{TimeZone, Utc};

    fn tp(c: &str, day: u32, ch: Channel, ev: &str, v: Option<f64>) -> Touchpoint {
        let t = Utc.with_ymd_and_hms(2024, 3, day, 0, 0, 0).unwrap();
        Touchpoint::new(c, t, ch, ev, v).unwrap()
    }

    #[test]
    fn journeys_become_paths_and_funnels() {
        let a = vec![
            tp("a", 1, Channel::Email, "email_click", None),
            tp("a", 2, Channel::Web, "visit", None),
            tp("a", 3, Channel::Web, "purchase", Some(40.0)),
        ];
        let b = vec![tp("b", 1, Channel::Store, "purchase", Some(10.0))];
        let c = vec![tp("c", 1, Channel::Chat, "chat", None)];
        let js: Vec<Journey> = [("a", &a), ("b", &b), ("c", &c)]
            .iter()
            .map(|(id, t)| Journey::new(*id, (*t).clone()).unwrap())
            .collect();
        let table = PathTable::from_journeys(&js, "purchase");
        assert_eq!(
            table.paths,
            vec![vec!["email", "web"], vec!["store"], vec!["chat"]]
        );
        assert_eq!(table.conversions, [1.0, 1.0, 0.0]);
        assert_eq!(table.values, [40.0, 10.0, 0.0]);
        let r = attribution(&table.data(), AttributionModel::LastTouch).unwrap();
        assert_eq!(r.credit("web"), 1.0);
        assert_eq!(r.channels[2].value, Some(10.0));
        let all: Vec<Touchpoint> = [a, b, c].concat();
        let f = funnel_touchpoints(&all, &FunnelSpec::new(&["visit", "purchase"]), true).unwrap();
        assert_eq!(f.steps[1].converted, 1);
        assert_eq!(f.segments[0].value, "web");
    }
}
