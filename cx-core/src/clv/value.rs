//! Discounted customer lifetime value from a purchase model and an expected spend
//! (Fader, Hardie and Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base
//! Analysis", Journal of Marketing Research 42(4), with discrete monthly discounting).

use crate::math;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use serde::{Deserialize, Serialize};

use crate::clv::PurchaseModel;
use crate::clv::data::{TripleHasher, check_triple};
use crate::error::{CxError, Result, check_same_len};

/// The time unit of a model's `recency`/`T` (and of an RFM summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Days.
    Day,
    /// Weeks (7 days).
    Week,
    /// Months (30 days in RFM summaries).
    Month,
}

impl TimeUnit {
    /// Model time units in one month: 30 days, 4.345 weeks (52.14/12), 1 month.
    pub fn per_month(self) -> f64 {
        match self {
            Self::Day => 30.0,
            Self::Week => 4.345,
            Self::Month => 1.0,
        }
    }

    /// Length of one unit in days (1, 7, 30).
    pub fn days(self) -> f64 {
        match self {
            Self::Day => 1.0,
            Self::Week => 7.0,
            Self::Month => 30.0,
        }
    }
}

impl std::str::FromStr for TimeUnit {
    type Err = CxError;
    /// Parses `D`/`day`, `W`/`week`, `M`/`month` (any case, plural allowed).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().trim_end_matches('s') {
            "d" | "day" => Ok(Self::Day),
            "w" | "week" => Ok(Self::Week),
            "m" | "month" => Ok(Self::Month),
            _ => Err(CxError::InvalidInput {
                field: "unit".into(),
                index: None,
                value: Some(s.into()),
                reason: "unit must be D (day), W (week) or M (month)".into(),
            }),
        }
    }
}

