//! `make demo`: a plain-text customer-experience report on the bundled sample data.
//!
//! Usage: `cargo run --release -p cx-core --example report -- [DATA_DIR]` (default
//! `examples/data`). Reads the CDNOW purchase sample and the synthetic survey answers.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use cx_core::domain::{SurveyKind, SurveyResponse, Transaction};
use cx_core::io::{SurveyColumns, read_cdnow_path, read_survey_csv_path};
use cx_core::survey::{
    self, CesOptions, CsatOptions, IntervalMethod, NpsOptions, NpsSummary, Period,
};
use cx_core::{CxError, Result};

/// Appends formatted text to a `String`; writing to a `String` cannot fail.
macro_rules! put {
    ($s:expr, $($arg:tt)*) => {
        let _ = write!($s, $($arg)*);
    };
}

#[path = "clv.rs"]
mod clv;
#[path = "journeys.rs"]
mod journeys;
#[path = "offers.rs"]
mod offers;
#[path = "personalize.rs"]
mod personalize;
#[path = "retention.rs"]
mod retention;

fn main() -> ExitCode {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("examples/data"), PathBuf::from);
    match report(&dir) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("report: {e}");
            ExitCode::FAILURE
        }
    }
}

fn report(dir: &Path) -> Result<String> {
    let purchases: Vec<Transaction> = read_cdnow_path(dir.join("CDNOW_sample.txt"))?
        .into_iter()
        .map(|p| p.transaction)
        .collect();
    let responses =
        read_survey_csv_path(dir.join("survey_responses.csv"), &SurveyColumns::default())?;
    let mut out = String::new();
    out += "cxkit customer-experience report\n================================\n";
    put!(out, "data: {}\n\n", dir.display());
    out += &purchases_section(&purchases)?;
    out += &survey_section(&responses)?;
    out += "\n";
    // The CDNOW sample follows its customers to the end of June 1998.
    let end = cx_core::domain::parse_timestamp("1998-06-30")?;
    out += &retention::retention_section(&purchases, end)?;
    out += "\n";
    let holdout = cx_core::domain::parse_timestamp("1997-10-01")?;
    out += &clv::clv_section(&purchases, holdout, end)?;
    out += "\n";
    out += &journeys::journey_section(dir)?;
    out += "\n";
    out += &personalize::personalize_section(&purchases, end)?;
    out += "\n";
    out += &offers::offers_section(dir)?;
    out += "\n";
    out += &offers::feedback_section(dir)?;
    Ok(out)
}

fn purchases_section(tx: &[Transaction]) -> Result<String> {
    let first = tx
        .iter()
        .map(|t| t.timestamp)
        .min()
        .ok_or_else(|| CxError::Empty {
            field: "transactions".into(),
            needed: 1,
            got: 0,
        })?;
    let last = tx.iter().map(|t| t.timestamp).max().unwrap_or(first);
    let mut days: BTreeMap<&str, BTreeSet<NaiveDate>> = BTreeMap::new();
    for t in tx {
        days.entry(&t.customer)
            .or_default()
            .insert(t.timestamp.date_naive());
    }
    let customers = days.len();
    let repeaters = days.values().filter(|d| d.len() > 1).count();
    let revenue: f64 = tx.iter().map(|t| t.amount).sum();
    let mut s = String::new();
    put!(
        s,
        "Purchases (CDNOW sample, {} to {})\n",
        first.date_naive(),
        last.date_naive()
    );
    put!(
        s,
        "  customers               {:>10}\n",
        thousands(customers as u64)
    );
    put!(
        s,
        "  transactions            {:>10}\n",
        thousands(tx.len() as u64)
    );
    put!(s, "  revenue                 {:>10}\n", money(revenue));
    put!(
        s,
        "  average order value     {:>10}\n",
        money(revenue / tx.len() as f64)
    );
    put!(
        s,
        "  revenue per customer    {:>10}\n",
        money(revenue / customers as f64)
    );
    put!(
        s,
        "  repeat-purchase rate    {:>9.1}%  (customers buying on 2+ distinct days)\n\n",
        100.0 * repeaters as f64 / customers as f64
    );
    Ok(s)
}

fn money(x: f64) -> String {
    let cents = (x * 100.0).round() as u64;
    format!("${}.{:02}", thousands(cents / 100), cents % 100)
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// Scores, segments and timestamps of one kind of survey question.
struct Answers<'a> {
    scores: Vec<f64>,
    segments: Vec<&'a str>,
    responses: Vec<&'a SurveyResponse>,
}

fn answers(responses: &[SurveyResponse], kind: SurveyKind) -> Answers<'_> {
    let picked: Vec<&SurveyResponse> = responses.iter().filter(|r| r.kind == kind).collect();
    Answers {
        scores: picked.iter().map(|r| r.score).collect(),
        segments: picked
            .iter()
            .map(|r| r.segment.as_deref().unwrap_or("(none)"))
            .collect(),
        responses: picked,
    }
}

