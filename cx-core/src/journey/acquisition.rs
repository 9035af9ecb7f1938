//! Acquisition metrics: customer acquisition cost (CAC) by channel and period, conversion rates
//! with Wilson score intervals, the CLV:CAC ratio and the CAC payback period.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result, check_len_at_least, check_same_len};
use crate::survey::interval::{wilson, z_critical};

/// Spend, new customers and CAC of one channel and period (or a total).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CacRow {
    /// Channel, or `"all"` in totals.
    pub channel: String,
    /// Period label, or `"all"` in totals.
    pub period: String,
    /// Spend, in the caller's currency.
    pub spend: f64,
    /// New customers acquired.
    pub new_customers: f64,
    /// `spend ÷ new_customers` (`None` when no customer was acquired).
    pub cac: Option<f64>,
}

/// CAC per (channel, period), per channel, and overall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CacReport {
    /// One row per (channel, period), sorted by channel then period.
    pub rows: Vec<CacRow>,
    /// One row per channel over all periods, sorted by channel.
    pub by_channel: Vec<CacRow>,
    /// All channels and periods.
    pub overall: CacRow,
}

fn row(channel: &str, period: &str, spend: f64, new_customers: f64) -> CacRow {
    CacRow {
        channel: channel.to_string(),
        period: period.to_string(),
        spend,
        new_customers,
        cac: (new_customers > 0.0).then(|| spend / new_customers),
    }
}

fn check_amounts(field: &str, v: &[f64]) -> Result<()> {
    match v.iter().position(|x| !x.is_finite() || *x < 0.0) {
        Some(i) => Err(CxError::invalid_at(
            field,
            i,
            v[i],
            "must be a finite number >= 0",
        )),
        None => Ok(()),
    }
}

/// CAC = spend ÷ new customers, by channel and period; rows with the same channel and period
/// are added up first. Fails on empty or misaligned columns and negative or non-finite amounts.
pub fn cac<S: AsRef<str>>(
    channels: &[S],
    periods: &[S],
    spend: &[f64],
    new_customers: &[f64],
) -> Result<CacReport> {
    let n = channels.len();
    check_len_at_least("spend", spend.len(), 1)?;
    check_same_len("channels", n, "periods", periods.len())?;
    check_same_len("channels", n, "spend", spend.len())?;
    check_same_len("channels", n, "new_customers", new_customers.len())?;
    check_amounts("spend", spend)?;
    check_amounts("new_customers", new_customers)?;
    let mut cells: BTreeMap<(&str, &str), (f64, f64)> = BTreeMap::new();
    let mut per_channel: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    let (mut ts, mut tn) = (0.0, 0.0);
    for i in 0..n {
        let (c, p) = (channels[i].as_ref(), periods[i].as_ref());
        let cell = cells.entry((c, p)).or_default();
        cell.0 += spend[i];
        cell.1 += new_customers[i];
        let ch = per_channel.entry(c).or_default();
        ch.0 += spend[i];
        ch.1 += new_customers[i];
        ts += spend[i];
        tn += new_customers[i];
    }
    Ok(CacReport {
        rows: cells
            .into_iter()
            .map(|((c, p), (s, k))| row(c, p, s, k))
            .collect(),
        by_channel: per_channel
            .into_iter()
            .map(|(c, (s, k))| row(c, "all", s, k))
            .collect(),
        overall: row("all", "all", ts, tn),
    })
}

/// A conversion rate with its Wilson score interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversionRate {
    /// Conversions.
    pub conversions: f64,
    /// Visitors, recipients or other exposed units.
    pub visitors: f64,
    /// `conversions ÷ visitors`.
    pub rate: f64,
    /// Confidence level of `ci`.
    pub level: f64,
    /// Wilson score interval (Wilson 1927) for the rate.
    pub ci: (f64, f64),
}

/// Conversion rate `conversions ÷ visitors` with a Wilson interval at `level`. Fails when
/// `visitors` is not > 0, `conversions` is negative or above `visitors`, or `level` is not in
/// (0, 1).
pub fn conversion_rate(conversions: f64, visitors: f64, level: f64) -> Result<ConversionRate> {
    if !(visitors.is_finite() && visitors > 0.0) {
        return Err(CxError::InvalidInput {
            field: "visitors".into(),
            index: None,
            value: Some(visitors.to_string()),
            reason: "visitors must be a finite number > 0".into(),
        });
    }
    if !(conversions.is_finite() && (0.0..=visitors).contains(&conversions)) {
        return Err(CxError::InvalidInput {
            field: "conversions".into(),
            index: None,
            value: Some(conversions.to_string()),
            reason: "conversions must be between 0 and visitors".into(),
        });
    }
    let z = z_critical(level)?;
    Ok(ConversionRate {
        conversions,
        visitors,
        rate: conversions / visitors,
        level,
        ci: wilson(conversions, visitors, z),
    })
}

/// CLV against CAC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitEconomics {
    /// Customer acquisition cost.
    pub cac: f64,
    /// Customer lifetime value (margin, not revenue, for a meaningful ratio).
    pub clv: f64,
    /// `clv ÷ cac` (3 or more is the usual rule of thumb).
    pub clv_to_cac: f64,
    /// Periods of margin needed to earn back the CAC: `cac ÷ margin_per_period`.
    pub payback_periods: Option<f64>,
}

/// CLV:CAC ratio and, when the gross margin a customer brings per period is given, the CAC
/// payback period in those periods. Fails unless `cac > 0`, `clv >= 0` and the margin is > 0.
pub fn unit_economics(cac: f64, clv: f64, margin_per_period: Option<f64>) -> Result<UnitEconomics> {
    let positive = |field: &str, x: f64| {
        if x.is_finite() && x > 0.0 {
            Ok(x)
        } else {
            Err(CxError::InvalidInput {
                field: field.into(),
                index: None,
                value: Some(x.to_string()),
                reason: "must be a finite number > 0".into(),
            })
        }
    };
    positive("cac", cac)?;
    if !(clv.is_finite() && clv >= 0.0) {
        return Err(CxError::InvalidInput {
            field: "clv".into(),
            index: None,
            value: Some(clv.to_string()),
            reason: "must be a finite number >= 0".into(),
        });
    }
    let payback = match margin_per_period {
        Some(m) => Some(cac / positive("margin_per_period", m)?),
        None => None,
    };
    Ok(UnitEconomics {
        cac,
        clv,
        clv_to_cac: clv / cac,
        payback_periods: payback,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cac_adds_cells_and_totals() {
        let r = cac(
            &["web", "web", "email"],
            &["2024-01", "2024-01", "2024-01"],
            &[100.0, 50.0, 30.0],
            &[3.0, 0.0, 0.0],
        )
        .unwrap();
        assert_eq!(r.rows[0].channel, "email");
        assert_eq!(r.rows[0].cac, None);
        assert_eq!(r.rows[1].cac, Some(50.0));
        assert_eq!(r.overall.cac, Some(60.0));
        let u = unit_economics(60.0, 240.0, Some(20.0)).unwrap();
        assert_eq!((u.clv_to_cac, u.payback_periods), (4.0, Some(3.0)));
        assert!(conversion_rate(5.0, 4.0, 0.95).is_err());
    }
}
