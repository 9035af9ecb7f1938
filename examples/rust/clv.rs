//! Customer lifetime value on the CDNOW sample (Fader, Hardie and Lee 2005): RFM summary with a
//! 39-week calibration and 39-week holdout, BG/NBD and Pareto/NBD fits with standard errors,
//! Gamma-Gamma spend, the top 10 customers by 12-month discounted CLV, and the holdout check.
//!
//! Run: `cargo run --release -p cx-core --example clv`

use chrono::{TimeZone, Utc};
use cx_core::clv::{
    BgNbd, GammaGamma, ParetoNbd, RepeatData, RfmOptions, SpendData, TimeUnit, holdout_comparison,
    rfm_summary,
};

fn main() -> Result<(), cx_core::CxError> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/data/CDNOW_sample.txt"
    );
    let tx: Vec<_> = cx_core::io::read_cdnow_path(path)?
        .into_iter()
        .map(|p| p.transaction)
        .collect();
    let options = RfmOptions {
        unit: TimeUnit::Week,
        fractional: true,
        observation_end: Some(Utc.with_ymd_and_hms(1998, 6, 30, 0, 0, 0).unwrap()),
        holdout_start: Some(Utc.with_ymd_and_hms(1997, 10, 1, 0, 0, 0).unwrap()),
    };
    let s = rfm_summary(&tx, &options)?;
    let data = RepeatData::new(&s.frequency, &s.recency, &s.t, None)?;
    println!(
        "{} customers, {} distinct (frequency, recency, T) triples",
        s.len(),
        data.len()
    );

    let bg = BgNbd::params().fit(&data)?;
    let se = bg.standard_errors.expect("positive-definite Hessian");
    let p = bg.params;
    println!(
        "BG/NBD   r {:.3} ({:.3})  alpha {:.3} ({:.3})  a {:.3} ({:.3})  b {:.3} ({:.3})  LL {:.1}",
        p.r, se.r, p.alpha, se.alpha, p.a, se.a, p.b, se.b, bg.log_likelihood
    );
    let pn = ParetoNbd::params().fit(&data)?;
    let q = pn.params;
    println!(
        "Pareto   r {:.3}  alpha {:.2}  s {:.3}  beta {:.2}  LL {:.2}",
        q.r, q.alpha, q.s, q.beta, pn.log_likelihood
    );
    let gg = GammaGamma::params().fit(&SpendData::new(&s.frequency, &s.monetary_value, None)?)?;
    let g = gg.params;
    println!("Gamma-Gamma p {:.2}  q {:.2}  v {:.2}", g.p, g.q, g.v);

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
    order.sort_by(|&i, &j| clv[j].total_cmp(&clv[i]));
    println!("\ntop 10 by 12-month CLV (1% a month):");
    println!("customer  frequency  recency      T  P(alive)    CLV");
    for &i in order.iter().take(10) {
        println!(
            "{:>8}  {:>9}  {:>7.2}  {:>5.2}  {:>8.3}  {:>6.2}",
            s.customer[i], s.frequency[i], s.recency[i], s.t[i], alive[i], clv[i]
        );
    }

    println!("\nholdout (39 weeks): mean purchases by calibration frequency");
    println!("frequency  customers  actual  BG/NBD");
    for r in holdout_comparison(&bg, &s, 7)? {
        let label = if r.frequency == 7 {
            "7+".to_string()
        } else {
            r.frequency.to_string()
        };
        println!(
            "{label:>9}  {:>9}  {:>6.2}  {:>6.2}",
            r.customers, r.actual, r.predicted
        );
    }
    Ok(())
}
