//! Bounded integer rating scales: the mergeable histogram behind CSAT and CES.

use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result};

/// Counts of each score on an integer scale `min..=max`; merges across shards exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScoreTally {
    min: u32,
    max: u32,
    counts: Vec<u64>,
}

impl ScoreTally {
    /// An empty tally for the scale `min..=max`; fails unless `min < max <= 1000`.
    pub fn new(min: u32, max: u32) -> Result<Self> {
        if min >= max || max > 1000 {
            return Err(CxError::invalid(
                "scale",
                format!("a rating scale needs min < max <= 1000, got {min}..={max}"),
            ));
        }
        Ok(Self {
            min,
            max,
            counts: vec![0; (max - min + 1) as usize],
        })
    }

    /// Lowest allowed score.
    pub fn min(&self) -> u32 {
        self.min
    }

    /// Highest allowed score.
    pub fn max(&self) -> u32 {
        self.max
    }

    /// Count of each score, from `min` to `max`.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Counts whole-number scores in `min..=max`. On a bad score nothing is added and the
    /// error names its index and value.
    pub fn add_scores(&mut self, scores: &[f64]) -> Result<()> {
        let mut add = vec![0u64; self.counts.len()];
        let (lo, hi) = (f64::from(self.min), f64::from(self.max));
        for (i, &s) in scores.iter().enumerate() {
            if !(lo..=hi).contains(&s) || s.fract() != 0.0 {
                return Err(CxError::invalid_at(
                    "scores",
                    i,
                    s,
                    format!(
                        "a score must be a whole number from {} to {}",
                        self.min, self.max
                    ),
                ));
            }
            add[(s - lo) as usize] += 1;
        }
        for (c, a) in self.counts.iter_mut().zip(add) {
            *c += a;
        }
        Ok(())
    }

    /// Adds another tally on the same scale; fails when the scales differ.
    pub fn merge(&mut self, other: &Self) -> Result<()> {
        if (self.min, self.max) != (other.min, other.max) {
            return Err(CxError::invalid(
                "other",
                format!(
                    "cannot merge a {}..={} tally into a {}..={} tally",
                    other.min, other.max, self.min, self.max
                ),
            ));
        }
        for (c, o) in self.counts.iter_mut().zip(&other.counts) {
            *c += o;
        }
        Ok(())
    }

    /// Number of scores counted.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Number of scores in `lo..=hi` (clipped to the scale).
    pub fn count_between(&self, lo: u32, hi: u32) -> u64 {
        (lo.max(self.min)..=hi.min(self.max))
            .map(|s| self.counts[(s - self.min) as usize])
            .sum()
    }

    /// Mean and sample variance (n − 1 denominator); `None` when empty.
    pub fn mean_var(&self) -> Option<(f64, f64)> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let nf = n as f64;
        let mean = self.scored().map(|(s, c)| s * c).sum::<f64>() / nf;
        let ss = self
            .scored()
            .map(|(s, c)| c * (s - mean) * (s - mean))
            .sum::<f64>();
        let var = if n > 1 { ss / (nf - 1.0) } else { 0.0 };
        Some((mean, var))
    }

    fn scored(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .map(|(i, &c)| (f64::from(self.min) + i as f64, c as f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_merges_and_validates() {
        let mut a = ScoreTally::new(1, 5).unwrap();
        a.add_scores(&[1.0, 5.0, 5.0, 3.0]).unwrap();
        assert_eq!(a.counts(), &[1, 0, 1, 0, 2]);
        let e = a.add_scores(&[2.0, 6.0]).unwrap_err();
        assert!(matches!(e, CxError::InvalidInput { index: Some(1), .. }));
        assert_eq!(a.n(), 4, "failed add leaves the tally untouched");
        let mut b = ScoreTally::new(1, 5).unwrap();
        b.add_scores(&[4.0]).unwrap();
        a.merge(&b).unwrap();
        assert_eq!(a.count_between(4, 9), 3);
        let (m, v) = a.mean_var().unwrap();
        assert!((m - 3.6).abs() < 1e-12);
        assert!((v - 2.8).abs() < 1e-12);
        assert!(a.merge(&ScoreTally::new(1, 7).unwrap()).is_err());
        assert!(ScoreTally::new(5, 5).is_err());
    }
}
