//! NPS tally throughput on 100M `u8` scores (one core).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use cx_core::survey::NpsTally;
use std::hint::black_box;

fn nps_tally(c: &mut Criterion) {
    const N: usize = 100_000_000;
    // Deterministic pseudo-random scores 0..=10 (xorshift), built once.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let scores: Vec<u8> = (0..N)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 11) as u8
        })
        .collect();
    let mut g = c.benchmark_group("nps_tally");
    g.throughput(Throughput::Bytes(N as u64));
    g.sample_size(20);
    g.bench_function("add_u8_100M", |b| {
        b.iter(|| {
            let mut t = NpsTally::new();
            t.add_u8(black_box(&scores)).unwrap();
            black_box(t)
        });
    });
    let floats: Vec<f64> = scores[..10_000_000].iter().map(|&s| f64::from(s)).collect();
    g.throughput(Throughput::Elements(floats.len() as u64));
    g.bench_function("add_scores_f64_10M", |b| {
        b.iter(|| {
            let mut t = NpsTally::new();
            t.add_scores(black_box(&floats)).unwrap();
            black_box(t)
        });
    });
    g.finish();
}

criterion_group!(benches, nps_tally);
criterion_main!(benches);
