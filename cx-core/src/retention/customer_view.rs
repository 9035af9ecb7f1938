//! The single customer view: one row per customer joining purchases, touchpoints and survey
//! answers, with the RFM triple, the current lifecycle stage and, given a CLV model, P(alive)
//! and discounted CLV.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::activity::period_index;
use crate::clv::{
    GammaGamma, PurchaseModel, RfmOptions, RfmSummary, TimeUnit, discounted_clv,
    rfm_summary_columns,
};
use crate::domain::{Channel, SurveyKind, SurveyResponse, Timestamp, Touchpoint, Transaction};
use crate::error::{CxError, Result, check_same_len};
use crate::survey::Period;

/// Transactions as columns: one purchase per index.
#[derive(Debug, Clone, Copy)]
pub struct TransactionColumns<'a, S> {
    /// Buying customer's id (not empty).
    pub customers: &'a [S],
    /// When each purchase happened.
    pub timestamps: &'a [Timestamp],
    /// Amount of each purchase, finite and ≥ 0, in the caller's currency.
    pub amounts: &'a [f64],
}

/// Touchpoints as columns: one contact per index.
#[derive(Debug, Clone, Copy)]
pub struct TouchpointColumns<'a, S> {
    /// Customer's id (not empty).
    pub customers: &'a [S],
    /// When each contact happened.
    pub timestamps: &'a [Timestamp],
    /// Channel name of each contact, read as [`Channel`] (case-insensitive, e.g. `"Email"`).
    pub channels: &'a [S],
}

/// Survey responses as columns: one answer per index.
#[derive(Debug, Clone, Copy)]
pub struct SurveyColumns<'a, S> {
    /// Respondent's id; must also appear among the transactions or touchpoints.
    pub customers: &'a [S],
    /// When each answer was given.
    pub timestamps: &'a [Timestamp],
    /// The score as given; NPS scores must be whole numbers 0–10.
    pub scores: &'a [f64],
    /// Question of each answer; `None`: every answer is NPS. Only NPS answers feed the view.
    pub kinds: Option<&'a [SurveyKind]>,
}

/// Settings of [`customer_view`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CustomerViewOptions {
    /// The day the view describes. Everything dated after its UTC date is ignored (a view
    /// "as of" a past day from complete data); default: the date of the latest row of any
    /// input.
    pub observation_end: Option<Timestamp>,
    /// Unit of `recency`, `T` and `tenure` (default weeks), as in an RFM summary.
    pub unit: TimeUnit,
    /// `false` (default): whole calendar periods of `unit`, as `rfm_summary`; `true`: days ÷
    /// the unit's length (Fader, Hardie and Lee's CDNOW convention). Use the setting the CLV
    /// model was fitted with.
    pub fractional: bool,
    /// Calendar period of the lifecycle stage (default month).
    pub period: Period,
}

impl Default for CustomerViewOptions {
    fn default() -> Self {
        Self {
            observation_end: None,
            unit: TimeUnit::Week,
            fractional: false,
            period: Period::Month,
        }
    }
}

/// A fitted CLV model for the `p_alive` and `clv` columns.
#[derive(Clone, Copy)]
pub struct ViewValue<'a> {
    /// A purchase model (BG/NBD, MBG/NBD, Pareto/NBD) fitted on an RFM summary with the
    /// view's `unit` and `fractional` setting.
    pub model: &'a dyn PurchaseModel,
    /// Spend per purchase: the Gamma-Gamma expectation given `(frequency, monetary_value)`;
    /// `None`: the customer's mean amount per purchase period, `total_spend / (frequency + 1)`.
    pub spend: Option<&'a GammaGamma>,
    /// Horizon of the CLV in months.
    pub months: u32,
    /// Monthly discount rate (e.g. 0.01).
    pub discount_rate: f64,
}

/// A customer's lifecycle stage in the period that contains `observation_end`: the stages of
/// [`lifecycle`](super::lifecycle) (`new`, `returning`, `resurrecting`, `dormant`), plus
/// `lapsed` for customers inactive in both this period and the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStage {
    /// First activity ever in this period.
    New,
    /// Active in this period and the previous one.
    Returning,
    /// Active in this period, not in the previous one, and at some time before.
    Resurrecting,
    /// Active in the previous period, not in this one.
    Dormant,
    /// Last active two or more periods ago.
    Lapsed,
}

impl LifecycleStage {
    /// Lower-case name, e.g. `"resurrecting"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Returning => "returning",
            Self::Resurrecting => "resurrecting",
            Self::Dormant => "dormant",
            Self::Lapsed => "lapsed",
        }
    }
}

