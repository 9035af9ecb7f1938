//! Next best offer and feedback sentiment (`cx_js::personalize`) exported to WebAssembly.

use crate::api::export_fns;

export_fns! {
    coOccurrence co_occurrence => cx_js::personalize::co_occurrence;
    associationRules association_rules => cx_js::personalize::association_rules;
    recommend recommend => cx_js::personalize::recommend;
    sentiment sentiment => cx_js::personalize::sentiment;
    sentimentBySegment sentiment_by_segment => cx_js::personalize::sentiment_by_segment;
    sentimentTrend sentiment_trend => cx_js::personalize::sentiment_trend;
    feedbackThemes feedback_themes => cx_js::personalize::feedback_themes;
}
