//! Customer journeys: funnels, paths and channel switching, multi-touch attribution,
//! response-time SLAs and acquisition metrics.

mod acquisition;
mod attribution;
mod channel_paths;
mod from_domain;
mod funnel;
mod paths;
mod sla;

pub use acquisition::{
    CacReport, CacRow, ConversionRate, UnitEconomics, cac, conversion_rate, unit_economics,
};
pub use attribution::{
    Attribution, AttributionModel, ChannelCredit, MAX_MARKOV_STATES, MAX_SHAPLEY_CHANNELS,
    PathData, attribution, attribution_interned,
};
pub use channel_paths::{
    ChannelPaths, InternedPaths, NameHasher, aggregate_path_strings, path_strings,
};
pub use from_domain::{PathTable, funnel_touchpoints};
pub use funnel::{
    FunnelColumns, FunnelIds, FunnelOrder, FunnelReport, FunnelSegment, FunnelSpec, FunnelStep,
    FunnelStepSpec, Touch, funnel, funnel_columns, parse_duration,
};
pub use paths::{
    ChannelSwitching, CustomerPath, Direction, END, PathCount, PathOptions, START, SankeyEdge,
    Transition, channel_switching, paths_by_customer, sankey_edges, top_paths, transitions,
};
pub use sla::{
    Percentile, ResponseTimes, SlaOptions, SlaReport, WeeklySchedule, product_limit_quantile,
    response_times,
};
