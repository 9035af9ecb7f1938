//! Journeys over interned channels, the fast input of the attribution models, and journeys
//! given as path strings (`"search > email > web"`, the layout `ChannelAttribution` reads),
//! aggregated by distinct path before any model runs.
//!
//! Bindings read one Python or JS string per touch or per path; turning each into a Rust
//! `String` costs more than the models. They intern instead: every distinct channel name (or
//! path string) becomes a `u32` once, and the models work on ids. Identical path strings add
//! their counts into one weighted path, which changes no credit beyond rounding: every model
//! is linear in the counts of a path. With whole-number counts the Markov and Shapley credits
//! are the same bits as path by path (their sums of counts are exact); rule-based credits may
//! differ in the last bits (a share times a summed count instead of a sum of products).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::{CxError, Result, check_len_at_least, check_same_len};

/// Journeys as channel ids into a table of names, back to back: path `i` is
/// `ids[offsets[i]..offsets[i + 1]]`. The input of
/// [`attribution_interned`](crate::journey::attribution_interned).
#[derive(Debug, Clone, Copy)]
pub struct ChannelPaths<'a> {
    /// Channel names (distinct, any order); ids index this table.
    pub channels: &'a [String],
    /// Channel ids of all paths, in time order within each path.
    pub ids: &'a [u32],
    /// Where each path starts in `ids`, and the end: `paths + 1` non-decreasing offsets
    /// from 0 to `ids.len()`.
    pub offsets: &'a [usize],
    /// Conversions per path (finite, >= 0; aggregated counts allowed).
    pub conversions: &'a [f64],
    /// Non-converting journeys per path (Markov only; default 0).
    pub nulls: Option<&'a [f64]>,
    /// Conversion value per path (finite, >= 0).
    pub values: Option<&'a [f64]>,
    /// Time of each touch per path, non-decreasing, in the unit of the half-life.
    pub times: Option<&'a [Vec<f64>]>,
}

/// Owned interned journeys, as [`aggregate_path_strings`] and [`path_strings`] build them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InternedPaths {
    /// Channel names, in order of first appearance.
    pub channels: Vec<String>,
    /// Channel ids of all paths, back to back.
    pub ids: Vec<u32>,
    /// Path offsets into `ids` (one more than the paths).
    pub offsets: Vec<usize>,
    /// Conversions per path.
    pub conversions: Vec<f64>,
    /// Non-converting journeys per path, when given.
    pub nulls: Option<Vec<f64>>,
    /// Conversion value per path, when given.
    pub values: Option<Vec<f64>>,
}

impl InternedPaths {
    /// The paths as the attribution models read them.
    pub fn as_paths(&self) -> ChannelPaths<'_> {
        ChannelPaths {
            channels: &self.channels,
            ids: &self.ids,
            offsets: &self.offsets,
            conversions: &self.conversions,
            nulls: self.nulls.as_deref(),
            values: self.values.as_deref(),
            times: None,
        }
    }

    /// Number of (distinct) paths.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Whether there is no path.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A fast hasher for short strings (8 bytes per multiply, a 128-bit multiply to finish;
/// `SipHash`'s cost showed when interning the channels of many distinct paths, and when the
/// Python binding deduplicates a million path strings). Not for keys an adversary picks.
#[derive(Default)]
pub struct NameHasher(u64);

impl NameHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0 ^ word)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

impl Hasher for NameHasher {
    fn finish(&self) -> u64 {
        let m = u128::from(self.0) * u128::from(0xA076_1D64_78BD_642F_u64);
        (m as u64) ^ ((m >> 64) as u64)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.mix(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        let mut b = [0u8; 8];
        b[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(b) ^ ((bytes.len() as u64) << 56));
    }
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }
}

/// Splits `text` at `sep`: a one-character separator is searched as a `char` (faster than
/// the substring searcher); the pieces are the same either way.
fn split_at_sep<'t>(
    text: &'t str,
    sep: &str,
    mut f: impl FnMut(&'t str) -> Result<()>,
) -> Result<()> {
    let mut chars = sep.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => text.split(c).try_for_each(&mut f),
        _ => text.split(sep).try_for_each(&mut f),
    }
}

fn check_counts(field: &str, v: &[f64], n: usize) -> Result<()> {
    check_same_len("paths", n, field, v.len())?;
    if let Some(i) = v.iter().position(|x| !x.is_finite() || *x < 0.0) {
        return Err(CxError::invalid_at(
            field,
            i,
            v[i],
            "must be a finite number >= 0",
        ));
    }
    Ok(())
}

/// Up to this many channels, [`aggregate_path_strings`] finds names by a linear scan.
const FEW_CHANNELS: usize = 16;

