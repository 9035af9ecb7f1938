//! # cx-core
//!
//! The core of **cxkit**: customer-experience analytics in pure Rust. It knows the domain
//! (customers, transactions, touchpoints, journeys, survey responses) and computes the
//! numbers (NPS, CSAT and CES with intervals, retention and churn, customer lifetime value,
//! funnels and attribution). The Python, Node and WebAssembly packages are thin bindings over
//! this crate: every number is decided here.
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
//! ## Modules
//! - [`survey`]: NPS, CSAT and CES with intervals, mergeable tallies, segments and trends.
//! - [`journey`]: funnels, paths, attribution, response-time SLAs, acquisition metrics.
//! - [`retention`]: churn and retention rates, cohorts, Kaplan–Meier, shifted-beta-geometric.
//! - [`churn`]: a regularized logistic churn classifier and its metrics.
//! - [`clv`]: RFM, BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma and discounted CLV.
//! - [`fit`]: the maximum-likelihood machinery and special functions the models share.
//! - [`domain`] and [`error`]: the validated input types and the one error type.
//!
//! Runnable programs live in `examples/` (`cargo run -p cx-core --example survey`, `clv`,
//! `retention`, `journey`).
//!
//! ## Features
#![doc = document_features::document_features!()]
#![deny(missing_docs)]

pub mod churn;
pub mod clv;
pub mod domain;
pub mod error;
pub mod fit;
#[cfg(feature = "io")]
pub mod io;
pub mod journey;
pub mod math;
pub mod portable;
pub mod retention;
mod serde_float;
pub mod survey;

pub use error::{CxError, Result};

/// The README's Rust examples, compiled and run as doc tests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The crate README's examples (the crates.io page), compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct CrateReadmeDoctests;