/// One row per customer (sorted by id), as columns.
///
/// # Columns
///
/// Every row describes one customer as of `observation_end` (see [`CustomerViewOptions`]);
/// *activity* means any transaction, touchpoint or survey response.
///
/// | column | definition |
/// |---|---|
/// | `first_activity`, `last_activity` | earliest and latest activity timestamp (UTC) |
/// | `transactions` | transaction rows (purchases, not periods) |
/// | `frequency` | repeat purchase periods, as [`rfm_summary`](crate::clv::rfm_summary): purchases in one `unit` period count once, the first period is not a repeat |
/// | `recency` | first to last purchase period, in `unit` (as `rfm_summary`) |
/// | `t` (`T`) | first purchase to `observation_end`, in `unit` (as `rfm_summary`) |
/// | `monetary_value` | mean amount of the repeat purchase periods, 0 without repeats (as `rfm_summary`, the Gamma-Gamma input) |
/// | `total_spend` | sum of all transaction amounts |
/// | `tenure` | first activity to `observation_end`, in `unit`, with `T`'s rounding |
/// | `touchpoints` | touchpoint rows |
/// | `channels` | distinct touchpoint channels as [`Channel`] names them (`"email"`, ...; other channels as given), sorted |
/// | `last_nps` | score of the latest NPS answer (ties in time: the later row) |
/// | `lifecycle_stage` | [`LifecycleStage`] in the `period` that contains `observation_end` |
/// | `p_alive` | the purchase model's P(alive \| frequency, recency, T) |
/// | `clv` | discounted CLV ([`discounted_clv`]) over `months` months |
///
/// The four RFM columns, `p_alive` and `clv` are `None` for a customer without a purchase;
/// `p_alive` and `clv` are absent altogether without a [`ViewValue`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerView {
    /// Customer ids, sorted.
    pub customer: Vec<String>,
    /// Earliest activity.
    pub first_activity: Vec<Timestamp>,
    /// Latest activity.
    pub last_activity: Vec<Timestamp>,
    /// Transaction rows.
    pub transactions: Vec<u64>,
    /// Repeat purchase periods (`None` without a purchase).
    pub frequency: Vec<Option<f64>>,
    /// First to last purchase, in `unit`.
    pub recency: Vec<Option<f64>>,
    /// First purchase to `observation_end`, in `unit`.
    #[serde(rename = "T")]
    pub t: Vec<Option<f64>>,
    /// Mean amount of the repeat purchase periods (0 without repeats).
    pub monetary_value: Vec<Option<f64>>,
    /// Sum of the transaction amounts.
    pub total_spend: Vec<f64>,
    /// First activity to `observation_end`, in `unit`.
    pub tenure: Vec<f64>,
    /// Touchpoint rows.
    pub touchpoints: Vec<u64>,
    /// Distinct touchpoint channel names, sorted.
    pub channels: Vec<Vec<String>>,
    /// Latest NPS score (`None` without an NPS answer).
    pub last_nps: Vec<Option<f64>>,
    /// Lifecycle stage in the period of `observation_end`.
    pub lifecycle_stage: Vec<LifecycleStage>,
    /// P(alive) at `observation_end` (with a [`ViewValue`]).
    pub p_alive: Option<Vec<Option<f64>>>,
    /// Discounted CLV (with a [`ViewValue`]), in the currency of the amounts.
    pub clv: Option<Vec<Option<f64>>>,
    /// The end of observation used.
    pub observation_end: Timestamp,
    /// Unit of `recency`, `T` and `tenure`.
    pub unit: TimeUnit,
    /// Period of `lifecycle_stage`.
    pub period: Period,
}

impl CustomerView {
    /// Number of customers.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether the view has no customer.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }
}

/// Per-customer running totals.
struct Acc {
    first: Timestamp,
    last: Timestamp,
    transactions: u64,
    total_spend: f64,
    touchpoints: u64,
    channels: BTreeSet<String>,
    /// (time, row) of the latest NPS answer.
    nps: Option<(Timestamp, usize, f64)>,
    first_period: i64,
    active_now: bool,
    active_before: bool,
}

fn check_ids<S: AsRef<str>>(field: &str, ids: &[S]) -> Result<()> {
    match ids.iter().position(|c| c.as_ref().trim().is_empty()) {
        Some(i) => Err(CxError::invalid_at(
            field,
            i,
            "\"\"",
            "customer id is empty",
        )),
        None => Ok(()),
    }
}

