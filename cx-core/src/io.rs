//! Readers for transactions and survey responses: CSV with named columns, and the CDNOW
//! fixed-width format. Every malformed line gives a [`CxError::Parse`] with its line number.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::domain::{SurveyKind, SurveyResponse, Transaction, parse_timestamp};
use crate::error::{CxError, Result};

/// Column names of a transactions CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionColumns {
    /// Customer id column. Default `customer_id`.
    pub customer: String,
    /// Timestamp column (see [`parse_timestamp`]). Default `date`.
    pub timestamp: String,
    /// Amount column. Default `amount`.
    pub amount: String,
}

impl Default for TransactionColumns {
    fn default() -> Self {
        Self {
            customer: "customer_id".into(),
            timestamp: "date".into(),
            amount: "amount".into(),
        }
    }
}

/// Column names of a survey-responses CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyColumns {
    /// Customer id column. Default `customer_id`.
    pub customer: String,
    /// Timestamp column. Default `timestamp`.
    pub timestamp: String,
    /// Survey kind column (`nps`, `csat`, `ces`). Default `kind`.
    pub kind: String,
    /// Score column. Default `score`.
    pub score: String,
    /// Optional segment column; absent from the file is fine. Default `segment`.
    pub segment: String,
}

impl Default for SurveyColumns {
    fn default() -> Self {
        Self {
            customer: "customer_id".into(),
            timestamp: "timestamp".into(),
            kind: "kind".into(),
            score: "score".into(),
            segment: "segment".into(),
        }
    }
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| CxError::Io(format!("{}: {e}", path.display())))
}

fn column(headers: &csv::StringRecord, name: &str) -> Result<usize> {
    headers
        .iter()
        .position(|h| h.trim() == name)
        .ok_or_else(|| CxError::Parse {
            line: 1,
            field: name.to_string(),
            reason: format!(
                "no column named `{name}` in the header ({})",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        })
}

/// Turns a row-level validation error into a parse error at `line`.
fn at_line(line: u64, e: CxError) -> CxError {
    match e {
        CxError::InvalidInput {
            field,
            value,
            reason,
            ..
        } => CxError::Parse {
            line,
            field,
            reason: match value {
                Some(v) => format!("{reason} (got `{v}`)"),
                None => reason,
            },
        },
        other => other,
    }
}

fn csv_records<R: Read>(reader: R) -> Result<(csv::StringRecord, csv::StringRecordsIntoIter<R>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = rdr.headers().map_err(|e| csv_error(&e))?.clone();
    Ok((headers, rdr.into_records()))
}

fn csv_error(e: &csv::Error) -> CxError {
    let line = e.position().map_or(0, csv::Position::line);
    CxError::Parse {
        line,
        field: "row".into(),
        reason: e.to_string(),
    }
}

fn parse_f64(line: u64, field: &str, text: &str) -> Result<f64> {
    text.trim().parse::<f64>().map_err(|_| CxError::Parse {
        line,
        field: field.to_string(),
        reason: format!("`{text}` is not a number"),
    })
}

/// Reads transactions from CSV with a header row and the given column names.
pub fn read_transactions_csv<R: Read>(
    reader: R,
    columns: &TransactionColumns,
) -> Result<Vec<Transaction>> {
    read_transactions(reader, columns, None)
}

/// Reads transactions with their product (column `product`, which must not be empty) from
/// CSV; see [`read_transactions_csv`].
pub fn read_transactions_with_products_csv<R: Read>(
    reader: R,
    columns: &TransactionColumns,
    product: &str,
) -> Result<Vec<Transaction>> {
    read_transactions(reader, columns, Some(product))
}

fn read_transactions<R: Read>(
    reader: R,
    columns: &TransactionColumns,
    product: Option<&str>,
) -> Result<Vec<Transaction>> {
    let (headers, records) = csv_records(reader)?;
    let (ci, ti, ai) = (
        column(&headers, &columns.customer)?,
        column(&headers, &columns.timestamp)?,
        column(&headers, &columns.amount)?,
    );
    let pi = product.map(|p| column(&headers, p)).transpose()?;
    let mut out = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_error(&e))?;
        let line = rec.position().map_or(0, csv::Position::line);
        let get = |i: usize| rec.get(i).unwrap_or("");
        let t = parse_timestamp(get(ti)).map_err(|e| at_line(line, e))?;
        let amount = parse_f64(line, &columns.amount, get(ai))?;
        let mut tx = Transaction::new(get(ci), t, amount).map_err(|e| at_line(line, e))?;
        if let (Some(i), Some(name)) = (pi, product) {
            let p = get(i).trim();
            if p.is_empty() {
                return Err(CxError::Parse {
                    line,
                    field: name.to_string(),
                    reason: "missing product".into(),
                });
            }
            tx = tx.with_product(p);
        }
        out.push(tx);
    }
    Ok(out)
}

