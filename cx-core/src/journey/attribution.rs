//! Multi-touch attribution of conversions (and their value) to channels.
//!
//! Input is a list of channel paths, each with a number of conversions and, optionally, of
//! non-converting journeys (`nulls`), a conversion value and touchpoint times — the aggregated
//! layout of `ChannelAttribution` (Altomare & Loris). Rule-based models (first touch, last touch,
//! linear, position-based, time decay) split each converting path's credit over its touches;
//! the data-driven models are the Markov removal effect (Anderl, Becker, von Wangenheim &
//! Schumann 2016, "Mapping the customer journey: lessons learned from graph-based online
//! attribution modeling", IJRM 33(3)) solved exactly on the absorbing chain, and the Shapley
//! value of the coalition game "conversions of paths whose channels all lie in the coalition"
//! (Shapley 1953; Zhao, Mahboobi & Bagheri 2018, "Shapley value methods for attribution
//! modeling in online advertising"). Credits sum to the total conversions and, when values are
//! given, to the total value.
//!
//! Determinism: channels are indexed in sorted name order, states of the Markov chain in sorted
//! order of their channel tuples, and every sum runs in a fixed order, so the same input gives
//! bit-for-bit the same credits.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{CxError, Result, check_len_at_least, check_same_len};
use crate::journey::channel_paths::ChannelPaths;
#[cfg(doc)]
use crate::journey::channel_paths::aggregate_path_strings;

/// Largest number of channels for the exact Shapley value (2^15 coalitions).
pub const MAX_SHAPLEY_CHANNELS: usize = 15;
/// Largest number of transient states for the exact Markov solve (dense elimination).
pub const MAX_MARKOV_STATES: usize = 1_500;

/// An attribution model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "model")]
pub enum AttributionModel {
    /// All credit to the first touch.
    FirstTouch,
    /// All credit to the last touch.
    LastTouch,
    /// Equal credit to every touch.
    Linear,
    /// `first` to the first touch, `last` to the last, the rest split over the middle touches
    /// (a two-touch path splits `first : last`); 0.4 / 0.4 is the usual choice.
    PositionBased {
        /// Share of the first touch.
        first: f64,
        /// Share of the last touch.
        last: f64,
    },
    /// Weight `2^(−(t_last − t_i) / half_life)` per touch, normalised; needs times.
    TimeDecay {
        /// Half-life, in the unit of the times.
        half_life: f64,
    },
    /// Markov-chain removal effect of the given order (1, 2 or 3).
    Markov {
        /// Chain order: how many past channels a state remembers.
        order: usize,
    },
    /// Exact Shapley value (at most 15 channels).
    Shapley,
}

impl AttributionModel {
    /// Position-based with the usual 40/20/40 split.
    pub const POSITION_40_20_40: Self = Self::PositionBased {
        first: 0.4,
        last: 0.4,
    };

    /// Model from its name (`first_touch`, `last_touch`, `linear`, `position_based`,
    /// `time_decay`, `markov`, `shapley`) with the usual parameters: 40/20/40, a half-life of
    /// 7 (days, when times are in days) and order 1. Use the variants to set them.
    pub fn from_name(name: &str) -> Result<Self> {
        Ok(match name.trim().to_ascii_lowercase().as_str() {
            "first_touch" | "first" => Self::FirstTouch,
            "last_touch" | "last" => Self::LastTouch,
            "linear" => Self::Linear,
            "position_based" | "position" | "u_shaped" => Self::POSITION_40_20_40,
            "time_decay" => Self::TimeDecay { half_life: 7.0 },
            "markov" => Self::Markov { order: 1 },
            "shapley" => Self::Shapley,
            _ => {
                return Err(CxError::InvalidInput {
                    field: "model".into(),
                    index: None,
                    value: Some(name.to_string()),
                    reason: "expected first_touch, last_touch, linear, position_based, \
                             time_decay, markov or shapley"
                        .into(),
                });
            }
        })
    }

    /// The model's name, as [`AttributionModel::from_name`] reads it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::FirstTouch => "first_touch",
            Self::LastTouch => "last_touch",
            Self::Linear => "linear",
            Self::PositionBased { .. } => "position_based",
            Self::TimeDecay { .. } => "time_decay",
            Self::Markov { .. } => "markov",
            Self::Shapley => "shapley",
        }
    }
}

impl FromStr for AttributionModel {
    type Err = CxError;
    fn from_str(s: &str) -> Result<Self> {
        Self::from_name(s)
    }
}

