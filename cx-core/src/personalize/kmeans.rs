//! k-means (Lloyd's algorithm) with k-means++ seeding from a seed.

use serde::{Deserialize, Serialize};

use super::rng::SplitMix64;
use super::standardize::check_features;
use crate::error::{CxError, Result};

/// Settings of a k-means fit; `KMeans::params(k)` makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KMeansParams {
    /// Number of clusters (1 ≤ k ≤ rows).
    pub k: usize,
    /// Seed of the random stream behind the k-means++ draws.
    pub seed: u64,
    /// Independent seedings tried; the fit with the lowest within-cluster sum of squares is
    /// kept (ties: the first). Default 10.
    pub n_init: usize,
    /// Lloyd iterations allowed per seeding. Default 300.
    pub max_iterations: usize,
}

/// A fitted k-means clustering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KMeans {
    /// Number of features.
    pub n_features: usize,
    /// Cluster centres, row-major (`k` rows × `n_features`).
    pub centroids: Vec<f64>,
    /// Cluster of each row, `0..k`.
    pub labels: Vec<usize>,
    /// Within-cluster sum of squared Euclidean distances at the fit.
    pub inertia: f64,
    /// Lloyd iterations of the kept seeding.
    pub iterations: usize,
    /// Whether the kept seeding stopped because no row changed cluster.
    pub converged: bool,
    /// Within-cluster sum of squares after each assignment step of the kept seeding
    /// (non-increasing: each Lloyd step can only lower it).
    pub objective_history: Vec<f64>,
}

fn dist2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

impl KMeansParams {
    /// Sets the seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the number of seedings tried.
    #[must_use]
    pub fn n_init(mut self, n_init: usize) -> Self {
        self.n_init = n_init;
        self
    }

    /// Sets the iteration limit per seeding.
    #[must_use]
    pub fn max_iterations(mut self, max_iterations: usize) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Clusters the rows of the row-major matrix `x` (`n_features` columns).
    ///
    /// Seeding is k-means++ (Arthur and Vassilvitskii 2007, "k-means++: the advantages of
    /// careful seeding", SODA): the first centre is a uniform row, each next one a row drawn
    /// with probability proportional to its squared distance to the nearest centre so far.
    /// Then Lloyd's algorithm alternates assignment (nearest centre; ties to the lower
    /// cluster) and update (cluster means) until no row moves. A cluster left empty is moved
    /// to the row farthest from its centre. Features are used as given: standardize first
    /// when their units differ (as [`personas`](super::personas) does).
    pub fn fit(&self, x: &[f64], n_features: usize) -> Result<KMeans> {
        let n = check_features("x", x, n_features)?;
        if self.k == 0 || self.k > n {
            return Err(CxError::InvalidInput {
                field: "k".into(),
                index: None,
                value: Some(self.k.to_string()),
                reason: format!("must be from 1 to the number of rows ({n})"),
            });
        }
        if self.n_init == 0 {
            return Err(CxError::invalid("n_init", "need at least one seeding"));
        }
        if self.max_iterations == 0 {
            return Err(CxError::invalid(
                "max_iterations",
                "need at least one iteration",
            ));
        }
        let mut rng = SplitMix64::new(self.seed);
        let mut best: Option<KMeans> = None;
        for _ in 0..self.n_init {
            let centroids = plus_plus(x, n_features, self.k, &mut rng)?;
            let fit = lloyd(x, n_features, centroids, self.max_iterations);
            if best.as_ref().is_none_or(|b| fit.inertia < b.inertia) {
                best = Some(fit);
            }
        }
        best.ok_or_else(|| CxError::Internal("k-means ran no seeding".into()))
    }
}

impl KMeans {
    /// Default settings for `k` clusters (seed 0, 10 seedings, 300 iterations).
    pub fn params(k: usize) -> KMeansParams {
        KMeansParams {
            k,
            seed: 0,
            n_init: 10,
            max_iterations: 300,
        }
    }

    /// Number of clusters.
    pub fn k(&self) -> usize {
        self.centroids.len() / self.n_features
    }

    /// The nearest centre of each row of `x` (ties to the lower cluster).
    pub fn predict(&self, x: &[f64]) -> Result<Vec<usize>> {
        check_features("x", x, self.n_features)?;
        Ok(x.chunks_exact(self.n_features)
            .map(|r| nearest(r, &self.centroids, self.n_features).0)
            .collect())
    }
}

/// The nearest centre of `row` and its squared distance.
fn nearest(row: &[f64], centroids: &[f64], p: usize) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for (j, c) in centroids.chunks_exact(p).enumerate() {
        let d = dist2(row, c);
        if d < best.1 {
            best = (j, d);
        }
    }
    best
}