/// Discounted CLV of each customer over `months` months:
///
/// `CLV = Σ_{m=1..M} spend × (E[X(m·u)] − E[X((m−1)·u)]) / (1 + d)^m`
///
/// where `E[X(t)]` is the purchase model's expected number of purchases in `(T, T + t]` given
/// the customer's history (conditional expectation), `u` = model time units per month
/// ([`TimeUnit::per_month`]: 30 days, 4.345 weeks, 1 month), `d` the monthly discount rate and
/// `spend` the expected spend per purchase (e.g. from
/// [`GammaGamma::expected_spend`](crate::clv::GammaGamma::expected_spend)). Purchases of month
/// m are discounted as if paid at its end. Result in the currency of `spend`.
///
/// # Errors
/// Field-and-index errors for bad customer triples or spends, `LengthMismatch`, and
/// `discount_rate` not finite or ≤ −1.
#[allow(clippy::too_many_arguments)]
pub fn discounted_clv<M: PurchaseModel + ?Sized>(
    model: &M,
    frequency: &[f64],
    recency: &[f64],
    t: &[f64],
    spend: &[f64],
    months: u32,
    discount_rate: f64,
    unit: TimeUnit,
) -> Result<Vec<f64>> {
    check_same_len("frequency", frequency.len(), "recency", recency.len())?;
    check_same_len("frequency", frequency.len(), "T", t.len())?;
    check_same_len("frequency", frequency.len(), "monetary_value", spend.len())?;
    if !(discount_rate.is_finite() && discount_rate > -1.0) {
        return Err(CxError::InvalidInput {
            field: "discount_rate".into(),
            index: None,
            value: Some(discount_rate.to_string()),
            reason: "monthly discount rate must be finite and > -1 (e.g. 0.01)".into(),
        });
    }
    for i in 0..frequency.len() {
        check_triple(i, frequency[i], recency[i], t[i])?;
        if !(spend[i].is_finite() && spend[i] >= 0.0) {
            return Err(CxError::invalid_at(
                "monetary_value",
                i,
                spend[i],
                "expected spend must be finite and >= 0",
            ));
        }
    }
    // The discounted purchase sum depends on the customer only through the (frequency,
    // recency, T) triple: compute it once per distinct triple, then scale by each spend.
    let u = unit.per_month();
    let mut per_triple: HashMap<(u64, u64, u64), f64, BuildHasherDefault<TripleHasher>> =
        HashMap::default();
    let mut out = Vec::with_capacity(frequency.len());
    for i in 0..frequency.len() {
        let key = (
            (frequency[i] + 0.0).to_bits(),
            (recency[i] + 0.0).to_bits(),
            (t[i] + 0.0).to_bits(),
        );
        let factor = if let Some(&k) = per_triple.get(&key) {
            k
        } else {
            let mut prev = 0.0;
            let mut total = 0.0;
            for m in 1..=months {
                let cum =
                    model.expected_purchases(f64::from(m) * u, frequency[i], recency[i], t[i])?;
                total += (cum - prev) / math::powf(1.0 + discount_rate, f64::from(m));
                prev = cum;
            }
            per_triple.insert(key, total);
            total
        };
        out.push(spend[i] * factor);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::{BgNbd, BgNbdParams};
    use approx::assert_relative_eq;

    fn model() -> BgNbd {
        // Fader, Hardie and Lee (2005) CDNOW estimates (weeks).
        BgNbd::from_params(BgNbdParams {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        })
        .unwrap()
    }

    #[test]
    fn formula_telescopes_without_discount() {
        let m = model();
        let (x, tx, t) = (2.0, 30.43, 38.86);
        // d = 0: the sum telescopes to spend × E[X(M·u)].
        let clv = discounted_clv(&m, &[x], &[tx], &[t], &[20.0], 12, 0.0, TimeUnit::Week).unwrap();
        let e = m.expected_purchases(12.0 * 4.345, x, tx, t).unwrap();
        assert_relative_eq!(clv[0], 20.0 * e, max_relative = 1e-12);
        // One month at 1%: spend × E[X(u)] / 1.01.
        let one = discounted_clv(&m, &[x], &[tx], &[t], &[20.0], 1, 0.01, TimeUnit::Week).unwrap();
        let e1 = m.expected_purchases(4.345, x, tx, t).unwrap();
        assert_relative_eq!(one[0], 20.0 * e1 / 1.01, max_relative = 1e-12);
        // Discounting lowers value; longer horizons raise it.
        let d = discounted_clv(&m, &[x], &[tx], &[t], &[20.0], 12, 0.01, TimeUnit::Week).unwrap();
        assert!(d[0] < clv[0] && d[0] > one[0]);
        // Heavy buyers with long histories stay finite.
        let big = discounted_clv(
            &m,
            &[10_000.0],
            &[9_999.0],
            &[10_000.0],
            &[50.0],
            120,
            0.01,
            TimeUnit::Day,
        )
        .unwrap();
        assert!(big[0].is_finite() && big[0] > 0.0);
    }

    #[test]
    fn errors_and_units() {
        let m = model();
        let e = discounted_clv(&m, &[1.0], &[1.0], &[2.0], &[1.0], 12, -1.0, TimeUnit::Week)
            .unwrap_err();
        assert_eq!(e.field(), Some("discount_rate"));
        let e = discounted_clv(
            &m,
            &[1.0],
            &[1.0],
            &[2.0],
            &[-1.0],
            12,
            0.01,
            TimeUnit::Week,
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("monetary_value"));
        let e = discounted_clv(
            &m,
            &[1.0, 2.0],
            &[1.0],
            &[2.0],
            &[1.0],
            12,
            0.01,
            TimeUnit::Week,
        )
        .unwrap_err();
        assert_eq!(e.code(), "CX_LENGTH_MISMATCH");
        assert_eq!("W".parse::<TimeUnit>().unwrap(), TimeUnit::Week);
        assert_eq!("days".parse::<TimeUnit>().unwrap(), TimeUnit::Day);
        assert_eq!("M".parse::<TimeUnit>().unwrap().per_month(), 1.0);
        assert!("Y".parse::<TimeUnit>().is_err());
    }
}
