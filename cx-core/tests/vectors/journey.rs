//! Journey cases of the shared vectors: funnels, paths, attribution, SLAs, acquisition.

use cx_core::CxError;
use cx_core::journey::{
    self, AttributionModel, Direction, FunnelColumns, FunnelIds, FunnelSpec, FunnelStepSpec,
    PathData, PathOptions, SlaOptions, WeeklySchedule,
};
use serde_json::{Map, Value, json};

use super::common::{num, nums, opt_num, opt_nums, to_json};

/// Runs a journey case; `None` when `function` is not a journey function.
pub fn run(function: &str, input: &Value) -> Option<Result<Value, CxError>> {
    Some(match function {
        "funnel" => funnel(input),
        "funnel_columns" => funnel_columns(input),
        "top_paths" => top_paths(input),
        "transitions" => Ok(transitions(input)),
        "sankey_edges" => Ok(to_json(&journey::sankey_edges(
            &paths(input),
            usize_or(input, "max_steps", 3),
        ))),
        "channel_switching" => journey::channel_switching(&paths(input)).map(|r| to_json(&r)),
        "attribution" => attribution(input),
        "response_times" => response_times(input),
        "cac" => cac(input),
        "conversion_rate" => journey::conversion_rate(
            num(&input["conversions"]),
            num(&input["visitors"]),
            opt_num(input, "level").unwrap_or(0.95),
        )
        .map(|r| to_json(&r)),
        "unit_economics" => journey::unit_economics(
            num(&input["cac"]),
            num(&input["clv"]),
            opt_num(input, "margin_per_period"),
        )
        .map(|r| to_json(&r)),
        _ => return None,
    })
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

fn opt_strings(input: &Value, key: &str) -> Option<Vec<String>> {
    input.get(key).filter(|v| !v.is_null()).map(strings)
}

fn ints(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_i64().expect("integer"))
        .collect()
}

fn opt_ints(v: &Value) -> Vec<Option<i64>> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(Value::as_i64)
        .collect()
}

fn u32s(v: &Value) -> Vec<u32> {
    ints(v).into_iter().map(|x| x as u32).collect()
}

fn usize_or(input: &Value, key: &str, default: usize) -> usize {
    input
        .get(key)
        .and_then(Value::as_u64)
        .map_or(default, |v| v as usize)
}

fn str_or<'a>(input: &'a Value, key: &str, default: &'a str) -> &'a str {
    input.get(key).and_then(Value::as_str).unwrap_or(default)
}

fn window(input: &Value) -> Result<i64, CxError> {
    match input.get("window") {
        Some(Value::String(s)) => journey::parse_duration(s),
        Some(v) if v.is_i64() => Ok(v.as_i64().unwrap_or_default()),
        _ => Ok(14 * 86_400),
    }
}

fn funnel(input: &Value) -> Result<Value, CxError> {
    let steps = input["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| match s {
            Value::String(name) => FunnelStepSpec::event(name.clone()),
            _ => FunnelStepSpec {
                name: s["name"].as_str().expect("name").to_string(),
                events: strings(&s["events"]),
            },
        })
        .collect();
    let spec = FunnelSpec {
        steps,
        window_seconds: window(input)?,
        order: str_or(input, "order", "ordered").parse()?,
        exclusions: opt_strings(input, "exclusions").unwrap_or_default(),
        touch: str_or(input, "touch", "first_touch").parse()?,
    };
    let breakdown = opt_strings(input, "breakdown");
    let r = journey::funnel(
        &strings(&input["customers"]),
        &ints(&input["times"]),
        &strings(&input["events"]),
        breakdown.as_deref(),
        &spec,
    )?;
    Ok(to_json(&r))
}