/// Reads transactions from a CSV file; see [`read_transactions_csv`].
pub fn read_transactions_csv_path(
    path: impl AsRef<Path>,
    columns: &TransactionColumns,
) -> Result<Vec<Transaction>> {
    read_transactions_csv(open(path.as_ref())?, columns)
}

/// Reads survey responses from CSV with a header row and the given column names.
/// The segment column is optional; an empty segment cell means no segment.
pub fn read_survey_csv<R: Read>(reader: R, columns: &SurveyColumns) -> Result<Vec<SurveyResponse>> {
    let (headers, records) = csv_records(reader)?;
    let ci = column(&headers, &columns.customer)?;
    let ti = column(&headers, &columns.timestamp)?;
    let ki = column(&headers, &columns.kind)?;
    let si = column(&headers, &columns.score)?;
    let gi = column(&headers, &columns.segment).ok();
    let mut out = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_error(&e))?;
        let line = rec.position().map_or(0, csv::Position::line);
        let get = |i: usize| rec.get(i).unwrap_or("");
        let t = parse_timestamp(get(ti)).map_err(|e| at_line(line, e))?;
        let kind: SurveyKind = get(ki).parse().map_err(|e| at_line(line, e))?;
        let score = parse_f64(line, &columns.score, get(si))?;
        let segment = gi.map(get).filter(|s| !s.is_empty()).map(str::to_string);
        out.push(
            SurveyResponse::new(get(ci), t, kind, score, segment).map_err(|e| at_line(line, e))?,
        );
    }
    Ok(out)
}

/// Reads survey responses from a CSV file; see [`read_survey_csv`].
pub fn read_survey_csv_path(
    path: impl AsRef<Path>,
    columns: &SurveyColumns,
) -> Result<Vec<SurveyResponse>> {
    read_survey_csv(open(path.as_ref())?, columns)
}

/// One line of the CDNOW sample: a purchase with its number of CDs.
#[derive(Debug, Clone, PartialEq)]
pub struct CdnowPurchase {
    /// The purchase (customer = the sample's customer id, amount = dollar value).
    pub transaction: Transaction,
    /// Number of CDs bought.
    pub quantity: u32,
}

/// Reads the CDNOW sample's fixed-width lines: id in the master data set, customer id in the
/// sample, date `YYYYMMDD`, number of CDs, dollar value (Fader, Hardie and Lee 2005).
/// Blank lines are skipped.
pub fn read_cdnow<R: BufRead>(reader: R) -> Result<Vec<CdnowPurchase>> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = line.map_err(|e| CxError::Io(format!("line {line_no}: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        let [_, customer, date, qty, amount] = f[..] else {
            return Err(CxError::Parse {
                line: line_no,
                field: "line".into(),
                reason: format!(
                    "expected 5 fields (master id, customer id, date, CDs, dollars), got {}",
                    f.len()
                ),
            });
        };
        let customer = customer.trim_start_matches('0');
        let t = parse_timestamp(date).map_err(|e| at_line(line_no, e))?;
        let quantity = qty.parse::<u32>().map_err(|_| CxError::Parse {
            line: line_no,
            field: "quantity".into(),
            reason: format!("`{qty}` is not a whole number of CDs"),
        })?;
        let amount = parse_f64(line_no, "amount", amount)?;
        let transaction =
            Transaction::new(if customer.is_empty() { "0" } else { customer }, t, amount)
                .map_err(|e| at_line(line_no, e))?;
        out.push(CdnowPurchase {
            transaction,
            quantity,
        });
    }
    Ok(out)
}

