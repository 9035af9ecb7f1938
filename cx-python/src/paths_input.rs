//! Attribution paths from Python, interned on the way in: reading one Rust `String` per touch
//! cost more than the Markov chain itself. Lists of channel names map each distinct `str`
//! object to a channel id once (by object identity, then by content). Path strings
//! (`"search > email"`), from a list or an object column of `str` (each row's UTF-8 text read
//! in place, the limited API of `CPython` 3.10+) or from an Arrow string column (pandas 3's `str`, read
//! in place from its UTF-8 buffer), are deduplicated in Rust without the GIL, creating no
//! Python object per row. The core splits
//! and aggregates the distinct paths (`cx_core::journey::aggregate_path_strings`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use cx_core::CxError;
use cx_core::journey::{self, InternedPaths, NameHasher};
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::errors::CxResult;
use crate::journey::wrong_type;

/// Journeys as the models read them: interned lists, or aggregated path strings.
pub enum Paths {
    /// Lists of names: channel table, ids back to back, offsets.
    Lists {
        channels: Vec<String>,
        ids: Vec<u32>,
        offsets: Vec<usize>,
    },
    /// Path strings: the distinct strings and each row's index into them.
    Strings {
        distinct: Vec<String>,
        rows: Vec<u32>,
    },
}

impl Paths {
    /// The path strings aggregated by the core (`None` for lists).
    pub fn aggregate(
        &self,
        sep: &str,
        conversions: &[f64],
        nulls: Option<&[f64]>,
        values: Option<&[f64]>,
    ) -> CxResult<Option<InternedPaths>> {
        match self {
            Self::Lists { .. } => Ok(None),
            Self::Strings { distinct, rows } => Ok(Some(journey::aggregate_path_strings(
                distinct,
                rows,
                sep,
                conversions,
                nulls,
                values,
            )?)),
        }
    }
}

