//! # cx-js
//!
//! The JavaScript-facing API of cxkit, written once and shared by the Node addon
//! (`cx-node`, npm `cxkit`) and the WebAssembly build (`cx-wasm`, npm `cxkit-wasm`), so
//! both offer the same functions, names, options, numbers and errors.
//!
//! Each binding converts JS values to [`Val`] (a plain tree of data) and back; this crate
//! reads arguments (camelCase option names, unknown options refused, every error naming the
//! field and index), calls `cx-core` and shapes results with camelCase keys. Every function
//! and method has the uniform signature `fn(&[Val]) -> Result<Val, CxError>`, so the
//! bindings export them with one line each. The TypeScript declarations of this API live
//! in `cx-js/api.d.ts`, used verbatim by both builds.

pub mod args;
pub mod clv;
pub mod covariates;
pub mod dynamic;
pub mod journey;
pub mod model;
pub mod offers;
pub mod personalize;
pub mod retention;
pub mod survey;
pub mod val;

pub use val::{Val, to_val};

/// Positional argument `i` (`undefined` when not passed).
pub fn arg(args: &[Val], i: usize) -> &Val {
    args.get(i).unwrap_or(&Val::Undefined)
}

/// Positional argument `i` when passed and not `undefined`/`null`.
pub fn arg_opt(args: &[Val], i: usize) -> Option<&Val> {
    args.get(i).filter(|v| !v.is_missing())
}

/// Field names that stay as written: keys of model documents, which are the same JSON in
/// every language.
const DOCUMENT_KEYS: [&str; 1] = ["format_version"];

/// The field an error names, spelled the JS way (`top_box` → `topBox`); keys of model
/// documents stay as the document spells them.
pub fn js_field(e: &cx_core::CxError) -> Option<String> {
    e.field().map(|f| {
        if DOCUMENT_KEYS.contains(&f) {
            f.to_owned()
        } else {
            val::camel(f)
        }
    })
}

/// The error's message with the field spelled the JS way.
pub fn js_message(e: &cx_core::CxError) -> String {
    let msg = e.to_string();
    match (e.field(), js_field(e)) {
        (Some(core), Some(js)) if core != js => msg.replace(core, &js),
        _ => msg,
    }
}

/// The Rust snippets of the docs site (`docs/*.md`) as doc tests, so `cargo test` runs every
/// one. They live here because this crate is not published: cx-core's package must not depend
/// on files outside it. Blocks in other languages (python, js, sh) are not Rust and are skipped.
#[cfg(doctest)]
mod docs_site {
    #[doc = include_str!("../../docs/getting-started.md")]
    struct GettingStarted;
    #[doc = include_str!("../../docs/surveys.md")]
    struct Surveys;
    #[doc = include_str!("../../docs/retention.md")]
    struct Retention;
    #[doc = include_str!("../../docs/clv.md")]
    struct Clv;
    #[doc = include_str!("../../docs/journeys.md")]
    struct Journeys;
    #[doc = include_str!("../../docs/personalization.md")]
    struct Personalization;
}
