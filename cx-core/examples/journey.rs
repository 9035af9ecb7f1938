//! Journeys: a conversion funnel with a time window, and the same converting paths credited
//! to channels by a rule (position-based), by the Markov removal effect and by Shapley values.
//!
//! Run with `cargo run -p cx-core --example journey`.

use cx_core::Result;
use cx_core::journey::{AttributionModel, FunnelSpec, PathData, attribution, funnel};

fn main() -> Result<()> {
    // Event log: who did what, when (seconds since the campaign started).
    let customers = ["ann", "ann", "ann", "bo", "bo", "cy", "cy", "cy", "di"];
    let times = [0, 300, 2_000, 50, 90_000, 10, 400, 200_000, 30];
    let events = [
        "visit", "signup", "purchase", "visit", "signup", "visit", "signup", "purchase", "visit",
    ];
    // A step counts only within a day of the first one: bo's and cy's late steps do not.
    let spec = FunnelSpec::new(&["visit", "signup", "purchase"]).window(86_400);
    let report = funnel(&customers, &times, &events, None, &spec)?;
    println!("  step        reached  from previous  median wait");
    for step in &report.steps {
        let rate = step
            .conversion_from_previous
            .map_or_else(|| "-".to_owned(), |r| format!("{:.0}%", 100.0 * r));
        let wait = step
            .median_seconds_to_convert
            .map_or_else(|| "-".to_owned(), |s| format!("{s:.0} s"));
        println!(
            "  {:<10} {:>8}  {rate:>13}  {wait:>11}",
            step.step, step.converted
        );
    }

    // Channel paths with how many customers converted on each and how many did not.
    let paths = vec![
        vec!["search", "email", "search"],
        vec!["social", "search"],
        vec!["email"],
        vec!["social"],
        vec!["search", "social", "email"],
    ];
    let conversions = [12.0, 7.0, 3.0, 1.0, 4.0];
    let non_conversions = [20.0, 30.0, 40.0, 60.0, 9.0];
    let data = PathData::new(&paths, &conversions).nulls(&non_conversions);
    let models = [
        (
            "position 40/20/40",
            AttributionModel::PositionBased {
                first: 0.4,
                last: 0.4,
            },
        ),
        ("Markov, order 1", AttributionModel::Markov { order: 1 }),
        ("Shapley", AttributionModel::Shapley),
    ];
    println!("\n  model                email  search  social");
    for (name, model) in models {
        let a = attribution(&data, model)?;
        println!(
            "  {name:<18} {:>7.2} {:>7.2} {:>7.2}",
            a.credit("email"),
            a.credit("search"),
            a.credit("social")
        );
    }
    Ok(())
}