impl fmt::Display for AttributionModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Paths with their outcomes: the input of [`attribution`].
#[derive(Debug, Clone, Copy)]
pub struct PathData<'a, S> {
    /// Channel names of each path, in time order.
    pub paths: &'a [Vec<S>],
    /// Conversions per path (finite, >= 0; aggregated counts allowed).
    pub conversions: &'a [f64],
    /// Non-converting journeys per path (Markov only; default 0).
    pub nulls: Option<&'a [f64]>,
    /// Conversion value per path (finite, >= 0).
    pub values: Option<&'a [f64]>,
    /// Time of each touch per path, non-decreasing, in the unit of the half-life.
    pub times: Option<&'a [Vec<f64>]>,
}

impl<'a, S: AsRef<str>> PathData<'a, S> {
    /// Paths and their conversions.
    pub fn new(paths: &'a [Vec<S>], conversions: &'a [f64]) -> Self {
        Self {
            paths,
            conversions,
            nulls: None,
            values: None,
            times: None,
        }
    }

    /// Adds non-converting counts.
    #[must_use]
    pub fn nulls(mut self, nulls: &'a [f64]) -> Self {
        self.nulls = Some(nulls);
        self
    }

    /// Adds conversion values.
    #[must_use]
    pub fn values(mut self, values: &'a [f64]) -> Self {
        self.values = Some(values);
        self
    }

    /// Adds touch times.
    #[must_use]
    pub fn times(mut self, times: &'a [Vec<f64>]) -> Self {
        self.times = Some(times);
        self
    }
}

/// Credit of one channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelCredit {
    /// Channel name.
    pub channel: String,
    /// Conversions credited.
    pub conversions: f64,
    /// Value credited (`None` without values). Rule-based models split each path's value like
    /// its conversions, Shapley plays the same game on values, and Markov splits the total
    /// value by the removal-effect shares.
    pub value: Option<f64>,
    /// `conversions` ÷ total conversions (0 when there are none).
    pub share: f64,
    /// Markov removal effect: relative drop in conversion probability without the channel.
    pub removal_effect: Option<f64>,
}

/// Attribution result: one row per channel seen in the paths, sorted by channel name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// Model name.
    pub model: String,
    /// Credits by channel.
    pub channels: Vec<ChannelCredit>,
    /// Sum of conversions over all paths.
    pub total_conversions: f64,
    /// Sum of values over all paths (`None` without values).
    pub total_value: Option<f64>,
    /// Markov: probability of conversion from the start state of the fitted chain.
    pub conversion_probability: Option<f64>,
}

impl Attribution {
    /// Conversions credited to `channel`; 0 for a channel that never appears.
    pub fn credit(&self, channel: &str) -> f64 {
        self.channels
            .iter()
            .find(|c| c.channel == channel)
            .map_or(0.0, |c| c.conversions)
    }

    /// Channel → conversions credited, in channel order.
    pub fn credits(&self) -> BTreeMap<String, f64> {
        self.channels
            .iter()
            .map(|c| (c.channel.clone(), c.conversions))
            .collect()
    }
}

/// Validated input: channel ids index `channels`, which is sorted; path `i` is
/// `ids[offsets[i]..offsets[i + 1]]`.
struct Prepared<'a> {
    channels: Vec<String>,
    ids: Vec<u32>,
    offsets: &'a [usize],
    conversions: &'a [f64],
    nulls: Cow<'a, [f64]>,
    values: Option<&'a [f64]>,
    times: Option<&'a [Vec<f64>]>,
}

impl Prepared<'_> {
    /// The paths, in input order.
    fn paths(&self) -> impl Iterator<Item = &[u32]> + '_ {
        self.offsets.windows(2).map(|w| &self.ids[w[0]..w[1]])
    }
}

fn check_counts(field: &str, v: &[f64], n: usize) -> Result<()> {
    check_same_len("paths", n, field, v.len())?;
    for (i, &x) in v.iter().enumerate() {
        if !x.is_finite() || x < 0.0 {
            return Err(CxError::invalid_at(
                field,
                i,
                x,
                "must be a finite number >= 0",
            ));
        }
    }
    Ok(())
}

