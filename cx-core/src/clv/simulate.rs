//! Seeded simulation of customers from the CLV models' generative stories, for parameter
//! recovery tests, benchmarks and power studies. Deterministic on every platform: a `SplitMix64`
//! generator, Marsaglia–Tsang gamma variates, beta as a ratio of gammas.

use crate::math;

/// `SplitMix64` pseudo-random generator (Steele, Lea and Flood 2014); the same seed gives the same
/// stream on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform on the open interval (0, 1).
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard exponential variate.
    pub fn exponential(&mut self) -> f64 {
        -math::ln(self.uniform())
    }

    /// Standard normal variate (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * math::ln(u)).sqrt() * math::cos(std::f64::consts::TAU * v)
    }

    /// Gamma variate with `shape > 0` and `rate > 0` (Marsaglia and Tsang 2000; shapes below
    /// one by the `U^(1/shape)` boost).
    pub fn gamma(&mut self, shape: f64, rate: f64) -> f64 {
        if shape < 1.0 {
            let u = self.uniform();
            return self.gamma(shape + 1.0, rate) * math::powf(u, 1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.uniform();
            if math::ln(u) < 0.5 * x * x + d - d * v + d * math::ln(v) {
                return d * v / rate;
            }
        }
    }

    /// Beta(a, b) variate.
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a, 1.0);
        let y = self.gamma(b, 1.0);
        x / (x + y)
    }
}

/// Simulated (frequency, recency) columns for the given observation lengths `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulated {
    /// Repeat purchases.
    pub frequency: Vec<f64>,
    /// Time of the last purchase since the first.
    pub recency: Vec<f64>,
    /// Observation lengths, as given.
    pub t: Vec<f64>,
}

/// Purchases of one customer with Poisson rate `lambda` until `min(death, T)`, where after each
/// purchase (and at time 0 when `drop_at_zero`) the customer drops out with probability `p`.
fn coin_flip_customer(
    rng: &mut Rng,
    lambda: f64,
    p: f64,
    t_end: f64,
    drop_at_zero: bool,
) -> (f64, f64) {
    let (mut x, mut tx, mut now) = (0.0, 0.0, 0.0);
    if drop_at_zero && rng.uniform() < p {
        return (0.0, 0.0);
    }
    loop {
        now += rng.exponential() / lambda;
        if now > t_end {
            return (x, tx);
        }
        x += 1.0;
        tx = now;
        if rng.uniform() < p {
            return (x, tx);
        }
    }
}

/// Customers from the BG/NBD model (Fader, Hardie and Lee 2005): λ ~ Gamma(r, α) (rate α),
/// p ~ Beta(a, b), purchases Poisson(λ) while alive, dropout with probability p after each
/// repeat purchase.
pub fn bgnbd(r: f64, alpha: f64, a: f64, b: f64, t: &[f64], seed: u64) -> Simulated {
    let mut rng = Rng::new(seed);
    coin_flip(
        &mut rng,
        t,
        |rng| (rng.gamma(r, alpha), rng.beta(a, b)),
        false,
    )
}

/// Customers from the MBG/NBD model (Batislam, Denizel and Filiztekin 2007): as BG/NBD, but a
/// customer can also drop out right after the first purchase (time 0).
pub fn mbgnbd(r: f64, alpha: f64, a: f64, b: f64, t: &[f64], seed: u64) -> Simulated {
    let mut rng = Rng::new(seed);
    coin_flip(
        &mut rng,
        t,
        |rng| (rng.gamma(r, alpha), rng.beta(a, b)),
        true,
    )
}

fn coin_flip(
    rng: &mut Rng,
    t: &[f64],
    draw: impl Fn(&mut Rng) -> (f64, f64),
    drop_at_zero: bool,
) -> Simulated {
    let mut out = Simulated {
        frequency: Vec::with_capacity(t.len()),
        recency: Vec::with_capacity(t.len()),
        t: t.to_vec(),
    };
    for &te in t {
        let (lambda, p) = draw(rng);
        let (x, tx) = coin_flip_customer(rng, lambda, p, te, drop_at_zero);
        out.frequency.push(x);
        out.recency.push(tx);
    }
    out
}

