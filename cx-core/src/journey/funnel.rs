//! Conversion funnels over an event table: ordered, strict and unordered step matching within
//! a conversion window, exclusion events, and breakdowns by a property with first- or last-touch
//! attribution of the property value.
//!
//! Semantics (the same in every binding):
//! - A customer enters at their **first** event matching step 1 (for `unordered`, at their first
//!   event matching any step) and is counted once; the window runs from that entry.
//! - A later step matches an event strictly after the previous step's event in the sorted order
//!   (events with equal timestamps keep their input order), at most `window` seconds after the
//!   entry (the window edge is inclusive). One event satisfies at most one step.
//! - `ordered` allows other events between steps, `strict` requires the very next event of the
//!   customer to match the next step, `unordered` accepts steps in any order within the window.
//! - An exclusion event after the entry stops the customer's progress: steps completed before
//!   it count, later ones do not.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result, check_same_len};

/// How the steps of a funnel must follow each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelOrder {
    /// Steps in order; other events may come between them.
    #[default]
    Ordered,
    /// Steps in order with no other event of the customer between them.
    Strict,
    /// Steps in any order within the window.
    Unordered,
}

impl FromStr for FunnelOrder {
    type Err = CxError;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ordered" => Ok(Self::Ordered),
            "strict" => Ok(Self::Strict),
            "unordered" | "any" => Ok(Self::Unordered),
            _ => Err(CxError::InvalidInput {
                field: "order".into(),
                index: None,
                value: Some(s.to_string()),
                reason: "expected `ordered`, `strict` or `unordered`".into(),
            }),
        }
    }
}

/// Which event gives a customer's breakdown value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Touch {
    /// The value on the customer's entry event.
    #[default]
    FirstTouch,
    /// The value on the event of the last step the customer reached.
    LastTouch,
}

impl FromStr for Touch {
    type Err = CxError;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "first" | "first_touch" => Ok(Self::FirstTouch),
            "last" | "last_touch" => Ok(Self::LastTouch),
            _ => Err(CxError::InvalidInput {
                field: "touch".into(),
                index: None,
                value: Some(s.to_string()),
                reason: "expected `first_touch` or `last_touch`".into(),
            }),
        }
    }
}

/// Parses a duration such as `"14d"`, `"36h"`, `"90m"`, `"45s"`, `"2w"` (or a plain number of
/// seconds) into whole seconds.
pub fn parse_duration(text: &str) -> Result<i64> {
    let s = text.trim();
    let bad = || CxError::InvalidInput {
        field: "window".into(),
        index: None,
        value: Some(text.to_string()),
        reason: "expected a positive duration like `14d`, `36h`, `90m`, `45s` or `2w`".into(),
    };
    let (num, unit) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&s[..i], c.to_ascii_lowercase()),
        Some(_) => (s, 's'),
        None => return Err(bad()),
    };
    let n: i64 = num.trim().parse().map_err(|_| bad())?;
    let unit = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        'w' => 604_800,
        _ => return Err(bad()),
    };
    if n < 0 {
        return Err(bad());
    }
    n.checked_mul(unit).ok_or_else(bad)
}

/// One step of a funnel by name: the step is reached by any of `events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelStepSpec {
    /// Label of the step in the report.
    pub name: String,
    /// Event names that count as this step.
    pub events: Vec<String>,
}

impl FunnelStepSpec {
    /// A step reached by one event of the same name.
    pub fn event(name: impl Into<String>) -> Self {
        let name = name.into();
        Self {
            events: vec![name.clone()],
            name,
        }
    }

    /// A step labelled `name` reached by any of `events`.
    pub fn any_of(name: impl Into<String>, events: &[&str]) -> Self {
        Self {
            name: name.into(),
            events: events.iter().map(|e| (*e).to_string()).collect(),
        }
    }
}

/// A funnel by event names: steps, window, order mode, exclusions and breakdown touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelSpec {
    /// The steps, in funnel order (1 to 32 of them).
    pub steps: Vec<FunnelStepSpec>,
    /// Conversion window in seconds from the entry (inclusive); see [`parse_duration`].
    pub window_seconds: i64,
    /// Order mode.
    pub order: FunnelOrder,
    /// Event names that void the conversion from the point they occur.
    pub exclusions: Vec<String>,
    /// Which event gives the breakdown value, when a breakdown column is given.
    pub touch: Touch,
}

impl FunnelSpec {
    /// An ordered funnel over single-event steps with a 14-day window and no exclusions.
    pub fn new(steps: &[&str]) -> Self {
        Self {
            steps: steps.iter().map(|s| FunnelStepSpec::event(*s)).collect(),
            window_seconds: 14 * 86_400,
            order: FunnelOrder::Ordered,
            exclusions: Vec::new(),
            touch: Touch::FirstTouch,
        }
    }

    /// Sets the window in seconds.
    #[must_use]
    pub fn window(mut self, seconds: i64) -> Self {
        self.window_seconds = seconds;
        self
    }

    /// Sets the order mode.
    #[must_use]
    pub fn order(mut self, order: FunnelOrder) -> Self {
        self.order = order;
        self
    }

    /// Sets the exclusion events.
    #[must_use]
    pub fn exclusions(mut self, events: &[&str]) -> Self {
        self.exclusions = events.iter().map(|e| (*e).to_string()).collect();
        self
    }

    /// Sets the breakdown touch.
    #[must_use]
    pub fn touch(mut self, touch: Touch) -> Self {
        self.touch = touch;
        self
    }
}

