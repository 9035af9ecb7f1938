//! Journeys for JS: `funnel`, `funnelColumns`, `topPaths`, `transitions`, `sankeyEdges`,
//! `channelSwitching`, `attribution`, `responseTimes`, `cac`, `conversionRate` and
//! `unitEconomics`, the camelCase versions of Python's `cx.funnel`, `cx.top_paths`, ...
//!
//! Event times are `Date`s, epoch milliseconds or ISO-8601 strings and reach the core as
//! whole seconds (as in Python); durations in results are seconds.

use cx_core::CxError;
use cx_core::domain::Timestamp;
use cx_core::journey::{
    self, AttributionModel, Direction, FunnelColumns, FunnelIds, FunnelOrder, FunnelSpec,
    FunnelStepSpec, PathData, PathOptions, SlaOptions, Touch, WeeklySchedule,
};

use crate::arg;
use crate::args::{Options, Result, Table, invalid, number, numbers, rename, string, string_lists};
use crate::val::{Val, to_val};

/// Largest whole number a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// Whole seconds since the Unix epoch (fractions of a second are dropped, as in Python).
fn seconds(ts: &[Timestamp]) -> Vec<i64> {
    ts.iter().map(Timestamp::timestamp).collect()
}

/// A duration: whole seconds ≥ 0 or text such as `"14d"`, `"36h"`, `"90m"`, `"2w"`.
fn duration(field: &str, v: &Val) -> Result<i64> {
    match v {
        Val::Str(s) => journey::parse_duration(s).map_err(|e| rename(e, "window", field)),
        Val::Num(x) if x.fract() == 0.0 && (0.0..=MAX_SAFE).contains(x) => Ok(*x as i64),
        other => Err(invalid(
            field,
            None,
            other,
            "expected whole seconds ≥ 0 or a duration like \"14d\", \"36h\", \"90m\"",
        )),
    }
}

/// A whole-number option within `0..=max` (counts such as `k`, `maxSteps`).
fn count(o: &Options<'_>, key: &str, default: usize, max: u64) -> Result<usize> {
    match o.whole(key)? {
        None => Ok(default),
        Some(n) if n <= max => Ok(n as usize),
        Some(n) => Err(invalid(
            key,
            None,
            &Val::Num(n as f64),
            &format!("must be at most {max}"),
        )),
    }
}