/// Journeys given as path strings, one per row, already reduced to their distinct strings:
/// row `i` follows the path `distinct[rows[i]]`, a string of channel names joined by `sep`
/// (e.g. `"search > email > web"` with `sep = ">"`; names are trimmed). Splits each distinct
/// path once, interns the channel names and adds up the counts of the rows of each path (in
/// row order). Paths no row uses are dropped.
///
/// # Errors
/// [`CxError::InvalidInput`] for an empty `sep`, no rows, a row pointing past `distinct`,
/// lengths that differ, a negative or non-finite count (naming its row), and an empty path
/// or channel name (naming the first row with it).
///
/// ```
/// use cx_core::journey::{aggregate_path_strings, attribution_interned, AttributionModel};
///
/// let distinct = ["email > web", "web"];
/// let rows = [0, 1, 0];
/// let p = aggregate_path_strings(&distinct, &rows, ">", &[1.0, 0.0, 1.0], None, None)?;
/// assert_eq!(p.conversions, [2.0, 0.0]);
/// let r = attribution_interned(&p.as_paths(), AttributionModel::Linear)?;
/// assert_eq!(r.credit("email"), 1.0);
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn aggregate_path_strings<S: AsRef<str>>(
    distinct: &[S],
    rows: &[u32],
    sep: &str,
    conversions: &[f64],
    nulls: Option<&[f64]>,
    values: Option<&[f64]>,
) -> Result<InternedPaths> {
    if sep.is_empty() {
        return Err(CxError::invalid("sep", "the separator must not be empty"));
    }
    let n = rows.len();
    check_len_at_least("paths", n, 1)?;
    check_counts("conversions", conversions, n)?;
    if let Some(v) = nulls {
        check_counts("nulls", v, n)?;
    }
    if let Some(v) = values {
        check_counts("values", v, n)?;
    }
    if let Some(i) = rows.iter().position(|&r| r as usize >= distinct.len()) {
        return Err(CxError::invalid_at(
            "paths",
            i,
            rows[i],
            format!("path index beyond the {} distinct paths", distinct.len()),
        ));
    }
    // Distinct paths numbered in order of their first row.
    let mut slot = vec![u32::MAX; distinct.len()];
    let mut first_row = Vec::new();
    for (i, &r) in rows.iter().enumerate() {
        if slot[r as usize] == u32::MAX {
            slot[r as usize] = first_row.len() as u32;
            first_row.push(i);
        }
    }
    let k = first_row.len();
    let mut out = InternedPaths {
        conversions: vec![0.0; k],
        nulls: nulls.map(|_| vec![0.0; k]),
        values: values.map(|_| vec![0.0; k]),
        ..InternedPaths::default()
    };
    let texts: Vec<(usize, &str)> = first_row
        .iter()
        .map(|&row| (row, distinct[rows[row] as usize].as_ref()))
        .collect();
    let split = split_all(&texts, sep)?;
    out.channels = split.names.iter().map(|s| (*s).to_string()).collect();
    out.ids = split.ids;
    out.offsets = std::iter::once(0).chain(split.ends).collect();
    for (i, &r) in rows.iter().enumerate() {
        let p = slot[r as usize] as usize;
        out.conversions[p] += conversions[i];
        if let (Some(o), Some(v)) = (out.nulls.as_mut(), nulls) {
            o[p] += v[i];
        }
        if let (Some(o), Some(v)) = (out.values.as_mut(), values) {
            o[p] += v[i];
        }
    }
    Ok(out)
}

/// The channels of some distinct paths: the names in order of first appearance, each path's
/// channel numbers back to back, and where each path ends in `ids`.
struct Split<'t> {
    names: Vec<&'t str>,
    ids: Vec<u32>,
    ends: Vec<usize>,
}

/// Distinct paths from which [`split_all`] splits two halves on two threads.
#[cfg(feature = "parallel")]
const PARALLEL_PATHS: usize = 1 << 13;

/// Splits `(first row, text)` paths into channels (in order: the same numbering as one pass),
/// two halves on two threads when there are many; an error names the first bad row.
fn split_all<'t>(texts: &[(usize, &'t str)], sep: &str) -> Result<Split<'t>> {
    #[cfg(feature = "parallel")]
    if texts.len() >= PARALLEL_PATHS {
        let (a, b) = texts.split_at(texts.len() / 2);
        let (first, second) = rayon::join(|| split_paths(a, sep), || split_paths(b, sep));
        // The first half's rows come first: its error, if any, is the first bad row.
        let mut first = first?;
        let second = second?;
        // The second half's names in the first's numbering; new ones follow in their order.
        let mut index: HashMap<&str, u32, BuildHasherDefault<NameHasher>> = first
            .names
            .iter()
            .enumerate()
            .map(|(k, &c)| (c, k as u32))
            .collect();
        let remap: Vec<u32> = second
            .names
            .iter()
            .map(|&c| {
                *index.entry(c).or_insert_with(|| {
                    first.names.push(c);
                    (first.names.len() - 1) as u32
                })
            })
            .collect();
        let base = first.ids.len();
        first
            .ids
            .extend(second.ids.iter().map(|&k| remap[k as usize]));
        first.ends.extend(second.ends.iter().map(|&e| e + base));
        return Ok(first);
    }
    split_paths(texts, sep)
}