/// Hashes object addresses (multiply and fold: addresses are 16-byte aligned).
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_usize(&mut self, x: usize) {
        self.0 = (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Distinct `str` objects remembered by address (each kept alive while remembered, so an
/// address cannot be reused by another string); beyond this many, names go by content only.
const MAX_REMEMBERED: usize = 1 << 16;

/// Channel names to ids: by object address first, by content on a miss.
struct Interner<'py> {
    by_address: HashMap<usize, u32, BuildHasherDefault<AddressHasher>>,
    by_name: HashMap<String, u32>,
    names: Vec<String>,
    alive: Vec<Bound<'py, PyAny>>,
}

impl<'py> Interner<'py> {
    fn id(&mut self, item: &Bound<'py, PyAny>, path: usize) -> CxResult<u32> {
        let address = item.as_ptr() as usize;
        if let Some(&id) = self.by_address.get(&address) {
            return Ok(id);
        }
        let s = item.cast::<PyString>().map_err(|_| {
            wrong_type(
                "paths",
                Some(path),
                &format!(
                    "a channel name must be a string, got {}",
                    item.repr().map_or_else(|_| "?".into(), |r| r.to_string())
                ),
            )
        })?;
        let name = s
            .to_str()
            .map_err(|e| CxError::invalid_at("paths", path, "?", e.to_string()))?;
        let id = if let Some(&id) = self.by_name.get(name) {
            id
        } else {
            let id = u32::try_from(self.names.len())
                .map_err(|_| CxError::invalid("paths", "more than 2^32 channel names"))?;
            self.by_name.insert(name.to_string(), id);
            self.names.push(name.to_string());
            id
        };
        if self.by_address.len() < MAX_REMEMBERED {
            self.by_address.insert(address, id);
            self.alive.push(item.clone());
        }
        Ok(id)
    }
}

fn not_a_path(i: usize, o: &Bound<'_, PyAny>) -> CxError {
    wrong_type(
        "paths",
        Some(i),
        &format!(
            "expected a sequence of channel names, got {}",
            o.repr().map_or_else(|_| "?".into(), |r| r.to_string())
        ),
    )
}

/// Reads `paths`: a sequence of paths, each a sequence of channel names, or (when the first
/// path is a `str`) a sequence of path strings.
pub fn read_paths(obj: &Bound<'_, PyAny>) -> CxResult<Paths> {
    if obj.is_instance_of::<PyString>() || obj.is_none() {
        return Err(not_a_path_list(obj));
    }
    // An object array of path strings (a pandas object column's values) is read as it is:
    // no list of a million items first.
    if let Ok(arr) = obj.cast::<PyArray1<Py<PyAny>>>() {
        let arr = arr.readonly();
        let py = obj.py();
        if let Ok(items) = arr.as_slice()
            && items
                .first()
                .is_some_and(|first| first.bind(py).is_instance_of::<PyString>())
        {
            return read_strings(items.iter().map(|o| o.bind(py).clone()));
        }
    }
    let items: Bound<'_, PyList> = if let Ok(l) = obj.cast::<PyList>() {
        l.clone()
    } else {
        let it = obj.try_iter().map_err(|_| not_a_path_list(obj))?;
        let v = it
            .collect::<PyResult<Vec<_>>>()
            .map_err(|e| CxError::invalid("paths", e.to_string()))?;
        PyList::new(obj.py(), v).map_err(|e| CxError::invalid("paths", e.to_string()))?
    };
    let strings = items
        .get_item(0)
        .is_ok_and(|first| first.is_instance_of::<PyString>());
    if strings {
        read_strings(items.iter())
    } else {
        read_lists(&items)
    }
}

fn not_a_path_list(obj: &Bound<'_, PyAny>) -> CxError {
    wrong_type(
        "paths",
        None,
        &format!(
            "expected a sequence of paths, got {}",
            obj.repr().map_or_else(|_| "?".into(), |r| r.to_string())
        ),
    )
}

fn read_lists(items: &Bound<'_, PyList>) -> CxResult<Paths> {
    let mut interner = Interner {
        by_address: HashMap::default(),
        by_name: HashMap::new(),
        names: Vec::new(),
        alive: Vec::new(),
    };
    let mut ids = Vec::new();
    let mut offsets = Vec::with_capacity(items.len() + 1);
    offsets.push(0);
    for (i, path) in items.iter().enumerate() {
        if let Ok(l) = path.cast::<PyList>() {
            for item in l.iter() {
                ids.push(interner.id(&item, i)?);
            }
        } else if let Ok(t) = path.cast::<PyTuple>() {
            for item in t.iter() {
                ids.push(interner.id(&item, i)?);
            }
        } else {
            if path.is_instance_of::<PyString>() || path.is_none() {
                return Err(not_a_path(i, &path));
            }
            for item in path.try_iter().map_err(|_| not_a_path(i, &path))? {
                let item = item.map_err(|e| CxError::invalid_at("paths", i, "?", e.to_string()))?;
                ids.push(interner.id(&item, i)?);
            }
        }
        offsets.push(ids.len());
    }
    Ok(Paths::Lists {
        channels: interner.names,
        ids,
        offsets,
    })
}

/// Rows from which path strings are deduplicated on two threads.
const PARALLEL_ROWS: usize = 1 << 16;

/// An empty slot of the [`Dedupe`] table.
const EMPTY: u64 = 0;

/// The hash of a path string.
#[inline]
fn hash_text(s: &str) -> u64 {
    let mut h = NameHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// Distinct strings in order of first appearance, and each row's index into them.
///
/// Open addressing with linear probing over 8-byte slots, each the top 32 bits of a string's
/// hash and its number + 1 (0: empty): 129k distinct paths take a 2 MB table that mostly
/// stays in cache, and a string is compared only when its 32-bit tag matches.
struct Dedupe<'a> {
    slots: Vec<u64>,
    distinct: Vec<&'a str>,
    rows: Vec<u32>,
}

impl<'a> Dedupe<'a> {
    fn with_rows(n: usize) -> Self {
        Self {
            slots: vec![EMPTY; 1024],
            distinct: Vec::new(),
            rows: Vec::with_capacity(n),
        }
    }

    /// The slot where `text` (of hash `hash`) is, or the empty slot where it goes.
    #[inline]
    fn find(&self, hash: u64, text: &str) -> usize {
        let mask = self.slots.len() - 1;
        let tag = hash >> 32;
        let mut at = (hash as usize) & mask;
        loop {
            let slot = self.slots[at];
            if slot == EMPTY
                || (slot >> 32 == tag && self.distinct[(slot as u32 - 1) as usize] == text)
            {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    #[inline]
    fn push(&mut self, s: &'a str) -> CxResult<()> {
        let hash = hash_text(s);
        let at = self.find(hash, s);
        let id = if self.slots[at] == EMPTY {
            // Numbers + 1 fit in the slot's 32 bits: at most 2^32 - 1 distinct paths.
            let id = u32::try_from(self.distinct.len())
                .ok()
                .filter(|&id| id != u32::MAX)
                .ok_or_else(|| CxError::invalid("paths", "more than 2^32 - 1 distinct paths"))?;
            self.slots[at] = (hash >> 32 << 32) | u64::from(id + 1);
            self.distinct.push(s);
            if 2 * self.distinct.len() > self.slots.len() {
                self.grow();
            }
            id
        } else {
            (self.slots[at] as u32) - 1
        };
        self.rows.push(id);
        Ok(())
    }

    /// Quadruples the table, placing every distinct string again by its hash.
    fn grow(&mut self) {
        self.slots = vec![EMPTY; self.slots.len() * 4];
        let mask = self.slots.len() - 1;
        for (id, s) in self.distinct.iter().enumerate() {
            let hash = hash_text(s);
            let mut at = (hash as usize) & mask;
            while self.slots[at] != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = (hash >> 32 << 32) | (id as u64 + 1);
        }
    }

    /// Adds the rows of `other` (deduplicated on their own, rows after these).
    fn append(&mut self, other: Self) -> CxResult<()> {
        let mut remap = Vec::with_capacity(other.distinct.len());
        for s in other.distinct {
            let before = self.rows.len();
            self.push(s)?;
            remap.push(self.rows[before]);
            self.rows.truncate(before);
        }
        self.rows
            .extend(other.rows.iter().map(|&k| remap[k as usize]));
        Ok(())
    }

    /// Deduplicates `rows` strings given by `row(i)`: in two halves on two threads when
    /// there are many, merged in row order (the same numbering as one pass).
    fn run(n: usize, row: impl Fn(usize) -> &'a str + Sync) -> CxResult<Self> {
        let part = |lo: usize, hi: usize| -> CxResult<Self> {
            let mut d = Self::with_rows(hi - lo);
            for i in lo..hi {
                d.push(row(i))?;
            }
            Ok(d)
        };
        if n < PARALLEL_ROWS {
            return part(0, n);
        }
        let (first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| part(n / 2, n));
            let first = part(0, n / 2);
            (first, second.join())
        });
        let mut d = first?;
        let second =
            second.map_err(|_| CxError::Internal("path dedupe thread panicked".into()))??;
        d.rows.reserve(second.rows.len());
        d.append(second)?;
        Ok(d)
    }

    fn into_paths(self) -> Paths {
        Paths::Strings {
            distinct: self.distinct.into_iter().map(str::to_string).collect(),
            rows: self.rows,
        }
    }
}

/// Path strings given as one UTF-8 buffer and `n + 1` offsets (a pandas Arrow string column
/// without nulls, read in place by the Python layer): `(data, offsets)`, `data` a `uint8`
/// array, `offsets` an `int32` or `int64` array.
pub fn read_path_buffers(obj: &Bound<'_, PyAny>) -> CxResult<Paths> {
    let bad = |why: &str| CxError::invalid("paths", format!("path string buffers: {why}"));
    let (data, offsets): (Bound<'_, PyAny>, Bound<'_, PyAny>) = obj
        .extract()
        .map_err(|_| bad("expected a (data, offsets) pair"))?;
    let data: PyReadonlyArray1<'_, u8> = data
        .extract()
        .map_err(|_| bad("data must be a uint8 array"))?;
    let offsets: Vec<i64> = if let Ok(o) = offsets.extract::<PyReadonlyArray1<'_, i64>>() {
        o.as_array().to_vec()
    } else if let Ok(o) = offsets.extract::<PyReadonlyArray1<'_, i32>>() {
        o.as_array().iter().map(|&x| i64::from(x)).collect()
    } else {
        return Err(bad("offsets must be an int32 or int64 array"));
    };
    let data = data
        .as_slice()
        .map_err(|_| bad("data must be contiguous"))?;
    let (Some(&lo), Some(&hi)) = (offsets.first(), offsets.last()) else {
        return Err(bad("offsets must not be empty"));
    };
    if lo < 0 || hi as u64 > data.len() as u64 || offsets.windows(2).any(|w| w[1] < w[0]) {
        return Err(bad("offsets must be non-decreasing and within the data"));
    }
    let text = std::str::from_utf8(&data[lo as usize..hi as usize])
        .map_err(|e| bad(&format!("not UTF-8 ({e})")))?;
    let n = offsets.len() - 1;
    if let Some(i) = offsets
        .iter()
        .position(|&o| !text.is_char_boundary((o - lo) as usize))
    {
        return Err(bad(&format!("offset {i} splits a character")));
    }
    let row = |i: usize| &text[(offsets[i] - lo) as usize..(offsets[i + 1] - lo) as usize];
    Ok(Dedupe::run(n, row)?.into_paths())
}