/// A funnel over interned event ids, for [`funnel_columns`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelIds {
    /// Event ids of each step, in funnel order (1 to 32 steps).
    pub steps: Vec<Vec<u32>>,
    /// Event ids that void the conversion from the point they occur.
    pub exclusions: Vec<u32>,
    /// Conversion window in seconds (inclusive).
    pub window_seconds: i64,
    /// Order mode.
    pub order: FunnelOrder,
    /// Which event gives the breakdown value.
    pub touch: Touch,
}

/// Event columns for [`funnel_columns`]: sorted by customer id, then time.
#[derive(Debug, Clone, Copy)]
pub struct FunnelColumns<'a> {
    /// Interned customer id of each event; non-decreasing.
    pub customers: &'a [u32],
    /// Time of each event in seconds (any fixed origin); non-decreasing within a customer.
    pub times: &'a [i64],
    /// Interned event id of each event.
    pub events: &'a [u32],
    /// Interned breakdown value of each event, if a breakdown is wanted.
    pub breakdown: Option<&'a [u32]>,
}

/// Counts and times of one funnel step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunnelStep {
    /// Step label.
    pub step: String,
    /// Customers who could take this step: those who reached the previous step (for the first
    /// step, those who reached it).
    pub entered: u64,
    /// Customers who reached this step.
    pub converted: u64,
    /// `converted` ÷ customers who reached the first step (`None` when nobody did).
    pub conversion_from_first: Option<f64>,
    /// `converted` ÷ `entered` (`None` when nobody entered).
    pub conversion_from_previous: Option<f64>,
    /// Median seconds from the previous step to this one among converted customers.
    pub median_seconds_to_convert: Option<f64>,
    /// Mean seconds from the previous step to this one among converted customers.
    pub mean_seconds_to_convert: Option<f64>,
    /// Median seconds from the first step to this one among converted customers.
    pub median_seconds_from_first: Option<f64>,
    /// Mean seconds from the first step to this one among converted customers.
    pub mean_seconds_from_first: Option<f64>,
}

/// The steps of one breakdown value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunnelSegment {
    /// The breakdown value (the interned id as text in [`funnel_columns`]).
    pub value: String,
    /// Per-step counts for customers attributed to this value.
    pub steps: Vec<FunnelStep>,
}

/// A funnel report: all customers, and per breakdown value when a breakdown was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunnelReport {
    /// Per-step counts over all customers.
    pub steps: Vec<FunnelStep>,
    /// Per-step counts by breakdown value, sorted by value; empty without a breakdown.
    pub segments: Vec<FunnelSegment>,
}

const MAX_STEPS: usize = 32;
/// Times are exact in a 64-bit float (and so in every binding) up to ±2^53.
const MAX_TIME: i64 = 1 << 53;
/// Step and exclusion ids index a dense table, so they must be interned densely.
const MAX_EVENT_ID: u32 = 1 << 22;
const EXCLUDED: u64 = 1 << 63;

/// Per-step outcomes, in parts (chunks of customers in input order).
struct Outcomes {
    n_steps: usize,
    parts: Vec<Outcome>,
}

/// The outcomes of a run of customers, step by step: how many customers reached each step
/// and, per customer who reached step `k > 0` (in input order), the seconds from the previous
/// step and from the first, and the customer's breakdown id (with a breakdown).
struct Outcome {
    /// Customers who reached each step.
    converted: Vec<u64>,
    /// Per step, seconds from the previous step of each customer who reached it.
    from_prev: Vec<Vec<i64>>,
    /// Per step, seconds from the first step of each customer who reached it.
    from_first: Vec<Vec<i64>>,
    /// Per step, the breakdown id of each customer who reached it (empty without breakdown).
    keys: Vec<Vec<u32>>,
}

impl Outcome {
    fn new(n_steps: usize) -> Self {
        Self {
            converted: vec![0; n_steps],
            from_prev: vec![Vec::new(); n_steps],
            from_first: vec![Vec::new(); n_steps],
            keys: vec![Vec::new(); n_steps],
        }
    }

    /// Records one customer who reached the steps `0..step_times.len()` at `step_times`.
    #[inline]
    fn record(&mut self, step_times: &[i64], key: Option<u32>) {
        let Some(&t0) = step_times.first() else {
            return;
        };
        for (k, &t) in step_times.iter().enumerate() {
            self.converted[k] += 1;
            if let Some(key) = key {
                self.keys[k].push(key);
            }
            if k > 0 {
                self.from_prev[k].push(t.saturating_sub(step_times[k - 1]));
                self.from_first[k].push(t.saturating_sub(t0));
            }
        }
    }
}

/// Funnel over interned columns sorted by customer then time: the fast path (one pass, no
/// allocation per event). Fails when the columns differ in length, are not sorted or hold a
/// time beyond ±2^53 (naming the first offending index), when there are no steps or more
/// than 32, or the window is negative.
pub fn funnel_columns(cols: &FunnelColumns<'_>, spec: &FunnelIds) -> Result<FunnelReport> {
    let outcomes = funnel_outcomes(cols, spec)?;
    let names: Vec<String> = (1..=spec.steps.len())
        .map(|k| format!("step {k}"))
        .collect();
    Ok(report(&outcomes, &names, cols.breakdown.is_some(), |k| {
        k.to_string()
    }))
}

