//! Customer lifetime value: simulate customers from published BG/NBD and Gamma-Gamma
//! estimates, fit both models back, and value a few customers over the next year.
//!
//! Run with `cargo run -p cx-core --example clv`.

use cx_core::Result;
use cx_core::clv::{BgNbd, GammaGamma, PurchaseModel, RepeatData, SpendData, TimeUnit, simulate};

fn main() -> Result<()> {
    // 5,000 customers, each watched for 39 weeks, drawn (seed 11) from the CDNOW estimates of
    // Fader, Hardie and Lee (2005): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426.
    let t = vec![39.0; 5_000];
    let s = simulate::bgnbd(0.243, 4.414, 0.793, 2.426, &t, 11);
    let data = RepeatData::new(&s.frequency, &s.recency, &s.t, None)?;
    let bg = BgNbd::params().fit(&data)?;
    println!(
        "BG/NBD fit: r = {:.3}, alpha = {:.3}, a = {:.3}, b = {:.3} ({} iterations, converged: {})",
        bg.params.r, bg.params.alpha, bg.params.a, bg.params.b, bg.iterations, bg.converged
    );

    // Average spend per purchase, simulated from the CDNOW Gamma-Gamma estimates in Fader and
    // Hardie (2013), "The Gamma-Gamma Model of Monetary Value": p = 6.25, q = 3.74, gamma = 15.44.
    let spend = simulate::gammagamma(6.25, 3.74, 15.44, &s.frequency, 12);
    let gg = GammaGamma::params().fit(&SpendData::new(&s.frequency, &spend, None)?)?;
    println!(
        "Gamma-Gamma fit: p = {:.2}, q = {:.2}, gamma = {:.2}",
        gg.params.p, gg.params.q, gg.params.v
    );

    // Three customers with the same two repeat purchases: the one who bought last long ago is
    // the least likely to still be active.
    println!("\n  last purchase (week)  P(alive)  purchases next 52 weeks");
    for recency in [36.0, 20.0, 5.0] {
        let p = bg.p_alive(2.0, recency, 39.0)?;
        let next = bg.expected_purchases(52.0, 2.0, recency, 39.0)?;
        println!("  {recency:>20.0}  {p:>8.3}  {next:>23.2}");
    }

    // 12-month CLV at 1% a month for everyone, then the total of the top decile.
    let mut clv = gg.clv(
        &bg,
        &s.frequency,
        &s.recency,
        &s.t,
        &spend,
        12,
        0.01,
        TimeUnit::Week,
    )?;
    clv.sort_by(|a, b| b.total_cmp(a));
    let top: f64 = clv[..clv.len() / 10].iter().sum();
    let all: f64 = clv.iter().sum();
    println!(
        "\nTop 10% of customers hold {:.0}% of the next year's value",
        100.0 * top / all
    );
    Ok(())
}
