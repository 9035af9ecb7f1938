//! Property tests of the journey invariants: credits sum to conversions (and value), a channel
//! that never appears gets zero, funnel counts never increase from step to step.

use cx_core::journey::{AttributionModel, FunnelOrder, FunnelSpec, PathData, attribution, funnel};
use proptest::prelude::*;

const CHANNELS: [&str; 5] = ["chat", "email", "phone", "store", "web"];

fn paths() -> impl Strategy<Value = Vec<(Vec<usize>, u8, u8, u16)>> {
    // Channels 0..4 only: "web" (index 4) never appears.
    prop::collection::vec(
        (
            prop::collection::vec(0usize..4, 1..6),
            0u8..4,
            0u8..4,
            0u16..500,
        ),
        1..25,
    )
}

fn models() -> Vec<AttributionModel> {
    vec![
        AttributionModel::FirstTouch,
        AttributionModel::LastTouch,
        AttributionModel::Linear,
        AttributionModel::POSITION_40_20_40,
        AttributionModel::PositionBased {
            first: 0.3,
            last: 0.5,
        },
        AttributionModel::TimeDecay { half_life: 2.0 },
        AttributionModel::Markov { order: 1 },
        AttributionModel::Markov { order: 2 },
        AttributionModel::Markov { order: 3 },
        AttributionModel::Shapley,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn credits_sum_to_conversions_and_value(rows in paths()) {
        let p: Vec<Vec<&str>> = rows.iter().map(|r| r.0.iter().map(|&c| CHANNELS[c]).collect()).collect();
        let conv: Vec<f64> = rows.iter().map(|r| f64::from(r.1)).collect();
        let nulls: Vec<f64> = rows.iter().map(|r| f64::from(r.2)).collect();
        let values: Vec<f64> = rows.iter().map(|r| f64::from(r.3)).collect();
        let times: Vec<Vec<f64>> = rows.iter().map(|r| (0..r.0.len()).map(|i| i as f64).collect()).collect();
        let data = PathData::new(&p, &conv).nulls(&nulls).values(&values).times(&times);
        let total: f64 = conv.iter().sum();
        let total_value: f64 = values.iter().sum();
        for m in models() {
            let r = attribution(&data, m).unwrap();
            prop_assert_eq!(r.credit("web"), 0.0, "{}", m);
            prop_assert!(r.channels.iter().all(|c| c.channel != "web"));
            prop_assert!(r.channels.iter().all(|c| c.conversions >= -1e-9), "{}", m);
            let sum: f64 = r.channels.iter().map(|c| c.conversions).sum();
            let vsum: f64 = r.channels.iter().filter_map(|c| c.value).sum();
            // Markov credits are zero when no path converts (removal effects undefined).
            let markov_zero = matches!(m, AttributionModel::Markov { .. }) && total == 0.0;
            if !markov_zero {
                prop_assert!((sum - total).abs() <= 1e-9 * total.max(1.0), "{}: {} vs {}", m, sum, total);
            }
            let value_defined = !matches!(m, AttributionModel::Markov { .. }) || r.channels.iter().any(|c| c.conversions > 0.0);
            if value_defined {
                prop_assert!((vsum - total_value).abs() <= 1e-9 * total_value.max(1.0), "{}: {} vs {}", m, vsum, total_value);
            }
            // Bit-for-bit stable across runs.
            prop_assert_eq!(attribution(&data, m).unwrap(), r);
        }
    }

    #[test]
    fn channels_only_on_nonconverting_paths_get_nothing_from_rules(rows in paths()) {
        // Channel "store" (3) is added to null-only paths; rule-based and Shapley give it 0.
        let mut p: Vec<Vec<&str>> = rows.iter().map(|r| r.0.iter().filter(|&&c| c != 3).map(|&c| CHANNELS[c]).collect::<Vec<_>>()).filter(|v: &Vec<&str>| !v.is_empty()).collect();
        let mut conv = vec![1.0; p.len()];
        p.push(vec!["store", "email"]);
        conv.push(0.0);
        let data = PathData::new(&p, &conv);
        for m in [AttributionModel::FirstTouch, AttributionModel::LastTouch, AttributionModel::Linear, AttributionModel::POSITION_40_20_40, AttributionModel::Shapley] {
            prop_assert_eq!(attribution(&data, m).unwrap().credit("store"), 0.0);
        }
    }

    #[test]
    fn funnel_counts_never_increase(
        evs in prop::collection::vec((0u8..6, 0i64..200, 0usize..5), 1..120),
        window in 0i64..150,
        order in 0usize..3,
    ) {
        let names = ["visit", "signup", "cart", "purchase", "unsubscribe"];
        let customers: Vec<String> = evs.iter().map(|e| format!("c{}", e.0)).collect();
        let times: Vec<i64> = evs.iter().map(|e| e.1).collect();
        let events: Vec<&str> = evs.iter().map(|e| names[e.2]).collect();
        let customers: Vec<&str> = customers.iter().map(String::as_str).collect();
        let mut spec = FunnelSpec::new(&["visit", "signup", "cart", "purchase"]).window(window).order(
            [FunnelOrder::Ordered, FunnelOrder::Strict, FunnelOrder::Unordered][order]);
        // Steps must name events that occur; drop the funnel when one is missing.
        let present = |n: &str| events.contains(&n);
        prop_assume!(spec.steps.iter().all(|s| present(&s.name)));
        if present("unsubscribe") {
            spec = spec.exclusions(&["unsubscribe"]);
        }
        let r = funnel(&customers, &times, &events, Some(&customers), &spec).unwrap();
        for w in r.steps.windows(2) {
            prop_assert!(w[1].converted <= w[0].converted);
            prop_assert_eq!(w[1].entered, w[0].converted);
        }
        let seg_total: u64 = r.segments.iter().map(|s| s.steps[0].converted).sum();
        prop_assert_eq!(seg_total, r.steps[0].converted);
        for s in &r.steps {
            prop_assert!(s.median_seconds_to_convert.is_none_or(|t| (0.0..=window as f64).contains(&t)));
        }
    }
}