/// Builds the single customer view ([`CustomerView`], where every column is defined) from
/// transactions, touchpoints and survey responses given as columns, in any row order.
///
/// Customers are those with a transaction or touchpoint dated on or before
/// `observation_end`, or an NPS or other survey answer then (when they have a transaction or
/// touchpoint at any date). With `value`, `p_alive` and `clv` come from the purchase model
/// (Fader, Hardie and Lee 2005) via [`PurchaseModel::p_alive`] and [`discounted_clv`].
///
/// # Errors
/// - [`CxError::Empty`] when no input has a row;
/// - [`CxError::LengthMismatch`] between the columns of one input;
/// - [`CxError::InvalidInput`] naming `transactions.customer` / `touchpoints.customer` /
///   `surveys.customer` (empty id, with its index), `transactions.amount` (negative or not
///   finite), `touchpoints.channel` (empty), `surveys.score` (an NPS score that is not a
///   whole number 0–10), `surveys.customer` for a respondent with neither a transaction nor
///   a touchpoint (usually an id mismatch between systems), `observation_end` when it is
///   before every activity, and the CLV model's own errors (`discount_rate`, ...).
pub fn customer_view<S: AsRef<str>>(
    transactions: &TransactionColumns<'_, S>,
    touchpoints: Option<&TouchpointColumns<'_, S>>,
    surveys: Option<&SurveyColumns<'_, S>>,
    options: &CustomerViewOptions,
    value: Option<&ViewValue<'_>>,
) -> Result<CustomerView> {
    let tx = transactions;
    let empty_tp = TouchpointColumns {
        customers: &[][..],
        timestamps: &[][..],
        channels: &[][..],
    };
    let tp = touchpoints.unwrap_or(&empty_tp);
    let empty_sv = SurveyColumns {
        customers: &[][..],
        timestamps: &[][..],
        scores: &[][..],
        kinds: None,
    };
    let sv = surveys.unwrap_or(&empty_sv);
    let channels = check_inputs(tx, tp, sv)?;

    let end = end_of_observation(tx, tp, sv, options)?;
    let clock = Clock {
        end_day: end.date_naive(),
        period: options.period,
        now: period_index(options.period, &end),
    };
    let rows = accumulate(tx, tp, sv, &channels, &clock)?;

    let rfm_options = RfmOptions {
        unit: options.unit,
        fractional: options.fractional,
        observation_end: Some(end),
        holdout_start: None,
    };
    // RFM of the purchases, keyed by customer.
    let rfm = if tx.customers.is_empty() {
        None
    } else {
        Some(rfm_summary_columns(
            tx.customers,
            tx.timestamps,
            Some(tx.amounts),
            &rfm_options,
        )?)
    };
    let rfm_row: HashMap<&str, usize> = rfm.as_ref().map_or_else(HashMap::new, |r| {
        r.customer
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect()
    });
    // Tenure is T measured from the first activity instead of the first purchase: the same
    // summary of one "purchase" per customer at its first activity gives exactly that.
    let ids: Vec<&str> = rows.iter().map(|r| r.0).collect();
    let firsts: Vec<Timestamp> = rows.iter().map(|r| r.1.first).collect();
    let tenure = rfm_summary_columns(&ids, &firsts, None, &rfm_options)?.t;

    let n = rows.len();
    let mut view = CustomerView {
        customer: Vec::with_capacity(n),
        first_activity: Vec::with_capacity(n),
        last_activity: Vec::with_capacity(n),
        transactions: Vec::with_capacity(n),
        frequency: Vec::with_capacity(n),
        recency: Vec::with_capacity(n),
        t: Vec::with_capacity(n),
        monetary_value: Vec::with_capacity(n),
        total_spend: Vec::with_capacity(n),
        tenure,
        touchpoints: Vec::with_capacity(n),
        channels: Vec::with_capacity(n),
        last_nps: Vec::with_capacity(n),
        lifecycle_stage: Vec::with_capacity(n),
        p_alive: None,
        clv: None,
        observation_end: end,
        unit: options.unit,
        period: options.period,
    };
    for (id, a) in rows {
        let r = rfm_row.get(id).copied();
        let col = |f: fn(&RfmSummary) -> &Vec<f64>| r.zip(rfm.as_ref()).map(|(i, s)| f(s)[i]);
        view.customer.push(id.to_string());
        view.first_activity.push(a.first);
        view.last_activity.push(a.last);
        view.transactions.push(a.transactions);
        view.frequency.push(col(|s| &s.frequency));
        view.recency.push(col(|s| &s.recency));
        view.t.push(col(|s| &s.t));
        view.monetary_value.push(col(|s| &s.monetary_value));
        view.total_spend.push(a.total_spend);
        view.touchpoints.push(a.touchpoints);
        view.channels.push(a.channels.into_iter().collect());
        view.last_nps.push(a.nps.map(|n| n.2));
        view.lifecycle_stage
            .push(match (a.active_now, a.active_before) {
                (true, _) if a.first_period == clock.now => LifecycleStage::New,
                (true, true) => LifecycleStage::Returning,
                (true, false) => LifecycleStage::Resurrecting,
                (false, true) => LifecycleStage::Dormant,
                (false, false) => LifecycleStage::Lapsed,
            });
    }
    if let Some(v) = value {
        let (p_alive, clv) = value_columns(&view, v)?;
        view.p_alive = Some(p_alive);
        view.clv = Some(clv);
    }
    Ok(view)
}

