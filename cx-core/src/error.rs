//! The one error type of cx: every fallible function returns [`Result<T>`].

use std::fmt;

/// Result alias used across `cx-core`.
pub type Result<T> = std::result::Result<T, CxError>;

/// Everything that can go wrong in cx; each variant names the offending field.
///
/// Bindings map the variant to a language-native error (`cx.InvalidInputError` in Python,
/// an `Error` with `code` `CX_INVALID_INPUT` in JavaScript); [`CxError::code`] gives that code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CxError {
    /// A value is outside its domain (NaN, out of scale, negative count, ...).
    #[error("invalid input `{field}`{}: {reason}", at(*.index, .value.as_deref()))]
    InvalidInput {
        /// Name of the argument or column, e.g. `scores`.
        field: String,
        /// Position of the first offending element, when the input is a sequence.
        index: Option<usize>,
        /// The offending value as text, when there is one.
        value: Option<String>,
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// Two inputs that must be aligned element by element have different lengths.
    #[error("length mismatch: `{left}` has {left_len} elements but `{right}` has {right_len}")]
    LengthMismatch {
        /// First argument name.
        left: String,
        /// Its length.
        left_len: usize,
        /// Second argument name.
        right: String,
        /// Its length.
        right_len: usize,
    },
    /// An input that needs at least `needed` elements has fewer.
    #[error("`{field}` is empty or too short: {got} element(s), at least {needed} needed")]
    Empty {
        /// Argument name.
        field: String,
        /// Elements required.
        needed: usize,
        /// Elements given.
        got: usize,
    },
    /// An iterative fit stopped before meeting its convergence criterion.
    #[error("did not converge after {iterations} iterations: {reason}")]
    NotConverged {
        /// Iterations performed.
        iterations: u64,
        /// Why it stopped.
        reason: String,
    },
    /// A line of an input file could not be read.
    #[error("parse error at line {line}, field `{field}`: {reason}")]
    Parse {
        /// One-based line number in the file.
        line: u64,
        /// Column or field name.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// The operating system refused a read.
    #[error("i/o error: {0}")]
    Io(String),
    /// A bug in cx caught at a boundary; please report it.
    #[error("internal error (please report): {0}")]
    Internal(String),
}

fn at(index: Option<usize>, value: Option<&str>) -> AtIndex<'_> {
    AtIndex { index, value }
}

struct AtIndex<'a> {
    index: Option<usize>,
    value: Option<&'a str>,
}

impl fmt::Display for AtIndex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.index {
            write!(f, " at index {i}")?;
        }
        if let Some(v) = self.value {
            write!(f, " (value {v})")?;
        }
        Ok(())
    }
}

impl CxError {
    /// An [`CxError::InvalidInput`] about an argument as a whole.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: field.into(),
            index: None,
            value: None,
            reason: reason.into(),
        }
    }

    /// An [`CxError::InvalidInput`] about element `index` of a sequence, holding `value`.
    pub fn invalid_at(
        field: impl Into<String>,
        index: usize,
        value: impl fmt::Display,
        reason: impl Into<String>,
    ) -> Self {
        Self::InvalidInput {
            field: field.into(),
            index: Some(index),
            value: Some(value.to_string()),
            reason: reason.into(),
        }
    }

    /// Stable machine-readable code for bindings, e.g. `CX_INVALID_INPUT`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidInput { .. } => "CX_INVALID_INPUT",
            Self::LengthMismatch { .. } => "CX_LENGTH_MISMATCH",
            Self::Empty { .. } => "CX_EMPTY",
            Self::NotConverged { .. } => "CX_NOT_CONVERGED",
            Self::Parse { .. } => "CX_PARSE",
            Self::Io(_) => "CX_IO",
            Self::Internal(_) => "CX_INTERNAL",
        }
    }

    /// The field the error is about, when it names one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::InvalidInput { field, .. }
            | Self::Empty { field, .. }
            | Self::Parse { field, .. } => Some(field),
            Self::LengthMismatch { right, .. } => Some(right),
            _ => None,
        }
    }
}

/// Fails with [`CxError::LengthMismatch`] unless `left_len == right_len`.
pub(crate) fn check_same_len(
    left: &str,
    left_len: usize,
    right: &str,
    right_len: usize,
) -> Result<()> {
    if left_len == right_len {
        Ok(())
    } else {
        Err(CxError::LengthMismatch {
            left: left.into(),
            left_len,
            right: right.into(),
            right_len,
        })
    }
}

/// Fails with [`CxError::Empty`] when `len < needed`.
pub(crate) fn check_len_at_least(field: &str, len: usize, needed: usize) -> Result<()> {
    if len >= needed {
        Ok(())
    } else {
        Err(CxError::Empty {
            field: field.into(),
            needed,
            got: len,
        })
    }
}

/// Fails unless `level` is a confidence level strictly between 0 and 1.
pub(crate) fn check_level(level: f64) -> Result<()> {
    if level.is_finite() && level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(CxError::InvalidInput {
            field: "level".into(),
            index: None,
            value: Some(level.to_string()),
            reason: "confidence level must be strictly between 0 and 1, e.g. 0.95".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_field_index_and_value() {
        let e = CxError::invalid_at("scores", 3, 11, "must be an integer from 0 to 10");
        assert_eq!(
            e.to_string(),
            "invalid input `scores` at index 3 (value 11): must be an integer from 0 to 10"
        );
        assert_eq!(e.code(), "CX_INVALID_INPUT");
        assert_eq!(e.field(), Some("scores"));
        let e = check_same_len("scores", 3, "weights", 2).unwrap_err();
        assert_eq!(
            e.to_string(),
            "length mismatch: `scores` has 3 elements but `weights` has 2"
        );
        assert!(check_level(1.0).is_err());
        assert!(check_level(f64::NAN).is_err());
        assert!(check_level(0.9).is_ok());
    }
}
