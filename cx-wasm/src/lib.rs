//! # cxkit for the browser
//!
//! The wasm-bindgen build behind the npm package `cxkit-wasm`: NPS, CSAT and CES with
//! confidence intervals, and a mergeable `NpsTally`, computed by `cx-core` in WebAssembly.
//! It offers the same API, names and numbers as the Node addon `cxkit`, and runs in the
//! browser (`--target web`) and in Node (`--target nodejs`).
//!
//! Errors are thrown as `Error` objects whose `code` is the core's code (`CX_INVALID_INPUT`,
//! `CX_LENGTH_MISMATCH`, `CX_EMPTY`, ...) and whose message names the field, index and value.
//! Every input is checked before it reaches code that could panic, so bad input never traps
//! the instance. The wasm profile aborts on panic; should a bug panic anyway, a panic hook
//! throws it as an `Error` with code `CX_INTERNAL` and `poisoned: true`, and every later call
//! on that instance fails fast with `CX_INTERNAL` (reload the module to recover).

mod api;
pub mod clv;
mod convert;
pub mod journey;
pub mod offers;
pub mod personalize;
pub mod retention;
pub mod survey_breakdown;
mod tally;

use cx_core::survey;
use wasm_bindgen::prelude::*;

use convert::{Options, group_summary, nps_tally_of, numbers, object, pair, run};
pub use tally::NpsTally;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

/// The declarations of the API shared with the Node addon (`cx-js/api.d.ts`).
#[wasm_bindgen(typescript_custom_section)]
const TS_SHARED: &str = include_str!("../../cx-js/api.d.ts");

/// An NPS result as the plain object both JS builds return.
pub(crate) fn nps_result(r: &survey::NpsResult) -> JsValue {
    object(&[
        ("score", r.score.into()),
        ("promoters", r.promoters.into()),
        ("passives", r.passives.into()),
        ("detractors", r.detractors.into()),
        ("n", (r.n as f64).into()),
        ("effectiveN", r.effective_n.into()),
        ("stdError", r.std_error.into()),
        ("ci", pair(r.ci)),
        ("level", r.level.into()),
        ("method", r.method.as_str().into()),
    ])
}

/// Net Promoter Score of whole-number answers 0–10: % promoters (9–10) − % detractors (0–6),
/// with a Wald or adjusted-Wald (Rocks 2016) interval; weights use the Kish effective n.
/// A `Uint8Array` is counted on the byte fast path.
#[wasm_bindgen(unchecked_return_type = "NpsResult")]
pub fn nps(
    #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<number> | Float64Array | Uint8Array")]
    scores: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NpsOptions | null")] options: &JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        let opts = Options::read(options, &["weights", "level", "method"])?;
        let weights = opts.numbers("weights")?;
        let o = opts.nps()?;
        // Unweighted NPS is a tally's result: typed arrays stream through wasm memory.
        let r = match weights {
            None => nps_tally_of("scores", scores)?.result(o)?,
            Some(w) => survey::nps(&numbers("scores", scores)?.to_f64(), Some(&w.to_f64()), o)?,
        };
        Ok(nps_result(&r))
    })
}

/// Difference between the NPS of two independent groups, `NPS(a) − NPS(b)`, with a z test
/// and interval. Each group is an array of scores or an `NpsTally` (or its JSON).
#[wasm_bindgen(js_name = compareNps, unchecked_return_type = "NpsComparison")]
pub fn compare_nps(
    #[wasm_bindgen(
        unchecked_param_type = "ReadonlyArray<number> | Float64Array | Uint8Array | NpsTally | NpsTallyJson"
    )]
    a: &JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "ReadonlyArray<number> | Float64Array | Uint8Array | NpsTally | NpsTallyJson"
    )]
    b: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "IntervalOptions | null")] options: &JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        let o = Options::read(options, &["level", "method"])?.nps()?;
        let sa = group_summary("a", a)?;
        let sb = group_summary("b", b)?;
        let r = survey::compare_nps(&sa, &sb, o)?;
        Ok(object(&[
            ("difference", r.difference.into()),
            ("stdError", r.std_error.into()),
            ("z", r.z.into()),
            ("pValue", r.p_value.into()),
            ("ci", pair(r.ci)),
            ("level", r.level.into()),
            ("method", r.method.as_str().into()),
        ]))
    })
}

/// Customer satisfaction: percent of answers in the top `topBox` of `1..=scale` (default
/// top-2 of 5) with a Wilson score interval.
#[wasm_bindgen(unchecked_return_type = "CsatResult")]
pub fn csat(
    #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<number> | Float64Array | Uint8Array")]
    scores: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsatOptions | null")] options: &JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        let opts = Options::read(options, &["scale", "topBox", "level"])?;
        let scores = numbers("scores", scores)?;
        let d = survey::CsatOptions::default();
        let o = survey::CsatOptions {
            scale: opts.whole("scale")?.unwrap_or(d.scale),
            top_box: opts.whole("topBox")?.unwrap_or(d.top_box),
            level: opts.number("level")?.unwrap_or(d.level),
        };
        let r = survey::csat(&scores.to_f64(), o)?;
        Ok(object(&[
            ("score", r.score.into()),
            ("satisfied", (r.satisfied as f64).into()),
            ("mean", r.mean.into()),
            ("n", (r.n as f64).into()),
            ("ci", pair(r.ci)),
            ("level", r.level.into()),
        ]))
    })
}

/// Customer effort score: mean of `1..=scale` answers (default 7) with a Student-t interval,
/// and the share on the easy side of the midpoint.
#[wasm_bindgen(unchecked_return_type = "CesResult")]
pub fn ces(
    #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<number> | Float64Array | Uint8Array")]
    scores: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CesOptions | null")] options: &JsValue,
) -> Result<JsValue, JsValue> {
    run(|| {
        let opts = Options::read(options, &["scale", "level", "lowIsEasy"])?;
        let scores = numbers("scores", scores)?;
        let d = survey::CesOptions::default();
        let o = survey::CesOptions {
            scale: opts.whole("scale")?.unwrap_or(d.scale),
            level: opts.number("level")?.unwrap_or(d.level),
            low_is_easy: opts.boolean("lowIsEasy")?.unwrap_or(d.low_is_easy),
        };
        let r = survey::ces(&scores.to_f64(), o)?;
        Ok(object(&[
            ("mean", r.mean.into()),
            ("stdDev", r.std_dev.into()),
            ("ci", pair(r.ci)),
            ("agreeShare", r.agree_share.into()),
            ("n", (r.n as f64).into()),
            ("level", r.level.into()),
        ]))
    })
}

/// Test-only: panics inside the guard every export runs in, so the test suite can check that
/// a bug in cx reaches JavaScript as an `Error` with code `CX_INTERNAL` (and poisons the
/// instance), never a bare wasm trap.
#[doc(hidden)]
#[wasm_bindgen(js_name = "_panicForTests", skip_typescript)]
pub fn panic_for_tests() -> Result<(), JsValue> {
    run(|| -> Result<(), cx_core::CxError> {
        panic!("deliberate panic from cxkit-wasm._panicForTests")
    })
}

/// Test-only: the size of this instance's linear memory in bytes. WebAssembly memory never
/// shrinks, so its size is the heap's high-water mark: the leak tests watch it, together with
/// the JavaScript heap, instead of the process's resident size (which V8's own code and
/// compiler caches move).
#[doc(hidden)]
#[wasm_bindgen(js_name = "_memoryBytesForTests", skip_typescript)]
pub fn memory_bytes_for_tests() -> f64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size(0);
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0;
    (pages * 65536) as f64
}
