//! The journey section of the demo on the bundled synthetic logs: a funnel, top paths, channel
//! switching, attribution by three models side by side, and reply-time SLAs.
//!
//! Part of the `report` example (`make demo`). Reads `touchpoints.csv` and
//! `support_requests.csv`, made by `scripts/gen_journeys.py`.

use std::fmt::Write as _;
use std::path::Path;

use cx_core::domain::parse_timestamp;
use cx_core::journey::{
    AttributionModel, FunnelSpec, PathData, PathOptions, SlaOptions, WeeklySchedule, attribution,
    channel_switching, funnel, paths_by_customer, response_times, top_paths,
};
use cx_core::{CxError, Result};

/// Rows of a simple CSV file without quoted fields (as the generator writes them).
fn rows(path: &Path) -> Result<Vec<Vec<String>>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CxError::Io(format!("{}: {e}", path.display())))?;
    Ok(text
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect())
}

fn seconds(text: &str) -> Result<i64> {
    Ok(parse_timestamp(text)?.timestamp())
}

/// Events of one table: customer, time, channel, event, value.
struct EventLog {
    customers: Vec<String>,
    times: Vec<i64>,
    channels: Vec<String>,
    events: Vec<String>,
    values: Vec<f64>,
}

fn read_touchpoints(path: &Path) -> Result<EventLog> {
    let mut e = EventLog {
        customers: Vec::new(),
        times: Vec::new(),
        channels: Vec::new(),
        events: Vec::new(),
        values: Vec::new(),
    };
    for r in rows(path)? {
        e.customers.push(r[0].clone());
        e.times.push(seconds(&r[1])?);
        e.channels.push(r[2].clone());
        e.events.push(r[3].clone());
        e.values
            .push(r.get(4).and_then(|v| v.parse().ok()).unwrap_or(0.0));
    }
    Ok(e)
}

const TOUCHES: [&str; 5] = [
    "visit",
    "email_click",
    "chat_session",
    "call",
    "store_visit",
];

/// The journey section of the report.
pub fn journey_section(dir: &Path) -> Result<String> {
    let ev = read_touchpoints(&dir.join("touchpoints.csv"))?;
    let mut out = String::from("Customer journeys\n-----------------\n");

    let spec = FunnelSpec::new(&["visit", "signup", "add_to_cart", "purchase"])
        .window(30 * 86_400)
        .exclusions(&["unsubscribe"]);
    let f = funnel(&ev.customers, &ev.times, &ev.events, None, &spec)?;
    out += "funnel (ordered, 30-day window, unsubscribe excluded):\n";
    for s in &f.steps {
        put!(
            out,
            "  {:<12} {:>5}  {:>5.1}% of first  {:>5.1}% of previous  median {:>6.1} h\n",
            s.step,
            s.converted,
            100.0 * s.conversion_from_first.unwrap_or(0.0),
            100.0 * s.conversion_from_previous.unwrap_or(0.0),
            s.median_seconds_to_convert.unwrap_or(0.0) / 3_600.0
        );
    }

    // Paths of marketing touches (channels) up to the purchase, per customer.
    let by_customer = paths_by_customer(&ev.customers, &ev.times, &ev.events)?;
    let by_channel = paths_by_customer(&ev.customers, &ev.times, &ev.channels)?;
    let (mut paths, mut conv, mut nulls, mut values) = (vec![], vec![], vec![], vec![]);
    for (events, channels) in by_customer.iter().zip(&by_channel) {
        let end = events.items.iter().position(|e| e == "purchase");
        let stop = end.unwrap_or(events.items.len());
        let path: Vec<&str> = (0..stop)
            .filter(|&i| TOUCHES.contains(&events.items[i].as_str()))
            .map(|i| channels.items[i].as_str())
            .collect();
        if path.is_empty() {
            continue;
        }
        paths.push(path);
        conv.push(f64::from(u8::from(end.is_some())));
        nulls.push(f64::from(u8::from(end.is_none())));
        let value = end.map_or(0.0, |i| {
            let row = ev
                .customers
                .iter()
                .zip(&ev.times)
                .zip(&ev.events)
                .position(|((c, t), e)| {
                    *c == events.customer && *t == events.times[i] && e == "purchase"
                });
            row.map_or(0.0, |r| ev.values[r])
        });
        values.push(value);
    }
    out += "\ntop channel paths (repeats collapsed):\n";
    let collapsed = PathOptions {
        max_length: None,
        collapse_repeats: true,
    };
    for p in top_paths(&paths, 5, collapsed)? {
        put!(
            out,
            "  {:>4}  {:>5.1}%  {}\n",
            p.count,
            100.0 * p.share,
            p.path.join(" > ")
        );
    }
    let sw = channel_switching(&paths)?;
    put!(
        out,
        "channel switching: {:.1}% of {} journeys use more than one channel\n",
        100.0 * sw.multi_channel_share,
        sw.journeys
    );

    let data = PathData::new(&paths, &conv).nulls(&nulls).values(&values);
    let models = [
        AttributionModel::LastTouch,
        AttributionModel::Linear,
        AttributionModel::Markov { order: 1 },
    ];
    let results = models
        .iter()
        .map(|m| attribution(&data, *m))
        .collect::<Result<Vec<_>>>()?;
    put!(
        out,
        "\nattribution of {} purchases:\n  {:<8} {:>10} {:>10} {:>10}\n",
        results[0].total_conversions,
        "channel",
        "last",
        "linear",
        "markov"
    );
    for (i, c) in results[0].channels.iter().enumerate() {
        put!(
            out,
            "  {:<8} {:>10.1} {:>10.1} {:>10.1}\n",
            c.channel,
            results[0].channels[i].conversions,
            results[1].channels[i].conversions,
            results[2].channels[i].conversions
        );
    }

    out += &sla_section(dir)?;
    Ok(out)
}

fn sla_section(dir: &Path) -> Result<String> {
    let (mut channels, mut opened, mut reply, mut resolved) = (vec![], vec![], vec![], vec![]);
    let optional = |s: &str| {
        if s.is_empty() {
            Ok(None)
        } else {
            seconds(s).map(Some)
        }
    };
    for r in rows(&dir.join("support_requests.csv"))? {
        channels.push(r[2].clone());
        opened.push(seconds(&r[3])?);
        reply.push(optional(&r[4])?);
        resolved.push(optional(r.get(5).map_or("", String::as_str))?);
    }
    let as_of = seconds("2024-07-15")?;
    let mut out = String::from("\nfirst-reply SLAs (unanswered censored at 2024-07-15):\n");
    for (label, schedule) in [
        ("clock time", None),
        (
            "business hours Mon-Fri 9-17 UTC",
            Some(WeeklySchedule::weekdays(9, 17, 0)?),
        ),
    ] {
        let r = response_times(
            &channels,
            &opened,
            &reply,
            &resolved,
            &SlaOptions {
                as_of: Some(as_of),
                schedule,
                ..SlaOptions::default()
            },
        )?;
        put!(out, "  {label}:\n");
        for g in std::iter::once(&r.overall).chain(&r.by_channel) {
            put!(
                out,
                "    {:<6} n {:>4}  unanswered {:>3}  median {:>7.1} min  within 1 h {:>5.1}%  same day {:>5.1}%\n",
                g.channel,
                g.requests,
                g.unanswered,
                g.median_seconds.unwrap_or(f64::NAN) / 60.0,
                100.0 * g.within_target_share.unwrap_or(0.0),
                100.0 * g.same_day_share.unwrap_or(0.0)
            );
        }
    }
    Ok(out)
}
