//! Survey breakdowns (`cx_js::survey`) exported to Node.

use crate::api::export_fns;

export_fns! {
    "npsBySegment" nps_by_segment => cx_js::survey::nps_by_segment;
    "npsTrend" nps_trend => cx_js::survey::nps_trend;
}
