//! Journeys (`cx_js::journey`) exported to Node.

use crate::api::export_fns;

export_fns! {
    "funnel" funnel => cx_js::journey::funnel;
    "funnelColumns" funnel_columns => cx_js::journey::funnel_columns;
    "topPaths" top_paths => cx_js::journey::top_paths;
    "transitions" transitions => cx_js::journey::transitions;
    "sankeyEdges" sankey_edges => cx_js::journey::sankey_edges;
    "channelSwitching" channel_switching => cx_js::journey::channel_switching;
    "attribution" attribution => cx_js::journey::attribution;
    "responseTimes" response_times => cx_js::journey::response_times;
    "cac" cac => cx_js::journey::cac;
    "conversionRate" conversion_rate => cx_js::journey::conversion_rate;
    "unitEconomics" unit_economics => cx_js::journey::unit_economics;
}
