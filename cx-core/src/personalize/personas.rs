//! Personas: k-means on standardized features, k chosen by silhouette, and a profile of each
//! cluster in plain words.

use serde::{Deserialize, Serialize};

use super::kmeans::KMeans;
use super::rng::SplitMix64;
use super::silhouette::silhouette;
use super::standardize::{Standardizer, check_features};
use crate::error::{CxError, Result};

/// A feature is named in a profile when its cluster mean is at least this many standard
/// deviations from the overall mean.
pub const DISTINGUISHING_Z: f64 = 0.5;

/// Settings of [`personas`]; `PersonaParams::default()` chooses k from 2 to 8 with seed 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonaParams {
    /// A fixed number of clusters; `None` chooses it by silhouette over `k_range`.
    pub k: Option<usize>,
    /// Smallest and largest k tried (inclusive; the top is capped at rows − 1).
    pub k_range: (usize, usize),
    /// Seed of the k-means++ draws and of the silhouette sample.
    pub seed: u64,
    /// k-means++ seedings per k (the lowest within-cluster sum of squares is kept).
    pub n_init: usize,
    /// Lloyd iterations per seeding.
    pub max_iterations: usize,
    /// Silhouettes are averaged over at most this many rows (a seeded sample without
    /// replacement when there are more), since they cost `O(rows²)`. Default 3000.
    pub silhouette_sample: usize,
}

impl Default for PersonaParams {
    fn default() -> Self {
        Self {
            k: None,
            k_range: (2, 8),
            seed: 0,
            n_init: 10,
            max_iterations: 300,
            silhouette_sample: 3000,
        }
    }
}

/// Silhouette and within-cluster sum of squares of one k tried.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KScore {
    /// Number of clusters.
    pub k: usize,
    /// Mean silhouette width (on the standardized features); NaN when the silhouette sample
    /// holds a single cluster.
    pub silhouette: f64,
    /// Within-cluster sum of squares (standardized units).
    pub inertia: f64,
}

/// One persona: a cluster described by its size and its feature means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonaProfile {
    /// Cluster number (0 is the largest cluster).
    pub cluster: usize,
    /// Customers in the cluster.
    pub size: usize,
    /// Share of all customers.
    pub share: f64,
    /// Mean of each feature in its original units.
    pub means: Vec<f64>,
    /// Mean of each feature in standard deviations from the overall mean.
    pub z_scores: Vec<f64>,
    /// Features whose `|z|` is at least [`DISTINGUISHING_Z`], most distinctive first.
    pub distinguishing: Vec<String>,
    /// The profile in plain words, e.g. `"high frequency, low monetary"`.
    pub description: String,
}

/// Customers grouped into personas ([`personas`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Personas {
    /// Number of clusters used.
    pub k: usize,
    /// Cluster of each row (0 = largest cluster; ties by first row).
    pub labels: Vec<usize>,
    /// One profile per cluster, in cluster order.
    pub profiles: Vec<PersonaProfile>,
    /// Mean silhouette width of the clustering kept.
    pub silhouette: f64,
    /// Every k tried with its silhouette (one entry when k was given).
    pub scores: Vec<KScore>,
    /// Feature names, in column order.
    pub feature_names: Vec<String>,
    /// Means and scales used to standardize the features.
    pub standardizer: Standardizer,
    /// Cluster centres in standardized units, row-major, in cluster order.
    pub centroids: Vec<f64>,
}

