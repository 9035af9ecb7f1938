//! Reading arguments: typed accessors over [`Val`] that name the field (and the index) in
//! every error. They decide only whether a value has the right *type*; whether a number is
//! a valid level or count is the core's decision.

use chrono::{DateTime, Utc};
use cx_core::CxError;
use cx_core::domain::{Timestamp, parse_timestamp};
use cx_core::survey::Period;

use crate::val::Val;

/// Results of this crate.
pub type Result<T> = std::result::Result<T, CxError>;

/// An invalid-input error for `field` (and `index`), quoting the offending value.
pub fn invalid(field: &str, index: Option<usize>, value: &Val, reason: &str) -> CxError {
    CxError::InvalidInput {
        field: field.into(),
        index,
        value: Some(value.describe()),
        reason: reason.into(),
    }
}

/// Renames the field an error names (`customers` → `events.customer`), keeping the rest.
pub fn rename(e: CxError, from: &str, to: &str) -> CxError {
    match e {
        CxError::InvalidInput {
            field,
            index,
            value,
            reason,
        } if field == from => CxError::InvalidInput {
            field: to.into(),
            index,
            value,
            reason,
        },
        CxError::Empty { field, needed, got } if field == from => CxError::Empty {
            field: to.into(),
            needed,
            got,
        },
        CxError::LengthMismatch {
            left,
            left_len,
            right,
            right_len,
        } => CxError::LengthMismatch {
            left: if left == from { to.into() } else { left },
            left_len,
            right: if right == from { to.into() } else { right },
            right_len,
        },
        other => other,
    }
}

/// A number.
pub fn number(field: &str, v: &Val) -> Result<f64> {
    match v {
        Val::Num(x) => Ok(*x),
        other => Err(invalid(field, None, other, "expected a number")),
    }
}

/// A whole number ≥ 0 that a JS number holds exactly.
pub fn whole(field: &str, v: &Val) -> Result<u64> {
    match v {
        Val::Num(x) if x.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(x) => {
            Ok(*x as u64)
        }
        other => Err(invalid(field, None, other, "expected a whole number ≥ 0")),
    }
}

/// A whole number ≥ 0 that fits a `u32` (periods, counts of purchases or opportunities,
/// months), from a number already read.
pub fn count(field: &str, x: f64) -> Result<u32> {
    u32::try_from(whole(field, &Val::Num(x))?).map_err(|_| {
        invalid(
            field,
            None,
            &Val::Num(x),
            "expected a whole number ≤ 4294967295",
        )
    })
}

/// A boolean.
pub fn boolean(field: &str, v: &Val) -> Result<bool> {
    match v {
        Val::Bool(b) => Ok(*b),
        other => Err(invalid(field, None, other, "expected a boolean")),
    }
}

/// A string.
pub fn string<'a>(field: &str, v: &'a Val) -> Result<&'a str> {
    match v {
        Val::Str(s) => Ok(s),
        other => Err(invalid(field, None, other, "expected a string")),
    }
}

/// An array of numbers or a typed array, as `f64` (NaN kept for the core to reject).
pub fn numbers(field: &str, v: &Val) -> Result<Vec<f64>> {
    match v {
        Val::Nums(x) => Ok(x.clone()),
        Val::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| match x {
                Val::Num(x) => Ok(*x),
                other => Err(invalid(field, Some(i), other, "expected a number")),
            })
            .collect(),
        other => Err(invalid(
            field,
            None,
            other,
            "expected an array of numbers or a Float64Array",
        )),
    }
}

/// An array of `0`/`1` numbers or booleans (event indicators), as `f64`.
pub fn indicators(field: &str, v: &Val) -> Result<Vec<f64>> {
    match v {
        Val::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| match x {
                Val::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
                Val::Num(x) => Ok(*x),
                other => Err(invalid(field, Some(i), other, "expected true/false or 1/0")),
            })
            .collect(),
        other => numbers(field, other),
    }
}

/// One label: a string, or a whole number written as one (customer ids are often numbers).
pub fn label(field: &str, index: Option<usize>, v: &Val) -> Result<String> {
    match v {
        Val::Str(s) => Ok(s.clone()),
        Val::Num(x) if x.is_finite() => Ok(x.to_string()),
        other => Err(invalid(field, index, other, "expected a string")),
    }
}