/// Checks the layout of interned paths: offsets from 0 to the end of `ids`, non-decreasing;
/// ids within the channel table; no channel name twice.
fn check_layout(d: &ChannelPaths<'_>) -> Result<()> {
    let o = d.offsets;
    if o.first() != Some(&0) || o.last() != Some(&d.ids.len()) || o.windows(2).any(|w| w[1] < w[0])
    {
        return Err(CxError::invalid(
            "offsets",
            "path offsets must run from 0 to the number of ids, non-decreasing",
        ));
    }
    if let Some(i) = d.ids.iter().position(|&c| c as usize >= d.channels.len()) {
        return Err(CxError::invalid_at(
            "paths",
            i,
            d.ids[i],
            format!("channel id beyond the {} channel names", d.channels.len()),
        ));
    }
    let mut names: Vec<&str> = d.channels.iter().map(String::as_str).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(CxError::invalid_at(
            "channels",
            d.channels.iter().position(|c| c == w[0]).unwrap_or(0),
            w[0],
            "channel name given twice",
        ));
    }
    Ok(())
}

fn prepare<'a>(d: &ChannelPaths<'a>) -> Result<Prepared<'a>> {
    let n = d.offsets.len().saturating_sub(1);
    check_len_at_least("paths", n, 1)?;
    check_counts("conversions", d.conversions, n)?;
    if let Some(v) = d.nulls {
        check_counts("nulls", v, n)?;
    }
    if let Some(v) = d.values {
        check_counts("values", v, n)?;
    }
    let weight: f64 = d.conversions.iter().chain(d.nulls.unwrap_or(&[])).sum();
    if !weight.is_finite() {
        return Err(CxError::invalid(
            "conversions",
            "the total of conversions and nulls overflows a 64-bit float",
        ));
    }
    if !d.values.unwrap_or(&[]).iter().sum::<f64>().is_finite() {
        return Err(CxError::invalid(
            "values",
            "the total value overflows a 64-bit float",
        ));
    }
    let blank: Vec<bool> = d.channels.iter().map(|c| c.trim().is_empty()).collect();
    let mut used = vec![false; d.channels.len()];
    for (i, w) in d.offsets.windows(2).enumerate() {
        let path = &d.ids[w[0]..w[1]];
        if path.is_empty() {
            return Err(CxError::invalid_at(
                "paths",
                i,
                "[]",
                "a path needs at least one channel",
            ));
        }
        for &c in path {
            if blank[c as usize] {
                return Err(CxError::invalid_at(
                    "paths",
                    i,
                    format!("{:?}", d.channels[c as usize]),
                    "channel name is empty",
                ));
            }
            used[c as usize] = true;
        }
    }
    if let Some(t) = d.times {
        check_same_len("paths", n, "times", t.len())?;
        for (i, (ts, w)) in t.iter().zip(d.offsets.windows(2)).enumerate() {
            let len = w[1] - w[0];
            if ts.len() != len {
                return Err(CxError::invalid_at(
                    "times",
                    i,
                    ts.len(),
                    format!("needs one time per touch ({len} touches)"),
                ));
            }
            if let Some(&x) = ts.iter().find(|x| !x.is_finite()) {
                return Err(CxError::invalid_at("times", i, x, "times must be finite"));
            }
            if ts.windows(2).any(|w| w[1] < w[0]) {
                return Err(CxError::invalid_at(
                    "times",
                    i,
                    format!("{ts:?}"),
                    "touch times must be sorted (non-decreasing) within a path",
                ));
            }
        }
    }
    // Channels seen in the paths, indexed in sorted name order.
    let mut order: Vec<usize> = (0..d.channels.len()).filter(|&c| used[c]).collect();
    order.sort_unstable_by(|&x, &y| d.channels[x].cmp(&d.channels[y]));
    let mut rank = vec![0u32; d.channels.len()];
    for (k, &c) in order.iter().enumerate() {
        rank[c] = k as u32;
    }
    Ok(Prepared {
        channels: order.iter().map(|&c| d.channels[c].clone()).collect(),
        ids: d.ids.iter().map(|&c| rank[c as usize]).collect(),
        offsets: d.offsets,
        conversions: d.conversions,
        nulls: d
            .nulls
            .map_or_else(|| Cow::Owned(vec![0.0; n]), Cow::Borrowed),
        values: d.values,
        times: d.times,
    })
}