fn funnel_columns(input: &Value) -> Result<Value, CxError> {
    let (c, t, e) = (
        u32s(&input["customers"]),
        ints(&input["times"]),
        u32s(&input["events"]),
    );
    let cols = FunnelColumns {
        customers: &c,
        times: &t,
        events: &e,
        breakdown: None,
    };
    let ids = FunnelIds {
        steps: input["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(u32s)
            .collect(),
        exclusions: input.get("exclusions").map(u32s).unwrap_or_default(),
        window_seconds: window(input)?,
        order: str_or(input, "order", "ordered").parse()?,
        touch: journey::Touch::FirstTouch,
    };
    Ok(to_json(&journey::funnel_columns(&cols, &ids)?))
}

fn paths(input: &Value) -> Vec<Vec<String>> {
    input["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .map(strings)
        .collect()
}

fn top_paths(input: &Value) -> Result<Value, CxError> {
    let o = PathOptions {
        max_length: input
            .get("max_length")
            .and_then(Value::as_u64)
            .map(|v| v as usize),
        collapse_repeats: input
            .get("collapse_repeats")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    };
    Ok(to_json(&journey::top_paths(
        &paths(input),
        usize_or(input, "k", 10),
        o,
    )?))
}

fn transitions(input: &Value) -> Value {
    let d = match str_or(input, "direction", "next") {
        "previous" => Direction::Previous,
        _ => Direction::Next,
    };
    to_json(&journey::transitions(
        &paths(input),
        input["from"].as_str().expect("from"),
        d,
    ))
}

fn model(input: &Value) -> Result<AttributionModel, CxError> {
    let mut m = AttributionModel::from_name(str_or(input, "model", "markov"))?;
    match &mut m {
        AttributionModel::PositionBased { first, last } => {
            *first = opt_num(input, "first").unwrap_or(*first);
            *last = opt_num(input, "last").unwrap_or(*last);
        }
        AttributionModel::TimeDecay { half_life } => {
            *half_life = opt_num(input, "half_life").unwrap_or(*half_life);
        }
        AttributionModel::Markov { order } => *order = usize_or(input, "order", 1),
        _ => {}
    }
    Ok(m)
}

fn attribution(input: &Value) -> Result<Value, CxError> {
    let p = paths(input);
    let conversions = nums(&input["conversions"]);
    let nulls = opt_nums(input, "nulls");
    let values = opt_nums(input, "values");
    let times: Option<Vec<Vec<f64>>> = input
        .get("times")
        .filter(|v| !v.is_null())
        .map(|t| t.as_array().expect("times").iter().map(nums).collect());
    let data = PathData {
        paths: &p,
        conversions: &conversions,
        nulls: nulls.as_deref(),
        values: values.as_deref(),
        times: times.as_deref(),
    };
    let r = journey::attribution(&data, model(input)?)?;
    let by = |f: &dyn Fn(&journey::ChannelCredit) -> Value| {
        r.channels
            .iter()
            .map(|c| (c.channel.clone(), f(c)))
            .collect::<Map<String, Value>>()
    };
    Ok(json!({
        "model": r.model,
        "credits": by(&|c| json!(c.conversions)),
        "values": by(&|c| json!(c.value)),
        "removal_effects": by(&|c| json!(c.removal_effect)),
        "total_conversions": r.total_conversions,
        "total_value": r.total_value,
        "conversion_probability": r.conversion_probability,
    }))
}

fn response_times(input: &Value) -> Result<Value, CxError> {
    let mut o = SlaOptions {
        as_of: input.get("as_of").and_then(Value::as_i64),
        utc_offset_minutes: input
            .get("utc_offset_minutes")
            .and_then(Value::as_i64)
            .map_or(0, |v| v as i32),
        ..SlaOptions::default()
    };
    if let Some(p) = opt_nums(input, "percentiles") {
        o.percentiles = p;
    }
    if let Some(t) = input.get("target_seconds").and_then(Value::as_i64) {
        o.target_seconds = t;
    }
    if let Some(s) = input.get("schedule").filter(|v| !v.is_null()) {
        let mut days = [None; 7];
        for (d, slot) in s["days"].as_array().expect("days").iter().enumerate() {
            if d < 7 && !slot.is_null() {
                let v = u32s(slot);
                days[d] = Some((v[0], v[1]));
            }
        }
        let offset = s
            .get("utc_offset_minutes")
            .and_then(Value::as_i64)
            .unwrap_or(0) as i32;
        o.schedule = Some(WeeklySchedule::new(days, offset)?);
    }
    let r = journey::response_times(
        &strings(&input["channels"]),
        &ints(&input["opened"]),
        &opt_ints(&input["first_reply"]),
        &opt_ints(&input["resolved"]),
        &o,
    )?;
    Ok(to_json(&r))
}

fn cac(input: &Value) -> Result<Value, CxError> {
    Ok(to_json(&journey::cac(
        &strings(&input["channels"]),
        &strings(&input["periods"]),
        &nums(&input["spend"]),
        &nums(&input["new_customers"]),
    )?))
}
