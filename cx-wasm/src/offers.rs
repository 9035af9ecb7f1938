//! Next best offer and feedback sentiment (`cx_js::personalize`) exported to WebAssembly.

use crate::api::export_fns;

export_fns! {
    coOccurrence co_occurrence => cx_js::offers::co_occurrence;
    associationRules association_rules => cx_js::offers::association_rules;
    recommend recommend => cx_js::offers::recommend;
    sentiment sentiment => cx_js::offers::sentiment;
    sentimentBySegment sentiment_by_segment => cx_js::offers::sentiment_by_segment;
    sentimentTrend sentiment_trend => cx_js::offers::sentiment_trend;
    feedbackThemes feedback_themes => cx_js::offers::feedback_themes;
}