/// Groups customers into personas: standardizes the row-major feature matrix `x`
/// (`names.len()` columns: z-scores with the population standard deviation), runs k-means with
/// k-means++ seeding ([`KMeans`]) for the given `k` or for each k in `k_range`, keeps the k with
/// the highest mean silhouette (Rousseeuw 1987; ties to the smaller k), and profiles each
/// cluster.
///
/// A profile names the features whose cluster mean lies at least 0.5 standard deviations from
/// the overall mean (up to three, most distinctive first) as "high …"/"low …" ("very high …"
/// from 1.5), or "close to average on every feature".
///
/// ```
/// use cx_core::personalize::{personas, PersonaParams};
///
/// let x = [1.0, 10.0, 2.0, 11.0, 1.5, 9.0, 9.0, 1.0, 10.0, 2.0, 9.5, 1.5];
/// let p = personas(&x, &["frequency", "recency"], PersonaParams::default())?;
/// assert_eq!(p.k, 2);
/// assert_eq!(p.profiles[0].size, 3);
/// assert_eq!(p.profiles[0].description, "low frequency, high recency");
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn personas<S: AsRef<str>>(x: &[f64], names: &[S], params: PersonaParams) -> Result<Personas> {
    let p = names.len();
    if p == 0 {
        return Err(CxError::invalid(
            "feature_names",
            "need at least one feature",
        ));
    }
    let n = check_features("features", x, p)?;
    let ks = candidate_ks(params, n)?;
    let scaler = Standardizer::fit(x, p)?;
    let z = scaler.transform(x);
    let sample = sample_rows(n, params.silhouette_sample, params.seed);
    let zs: Vec<f64> = sample
        .iter()
        .flat_map(|&i| z[i * p..(i + 1) * p].iter().copied())
        .collect();
    let mut scores = Vec::with_capacity(ks.len());
    let mut best: Option<(f64, KMeans)> = None;
    for k in ks {
        let fit = KMeans::params(k)
            .seed(params.seed)
            .n_init(params.n_init)
            .max_iterations(params.max_iterations)
            .fit(&z, p)?;
        let sub: Vec<usize> = sample.iter().map(|&i| fit.labels[i]).collect();
        // A sample can miss a tiny cluster entirely; with one cluster left in it the
        // silhouette is undefined (NaN), and such a k is chosen only when no k has one.
        let mut seen = vec![false; k];
        for &l in &sub {
            seen[l] = true;
        }
        let s = if seen.iter().filter(|&&v| v).count() >= 2 {
            silhouette(&zs, p, &sub)?
        } else {
            f64::NAN
        };
        scores.push(KScore {
            k,
            silhouette: s,
            inertia: fit.inertia,
        });
        if best
            .as_ref()
            .is_none_or(|(b, _)| s > *b || (b.is_nan() && !s.is_nan()))
        {
            best = Some((s, fit));
        }
    }
    let (s, fit) = best.ok_or_else(|| CxError::Internal("no k was tried".into()))?;
    let names: Vec<String> = names.iter().map(|s| s.as_ref().to_owned()).collect();
    Ok(profile(x, &z, &fit, s, scores, names, scaler))
}

fn candidate_ks(params: PersonaParams, n: usize) -> Result<Vec<usize>> {
    let too_big = |field: &str, k: usize| CxError::InvalidInput {
        field: field.into(),
        index: None,
        value: Some(k.to_string()),
        reason: format!(
            "k must be from 2 to the number of customers minus one ({})",
            n.saturating_sub(1)
        ),
    };
    if let Some(k) = params.k {
        if k < 2 || k >= n {
            return Err(too_big("k", k));
        }
        return Ok(vec![k]);
    }
    let (lo, hi) = params.k_range;
    if lo < 2 || hi < lo {
        return Err(CxError::InvalidInput {
            field: "k_range".into(),
            index: None,
            value: Some(format!("({lo}, {hi})")),
            reason: "must be (low, high) with 2 ≤ low ≤ high".into(),
        });
    }
    if lo >= n {
        return Err(too_big("k_range", lo));
    }
    Ok((lo..=hi.min(n - 1)).collect())
}

/// All rows, or `m` of them drawn without replacement (partial Fisher–Yates), sorted.
fn sample_rows(n: usize, m: usize, seed: u64) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..n).collect();
    if n <= m.max(2) {
        return rows;
    }
    // A stream apart from the k-means one, so sampling does not shift the seedings.
    let mut rng = SplitMix64::new(seed ^ 0x5117_0E77_E5A3_D1C5);
    for i in 0..m {
        let j = i + rng.below(n - i);
        rows.swap(i, j);
    }
    rows.truncate(m);
    rows.sort_unstable();
    rows
}

fn profile(
    x: &[f64],
    z: &[f64],
    fit: &KMeans,
    silhouette: f64,
    scores: Vec<KScore>,
    names: Vec<String>,
    scaler: Standardizer,
) -> Personas {
    let p = names.len();
    let k = fit.k();
    let n = fit.labels.len();
    // Relabel: largest cluster first, ties by the first row in the cluster.
    let mut sizes = vec![0usize; k];
    let mut first = vec![usize::MAX; k];
    for (i, &l) in fit.labels.iter().enumerate() {
        sizes[l] += 1;
        first[l] = first[l].min(i);
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(first[a].cmp(&first[b])));
    let mut new_label = vec![0; k];
    for (new, &old) in order.iter().enumerate() {
        new_label[old] = new;
    }
    let labels: Vec<usize> = fit.labels.iter().map(|&l| new_label[l]).collect();
    let mut sum_x = vec![0.0; k * p];
    let mut sum_z = vec![0.0; k * p];
    for ((xr, zr), &l) in x.chunks_exact(p).zip(z.chunks_exact(p)).zip(&labels) {
        for f in 0..p {
            sum_x[l * p + f] += xr[f];
            sum_z[l * p + f] += zr[f];
        }
    }
    let mut centroids = Vec::with_capacity(k * p);
    let profiles = (0..k)
        .map(|c| {
            let size = sizes[order[c]];
            let means: Vec<f64> = sum_x[c * p..(c + 1) * p]
                .iter()
                .map(|s| s / size as f64)
                .collect();
            let z_scores: Vec<f64> = sum_z[c * p..(c + 1) * p]
                .iter()
                .map(|s| s / size as f64)
                .collect();
            centroids.extend_from_slice(&z_scores);
            let (distinguishing, description) = describe(&names, &z_scores);
            PersonaProfile {
                cluster: c,
                size,
                share: size as f64 / n as f64,
                means,
                z_scores,
                distinguishing,
                description,
            }
        })
        .collect();
    Personas {
        k,
        labels,
        profiles,
        silhouette,
        scores,
        feature_names: names,
        standardizer: scaler,
        centroids,
    }
}

