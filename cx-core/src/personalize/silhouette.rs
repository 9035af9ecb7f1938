//! Silhouette widths of a clustering (Rousseeuw 1987).

use super::standardize::check_features;
use crate::error::{CxError, Result, check_same_len};

/// Silhouette width of each row: `s(i) = (b − a) / max(a, b)`, where `a` is the mean
/// Euclidean distance from row `i` to the other rows of its cluster and `b` the smallest mean
/// distance to the rows of another cluster (Rousseeuw 1987, "Silhouettes: a graphical aid to
/// the interpretation and validation of cluster analysis", J. Comput. Appl. Math. 20:53–65).
/// A row alone in its cluster has `s = 0`, as in the paper. Needs from 2 to `n − 1` clusters.
pub fn silhouette_samples(x: &[f64], n_features: usize, labels: &[usize]) -> Result<Vec<f64>> {
    let n = check_features("x", x, n_features)?;
    check_same_len("x rows", n, "labels", labels.len())?;
    let k = labels.iter().max().map_or(0, |m| m + 1);
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let used = sizes.iter().filter(|&&s| s > 0).count();
    if used < 2 || used >= n {
        return Err(CxError::invalid(
            "labels",
            format!(
                "silhouette needs from 2 to n − 1 = {} clusters, got {used}",
                n.saturating_sub(1)
            ),
        ));
    }
    let p = n_features;
    let mut out = Vec::with_capacity(n);
    let mut sums = vec![0.0; k];
    for (i, xi) in x.chunks_exact(p).enumerate() {
        sums.fill(0.0);
        for (j, xj) in x.chunks_exact(p).enumerate() {
            if i != j {
                let d: f64 = xi.iter().zip(xj).map(|(a, b)| (a - b) * (a - b)).sum();
                sums[labels[j]] += d.sqrt();
            }
        }
        let own = labels[i];
        if sizes[own] == 1 {
            out.push(0.0);
            continue;
        }
        let a = sums[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| sums[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        let m = a.max(b);
        out.push(if m > 0.0 { (b - a) / m } else { 0.0 });
    }
    Ok(out)
}

/// Mean silhouette width over all rows (see [`silhouette_samples`]): near 1 for compact,
/// well-separated clusters, near 0 for overlapping ones.
///
/// ```
/// use cx_core::personalize::silhouette;
///
/// // Two pairs far apart: a = 1 for every row, b = 10.5 for the outer rows and 9.5 for
/// // the inner ones.
/// let x = [0.0, 1.0, 10.0, 11.0];
/// let s = silhouette(&x, 1, &[0, 0, 1, 1])?;
/// assert!((s - (9.5 / 10.5 + 8.5 / 9.5) / 2.0).abs() < 1e-12);
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn silhouette(x: &[f64], n_features: usize, labels: &[usize]) -> Result<f64> {
    let s = silhouette_samples(x, n_features, labels)?;
    Ok(s.iter().sum::<f64>() / s.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_worked_rows() {
        // Row 0 (x = 0): a = 1, b = (10 + 11)/2 = 10.5 → s = 9.5/10.5.
        let s = silhouette_samples(&[0.0, 1.0, 10.0, 11.0], 1, &[0, 0, 1, 1]).unwrap();
        assert!((s[0] - 9.5 / 10.5).abs() < 1e-15);
        // Row 1 (x = 1): a = 1, b = 9.5 → 8.5/9.5.
        assert!((s[1] - 8.5 / 9.5).abs() < 1e-15);
        // A singleton scores 0.
        let s = silhouette_samples(&[0.0, 1.0, 10.0], 1, &[0, 0, 1]).unwrap();
        assert_eq!(s[2], 0.0);
        assert!(silhouette(&[0.0, 1.0], 1, &[0, 1]).is_err());
        assert!(silhouette(&[0.0, 1.0, 2.0], 1, &[0, 0, 0]).is_err());
        assert!(matches!(
            silhouette(&[0.0, 1.0, 2.0], 1, &[0, 1]),
            Err(CxError::LengthMismatch { .. })
        ));
    }
}