/// Event names of one funnel step (a non-empty array of strings).
fn step_events(k: usize, v: &Val) -> Result<Vec<String>> {
    let bad = || {
        invalid(
            "steps",
            Some(k),
            v,
            "step events must be a non-empty array of event names",
        )
    };
    match v {
        Val::Arr(items) if !items.is_empty() => items
            .iter()
            .map(|x| match x {
                Val::Str(s) => Ok(s.clone()),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}

/// Funnel steps: each an event name, an array of names (any of them, labelled `"a | b"`)
/// or `{name, events}`.
fn funnel_steps(v: &Val) -> Result<Vec<FunnelStepSpec>> {
    let Val::Arr(items) = v else {
        return Err(invalid("steps", None, v, "expected an array of steps"));
    };
    items
        .iter()
        .enumerate()
        .map(|(k, s)| match s {
            Val::Str(name) => Ok(FunnelStepSpec::event(name.clone())),
            Val::Arr(_) => {
                let events = step_events(k, s)?;
                Ok(FunnelStepSpec {
                    name: events.join(" | "),
                    events,
                })
            }
            Val::Obj(_) => {
                let name = match s.get("name") {
                    Some(Val::Str(n)) => n.clone(),
                    _ => {
                        return Err(invalid(
                            "steps",
                            Some(k),
                            s,
                            "a step object needs a string `name`",
                        ));
                    }
                };
                let events = match s.get("events") {
                    None | Some(Val::Undefined) => vec![name.clone()],
                    Some(e) => step_events(k, e)?,
                };
                Ok(FunnelStepSpec { name, events })
            }
            other => Err(invalid(
                "steps",
                Some(k),
                other,
                "a step is an event name, an array of names or {name, events}",
            )),
        })
        .collect()
}

/// `order` and `touch` options, parsed by the core.
fn order_touch(o: &Options<'_>) -> Result<(FunnelOrder, Touch)> {
    let order = o.string("order")?.unwrap_or("ordered").parse()?;
    let touch = o.string("touch")?.unwrap_or("first_touch").parse()?;
    Ok((order, touch))
}

/// `funnel(events, steps, {customer, time, event, window, order, exclusions, breakdown,
/// touch})`: customers entered and converted per step, conversion rates and times.
pub fn funnel(args: &[Val]) -> Result<Val> {
    let o = Options::read(
        arg(args, 2),
        &[
            "customer",
            "time",
            "event",
            "window",
            "order",
            "exclusions",
            "breakdown",
            "touch",
        ],
    )?;
    let customer = o.string("customer")?.unwrap_or("customerId");
    let time = o.string("time")?.unwrap_or("timestamp");
    let event = o.string("event")?.unwrap_or("event");
    let breakdown = match o.get("breakdown") {
        None | Some(Val::Null) => None,
        Some(b) => Some(string("breakdown", b)?),
    };
    let (order, touch) = order_touch(&o)?;
    let spec = FunnelSpec {
        steps: funnel_steps(arg(args, 1))?,
        window_seconds: match o.get("window") {
            Some(w) => duration("window", w)?,
            None => 14 * 86_400,
        },
        order,
        exclusions: o.strings("exclusions")?.unwrap_or_default(),
        touch,
    };
    let t = Table::read("events", arg(args, 0))?;
    let customers = t.strings(customer)?;
    let times = seconds(&t.timestamps(time)?);
    let events = t.strings(event)?;
    let keys = breakdown.map(|b| t.strings(b)).transpose()?;
    let names = |e: CxError| {
        let e = rename(e, "customers", &format!("events.{customer}"));
        let e = rename(e, "times", &format!("events.{time}"));
        let e = rename(
            e,
            "breakdown",
            &format!("events.{}", breakdown.unwrap_or("")),
        );
        match e {
            // `events` is the table when it is empty, the event column otherwise.
            e @ CxError::Empty { .. } => e,
            e => rename(e, "events", &format!("events.{event}")),
        }
    };
    let r = journey::funnel(&customers, &times, &events, keys.as_deref(), &spec);
    to_val(&r.map_err(names)?)
}

/// Whole-number ids (`u32`), naming the index of the first bad one.
fn ids(field: &str, v: &Val) -> Result<Vec<u32>> {
    numbers(field, v)?
        .into_iter()
        .enumerate()
        .map(|(i, x)| {
            if x.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&x) {
                Ok(x as u32)
            } else {
                Err(invalid(
                    field,
                    Some(i),
                    &Val::Num(x),
                    "expected a whole-number id from 0 to 4294967295",
                ))
            }
        })
        .collect()
}

/// `funnelColumns(customers, times, events, steps, {window, order, exclusions, breakdown,
/// touch})`: the funnel's fast path on whole-number ids sorted by customer then time, with
/// times in whole seconds; steps are ids (or arrays of ids), named `"step 1"`, ...
pub fn funnel_columns(args: &[Val]) -> Result<Val> {
    let o = Options::read(
        arg(args, 4),
        &["window", "order", "exclusions", "breakdown", "touch"],
    )?;
    let customers = ids("customers", arg(args, 0))?;
    let times = numbers("times", arg(args, 1))?
        .into_iter()
        .enumerate()
        .map(|(i, x)| {
            if x.fract() == 0.0 && x.abs() <= MAX_SAFE {
                Ok(x as i64)
            } else {
                Err(invalid(
                    "times",
                    Some(i),
                    &Val::Num(x),
                    "expected whole seconds",
                ))
            }
        })
        .collect::<Result<Vec<_>>>()?;
    let events = ids("events", arg(args, 2))?;
    let steps = match arg(args, 3) {
        Val::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(k, s)| match s {
                Val::Num(_) => ids("steps", &Val::Arr(vec![s.clone()]))
                    .map_err(|_| invalid("steps", Some(k), s, "expected an event id")),
                _ => ids("steps", s).map_err(|_| {
                    invalid(
                        "steps",
                        Some(k),
                        s,
                        "expected an event id or an array of ids",
                    )
                }),
            })
            .collect::<Result<Vec<_>>>()?,
        other => {
            return Err(invalid(
                "steps",
                None,
                other,
                "expected an array of event ids (or arrays of ids)",
            ));
        }
    };
    let exclusions = match o.get("exclusions").filter(|v| !v.is_missing()) {
        Some(v) => ids("exclusions", v)?,
        None => Vec::new(),
    };
    let breakdown = match o.get("breakdown").filter(|v| !v.is_missing()) {
        Some(v) => Some(ids("breakdown", v)?),
        None => None,
    };
    let (order, touch) = order_touch(&o)?;
    let spec = FunnelIds {
        steps,
        exclusions,
        window_seconds: match o.get("window") {
            Some(w) => duration("window", w)?,
            None => 14 * 86_400,
        },
        order,
        touch,
    };
    let cols = FunnelColumns {
        customers: &customers,
        times: &times,
        events: &events,
        breakdown: breakdown.as_deref(),
    };
    to_val(&journey::funnel_columns(&cols, &spec)?)
}

/// Paths from an array of paths (arrays of names), or from an event table: one path per
/// customer, items of the column `item` in time order (ties keep input order).
fn paths(v: &Val, o: &Options<'_>, item: &str, item_default: &str) -> Result<Vec<Vec<String>>> {
    if let Val::Arr(items) = v
        && items.iter().all(|x| matches!(x, Val::Arr(_)))
    {
        return string_lists("paths", v);
    }
    let customer = o.string("customer")?.unwrap_or("customerId");
    let time = o.string("time")?.unwrap_or("timestamp");
    let item = o.string(item)?.unwrap_or(item_default);
    let t = Table::read("events", v)?;
    let customers = t.strings(customer)?;
    let times: Vec<i64> = t
        .timestamps(time)?
        .iter()
        .map(Timestamp::timestamp_millis)
        .collect();
    let items = t.strings(item)?;
    Ok(journey::paths_by_customer(&customers, &times, &items)?
        .into_iter()
        .map(|p| p.items)
        .collect())
}

/// `topPaths(events, {k, maxLength, collapseRepeats, customer, time, event})`: the `k`
/// (default 10) most frequent paths with their counts and shares.
pub fn top_paths(args: &[Val]) -> Result<Val> {
    let o = Options::read(
        arg(args, 1),
        &[
            "k",
            "maxLength",
            "collapseRepeats",
            "customer",
            "time",
            "event",
        ],
    )?;
    let p = paths(arg(args, 0), &o, "event", "event")?;
    let k = count(&o, "k", 10, u64::from(u32::MAX))?;
    let max_length = match o.get("maxLength").filter(|v| !v.is_missing()) {
        Some(_) => Some(count(&o, "maxLength", 0, u64::from(u32::MAX))?),
        None => None,
    };
    let opts = PathOptions {
        max_length,
        collapse_repeats: o.boolean("collapseRepeats")?.unwrap_or(false),
    };
    to_val(&journey::top_paths(&p, k, opts)?)
}

/// `transitions(events, from, {direction, customer, time, event})`: what comes after
/// (`"next"`) or before (`"previous"`) every occurrence of `from`, by count.
pub fn transitions(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 2), &["direction", "customer", "time", "event"])?;
    let from = string("from", arg(args, 1))?;
    let direction = match o.string("direction")?.unwrap_or("next") {
        "next" => Direction::Next,
        "previous" => Direction::Previous,
        _ => {
            return Err(invalid(
                "direction",
                None,
                o.get("direction").unwrap_or(&Val::Undefined),
                "expected \"next\" or \"previous\"",
            ));
        }
    };
    let p = paths(arg(args, 0), &o, "event", "event")?;
    to_val(&journey::transitions(&p, from, direction))
}