/// An array of labels (strings, or numbers used as ids).
pub fn strings(field: &str, v: &Val) -> Result<Vec<String>> {
    match v {
        Val::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| label(field, Some(i), x))
            .collect(),
        Val::Nums(x) => Ok(x.iter().map(f64::to_string).collect()),
        other => Err(invalid(field, None, other, "expected an array of strings")),
    }
}

/// An array of arrays of labels (journeys as channel paths).
pub fn string_lists(field: &str, v: &Val) -> Result<Vec<Vec<String>>> {
    match v {
        Val::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| match x {
                Val::Arr(inner) => inner
                    .iter()
                    .map(|y| label(field, Some(i), y))
                    .collect::<Result<Vec<_>>>(),
                other => Err(invalid(
                    field,
                    Some(i),
                    other,
                    "expected an array of strings",
                )),
            })
            .collect(),
        other => Err(invalid(
            field,
            None,
            other,
            "expected an array of arrays of strings",
        )),
    }
}

/// A point in time: a `Date`, epoch milliseconds or an ISO-8601 / `YYYY-MM-DD` string.
pub fn timestamp(field: &str, index: Option<usize>, v: &Val) -> Result<Timestamp> {
    let millis = |ms: f64| {
        if ms.is_finite() && ms.fract() == 0.0 {
            DateTime::<Utc>::from_timestamp_millis(ms as i64)
        } else {
            None
        }
    };
    match v {
        Val::Date(ms) | Val::Num(ms) => millis(*ms).ok_or_else(|| {
            invalid(
                field,
                index,
                v,
                "expected a valid Date or epoch milliseconds",
            )
        }),
        Val::Str(s) => parse_timestamp(s).map_err(|_| {
            invalid(
                field,
                index,
                v,
                "expected an ISO-8601 date or date-time (e.g. 2026-01-31 or 2026-01-31T09:00:00Z)",
            )
        }),
        other => Err(invalid(
            field,
            index,
            other,
            "expected a Date, epoch milliseconds or an ISO-8601 string",
        )),
    }
}

/// An array of points in time (see [`timestamp`]).
pub fn timestamps(field: &str, v: &Val) -> Result<Vec<Timestamp>> {
    match v {
        Val::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| timestamp(field, Some(i), x))
            .collect(),
        Val::Nums(x) => x
            .iter()
            .enumerate()
            .map(|(i, ms)| timestamp(field, Some(i), &Val::Num(*ms)))
            .collect(),
        other => Err(invalid(
            field,
            None,
            other,
            "expected an array of timestamps",
        )),
    }
}

/// A calendar period from `"D"`/`"day"`, `"W"`/`"week"`, `"M"`/`"month"`.
pub fn period(field: &str, v: &Val) -> Result<Period> {
    string(field, v)?.parse().map_err(|_| {
        invalid(
            field,
            None,
            v,
            "expected \"D\", \"W\" or \"M\" (day, ISO week, month)",
        )
    })
}

/// An options object: `undefined`/`null` is no options; a key outside `allowed` is an error
/// (a misspelt option never passes silently).
pub struct Options<'a> {
    pairs: &'a [(String, Val)],
}

