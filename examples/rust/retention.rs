//! The retention section of the demo on the CDNOW purchases: monthly cohort retention,
//! lifecycle stages, and Kaplan-Meier time to the first repeat purchase.
//!
//! Part of the `report` example (`make demo`).

use std::fmt::Write as _;

use chrono::Datelike;
use cx_core::Result;
use cx_core::domain::{Timestamp, Transaction};
use cx_core::retention::{
    KaplanMeierOptions, Period, cohort_table, kaplan_meier, lifecycle, time_to_repeat,
};

/// Cohort table, lifecycle counts and time to repeat purchase, as text.
pub fn retention_section(tx: &[Transaction], observation_end: Timestamp) -> Result<String> {
    let customers: Vec<&str> = tx.iter().map(|t| t.customer.as_str()).collect();
    let stamps: Vec<Timestamp> = tx.iter().map(|t| t.timestamp).collect();
    let mut s = String::from("Retention\n---------\n");

    let table = cohort_table(&customers, &stamps, Period::Month)?;
    put!(
        s,
        "monthly cohorts: share of each cohort buying k months after its first purchase\n  cohort    size"
    );
    let shown = [1usize, 2, 3, 6, 9, 12, 17];
    for k in shown {
        put!(s, "  {:>5}", format!("m{k}"));
    }
    s.push('\n');
    for row in &table.cohorts {
        put!(
            s,
            "  {}-{:02}  {:>5}",
            row.cohort_start.year(),
            row.cohort_start.month(),
            row.size
        );
        for k in shown {
            match row.share.get(k) {
                Some(x) => {
                    put!(s, "  {:>4.1}%", 100.0 * x);
                }
                None => {
                    put!(s, "  {:>5}", "-");
                }
            }
        }
        s.push('\n');
    }

    let stages = lifecycle(&customers, &stamps, Period::Month)?;
    s += "\nlifecycle by month    new  returning  resurrecting  dormant\n";
    for c in &stages {
        put!(
            s,
            "  {}-{:02}       {:>7}  {:>9}  {:>12}  {:>7}\n",
            c.period_start.year(),
            c.period_start.month(),
            c.new,
            c.returning,
            c.resurrecting,
            c.dormant
        );
    }

    let rep = time_to_repeat(&customers, &stamps, observation_end)?;
    let km = kaplan_meier(
        &rep.durations,
        Some(&rep.observed),
        KaplanMeierOptions::default(),
    )?;
    put!(
        s,
        "\ntime to first repeat purchase (Kaplan-Meier, censored at {}):\n  {} customers, {} repeat; median {} (95% CI {} to {})\n",
        observation_end.date_naive(),
        km.n,
        km.events,
        days(km.median),
        days(km.median_ci.0),
        days(km.median_ci.1)
    );
    for t in [30.0, 90.0, 180.0, 365.0] {
        let (lo, hi) = km.ci_at(t);
        put!(
            s,
            "  still without a repeat after {t:>3} days: {:>5.1}% [{:.1}%, {:.1}%]\n",
            100.0 * km.survival_at(t),
            100.0 * lo,
            100.0 * hi
        );
    }
    Ok(s)
}

fn days(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.0} days")
    } else {
        "not reached".into()
    }
}