/// Attributes the conversions (and values) of `data` to channels with `model`.
///
/// Fails on an empty list, an empty path, a negative or non-finite count or value, lengths
/// that differ, unsorted or missing times for `time_decay`, a Markov order outside 1..=3 or a
/// chain above [`MAX_MARKOV_STATES`] states, and more than [`MAX_SHAPLEY_CHANNELS`] channels
/// for `shapley` (naming the path that brings the 16th channel).
///
/// ```
/// use cx_core::journey::{attribution, AttributionModel, PathData};
///
/// let paths = vec![vec!["email", "web"], vec!["web"]];
/// let r = attribution(&PathData::new(&paths, &[1.0, 1.0]), AttributionModel::Linear)?;
/// assert_eq!(r.credit("email"), 0.5);
/// assert_eq!(r.credit("web"), 1.5);
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn attribution<S: AsRef<str>>(
    data: &PathData<'_, S>,
    model: AttributionModel,
) -> Result<Attribution> {
    // Each distinct name is interned once (ids in order of first appearance).
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut channels: Vec<String> = Vec::new();
    let mut ids = Vec::with_capacity(data.paths.iter().map(Vec::len).sum());
    let mut offsets = Vec::with_capacity(data.paths.len() + 1);
    offsets.push(0);
    for p in data.paths {
        for s in p {
            let s = s.as_ref();
            let id = *index.entry(s).or_insert_with(|| {
                channels.push(s.to_string());
                (channels.len() - 1) as u32
            });
            ids.push(id);
        }
        offsets.push(ids.len());
    }
    let interned = ChannelPaths {
        channels: &channels,
        ids: &ids,
        offsets: &offsets,
        conversions: data.conversions,
        nulls: data.nulls,
        values: data.values,
        times: data.times,
    };
    attribution_interned(&interned, model)
}

/// [`attribution`] of paths over interned channel ids (see [`ChannelPaths`]): the form the
/// bindings use, and what [`aggregate_path_strings`] returns. Channels are reported by name,
/// sorted, so the result does not depend on how the names were numbered.
///
/// # Errors
/// As [`attribution`]; also offsets that do not run from 0 to the number of ids, an id
/// beyond the channel table and a channel name given twice.
pub fn attribution_interned(
    data: &ChannelPaths<'_>,
    model: AttributionModel,
) -> Result<Attribution> {
    check_layout(data)?;
    if model == AttributionModel::Shapley {
        check_shapley_size(data)?;
    }
    let p = prepare(data)?;
    let total: f64 = p.conversions.iter().sum();
    let total_value: Option<f64> = p.values.map(|v| v.iter().sum());
    let (conv, value, removal, prob) = match model {
        AttributionModel::Markov { order } => {
            let m = markov(&p, order)?;
            (m.0, m.1, Some(m.2), Some(m.3))
        }
        AttributionModel::Shapley => {
            let (c, v) = shapley(&p);
            (c, v, None, None)
        }
        rule => {
            let (c, v) = rule_based(&p, rule)?;
            (c, v, None, None)
        }
    };
    // Counts near f64::MAX pass the input checks but their credits can overflow on the way
    // (a Shapley or Markov sum, a path's share times its count): refuse rather than report ∞.
    for (field, credits) in [("conversions", Some(&conv)), ("values", value.as_ref())] {
        if credits.is_some_and(|c| c.iter().any(|v| !v.is_finite())) {
            return Err(CxError::invalid(
                field,
                "the credits overflow a 64-bit float: scale the counts or values down",
            ));
        }
    }
    let channels = p
        .channels
        .iter()
        .enumerate()
        .map(|(i, name)| ChannelCredit {
            channel: name.clone(),
            conversions: conv[i],
            value: value.as_ref().map(|v| v[i]),
            share: if total > 0.0 { conv[i] / total } else { 0.0 },
            removal_effect: removal.as_ref().map(|r: &Vec<f64>| r[i]),
        })
        .collect();
    Ok(Attribution {
        model: model.name().to_string(),
        channels,
        total_conversions: total,
        total_value,
        conversion_probability: prob,
    })
}

type Credits = (Vec<f64>, Option<Vec<f64>>);