impl<'a> Options<'a> {
    /// Reads `v` as the options argument, accepting only the keys in `allowed`.
    pub fn read(v: &'a Val, allowed: &[&str]) -> Result<Self> {
        let pairs: &[(String, Val)] = match v {
            Val::Undefined | Val::Null => &[],
            Val::Obj(pairs) => pairs,
            other => return Err(invalid("options", None, other, "expected an object")),
        };
        if let Some((k, val)) = pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(invalid(
                k,
                None,
                val,
                &format!("unknown option; expected one of {}", allowed.join(", ")),
            ));
        }
        Ok(Self { pairs })
    }

    /// The option `key` when given (`undefined` counts as absent).
    pub fn get(&self, key: &str) -> Option<&'a Val> {
        self.pairs
            .iter()
            .find(|(k, v)| k == key && !matches!(v, Val::Undefined))
            .map(|(_, v)| v)
    }

    /// A number option.
    pub fn number(&self, key: &str) -> Result<Option<f64>> {
        self.get(key).map(|v| number(key, v)).transpose()
    }

    /// A whole-number option.
    pub fn whole(&self, key: &str) -> Result<Option<u64>> {
        self.get(key).map(|v| whole(key, v)).transpose()
    }

    /// A boolean option.
    pub fn boolean(&self, key: &str) -> Result<Option<bool>> {
        self.get(key).map(|v| boolean(key, v)).transpose()
    }

    /// A string option.
    pub fn string(&self, key: &str) -> Result<Option<&'a str>> {
        self.get(key).map(|v| string(key, v)).transpose()
    }

    /// A number-array option.
    pub fn numbers(&self, key: &str) -> Result<Option<Vec<f64>>> {
        self.get(key)
            .filter(|v| !matches!(v, Val::Null))
            .map(|v| numbers(key, v))
            .transpose()
    }

    /// A label-array option.
    pub fn strings(&self, key: &str) -> Result<Option<Vec<String>>> {
        self.get(key)
            .filter(|v| !matches!(v, Val::Null))
            .map(|v| strings(key, v))
            .transpose()
    }

    /// A point-in-time option.
    pub fn timestamp(&self, key: &str) -> Result<Option<Timestamp>> {
        self.get(key)
            .filter(|v| !matches!(v, Val::Null))
            .map(|v| timestamp(key, None, v))
            .transpose()
    }

    /// A period option (`"D"`, `"W"`, `"M"`).
    pub fn period(&self, key: &str) -> Result<Option<Period>> {
        self.get(key).map(|v| period(key, v)).transpose()
    }

    /// The confidence level (`level`, default 0.95); the core checks its range.
    pub fn level(&self) -> Result<f64> {
        Ok(self.number("level")?.unwrap_or(0.95))
    }
}

/// An event table given as rows (`[{customer, time, ...}]`) or as columns
/// (`{customer: [...], time: [...]}`); `field` names it in errors (`events`).
pub struct Table<'a> {
    field: &'a str,
    shape: Shape<'a>,
}