fn read_strings<'py>(items: impl Iterator<Item = Bound<'py, PyAny>>) -> CxResult<Paths> {
    // Each row's UTF-8 text is borrowed in place (CPython keeps it with the `str`; ASCII
    // strings are their own UTF-8), the strings kept alive by `held`; the deduplication then
    // runs without the GIL, in Rust, like an Arrow column's: no dict lookup per row.
    let held: Vec<Bound<'py, PyString>> = items
        .enumerate()
        .map(|(i, item)| {
            item.cast_into::<PyString>().map_err(|e| {
                let item = e.into_inner();
                wrong_type(
                    "paths",
                    Some(i),
                    &format!(
                        "expected a path string like \"a > b\" (the first path is one), got {}",
                        item.repr().map_or_else(|_| "?".into(), |r| r.to_string())
                    ),
                )
            })
        })
        .collect::<CxResult<_>>()?;
    let texts = held
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.to_str()
                .map_err(|e| CxError::invalid_at("paths", i, "?", e.to_string()))
        })
        .collect::<CxResult<Vec<&str>>>()?;
    let Some(first) = held.first() else {
        return Err(CxError::invalid("paths", "no paths"));
    };
    let dedupe = first
        .py()
        .detach(|| Dedupe::run(texts.len(), |i| texts[i]))?;
    Ok(dedupe.into_paths())
}