/// The distinguishing features of a cluster and its description in words.
fn describe(names: &[String], z: &[f64]) -> (Vec<String>, String) {
    let mut idx: Vec<usize> = (0..z.len())
        .filter(|&f| z[f].abs() >= DISTINGUISHING_Z)
        .collect();
    idx.sort_by(|&a, &b| z[b].abs().total_cmp(&z[a].abs()).then(a.cmp(&b)));
    let distinguishing: Vec<String> = idx.iter().map(|&f| names[f].clone()).collect();
    if idx.is_empty() {
        return (distinguishing, "close to average on every feature".into());
    }
    let words: Vec<String> = idx
        .iter()
        .take(3)
        .map(|&f| {
            let level = if z[f] > 0.0 { "high" } else { "low" };
            let very = if z[f].abs() >= 1.5 { "very " } else { "" };
            format!("{very}{level} {}", names[f])
        })
        .collect();
    (distinguishing, words.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blobs() -> Vec<f64> {
        // Three groups of four in two features, far apart.
        let mut x = Vec::new();
        for (cx, cy) in [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)] {
            for (dx, dy) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)] {
                x.extend([cx + dx, cy + dy]);
            }
        }
        x
    }

    #[test]
    fn silhouette_picks_three_blobs() {
        let p = personas(&blobs(), &["a", "b"], PersonaParams::default()).unwrap();
        assert_eq!(p.k, 3);
        assert_eq!(p.scores.len(), 7); // k = 2..=8, capped below 12 rows
        assert!(p.scores.iter().all(|s| s.silhouette <= p.silhouette));
        assert!(p.profiles.iter().all(|c| c.size == 4));
        // Equal sizes: cluster order follows the first row.
        assert_eq!(&p.labels[..], &[0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
        assert_eq!(p.profiles[1].means, [10.5, 0.5]);
        assert_eq!(p.profiles[1].distinguishing, ["a", "b"]);
        assert_eq!(p.profiles[1].description, "high a, low b");
        let again = personas(&blobs(), &["a", "b"], PersonaParams::default()).unwrap();
        assert_eq!(again, p);
    }

    #[test]
    fn errors_name_the_field() {
        let x = blobs();
        let f = |params: PersonaParams| {
            personas(&x, &["a", "b"], params)
                .unwrap_err()
                .field()
                .map(str::to_owned)
        };
        let d = PersonaParams::default();
        assert_eq!(f(PersonaParams { k: Some(1), ..d }).as_deref(), Some("k"));
        assert_eq!(f(PersonaParams { k: Some(12), ..d }).as_deref(), Some("k"));
        assert_eq!(
            f(PersonaParams {
                k_range: (1, 4),
                ..d
            })
            .as_deref(),
            Some("k_range")
        );
        assert_eq!(
            f(PersonaParams {
                k_range: (20, 30),
                ..d
            })
            .as_deref(),
            Some("k_range")
        );
        let e = personas(&[1.0, f64::INFINITY, 3.0], &["a"], d).unwrap_err();
        assert_eq!(e.field(), Some("features"));
        let e = personas(&[] as &[f64], &["a"], d).unwrap_err();
        assert!(matches!(e, CxError::Empty { .. }));
        let e = personas(&x, &["a", "b", "c", "d", "e"], d).unwrap_err();
        assert_eq!(e.field(), Some("features"));
    }

    #[test]
    fn a_cluster_missing_from_the_sample_does_not_fail() {
        // 40 rows at 0 and one far outlier: k = 2 isolates the outlier, which a sample of 5
        // rows is likely to miss.
        let mut x = vec![0.0; 40];
        for (i, v) in x.iter_mut().enumerate() {
            *v = (i % 4) as f64 * 0.01;
        }
        x.push(100.0);
        let params = PersonaParams {
            k: Some(2),
            silhouette_sample: 5,
            ..PersonaParams::default()
        };
        let missing = (0..20).find_map(|seed| {
            let p = personas(&x, &["a"], PersonaParams { seed, ..params }).unwrap();
            p.silhouette.is_nan().then_some(p)
        });
        let p = missing.expect("some seed's sample misses the outlier");
        assert_eq!(p.k, 2);
        assert_eq!(p.profiles[1].size, 1);
    }

    #[test]
    fn sample_is_seeded_and_sorted() {
        let s = sample_rows(100, 10, 7);
        assert_eq!(s.len(), 10);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(s, sample_rows(100, 10, 7));
        assert_eq!(sample_rows(5, 10, 7), [0, 1, 2, 3, 4]);
    }
}