/// [`split_all`] on one thread.
fn split_paths<'t>(texts: &[(usize, &'t str)], sep: &str) -> Result<Split<'t>> {
    let mut index: HashMap<&str, u32, BuildHasherDefault<NameHasher>> = HashMap::default();
    let mut out = Split {
        names: Vec::new(),
        ids: Vec::with_capacity(4 * texts.len()),
        ends: Vec::with_capacity(texts.len()),
    };
    for &(row, text) in texts {
        if text.trim().is_empty() {
            return Err(CxError::invalid_at(
                "paths",
                row,
                format!("{text:?}"),
                "a path needs at least one channel",
            ));
        }
        split_at_sep(text, sep, |name| {
            let name = name.trim();
            if name.is_empty() {
                return Err(CxError::invalid_at(
                    "paths",
                    row,
                    format!("{text:?}"),
                    "channel name is empty",
                ));
            }
            // A handful of channels (the usual case) are found by a scan of their names,
            // cheaper than hashing each name; the map takes over beyond that.
            let names = &mut out.names;
            let found = if names.len() <= FEW_CHANNELS {
                names.iter().position(|&c| c == name).map(|k| k as u32)
            } else {
                index.get(name).copied()
            };
            let id = found.unwrap_or_else(|| {
                let id = names.len() as u32;
                names.push(name);
                if names.len() == FEW_CHANNELS + 1 {
                    index.extend(names.iter().enumerate().map(|(k, &c)| (c, k as u32)));
                } else if names.len() > FEW_CHANNELS {
                    index.insert(name, id);
                }
                id
            });
            out.ids.push(id);
            Ok(())
        })?;
        out.ends.push(out.ids.len());
    }
    Ok(out)
}