fn check_columns(cols: &FunnelColumns<'_>, spec: &FunnelIds) -> Result<()> {
    let n = cols.customers.len();
    check_same_len("customers", n, "times", cols.times.len())?;
    check_same_len("customers", n, "events", cols.events.len())?;
    if let Some(b) = cols.breakdown {
        check_same_len("customers", n, "breakdown", b.len())?;
    }
    if spec.steps.is_empty() || spec.steps.len() > MAX_STEPS {
        return Err(CxError::InvalidInput {
            field: "steps".into(),
            index: None,
            value: Some(spec.steps.len().to_string()),
            reason: format!("a funnel needs 1 to {MAX_STEPS} steps"),
        });
    }
    if let Some(k) = spec.steps.iter().position(Vec::is_empty) {
        return Err(CxError::invalid_at(
            "steps",
            k,
            "[]",
            "a step needs at least one event",
        ));
    }
    if let Some(&id) = spec
        .steps
        .iter()
        .flatten()
        .chain(&spec.exclusions)
        .find(|id| **id >= MAX_EVENT_ID)
    {
        return Err(CxError::InvalidInput {
            field: "steps".into(),
            index: None,
            value: Some(id.to_string()),
            reason: format!("event ids must be below {MAX_EVENT_ID}: intern event names densely"),
        });
    }
    if spec.window_seconds < 0 {
        return Err(CxError::InvalidInput {
            field: "window".into(),
            index: None,
            value: Some(spec.window_seconds.to_string()),
            reason: "the conversion window must be >= 0 seconds".into(),
        });
    }
    Ok(())
}

/// Events per chunk of the (optionally parallel) walk; chunks end at a customer boundary.
#[cfg(feature = "parallel")]
const WALK_CHUNK: usize = 1 << 17;

fn funnel_outcomes(cols: &FunnelColumns<'_>, spec: &FunnelIds) -> Result<Outcomes> {
    check_columns(cols, spec)?;
    let n_steps = spec.steps.len();
    // One mask per event id: bit k = matches step k, top bit = exclusion.
    let max_id = spec
        .steps
        .iter()
        .flatten()
        .chain(&spec.exclusions)
        .copied()
        .max()
        .unwrap_or(0) as usize;
    // One more entry, 0: events beyond the table match nothing (see `walk_ordered`).
    let mut mask = vec![0u64; max_id + 2];
    for (k, ids) in spec.steps.iter().enumerate() {
        for &id in ids {
            mask[id as usize] |= 1 << k;
        }
    }
    for &id in &spec.exclusions {
        mask[id as usize] |= EXCLUDED;
    }
    let n = cols.customers.len();
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        if n > WALK_CHUNK {
            // Chunks of about WALK_CHUNK events that start at a customer's first event (when
            // the rows are sorted; each chunk checks its own rows, and the first error in
            // chunk order is the first in the input). The outcomes stay in chunk order, so
            // the report is the serial walk's.
            let mut bounds = vec![0];
            let mut at = WALK_CHUNK;
            while at < n {
                let c = cols.customers[at - 1];
                at += cols.customers[at..].partition_point(|&x| x == c);
                if at < n {
                    bounds.push(at);
                }
                at += WALK_CHUNK;
            }
            bounds.push(n);
            let parts: Vec<Result<Outcome>> = bounds
                .par_windows(2)
                .map(|w| walk(cols, spec, &mask, w[0], w[1]))
                .collect();
            return parts
                .into_iter()
                .collect::<Result<Vec<_>>>()
                .map(|parts| Outcomes { n_steps, parts });
        }
    }
    Ok(Outcomes {
        n_steps,
        parts: vec![walk(cols, spec, &mask, 0, n)?],
    })
}

/// The outcomes of the customers whose events are `lo..hi` (whole customers).
fn walk(
    cols: &FunnelColumns<'_>,
    spec: &FunnelIds,
    mask: &[u64],
    lo: usize,
    hi: usize,
) -> Result<Outcome> {
    match spec.order {
        FunnelOrder::Ordered => walk_sparse(cols, spec, mask, lo, hi),
        FunnelOrder::Strict => walk_ordered(cols, spec, mask, lo, hi, true),
        FunnelOrder::Unordered => walk_range(cols, spec, mask, lo, hi),
    }
}

/// Rows per block of [`walk_sparse`].
const BLOCK: usize = 1024;

