//! Customer lifetime value (`cx_js::clv`) exported to WebAssembly.

use crate::api::{export_class, export_fns};

export_fns! {
    rfmSummary rfm_summary => cx_js::clv::rfm_summary;
    rfmScores rfm_scores => cx_js::clv::rfm_scores;
    holdoutComparison holdout_comparison => cx_js::clv::holdout_comparison;
    compress compress => cx_js::clv::compress;
}

export_class!(BgNbd wraps cx_js::clv::BgNbd {
    statics { fit fit; fromParams from_params; fromJSON from_json; }
    getters { params params; logLikelihood log_likelihood; converged converged; iterations iterations; standardErrors standard_errors; nCustomers n_customers; }
    methods { pAlive p_alive; expectedPurchases expected_purchases; expectedPurchasesNew expected_purchases_new; probabilityOfNPurchases probability_of_n_purchases; }
});

export_class!(MbgNbd wraps cx_js::clv::MbgNbd {
    statics { fit fit; fromParams from_params; fromJSON from_json; }
    getters { params params; logLikelihood log_likelihood; converged converged; iterations iterations; standardErrors standard_errors; nCustomers n_customers; }
    methods { pAlive p_alive; expectedPurchases expected_purchases; expectedPurchasesNew expected_purchases_new; probabilityOfNPurchases probability_of_n_purchases; }
});

export_class!(ParetoNbd wraps cx_js::clv::ParetoNbd {
    statics { fit fit; fromParams from_params; fromJSON from_json; }
    getters { params params; logLikelihood log_likelihood; converged converged; iterations iterations; standardErrors standard_errors; nCustomers n_customers; }
    methods { pAlive p_alive; expectedPurchases expected_purchases; expectedPurchasesNew expected_purchases_new; }
});

export_class!(GgNbd wraps cx_js::clv::GgNbd {
    statics { fit fit; fromParams from_params; fromJSON from_json; }
    getters { params params; logLikelihood log_likelihood; converged converged; iterations iterations; standardErrors standard_errors; nCustomers n_customers; }
    methods { pAlive p_alive; expectedPurchases expected_purchases; expectedPurchasesNew expected_purchases_new; }
});

export_class!(ParetoNbdCor wraps cx_js::clv::ParetoNbdCor {
    statics { fit fit; fromParams from_params; fromJSON from_json; }
    getters { params params; logLikelihood log_likelihood; converged converged; iterations iterations; standardErrors standard_errors; nCustomers n_customers; correlation correlation; correlationRange correlation_range; }
    methods { pAlive p_alive; expectedPurchases expected_purchases; expectedPurchasesNew expected_purchases_new; }
});

export_class!(BgBb wraps cx_js::clv::BgBb {
    statics { fit fit; fromParams from_params; fromJSON from_json; }
    getters { params params; logLikelihood log_likelihood; converged converged; iterations iterations; standardErrors standard_errors; nCustomers n_customers; }
    methods { pAlive p_alive; expectedPurchases expected_purchases; expectedPurchasesNew expected_purchases_new; }
});

export_class!(GammaGamma wraps cx_js::clv::GammaGamma {
    statics { fit fit; fromParams from_params; fromJSON from_json; }
    getters { params params; logLikelihood log_likelihood; converged converged; iterations iterations; standardErrors standard_errors; nCustomers n_customers; }
    methods { expectedSpend expected_spend; clv clv; }
});

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const CLASSES: &str = r"
export declare class BgNbd { private constructor(); free(): void; }
export declare class MbgNbd { private constructor(); free(): void; }
export declare class ParetoNbd { private constructor(); free(): void; }
export declare class GgNbd { private constructor(); free(): void; }
export declare class ParetoNbdCor { private constructor(); free(): void; }
export declare class BgBb { private constructor(); free(): void; }
export declare class GammaGamma { private constructor(); free(): void; }
";

export_class!(CovariateModel wraps cx_js::covariates::CovariateModel {
    statics { fromJSON from_json; }
    getters { kind kind; params params; purchaseCoefficients purchase_coefficients; dropoutCoefficients dropout_coefficients; logLikelihood log_likelihood; }
    methods { pAlive p_alive; expectedPurchases expected_purchases; expectedPurchasesNew expected_purchases_new; }
});

export_class!(ParetoNbdDynamic wraps cx_js::dynamic::ParetoNbdDynamic {
    statics { fromJSON from_json; }
    getters { params params; purchaseCoefficients purchase_coefficients; dropoutCoefficients dropout_coefficients; logLikelihood log_likelihood; }
    methods { pAlive p_alive; expectedPurchases expected_purchases; logLikelihoods log_likelihoods; }
});