enum Shape<'a> {
    Rows(&'a [Val]),
    Cols(&'a [(String, Val)]),
}

/// One column of a [`Table`]: the values, borrowed.
pub enum Column<'a> {
    /// Values gathered from row objects (`None`: the row lacks the key).
    Rows(Vec<Option<&'a Val>>),
    /// An array column.
    Arr(&'a [Val]),
    /// A typed-array column.
    Nums(&'a [f64]),
}

impl<'a> Table<'a> {
    /// Reads `v` as a table.
    pub fn read(field: &'a str, v: &'a Val) -> Result<Self> {
        let shape = match v {
            Val::Arr(rows) => Shape::Rows(rows),
            Val::Obj(cols) => Shape::Cols(cols),
            other => {
                return Err(invalid(
                    field,
                    None,
                    other,
                    "expected an array of row objects or an object of column arrays",
                ));
            }
        };
        Ok(Self { field, shape })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match &self.shape {
            Shape::Rows(r) => r.len(),
            Shape::Cols(c) => c
                .iter()
                .map(|(_, v)| match v {
                    Val::Arr(a) => a.len(),
                    Val::Nums(n) => n.len(),
                    _ => 0,
                })
                .max()
                .unwrap_or(0),
        }
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The column `key` (error when absent, or of another length than the others).
    pub fn column(&self, key: &str) -> Result<Column<'a>> {
        let name = format!("{}.{key}", self.field);
        match &self.shape {
            Shape::Rows(rows) => rows
                .iter()
                .enumerate()
                .map(|(i, r)| match r {
                    Val::Obj(_) => Ok(r.get(key).filter(|v| !matches!(v, Val::Undefined))),
                    other => Err(invalid(self.field, Some(i), other, "expected a row object")),
                })
                .collect::<Result<Vec<_>>>()
                .map(Column::Rows),
            Shape::Cols(cols) => {
                let col = cols.iter().find(|(k, _)| k == key).map(|(_, v)| v);
                let col = match col {
                    Some(Val::Arr(a)) => Column::Arr(a),
                    Some(Val::Nums(n)) => Column::Nums(n),
                    Some(other) => return Err(invalid(&name, None, other, "expected an array")),
                    None => {
                        return Err(invalid(&name, None, &Val::Undefined, "missing column"));
                    }
                };
                if col.len() != self.len() {
                    return Err(CxError::LengthMismatch {
                        left: self.field.into(),
                        left_len: self.len(),
                        right: name,
                        right_len: col.len(),
                    });
                }
                Ok(col)
            }
        }
    }

    /// Whether any row (or the column set) has `key`.
    pub fn has(&self, key: &str) -> bool {
        match &self.shape {
            Shape::Rows(rows) => rows.iter().any(|r| r.get(key).is_some()),
            Shape::Cols(cols) => cols.iter().any(|(k, _)| k == key),
        }
    }

    /// The column `key` as labels.
    pub fn strings(&self, key: &str) -> Result<Vec<String>> {
        let name = format!("{}.{key}", self.field);
        self.column(key)?.map(|i, v| label(&name, Some(i), v))
    }

    /// The column `key` as numbers.
    pub fn numbers(&self, key: &str) -> Result<Vec<f64>> {
        let name = format!("{}.{key}", self.field);
        if let Column::Nums(n) = self.column(key)? {
            return Ok(n.to_vec());
        }
        self.column(key)?.map(|i, v| match v {
            Val::Num(x) => Ok(*x),
            other => Err(invalid(&name, Some(i), other, "expected a number")),
        })
    }

    /// The column `key` as points in time.
    pub fn timestamps(&self, key: &str) -> Result<Vec<Timestamp>> {
        let name = format!("{}.{key}", self.field);
        self.column(key)?.map(|i, v| timestamp(&name, Some(i), v))
    }

    /// The column `key` as optional points in time (`null`/absent: missing).
    pub fn optional_timestamps(&self, key: &str) -> Result<Vec<Option<Timestamp>>> {
        let name = format!("{}.{key}", self.field);
        if !self.has(key) {
            return Ok(vec![None; self.len()]);
        }
        self.column(key)?.map(|i, v| match v {
            Val::Null | Val::Undefined => Ok(None),
            v => timestamp(&name, Some(i), v).map(Some),
        })
    }
}

impl Column<'_> {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Column::Rows(v) => v.len(),
            Column::Arr(a) => a.len(),
            Column::Nums(n) => n.len(),
        }
    }

    /// Whether the column is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Maps every value (absent row keys read as `undefined`) with its index.
    pub fn map<T>(&self, mut f: impl FnMut(usize, &Val) -> Result<T>) -> Result<Vec<T>> {
        match self {
            Column::Rows(v) => v
                .iter()
                .enumerate()
                .map(|(i, x)| f(i, x.unwrap_or(&Val::Undefined)))
                .collect(),
            Column::Arr(a) => a.iter().enumerate().map(|(i, x)| f(i, x)).collect(),
            Column::Nums(n) => n
                .iter()
                .enumerate()
                .map(|(i, x)| f(i, &Val::Num(*x)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Val {
        Val::Arr(vec![
            Val::obj([
                ("customer", Val::from("a")),
                ("time", Val::from("2026-01-02")),
            ]),
            Val::obj([("customer", Val::Num(7.0)), ("time", Val::Num(0.0))]),
        ])
    }

    #[test]
    fn tables_read_rows_and_columns_alike() {
        let r = rows();
        let t = Table::read("events", &r).unwrap();
        assert_eq!(t.strings("customer").unwrap(), ["a", "7"]);
        assert_eq!(t.timestamps("time").unwrap()[1].timestamp(), 0);
        let c = Val::obj([
            ("customer", Val::Arr(vec!["a".into(), "b".into()])),
            ("time", Val::Nums(vec![0.0, 86_400_000.0])),
        ]);
        let t = Table::read("events", &c).unwrap();
        assert_eq!(t.timestamps("time").unwrap()[1].timestamp(), 86_400);
    }

    #[test]
    fn errors_name_the_column_and_row() {
        let r = rows();
        let t = Table::read("events", &r).unwrap();
        let e = t.timestamps("when").unwrap_err();
        assert_eq!(e.field(), Some("events.when"));
        assert!(e.to_string().contains("index 0"), "{e}");
        let short = Val::obj([
            ("customer", Val::Arr(vec!["a".into()])),
            ("time", Val::Nums(vec![0.0, 1.0])),
        ]);
        let t = Table::read("events", &short).unwrap();
        assert_eq!(
            t.strings("customer").unwrap_err().code(),
            "CX_LENGTH_MISMATCH"
        );
    }

    #[test]
    fn unknown_options_are_refused() {
        let o = Val::obj([("levle", Val::Num(0.9))]);
        let e = Options::read(&o, &["level"]).err().unwrap();
        assert_eq!(e.field(), Some("levle"));
    }
}
