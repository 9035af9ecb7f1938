//! Paths through events or channels: most frequent paths, next- and previous-step transitions,
//! Sankey edge lists, and channel switching.
//!
//! Every result is sorted (by count, descending, then by name), so equal inputs give equal
//! outputs on every platform.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::funnel::intern_sorted;
use crate::error::{CxError, Result, check_len_at_least, check_same_len};

/// Label used for the end of a path in transition tables and Sankey edges.
pub const END: &str = "(end)";
/// Label used for the start of a path in transition tables.
pub const START: &str = "(start)";

/// One customer's path: items (events or channels) in time order, with their times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerPath {
    /// The customer.
    pub customer: String,
    /// Items in time order (ties keep input order).
    pub items: Vec<String>,
    /// Times of the items, seconds (any fixed origin).
    pub times: Vec<i64>,
}

/// Groups an event table into one path per customer, sorted by customer id; within a customer
/// items are sorted by time, and ties keep their input order.
pub fn paths_by_customer<S: AsRef<str>>(
    customers: &[S],
    times: &[i64],
    items: &[S],
) -> Result<Vec<CustomerPath>> {
    check_same_len("customers", customers.len(), "times", times.len())?;
    check_same_len("customers", customers.len(), "items", items.len())?;
    let (ids, names) = intern_sorted(customers);
    let mut order: Vec<usize> = (0..customers.len()).collect();
    order.sort_by_key(|&i| (ids[i], times[i]));
    let mut out: Vec<CustomerPath> = Vec::with_capacity(names.len());
    let mut current = u32::MAX;
    for i in order {
        if ids[i] != current {
            current = ids[i];
            out.push(CustomerPath {
                customer: names[current as usize].clone(),
                items: Vec::new(),
                times: Vec::new(),
            });
        }
        if let Some(p) = out.last_mut() {
            p.items.push(items[i].as_ref().to_string());
            p.times.push(times[i]);
        }
    }
    Ok(out)
}

/// A distinct path and how many journeys followed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathCount {
    /// The items of the path.
    pub path: Vec<String>,
    /// Journeys that followed it.
    pub count: u64,
    /// `count` ÷ all journeys.
    pub share: f64,
}

/// Options for [`top_paths`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PathOptions {
    /// Keep only the first `max_length` items of each path (`None`: whole paths).
    pub max_length: Option<usize>,
    /// Merge runs of the same item (`web, web, email` becomes `web, email`).
    pub collapse_repeats: bool,
}

fn shaped<S: AsRef<str>>(path: &[S], o: PathOptions) -> Vec<&str> {
    let mut v: Vec<&str> = Vec::with_capacity(path.len());
    for s in path {
        let s = s.as_ref();
        if o.collapse_repeats && v.last() == Some(&s) {
            continue;
        }
        if o.max_length.is_some_and(|m| v.len() >= m) {
            break;
        }
        v.push(s);
    }
    v
}

/// The `k` most frequent paths, by count descending, ties by path in lexicographic order.
/// Fails on an empty list of paths.
pub fn top_paths<S: AsRef<str>>(
    paths: &[Vec<S>],
    k: usize,
    options: PathOptions,
) -> Result<Vec<PathCount>> {
    check_len_at_least("paths", paths.len(), 1)?;
    let mut counts: BTreeMap<Vec<&str>, u64> = BTreeMap::new();
    for p in paths {
        *counts.entry(shaped(p, options)).or_default() += 1;
    }
    let total = paths.len() as f64;
    let mut rows: Vec<(Vec<&str>, u64)> = counts.into_iter().collect();
    // Stable sort keeps the lexicographic order of the BTreeMap among equal counts.
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    Ok(rows
        .into_iter()
        .take(k)
        .map(|(p, c)| PathCount {
            path: p.into_iter().map(str::to_string).collect(),
            count: c,
            share: c as f64 / total,
        })
        .collect())
}

/// Direction of a transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// What comes right after the item.
    Next,
    /// What comes right before the item.
    Previous,
}

/// One row of a transition table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transition {
    /// The neighbouring item, or [`END`] / [`START`].
    pub item: String,
    /// Occurrences of the item next to (or before) the anchor.
    pub count: u64,
    /// `count` ÷ all occurrences of the anchor.
    pub share: f64,
}

/// Next-step (or previous-step) transitions from every occurrence of `from`, by count
/// descending then name. A path ending at `from` counts as [`END`] (beginning: [`START`]).
/// Returns an empty table when `from` never occurs.
pub fn transitions<S: AsRef<str>>(
    paths: &[Vec<S>],
    from: &str,
    direction: Direction,
) -> Vec<Transition> {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    let mut total = 0u64;
    for p in paths {
        for (i, s) in p.iter().enumerate() {
            if s.as_ref() != from {
                continue;
            }
            let neighbour = match direction {
                Direction::Next => p.get(i + 1).map_or(END, AsRef::as_ref),
                Direction::Previous => {
                    if i == 0 {
                        START
                    } else {
                        p[i - 1].as_ref()
                    }
                }
            };
            *counts.entry(neighbour).or_default() += 1;
            total += 1;
        }
    }
    let mut rows: Vec<(&str, u64)> = counts.into_iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    rows.into_iter()
        .map(|(item, count)| Transition {
            item: item.to_string(),
            count,
            share: count as f64 / total as f64,
        })
        .collect()
}

