//! Attribution paths from Python, interned on the way in: reading one Rust `String` per touch
//! cost more than the Markov chain itself. Lists of channel names map each distinct `str`
//! object to a channel id once (by object identity, then by content); path strings
//! (`"search > email"`) map each distinct string once (a dict lookup per row) and the core
//! splits and aggregates the distinct ones (`cx_core::journey::aggregate_path_strings`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use cx_core::CxError;
use cx_core::journey::{self, InternedPaths};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

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
            .to_cow()
            .map_err(|e| CxError::invalid_at("paths", path, "?", e.to_string()))?;
        let id = if let Some(&id) = self.by_name.get(name.as_ref()) {
            id
        } else {
            let id = u32::try_from(self.names.len())
                .map_err(|_| CxError::invalid("paths", "more than 2^32 channel names"))?;
            self.by_name.insert(name.to_string(), id);
            self.names.push(name.into_owned());
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
        read_strings(&items)
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

fn read_strings(items: &Bound<'_, PyList>) -> CxResult<Paths> {
    let py = items.py();
    let seen = PyDict::new(py);
    let mut distinct: Vec<Bound<'_, PyString>> = Vec::new();
    let mut rows = Vec::with_capacity(items.len());
    let err = |i: usize, e: PyErr| CxError::invalid_at("paths", i, "?", e.to_string());
    for (i, item) in items.iter().enumerate() {
        let s = item.cast::<PyString>().map_err(|_| {
            wrong_type(
                "paths",
                Some(i),
                &format!(
                    "expected a path string like \"a > b\" (the first path is one), got {}",
                    item.repr().map_or_else(|_| "?".into(), |r| r.to_string())
                ),
            )
        })?;
        if let Some(k) = seen.get_item(s).map_err(|e| err(i, e))? {
            rows.push(k.extract::<u32>().map_err(|e| err(i, e))?);
        } else {
            let k = u32::try_from(distinct.len())
                .map_err(|_| CxError::invalid("paths", "more than 2^32 distinct paths"))?;
            seen.set_item(s, k).map_err(|e| err(i, e))?;
            distinct.push(s.clone());
            rows.push(k);
        }
    }
    let distinct = distinct
        .iter()
        .enumerate()
        .map(|(k, s)| {
            s.to_cow().map(std::borrow::Cow::into_owned).map_err(|e| {
                let row = rows.iter().position(|&r| r as usize == k).unwrap_or(0);
                err(row, e)
            })
        })
        .collect::<CxResult<Vec<String>>>()?;
    Ok(Paths::Strings { distinct, rows })
}