/// Per-touch weights of one path, summing to 1.
fn touch_weights(
    model: AttributionModel,
    len: usize,
    times: Option<&[f64]>,
    out: &mut Vec<f64>,
) -> Result<()> {
    out.clear();
    match model {
        AttributionModel::FirstTouch => {
            out.resize(len, 0.0);
            out[0] = 1.0;
        }
        AttributionModel::LastTouch => {
            out.resize(len, 0.0);
            out[len - 1] = 1.0;
        }
        AttributionModel::Linear => out.resize(len, 1.0 / len as f64),
        AttributionModel::PositionBased { first, last } => match len {
            1 => out.push(1.0),
            2 => {
                let s = first + last;
                if s > 0.0 {
                    out.extend([first / s, last / s]);
                } else {
                    out.extend([0.5, 0.5]);
                }
            }
            _ => {
                out.resize(len, (1.0 - first - last) / (len - 2) as f64);
                out[0] = first;
                out[len - 1] = last;
            }
        },
        AttributionModel::TimeDecay { half_life } => {
            let t = times.ok_or_else(|| {
                CxError::invalid("times", "time_decay needs the time of every touch")
            })?;
            let end = t[len - 1];
            out.extend(t.iter().map(|&ti| (-(end - ti) / half_life).exp2()));
            let s: f64 = out.iter().sum();
            for w in out.iter_mut() {
                *w /= s;
            }
        }
        AttributionModel::Markov { .. } | AttributionModel::Shapley => {
            return Err(CxError::Internal("not a rule-based model".into()));
        }
    }
    Ok(())
}

fn check_rule_params(model: AttributionModel) -> Result<()> {
    match model {
        AttributionModel::PositionBased { first, last } => {
            let ok = |x: f64| x.is_finite() && x >= 0.0;
            if !ok(first) || !ok(last) || first + last > 1.0 + 1e-12 {
                return Err(CxError::InvalidInput {
                    field: "position_weights".into(),
                    index: None,
                    value: Some(format!("({first}, {last})")),
                    reason: "first and last shares must be >= 0 and sum to at most 1".into(),
                });
            }
        }
        AttributionModel::TimeDecay { half_life }
            if !(half_life.is_finite() && half_life > 0.0) =>
        {
            return Err(CxError::InvalidInput {
                field: "half_life".into(),
                index: None,
                value: Some(half_life.to_string()),
                reason: "half-life must be a finite number > 0".into(),
            });
        }
        _ => {}
    }
    Ok(())
}

fn rule_based(p: &Prepared, model: AttributionModel) -> Result<Credits> {
    check_rule_params(model)?;
    let m = p.channels.len();
    let mut conv = vec![0.0; m];
    let mut value = p.values.map(|_| vec![0.0; m]);
    let mut w = Vec::new();
    for (i, path) in p.paths().enumerate() {
        let times = p.times.map(|t| t[i].as_slice());
        touch_weights(model, path.len(), times, &mut w)?;
        for (&c, &wi) in path.iter().zip(&w) {
            conv[c as usize] += wi * p.conversions[i];
            if let (Some(v), Some(vals)) = (value.as_mut(), p.values) {
                v[c as usize] += wi * vals[i];
            }
        }
    }
    Ok((conv, value))
}