/// Reads a CDNOW fixed-width file; see [`read_cdnow`].
pub fn read_cdnow_path(path: impl AsRef<Path>) -> Result<Vec<CdnowPurchase>> {
    read_cdnow(BufReader::new(open(path.as_ref())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdnow_lines() {
        let text = " 00004 0001 19970101  2   29.33\n\n 00021 0002 19970118  3   63.34\n";
        let p = read_cdnow(text.as_bytes()).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].transaction.customer, "1");
        assert_eq!(p[1].quantity, 3);
        assert_eq!(p[1].transaction.amount, 63.34);
        let e = read_cdnow(" 00004 0001 19970101  2\n".as_bytes()).unwrap_err();
        assert!(matches!(e, CxError::Parse { line: 1, .. }), "{e}");
        let e = read_cdnow("a 1 19970101 2 1.0\n1 2 19971340 2 3.0\n".as_bytes()).unwrap_err();
        assert!(matches!(e, CxError::Parse { line: 2, .. }), "{e}");
        let e = read_cdnow("a 1 19970101 x 1.0\n".as_bytes()).unwrap_err();
        assert_eq!(e.field(), Some("quantity"));
    }

    #[test]
    fn transactions_csv() {
        let text = "customer_id,date,amount\nc1,2024-01-02,10.5\nc2,2024-01-03,abc\n";
        let e = read_transactions_csv(text.as_bytes(), &TransactionColumns::default()).unwrap_err();
        assert!(matches!(e, CxError::Parse { line: 3, .. }), "{e}");
        let text = "id,when,value\nc1,2024-01-02,10.5\n";
        let cols = TransactionColumns {
            customer: "id".into(),
            timestamp: "when".into(),
            amount: "value".into(),
        };
        let t = read_transactions_csv(text.as_bytes(), &cols).unwrap();
        assert_eq!(t[0].amount, 10.5);
        let e = read_transactions_csv(text.as_bytes(), &TransactionColumns::default()).unwrap_err();
        assert!(e.to_string().contains("customer_id"), "{e}");
        let e = read_transactions_csv(
            "customer_id,date,amount\nc1,2024-01-02,-3\n".as_bytes(),
            &TransactionColumns::default(),
        )
        .unwrap_err();
        assert!(matches!(e, CxError::Parse { line: 2, .. }), "{e}");
    }

    #[test]
    fn survey_csv() {
        let text = "customer_id,timestamp,kind,score,segment\nc1,2024-01-02,nps,9,web\nc2,2024-01-03,csat,4,\n";
        let r = read_survey_csv(text.as_bytes(), &SurveyColumns::default()).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].segment.as_deref(), Some("web"));
        assert_eq!(r[1].segment, None);
        let bad = "customer_id,timestamp,kind,score\nc1,2024-01-02,nps,11\n";
        let e = read_survey_csv(bad.as_bytes(), &SurveyColumns::default()).unwrap_err();
        assert!(
            matches!(&e, CxError::Parse { line: 2, field, .. } if field == "score"),
            "{e}"
        );
        let bad = "customer_id,timestamp,kind,score\nc1,2024-01-02,foo,1\n";
        assert!(read_survey_csv(bad.as_bytes(), &SurveyColumns::default()).is_err());
        let bad = "customer_id,timestamp,kind,score\nc1,2024-01-02,nps\n";
        assert!(read_survey_csv(bad.as_bytes(), &SurveyColumns::default()).is_err());
    }
}
