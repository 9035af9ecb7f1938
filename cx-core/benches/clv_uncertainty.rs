//! Covariate fits and bootstrap intervals (one core unless built with `--features parallel`).
//!
//! - a BG/NBD fit with 5 covariates (3 on the purchase process, 2 on dropout) on 1M simulated
//!   customers: covariates make every customer distinct, so nothing is compressed;
//! - 200 bootstrap refits of a plain BG/NBD on 100k customers, predicting P(alive) and expected
//!   purchases for 1,000 customers.
//!
//! Run: `cargo bench -p cx-core --bench clv_uncertainty` (add `--features parallel` for rayon).

use criterion::{Criterion, criterion_group, criterion_main};
use cx_core::clv::{
    BgNbd, BootstrapConfig, CovariateConfig, CovariateData, CovariateKind, Covariates, RepeatData,
    bootstrap_purchase_model, simulate,
};
use cx_core::math::exp;
use std::hint::black_box;

/// Customers with covariates x₁…x₅ ~ N(0, 1) (x₁..x₃ purchase, x₄, x₅ dropout), each drawn
/// from the BG/NBD at its own parameters (αᵢ = α₀e^{−γ₁ᵀx}, aᵢ, bᵢ scaled by e^{γ₂ᵀx}).
fn covariate_data(n: usize) -> CovariateData {
    let mut rng = simulate::Rng::new(17);
    let (g1, g2) = ([0.3, -0.2, 0.1], [0.25, -0.15]);
    let (mut f, mut r, mut t, mut xp, mut xd) = (vec![], vec![], vec![], vec![], vec![]);
    for i in 0..n {
        let x: Vec<f64> = (0..5).map(|_| rng.normal()).collect();
        let eta1: f64 = (0..3).map(|k| g1[k] * x[k]).sum();
        let eta2: f64 = (0..2).map(|k| g2[k] * x[3 + k]).sum();
        let te = [39.0 - (i % 12) as f64];
        let e = exp(eta2);
        let s = simulate::bgnbd(
            0.25,
            4.0 * exp(-eta1),
            0.8 * e,
            2.5 * e,
            &te,
            rng.next_u64(),
        );
        f.push(s.frequency[0]);
        r.push(s.recency[0]);
        t.push(te[0]);
        xp.extend(&x[..3]);
        xd.extend(&x[3..]);
    }
    let names = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect();
    let p = Covariates::new(names(&["x1", "x2", "x3"]), xp, n).unwrap();
    let d = Covariates::new(names(&["x4", "x5"]), xd, n).unwrap();
    CovariateData::new(&f, &r, &t, None, p, d).unwrap()
}

fn covariate_fit(c: &mut Criterion) {
    let data = covariate_data(1_000_000);
    let mut g = c.benchmark_group("covariates");
    g.sample_size(10);
    g.bench_function("bgnbd_fit_1m_5_covariates", |b| {
        b.iter(|| {
            CovariateConfig::new(CovariateKind::BgNbd)
                .fit(black_box(&data))
                .unwrap()
        });
    });
    g.finish();
}

fn bootstrap(c: &mut Criterion) {
    let t: Vec<f64> = (0..100_000)
        .map(|i| 39.0 - f64::from(i % 84) / 7.0)
        .collect();
    let mut s = simulate::bgnbd(0.25, 4.0, 0.8, 2.5, &t, 5);
    // Day resolution, as real logs: customers share triples.
    for ((x, tx), t) in s.frequency.iter().zip(&mut s.recency).zip(&s.t) {
        if *x > 0.0 {
            *tx = ((*tx * 7.0).ceil() / 7.0).clamp(1.0 / 7.0, *t);
        }
    }
    let data = RepeatData::new(&s.frequency, &s.recency, &s.t, None).unwrap();
    let model = BgNbd::params().fit(&data).unwrap();
    let k = 1_000;
    let config = BootstrapConfig {
        replicates: 200,
        horizon: 52.0,
        ..Default::default()
    };
    let mut g = c.benchmark_group("bootstrap");
    g.sample_size(10);
    g.bench_function("bgnbd_200_refits_100k", |b| {
        b.iter(|| {
            bootstrap_purchase_model(
                &model,
                (&s.frequency, &s.recency, &s.t),
                None,
                (&s.frequency[..k], &s.recency[..k], &s.t[..k]),
                black_box(&config),
                None,
            )
            .unwrap()
        });
    });
    g.finish();
}

criterion_group!(benches, covariate_fit, bootstrap);
criterion_main!(benches);
