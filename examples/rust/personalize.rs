//! The personalization section of the demo on the CDNOW purchases: how concentrated customer
//! revenue is (Gini, the top 10%'s share, the top 5 customers) and personas found by k-means
//! on RFM features, with k chosen by silhouette.
//!
//! Part of the `report` example (`make demo`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use cx_core::Result;
use cx_core::clv::{RfmOptions, TimeUnit, rfm_summary};
use cx_core::domain::{Timestamp, Transaction};
use cx_core::personalize::{PersonaParams, personas, top_customers, value_concentration};

/// Best customers and personas as text; `observation_end` closes the purchase history.
pub fn personalize_section(tx: &[Transaction], observation_end: Timestamp) -> Result<String> {
    let mut out = String::from("Best customers\n--------------\n");
    let mut revenue: BTreeMap<&str, f64> = BTreeMap::new();
    for t in tx {
        *revenue.entry(t.customer.as_str()).or_default() += t.amount;
    }
    let (ids, values): (Vec<&str>, Vec<f64>) = revenue.into_iter().unzip();
    let c = value_concentration(&values)?;
    put!(
        out,
        "revenue of {} customers: Gini {:.3}; the top 10% hold {:.1}% of it, the top 1% {:.1}%\n",
        c.n,
        c.gini,
        100.0 * c.top_share(0.10)?,
        100.0 * c.top_share(0.01)?
    );
    let half = top_customers(&values, None, Some(0.5))?;
    put!(
        out,
        "half of all revenue comes from {} customers ({:.1}% of them)\n",
        half.count,
        100.0 * half.customer_share
    );
    let top = top_customers(&values, Some(5), None)?;
    out += "top 5 customers   revenue   share\n";
    for ((&row, v), s) in top.rows.iter().zip(&top.values).zip(&top.shares) {
        put!(out, "  {:<12} {:>10.2} {:>6.2}%\n", ids[row], v, 100.0 * s);
    }

    // RFM features per customer (weeks): repeat purchases, weeks since the last purchase,
    // mean repeat spend and weeks since the first purchase.
    let s = rfm_summary(
        tx,
        &RfmOptions {
            unit: TimeUnit::Week,
            fractional: true,
            observation_end: Some(observation_end),
            holdout_start: None,
        },
    )?;
    let names = ["frequency", "inactivity", "spend", "tenure"];
    let mut x = Vec::with_capacity(4 * s.len());
    for i in 0..s.len() {
        x.extend([
            s.frequency[i],
            s.t[i] - s.recency[i],
            s.monetary_value[i],
            s.t[i],
        ]);
    }
    let p = personas(&x, &names, PersonaParams::default())?;
    out += "\nPersonas\n--------\n";
    out += "k-means on z-scored frequency (repeat purchases), inactivity (weeks since the last\n";
    out += "purchase), spend (mean repeat spend) and tenure (weeks since the first), seed 0\n";
    let tried: Vec<String> = p
        .scores
        .iter()
        .map(|k| format!("{}: {:.3}", k.k, k.silhouette))
        .collect();
    put!(out, "silhouette by k  {}\n", tried.join("  "));
    put!(out, "k = {} (best silhouette {:.3})\n", p.k, p.silhouette);
    out += "persona  customers   freq  inactive     spend  tenure  description\n";
    for q in &p.profiles {
        put!(
            out,
            "  {:<6} {:>9} {:>6.1} {:>9.1} {:>9.2} {:>7.1}  {}\n",
            q.cluster,
            format!("{:.1}%", 100.0 * q.share),
            q.means[0],
            q.means[1],
            q.means[2],
            q.means[3],
            q.description
        );
    }
    Ok(out)
}