/// `sankeyEdges(events, {maxSteps, customer, time, event})`: edges between consecutive
/// positions of the paths over the first `maxSteps` (default 3) positions.
pub fn sankey_edges(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 1), &["maxSteps", "customer", "time", "event"])?;
    let max_steps = count(&o, "maxSteps", 3, 1 << 20)?;
    let p = paths(arg(args, 0), &o, "event", "event")?;
    to_val(&journey::sankey_edges(&p, max_steps))
}

/// `channelSwitching(events, {channel, customer, time})`: share of journeys using more than
/// one channel and the channel-to-channel switch matrix.
pub fn channel_switching(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 1), &["channel", "customer", "time"])?;
    let p = paths(arg(args, 0), &o, "channel", "channel")?;
    to_val(&journey::channel_switching(&p)?)
}

/// Per-path touch times (arrays of numbers), naming the path of a bad entry.
fn touch_times(v: &Val) -> Result<Vec<Vec<f64>>> {
    let Val::Arr(items) = v else {
        return Err(invalid(
            "times",
            None,
            v,
            "expected an array of arrays of numbers (one time per touch)",
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, x)| {
            numbers("times", x)
                .map_err(|_| invalid("times", Some(i), x, "expected an array of numbers"))
        })
        .collect()
}

/// A data-keyed object: channel name → value, names kept as they are.
fn by_channel(r: &journey::Attribution, f: impl Fn(&journey::ChannelCredit) -> Val) -> Val {
    Val::Obj(
        r.channels
            .iter()
            .map(|c| (c.channel.clone(), f(c)))
            .collect(),
    )
}

/// `attribution(paths, conversions, {model, order, nulls, values, times, first, last,
/// halfLife})`: conversions (and value) credited to channels; `credits` maps each channel
/// name to its conversions.
pub fn attribution(args: &[Val]) -> Result<Val> {
    let o = Options::read(
        arg(args, 2),
        &[
            "model", "order", "nulls", "values", "times", "first", "last", "halfLife",
        ],
    )?;
    let p = string_lists("paths", arg(args, 0))?;
    let conversions = numbers("conversions", arg(args, 1))?;
    let nulls = o.numbers("nulls")?;
    let values = o.numbers("values")?;
    let times = o
        .get("times")
        .filter(|v| !v.is_missing())
        .map(touch_times)
        .transpose()?;
    let mut model = AttributionModel::from_name(o.string("model")?.unwrap_or("markov"))?;
    match &mut model {
        AttributionModel::PositionBased { first, last } => {
            *first = o.number("first")?.unwrap_or(*first);
            *last = o.number("last")?.unwrap_or(*last);
        }
        AttributionModel::TimeDecay { half_life } => {
            *half_life = o.number("halfLife")?.unwrap_or(*half_life);
        }
        AttributionModel::Markov { order } => {
            *order = count(&o, "order", 1, 1 << 16)?;
        }
        _ => {}
    }
    let data = PathData {
        paths: &p,
        conversions: &conversions,
        nulls: nulls.as_deref(),
        values: values.as_deref(),
        times: times.as_deref(),
    };
    let r = journey::attribution(&data, model)?;
    let markov = r.conversion_probability.is_some();
    Ok(Val::obj([
        ("model", Val::from(r.model.as_str())),
        ("credits", by_channel(&r, |c| c.conversions.into())),
        (
            "values",
            if r.total_value.is_some() {
                by_channel(&r, |c| c.value.into())
            } else {
                Val::Null
            },
        ),
        (
            "removalEffects",
            if markov {
                by_channel(&r, |c| c.removal_effect.into())
            } else {
                Val::Null
            },
        ),
        ("shares", by_channel(&r, |c| c.share.into())),
        ("totalConversions", r.total_conversions.into()),
        ("totalValue", r.total_value.into()),
        ("conversionProbability", r.conversion_probability.into()),
        ("channels", to_val(&r.channels)?),
    ]))
}

/// `schedule`: seven `[openMinute, closeMinute]` pairs or `null` (closed), Monday first.
fn schedule(v: &Val, offset: i32) -> Result<WeeklySchedule> {
    let bad = |i: Option<usize>, x: &Val| {
        invalid(
            "schedule",
            i,
            x,
            "expected 7 entries, Monday first: [openMinute, closeMinute] or null when closed",
        )
    };
    let Val::Arr(items) = v else {
        return Err(bad(None, v));
    };
    if items.len() != 7 {
        return Err(bad(None, v));
    }
    let mut days = [None; 7];
    for (d, x) in items.iter().enumerate() {
        days[d] = match x {
            Val::Null | Val::Undefined => None,
            _ => match numbers("schedule", x).ok().as_deref() {
                Some(&[open, close])
                    if [open, close]
                        .iter()
                        .all(|m| m.fract() == 0.0 && (0.0..=1_440.0).contains(m)) =>
                {
                    Some((open as u32, close as u32))
                }
                _ => return Err(bad(Some(d), x)),
            },
        };
    }
    WeeklySchedule::new(days, offset)
}

/// `responseTimes(requests, {channel, opened, firstReply, resolved, asOf, percentiles,
/// target, schedule, utcOffsetMinutes})`: first-reply times with unanswered requests
/// censored, shares within the target and the same day, overall and by channel.
pub fn response_times(args: &[Val]) -> Result<Val> {
    let o = Options::read(
        arg(args, 1),
        &[
            "channel",
            "opened",
            "firstReply",
            "resolved",
            "asOf",
            "percentiles",
            "target",
            "schedule",
            "utcOffsetMinutes",
        ],
    )?;
    let channel = o.string("channel")?.unwrap_or("channel");
    let opened = o.string("opened")?.unwrap_or("openedAt");
    let first_reply = o.string("firstReply")?.unwrap_or("firstReplyAt");
    // `resolved: null` means there is no resolution column; the default column may be absent,
    // a column named on purpose must exist.
    let (resolved, named) = match o.get("resolved") {
        Some(Val::Null) => (None, false),
        None => (Some("resolvedAt"), false),
        Some(r) => (Some(string("resolved", r)?), true),
    };
    let offset = match o.number("utcOffsetMinutes")? {
        None => 0,
        Some(m) if m.fract() == 0.0 && m.abs() <= 18.0 * 60.0 => m as i32,
        Some(m) => {
            return Err(invalid(
                "utcOffsetMinutes",
                None,
                &Val::Num(m),
                "must be whole minutes within ±18 hours",
            ));
        }
    };
    let options = SlaOptions {
        as_of: o.timestamp("asOf")?.map(|t| t.timestamp()),
        percentiles: o
            .numbers("percentiles")?
            .unwrap_or_else(|| SlaOptions::default().percentiles),
        target_seconds: match o.get("target") {
            Some(t) => duration("target", t)?,
            None => 3_600,
        },
        schedule: match o.get("schedule").filter(|v| !v.is_missing()) {
            Some(s) => Some(schedule(s, offset)?),
            None => None,
        },
        utc_offset_minutes: offset,
    };
    let t = Table::read("requests", arg(args, 0))?;
    let optional = |key: &str| -> Result<Vec<Option<i64>>> {
        let name = format!("requests.{key}");
        t.column(key)?.map(|i, v| match v {
            Val::Null | Val::Undefined => Ok(None),
            v => crate::args::timestamp(&name, Some(i), v).map(|t| Some(t.timestamp())),
        })
    };
    let channels = t.strings(channel)?;
    let opened_s = seconds(&t.timestamps(opened)?);
    let replies = optional(first_reply)?;
    let done = match resolved {
        Some(r) if named || t.has(r) => optional(r)?,
        _ => vec![None; opened_s.len()],
    };
    let names = |e: CxError| {
        let e = rename(e, "channels", &format!("requests.{channel}"));
        let e = rename(e, "opened", &format!("requests.{opened}"));
        let e = rename(e, "first_reply", &format!("requests.{first_reply}"));
        rename(
            e,
            "resolved",
            &format!("requests.{}", resolved.unwrap_or("resolvedAt")),
        )
    };
    let r = journey::response_times(&channels, &opened_s, &replies, &done, &options);
    to_val(&r.map_err(names)?)
}

/// `cac(data, {channel, period, spend, newCustomers})`: spend ÷ new customers per channel
/// and period, per channel and overall.
pub fn cac(args: &[Val]) -> Result<Val> {
    let o = Options::read(
        arg(args, 1),
        &["channel", "period", "spend", "newCustomers"],
    )?;
    let channel = o.string("channel")?.unwrap_or("channel");
    let period = o.string("period")?.unwrap_or("period");
    let spend = o.string("spend")?.unwrap_or("spend");
    let new_customers = o.string("newCustomers")?.unwrap_or("newCustomers");
    let t = Table::read("data", arg(args, 0))?;
    let names = |e: CxError| {
        let e = rename(e, "channels", &format!("data.{channel}"));
        let e = rename(e, "periods", &format!("data.{period}"));
        let e = rename(e, "spend", &format!("data.{spend}"));
        rename(e, "new_customers", &format!("data.{new_customers}"))
    };
    let r = journey::cac(
        &t.strings(channel)?,
        &t.strings(period)?,
        &t.numbers(spend)?,
        &t.numbers(new_customers)?,
    );
    to_val(&r.map_err(names)?)
}

/// `conversionRate(conversions, visitors, {level})`: the rate with a Wilson interval.
pub fn conversion_rate(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 2), &["level"])?;
    let c = number("conversions", arg(args, 0))?;
    let v = number("visitors", arg(args, 1))?;
    to_val(&journey::conversion_rate(c, v, o.level()?)?)
}