/// Ordered funnels (not strict) over the rows `lo..hi` (whole customers). A row that is no
/// step and no exclusion changes nothing in an ordered walk, so each block of rows is first
/// checked (sortedness and time range, a loop without branches) and packed down to its steps
/// and exclusions (branch-free: every row is written, the write position advances only for
/// those), and the state machine of [`walk_ordered`] runs on those rows only. Same outcomes
/// (tested against [`walk_range`]).
// `&` and `|` on booleans on purpose: both sides are cheap, and no branch is taken.
#[allow(clippy::needless_bitwise_bool)]
fn walk_sparse(
    cols: &FunnelColumns<'_>,
    spec: &FunnelIds,
    mask: &[u64],
    lo: usize,
    hi: usize,
) -> Result<Outcome> {
    let n_steps = spec.steps.len();
    let mut out = Outcome::new(n_steps);
    if lo >= hi {
        return Ok(out);
    }
    let customers = &cols.customers[lo..hi];
    let times = &cols.times[lo..hi];
    let events = &cols.events[lo..hi];
    let breakdown = cols.breakdown.map(|b| &b[lo..hi]);
    let beyond = mask.len() - 1;
    let window = spec.window_seconds;
    // The first row against the row before the range; every other row in its block.
    let mut bad = !(-MAX_TIME..=MAX_TIME).contains(&times[0]);
    if lo > 0 {
        let (c, t) = (cols.customers[lo - 1], cols.times[lo - 1]);
        bad |= customers[0] < c || (customers[0] == c && times[0] < t);
    }
    let mut cur = customers[0];
    let (mut k, mut dead, mut t0, mut entry, mut last) = (0usize, false, 0i64, 0usize, 0usize);
    let mut step_times = [0i64; 64];
    let key_of = |entry: usize, last: usize| {
        breakdown.map(|b| match spec.touch {
            Touch::FirstTouch => b[entry],
            Touch::LastTouch => b[last],
        })
    };
    let mut rows = [0u32; BLOCK];
    let mut masks = [0u64; BLOCK];
    let len = hi - lo;
    let mut start = 0;
    while start < len {
        let end = (start + BLOCK).min(len);
        let from = start.max(1);
        let mut flag = false;
        for (((&c, &pc), &t), &pt) in customers[from..end]
            .iter()
            .zip(&customers[from - 1..end - 1])
            .zip(&times[from..end])
            .zip(&times[from - 1..end - 1])
        {
            flag |= (c < pc) | ((c == pc) & (t < pt)) | !(-MAX_TIME..=MAX_TIME).contains(&t);
        }
        bad |= flag;
        // The block's steps and exclusions: `w <= j < BLOCK`, so `w & (BLOCK - 1) == w`.
        let mut w = 0;
        for (j, &e) in events[start..end].iter().enumerate() {
            let m = mask[(e as usize).min(beyond)];
            rows[w & (BLOCK - 1)] = j as u32;
            masks[w & (BLOCK - 1)] = m;
            w += usize::from(m != 0);
        }
        for (&j, &m) in rows[..w].iter().zip(&masks[..w]) {
            let i = start + j as usize;
            let (c, t) = (customers[i], times[i]);
            if c != cur {
                if k > 0 {
                    out.record(&step_times[..k], key_of(entry, last));
                }
                (cur, k, dead) = (c, 0, false);
            }
            let walking = (k != 0) & !dead;
            let over = t.saturating_sub(t0) > window;
            let excluded = m & EXCLUDED != 0;
            let hit = (m >> k) & 1 != 0;
            let advance = walking & !over & !excluded & hit;
            dead |= walking & (over | excluded);
            let entering = (k == 0) & (m & 1 != 0);
            let step = advance | entering;
            step_times[k & 63] = t;
            if entering {
                (t0, entry) = (t, i);
            }
            if step {
                last = i;
            }
            k += usize::from(step);
        }
        start = end;
    }
    if k > 0 {
        out.record(&step_times[..k], key_of(entry, last));
    }
    if bad {
        return walk_range(cols, spec, mask, lo, hi);
    }
    Ok(out)
}

/// Ordered and strict funnels over the rows `lo..hi` (whole customers): one pass over the
/// rows, a state machine per customer whose row step is free of data-dependent branches
/// (which step comes next, whether the row is in the window, excluded or a step are bits
/// combined into the next state). Sortedness and the time range are checked on the way as one
/// flag; when it is raised, [`walk_range`] walks the rows again to name the offending one.
/// Same outcomes as [`walk_range`] with [`Walk::ordered`] (tested against it).
// `&` and `|` on booleans on purpose: both sides are cheap, and no branch is taken.
#[allow(clippy::needless_bitwise_bool)]
fn walk_ordered(
    cols: &FunnelColumns<'_>,
    spec: &FunnelIds,
    mask: &[u64],
    lo: usize,
    hi: usize,
    strict: bool,
) -> Result<Outcome> {
    let n_steps = spec.steps.len();
    let mut out = Outcome::new(n_steps);
    if lo >= hi {
        return Ok(out);
    }
    let customers = &cols.customers[lo..hi];
    let times = &cols.times[lo..hi];
    let events = &cols.events[lo..hi];
    let breakdown = cols.breakdown.map(|b| &b[lo..hi]);
    // The last entry of `mask` is 0 and stands for every id beyond the table.
    let beyond = mask.len() - 1;
    let window = spec.window_seconds;
    // The previous row, for the sortedness check (the row before the range, if any).
    let (mut prev_c, mut prev_t) = if lo > 0 {
        (cols.customers[lo - 1], cols.times[lo - 1])
    } else {
        (customers[0], i64::MIN)
    };
    let mut bad = false;
    // State of the current customer: steps reached `k`, walk stopped `dead`, entry time,
    // entry row, row of the last step, step times (index `k & 63`: at most 32 steps, and the
    // slot `k` is written on every row, kept only when the row is the step).
    let mut cur = customers[0];
    let (mut k, mut dead, mut t0, mut entry, mut last) = (0usize, false, 0i64, 0usize, 0usize);
    let mut step_times = [0i64; 64];
    let key_of = |entry: usize, last: usize| {
        breakdown.map(|b| match spec.touch {
            Touch::FirstTouch => b[entry],
            Touch::LastTouch => b[last],
        })
    };
    for (i, ((&c, &t), &e)) in customers.iter().zip(times).zip(events).enumerate() {
        bad |= (c < prev_c) | ((c == prev_c) & (t < prev_t)) | !(-MAX_TIME..=MAX_TIME).contains(&t);
        (prev_c, prev_t) = (c, t);
        if c != cur {
            if k > 0 {
                out.record(&step_times[..k], key_of(entry, last));
            }
            (cur, k, dead) = (c, 0, false);
        }
        let m = mask[(e as usize).min(beyond)];
        let walking = (k != 0) & !dead;
        let over = t.saturating_sub(t0) > window;
        let excluded = m & EXCLUDED != 0;
        let hit = (m >> k) & 1 != 0;
        let advance = walking & !over & !excluded & hit;
        dead |= walking & (over | excluded | (strict & !hit));
        let entering = (k == 0) & (m & 1 != 0);
        let step = advance | entering;
        step_times[k & 63] = t;
        if entering {
            (t0, entry) = (t, i);
        }
        if step {
            last = i;
        }
        k += usize::from(step);
    }
    if k > 0 {
        out.record(&step_times[..k], key_of(entry, last));
    }
    if bad {
        return walk_range(cols, spec, mask, lo, hi);
    }
    Ok(out)
}