/// The index of the path that brings the 16th distinct channel, if any.
fn check_shapley_size(d: &ChannelPaths<'_>) -> Result<()> {
    let mut seen = vec![false; d.channels.len()];
    let mut count = 0;
    for (i, w) in d.offsets.windows(2).enumerate() {
        for &c in &d.ids[w[0]..w[1]] {
            if !std::mem::replace(&mut seen[c as usize], true) {
                count += 1;
            }
            if count > MAX_SHAPLEY_CHANNELS {
                return Err(CxError::invalid_at(
                    "paths",
                    i,
                    &d.channels[c as usize],
                    format!(
                        "Shapley attribution is exact for at most {MAX_SHAPLEY_CHANNELS} \
                         channels and this path brings channel number {count}; merge rare \
                         channels or use the markov model"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Exact Shapley value of v(S) = Σ conversions of paths whose channel set ⊆ S.
fn shapley(p: &Prepared) -> Credits {
    let n = p.channels.len();
    let size = 1usize << n;
    let mut game = vec![0.0f64; size];
    let mut game_value = p.values.map(|_| vec![0.0f64; size]);
    for (i, path) in p.paths().enumerate() {
        let mask = path.iter().fold(0usize, |m, &c| m | (1 << c));
        game[mask] += p.conversions[i];
        if let (Some(g), Some(v)) = (game_value.as_mut(), p.values) {
            g[mask] += v[i];
        }
    }
    let conv = shapley_of_game(n, game);
    let value = game_value.map(|g| shapley_of_game(n, g));
    (conv, value)
}

/// Shapley values of the game whose exact-coalition payoffs are `exact` (turned into
/// v(S) = Σ_{T ⊆ S} exact(T) by the subset-sum transform, in a fixed bit order).
fn shapley_of_game(n: usize, mut v: Vec<f64>) -> Vec<f64> {
    let size = v.len();
    for bit in 0..n {
        for mask in 0..size {
            if mask & (1 << bit) != 0 {
                v[mask] += v[mask ^ (1 << bit)];
            }
        }
    }
    // weight(s) = s! (n − s − 1)! / n! = 1 / (n · C(n − 1, s)).
    let mut weight = vec![0.0; n.max(1)];
    let mut binom = 1.0f64;
    for (s, w) in weight.iter_mut().enumerate() {
        *w = 1.0 / (n as f64 * binom);
        binom = binom * (n - 1 - s) as f64 / (s + 1) as f64;
    }
    let mut phi = vec![0.0; n];
    for (i, out) in phi.iter_mut().enumerate() {
        let bit = 1usize << i;
        let mut acc = 0.0;
        for mask in 0..size {
            if mask & bit == 0 {
                acc += weight[mask.count_ones() as usize] * (v[mask | bit] - v[mask]);
            }
        }
        *out = acc;
    }
    phi
}

/// Markov credits: (conversions, values, removal effects, P(conversion)).
type MarkovCredits = (Vec<f64>, Option<Vec<f64>>, Vec<f64>, f64);

/// Markov removal effects of the chain of the given order.
fn markov(p: &Prepared, order: usize) -> Result<MarkovCredits> {
    if !(1..=3).contains(&order) {
        return Err(CxError::InvalidInput {
            field: "order".into(),
            index: None,
            value: Some(order.to_string()),
            reason: "Markov order must be 1, 2 or 3".into(),
        });
    }
    // A state is the tuple of the last `order` channels (shorter at the start of a path),
    // numbered in sorted order of the tuples.
    let chain = StateIndex::new(p, order);
    let m = chain.states.len();
    if m > MAX_MARKOV_STATES {
        return Err(CxError::InvalidInput {
            field: "order".into(),
            index: None,
            value: Some(order.to_string()),
            reason: format!(
                "the chain has {m} states, above the {MAX_MARKOV_STATES} of the exact solve; \
                 lower the order or merge rare channels"
            ),
        });
    }
    let states = &chain.states;
    // Transition weights: row per state, columns 0..m states, m = conversion, m + 1 = null.
    let mut counts = vec![0.0f64; m * (m + 2)];
    let mut start = vec![0.0f64; m];
    for (i, path) in p.paths().enumerate() {
        let w = p.conversions[i] + p.nulls[i];
        let mut prev = None;
        for j in 0..path.len() {
            let s = chain.state(path, j);
            match prev {
                None => start[s] += w,
                Some(r) => counts[r * (m + 2) + s] += w,
            }
            prev = Some(s);
        }
        if let Some(r) = prev {
            counts[r * (m + 2) + m] += p.conversions[i];
            counts[r * (m + 2) + m + 1] += p.nulls[i];
        }
    }
    let start_total: f64 = start.iter().sum();
    let m = states.len();
    let keep_all = vec![true; m];
    let full = absorb_probability(&counts, &start, start_total, &keep_all)?;
    let n_ch = p.channels.len();
    let mut removal = vec![0.0; n_ch];
    if full > 0.0 {
        for (c, re) in removal.iter_mut().enumerate() {
            let keep: Vec<bool> = states.iter().map(|s| !s.contains(&(c as u32))).collect();
            let without = absorb_probability(&counts, &start, start_total, &keep)?;
            *re = (1.0 - without / full).max(0.0);
        }
    }
    let re_sum: f64 = removal.iter().sum();
    let total: f64 = p.conversions.iter().sum();
    let shares: Vec<f64> = removal
        .iter()
        .map(|r| if re_sum > 0.0 { r / re_sum } else { 0.0 })
        .collect();
    let conv = shares.iter().map(|s| s * total).collect();
    let value = p.values.map(|v| {
        let tv: f64 = v.iter().sum();
        shares.iter().map(|s| s * tv).collect()
    });
    Ok((conv, value, removal, full))
}

/// The states of a chain of some order: each tuple of up to `order` channels is a key in base
/// `channels + 1` (digit 0 = no channel, so a shorter tuple sorts before its extensions and
/// key order is the tuples' lexicographic order), looked up in a dense table when the key
/// space is small and in a hash map otherwise.
struct StateIndex {
    order: usize,
    base: u128,
    /// Channel tuples of the states, in sorted order.
    states: Vec<Vec<u32>>,
    dense: Vec<u32>,
    sparse: HashMap<u128, u32>,
}

/// Largest key space looked up in a dense table (16 MiB of u32).
const DENSE_KEYS: u128 = 1 << 22;

impl StateIndex {
    fn new(p: &Prepared<'_>, order: usize) -> Self {
        let base = p.channels.len() as u128 + 1;
        let space = (0..order).fold(1u128, |k, _| k.saturating_mul(base));
        let mut ix = Self {
            order,
            base,
            states: Vec::new(),
            dense: Vec::new(),
            sparse: HashMap::new(),
        };
        let mut keys: Vec<u128> = if space <= DENSE_KEYS {
            let mut seen = vec![false; space as usize];
            for path in p.paths() {
                for j in 0..path.len() {
                    seen[ix.key(path, j) as usize] = true;
                }
            }
            (0..space).filter(|&k| seen[k as usize]).collect()
        } else {
            let mut seen = std::collections::HashSet::new();
            for path in p.paths() {
                for j in 0..path.len() {
                    seen.insert(ix.key(path, j));
                }
            }
            seen.into_iter().collect()
        };
        keys.sort_unstable();
        if space <= DENSE_KEYS {
            ix.dense = vec![u32::MAX; space as usize];
            for (k, &key) in keys.iter().enumerate() {
                ix.dense[key as usize] = k as u32;
            }
        } else {
            ix.sparse = keys
                .iter()
                .enumerate()
                .map(|(k, &key)| (key, k as u32))
                .collect();
        }
        ix.states = keys.iter().map(|&key| ix.tuple(key)).collect();
        ix
    }

    /// The key of the state after touch `j` of `path`.
    #[inline]
    fn key(&self, path: &[u32], j: usize) -> u128 {
        let from = (j + 1).saturating_sub(self.order);
        let mut key = 0u128;
        for d in 0..self.order {
            let digit = path
                .get(from + d)
                .filter(|_| from + d <= j)
                .map_or(0, |&c| u128::from(c) + 1);
            key = key * self.base + digit;
        }
        key
    }

    /// The state index after touch `j` of `path`.
    #[inline]
    fn state(&self, path: &[u32], j: usize) -> usize {
        let key = self.key(path, j);
        if self.dense.is_empty() {
            self.sparse[&key] as usize
        } else {
            self.dense[key as usize] as usize
        }
    }

    /// The channel tuple of a key.
    fn tuple(&self, mut key: u128) -> Vec<u32> {
        let mut digits = Vec::with_capacity(self.order);
        for _ in 0..self.order {
            digits.push(key % self.base);
            key /= self.base;
        }
        digits
            .iter()
            .rev()
            .filter(|&&d| d > 0)
            .map(|&d| (d - 1) as u32)
            .collect()
    }
}

/// P(reaching conversion from the start) in the chain restricted to `keep` states: a removed
/// state sends everything to null. Solves (I − Q) x = r by Gaussian elimination with partial
/// pivoting in a fixed order.
fn absorb_probability(
    counts: &[f64],
    start: &[f64],
    start_total: f64,
    keep: &[bool],
) -> Result<f64> {
    if start_total <= 0.0 {
        return Ok(0.0);
    }
    let m = start.len();
    let idx: Vec<usize> = (0..m).filter(|&s| keep[s]).collect();
    let k = idx.len();
    if k == 0 {
        return Ok(0.0);
    }
    let width = m + 2;
    // Augmented matrix [I − Q | r] over the kept states.
    let mut a = vec![0.0f64; k * (k + 1)];
    for (row, &s) in idx.iter().enumerate() {
        let out: f64 = counts[s * width..(s + 1) * width].iter().sum();
        let line = &mut a[row * (k + 1)..(row + 1) * (k + 1)];
        line[row] = 1.0;
        if out > 0.0 {
            for (col, &t) in idx.iter().enumerate() {
                line[col] -= counts[s * width + t] / out;
            }
            line[k] = counts[s * width + m] / out;
        }
    }
    for col in 0..k {
        let mut piv = col;
        for r in col + 1..k {
            if a[r * (k + 1) + col].abs() > a[piv * (k + 1) + col].abs() {
                piv = r;
            }
        }
        let pv = a[piv * (k + 1) + col];
        if pv.abs() < 1e-300 {
            return Err(CxError::Internal(
                "singular absorbing chain in the Markov attribution".into(),
            ));
        }
        if piv != col {
            for j in 0..=k {
                a.swap(piv * (k + 1) + j, col * (k + 1) + j);
            }
        }
        for r in col + 1..k {
            let f = a[r * (k + 1) + col] / pv;
            if f != 0.0 {
                for j in col..=k {
                    a[r * (k + 1) + j] -= f * a[col * (k + 1) + j];
                }
            }
        }
    }
    let mut x = vec![0.0f64; k];
    for row in (0..k).rev() {
        let mut s = a[row * (k + 1) + k];
        for j in row + 1..k {
            s -= a[row * (k + 1) + j] * x[j];
        }
        x[row] = s / a[row * (k + 1) + row];
    }
    let mut p = 0.0;
    for (row, &s) in idx.iter().enumerate() {
        p += start[s] / start_total * x[row];
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn rule_based_models_split_as_documented() {
        let paths = vec![vec!["a", "b", "c", "b"]];
        let d = PathData::new(&paths, &[10.0]).values(&[100.0]);
        let r = attribution(&d, AttributionModel::POSITION_40_20_40).unwrap();
        assert_abs_diff_eq!(r.credit("a"), 4.0, epsilon = 1e-12);
        assert_abs_diff_eq!(r.credit("b"), 5.0, epsilon = 1e-12);
        assert_abs_diff_eq!(r.credit("c"), 1.0, epsilon = 1e-12);
        assert_abs_diff_eq!(r.channels[1].value.unwrap(), 50.0, epsilon = 1e-12);
        let times = vec![vec![0.0, 7.0, 14.0, 14.0]];
        let d = d.times(&times);
        let r = attribution(&d, AttributionModel::TimeDecay { half_life: 7.0 }).unwrap();
        // weights 1/4, 1/2, 1, 1 over 2.75
        assert_abs_diff_eq!(r.credit("a"), 10.0 * 0.25 / 2.75, epsilon = 1e-12);
        assert!(
            attribution(
                &PathData::new(&paths, &[1.0]),
                AttributionModel::TimeDecay { half_life: 1.0 }
            )
            .is_err()
        );
    }

    #[test]
    fn shapley_matches_simplified_formula_and_limit() {
        // Zhao et al. (2018): φ_i = Σ_{S ∋ i} R(S) / |S| for this game.
        let paths = vec![vec!["a"], vec!["a", "b"], vec!["b", "c", "b"], vec!["c"]];
        let conv = [3.0, 2.0, 6.0, 1.0];
        let r = attribution(&PathData::new(&paths, &conv), AttributionModel::Shapley).unwrap();
        assert_abs_diff_eq!(r.credit("a"), 3.0 + 1.0, epsilon = 1e-12);
        assert_abs_diff_eq!(r.credit("b"), 1.0 + 3.0, epsilon = 1e-12);
        assert_abs_diff_eq!(r.credit("c"), 3.0 + 1.0, epsilon = 1e-12);
        let many: Vec<Vec<String>> = (0..16).map(|i| vec![format!("ch{i:02}")]).collect();
        let e =
            attribution(&PathData::new(&many, &[1.0; 16]), AttributionModel::Shapley).unwrap_err();
        assert!(
            matches!(
                e,
                CxError::InvalidInput {
                    index: Some(15),
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn markov_first_order_by_hand() {
        // start→a (2), a→b (1), a→null (1), b→conv (1): P = 1/2 · 1 = 1/2 ... see vectors.
        let paths = vec![vec!["a", "b"], vec!["a"]];
        let d = PathData::new(&paths, &[1.0, 0.0]).nulls(&[0.0, 1.0]);
        let r = attribution(&d, AttributionModel::Markov { order: 1 }).unwrap();
        assert_abs_diff_eq!(r.conversion_probability.unwrap(), 0.5, epsilon = 1e-15);
        assert_abs_diff_eq!(r.credit("a"), 0.5, epsilon = 1e-15);
        assert_abs_diff_eq!(r.credit("b"), 0.5, epsilon = 1e-15);
    }

    /// Fuzzing (`fuzz/regressions/journey/attribution_credit_overflow_*`): counts near `f64::MAX`
    /// have a finite total but credits that overflow; an error instead of ∞ credits.
    #[test]
    fn credits_that_overflow_are_refused() {
        let paths = vec![vec!["a", "b"], vec!["b", "a"]];
        let conv = [f64::MAX / 2.0, f64::MAX / 2.0];
        for model in [
            AttributionModel::Shapley,
            AttributionModel::Markov { order: 1 },
        ] {
            match attribution(&PathData::new(&paths, &conv), model) {
                Ok(r) => assert!(
                    r.channels.iter().all(|c| c.conversions.is_finite()),
                    "{model:?}: {r:?}"
                ),
                Err(e) => assert_eq!(e.field(), Some("conversions"), "{model:?}: {e}"),
            }
        }
    }
}
