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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any input gives a result or an error, never a panic.
    #[test]
    fn no_panics_on_arbitrary_input(
        cust in prop::collection::vec(0u32..4, 0..40),
        times in prop::collection::vec(any::<i64>(), 0..40),
        events in prop::collection::vec(prop_oneof![0u32..6, Just(u32::MAX)], 0..40),
        steps in prop::collection::vec(prop::collection::vec(prop_oneof![0u32..6, Just(u32::MAX)], 0..3), 0..4),
        window in any::<i64>(),
        values in prop::collection::vec(prop_oneof![any::<f64>(), Just(f64::NAN), Just(1e308)], 0..6),
        half_life in any::<f64>(),
        order in 0usize..5,
    ) {
        let mut cust = cust;
        cust.sort_unstable();
        let n = cust.len().min(times.len()).min(events.len());
        let cols = cx_core::journey::FunnelColumns {
            customers: &cust[..n],
            times: &times[..n],
            events: &events[..n],
            breakdown: Some(&events[..n]),
        };
        for o in [FunnelOrder::Ordered, FunnelOrder::Strict, FunnelOrder::Unordered] {
            let ids = cx_core::journey::FunnelIds {
                steps: steps.clone(),
                exclusions: vec![5],
                window_seconds: window,
                order: o,
                touch: cx_core::journey::Touch::LastTouch,
            };
            let _ = cx_core::journey::funnel_columns(&cols, &ids);
        }
        let p: Vec<Vec<&str>> = values.iter().enumerate().map(|(i, _)| CHANNELS[..=(i % 5)].to_vec()).collect();
        let t: Vec<Vec<f64>> = p.iter().zip(&values).map(|(q, &v)| vec![v; q.len()]).collect();
        for m in models().into_iter().chain([
            AttributionModel::TimeDecay { half_life },
            AttributionModel::PositionBased { first: half_life, last: 0.1 },
            AttributionModel::Markov { order },
        ]) {
            let d = PathData::new(&p, &values).nulls(&values).values(&values).times(&t);
            if let Ok(r) = attribution(&d, m) {
                prop_assert!(r.channels.iter().all(|c| c.conversions.is_finite()), "{}", m);
            }
        }
        let opened: Vec<i64> = times.iter().take(5).copied().collect();
        let replies: Vec<Option<i64>> = times.iter().skip(5).take(opened.len()).map(|&t| Some(t)).collect();
        if replies.len() == opened.len() {
            let ch = vec!["chat"; opened.len()];
            let none = vec![None; opened.len()];
            let _ = cx_core::journey::response_times(&ch, &opened, &replies, &none, &cx_core::journey::SlaOptions::default());
        }
    }
}
