//! Retention and churn: Kaplan–Meier survival with censoring, a shifted-beta-geometric
//! forecast of subscription renewals, and a churn classifier scored by its AUC.
//!
//! Run with `cargo run -p cx-core --example retention`.

use cx_core::Result;
use cx_core::churn::{ChurnClassifier, churn_metrics};
use cx_core::retention::{KaplanMeierOptions, ShiftedBetaGeometric, kaplan_meier};

fn main() -> Result<()> {
    // Days from sign-up to cancellation; 0 in `observed` marks accounts still open today.
    let days = [
        3.0, 9.0, 9.0, 14.0, 21.0, 30.0, 30.0, 45.0, 60.0, 60.0, 90.0, 90.0,
    ];
    let observed = [1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0];
    let km = kaplan_meier(&days, Some(&observed), KaplanMeierOptions { level: 0.95 })?;
    println!(
        "Kaplan–Meier: {} accounts, {} cancellations, median lifetime {} days",
        km.n, km.events, km.median
    );
    for day in [7.0, 30.0, 60.0] {
        println!(
            "  still open after {day:>2} days: {:.0}%",
            100.0 * km.survival_at(day)
        );
    }

    // Customers still subscribed at each yearly renewal, from the "regular" segment of Fader
    // and Hardie (2007), "How to project customer retention"; the fit gives alpha ≈ 0.704,
    // beta ≈ 1.182.
    let alive = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0];
    let sbg = ShiftedBetaGeometric::params().fit(&alive)?;
    println!(
        "\nsBG fit: alpha = {:.3}, beta = {:.3}",
        sbg.alpha, sbg.beta
    );
    for year in [8, 10, 12] {
        println!(
            "  year {year:>2}: {:.1}% still subscribed, renewal rate {:.1}%",
            100.0 * sbg.survival(year),
            100.0 * sbg.retention_rate(year)
        );
    }

    // Churn probability from two features per customer (support tickets, months on a
    // discount plan), row-major, with the observed churn as 0/1.
    let features = [
        0.0, 0.0, 1.0, 2.0, 4.0, 0.0, 0.0, 3.0, 5.0, 1.0, 2.0, 0.0, 6.0, 0.0, 1.0, 1.0,
    ];
    let churned = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    let model = ChurnClassifier::params()
        .l2(1.0)
        .fit(&features, 2, &churned)?;
    let p = model.predict_proba(&features)?;
    let m = churn_metrics(&churned, &p)?;
    println!(
        "\nChurn classifier: in-sample AUC {:.2}, Brier score {:.3}",
        m.auc, m.brier
    );
    Ok(())
}
