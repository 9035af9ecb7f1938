//! Property tests of the personalization invariants: the k-means objective never rises, Gini
//! lies in [0, 1), the Lorenz curve rises and is convex, silhouettes lie in [−1, 1].

use cx_core::personalize::{
    KMeans, LookalikeMethod, lookalike, silhouette_samples, top_customers, value_concentration,
};
use proptest::prelude::*;

fn matrix() -> impl Strategy<Value = (Vec<f64>, usize)> {
    (1usize..4, 4usize..40)
        .prop_flat_map(|(p, n)| (prop::collection::vec(-100.0f64..100.0, n * p), Just(p)))
}

proptest! {
    #[test]
    fn kmeans_objective_never_rises((x, p) in matrix(), k in 1usize..5, seed in any::<u64>()) {
        let n = x.len() / p;
        prop_assume!(k <= n);
        let m = KMeans::params(k).seed(seed).n_init(2).fit(&x, p).unwrap();
        for w in m.objective_history.windows(2) {
            prop_assert!(w[1] <= w[0] * (1.0 + 1e-12) + 1e-12, "{:?}", m.objective_history);
        }
        prop_assert!(m.labels.iter().all(|&l| l < k));
        // The same seed gives the same fit.
        let again = KMeans::params(k).seed(seed).n_init(2).fit(&x, p).unwrap();
        prop_assert_eq!(again, m);
    }

    #[test]
    fn gini_in_unit_interval_and_lorenz_monotone_convex(
        v in prop::collection::vec(prop_oneof![Just(0.0), 0.0f64..1e6], 1..200)
    ) {
        prop_assume!(v.iter().any(|&x| x > 0.0));
        let c = value_concentration(&v).unwrap();
        prop_assert!((0.0..1.0).contains(&c.gini), "gini {}", c.gini);
        prop_assert!(c.gini <= 1.0 - 1.0 / v.len() as f64 + 1e-12);
        prop_assert_eq!(c.value_shares[0], 0.0);
        prop_assert_eq!(*c.value_shares.last().unwrap(), 1.0);
        for w in c.value_shares.windows(2) {
            prop_assert!(w[1] >= w[0]);
        }
        // Increments are the sorted values: the curve is convex and under the diagonal.
        for w in c.value_shares.windows(3) {
            prop_assert!(w[2] - w[1] >= w[1] - w[0] - 1e-12);
        }
        for (x, y) in c.population_shares.iter().zip(&c.value_shares) {
            prop_assert!(*y <= x + 1e-12);
        }
        // The top share on the curve agrees with counting the top customers.
        let k = (v.len() / 2).max(1);
        let t = top_customers(&v, Some(k), None).unwrap();
        let by_curve = c.top_share(k as f64 / v.len() as f64).unwrap();
        prop_assert!((t.value_share - by_curve).abs() < 1e-9);
    }

    #[test]
    fn silhouettes_in_range((x, p) in matrix(), seed in any::<u64>()) {
        let n = x.len() / p;
        let labels: Vec<usize> = (0..n).map(|i| (i + seed as usize) % 3).collect();
        let s = silhouette_samples(&x, p, &labels).unwrap();
        prop_assert!(s.iter().all(|v| (-1.0..=1.0).contains(v)));
    }

    #[test]
    fn lookalikes_score_everyone_else((x, p) in matrix(), m in 1usize..4) {
        let n = x.len() / p;
        let ids: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let seeds = &ids[..m.min(n - 1)];
        let r = lookalike(&ids, &x, p, seeds, LookalikeMethod::Centroid).unwrap();
        prop_assert_eq!(r.len(), n - seeds.len());
        prop_assert!(r.windows(2).all(|w| w[0].score >= w[1].score));
        prop_assert!(r.iter().all(|l| !seeds.contains(&l.id)));
    }
}
