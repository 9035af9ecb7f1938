//! Customer effort score (CES): mean with a Student-t interval and the share who find it easy.

use serde::{Deserialize, Serialize};

use super::interval::t_critical;
use super::scale::ScoreTally;
use crate::error::{CxError, Result, check_len_at_least};

/// Options of a CES score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CesOptions {
    /// Number of points; answers run from 1 to `scale`. Default 7 (CES 2.0); 5 is common too.
    pub scale: u32,
    /// Confidence level of the interval. Default 0.95.
    pub level: f64,
    /// True for scales where a low answer means little effort (CES 1.0 style). Default false.
    pub low_is_easy: bool,
}

impl Default for CesOptions {
    fn default() -> Self {
        Self {
            scale: 7,
            level: 0.95,
            low_is_easy: false,
        }
    }
}

impl CesOptions {
    /// An empty tally on this scale (`1..=scale`), after checking the options.
    pub fn tally(&self) -> Result<ScoreTally> {
        if self.scale < 3 {
            return Err(CxError::InvalidInput {
                field: "scale".into(),
                index: None,
                value: Some(self.scale.to_string()),
                reason: "a CES scale needs at least 3 points (7 and 5 are usual)".into(),
            });
        }
        ScoreTally::new(1, self.scale)
    }

    /// Scores counted as "agree / easy": strictly above the midpoint (5–7 on 7 points, 4–5 on
    /// 5), or strictly below it when `low_is_easy`.
    pub fn agree_range(&self) -> (u32, u32) {
        // The midpoint of 1..=scale is (scale + 1) / 2, a half-integer on even scales:
        // scores strictly below it end at floor(scale / 2), those above start at
        // ceil(scale / 2) + 1.
        if self.low_is_easy {
            (1, self.scale / 2)
        } else {
            (self.scale.div_ceil(2) + 1, self.scale)
        }
    }
}

/// A CES score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CesResult {
    /// Mean answer on the caller's scale (not reversed when `low_is_easy`).
    pub mean: f64,
    /// Sample standard deviation.
    pub std_dev: f64,
    /// Student-t interval of the mean, `(low, high)`.
    pub ci: (f64, f64),
    /// Share (0..1) of answers on the easy side of the midpoint.
    pub agree_share: f64,
    /// Number of answers.
    pub n: u64,
    /// Confidence level of `ci`.
    pub level: f64,
}

/// CES of a tally made with [`CesOptions::tally`].
pub fn ces_from_tally(tally: &ScoreTally, options: CesOptions) -> Result<CesResult> {
    let expected = options.tally()?;
    if (tally.min(), tally.max()) != (expected.min(), expected.max()) {
        return Err(CxError::invalid(
            "tally",
            format!(
                "tally covers {}..={} but the options say 1..={}",
                tally.min(),
                tally.max(),
                options.scale
            ),
        ));
    }
    let n = tally.n();
    check_len_at_least("scores", n as usize, 2)?;
    let t = t_critical(options.level, (n - 1) as f64)?;
    let (mean, var) = tally
        .mean_var()
        .ok_or_else(|| CxError::Internal("non-empty tally has no mean".into()))?;
    let sd = var.sqrt();
    let half = t * sd / (n as f64).sqrt();
    let (lo, hi) = options.agree_range();
    Ok(CesResult {
        mean,
        std_dev: sd,
        ci: (mean - half, mean + half),
        agree_share: tally.count_between(lo, hi) as f64 / n as f64,
        n,
        level: options.level,
    })
}

/// CES of raw answers (whole numbers `1..=scale`): mean with a t interval (n − 1 degrees of
/// freedom) and share agreeing; needs at least 2 answers.
///
/// ```
/// use cx_core::survey::{ces, CesOptions};
/// let r = ces(&[7.0, 6.0, 5.0, 2.0], CesOptions::default())?;
/// assert_eq!(r.mean, 5.0);
/// assert_eq!(r.agree_share, 0.75);
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn ces(scores: &[f64], options: CesOptions) -> Result<CesResult> {
    let mut t = options.tally()?;
    t.add_scores(scores)?;
    ces_from_tally(&t, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_ranges() {
        let o = CesOptions::default();
        assert_eq!(o.agree_range(), (5, 7));
        assert_eq!(CesOptions { scale: 6, ..o }.agree_range(), (4, 6));
        assert_eq!(
            CesOptions {
                scale: 6,
                low_is_easy: true,
                ..o
            }
            .agree_range(),
            (1, 3)
        );
        assert_eq!(CesOptions { scale: 5, ..o }.agree_range(), (4, 5));
        assert_eq!(
            CesOptions {
                low_is_easy: true,
                ..o
            }
            .agree_range(),
            (1, 3)
        );
        assert_eq!(
            CesOptions {
                scale: 5,
                low_is_easy: true,
                ..o
            }
            .agree_range(),
            (1, 2)
        );
    }

    #[test]
    fn validates() {
        let o = CesOptions::default();
        assert!(matches!(
            ces(&[4.0], o),
            Err(CxError::Empty { needed: 2, .. })
        ));
        assert_eq!(ces(&[4.0, 8.0], o).unwrap_err().field(), Some("scores"));
        assert_eq!(
            ces(&[4.0, f64::NAN], o).unwrap_err().field(),
            Some("scores")
        );
        assert_eq!(
            ces(&[4.0, 2.0], CesOptions { scale: 2, ..o })
                .unwrap_err()
                .field(),
            Some("scale")
        );
    }
}