/// The outcomes of the customers whose events are `lo..hi` (whole customers), checking on the
/// way that the rows are sorted by customer, then time (naming the first row that is not).
fn walk_range(
    cols: &FunnelColumns<'_>,
    spec: &FunnelIds,
    mask: &[u64],
    lo: usize,
    hi: usize,
) -> Result<Outcome> {
    let n_steps = spec.steps.len();
    let mut out = Outcome::new(n_steps);
    let (customers, times) = (cols.customers, cols.times);
    let unsorted_customer = |i: usize| {
        Err(CxError::invalid_at(
            "customers",
            i,
            customers[i],
            "events must be sorted by customer id, then time",
        ))
    };
    let backwards = |i: usize| {
        Err(CxError::invalid_at(
            "times",
            i,
            times[i],
            "timestamps go backwards within a customer: sort events by customer, then time",
        ))
    };
    let out_of_range = |i: usize| {
        Err(CxError::invalid_at(
            "times",
            i,
            times[i],
            "must be a whole number from -9007199254740992 to 9007199254740992",
        ))
    };
    if lo > 0 && lo < hi {
        if customers[lo] < customers[lo - 1] {
            return unsorted_customer(lo);
        }
        if customers[lo] == customers[lo - 1] && times[lo] < times[lo - 1] {
            return backwards(lo);
        }
    }
    let mut start = lo;
    let mut step_times = vec![0i64; n_steps];
    while start < hi {
        let c = customers[start];
        if !(-MAX_TIME..=MAX_TIME).contains(&times[start]) {
            return out_of_range(start);
        }
        let mut end = start + 1;
        while end < hi && customers[end] == c {
            if times[end] < times[end - 1] {
                return backwards(end);
            }
            if times[end] > MAX_TIME {
                return out_of_range(end);
            }
            end += 1;
        }
        if end < hi && customers[end] < c {
            return unsorted_customer(end);
        }
        let walk = Walk {
            events: &cols.events[start..end],
            times: &times[start..end],
            mask,
            window: spec.window_seconds,
            n_steps,
        };
        let found = match spec.order {
            FunnelOrder::Ordered => walk.ordered(&mut step_times, false),
            FunnelOrder::Strict => walk.ordered(&mut step_times, true),
            FunnelOrder::Unordered => walk.unordered(&mut step_times),
        };
        if let Some((reached, first_pos, last_pos)) = found {
            let key = cols.breakdown.map(|b| match spec.touch {
                Touch::FirstTouch => b[start + first_pos],
                Touch::LastTouch => b[start + last_pos],
            });
            out.record(&step_times[..=reached], key);
        }
        start = end;
    }
    Ok(out)
}

struct Walk<'a> {
    events: &'a [u32],
    times: &'a [i64],
    mask: &'a [u64],
    window: i64,
    n_steps: usize,
}

impl Walk<'_> {
    #[inline]
    fn mask_at(&self, i: usize) -> u64 {
        self.mask.get(self.events[i] as usize).copied().unwrap_or(0)
    }

    /// Ordered or strict: returns (last step reached, entry position, last step position).
    fn ordered(&self, step_times: &mut [i64], strict: bool) -> Option<(usize, usize, usize)> {
        let len = self.events.len();
        let entry = (0..len).find(|&i| self.mask_at(i) & 1 != 0)?;
        let t0 = self.times[entry];
        step_times[0] = t0;
        let (mut k, mut last) = (1, entry);
        for i in entry + 1..len {
            if k == self.n_steps || self.times[i].saturating_sub(t0) > self.window {
                break;
            }
            let m = self.mask_at(i);
            if m & EXCLUDED != 0 {
                break;
            }
            if m & (1 << k) != 0 {
                step_times[k] = self.times[i];
                last = i;
                k += 1;
            } else if strict {
                break;
            }
        }
        Some((k - 1, entry, last))
    }

    /// Unordered: the window opens at the first event matching any step.
    fn unordered(&self, step_times: &mut [i64]) -> Option<(usize, usize, usize)> {
        // At most 32 steps, so the shift cannot overflow.
        let all = (1u64 << self.n_steps) - 1;
        let len = self.events.len();
        let entry = (0..len).find(|&i| self.mask_at(i) & all != 0)?;
        let t0 = self.times[entry];
        let mut first_seen = vec![None::<(i64, usize)>; self.n_steps];
        let mut seen = 0u64;
        for i in entry..len {
            if self.times[i].saturating_sub(t0) > self.window {
                break;
            }
            let m = self.mask_at(i);
            if i > entry && m & EXCLUDED != 0 {
                break;
            }
            // One event satisfies one step: the lowest not yet seen.
            let fresh = m & all & !seen;
            if fresh != 0 {
                let k = fresh.trailing_zeros() as usize;
                seen |= 1 << k;
                first_seen[k] = Some((self.times[i], i));
            }
        }
        // Steps 1..=k are complete at the latest of their first occurrences.
        let mut done = (i64::MIN, 0usize);
        let mut reached = None;
        for (k, slot) in first_seen.iter().enumerate() {
            let Some(at) = *slot else { break };
            if at > done {
                done = at;
            }
            step_times[k] = done.0;
            reached = Some((k, entry, done.1));
        }
        reached
    }
}

