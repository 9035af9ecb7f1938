//! Python binding of cxkit: the private native module `cx._cx`.
//!
//! The public package `cx` (plain Python, `python/cx/`) re-exports these functions and
//! classes and adds pandas conveniences. This crate only converts Python values, calls
//! `cx_core`, and maps `CxError` to the `cx.CxError` exception tree: no formula lives here.

mod clv;
mod clv_beyond;
mod clv_dynamic;
mod errors;
mod input;
mod journey;
mod offers;
mod paths_input;
mod personalize;
mod results;
mod retention;
mod sbg_cohorts;
mod survey;
mod tally;
mod uncertainty;

use pyo3::prelude::*;

/// The native module; import `cx`, not `cx._cx`.
#[pymodule]
fn _cx(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(survey::nps, m)?)?;
    m.add_function(wrap_pyfunction!(survey::compare_nps, m)?)?;
    m.add_function(wrap_pyfunction!(survey::csat, m)?)?;
    m.add_function(wrap_pyfunction!(survey::ces, m)?)?;
    m.add_function(wrap_pyfunction!(survey::nps_by_codes, m)?)?;
    m.add_function(wrap_pyfunction!(survey::nps_trend_ns, m)?)?;
    m.add_function(wrap_pyfunction!(journey::funnel, m)?)?;
    m.add_function(wrap_pyfunction!(journey::funnel_columns, m)?)?;
    m.add_function(wrap_pyfunction!(journey::paths_by_customer, m)?)?;
    m.add_function(wrap_pyfunction!(journey::top_paths, m)?)?;
    m.add_function(wrap_pyfunction!(journey::transitions, m)?)?;
    m.add_function(wrap_pyfunction!(journey::sankey_edges, m)?)?;
    m.add_function(wrap_pyfunction!(journey::channel_switching, m)?)?;
    m.add_function(wrap_pyfunction!(journey::attribution, m)?)?;
    m.add_function(wrap_pyfunction!(journey::response_times, m)?)?;
    m.add_function(wrap_pyfunction!(journey::cac, m)?)?;
    m.add_function(wrap_pyfunction!(journey::conversion_rate, m)?)?;
    m.add_function(wrap_pyfunction!(journey::unit_economics, m)?)?;
    m.add_function(wrap_pyfunction!(retention::churn_rate, m)?)?;
    m.add_function(wrap_pyfunction!(retention::retention_rate, m)?)?;
    m.add_function(wrap_pyfunction!(retention::activity, m)?)?;
    m.add_function(wrap_pyfunction!(retention::time_to_repeat, m)?)?;
    m.add_function(wrap_pyfunction!(retention::kaplan_meier, m)?)?;
    m.add_function(wrap_pyfunction!(retention::kaplan_meier_by_segment, m)?)?;
    m.add_function(wrap_pyfunction!(retention::logrank_test, m)?)?;
    m.add_function(wrap_pyfunction!(retention::churn_metrics, m)?)?;
    m.add_function(wrap_pyfunction!(retention::customer_view, m)?)?;
    m.add_class::<retention::KaplanMeierFit>()?;
    m.add_class::<retention::ShiftedBetaGeometric>()?;
    m.add_class::<retention::ChurnClassifier>()?;
    m.add_function(wrap_pyfunction!(clv::rfm_summary, m)?)?;
    m.add_function(wrap_pyfunction!(clv::rfm_summary_ids, m)?)?;
    m.add_function(wrap_pyfunction!(clv::rfm_scores, m)?)?;
    m.add_function(wrap_pyfunction!(clv::compress, m)?)?;
    m.add_function(wrap_pyfunction!(clv::holdout_comparison, m)?)?;
    m.add_class::<clv::BgNbd>()?;
    m.add_class::<clv::MbgNbd>()?;
    m.add_class::<clv::ParetoNbd>()?;
    m.add_class::<clv::BgBb>()?;
    m.add_class::<clv::GammaGamma>()?;
    m.add_function(wrap_pyfunction!(personalize::value_concentration, m)?)?;
    m.add_function(wrap_pyfunction!(personalize::top_customers, m)?)?;
    m.add_function(wrap_pyfunction!(personalize::silhouette, m)?)?;
    m.add_function(wrap_pyfunction!(personalize::personas, m)?)?;
    m.add_function(wrap_pyfunction!(personalize::lookalike, m)?)?;
    m.add_function(wrap_pyfunction!(offers::co_occurrence, m)?)?;
    m.add_function(wrap_pyfunction!(offers::association_rules, m)?)?;
    m.add_function(wrap_pyfunction!(offers::recommend, m)?)?;
    m.add_function(wrap_pyfunction!(offers::sentiment, m)?)?;
    m.add_function(wrap_pyfunction!(offers::sentiment_by_segment, m)?)?;
    m.add_function(wrap_pyfunction!(offers::sentiment_trend_ns, m)?)?;
    m.add_function(wrap_pyfunction!(offers::feedback_themes, m)?)?;
    m.add_function(wrap_pyfunction!(uncertainty::covariate_fit, m)?)?;
    m.add_function(wrap_pyfunction!(uncertainty::covariate_score, m)?)?;
    m.add_function(wrap_pyfunction!(uncertainty::covariate_bootstrap, m)?)?;
    m.add_function(wrap_pyfunction!(uncertainty::wald, m)?)?;
    m.add_class::<clv::GgNbd>()?;
    m.add_function(wrap_pyfunction!(clv_beyond::lr_test, m)?)?;
    m.add_function(wrap_pyfunction!(clv_beyond::tracking, m)?)?;
    m.add_class::<clv_beyond::ParetoNbdCor>()?;
    m.add_function(wrap_pyfunction!(sbg_cohorts::fit, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_cohorts::log_likelihood, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_cohorts::cohort_params, m)?)?;
    // Pareto/NBD with time-varying covariates.
    m.add_function(wrap_pyfunction!(clv_dynamic::dynamic_fit, m)?)?;
    m.add_function(wrap_pyfunction!(clv_dynamic::dynamic_score, m)?)?;
    m.add_function(wrap_pyfunction!(clv_dynamic::dynamic_from_params, m)?)?;
    m.add_function(wrap_pyfunction!(clv_dynamic::dynamic_check, m)?)?;
    m.add_function(wrap_pyfunction!(results::unpickle_result, m)?)?;
    m.add_function(wrap_pyfunction!(errors::panic_for_tests, m)?)?;
    m.add_class::<tally::NpsTally>()?;
    m.add_class::<results::NpsResult>()?;
    m.add_class::<results::NpsComparison>()?;
    m.add_class::<results::CsatResult>()?;
    m.add_class::<results::CesResult>()?;
    m.add_class::<results::ConversionRate>()?;
    m.add_class::<results::UnitEconomics>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
