//! Kaplan–Meier on 10M durations, the sBG fit, and the churn classifier on 100k × 10.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use cx_core::churn::ChurnClassifier;
use cx_core::retention::{
    EventFlags, KaplanMeierOptions, ShiftedBetaGeometric, kaplan_meier, kaplan_meier_flags,
};
use std::hint::black_box;

/// Deterministic xorshift stream of uniforms in [0, 1).
fn uniforms(n: usize, seed: u64) -> Vec<f64> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

fn km(c: &mut Criterion) {
    const N: usize = 10_000_000;
    let u = uniforms(2 * N, 0x9E37_79B9_7F4A_7C15);
    // Exponential lifetimes with mean 400 days, censored by a uniform 0–1000 day window.
    let life: Vec<f64> = u[..N]
        .iter()
        .map(|v| -400.0 * cx_core::math::ln(1.0 - v))
        .collect();
    let window: Vec<f64> = u[N..].iter().map(|v| 1000.0 * v).collect();
    let days: Vec<f64> = life
        .iter()
        .zip(&window)
        .map(|(l, w)| l.min(*w).floor())
        .collect();
    let observed: Vec<f64> = life
        .iter()
        .zip(&window)
        .map(|(l, w)| if l <= w { 1.0 } else { 0.0 })
        .collect();
    let exact: Vec<f64> = life.iter().zip(&window).map(|(l, w)| l.min(*w)).collect();
    let mut g = c.benchmark_group("kaplan_meier");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    g.bench_function("integer_days_10M", |b| {
        b.iter(|| {
            kaplan_meier(
                black_box(&days),
                Some(&observed),
                KaplanMeierOptions::default(),
            )
        });
    });
    // Flags as bytes (numpy `bool`/`uint8`), read in place.
    let flags: Vec<u8> = observed.iter().map(|&e| u8::from(e == 1.0)).collect();
    g.bench_function("integer_days_byte_flags_10M", |b| {
        b.iter(|| {
            kaplan_meier_flags(
                black_box(&days),
                Some(EventFlags::U8(&flags)),
                KaplanMeierOptions::default(),
            )
        });
    });
    g.bench_function("continuous_10M", |b| {
        b.iter(|| {
            kaplan_meier(
                black_box(&exact),
                Some(&observed),
                KaplanMeierOptions::default(),
            )
        });
    });
    g.finish();
}

fn sbg(c: &mut Criterion) {
    let regular = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0];
    c.bench_function("sbg_fit_regular_8_periods", |b| {
        b.iter(|| ShiftedBetaGeometric::params().fit(black_box(&regular)));
    });
}

fn logistic(c: &mut Criterion) {
    const N: usize = 100_000;
    const P: usize = 10;
    let u = uniforms(N * (P + 1), 42);
    let x: Vec<f64> = u[..N * P].iter().map(|v| 4.0 * v - 2.0).collect();
    let w: Vec<f64> = (0..P).map(|j| (j as f64 - 4.5) / 5.0).collect();
    let y: Vec<f64> = x
        .chunks_exact(P)
        .zip(&u[N * P..])
        .map(|(r, v)| {
            let eta: f64 = -0.5 + r.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>();
            if *v < 1.0 / (1.0 + cx_core::math::exp(-eta)) {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let mut g = c.benchmark_group("churn_classifier");
    g.sample_size(10);
    g.bench_function("fit_100k_x_10", |b| {
        b.iter(|| ChurnClassifier::params().fit(black_box(&x), P, &y));
    });
    g.finish();
}

criterion_group!(benches, km, sbg, logistic);
criterion_main!(benches);
