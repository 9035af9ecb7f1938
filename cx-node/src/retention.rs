//! Retention and churn (`cx_js::retention`) exported to Node.

use crate::api::{export_class, export_fns};

export_fns! {
    "churnRate" churn_rate => cx_js::retention::churn_rate;
    "retentionRate" retention_rate => cx_js::retention::retention_rate;
    "periodRates" period_rates => cx_js::retention::period_rates;
    "cohortTable" cohort_table => cx_js::retention::cohort_table;
    "lifecycle" lifecycle => cx_js::retention::lifecycle;
    "timeToRepeat" time_to_repeat => cx_js::retention::time_to_repeat;
    "kaplanMeierBySegment" kaplan_meier_by_segment => cx_js::retention::kaplan_meier_by_segment;
    "logrankTest" logrank_test => cx_js::retention::logrank_test;
    "churnMetrics" churn_metrics => cx_js::retention::churn_metrics;
    "customerView" customer_view => cx_js::retention::customer_view;
}

export_class!(KaplanMeier wraps cx_js::retention::KaplanMeier {
    statics { "fit" fit; "fromJSON" from_json; }
    getters { "table" table; "median" median; "medianCi" median_ci; "n" n; "events" events; "level" level; }
    methods { "survivalAt" survival_at; "ciAt" ci_at; }
});

export_class!(ShiftedBetaGeometric wraps cx_js::retention::ShiftedBetaGeometric {
    statics { "fit" fit; "fromParams" from_params; "fromJSON" from_json; }
    getters { "params" params; "logLikelihood" log_likelihood; "standardErrors" standard_errors; "converged" converged; "iterations" iterations; }
    methods { "survival" survival; "retentionRate" retention_rate; "churnProbability" churn_probability; "expectedLifetime" expected_lifetime; "discountedExpectedResidualLifetime" discounted_expected_residual_lifetime; }
});

export_class!(ChurnClassifier wraps cx_js::retention::ChurnClassifier {
    statics { "fit" fit; "fromJSON" from_json; }
    getters { "coefficients" coefficients; "intercept" intercept; "converged" converged; "iterations" iterations; }
    methods { "predictProba" predict_proba; }
});

/// `kaplanMeier(durations, observed?, {level})`: the same as `KaplanMeier.fit`.
#[napi_derive::napi(js_name = "kaplanMeier", skip_typescript)]
pub fn kaplan_meier(
    env: napi::Env,
    a: Option<napi::bindgen_prelude::Unknown<'_>>,
    b: Option<napi::bindgen_prelude::Unknown<'_>>,
    c: Option<napi::bindgen_prelude::Unknown<'_>>,
) -> napi::Result<KaplanMeier, String> {
    KaplanMeier::fit(env, a, b, c, None, None, None)
}