/// `options.observation_end` or the latest row of any input; fails without rows, or when
/// the end is before every activity.
fn end_of_observation<S>(
    tx: &TransactionColumns<'_, S>,
    tp: &TouchpointColumns<'_, S>,
    sv: &SurveyColumns<'_, S>,
    options: &CustomerViewOptions,
) -> Result<Timestamp> {
    let all_times = || {
        tx.timestamps
            .iter()
            .chain(tp.timestamps)
            .chain(sv.timestamps)
    };
    let (Some(earliest), Some(latest)) = (all_times().min(), all_times().max()) else {
        return Err(CxError::Empty {
            field: "transactions".into(),
            needed: 1,
            got: 0,
        });
    };
    let end = options.observation_end.unwrap_or(*latest);
    if end.date_naive() < earliest.date_naive() {
        return Err(CxError::InvalidInput {
            field: "observation_end".into(),
            index: None,
            value: Some(end.to_string()),
            reason: format!("is before every activity (the first is on {earliest})"),
        });
    }
    Ok(end)
}

/// Checks lengths, ids, amounts, channels and NPS scores; returns the channel names.
fn check_inputs<S: AsRef<str>>(
    tx: &TransactionColumns<'_, S>,
    tp: &TouchpointColumns<'_, S>,
    sv: &SurveyColumns<'_, S>,
) -> Result<Vec<String>> {
    let n = tx.customers.len();
    check_same_len(
        "transactions.customer",
        n,
        "transactions.timestamp",
        tx.timestamps.len(),
    )?;
    check_same_len(
        "transactions.customer",
        n,
        "transactions.amount",
        tx.amounts.len(),
    )?;
    check_ids("transactions.customer", tx.customers)?;
    if let Some(i) = tx
        .amounts
        .iter()
        .position(|a| !(a.is_finite() && *a >= 0.0))
    {
        return Err(CxError::invalid_at(
            "transactions.amount",
            i,
            tx.amounts[i],
            "amounts must be finite and >= 0",
        ));
    }
    let n = tp.customers.len();
    check_same_len(
        "touchpoints.customer",
        n,
        "touchpoints.timestamp",
        tp.timestamps.len(),
    )?;
    check_same_len(
        "touchpoints.customer",
        n,
        "touchpoints.channel",
        tp.channels.len(),
    )?;
    check_ids("touchpoints.customer", tp.customers)?;
    let channels = tp
        .channels
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.as_ref()
                .parse::<Channel>()
                .map(|c| c.as_str().to_string())
                .map_err(|_| {
                    CxError::invalid_at("touchpoints.channel", i, "\"\"", "channel name is empty")
                })
        })
        .collect::<Result<Vec<String>>>()?;
    let n = sv.customers.len();
    check_same_len(
        "surveys.customer",
        n,
        "surveys.timestamp",
        sv.timestamps.len(),
    )?;
    check_same_len("surveys.customer", n, "surveys.score", sv.scores.len())?;
    if let Some(k) = sv.kinds {
        check_same_len("surveys.customer", n, "surveys.kind", k.len())?;
    }
    check_ids("surveys.customer", sv.customers)?;
    for (i, &s) in sv.scores.iter().enumerate() {
        if is_nps(sv, i) && !(s.is_finite() && (0.0..=10.0).contains(&s) && s.fract() == 0.0) {
            return Err(CxError::invalid_at(
                "surveys.score",
                i,
                s,
                "an NPS score must be a whole number from 0 to 10",
            ));
        }
    }
    Ok(channels)
}

fn is_nps<S>(sv: &SurveyColumns<'_, S>, i: usize) -> bool {
    sv.kinds.is_none_or(|k| k[i] == SurveyKind::Nps)
}

/// The last counted day and the lifecycle periods.
struct Clock {
    end_day: chrono::NaiveDate,
    period: Period,
    now: i64,
}

impl Clock {
    fn counts(&self, t: &Timestamp) -> bool {
        t.date_naive() <= self.end_day
    }

    /// The running totals of customer slot `k`, extended to cover activity at `t`.
    fn touch<'a>(&self, accs: &'a mut [Option<Acc>], k: usize, t: &Timestamp) -> &'a mut Acc {
        let p = period_index(self.period, t);
        let a = accs[k].get_or_insert_with(|| Acc {
            first: *t,
            last: *t,
            transactions: 0,
            total_spend: 0.0,
            touchpoints: 0,
            channels: BTreeSet::new(),
            nps: None,
            first_period: p,
            active_now: false,
            active_before: false,
        });
        a.first = a.first.min(*t);
        a.last = a.last.max(*t);
        a.first_period = a.first_period.min(p);
        a.active_now |= p == self.now;
        a.active_before |= p == self.now - 1;
        a
    }
}