fn survey_section(responses: &[SurveyResponse]) -> Result<String> {
    let level = 0.95;
    let nps_opts = NpsOptions {
        level,
        method: IntervalMethod::AdjustedWald,
    };
    let csat_opts = CsatOptions {
        level,
        ..CsatOptions::default()
    };
    let ces_opts = CesOptions {
        level,
        ..CesOptions::default()
    };
    let nps_a = answers(responses, SurveyKind::Nps);
    let csat_a = answers(responses, SurveyKind::Csat);
    let ces_a = answers(responses, SurveyKind::Ces);

    let mut s = String::new();
    put!(
        s,
        "Survey answers (synthetic, {} answers; 95% intervals)\n",
        responses.len()
    );
    s += "  metric                    n     score   interval            how\n";
    let n = survey::nps(&nps_a.scores, None, nps_opts)?;
    put!(
        s,
        "  NPS                  {:>6}   {:>+7.1}   [{:>+6.1}, {:>+6.1}]    adjusted Wald, -100..100\n",
        n.n,
        n.score,
        n.ci.0,
        n.ci.1
    );
    let c = survey::csat(&csat_a.scores, csat_opts)?;
    put!(
        s,
        "  CSAT                 {:>6}   {:>6.1}%   [{:>5.1}%, {:>5.1}%]    top-2 box of 1-5, Wilson\n",
        c.n,
        c.score,
        c.ci.0,
        c.ci.1
    );
    let e = survey::ces(&ces_a.scores, ces_opts)?;
    put!(
        s,
        "  CES (mean)           {:>6}   {:>7.2}   [{:>6.2}, {:>6.2}]    1-7, t interval; {:.1}% agree it was easy\n\n",
        e.n,
        e.mean,
        e.ci.0,
        e.ci.1,
        100.0 * e.agree_share
    );

    s += &by_channel(&nps_a, &csat_a, &ces_a, nps_opts, csat_opts, ces_opts)?;
    s += &trend_and_change(&nps_a, nps_opts)?;
    Ok(s)
}

fn by_channel(
    nps_a: &Answers<'_>,
    csat_a: &Answers<'_>,
    ces_a: &Answers<'_>,
    nps_opts: NpsOptions,
    csat_opts: CsatOptions,
    ces_opts: CesOptions,
) -> Result<String> {
    let mut s = String::new();
    s += "By channel           NPS [95% CI]            CSAT % [95% CI]         CES mean [95% CI]\n";
    let nps_by = survey::nps_by_segment(&nps_a.scores, None, &nps_a.segments, nps_opts)?;
    let csat_by = survey::by_segment(&csat_a.scores, None, &csat_a.segments, |x, _| {
        survey::csat(x, csat_opts)
    })?;
    let ces_by = survey::by_segment(&ces_a.scores, None, &ces_a.segments, |x, _| {
        survey::ces(x, ces_opts)
    })?;
    for seg in &nps_by {
        let c = csat_by.iter().find(|g| g.segment == seg.segment);
        let e = ces_by.iter().find(|g| g.segment == seg.segment);
        let r = &seg.result;
        put!(
            s,
            "  {:<8} n={:<4} {:>+6.1} [{:>+6.1}, {:>+6.1}]   {}   {}\n",
            seg.segment,
            r.n,
            r.score,
            r.ci.0,
            r.ci.1,
            c.map_or_else(
                || format!("{:<22}", "-"),
                |c| format!(
                    "{:>5.1} [{:>5.1}, {:>5.1}] n={:<3}",
                    c.result.score, c.result.ci.0, c.result.ci.1, c.result.n
                )
            ),
            e.map_or_else(
                || "-".to_string(),
                |e| format!(
                    "{:>4.2} [{:>4.2}, {:>4.2}] n={}",
                    e.result.mean, e.result.ci.0, e.result.ci.1, e.result.n
                )
            ),
        );
    }

    Ok(s)
}

fn trend_and_change(nps_a: &Answers<'_>, nps_opts: NpsOptions) -> Result<String> {
    let mut s = String::new();
    // Trend: NPS by quarter would hide the monthly noise; show months, with a bar.
    let stamps: Vec<_> = nps_a.responses.iter().map(|r| r.timestamp).collect();
    let trend = survey::nps_trend(&nps_a.scores, None, &stamps, Period::Month, nps_opts)?;
    s += "\nNPS by month (adjusted Wald 95%)\n";
    for p in &trend {
        let r = &p.result;
        let bar = "#".repeat((r.score.max(0.0) / 4.0).round() as usize);
        put!(
            s,
            "  {}-{:02}  n={:<3} {:>+6.1} [{:>+6.1}, {:>+6.1}]  {bar}\n",
            p.period_start.year(),
            p.period_start.month(),
            r.n,
            r.score,
            r.ci.0,
            r.ci.1
        );
    }

    // Did NPS move between 1997 and the first half of 1998?
    let (mut y97, mut y98) = (Vec::new(), Vec::new());
    for (score, r) in nps_a.scores.iter().zip(&nps_a.responses) {
        if r.timestamp.year() == 1997 {
            y97.push(*score);
        } else {
            y98.push(*score);
        }
    }
    let a = NpsSummary::from_scores(&y98, None)?;
    let b = NpsSummary::from_scores(&y97, None)?;
    let d = survey::compare_nps(&a, &b, nps_opts)?;
    put!(
        s,
        "\nNPS 1998 H1 vs 1997: {:+.1} points (95% CI [{:+.1}, {:+.1}], z = {:.2}, p = {:.3}; {})\n",
        d.difference,
        d.ci.0,
        d.ci.1,
        d.z,
        d.p_value,
        if d.p_value < 0.05 {
            "significant at 5%"
        } else {
            "not significant at 5%"
        }
    );
    Ok(s)
}
