//! # cx-core
//!
//! The core of **cxkit**: customer-experience analytics in pure Rust. It knows the domain
//! (customers, transactions, touchpoints, journeys, survey responses) and computes the
//! numbers (NPS, CSAT, CES with intervals, and more as the crate grows). The Python, Node
//! and WebAssembly packages are thin bindings over this crate: every number is decided here.
//!
//! ```
//! use cx_core::survey::{nps, IntervalMethod, NpsOptions};
//!
//! let scores = [10.0, 9.0, 9.0, 8.0, 7.0, 6.0, 3.0, 10.0];
//! let r = nps(&scores, None, NpsOptions { level: 0.95, method: IntervalMethod::AdjustedWald })?;
//! assert_eq!(r.score, 25.0);
//! assert!(r.ci.0 < 25.0 && 25.0 < r.ci.1);
//! # Ok::<(), cx_core::CxError>(())
//! ```
//!
//! ## Features
//! - `io` (default): CSV readers for transactions and survey responses, and the CDNOW
//!   fixed-width format (`cx_core::io`). Off for the WebAssembly build.
//! - `parallel` (off): the CLV likelihood sums run on `rayon` (fixed chunks added in order, so
//!   results do not depend on the thread count). Leave off for WebAssembly.

pub mod churn;
pub mod clv;
pub mod domain;
pub mod error;
pub mod fit;
#[cfg(feature = "io")]
pub mod io;
pub mod journey;
pub mod portable;
pub mod retention;
mod serde_float;
pub mod survey;

pub use error::{CxError, Result};

/// The README's Rust examples, compiled and run as doc tests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