/// Running totals of every customer with activity up to the end, sorted by id.
fn accumulate<'s, S: AsRef<str>>(
    tx: &'s TransactionColumns<'_, S>,
    tp: &'s TouchpointColumns<'_, S>,
    sv: &SurveyColumns<'_, S>,
    channels: &[String],
    clock: &Clock,
) -> Result<Vec<(&'s str, Acc)>> {
    // Customers known from transactions and touchpoints (at any date).
    let mut index: HashMap<&str, usize> = HashMap::new();
    for c in tx.customers.iter().chain(tp.customers) {
        let next = index.len();
        index.entry(c.as_ref()).or_insert(next);
    }
    for (i, c) in sv.customers.iter().enumerate() {
        if !index.contains_key(c.as_ref()) {
            return Err(CxError::invalid_at(
                "surveys.customer",
                i,
                c.as_ref(),
                "respondent has no transaction or touchpoint (an id from another system?); \
                 drop such responses or add the customer's touchpoints",
            ));
        }
    }
    let mut accs: Vec<Option<Acc>> = (0..index.len()).map(|_| None).collect();
    for (i, c) in tx.customers.iter().enumerate() {
        if clock.counts(&tx.timestamps[i]) {
            let a = clock.touch(&mut accs, index[c.as_ref()], &tx.timestamps[i]);
            a.transactions += 1;
            a.total_spend += tx.amounts[i];
        }
    }
    for (i, c) in tp.customers.iter().enumerate() {
        if clock.counts(&tp.timestamps[i]) {
            let a = clock.touch(&mut accs, index[c.as_ref()], &tp.timestamps[i]);
            a.touchpoints += 1;
            if !a.channels.contains(&channels[i]) {
                a.channels.insert(channels[i].clone());
            }
        }
    }
    for (i, c) in sv.customers.iter().enumerate() {
        let t = sv.timestamps[i];
        if clock.counts(&t) {
            let a = clock.touch(&mut accs, index[c.as_ref()], &t);
            if is_nps(sv, i) && a.nps.is_none_or(|(at, _, _)| t >= at) {
                a.nps = Some((t, i, sv.scores[i]));
            }
        }
    }
    let mut rows: Vec<(&str, Acc)> = index
        .iter()
        .filter_map(|(&id, &k)| accs[k].take().map(|a| (id, a)))
        .collect();
    rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
    Ok(rows)
}

type Column = Vec<Option<f64>>;

/// `p_alive` and `clv` of the customers with a purchase.
fn value_columns(view: &CustomerView, v: &ViewValue<'_>) -> Result<(Column, Column)> {
    let buyers: Vec<usize> = (0..view.len())
        .filter(|&i| view.frequency[i].is_some())
        .collect();
    let pick = |c: &Column| -> Vec<f64> { buyers.iter().map(|&i| c[i].unwrap_or(0.0)).collect() };
    let (f, r, t, m) = (
        pick(&view.frequency),
        pick(&view.recency),
        pick(&view.t),
        pick(&view.monetary_value),
    );
    let spend = match v.spend {
        Some(gg) => gg.expected_spend_many(&f, &m)?,
        None => buyers
            .iter()
            .zip(&f)
            .map(|(&i, x)| view.total_spend[i] / (x + 1.0))
            .collect(),
    };
    let clv = discounted_clv(
        v.model,
        &f,
        &r,
        &t,
        &spend,
        v.months,
        v.discount_rate,
        view.unit,
    )?;
    let mut p_col = vec![None; view.len()];
    let mut clv_col = vec![None; view.len()];
    for (k, &i) in buyers.iter().enumerate() {
        p_col[i] = Some(v.model.p_alive(f[k], r[k], t[k])?);
        clv_col[i] = Some(clv[k]);
    }
    Ok((p_col, clv_col))
}