/// Median and mean of whole seconds. The median selects its one or two middle values
/// (`select_nth_unstable`, linear time) instead of sorting; the mean adds exactly in 128-bit
/// integers, so neither depends on the order of `v`.
fn median_mean(v: &mut [i64]) -> (Option<f64>, Option<f64>) {
    if v.is_empty() {
        return (None, None);
    }
    let n = v.len();
    let (below, &mut mid, _) = v.select_nth_unstable(n / 2);
    let median = if n % 2 == 1 {
        mid as f64
    } else {
        // The lower middle value is the largest of those below the upper one.
        let low = below.iter().copied().max().unwrap_or(mid);
        f64::midpoint(low as f64, mid as f64)
    };
    let sum: i128 = v.iter().map(|&x| i128::from(x)).sum();
    let mean = sum as f64 / n as f64;
    (Some(median), Some(mean))
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Per-step rows from the customers who reached each step and their seconds from the previous
/// step and from the first (the 2 x steps medians run in parallel with the feature on).
fn step_rows(
    names: &[String],
    converted: &[u64],
    from_prev: Vec<Vec<i64>>,
    from_first: Vec<Vec<i64>>,
) -> Vec<FunnelStep> {
    let n = converted.len();
    let mut all: Vec<Vec<i64>> = from_prev.into_iter().chain(from_first).collect();
    #[cfg(feature = "parallel")]
    let stats: Vec<_> = {
        use rayon::prelude::*;
        all.par_iter_mut().map(|v| median_mean(v)).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let stats: Vec<_> = all.iter_mut().map(|v| median_mean(v)).collect();
    (0..n)
        .map(|k| {
            let entered = if k == 0 {
                converted[0]
            } else {
                converted[k - 1]
            };
            let (median_prev, mean_prev) = stats[k];
            let (median_first, mean_first) = stats[n + k];
            FunnelStep {
                step: names[k].clone(),
                entered,
                converted: converted[k],
                conversion_from_first: ratio(converted[k], converted[0]),
                conversion_from_previous: ratio(converted[k], entered),
                median_seconds_to_convert: median_prev,
                mean_seconds_to_convert: mean_prev,
                median_seconds_from_first: median_first,
                mean_seconds_from_first: mean_first,
            }
        })
        .collect()
}

fn report(
    out: &Outcomes,
    names: &[String],
    with_breakdown: bool,
    label: impl Fn(u32) -> String,
) -> FunnelReport {
    let n = out.n_steps;
    let mut converted = vec![0u64; n];
    let mut from_prev = Vec::with_capacity(n);
    let mut from_first = Vec::with_capacity(n);
    for (k, total) in converted.iter_mut().enumerate() {
        let len = out.parts.iter().map(|p| p.from_prev[k].len()).sum();
        let (mut prev, mut first) = (Vec::with_capacity(len), Vec::with_capacity(len));
        for p in &out.parts {
            *total += p.converted[k];
            prev.extend_from_slice(&p.from_prev[k]);
            first.extend_from_slice(&p.from_first[k]);
        }
        from_prev.push(prev);
        from_first.push(first);
    }
    let steps = step_rows(names, &converted, from_prev, from_first);
    let mut segments = Vec::new();
    if with_breakdown {
        // Each breakdown value's customers, step by step in input order.
        let mut groups: BTreeMap<u32, Outcome> = BTreeMap::new();
        for p in &out.parts {
            for k in 0..n {
                for (j, &key) in p.keys[k].iter().enumerate() {
                    let g = groups.entry(key).or_insert_with(|| Outcome::new(n));
                    g.converted[k] += 1;
                    if k > 0 {
                        g.from_prev[k].push(p.from_prev[k][j]);
                        g.from_first[k].push(p.from_first[k][j]);
                    }
                }
            }
        }
        for (key, g) in groups {
            segments.push(FunnelSegment {
                value: label(key),
                steps: step_rows(names, &g.converted, g.from_prev, g.from_first),
            });
        }
    }
    FunnelReport { steps, segments }
}

/// Interns strings; ids follow the sorted order of the distinct values, so anything keyed by
/// id comes out sorted by name.
pub(crate) fn intern_sorted<S: AsRef<str>>(values: &[S]) -> (Vec<u32>, Vec<String>) {
    let mut names: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
    names.sort_unstable();
    names.dedup();
    let index: HashMap<&str, u32> = names
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i as u32))
        .collect();
    let ids = values.iter().map(|v| index[v.as_ref()]).collect();
    (ids, names.into_iter().map(str::to_string).collect())
}

