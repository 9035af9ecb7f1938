//! Property tests of the retention and churn invariants.

use chrono::{Duration, TimeZone, Utc};
use cx_core::churn::{auc, calibration_table};
use cx_core::clv::{RfmOptions, TimeUnit, rfm_summary_columns};
use cx_core::domain::SurveyKind;
use cx_core::retention::{
    CustomerViewOptions, KaplanMeierOptions, LifecycleStage, Period, ShiftedBetaGeometric,
    SurveyColumns, TouchpointColumns, TransactionColumns, cohort_table, customer_view,
    kaplan_meier, lifecycle, logrank_test,
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

    #[test]
    fn km_block_counting_matches_the_sort_on_long_inputs(
        rows in prop::collection::vec((0u32..3000, prop::bool::weighted(0.6)), 2000..7000)
    ) {
        // Several counting blocks, with times that outgrow the first table mid-way.
        let (d, o): (Vec<f64>, Vec<f64>) =
            rows.iter().map(|&(t, e)| (f64::from(t), f64::from(u8::from(e)))).unzip();
        let a = kaplan_meier(&d, Some(&o), KaplanMeierOptions::default()).unwrap();
        let shifted: Vec<f64> = d.iter().map(|x| x + 0.5).collect();
        let b = kaplan_meier(&shifted, Some(&o), KaplanMeierOptions::default()).unwrap();
        prop_assert_eq!(a.table.len(), b.table.len());
        for (x, y) in a.table.iter().zip(&b.table) {
            prop_assert_eq!(x.time + 0.5, y.time);
            prop_assert_eq!((x.at_risk, x.events, x.censored), (y.at_risk, y.events, y.censored));
            prop_assert_eq!(x.survival, y.survival);
        }
    }

    #[test]
    fn customer_view_agrees_with_rfm_and_lifecycle(
        purchases in prop::collection::vec((0u8..8, 0i64..150, 0u32..500), 1..60),
        touches in prop::collection::vec((0u8..10, 0i64..150, 0usize..4), 0..40),
        answers in prop::collection::vec((0usize..1000, 0i64..150, 0u8..11), 0..20),
    ) {
        let base = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        let tx_ids: Vec<String> = purchases.iter().map(|r| format!("c{}", r.0)).collect();
        let tx_times: Vec<_> = purchases.iter().map(|r| base + Duration::days(r.1)).collect();
        let amounts: Vec<f64> = purchases.iter().map(|r| f64::from(r.2)).collect();
        let tp_ids: Vec<String> = touches.iter().map(|r| format!("c{}", r.0)).collect();
        let tp_times: Vec<_> = touches.iter().map(|r| base + Duration::days(r.1)).collect();
        let channels: Vec<String> =
            touches.iter().map(|r| ["web", "Email", "phone", "kiosk"][r.2].to_string()).collect();
        // Respondents are drawn from the known customers.
        let known: Vec<&String> = tx_ids.iter().chain(&tp_ids).collect();
        let sv_ids: Vec<String> = answers.iter().map(|r| known[r.0 % known.len()].clone()).collect();
        let sv_times: Vec<_> = answers.iter().map(|r| base + Duration::days(r.1)).collect();
        let scores: Vec<f64> = answers.iter().map(|r| f64::from(r.2)).collect();
        let view = customer_view(
            &TransactionColumns { customers: &tx_ids, timestamps: &tx_times, amounts: &amounts },
            Some(&TouchpointColumns { customers: &tp_ids, timestamps: &tp_times, channels: &channels }),
            Some(&SurveyColumns { customers: &sv_ids, timestamps: &sv_times, scores: &scores, kinds: None }),
            &CustomerViewOptions::default(),
            None,
        ).unwrap();
        // Everyone seen is in the view (the default end is the latest row).
        let mut all: Vec<&String> = known.clone();
        all.sort();
        all.dedup();
        prop_assert_eq!(view.customer.iter().collect::<Vec<_>>(), all);
        // The RFM columns are rfm_summary's.
        let rfm = rfm_summary_columns(&tx_ids, &tx_times, Some(&amounts), &RfmOptions {
            observation_end: Some(view.observation_end),
            ..RfmOptions::default()
        }).unwrap();
        let buyers: Vec<usize> = (0..view.len()).filter(|&i| view.frequency[i].is_some()).collect();
        prop_assert_eq!(buyers.len(), rfm.len());
        for (k, &i) in buyers.iter().enumerate() {
            prop_assert_eq!(&view.customer[i], &rfm.customer[k]);
            prop_assert_eq!(view.frequency[i], Some(rfm.frequency[k]));
            prop_assert_eq!(view.recency[i], Some(rfm.recency[k]));
            prop_assert_eq!(view.t[i], Some(rfm.t[k]));
            prop_assert_eq!(view.monetary_value[i], Some(rfm.monetary_value[k]));
            prop_assert!(view.tenure[i] >= rfm.t[k]);
        }
        for i in 0..view.len() {
            prop_assert!(view.first_activity[i] <= view.last_activity[i]);
        }
        let spend: f64 = view.total_spend.iter().sum();
        prop_assert!((spend - amounts.iter().sum::<f64>()).abs() < 1e-9);
        // Stage counts are the last row of `lifecycle` over all activity.
        let ids: Vec<&String> = tx_ids.iter().chain(&tp_ids).chain(&sv_ids).collect();
        let times: Vec<_> = tx_times.iter().chain(&tp_times).chain(&sv_times).copied().collect();
        let last = *lifecycle(&ids, &times, Period::Month).unwrap().last().unwrap();
        let count = |s| view.lifecycle_stage.iter().filter(|&&x| x == s).count() as u64;
        prop_assert_eq!(last.new, count(LifecycleStage::New));
        prop_assert_eq!(last.returning, count(LifecycleStage::Returning));
        prop_assert_eq!(last.resurrecting, count(LifecycleStage::Resurrecting));
        prop_assert_eq!(last.dormant, count(LifecycleStage::Dormant));
    }

    #[test]
    fn customer_view_never_panics(
        tx in prop::collection::vec((prop::sample::select(vec!["a", "b", "", " "]), -5000i64..5000, prop::num::f64::ANY), 0..12),
        tp in prop::collection::vec((prop::sample::select(vec!["a", "c", ""]), -5000i64..5000, prop::sample::select(vec!["web", " ", "X"])), 0..12),
        sv in prop::collection::vec((prop::sample::select(vec!["a", "b", "z"]), -5000i64..5000, prop::num::f64::ANY, 0usize..3), 0..12),
        end in prop::option::of(-6000i64..6000),
        unit in prop::sample::select(vec![TimeUnit::Day, TimeUnit::Week, TimeUnit::Month]),
        fractional in any::<bool>(),
    ) {
        let base = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        let t = |d: i64| base + Duration::days(d);
        let (ti, tt, ta): (Vec<&str>, Vec<_>, Vec<f64>) = tx.iter().fold((vec![], vec![], vec![]), |mut a, r| {
            a.0.push(r.0); a.1.push(t(r.1)); a.2.push(r.2); a
        });
        let (pi, pt, pc): (Vec<&str>, Vec<_>, Vec<&str>) = tp.iter().fold((vec![], vec![], vec![]), |mut a, r| {
            a.0.push(r.0); a.1.push(t(r.1)); a.2.push(r.2); a
        });
        let kinds_all = [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces];
        let si: Vec<&str> = sv.iter().map(|r| r.0).collect();
        let st: Vec<_> = sv.iter().map(|r| t(r.1)).collect();
        let ss: Vec<f64> = sv.iter().map(|r| r.2).collect();
        let sk: Vec<SurveyKind> = sv.iter().map(|r| kinds_all[r.3]).collect();
        let options = CustomerViewOptions {
            observation_end: end.map(t),
            unit,
            fractional,
            period: Period::IsoWeek,
        };
        let _ = customer_view(
            &TransactionColumns { customers: &ti, timestamps: &tt, amounts: &ta },
            Some(&TouchpointColumns { customers: &pi, timestamps: &pt, channels: &pc }),
            Some(&SurveyColumns { customers: &si, timestamps: &st, scores: &ss, kinds: Some(&sk) }),
            &options,
            None,
        );
    }
}