/// [`customer_view`] from domain values (see there for the columns, rules and errors).
///
/// # Errors
/// As [`customer_view`].
pub fn customer_view_of(
    transactions: &[Transaction],
    touchpoints: &[Touchpoint],
    surveys: &[SurveyResponse],
    options: &CustomerViewOptions,
    value: Option<&ViewValue<'_>>,
) -> Result<CustomerView> {
    let tx_ids: Vec<&str> = transactions.iter().map(|t| t.customer.as_str()).collect();
    let tx_times: Vec<Timestamp> = transactions.iter().map(|t| t.timestamp).collect();
    let amounts: Vec<f64> = transactions.iter().map(|t| t.amount).collect();
    let tp_ids: Vec<&str> = touchpoints.iter().map(|t| t.customer.as_str()).collect();
    let tp_times: Vec<Timestamp> = touchpoints.iter().map(|t| t.timestamp).collect();
    let tp_channels: Vec<&str> = touchpoints.iter().map(|t| t.channel.as_str()).collect();
    let sv_ids: Vec<&str> = surveys.iter().map(|s| s.customer.as_str()).collect();
    let sv_times: Vec<Timestamp> = surveys.iter().map(|s| s.timestamp).collect();
    let scores: Vec<f64> = surveys.iter().map(|s| s.score).collect();
    let kinds: Vec<SurveyKind> = surveys.iter().map(|s| s.kind).collect();
    customer_view(
        &TransactionColumns {
            customers: &tx_ids,
            timestamps: &tx_times,
            amounts: &amounts,
        },
        Some(&TouchpointColumns {
            customers: &tp_ids,
            timestamps: &tp_times,
            channels: &tp_channels,
        }),
        Some(&SurveyColumns {
            customers: &sv_ids,
            timestamps: &sv_times,
            scores: &scores,
            kinds: Some(&kinds),
        }),
        options,
        value,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::{BgNbd, BgNbdParams, GammaGammaParams};
    use crate::domain::parse_timestamp;
    use crate::retention::lifecycle;

    fn ts(v: &[&str]) -> Vec<Timestamp> {
        v.iter().map(|s| parse_timestamp(s).unwrap()).collect()
    }

    /// The hand-worked example (also `customer_view_by_hand` in tests/vectors/retention.json).
    struct Example {
        tx: (Vec<&'static str>, Vec<Timestamp>, Vec<f64>),
        tp: (Vec<&'static str>, Vec<Timestamp>, Vec<&'static str>),
        sv: (Vec<&'static str>, Vec<Timestamp>, Vec<f64>),
    }

    fn example() -> Example {
        Example {
            tx: (
                vec!["a", "a", "b", "a", "a", "c"],
                ts(&[
                    "2024-01-05",
                    "2024-01-05 18:00:00",
                    "2024-01-31",
                    "2024-02-10",
                    "2024-03-01",
                    "2024-04-02",
                ]),
                vec![10.0, 5.0, 50.0, 20.0, 30.0, 99.0],
            ),
            tp: (
                vec!["a", "a", "c", "c", "d", "e", "f"],
                ts(&[
                    "2024-03-20",
                    "2024-01-02",
                    "2024-01-15",
                    "2024-02-20",
                    "2024-01-20",
                    "2024-04-05",
                    "2024-03-10",
                ]),
                vec![
                    "Email",
                    "web",
                    "Phone",
                    "phone",
                    "Partner Portal",
                    "web",
                    "app",
                ],
            ),
            sv: (
                vec!["a", "a", "b", "d", "c", "c"],
                ts(&[
                    "2024-02-01",
                    "2024-03-25",
                    "2024-03-05",
                    "2024-04-01",
                    "2024-02-20 12:00:00",
                    "2024-02-20 12:00:00",
                ]),
                vec![9.0, 6.0, 10.0, 3.0, 7.0, 8.0],
            ),
        }
    }

    fn run(
        ex: &Example,
        options: &CustomerViewOptions,
        value: Option<&ViewValue<'_>>,
    ) -> Result<CustomerView> {
        customer_view(
            &TransactionColumns {
                customers: &ex.tx.0,
                timestamps: &ex.tx.1,
                amounts: &ex.tx.2,
            },
            Some(&TouchpointColumns {
                customers: &ex.tp.0,
                timestamps: &ex.tp.1,
                channels: &ex.tp.2,
            }),
            Some(&SurveyColumns {
                customers: &ex.sv.0,
                timestamps: &ex.sv.1,
                scores: &ex.sv.2,
                kinds: None,
            }),
            options,
            value,
        )
    }

    fn days() -> CustomerViewOptions {
        CustomerViewOptions {
            observation_end: Some(parse_timestamp("2024-03-31").unwrap()),
            unit: TimeUnit::Day,
            ..CustomerViewOptions::default()
        }
    }

    #[test]
    fn hand_worked_view_in_days() {
        // As of 2024-03-31: c's April purchase, e's April touchpoint and d's April answer are
        // ignored, so e is not in the view.
        let v = run(&example(), &days(), None).unwrap();
        assert_eq!(v.customer, ["a", "b", "c", "d", "f"]);
        assert_eq!(
            v.first_activity,
            ts(&[
                "2024-01-02",
                "2024-01-31",
                "2024-01-15",
                "2024-01-20",
                "2024-03-10"
            ])
        );
        assert_eq!(
            v.last_activity,
            ts(&[
                "2024-03-25",
                "2024-03-05",
                "2024-02-20 12:00:00",
                "2024-01-20",
                "2024-03-10"
            ])
        );
        assert_eq!(v.transactions, [4, 1, 0, 0, 0]);
        // a bought on days Jan 5 (twice), Feb 10, Mar 1: two repeat days; Jan 5 → Mar 1 is 56
        // days, Jan 5 → Mar 31 is 86; repeat days average (20 + 30)/2.
        assert_eq!(v.frequency, [Some(2.0), Some(0.0), None, None, None]);
        assert_eq!(v.recency, [Some(56.0), Some(0.0), None, None, None]);
        assert_eq!(v.t, [Some(86.0), Some(60.0), None, None, None]);
        assert_eq!(v.monetary_value, [Some(25.0), Some(0.0), None, None, None]);
        assert_eq!(v.total_spend, [65.0, 50.0, 0.0, 0.0, 0.0]);
        // First activity to Mar 31: Jan 2 → 89, Jan 31 → 60, Jan 15 → 76, Jan 20 → 71, Mar 10 → 21.
        assert_eq!(v.tenure, [89.0, 60.0, 76.0, 71.0, 21.0]);
        assert_eq!(v.touchpoints, [2, 0, 2, 1, 1]);
        assert_eq!(
            v.channels,
            [
                vec!["email", "web"],
                vec![],
                vec!["phone"],
                vec!["Partner Portal"],
                vec!["app"]
            ]
        );
        // c answered 7 then 8 at the same instant: the later row wins.
        assert_eq!(v.last_nps, [Some(6.0), Some(10.0), Some(8.0), None, None]);
        // Months: a Jan–Mar, b Jan + Mar, c Jan–Feb, d Jan, f Mar.
        assert_eq!(
            v.lifecycle_stage,
            [
                LifecycleStage::Returning,
                LifecycleStage::Resurrecting,
                LifecycleStage::Dormant,
                LifecycleStage::Lapsed,
                LifecycleStage::New
            ]
        );
        assert!(v.p_alive.is_none() && v.clv.is_none());
        assert_eq!(v.observation_end, parse_timestamp("2024-03-31").unwrap());
    }

    #[test]
    fn stages_agree_with_lifecycle_counts() {
        // The March row of `lifecycle` over all activity up to the end counts the same stages.
        let ex = example();
        let end = parse_timestamp("2024-03-31").unwrap();
        let (mut c, mut t) = (Vec::new(), Vec::new());
        for (ids, times) in [
            (&ex.tx.0, &ex.tx.1),
            (&ex.tp.0, &ex.tp.1),
            (&ex.sv.0, &ex.sv.1),
        ] {
            for (id, time) in ids.iter().zip(times) {
                if time.date_naive() <= end.date_naive() {
                    c.push(*id);
                    t.push(*time);
                }
            }
        }
        let march = *lifecycle(&c, &t, Period::Month).unwrap().last().unwrap();
        let v = run(&ex, &days(), None).unwrap();
        let count = |s| v.lifecycle_stage.iter().filter(|&&x| x == s).count() as u64;
        assert_eq!(march.new, count(LifecycleStage::New));
        assert_eq!(march.returning, count(LifecycleStage::Returning));
        assert_eq!(march.resurrecting, count(LifecycleStage::Resurrecting));
        assert_eq!(march.dormant, count(LifecycleStage::Dormant));
    }

    #[test]
    fn weeks_follow_rfm_summary() {
        // ISO weeks: a bought in weeks 1, 6 and 9 of 2024, first seen in week 1; Mar 31 is in
        // week 13; b bought in week 5.
        let options = CustomerViewOptions {
            unit: TimeUnit::Week,
            ..days()
        };
        let v = run(&example(), &options, None).unwrap();
        assert_eq!(v.frequency[0], Some(2.0));
        assert_eq!(v.recency[0], Some(8.0));
        assert_eq!(v.t[..2], [Some(12.0), Some(8.0)]);
        assert_eq!(v.tenure[0], 12.0);
        // The default end is the latest row of any input (e's touchpoint on Apr 5).
        let all = run(&example(), &CustomerViewOptions::default(), None).unwrap();
        assert_eq!(all.observation_end, parse_timestamp("2024-04-05").unwrap());
        assert_eq!(all.customer, ["a", "b", "c", "d", "e", "f"]);
        assert_eq!(all.transactions[2], 1);
    }

    #[test]
    fn p_alive_and_clv_come_from_the_models() {
        let bg = BgNbd::from_params(BgNbdParams {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        })
        .unwrap();
        let value = ViewValue {
            model: &bg,
            spend: None,
            months: 6,
            discount_rate: 0.01,
        };
        let v = run(&example(), &days(), Some(&value)).unwrap();
        let p = v.p_alive.as_ref().unwrap();
        let clv = v.clv.as_ref().unwrap();
        assert_eq!(p[0], Some(bg.p_alive(2.0, 56.0, 86.0).unwrap()));
        assert_eq!(p[2..], [None, None, None]);
        // Without a spend model, spend per purchase period = total / (frequency + 1).
        let want = discounted_clv(
            &bg,
            &[2.0],
            &[56.0],
            &[86.0],
            &[65.0 / 3.0],
            6,
            0.01,
            TimeUnit::Day,
        )
        .unwrap();
        assert_eq!(clv[0], Some(want[0]));
        assert_eq!(clv[3], None);
        let gg = GammaGamma::from_params(GammaGammaParams {
            p: 6.25,
            q: 3.74,
            v: 15.44,
        })
        .unwrap();
        let value = ViewValue {
            spend: Some(&gg),
            ..value
        };
        let v = run(&example(), &days(), Some(&value)).unwrap();
        let spend = gg.expected_spend(0.0, 0.0).unwrap();
        let want = discounted_clv(
            &bg,
            &[0.0],
            &[0.0],
            &[60.0],
            &[spend],
            6,
            0.01,
            TimeUnit::Day,
        )
        .unwrap();
        assert_eq!(v.clv.as_ref().unwrap()[1], Some(want[0]));
        let bad = ViewValue {
            discount_rate: -2.0,
            ..value
        };
        let e = run(&example(), &days(), Some(&bad)).unwrap_err();
        assert_eq!(e.field(), Some("discount_rate"));
    }

    #[test]
    fn bad_input_is_named() {
        let ex = example();
        let field = |r: Result<CustomerView>| r.unwrap_err().field().map(str::to_string);
        let early = CustomerViewOptions {
            observation_end: Some(parse_timestamp("2023-12-31").unwrap()),
            ..days()
        };
        assert_eq!(
            field(run(&ex, &early, None)).as_deref(),
            Some("observation_end")
        );
        let mut unknown = example();
        unknown.sv.0[2] = "zz";
        let e = run(&unknown, &days(), None).unwrap_err();
        assert!(matches!(
            &e,
            CxError::InvalidInput { field, index: Some(2), .. } if field == "surveys.customer"
        ));
        let mut bad = example();
        bad.sv.2[1] = 11.0;
        assert_eq!(
            field(run(&bad, &days(), None)).as_deref(),
            Some("surveys.score")
        );
        let mut bad = example();
        bad.tx.2[3] = -1.0;
        assert_eq!(
            field(run(&bad, &days(), None)).as_deref(),
            Some("transactions.amount")
        );
        let mut bad = example();
        bad.tp.2[0] = " ";
        assert_eq!(
            field(run(&bad, &days(), None)).as_deref(),
            Some("touchpoints.channel")
        );
        let mut bad = example();
        bad.tx.0[0] = "";
        assert_eq!(
            field(run(&bad, &days(), None)).as_deref(),
            Some("transactions.customer")
        );
        let mut bad = example();
        bad.tx.2.pop();
        assert!(matches!(
            run(&bad, &days(), None),
            Err(CxError::LengthMismatch { .. })
        ));
        let none: [&str; 0] = [];
        let e = customer_view(
            &TransactionColumns {
                customers: &none,
                timestamps: &[],
                amounts: &[],
            },
            None,
            None,
            &CustomerViewOptions::default(),
            None,
        )
        .unwrap_err();
        assert!(matches!(e, CxError::Empty { .. }));
    }

    #[test]
    fn domain_values_give_the_same_view() {
        let ex = example();
        let tx: Vec<Transaction> = (0..ex.tx.0.len())
            .map(|i| Transaction::new(ex.tx.0[i], ex.tx.1[i], ex.tx.2[i]).unwrap())
            .collect();
        let tp: Vec<Touchpoint> = (0..ex.tp.0.len())
            .map(|i| {
                Touchpoint::new(
                    ex.tp.0[i],
                    ex.tp.1[i],
                    ex.tp.2[i].parse().unwrap(),
                    "visit",
                    None,
                )
                .unwrap()
            })
            .collect();
        let sv: Vec<SurveyResponse> = (0..ex.sv.0.len())
            .map(|i| {
                SurveyResponse::new(ex.sv.0[i], ex.sv.1[i], SurveyKind::Nps, ex.sv.2[i], None)
                    .unwrap()
            })
            .collect();
        let a = customer_view_of(&tx, &tp, &sv, &days(), None).unwrap();
        assert_eq!(a, run(&ex, &days(), None).unwrap());
        // A CSAT answer is activity but not an NPS answer.
        let mut sv2 = sv.clone();
        sv2[1].kind = SurveyKind::Csat;
        let b = customer_view_of(&tx, &tp, &sv2, &days(), None).unwrap();
        assert_eq!(b.last_nps[0], Some(9.0));
        assert_eq!(b.last_activity[0], a.last_activity[0]);
        let back: CustomerView = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(back, a);
    }
}