/// [`aggregate_path_strings`] from one path string per row.
///
/// # Errors
/// As [`aggregate_path_strings`].
pub fn path_strings<S: AsRef<str>>(
    paths: &[S],
    sep: &str,
    conversions: &[f64],
    nulls: Option<&[f64]>,
    values: Option<&[f64]>,
) -> Result<InternedPaths> {
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut distinct: Vec<&str> = Vec::new();
    let rows: Vec<u32> = paths
        .iter()
        .map(|p| {
            let p = p.as_ref();
            *index.entry(p).or_insert_with(|| {
                distinct.push(p);
                (distinct.len() - 1) as u32
            })
        })
        .collect();
    aggregate_path_strings(&distinct, &rows, sep, conversions, nulls, values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::{AttributionModel, PathData, attribution, attribution_interned};

    /// Path strings give the same Markov and Shapley credits, bit for bit, as the same
    /// journeys as lists (whole-number counts), and the same rule-based ones to rounding.
    #[test]
    fn path_strings_match_lists() {
        let lists: Vec<Vec<&str>> = vec![
            vec!["search", "email", "web"],
            vec!["web"],
            vec!["search", "email", "web"],
            vec!["email", "search"],
            vec!["web"],
        ];
        let strings: Vec<String> = lists.iter().map(|p| p.join(" > ")).collect();
        let conv = [1.0, 0.0, 2.0, 1.0, 1.0];
        let nulls = [3.0, 4.0, 0.0, 1.0, 2.0];
        for model in [
            AttributionModel::Markov { order: 1 },
            AttributionModel::Markov { order: 2 },
            AttributionModel::Shapley,
            AttributionModel::Linear,
        ] {
            let want = attribution(&PathData::new(&lists, &conv).nulls(&nulls), model).unwrap();
            let p = path_strings(&strings, ">", &conv, Some(&nulls), None).unwrap();
            assert_eq!(p.len(), 3);
            let got = attribution_interned(&p.as_paths(), model).unwrap();
            if model == AttributionModel::Linear {
                for (g, w) in got.channels.iter().zip(&want.channels) {
                    assert_eq!(g.channel, w.channel);
                    approx::assert_relative_eq!(g.conversions, w.conversions, max_relative = 1e-14);
                }
            } else {
                assert_eq!(got, want, "{model:?}");
            }
        }
    }

    /// Beyond `FEW_CHANNELS` names the interning moves from a scan to the map: every name
    /// keeps one id, and each path reads back as its names.
    #[test]
    fn many_channels_keep_one_id_each() {
        let names: Vec<String> = (0..3 * FEW_CHANNELS).map(|k| format!("ch{k}")).collect();
        let strings: Vec<String> = (0..200)
            .map(|i| {
                let len = 1 + i % 5;
                (0..len)
                    .map(|j| names[(i * 7 + j * 11) % names.len()].as_str())
                    .collect::<Vec<_>>()
                    .join(" > ")
            })
            .collect();
        let conv = vec![1.0; strings.len()];
        let p = path_strings(&strings, ">", &conv, None, None).unwrap();
        let mut seen = p.channels.clone();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), p.channels.len(), "a name got two ids");
        assert_eq!(p.channels.len(), names.len());
        let mut distinct = strings.clone();
        distinct.sort();
        distinct.dedup();
        for k in 0..p.offsets.len() - 1 {
            let path: Vec<&str> = p.ids[p.offsets[k]..p.offsets[k + 1]]
                .iter()
                .map(|&id| p.channels[id as usize].as_str())
                .collect();
            assert!(distinct.binary_search(&path.join(" > ")).is_ok());
        }
    }

    /// Two halves on two threads number the channels as one pass does, and name the first
    /// bad row (run with `--features parallel` for the threaded path).
    #[test]
    fn split_in_halves_equals_one_pass() {
        let names: Vec<String> = (0..40).map(|k| format!("c{k}")).collect();
        let texts: Vec<String> = (0..20_000)
            .map(|i: usize| {
                // Late channels appear only in the second half, early ones in both.
                let pool = if i < 10_000 { 20 } else { 40 };
                (0..=(i % 6))
                    .map(|j| names[(i * 13 + j * 7) % pool].as_str())
                    .collect::<Vec<_>>()
                    .join(" > ")
            })
            .collect();
        let rows: Vec<(usize, &str)> = texts.iter().map(String::as_str).enumerate().collect();
        let (one, halves) = (
            split_paths(&rows, ">").unwrap(),
            split_all(&rows, ">").unwrap(),
        );
        assert_eq!(one.names, halves.names);
        assert_eq!(one.ids, halves.ids);
        assert_eq!(one.ends, halves.ends);
        let mut bad = rows.clone();
        bad[15_000].1 = "a >  > b";
        bad[3].1 = " ";
        let e = split_all(&bad, ">").err().unwrap();
        assert!(
            matches!(e, CxError::InvalidInput { index: Some(3), .. }),
            "{e}"
        );
        bad[3].1 = "c1";
        let e = split_all(&bad, ">").err().unwrap();
        assert!(
            matches!(
                e,
                CxError::InvalidInput {
                    index: Some(15_000),
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn bad_rows_are_named() {
        let e = path_strings(&["a > b", "a >  > c"], ">", &[1.0, 1.0], None, None).unwrap_err();
        assert!(
            matches!(e, CxError::InvalidInput { index: Some(1), .. }),
            "{e}"
        );
        let e = path_strings(&["a", " "], ">", &[1.0, 1.0], None, None).unwrap_err();
        assert!(
            matches!(e, CxError::InvalidInput { index: Some(1), .. }),
            "{e}"
        );
        let e = path_strings(&["a", "a"], ">", &[1.0, -1.0], None, None).unwrap_err();
        assert_eq!(e.field(), Some("conversions"));
        let e = path_strings(&["a"], "", &[1.0], None, None).unwrap_err();
        assert_eq!(e.field(), Some("sep"));
        let e = aggregate_path_strings(&["a"], &[0, 1], ">", &[1.0, 1.0], None, None).unwrap_err();
        assert!(
            matches!(e, CxError::InvalidInput { index: Some(1), .. }),
            "{e}"
        );
    }

    #[test]
    fn interned_layout_is_checked() {
        let channels = vec!["a".to_string(), "b".to_string()];
        let base = ChannelPaths {
            channels: &channels,
            ids: &[0, 1, 1],
            offsets: &[0, 2, 3],
            conversions: &[1.0, 1.0],
            nulls: None,
            values: None,
            times: None,
        };
        let m = AttributionModel::Linear;
        let r = attribution_interned(&base, m).unwrap();
        assert_eq!(r.credit("a"), 0.5);
        assert_eq!(r.credit("b"), 1.5);
        let bad_offsets = ChannelPaths {
            offsets: &[0, 2],
            ..base
        };
        let e = attribution_interned(&bad_offsets, m).unwrap_err();
        assert_eq!(e.field(), Some("offsets"));
        let bad_id = ChannelPaths {
            ids: &[0, 2, 1],
            ..base
        };
        assert_eq!(
            attribution_interned(&bad_id, m).unwrap_err().field(),
            Some("paths")
        );
        let twice = vec!["a".to_string(), "a".to_string()];
        let dup = ChannelPaths {
            channels: &twice,
            ..base
        };
        assert_eq!(
            attribution_interned(&dup, m).unwrap_err().field(),
            Some("channels")
        );
    }
}
