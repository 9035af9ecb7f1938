//! `NpsTally`: promoter, passive and detractor counts that merge across shards exactly.

use std::cell::Cell;

use cx_core::survey;
use wasm_bindgen::prelude::*;

use crate::convert::{Options, merged, nps_tally_of, run, tally_counts};
use crate::nps_result;

/// Counts of promoters, passives and detractors: count shards apart, `merge`, then `result`.
/// `JSON.stringify` gives its portable document; `NpsTally.fromJSON` reads it back.
#[wasm_bindgen]
pub struct NpsTally {
    // A `Cell` so every method takes `&self`: `merge` reads the other tally through its JS
    // getters, which must work even when the other tally is this one.
    inner: Cell<survey::NpsTally>,
}

#[wasm_bindgen]
impl NpsTally {
    /// An empty tally.
    #[wasm_bindgen(constructor)]
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
    pub fn add(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<number> | Float64Array | Uint8Array")]
        scores: &JsValue,
    ) -> Result<(), JsValue> {
        run(|| {
            let add = nps_tally_of("scores", scores)?;
            self.inner.set(merged(self.inner.get(), &add)?);
            Ok(())
        })
    }

    /// Adds another tally's counts (an `NpsTally` or its JSON).
    pub fn merge(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NpsTally | NpsTallyJson")] other: &JsValue,
    ) -> Result<(), JsValue> {
        run(|| {
            let other = tally_counts("other", other)?;
            self.inner.set(merged(self.inner.get(), &other)?);
            Ok(())
        })
    }

    /// Answers of 9 or 10.
    #[wasm_bindgen(getter)]
    pub fn promoters(&self) -> f64 {
        self.inner.get().promoters as f64
    }

    /// Answers of 7 or 8.
    #[wasm_bindgen(getter)]
    pub fn passives(&self) -> f64 {
        self.inner.get().passives as f64
    }

    /// Answers of 0 to 6.
    #[wasm_bindgen(getter)]
    pub fn detractors(&self) -> f64 {
        self.inner.get().detractors as f64
    }

    /// Number of answers counted.
    #[wasm_bindgen(getter)]
    pub fn n(&self) -> f64 {
        self.inner.get().n() as f64
    }

    /// NPS with its interval; `CX_EMPTY` on an empty tally.
    #[wasm_bindgen(unchecked_return_type = "NpsResult")]
    pub fn result(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "IntervalOptions | null")] options: &JsValue,
    ) -> Result<JsValue, JsValue> {
        run(|| {
            let o = Options::read(options, &["level", "method"])?.nps()?;
            Ok(nps_result(&self.inner.get().result(o)?))
        })
    }

    /// The tally's portable document (`format_version`, `model: "nps_tally"` and the three
    /// counts, keys sorted as in the other languages), for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "NpsTallyJson")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        run(|| cx_js::model::to_document(&self.inner.get())).map(crate::api::from_val)
    }

    /// A tally from its document (e.g. `JSON.parse` of a stored tally) or the plain
    /// `{promoters, passives, detractors}` of older versions; a newer `format_version` or
    /// another `model` is refused.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "NpsTallyJson | NpsTally")] json: &JsValue,
    ) -> Result<NpsTally, JsValue> {
        run(|| {
            Ok(Self {
                inner: Cell::new(tally_counts("json", json)?),
            })
        })
    }
}
