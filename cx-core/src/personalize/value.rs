//! Best customers: ranking by value, top-k and top-share, Lorenz curve and Gini coefficient.

use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result};

/// Checks customer values: not empty, finite, not negative, with a positive total.
fn check_values(values: &[f64]) -> Result<f64> {
    if values.is_empty() {
        return Err(CxError::Empty {
            field: "values".into(),
            needed: 1,
            got: 0,
        });
    }
    for (i, &v) in values.iter().enumerate() {
        if !v.is_finite() {
            return Err(CxError::invalid_at("values", i, v, "values must be finite"));
        }
        if v < 0.0 {
            return Err(CxError::invalid_at(
                "values",
                i,
                v,
                "values must not be negative: shares of value are undefined for negative \
                 value (shift or clip the metric first)",
            ));
        }
    }
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return Err(CxError::invalid(
            "values",
            "all values are zero: shares of total value are undefined",
        ));
    }
    Ok(total)
}

/// Row indices ordered by value, highest first; ties keep the input order.
fn ranked(values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    order
}

/// The best customers by value ([`top_customers`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopCustomers {
    /// Positions in the input of the customers kept, highest value first (ties: input order).
    pub rows: Vec<usize>,
    /// Their values, in the same order.
    pub values: Vec<f64>,
    /// Share of total value held by each customer.
    pub shares: Vec<f64>,
    /// Share of total value held by the customers up to and including each one.
    pub cumulative_shares: Vec<f64>,
    /// Number of customers kept.
    pub count: usize,
    /// Share of all customers that they are (`count / n`).
    pub customer_share: f64,
    /// Share of total value they hold.
    pub value_share: f64,
    /// Total value of all customers.
    pub total: f64,
}

/// Ranks customers by `values` (CLV, an RFM score, revenue: any non-negative metric) and
/// keeps the top `k`, or the fewest customers who together hold at least `share` of total
/// value (0 < `share` ≤ 1), or everyone when both are `None`.
///
/// Ties are ranked in input order. Negative or non-finite values, an all-zero vector, `k`
/// of 0 or above the number of customers, and giving both `k` and `share` are errors.
///
/// ```
/// use cx_core::personalize::top_customers;
///
/// let top = top_customers(&[10.0, 50.0, 0.0, 40.0], None, Some(0.8))?;
/// assert_eq!(top.rows, [1, 3]); // 50 + 40 = 90% of 100
/// assert_eq!(top.value_share, 0.9);
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn top_customers(values: &[f64], k: Option<usize>, share: Option<f64>) -> Result<TopCustomers> {
    let total = check_values(values)?;
    let n = values.len();
    let order = ranked(values);
    let count = match (k, share) {
        (Some(_), Some(_)) => {
            return Err(CxError::invalid("share", "give `k` or `share`, not both"));
        }
        (Some(k), None) => {
            if k == 0 || k > n {
                return Err(CxError::InvalidInput {
                    field: "k".into(),
                    index: None,
                    value: Some(k.to_string()),
                    reason: format!("must be from 1 to the number of customers ({n})"),
                });
            }
            k
        }
        (None, Some(s)) => {
            if !(s.is_finite() && s > 0.0 && s <= 1.0) {
                return Err(CxError::InvalidInput {
                    field: "share".into(),
                    index: None,
                    value: Some(s.to_string()),
                    reason: "must be a share of value in (0, 1], e.g. 0.8".into(),
                });
            }
            // The fewest top customers whose running sum reaches the target; the slack
            // absorbs rounding so that share = 1 stops at the last customer with value.
            let target = s * total - 1e-12 * total;
            let mut sum = 0.0;
            order
                .iter()
                .position(|&i| {
                    sum += values[i];
                    sum >= target
                })
                .map_or(n, |p| p + 1)
        }
        (None, None) => n,
    };
    let rows = order[..count].to_vec();
    let vals: Vec<f64> = rows.iter().map(|&i| values[i]).collect();
    let shares: Vec<f64> = vals.iter().map(|v| v / total).collect();
    let mut sum = 0.0;
    let cumulative_shares: Vec<f64> = vals
        .iter()
        .map(|v| {
            sum += v;
            sum / total
        })
        .collect();
    Ok(TopCustomers {
        rows,
        values: vals,
        shares,
        value_share: sum / total,
        cumulative_shares,
        count,
        customer_share: count as f64 / n as f64,
        total,
    })
}

/// How concentrated customer value is ([`value_concentration`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concentration {
    /// Number of customers.
    pub n: usize,
    /// Total value.
    pub total: f64,
    /// Gini coefficient `Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx)` over values sorted ascending: 0 when
    /// every customer is worth the same, at most `1 − 1/n` when one holds everything.
    pub gini: f64,
    /// Lorenz curve x-axis: share of customers `i/n`, `i = 0..=n`, poorest first.
    pub population_shares: Vec<f64>,
    /// Lorenz curve y-axis: share of value held by the poorest `i` customers.
    pub value_shares: Vec<f64>,
}

