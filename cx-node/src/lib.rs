//! # cxkit for Node
//!
//! The napi-rs addon behind the npm package `cxkit`: NPS, CSAT and CES with confidence
//! intervals, and a mergeable `NpsTally`, computed by `cx-core`. This crate only converts
//! JavaScript values, calls the core and maps its errors: no formula lives here.
//!
//! Errors are thrown as `Error` objects whose `code` is the core's code (`CX_INVALID_INPUT`,
//! `CX_LENGTH_MISMATCH`, `CX_EMPTY`, ...) and whose message names the field, index and value.
//! The same API, with the same names and numbers, ships as WebAssembly in `cxkit-wasm`.

mod api;
pub mod clv;
mod convert;
pub mod journey;
pub mod offers;
pub mod personalize;
mod results;
pub mod retention;
pub mod survey_breakdown;
mod tally;

use cx_core::survey;
use napi::Env;
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use convert::{Numbers, Options, group_summary, numbers, run};
pub use results::{
    CesOptions, CesResult, CsatOptions, CsatResult, IntervalOptions, NpsComparison, NpsOptions,
    NpsResult, NpsTallyJson,
};
pub use tally::NpsTally;

/// Net Promoter Score of whole-number answers 0–10: % promoters (9–10) − % detractors (0–6),
/// with a Wald or adjusted-Wald (Rocks 2016) interval; weights use the Kish effective n.
/// A `Uint8Array` is counted on the byte fast path.
#[napi(
    ts_args_type = "scores: ReadonlyArray<number> | Float64Array | Uint8Array, options?: NpsOptions | null",
    ts_return_type = "NpsResult"
)]
pub fn nps(
    env: Env,
    scores: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<NpsResult, String> {
    run(env, || {
        let opts = Options::read(options, &["weights", "level", "method"])?;
        let scores = numbers("scores", scores)?;
        let weights = opts.numbers("weights")?;
        let o = opts.nps()?;
        let r = match (&scores, &weights) {
            (Numbers::U8(bytes), None) => {
                let mut t = survey::NpsTally::new();
                t.add_u8(bytes)?;
                t.result(o)?
            }
            (s, w) => {
                let w = w.as_ref().map(Numbers::to_f64);
                survey::nps(&s.to_f64(), w.as_deref(), o)?
            }
        };
        Ok(r.into())
    })
}

/// Difference between the NPS of two independent groups, `NPS(a) − NPS(b)`, with a z test
/// and interval. Each group is an array of scores or an `NpsTally` (or its JSON).
#[napi(
    js_name = "compareNps",
    ts_args_type = "a: ReadonlyArray<number> | Float64Array | Uint8Array | NpsTally | NpsTallyJson, b: ReadonlyArray<number> | Float64Array | Uint8Array | NpsTally | NpsTallyJson, options?: IntervalOptions | null",
    ts_return_type = "NpsComparison"
)]
pub fn compare_nps(
    env: Env,
    a: Unknown<'_>,
    b: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<NpsComparison, String> {
    run(env, || {
        let opts = Options::read(options, &["level", "method"])?;
        let o = opts.nps()?;
        let sa = group_summary("a", a)?;
        let sb = group_summary("b", b)?;
        Ok(survey::compare_nps(&sa, &sb, o)?.into())
    })
}

/// Customer satisfaction: percent of answers in the top `topBox` of `1..=scale` (default
/// top-2 of 5) with a Wilson score interval.
#[napi(
    ts_args_type = "scores: ReadonlyArray<number> | Float64Array | Uint8Array, options?: CsatOptions | null",
    ts_return_type = "CsatResult"
)]
pub fn csat(
    env: Env,
    scores: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<CsatResult, String> {
    run(env, || {
        let opts = Options::read(options, &["scale", "topBox", "level"])?;
        let scores = numbers("scores", scores)?;
        let d = survey::CsatOptions::default();
        let o = survey::CsatOptions {
            scale: opts.whole("scale")?.unwrap_or(d.scale),
            top_box: opts.whole("topBox")?.unwrap_or(d.top_box),
            level: opts.number("level")?.unwrap_or(d.level),
        };
        Ok(survey::csat(&scores.to_f64(), o)?.into())
    })
}

/// Customer effort score: mean of `1..=scale` answers (default 7) with a Student-t interval,
/// and the share on the easy side of the midpoint.
#[napi(
    ts_args_type = "scores: ReadonlyArray<number> | Float64Array | Uint8Array, options?: CesOptions | null",
    ts_return_type = "CesResult"
)]
pub fn ces(
    env: Env,
    scores: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<CesResult, String> {
    run(env, || {
        let opts = Options::read(options, &["scale", "level", "lowIsEasy"])?;
        let scores = numbers("scores", scores)?;
        let d = survey::CesOptions::default();
        let o = survey::CesOptions {
            scale: opts.whole("scale")?.unwrap_or(d.scale),
            level: opts.number("level")?.unwrap_or(d.level),
            low_is_easy: opts.boolean("lowIsEasy")?.unwrap_or(d.low_is_easy),
        };
        Ok(survey::ces(&scores.to_f64(), o)?.into())
    })
}

/// Test-only: panics inside the guard every export runs in, so the test suite can check that
/// a bug in cx reaches JavaScript as an `Error` with code `CX_INTERNAL`, never an abort.
#[doc(hidden)]
#[napi(js_name = "_panicForTests", skip_typescript)]
pub fn panic_for_tests(env: Env) -> napi::Result<(), String> {
    run(env, || -> Result<(), cx_core::CxError> {
        panic!("deliberate panic from cxkit._panicForTests")
    })
}
