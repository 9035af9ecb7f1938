//! The customer-lifetime-value section of the demo on the CDNOW purchases (Fader, Hardie and Lee
//! 2005): an RFM summary with a 39-week calibration and 39-week holdout period (weeks, days ÷ 7),
//! BG/NBD and Gamma-Gamma fits with standard errors, the top 10 customers by 12-month discounted
//! CLV with P(alive), and predicted vs actual repeat purchases in the holdout period.
//!
//! Part of the `report` example (`make demo`).

use std::fmt::Write as _;

use cx_core::Result;
use cx_core::clv::{
    BgNbd, GammaGamma, PurchaseModel, RepeatData, RfmOptions, SpendData, TimeUnit,
    holdout_comparison, rfm_summary,
};
use cx_core::domain::{Timestamp, Transaction};

/// Customers listed by CLV, and the calibration frequency gathering "and more" in the holdout
/// table.
const TOP: usize = 10;
const MAX_FREQUENCY: u32 = 7;

/// A fitted value with its standard error in parentheses, or `(n/a)` without one.
fn with_se(value: f64, se: Option<f64>, decimals: usize) -> String {
    se.map_or_else(
        || format!("{value:.decimals$} (n/a)"),
        |e| format!("{value:.decimals$} ({e:.decimals$})"),
    )
}

/// BG/NBD and Gamma-Gamma parameters, top customers by CLV and the holdout check, as text.
/// Calibration runs from each customer's first purchase to `holdout_start`, the holdout from
/// there to `observation_end`.
pub fn clv_section(
    tx: &[Transaction],
    holdout_start: Timestamp,
    observation_end: Timestamp,
) -> Result<String> {
    let options = RfmOptions {
        unit: TimeUnit::Week,
        fractional: true,
        observation_end: Some(observation_end),
        holdout_start: Some(holdout_start),
    };
    let s = rfm_summary(tx, &options)?;
    let data = RepeatData::new(&s.frequency, &s.recency, &s.t, None)?;
    let mut out = String::from("Customer lifetime value\n-----------------------\n");
    put!(
        out,
        "calibration before {}, holdout {:.0} weeks; {} customers, {} distinct (x, t_x, T) triples\n",
        holdout_start.date_naive(),
        s.duration_holdout.unwrap_or(0.0),
        s.len(),
        data.len()
    );

    let bg = BgNbd::params().fit(&data)?;
    let (p, se) = (bg.params, bg.standard_errors);
    put!(
        out,
        "BG/NBD       r {}  alpha {}  a {}  b {}  LL {:.1}\n",
        with_se(p.r, se.map(|e| e.r), 3),
        with_se(p.alpha, se.map(|e| e.alpha), 3),
        with_se(p.a, se.map(|e| e.a), 3),
        with_se(p.b, se.map(|e| e.b), 3),
        bg.log_likelihood
    );
    let gg = GammaGamma::params().fit(&SpendData::new(&s.frequency, &s.monetary_value, None)?)?;
    let (g, ge) = (gg.params, gg.standard_errors);
    put!(
        out,
        "Gamma-Gamma  p {}  q {}  v {}  LL {:.1}  (standard errors in parentheses)\n",
        with_se(g.p, ge.map(|e| e.p), 2),
        with_se(g.q, ge.map(|e| e.q), 2),
        with_se(g.v, ge.map(|e| e.v), 2),
        gg.log_likelihood
    );

    let clv = gg.clv(
        &bg,
        &s.frequency,
        &s.recency,
        &s.t,
        &s.monetary_value,
        12,
        0.01,
        TimeUnit::Week,
    )?;
    let alive = bg.p_alive_many(&s.frequency, &s.recency, &s.t)?;
    let mut order: Vec<usize> = (0..s.len()).collect();
    // Stable sort: equal values keep the summary's (customer-sorted) order.
    order.sort_by(|&i, &j| clv[j].total_cmp(&clv[i]));
    out +=
        "\ntop 10 customers by 12-month CLV (discounted 1% a month, from the end of calibration)\n";
    out += "  customer  frequency  recency  T (weeks)  P(alive)  12-month purchases  CLV ($)\n";
    for &i in order.iter().take(TOP) {
        let purchases =
            bg.expected_purchases(12.0 * 4.345, s.frequency[i], s.recency[i], s.t[i])?;
        put!(
            out,
            "  {:>8}  {:>9}  {:>7.2}  {:>9.2}  {:>8.3}  {:>18.2}  {:>7.2}\n",
            s.customer[i],
            s.frequency[i],
            s.recency[i],
            s.t[i],
            alive[i],
            purchases,
            clv[i]
        );
    }

    out += "\nholdout: mean repeat purchases per customer by calibration frequency (BG/NBD)\n";
    out += "  frequency  customers  actual  predicted\n";
    let (mut total_actual, mut total_predicted) = (0.0, 0.0);
    for r in holdout_comparison(&bg, &s, MAX_FREQUENCY)? {
        let label = if r.frequency == MAX_FREQUENCY {
            format!("{MAX_FREQUENCY}+")
        } else {
            r.frequency.to_string()
        };
        total_actual += r.actual * r.customers as f64;
        total_predicted += r.predicted * r.customers as f64;
        put!(
            out,
            "  {label:>9}  {:>9}  {:>6.2}  {:>9.2}\n",
            r.customers,
            r.actual,
            r.predicted
        );
    }
    put!(
        out,
        "  all        {:>9}  {:>6.0}  {:>9.0}  (total holdout repeat purchases)\n",
        s.len(),
        total_actual,
        total_predicted
    );
    Ok(out)
}
