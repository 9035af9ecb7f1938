//! Personalization (`cx_js::personalize`) exported to Node.

use crate::api::export_fns;

export_fns! {
    "topCustomers" top_customers => cx_js::personalize::top_customers;
    "valueConcentration" value_concentration => cx_js::personalize::value_concentration;
    "silhouette" silhouette => cx_js::personalize::silhouette;
    "personas" personas => cx_js::personalize::personas;
    "lookalike" lookalike => cx_js::personalize::lookalike;
}