/// k-means++ seeding: `k` rows of `x` as initial centres.
fn plus_plus(x: &[f64], p: usize, k: usize, rng: &mut SplitMix64) -> Result<Vec<f64>> {
    let n = x.len() / p;
    let first = rng.below(n);
    let mut centroids = x[first * p..(first + 1) * p].to_vec();
    let mut d2: Vec<f64> = x
        .chunks_exact(p)
        .map(|r| dist2(r, &centroids[..p]))
        .collect();
    for _ in 1..k {
        let total: f64 = d2.iter().sum();
        if total <= 0.0 {
            return Err(CxError::invalid(
                "k",
                format!("the rows hold fewer than k = {k} distinct points"),
            ));
        }
        let u = rng.next_f64() * total;
        let mut cum = 0.0;
        let mut pick = None;
        for (i, &d) in d2.iter().enumerate() {
            if d > 0.0 {
                cum += d;
                pick = Some(i);
                if cum > u {
                    break;
                }
            }
        }
        let pick = pick.ok_or_else(|| CxError::Internal("k-means++ drew no row".into()))?;
        let c = &x[pick * p..(pick + 1) * p];
        for (d, r) in d2.iter_mut().zip(x.chunks_exact(p)) {
            *d = d.min(dist2(r, c));
        }
        centroids.extend_from_slice(c);
    }
    Ok(centroids)
}

/// Lloyd iterations from the given centres.
fn lloyd(x: &[f64], p: usize, mut centroids: Vec<f64>, max_iterations: usize) -> KMeans {
    let n = x.len() / p;
    let k = centroids.len() / p;
    let mut labels = vec![usize::MAX; n];
    let mut dists = vec![0.0; n];
    let mut history = Vec::new();
    let mut converged = false;
    let mut iterations = 0;
    let mut inertia;
    loop {
        // Assignment step.
        let mut changed = false;
        inertia = 0.0;
        for (i, r) in x.chunks_exact(p).enumerate() {
            let (j, d) = nearest(r, &centroids, p);
            if labels[i] != j {
                labels[i] = j;
                changed = true;
            }
            dists[i] = d;
            inertia += d;
        }
        history.push(inertia);
        if !changed {
            converged = true;
            break;
        }
        if iterations == max_iterations {
            break;
        }
        iterations += 1;
        // Update step: cluster means; an empty cluster moves to the farthest row.
        let mut sums = vec![0.0; k * p];
        let mut counts = vec![0usize; k];
        for (r, &j) in x.chunks_exact(p).zip(&labels) {
            counts[j] += 1;
            for (s, v) in sums[j * p..(j + 1) * p].iter_mut().zip(r) {
                *s += v;
            }
        }
        for j in 0..k {
            if counts[j] > 0 {
                for (c, s) in centroids[j * p..(j + 1) * p]
                    .iter_mut()
                    .zip(&sums[j * p..(j + 1) * p])
                {
                    *c = s / counts[j] as f64;
                }
            } else {
                let far = (0..n).fold(0, |b, i| if dists[i] > dists[b] { i } else { b });
                dists[far] = 0.0;
                centroids[j * p..(j + 1) * p].copy_from_slice(&x[far * p..(far + 1) * p]);
            }
        }
    }
    KMeans {
        n_features: p,
        centroids,
        labels,
        inertia,
        iterations,
        converged,
        objective_history: history,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_obvious_groups() {
        let x = [0.0, 0.0, 0.0, 1.0, 10.0, 10.0, 10.0, 11.0, 1.0, 0.0];
        let m = KMeans::params(2).seed(3).fit(&x, 2).unwrap();
        assert!(m.converged);
        let l = &m.labels;
        assert_eq!(l[0], l[1]);
        assert_eq!(l[0], l[4]);
        assert_eq!(l[2], l[3]);
        assert_ne!(l[0], l[2]);
        // Centres are the group means (1/3, 1/3) and (10, 10.5): inertia (2 + 5 + 5)/9 + 2/4.
        assert!((m.inertia - (12.0 / 9.0 + 0.5)).abs() < 1e-12);
        assert_eq!(m.predict(&[9.0, 9.0]).unwrap(), [l[2]]);
        // Same seed, same everything.
        assert_eq!(KMeans::params(2).seed(3).fit(&x, 2).unwrap(), m);
    }

    #[test]
    fn bad_k_and_duplicates() {
        let x = [1.0, 1.0, 1.0];
        assert_eq!(KMeans::params(0).fit(&x, 1).unwrap_err().field(), Some("k"));
        assert_eq!(KMeans::params(4).fit(&x, 1).unwrap_err().field(), Some("k"));
        // Three identical rows cannot make two clusters.
        assert_eq!(KMeans::params(2).fit(&x, 1).unwrap_err().field(), Some("k"));
        assert_eq!(
            KMeans::params(1).n_init(0).fit(&x, 1).unwrap_err().field(),
            Some("n_init")
        );
    }
}
