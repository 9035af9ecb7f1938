//! Survey metrics: NPS, CSAT and CES with 95% intervals, shards merged exactly, and a
//! two-group NPS test.
//!
//! Run with `cargo run -p cx-core --example survey`.

use cx_core::Result;
use cx_core::survey::{
    CesOptions, CsatOptions, IntervalMethod, NpsOptions, NpsSummary, NpsTally, ces, compare_nps,
    csat, nps,
};

fn main() -> Result<()> {
    // Likelihood-to-recommend answers (0–10) from one week of a post-purchase survey.
    let this_week = [
        10.0, 9.0, 9.0, 10.0, 8.0, 7.0, 6.0, 10.0, 3.0, 9.0, 10.0, 5.0,
    ];
    let adjusted = NpsOptions {
        level: 0.95,
        method: IntervalMethod::AdjustedWald,
    };
    let r = nps(&this_week, None, adjusted)?;
    println!(
        "NPS {:+.1} on n = {} (adjusted Wald 95%: {:+.1} to {:+.1})",
        r.score, r.n, r.ci.0, r.ci.1
    );

    // Answers collected on two servers: their tallies add up to the tally of all answers.
    let mut eu = NpsTally::new();
    eu.add_u8(&[10, 9, 9, 4, 8])?;
    let mut us = NpsTally::new();
    us.add_u8(&[10, 6, 2, 9, 10, 10])?;
    let both = eu + us;
    println!(
        "NPS of both regions: {:+.1} on n = {}",
        both.result(adjusted)?.score,
        both.n()
    );

    // Did the score move between last quarter and this one?
    let last_quarter = [6.0, 7.0, 9.0, 3.0, 8.0, 10.0, 5.0, 4.0, 9.0, 6.0, 2.0, 8.0];
    let d = compare_nps(
        &NpsSummary::from_scores(&this_week, None)?,
        &NpsSummary::from_scores(&last_quarter, None)?,
        adjusted,
    )?;
    println!(
        "change {:+.1} points, p = {:.3} (95%: {:+.1} to {:+.1})",
        d.difference, d.p_value, d.ci.0, d.ci.1
    );

    // CSAT: share of 4s and 5s on a 1–5 scale, Wilson interval.
    let c = csat(
        &[5.0, 4.0, 4.0, 2.0, 5.0, 3.0, 5.0, 4.0],
        CsatOptions::default(),
    )?;
    println!(
        "CSAT {:.1}% (95%: {:.1}% to {:.1}%)",
        c.score, c.ci.0, c.ci.1
    );

    // CES: mean effort on 1–7 with a t interval, and the share who found it easy.
    let e = ces(&[7.0, 6.0, 6.0, 3.0, 5.0, 7.0, 4.0], CesOptions::default())?;
    println!(
        "CES mean {:.2} (95%: {:.2} to {:.2}), {:.0}% agree it was easy",
        e.mean,
        e.ci.0,
        e.ci.1,
        100.0 * e.agree_share
    );
    Ok(())
}
