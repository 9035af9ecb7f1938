//! Property tests of the survey invariants.

use cx_core::survey::{
    CsatOptions, IntervalMethod, NpsOptions, NpsSummary, NpsTally, ScoreTally, compare_nps, csat,
    nps,
};
use proptest::prelude::*;

fn tally() -> impl Strategy<Value = NpsTally> {
    (0u64..1_000_000, 0u64..1_000_000, 0u64..1_000_000)
        .prop_map(|(p, q, d)| NpsTally::from_counts(p, q, d))
}

proptest! {
    #[test]
    fn tally_merge_is_associative_and_commutative(a in tally(), b in tally(), c in tally()) {
        prop_assert_eq!((a + b) + c, a + (b + c));
        prop_assert_eq!(a + b, b + a);
        prop_assert_eq!(a + NpsTally::new(), a);
    }

    #[test]
    fn sharded_counts_equal_whole_counts(scores in prop::collection::vec(0u8..=10, 0..500), cut in 0usize..500) {
        let cut = cut.min(scores.len());
        let mut whole = NpsTally::new();
        whole.add_u8(&scores).unwrap();
        let mut left = NpsTally::new();
        left.add_u8(&scores[..cut]).unwrap();
        let mut right = NpsTally::new();
        right.add_u8(&scores[cut..]).unwrap();
        prop_assert_eq!(left + right, whole);
    }

    #[test]
    fn nps_bounded_and_inside_interval(
        scores in prop::collection::vec(0u8..=10, 1..300),
        adjusted in any::<bool>(),
        level in 0.5f64..0.999,
    ) {
        let s: Vec<f64> = scores.iter().map(|&x| f64::from(x)).collect();
        let method = if adjusted { IntervalMethod::AdjustedWald } else { IntervalMethod::Wald };
        let r = nps(&s, None, NpsOptions { level, method }).unwrap();
        prop_assert!((-100.0..=100.0).contains(&r.score));
        prop_assert!(r.ci.0 <= r.ci.1);
        prop_assert!(r.ci.0 >= -100.0 && r.ci.1 <= 100.0);
        prop_assert!(r.std_error.is_finite() && r.std_error >= 0.0);
        prop_assert!((r.promoters + r.passives + r.detractors - 1.0).abs() < 1e-12);
        if !adjusted {
            prop_assert!(r.ci.0 <= r.score + 1e-9 && r.score <= r.ci.1 + 1e-9);
        }
    }

    #[test]
    fn weighted_nps_is_finite(
        pairs in prop::collection::vec((0u8..=10, 0.0f64..1e6), 1..200),
    ) {
        let s: Vec<f64> = pairs.iter().map(|p| f64::from(p.0)).collect();
        let w: Vec<f64> = pairs.iter().map(|p| p.1).collect();
        match nps(&s, Some(&w), NpsOptions::default()) {
            Ok(r) => {
                prop_assert!(r.score.is_finite() && r.ci.0.is_finite() && r.ci.1.is_finite());
                prop_assert!(r.effective_n >= 1.0 - 1e-9 && r.effective_n <= s.len() as f64 + 1e-6);
            }
            // Only an all-zero weight vector may be refused.
            Err(_) => prop_assert!(w.iter().all(|&x| x == 0.0)),
        }
    }

    #[test]
    fn comparison_is_antisymmetric(a in prop::collection::vec(0u8..=10, 1..100), b in prop::collection::vec(0u8..=10, 1..100)) {
        let fa: Vec<f64> = a.iter().map(|&x| f64::from(x)).collect();
        let fb: Vec<f64> = b.iter().map(|&x| f64::from(x)).collect();
        let (sa, sb) = (NpsSummary::from_scores(&fa, None).unwrap(), NpsSummary::from_scores(&fb, None).unwrap());
        let o = NpsOptions { method: IntervalMethod::AdjustedWald, ..NpsOptions::default() };
        let ab = compare_nps(&sa, &sb, o).unwrap();
        let ba = compare_nps(&sb, &sa, o).unwrap();
        prop_assert!((ab.difference + ba.difference).abs() < 1e-9);
        prop_assert!((ab.p_value - ba.p_value).abs() < 1e-12);
        prop_assert!((0.0..=1.0).contains(&ab.p_value));
    }

    #[test]
    fn csat_interval_contains_score(scores in prop::collection::vec(1u8..=5, 1..300)) {
        let s: Vec<f64> = scores.iter().map(|&x| f64::from(x)).collect();
        let r = csat(&s, CsatOptions::default()).unwrap();
        prop_assert!(r.ci.0 <= r.score + 1e-9 && r.score <= r.ci.1 + 1e-9);
        prop_assert!(r.ci.0 >= 0.0 && r.ci.1 <= 100.0);
    }

    #[test]
    fn score_tally_merge_matches_whole(a in prop::collection::vec(1u8..=7, 0..100), b in prop::collection::vec(1u8..=7, 0..100)) {
        let f = |v: &[u8]| v.iter().map(|&x| f64::from(x)).collect::<Vec<_>>();
        let mut ta = ScoreTally::new(1, 7).unwrap();
        ta.add_scores(&f(&a)).unwrap();
        let mut tb = ScoreTally::new(1, 7).unwrap();
        tb.add_scores(&f(&b)).unwrap();
        let mut whole = ScoreTally::new(1, 7).unwrap();
        whole.add_scores(&f(&[a.clone(), b.clone()].concat())).unwrap();
        ta.merge(&tb).unwrap();
        prop_assert_eq!(ta, whole);
    }
}
