//! Plain JS objects returned by the addon (camelCase fields), and the option shapes it reads.
//!
//! The option structs only describe the accepted objects in `index.d.ts`: options are read
//! by `convert::Options`, which reports a wrong type as `CX_INVALID_INPUT` naming the key.

use cx_core::survey;
use napi_derive::napi;

/// Options of `nps`.
#[napi(object, object_from_js = false)]
pub struct NpsOptions {
    /// Non-negative weight of each response (same length as `scores`).
    #[napi(ts_type = "ReadonlyArray<number> | Float64Array | Uint8Array")]
    pub weights: Option<Vec<f64>>,
    /// Confidence level in (0, 1); default 0.95.
    pub level: Option<f64>,
    /// Interval method; default `"wald"`.
    #[napi(ts_type = "'wald' | 'adjusted_wald'")]
    pub method: Option<String>,
}

/// Options of `compareNps` and `NpsTally.result`: confidence level and method.
#[napi(object, object_from_js = false)]
pub struct IntervalOptions {
    /// Confidence level in (0, 1); default 0.95.
    pub level: Option<f64>,
    /// Test and interval method; default `"wald"`.
    #[napi(ts_type = "'wald' | 'adjusted_wald'")]
    pub method: Option<String>,
}

/// Options of `csat`.
#[napi(object, object_from_js = false)]
pub struct CsatOptions {
    /// Highest answer; answers run from 1 to `scale`. Default 5.
    pub scale: Option<u32>,
    /// How many top answers count as satisfied. Default 2 (4 and 5 of 5).
    pub top_box: Option<u32>,
    /// Confidence level in (0, 1); default 0.95.
    pub level: Option<f64>,
}

/// Options of `ces`.
#[napi(object, object_from_js = false)]
pub struct CesOptions {
    /// Highest answer; answers run from 1 to `scale`. Default 7.
    pub scale: Option<u32>,
    /// Confidence level in (0, 1); default 0.95.
    pub level: Option<f64>,
    /// True when a low answer means little effort. Default false.
    pub low_is_easy: Option<bool>,
}

/// An NPS with its interval.
#[napi(object, object_from_js = false)]
pub struct NpsResult {
    /// NPS on −100..100.
    pub score: f64,
    /// Share of promoters, 0..1 (weighted when weights were given).
    pub promoters: f64,
    /// Share of passives, 0..1.
    pub passives: f64,
    /// Share of detractors, 0..1.
    pub detractors: f64,
    /// Number of responses.
    pub n: f64,
    /// Kish effective sample size (equals `n` without weights).
    pub effective_n: f64,
    /// Standard error on the −100..100 scale.
    pub std_error: f64,
    /// Interval `[low, high]` on −100..100.
    #[napi(ts_type = "[number, number]")]
    pub ci: Vec<f64>,
    /// Confidence level of `ci`.
    pub level: f64,
    /// Interval method.
    #[napi(ts_type = "'wald' | 'adjusted_wald'")]
    pub method: String,
}

impl From<survey::NpsResult> for NpsResult {
    fn from(r: survey::NpsResult) -> Self {
        Self {
            score: r.score,
            promoters: r.promoters,
            passives: r.passives,
            detractors: r.detractors,
            n: r.n as f64,
            effective_n: r.effective_n,
            std_error: r.std_error,
            ci: vec![r.ci.0, r.ci.1],
            level: r.level,
            method: r.method.as_str().into(),
        }
    }
}

/// The difference between two NPS values with its test.
#[napi(object, object_from_js = false)]
pub struct NpsComparison {
    /// `NPS(a) − NPS(b)` on −200..200.
    pub difference: f64,
    /// Standard error of the difference.
    pub std_error: f64,
    /// Test statistic.
    pub z: f64,
    /// Two-sided p-value of equal NPS.
    pub p_value: f64,
    /// Interval for the difference `[low, high]`.
    #[napi(ts_type = "[number, number]")]
    pub ci: Vec<f64>,
    /// Confidence level of `ci`.
    pub level: f64,
    /// Test and interval method.
    #[napi(ts_type = "'wald' | 'adjusted_wald'")]
    pub method: String,
}

impl From<survey::NpsComparison> for NpsComparison {
    fn from(r: survey::NpsComparison) -> Self {
        Self {
            difference: r.difference,
            std_error: r.std_error,
            z: r.z,
            p_value: r.p_value,
            ci: vec![r.ci.0, r.ci.1],
            level: r.level,
            method: r.method.as_str().into(),
        }
    }
}

/// A CSAT score.
#[napi(object, object_from_js = false)]
pub struct CsatResult {
    /// Percent satisfied (top-box answers), 0..100.
    pub score: f64,
    /// Number of satisfied answers.
    pub satisfied: f64,
    /// Mean answer.
    pub mean: f64,
    /// Number of answers.
    pub n: f64,
    /// Wilson interval of the percent satisfied, `[low, high]`.
    #[napi(ts_type = "[number, number]")]
    pub ci: Vec<f64>,
    /// Confidence level of `ci`.
    pub level: f64,
}

impl From<survey::CsatResult> for CsatResult {
    fn from(r: survey::CsatResult) -> Self {
        Self {
            score: r.score,
            satisfied: r.satisfied as f64,
            mean: r.mean,
            n: r.n as f64,
            ci: vec![r.ci.0, r.ci.1],
            level: r.level,
        }
    }
}

/// A CES score.
#[napi(object, object_from_js = false)]
pub struct CesResult {
    /// Mean answer on the caller's scale.
    pub mean: f64,
    /// Sample standard deviation.
    pub std_dev: f64,
    /// Student-t interval of the mean, `[low, high]`.
    #[napi(ts_type = "[number, number]")]
    pub ci: Vec<f64>,
    /// Share (0..1) of answers on the easy side of the midpoint.
    pub agree_share: f64,
    /// Number of answers.
    pub n: f64,
    /// Confidence level of `ci`.
    pub level: f64,
}

impl From<survey::CesResult> for CesResult {
    fn from(r: survey::CesResult) -> Self {
        Self {
            mean: r.mean,
            std_dev: r.std_dev,
            ci: vec![r.ci.0, r.ci.1],
            agree_share: r.agree_share,
            n: r.n as f64,
            level: r.level,
        }
    }
}

/// The JSON form of an `NpsTally`: its portable document (docs/model-format.md).
/// `toJSON` always writes `format_version` and `model`; readers also take the plain counts
/// written before versioning, hence the optional keys.
#[napi(object, object_from_js = false)]
pub struct NpsTallyJson {
    /// The document format, 1.
    #[napi(js_name = "format_version")]
    pub format_version: Option<f64>,
    /// `"nps_tally"`.
    #[napi(ts_type = "'nps_tally'")]
    pub model: Option<String>,
    /// Answers of 9 or 10.
    pub promoters: f64,
    /// Answers of 7 or 8.
    pub passives: f64,
    /// Answers of 0 to 6.
    pub detractors: f64,
}