/// Funnel over an event table given by columns of names and times.
///
/// `customers`, `times` (seconds, any fixed origin) and `events` are aligned per event, in any
/// order (events of one customer with equal times keep their input order); `breakdown` is an
/// optional property per event. Fails on mismatched lengths, an empty table, a step or
/// exclusion naming an event that never occurs (naming the step index), or an invalid spec.
///
/// ```
/// use cx_core::journey::{funnel, FunnelSpec};
///
/// let customers = ["a", "a", "a", "b", "b"];
/// let times = [0, 60, 120, 0, 30];
/// let events = ["visit", "signup", "purchase", "visit", "signup"];
/// let r = funnel(&customers, &times, &events, None, &FunnelSpec::new(&["visit", "signup", "purchase"]))?;
/// assert_eq!(r.steps.iter().map(|s| s.converted).collect::<Vec<_>>(), [2, 2, 1]);
/// assert_eq!(r.steps[1].median_seconds_to_convert, Some(45.0));
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn funnel<S: AsRef<str>>(
    customers: &[S],
    times: &[i64],
    events: &[S],
    breakdown: Option<&[S]>,
    spec: &FunnelSpec,
) -> Result<FunnelReport> {
    let n = customers.len();
    check_same_len("customers", n, "times", times.len())?;
    check_same_len("customers", n, "events", events.len())?;
    if let Some(b) = breakdown {
        check_same_len("customers", n, "breakdown", b.len())?;
    }
    crate::error::check_len_at_least("events", n, 1)?;
    let (cust_ids, _) = intern_sorted(customers);
    let (event_ids, event_names) = intern_sorted(events);
    let lookup = |name: &str| {
        event_names
            .binary_search_by(|e| e.as_str().cmp(name))
            .ok()
            .map(|i| i as u32)
    };
    let mut steps = Vec::with_capacity(spec.steps.len());
    for (k, step) in spec.steps.iter().enumerate() {
        let mut ids = Vec::with_capacity(step.events.len());
        for e in &step.events {
            ids.push(lookup(e).ok_or_else(|| {
                CxError::invalid_at(
                    "steps",
                    k,
                    e,
                    "no event of this name in the table; check the spelling",
                )
            })?);
        }
        steps.push(ids);
    }
    let mut exclusions = Vec::new();
    for (k, e) in spec.exclusions.iter().enumerate() {
        // An exclusion that never happens excludes nobody, but a misspelt one would silently
        // do nothing, so it is an error like an unknown step.
        exclusions.push(lookup(e).ok_or_else(|| {
            CxError::invalid_at(
                "exclusions",
                k,
                e,
                "no event of this name in the table; check the spelling",
            )
        })?);
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&i| (cust_ids[i as usize], times[i as usize]));
    let pick_u32 = |v: &[u32]| order.iter().map(|&i| v[i as usize]).collect::<Vec<_>>();
    let c_sorted = pick_u32(&cust_ids);
    let e_sorted = pick_u32(&event_ids);
    let t_sorted: Vec<i64> = order.iter().map(|&i| times[i as usize]).collect();
    let (b_sorted, b_names) = match breakdown {
        Some(b) => {
            let (ids, names) = intern_sorted(b);
            (Some(pick_u32(&ids)), names)
        }
        None => (None, Vec::new()),
    };
    let cols = FunnelColumns {
        customers: &c_sorted,
        times: &t_sorted,
        events: &e_sorted,
        breakdown: b_sorted.as_deref(),
    };
    let ids = FunnelIds {
        steps,
        exclusions,
        window_seconds: spec.window_seconds,
        order: spec.order,
        touch: spec.touch,
    };
    let outcomes = funnel_outcomes(&cols, &ids)?;
    let names: Vec<String> = spec.steps.iter().map(|s| s.name.clone()).collect();
    Ok(report(&outcomes, &names, breakdown.is_some(), |k| {
        b_names[k as usize].clone()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(r: &FunnelReport) -> Vec<u64> {
        r.steps.iter().map(|s| s.converted).collect()
    }

    #[test]
    fn ordered_strict_unordered_differ_as_documented() {
        // a: visit, browse, signup, buy   b: signup, visit, buy
        let c = ["a", "a", "a", "a", "b", "b", "b"];
        let t = [0, 10, 20, 30, 0, 10, 20];
        let e = ["visit", "browse", "signup", "buy", "signup", "visit", "buy"];
        let spec = FunnelSpec::new(&["visit", "signup", "buy"]);
        assert_eq!(counts(&funnel(&c, &t, &e, None, &spec).unwrap()), [2, 1, 1]);
        let strict = spec.clone().order(FunnelOrder::Strict);
        assert_eq!(
            counts(&funnel(&c, &t, &e, None, &strict).unwrap()),
            [2, 0, 0]
        );
        let any = spec.clone().order(FunnelOrder::Unordered);
        assert_eq!(counts(&funnel(&c, &t, &e, None, &any).unwrap()), [2, 2, 2]);
        let short = spec.window(20);
        assert_eq!(
            counts(&funnel(&c, &t, &e, None, &short).unwrap()),
            [2, 1, 0]
        );
    }

    /// Events of `customers` customers sorted by customer then time, from a fixed-seed LCG:
    /// ids 0..10 (ids 10 and 11 appear too: beyond every step and exclusion), ties in time.
    fn random_events(customers: u32, seed: u64) -> (Vec<u32>, Vec<i64>, Vec<u32>, Vec<u32>) {
        let mut x = seed;
        let mut next = move |m: u64| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) % m
        };
        let (mut c, mut t, mut e, mut b) = (vec![], vec![], vec![], vec![]);
        for id in 0..customers {
            let mut time = next(1_000).cast_signed() - 500;
            for _ in 0..next(12) {
                time += next(4).cast_signed() * next(40).cast_signed();
                c.push(id * 3);
                t.push(time);
                e.push(next(12) as u32);
                b.push(next(4) as u32);
            }
        }
        (c, t, e, b)
    }

    fn assert_same(a: &Outcome, b: &Outcome) {
        assert_eq!(a.converted, b.converted);
        assert_eq!(a.from_prev, b.from_prev);
        assert_eq!(a.from_first, b.from_first);
        assert_eq!(a.keys, b.keys);
    }

    #[test]
    fn ordered_walk_matches_the_reference_walk() {
        let (c, t, e, b) = random_events(3_000, 7);
        let specs = [
            (vec![vec![0], vec![1], vec![2]], vec![], 60),
            (vec![vec![3], vec![0, 5], vec![2], vec![9, 1]], vec![7], 200),
            (vec![vec![4]], vec![4, 8], 0),
            (vec![vec![0], vec![0], vec![0], vec![0]], vec![], 1_000),
        ];
        for (steps, exclusions, window) in specs {
            for order in [FunnelOrder::Ordered, FunnelOrder::Strict] {
                for touch in [Touch::FirstTouch, Touch::LastTouch] {
                    for breakdown in [None, Some(b.as_slice())] {
                        let cols = FunnelColumns {
                            customers: &c,
                            times: &t,
                            events: &e,
                            breakdown,
                        };
                        let spec = FunnelIds {
                            steps: steps.clone(),
                            exclusions: exclusions.clone(),
                            window_seconds: window,
                            order,
                            touch,
                        };
                        let max = steps.iter().flatten().chain(&exclusions).max().unwrap();
                        let mut mask = vec![0u64; *max as usize + 2];
                        for (k, ids) in steps.iter().enumerate() {
                            for &id in ids {
                                mask[id as usize] |= 1 << k;
                            }
                        }
                        for &id in &exclusions {
                            mask[id as usize] |= EXCLUDED;
                        }
                        let strict = order == FunnelOrder::Strict;
                        let n = c.len();
                        // The whole table, and a range starting and ending at customer edges.
                        let lo = c.partition_point(|&x| x < 300);
                        let hi = c.partition_point(|&x| x < 6_000);
                        for (lo, hi) in [(0, n), (lo, hi)] {
                            let fast = walk_ordered(&cols, &spec, &mask, lo, hi, strict).unwrap();
                            let slow = walk_range(&cols, &spec, &mask, lo, hi).unwrap();
                            assert!(fast.converted[0] > 0);
                            assert_same(&fast, &slow);
                            if !strict {
                                let sparse = walk_sparse(&cols, &spec, &mask, lo, hi).unwrap();
                                assert_same(&sparse, &slow);
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn chunked_walk_gives_the_one_pass_report() {
        // More rows than one chunk of the parallel walk (with the feature on): the report is
        // the one of a single serial reference walk over all rows, field for field.
        let (c, t, e, b) = random_events(60_000, 5);
        assert!(c.len() > 2 * (1 << 17));
        for order in [
            FunnelOrder::Ordered,
            FunnelOrder::Strict,
            FunnelOrder::Unordered,
        ] {
            let cols = FunnelColumns {
                customers: &c,
                times: &t,
                events: &e,
                breakdown: Some(&b),
            };
            let spec = FunnelIds {
                steps: vec![vec![0], vec![1, 2], vec![3]],
                exclusions: vec![9],
                window_seconds: 150,
                order,
                touch: Touch::LastTouch,
            };
            let mut mask = vec![0u64; 11];
            for (k, ids) in spec.steps.iter().enumerate() {
                for &id in ids {
                    mask[id as usize] |= 1 << k;
                }
            }
            mask[9] |= EXCLUDED;
            let serial = Outcomes {
                n_steps: 3,
                parts: vec![walk_range(&cols, &spec, &mask, 0, c.len()).unwrap()],
            };
            let names: Vec<String> = (1..=3).map(|k| format!("step {k}")).collect();
            let want = report(&serial, &names, true, |k| k.to_string());
            assert_eq!(funnel_columns(&cols, &spec).unwrap(), want);
            assert!(want.steps[2].converted > 0 && want.segments.len() == 4);
        }
    }

    #[test]
    fn ordered_walk_names_the_first_bad_row() {
        let (c, t, e, _) = random_events(200, 11);
        let spec = FunnelIds {
            steps: vec![vec![0], vec![1]],
            exclusions: vec![],
            window_seconds: 100,
            order: FunnelOrder::Ordered,
            touch: Touch::FirstTouch,
        };
        // A row in the middle of a customer.
        let at = (c.len() / 2..c.len()).find(|&i| c[i] == c[i - 1]).unwrap();
        let mut backwards = t.clone();
        backwards[at] = backwards[at - 1] - 1;
        backwards[at + 3] = i64::MIN;
        let mut unsorted = c.clone();
        unsorted[at] = 0;
        let mut huge = t.clone();
        huge[at] = MAX_TIME + 1;
        for (cs, ts, field) in [
            (&c, &backwards, "times"),
            (&unsorted, &t, "customers"),
            (&c, &huge, "times"),
        ] {
            let cols = FunnelColumns {
                customers: cs,
                times: ts,
                events: &e,
                breakdown: None,
            };
            let err = funnel_columns(&cols, &spec).unwrap_err();
            assert!(
                matches!(err, CxError::InvalidInput { field: ref f, index: Some(i), .. } if f == field && i == at),
                "{err:?}"
            );
        }
    }

    #[test]
    fn errors_name_field_and_index() {
        let spec = FunnelSpec::new(&["visit", "nope"]);
        let e = funnel(&["a"], &[0], &["visit"], None, &spec).unwrap_err();
        assert!(
            matches!(e, CxError::InvalidInput { ref field, index: Some(1), .. } if field == "steps")
        );
        let cols = FunnelColumns {
            customers: &[0, 0],
            times: &[5, 4],
            events: &[0, 0],
            breakdown: None,
        };
        let ids = FunnelIds {
            steps: vec![vec![0]],
            exclusions: vec![],
            window_seconds: 1,
            order: FunnelOrder::Ordered,
            touch: Touch::FirstTouch,
        };
        let e = funnel_columns(&cols, &ids).unwrap_err();
        assert!(
            matches!(e, CxError::InvalidInput { ref field, index: Some(1), .. } if field == "times")
        );
        assert_eq!(parse_duration("14d").unwrap(), 14 * 86_400);
        assert_eq!(parse_duration("90").unwrap(), 90);
        assert!(parse_duration("x").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("-3h").is_err());
    }
}
