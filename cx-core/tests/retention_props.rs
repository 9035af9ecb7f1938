//! Property tests of the retention and churn invariants.

use chrono::{Duration, TimeZone, Utc};
use cx_core::churn::{auc, calibration_table};
use cx_core::retention::{
    KaplanMeierOptions, Period, ShiftedBetaGeometric, cohort_table, kaplan_meier, lifecycle,
    logrank_test,
};
use proptest::prelude::*;

fn censored_sample() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop::collection::vec((0u32..60, prop::bool::weighted(0.7)), 1..200).prop_map(|v| {
        v.into_iter()
            .map(|(d, e)| (f64::from(d), if e { 1.0 } else { 0.0 }))
            .unzip()
    })
}

proptest! {
    #[test]
    fn km_survival_is_a_non_increasing_probability((d, o) in censored_sample(), level in 0.5f64..0.999) {
        let km = kaplan_meier(&d, Some(&o), KaplanMeierOptions { level }).unwrap();
        let mut prev = 1.0;
        for r in &km.table {
            prop_assert!((0.0..=1.0).contains(&r.survival));
            prop_assert!(r.survival <= prev + 1e-15);
            prop_assert!(r.ci_low <= r.survival + 1e-12 && r.survival <= r.ci_high + 1e-12);
            prop_assert!((0.0..=1.0).contains(&r.ci_low) && (0.0..=1.0).contains(&r.ci_high));
            prev = r.survival;
        }
        prop_assert!(km.median_ci.0 <= km.median && km.median <= km.median_ci.1);
    }

    #[test]
    fn km_counting_and_sorting_paths_agree((d, o) in censored_sample()) {
        // Integer durations take the counting path; shifting by 0.5 forces the sort.
        let a = kaplan_meier(&d, Some(&o), KaplanMeierOptions::default()).unwrap();
        let shifted: Vec<f64> = d.iter().map(|x| x + 0.5).collect();
        let b = kaplan_meier(&shifted, Some(&o), KaplanMeierOptions::default()).unwrap();
        prop_assert_eq!(a.table.len(), b.table.len());
        for (x, y) in a.table.iter().zip(&b.table) {
            prop_assert_eq!(x.time + 0.5, y.time);
            prop_assert_eq!(x.survival, y.survival);
            prop_assert_eq!((x.at_risk, x.events, x.censored), (y.at_risk, y.events, y.censored));
        }
    }

    #[test]
    fn km_never_panics(d in prop::collection::vec(prop::num::f64::ANY, 0..20),
                       o in prop::collection::vec(prop::num::f64::ANY, 0..20)) {
        let _ = kaplan_meier(&d, Some(&o), KaplanMeierOptions::default());
        let _ = logrank_test(&d, None, &d, Some(&o));
    }

    #[test]
    fn logrank_is_a_chi_square_test((da, oa) in censored_sample(), (db, ob) in censored_sample()) {
        let r = logrank_test(&da, Some(&oa), &db, Some(&ob)).unwrap();
        prop_assert!(r.statistic >= 0.0);
        prop_assert!((0.0..=1.0).contains(&r.p_value));
        // Swapping the groups changes nothing.
        let s = logrank_test(&db, Some(&ob), &da, Some(&oa)).unwrap();
        prop_assert!((r.statistic - s.statistic).abs() <= 1e-9 * (1.0 + r.statistic));
    }

    #[test]
    fn sbg_retention_rates_are_in_zero_one_and_rise(alpha in 0.01f64..50.0, beta in 0.01f64..50.0) {
        let m = ShiftedBetaGeometric::from_params(alpha, beta).unwrap();
        let mut prev = 0.0;
        for t in 1..40 {
            let r = m.retention_rate(t);
            prop_assert!(r > 0.0 && r < 1.0);
            prop_assert!(r >= prev);
            prev = r;
            prop_assert!(m.survival(t) <= m.survival(t - 1));
        }
    }

    #[test]
    fn sbg_fit_never_panics(start in 1u32..5000, drops in prop::collection::vec(0.0f64..0.6, 1..10)) {
        let mut s = vec![f64::from(start)];
        for d in drops {
            let last = s[s.len() - 1];
            s.push((last * (1.0 - d)).floor());
        }
        if let Ok(m) = ShiftedBetaGeometric::params().fit(&s) {
            prop_assert!(m.alpha > 0.0 && m.beta > 0.0 && m.log_likelihood.is_some_and(|ll| ll <= 0.0));
            for t in 1..20 {
                let r = m.retention_rate(t);
                prop_assert!(r > 0.0 && r < 1.0);
            }
        }
    }

    #[test]
    fn auc_is_a_probability_and_flips(v in prop::collection::vec((0.0f64..=1.0, prop::bool::ANY), 2..200)) {
        let y: Vec<f64> = v.iter().map(|x| if x.1 { 1.0 } else { 0.0 }).collect();
        // Coarse scores so ties happen.
        let p: Vec<f64> = v.iter().map(|x| (x.0 * 10.0).round() / 10.0).collect();
        if let Ok(a) = auc(&y, &p) {
            prop_assert!((0.0..=1.0).contains(&a));
            let q: Vec<f64> = p.iter().map(|x| 1.0 - x).collect();
            prop_assert!((a + auc(&y, &q).unwrap() - 1.0).abs() < 1e-12);
        }
        let bins = calibration_table(&y, &p, 10.min(y.len())).unwrap();
        prop_assert_eq!(bins.iter().map(|b| b.count).sum::<u64>(), y.len() as u64);
    }

    #[test]
    fn lifecycle_and_cohorts_count_the_same_customers(rows in prop::collection::vec((0u8..12, 0i64..120), 1..150)) {
        let base = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        let customers: Vec<String> = rows.iter().map(|r| format!("c{}", r.0)).collect();
        let times: Vec<_> = rows.iter().map(|r| base + Duration::days(r.1)).collect();
        for period in [Period::Day, Period::IsoWeek, Period::Month] {
            let life = lifecycle(&customers, &times, period).unwrap();
            let table = cohort_table(&customers, &times, period).unwrap();
            // Active customers in each period = the sum over cohorts of the matching column.
            for (k, l) in life.iter().enumerate() {
                let from_cohorts: u64 = table.cohorts.iter().filter_map(|c| {
                    let offset = life.iter().position(|x| x.period_start == c.cohort_start)?;
                    k.checked_sub(offset).and_then(|j| c.active.get(j).copied())
                }).sum();
                prop_assert_eq!(l.active(), from_cohorts);
            }
            let distinct = customers.iter().collect::<std::collections::HashSet<_>>().len() as u64;
            prop_assert_eq!(table.cohorts.iter().map(|c| c.size).sum::<u64>(), distinct);
            prop_assert_eq!(life.iter().map(|l| l.new).sum::<u64>(), distinct);
        }
    }
}