/// One edge of a Sankey chart: from the item at position `step` to the one at `step + 1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SankeyEdge {
    /// Zero-based position of the source node.
    pub step: usize,
    /// Source item.
    pub source: String,
    /// Target item, or [`END`] when paths stop after the source.
    pub target: String,
    /// Journeys along this edge.
    pub count: u64,
}

/// Sankey edges over the first `max_steps` positions of the paths, sorted by step, then count
/// descending, then source and target. Node ids are `(step, item)`; a path that stops before
/// `max_steps` gets an edge to [`END`].
pub fn sankey_edges<S: AsRef<str>>(paths: &[Vec<S>], max_steps: usize) -> Vec<SankeyEdge> {
    let mut counts: BTreeMap<(usize, &str, &str), u64> = BTreeMap::new();
    for p in paths {
        for i in 0..p.len().min(max_steps) {
            let target = p.get(i + 1).map_or(END, AsRef::as_ref);
            if i + 1 == max_steps && target != END {
                break;
            }
            *counts.entry((i, p[i].as_ref(), target)).or_default() += 1;
        }
    }
    let mut rows: Vec<((usize, &str, &str), u64)> = counts.into_iter().collect();
    rows.sort_by(|a, b| a.0.0.cmp(&b.0.0).then(b.1.cmp(&a.1)));
    rows.into_iter()
        .map(|((step, s, t), count)| SankeyEdge {
            step,
            source: s.to_string(),
            target: t.to_string(),
            count,
        })
        .collect()
}

/// Channel switching across journeys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelSwitching {
    /// Journeys considered (non-empty paths).
    pub journeys: u64,
    /// Journeys that use more than one distinct channel.
    pub multi_channel: u64,
    /// `multi_channel` ÷ `journeys`.
    pub multi_channel_share: f64,
    /// Consecutive touchpoint pairs on different channels.
    pub switches: u64,
    /// Consecutive touchpoint pairs, switching or not.
    pub transitions: u64,
    /// Channels in sorted order: the rows and columns of `matrix`.
    pub channels: Vec<String>,
    /// `matrix[i][j]`: consecutive pairs from `channels[i]` to `channels[j]` (the diagonal holds
    /// stays on the same channel).
    pub matrix: Vec<Vec<u64>>,
}

/// Share of journeys using more than one channel and the channel-to-channel switch matrix.
/// Empty paths are skipped; fails when no path has a touchpoint.
pub fn channel_switching<S: AsRef<str>>(paths: &[Vec<S>]) -> Result<ChannelSwitching> {
    let flat: Vec<&str> = paths.iter().flatten().map(AsRef::as_ref).collect();
    check_len_at_least("paths", flat.len(), 1)?;
    let (_, channels) = intern_sorted(&flat);
    let id = |s: &str| {
        channels
            .binary_search_by(|c| c.as_str().cmp(s))
            .unwrap_or(0)
    };
    let m = channels.len();
    let mut matrix = vec![vec![0u64; m]; m];
    let (mut journeys, mut multi, mut switches, mut pairs) = (0u64, 0u64, 0u64, 0u64);
    for p in paths.iter().filter(|p| !p.is_empty()) {
        journeys += 1;
        let first = p[0].as_ref();
        if p.iter().any(|s| s.as_ref() != first) {
            multi += 1;
        }
        for w in p.windows(2) {
            let (a, b) = (id(w[0].as_ref()), id(w[1].as_ref()));
            matrix[a][b] += 1;
            pairs += 1;
            if a != b {
                switches += 1;
            }
        }
    }
    if journeys == 0 {
        return Err(CxError::invalid("paths", "every path is empty"));
    }
    Ok(ChannelSwitching {
        journeys,
        multi_channel: multi,
        multi_channel_share: multi as f64 / journeys as f64,
        switches,
        transitions: pairs,
        channels,
        matrix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_transitions_sankey_switching() {
        let p = vec![
            vec!["web", "email", "web"],
            vec!["web", "email", "web"],
            vec!["email"],
            vec!["web", "web"],
        ];
        let top = top_paths(&p, 2, PathOptions::default()).unwrap();
        assert_eq!(top[0].path, ["web", "email", "web"]);
        assert_eq!(top[0].count, 2);
        assert_eq!(top[1].path, ["email"]);
        let collapsed = PathOptions {
            collapse_repeats: true,
            max_length: Some(1),
        };
        let top = top_paths(&p, 5, collapsed).unwrap();
        assert_eq!((top[0].path.clone(), top[0].count), (vec!["web".into()], 3));
        let next = transitions(&p, "web", Direction::Next);
        assert_eq!(next[0].item, END);
        assert_eq!(next[0].count, 3);
        assert_eq!(next[1].item, "email");
        let prev = transitions(&p, "web", Direction::Previous);
        assert_eq!((prev[0].item.as_str(), prev[0].count), (START, 3));
        let edges = sankey_edges(&p, 2);
        assert_eq!(edges[0].source, "web");
        assert_eq!(edges[0].target, "email");
        assert_eq!(edges[0].count, 2);
        let sw = channel_switching(&p).unwrap();
        assert_eq!(sw.multi_channel, 2);
        assert_eq!(sw.channels, ["email", "web"]);
        assert_eq!(sw.matrix, vec![vec![0, 2], vec![2, 1]]);
        assert_eq!(sw.switches, 4);
        let by = paths_by_customer(&["b", "a", "b"], &[2, 5, 1], &["x", "y", "z"]).unwrap();
        assert_eq!(by[0].customer, "a");
        assert_eq!(by[1].items, ["z", "x"]);
    }
}
