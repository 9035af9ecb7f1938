//! Customer satisfaction (CSAT): percent of "top-box" answers with a Wilson interval.

use serde::{Deserialize, Serialize};

use super::interval::{wilson, z_critical};
use super::scale::ScoreTally;
use crate::error::{CxError, Result, check_len_at_least};

/// Options of a CSAT score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsatOptions {
    /// Highest score; answers run from 1 to `scale`. Default 5.
    pub scale: u32,
    /// How many top answers count as satisfied (top-2 box on 1–5 = 4 and 5). Default 2.
    pub top_box: u32,
    /// Confidence level of the interval. Default 0.95.
    pub level: f64,
}

impl Default for CsatOptions {
    fn default() -> Self {
        Self {
            scale: 5,
            top_box: 2,
            level: 0.95,
        }
    }
}

impl CsatOptions {
    /// An empty tally on this scale (`1..=scale`), after checking the options.
    pub fn tally(&self) -> Result<ScoreTally> {
        if self.scale < 2 {
            return Err(CxError::InvalidInput {
                field: "scale".into(),
                index: None,
                value: Some(self.scale.to_string()),
                reason: "a CSAT scale needs at least 2 points".into(),
            });
        }
        if self.top_box == 0 || self.top_box >= self.scale {
            return Err(CxError::InvalidInput {
                field: "top_box".into(),
                index: None,
                value: Some(self.top_box.to_string()),
                reason: format!(
                    "top_box must be between 1 and {} on a 1..={} scale",
                    self.scale - 1,
                    self.scale
                ),
            });
        }
        ScoreTally::new(1, self.scale)
    }
}

/// A CSAT score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CsatResult {
    /// Percent satisfied (top-box answers), 0..100.
    pub score: f64,
    /// Number of satisfied answers.
    pub satisfied: u64,
    /// Mean answer on the 1..scale scale.
    pub mean: f64,
    /// Number of answers.
    pub n: u64,
    /// Wilson score interval of the percent satisfied, `(low, high)`.
    pub ci: (f64, f64),
    /// Confidence level of `ci`.
    pub level: f64,
}

/// CSAT of a tally made with [`CsatOptions::tally`] (or any `1..=scale` tally).
pub fn csat_from_tally(tally: &ScoreTally, options: CsatOptions) -> Result<CsatResult> {
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
    let z = z_critical(options.level)?;
    let n = tally.n();
    check_len_at_least("scores", n as usize, 1)?;
    let satisfied = tally.count_between(options.scale - options.top_box + 1, options.scale);
    let (lo, hi) = wilson(satisfied as f64, n as f64, z);
    let (mean, _) = tally
        .mean_var()
        .ok_or_else(|| CxError::Internal("non-empty tally has no mean".into()))?;
    Ok(CsatResult {
        score: 100.0 * satisfied as f64 / n as f64,
        satisfied,
        mean,
        n,
        ci: (100.0 * lo, 100.0 * hi),
        level: options.level,
    })
}

/// CSAT of raw answers: percent in the top `top_box` of `1..=scale`, with a Wilson interval
/// (Wilson 1927).
///
/// ```
/// use cx_core::survey::{csat, CsatOptions};
/// let r = csat(&[5.0, 4.0, 3.0, 5.0], CsatOptions::default())?;
/// assert_eq!(r.score, 75.0);
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn csat(scores: &[f64], options: CsatOptions) -> Result<CsatResult> {
    let mut t = options.tally()?;
    t.add_scores(scores)?;
    csat_from_tally(&t, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_options_and_scores() {
        let o = CsatOptions::default();
        assert!(matches!(csat(&[], o), Err(CxError::Empty { .. })));
        assert_eq!(csat(&[6.0], o).unwrap_err().field(), Some("scores"));
        assert_eq!(csat(&[0.0], o).unwrap_err().field(), Some("scores"));
        assert_eq!(csat(&[4.5], o).unwrap_err().field(), Some("scores"));
        assert_eq!(csat(&[f64::NAN], o).unwrap_err().field(), Some("scores"));
        let e = csat(&[4.0], CsatOptions { top_box: 5, ..o }).unwrap_err();
        assert_eq!(e.field(), Some("top_box"));
        assert_eq!(
            csat(&[1.0], CsatOptions { scale: 1, ..o })
                .unwrap_err()
                .field(),
            Some("scale")
        );
        assert_eq!(
            csat(&[1.0], CsatOptions { level: 2.0, ..o })
                .unwrap_err()
                .field(),
            Some("level")
        );
    }
}
