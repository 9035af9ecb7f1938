//! `NpsTally`: promoter, passive and detractor counts that merge across shards exactly.

use std::cell::Cell;

use cx_core::survey;
use napi::Env;
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use crate::convert::{Options, add_numbers, merge_checked, numbers, run, tally_counts};
use crate::results::NpsResult;

/// Counts of promoters, passives and detractors: count shards apart, `merge`, then `result`.
/// `JSON.stringify` gives its portable document; `NpsTally.fromJSON` reads it back.
#[napi]
pub struct NpsTally {
    // A `Cell` so every method takes `&self`: `merge` reads the other tally through its JS
    // getters, which must work even when the other tally is this one (`t.merge(t)`).
    inner: Cell<survey::NpsTally>,
}

#[napi]
impl NpsTally {
    /// An empty tally.
    #[napi(constructor)]
    #[allow(
        clippy::new_without_default,
        reason = "a JS constructor, not a Rust API"
    )]
    pub fn new() -> Self {
        Self {
            inner: Cell::new(survey::NpsTally::new()),
        }
    }

    /// Counts whole-number answers 0–10 (`Uint8Array` on the byte fast path). On a bad
    /// answer nothing is added and the error names its index and value.
    #[napi(ts_args_type = "scores: ReadonlyArray<number> | Float64Array | Uint8Array")]
    pub fn add(&self, env: Env, scores: Unknown<'_>) -> napi::Result<(), String> {
        run(env, || {
            let mut t = self.inner.get();
            add_numbers(&mut t, &numbers("scores", scores)?)?;
            self.inner.set(t);
            Ok(())
        })
    }

    /// Adds another tally's counts (an `NpsTally` or its JSON).
    #[napi(ts_args_type = "other: NpsTally | NpsTallyJson")]
    pub fn merge(&self, env: Env, other: Unknown<'_>) -> napi::Result<(), String> {
        run(env, || {
            let other = tally_counts("other", other)?;
            let mut t = self.inner.get();
            merge_checked(&mut t, &other)?;
            self.inner.set(t);
            Ok(())
        })
    }

    /// Answers of 9 or 10.
    #[napi(getter)]
    pub fn promoters(&self) -> f64 {
        self.inner.get().promoters as f64
    }

    /// Answers of 7 or 8.
    #[napi(getter)]
    pub fn passives(&self) -> f64 {
        self.inner.get().passives as f64
    }

    /// Answers of 0 to 6.
    #[napi(getter)]
    pub fn detractors(&self) -> f64 {
        self.inner.get().detractors as f64
    }

    /// Number of answers counted.
    #[napi(getter)]
    pub fn n(&self) -> f64 {
        self.inner.get().n() as f64
    }

    /// NPS with its interval; `CX_EMPTY` on an empty tally.
    #[napi(
        ts_args_type = "options?: IntervalOptions | null",
        ts_return_type = "NpsResult"
    )]
    pub fn result(
        &self,
        env: Env,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<NpsResult, String> {
        run(env, || {
            let o = Options::read(options, &["level", "method"])?.nps()?;
            Ok(self.inner.get().result(o)?.into())
        })
    }

    /// The tally's portable document (`format_version`, `model: "nps_tally"` and the three
    /// counts, in the key order of the other languages), for `JSON.stringify`.
    #[napi(js_name = "toJSON", ts_return_type = "NpsTallyJson")]
    pub fn to_json<'e>(&self, env: &'e Env) -> napi::Result<Unknown<'e>, String> {
        let doc = run(*env, || cx_js::model::to_document(&self.inner.get()))?;
        crate::api::from_val(env, doc)
            .map_err(|e| napi::Error::new(e.status.to_string(), e.reason.clone()))
    }

    /// A tally from its document (e.g. `JSON.parse` of a stored tally) or the plain
    /// `{promoters, passives, detractors}` of older versions; a newer `format_version` or
    /// another `model` is refused.
    #[napi(
        factory,
        js_name = "fromJSON",
        ts_args_type = "json: NpsTallyJson | NpsTally"
    )]
    pub fn from_json(env: Env, json: Unknown<'_>) -> napi::Result<Self, String> {
        run(env, || {
            Ok(Self {
                inner: Cell::new(tally_counts("json", json)?),
            })
        })
    }
}