/// `unitEconomics(cac, clv, {marginPerPeriod})`: the CLV:CAC ratio and the CAC payback
/// period in periods of margin.
pub fn unit_economics(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 2), &["marginPerPeriod"])?;
    let c = number("cac", arg(args, 0))?;
    let clv = number("clv", arg(args, 1))?;
    let m = o
        .get("marginPerPeriod")
        .filter(|v| !v.is_missing())
        .map(|v| number("marginPerPeriod", v))
        .transpose()?;
    to_val(&journey::unit_economics(c, clv, m)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&str]) -> Val {
        Val::Arr(v.iter().map(|s| Val::from(*s)).collect())
    }

    #[test]
    fn funnel_reads_rows_and_names_columns_in_errors() {
        let rows = Val::Arr(vec![
            Val::obj([
                ("customerId", Val::from("a")),
                ("timestamp", Val::Num(0.0)),
                ("event", Val::from("visit")),
            ]),
            Val::obj([
                ("customerId", Val::from("a")),
                ("timestamp", Val::from("1970-01-01T00:01:00Z")),
                ("event", Val::from("signup")),
            ]),
        ]);
        let r = funnel(&[rows.clone(), strs(&["visit", "signup"])]).unwrap();
        let Some(Val::Arr(steps)) = r.get("steps") else {
            panic!("no steps")
        };
        assert_eq!(steps[1].get("converted"), Some(&Val::Num(1.0)));
        assert_eq!(
            steps[1].get("medianSecondsToConvert"),
            Some(&Val::Num(60.0))
        );
        let e = funnel(&[rows, strs(&["visit", "buy"])]).unwrap_err();
        assert_eq!(e.field(), Some("steps"));
        let cols = Val::obj([
            ("customerId", strs(&["a", "b"])),
            ("timestamp", Val::Nums(vec![0.0])),
            ("event", strs(&["visit", "visit"])),
        ]);
        let e = funnel(&[cols, strs(&["visit"])]).unwrap_err();
        assert_eq!(e.field(), Some("events.timestamp"));
    }

    #[test]
    fn attribution_keys_are_channel_names() {
        let p = Val::Arr(vec![strs(&["paid_search", "email"]), strs(&["email"])]);
        let o = Val::obj([("model", Val::from("linear"))]);
        let r = attribution(&[p.clone(), Val::Nums(vec![1.0, 1.0]), o]).unwrap();
        let credits = r.get("credits").unwrap();
        assert_eq!(credits.get("paid_search"), Some(&Val::Num(0.5)));
        assert_eq!(credits.get("email"), Some(&Val::Num(1.5)));
        assert_eq!(r.get("removalEffects"), Some(&Val::Null));
        let bad = Val::obj([("modle", Val::from("linear"))]);
        let e = attribution(&[p, Val::Nums(vec![1.0, 1.0]), bad]).unwrap_err();
        assert_eq!(e.field(), Some("modle"));
    }

    #[test]
    fn paths_from_a_table_follow_time_order() {
        let t = Val::obj([
            ("customerId", strs(&["a", "a", "b"])),
            ("timestamp", Val::Nums(vec![2.0, 1.0, 0.0])),
            ("channel", strs(&["web", "email", "store"])),
        ]);
        let r = channel_switching(&[t]).unwrap();
        assert_eq!(r.get("multiChannel"), Some(&Val::Num(1.0)));
        assert_eq!(r.get("channels"), Some(&strs(&["email", "store", "web"])));
    }
}