impl Concentration {
    /// Share of value held by the top `fraction` of customers (0 ≤ `fraction` ≤ 1):
    /// `1 − L(1 − fraction)` on the Lorenz curve, linear between its points.
    pub fn top_share(&self, fraction: f64) -> Result<f64> {
        if !(fraction.is_finite() && (0.0..=1.0).contains(&fraction)) {
            return Err(CxError::InvalidInput {
                field: "fraction".into(),
                index: None,
                value: Some(fraction.to_string()),
                reason: "must be a share of customers from 0 to 1".into(),
            });
        }
        let u = (1.0 - fraction) * self.n as f64;
        let i = (u.floor() as usize).min(self.n - 1);
        let t = u - i as f64;
        let l = self.value_shares[i] + t * (self.value_shares[i + 1] - self.value_shares[i]);
        Ok(1.0 - l)
    }
}

/// Lorenz curve and Gini coefficient of customer value (Gini 1912; the estimator is
/// `G = Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx)` on values sorted ascending, equal to the mean
/// absolute difference over twice the mean, and to one minus twice the trapezoid area under
/// the Lorenz curve). Ties and zeros need no special care; negative or non-finite values and
/// an all-zero vector are errors.
///
/// ```
/// use cx_core::personalize::value_concentration;
///
/// let c = value_concentration(&[1.0, 1.0, 1.0, 1.0])?;
/// assert_eq!(c.gini, 0.0);
/// let c = value_concentration(&[0.0, 0.0, 0.0, 8.0])?;
/// assert_eq!(c.gini, 0.75); // 1 − 1/n: one customer holds everything
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn value_concentration(values: &[f64]) -> Result<Concentration> {
    let total = check_values(values)?;
    let n = values.len();
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut weighted = 0.0;
    let mut cum = 0.0;
    let mut value_shares = Vec::with_capacity(n + 1);
    value_shares.push(0.0);
    for (i, &x) in sorted.iter().enumerate() {
        weighted += (2.0 * (i + 1) as f64 - n as f64 - 1.0) * x;
        cum += x;
        value_shares.push(cum / total);
    }
    // The last point is exactly (1, 1) whatever the rounding of the running sum.
    value_shares[n] = 1.0;
    let population_shares = (0..=n).map(|i| i as f64 / n as f64).collect();
    let gini = (weighted / (n as f64 * total)).max(0.0);
    Ok(Concentration {
        n,
        total,
        gini,
        population_shares,
        value_shares,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_and_lorenz_by_hand() {
        // x = 1, 2, 3, 4: Σ(2i − 5)x = −3 − 2 + 3 + 12 = 10, n·Σx = 40 → G = 0.25.
        let c = value_concentration(&[3.0, 1.0, 4.0, 2.0]).unwrap();
        assert!((c.gini - 0.25).abs() < 1e-15);
        assert_eq!(c.value_shares, [0.0, 0.1, 0.3, 0.6, 1.0]);
        assert_eq!(c.population_shares, [0.0, 0.25, 0.5, 0.75, 1.0]);
        // Top quarter holds 4/10; top eighth half of it by interpolation.
        assert!((c.top_share(0.25).unwrap() - 0.4).abs() < 1e-15);
        assert!((c.top_share(0.125).unwrap() - 0.2).abs() < 1e-15);
        assert_eq!(c.top_share(0.0).unwrap(), 0.0);
        assert_eq!(c.top_share(1.0).unwrap(), 1.0);
    }

    #[test]
    fn top_k_and_share_with_ties_and_zeros() {
        let v = [5.0, 0.0, 5.0, 10.0];
        let t = top_customers(&v, Some(2), None).unwrap();
        assert_eq!(t.rows, [3, 0]);
        assert_eq!(t.cumulative_shares, [0.5, 0.75]);
        assert_eq!(t.customer_share, 0.5);
        let t = top_customers(&v, None, Some(1.0)).unwrap();
        assert_eq!(t.rows, [3, 0, 2]); // the zero-value customer is not needed
        let t = top_customers(&v, None, None).unwrap();
        assert_eq!(t.count, 4);
    }

    #[test]
    fn errors_name_the_field() {
        let f = |r: Result<TopCustomers>| r.unwrap_err().field().map(str::to_owned);
        assert_eq!(
            f(top_customers(&[1.0, -1.0], None, None)).as_deref(),
            Some("values")
        );
        assert_eq!(f(top_customers(&[], None, None)).as_deref(), Some("values"));
        assert_eq!(
            f(top_customers(&[0.0, 0.0], None, None)).as_deref(),
            Some("values")
        );
        assert_eq!(
            f(top_customers(&[1.0], Some(2), None)).as_deref(),
            Some("k")
        );
        assert_eq!(
            f(top_customers(&[1.0], Some(0), None)).as_deref(),
            Some("k")
        );
        assert_eq!(
            f(top_customers(&[1.0], None, Some(1.5))).as_deref(),
            Some("share")
        );
        assert_eq!(
            f(top_customers(&[1.0], Some(1), Some(0.5))).as_deref(),
            Some("share")
        );
        let e = value_concentration(&[1.0, f64::NAN]).unwrap_err();
        assert!(matches!(e, CxError::InvalidInput { index: Some(1), .. }));
    }
}