/// Customers from the Pareto/NBD model (Schmittlein, Morrison and Colombo 1987):
/// λ ~ Gamma(r, α), μ ~ Gamma(s, β) (rates), exponential lifetime with rate μ, Poisson(λ)
/// purchases while alive.
pub fn paretonbd(r: f64, alpha: f64, s: f64, beta: f64, t: &[f64], seed: u64) -> Simulated {
    let mut rng = Rng::new(seed);
    let mut out = Simulated {
        frequency: Vec::with_capacity(t.len()),
        recency: Vec::with_capacity(t.len()),
        t: t.to_vec(),
    };
    for &te in t {
        let lambda = rng.gamma(r, alpha);
        let mu = rng.gamma(s, beta);
        let end = (rng.exponential() / mu).min(te);
        let (mut x, mut tx, mut now) = (0.0, 0.0, 0.0);
        loop {
            now += rng.exponential() / lambda;
            if now > end {
                break;
            }
            x += 1.0;
            tx = now;
        }
        out.frequency.push(x);
        out.recency.push(tx);
    }
    out
}

/// Customers from the BG/BB model (Fader, Hardie and Shang 2010) over `n_periods` discrete
/// opportunities: p ~ Beta(α, β) purchase probability, θ ~ Beta(γ, δ) dropout probability; at
/// each opportunity an active customer first becomes inactive with probability θ, else buys
/// with probability p. Returns (frequency, recency) with recency the last opportunity bought.
pub fn bgbb(
    alpha: f64,
    beta: f64,
    gamma: f64,
    delta: f64,
    n_periods: &[u32],
    seed: u64,
) -> (Vec<f64>, Vec<f64>) {
    let mut rng = Rng::new(seed);
    let mut x = Vec::with_capacity(n_periods.len());
    let mut tx = Vec::with_capacity(n_periods.len());
    for &n in n_periods {
        let p = rng.beta(alpha, beta);
        let theta = rng.beta(gamma, delta);
        let (mut k, mut last) = (0.0, 0.0);
        for i in 1..=n {
            if rng.uniform() < theta {
                break;
            }
            if rng.uniform() < p {
                k += 1.0;
                last = f64::from(i);
            }
        }
        x.push(k);
        tx.push(last);
    }
    (x, tx)
}

/// Mean spend per transaction of customers with the given repeat `frequency` under the
/// Gamma-Gamma model (Fader, Hardie and Lee 2005 note): ν ~ Gamma(q, v) (rate v), each
/// transaction's value ~ Gamma(p, ν); the mean of x values is Gamma(px, xν). Customers with
/// frequency 0 get 0.
pub fn gammagamma(p: f64, q: f64, v: f64, frequency: &[f64], seed: u64) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    frequency
        .iter()
        .map(|&x| {
            let nu = rng.gamma(q, v);
            if x > 0.0 {
                rng.gamma(p * x, x * nu)
            } else {
                0.0
            }
        })
        .collect()
}

/// Customers from the Gamma-Gompertz/NBD model (Bemmaor and Glady 2012): λ ~ Gamma(r, α),
/// η ~ Gamma(s, β), Gompertz lifetime with survival `exp(−η (e^{bτ} − 1))` (drawn by inversion:
/// `τ = ln(1 + E/η)/b`, E ~ Exp(1)), Poisson(λ) purchases while alive.
pub fn ggnbd(r: f64, alpha: f64, b: f64, s: f64, beta: f64, t: &[f64], seed: u64) -> Simulated {
    let mut rng = Rng::new(seed);
    let mut out = Simulated {
        frequency: Vec::with_capacity(t.len()),
        recency: Vec::with_capacity(t.len()),
        t: t.to_vec(),
    };
    for &te in t {
        let lambda = rng.gamma(r, alpha);
        let eta = rng.gamma(s, beta);
        let end = (math::ln_1p(rng.exponential() / eta) / b).min(te);
        let (mut x, mut tx, mut now) = (0.0, 0.0, 0.0);
        loop {
            now += rng.exponential() / lambda;
            if now > end {
                break;
            }
            x += 1.0;
            tx = now;
        }
        out.frequency.push(x);
        out.recency.push(tx);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_and_beta_moments() {
        let mut rng = Rng::new(7);
        let n = 200_000;
        let g: f64 = (0..n).map(|_| rng.gamma(0.5, 2.0)).sum::<f64>() / f64::from(n);
        assert!((g - 0.25).abs() < 0.005, "{g}");
        let b: f64 = (0..n).map(|_| rng.beta(2.0, 6.0)).sum::<f64>() / f64::from(n);
        assert!((b - 0.25).abs() < 0.003, "{b}");
    }
}
