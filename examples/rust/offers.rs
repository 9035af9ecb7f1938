//! The next-best-offer and feedback sections of the demo on the bundled synthetic shop:
//! the strongest association rules, offers for three customers, the share of negative
//! comments by channel and the themes of negative comments.
//!
//! Part of the `report` example (`make demo`). Reads `orders.csv` and `feedback.csv`, made by
//! `scripts/gen_shop.py`.

use std::fmt::Write as _;
use std::fs::File;
use std::path::Path;

use cx_core::io::{TransactionColumns, read_transactions_with_products_csv};
use cx_core::personalize::offers::{
    Baskets, OfferSource, RuleOptions, association_rules, recommend,
};
use cx_core::personalize::sentiment::sentiment_by_segment;
use cx_core::personalize::themes::{ThemeKind, ThemeOptions, feedback_themes};
use cx_core::{CxError, Result};

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| CxError::Io(format!("{}: {e}", path.display())))
}

/// "Next best offer": top rules by lift and the offers for three customers.
pub fn offers_section(dir: &Path) -> Result<String> {
    let cols = TransactionColumns {
        customer: "customer".into(),
        timestamp: "date".into(),
        amount: "amount".into(),
    };
    let tx = read_transactions_with_products_csv(open(&dir.join("orders.csv"))?, &cols, "product")?;
    let baskets = Baskets::from_transactions(&tx)?;
    let o = RuleOptions {
        min_support: 0.02,
        min_confidence: 0.2,
    };
    let rules = association_rules(&baskets, o)?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Next best offer\n---------------\nsynthetic shop: {} customers, {} products, {} order lines",
        baskets.len(),
        baskets.products().len(),
        tx.len()
    );
    let _ = writeln!(
        s,
        "  {:<40} {:>8} {:>10} {:>6}",
        "rule (support >= 2%, confidence >= 20%)", "support", "confidence", "lift"
    );
    for r in rules.iter().take(5) {
        let name = format!("{} -> {}", r.antecedent, r.consequent);
        let _ = writeln!(
            s,
            "  {name:<40} {:>7.1}% {:>9.1}% {:>6.2}",
            100.0 * r.support,
            100.0 * r.confidence,
            r.lift
        );
    }
    let who = ["C0001", "C0002", "C0003"];
    let offers = recommend(&baskets, &who, 3, o)?;
    for c in who {
        let list: Vec<String> = offers
            .iter()
            .filter(|r| r.customer == c)
            .map(|r| match (r.source, &r.because) {
                (OfferSource::Rule, Some(a)) => {
                    format!("{} (with {a}: {:.0}%)", r.product, 100.0 * r.score)
                }
                _ => format!("{} (popular)", r.product),
            })
            .collect();
        let _ = writeln!(
            s,
            "  offers for {c} (bought {}): {}",
            baskets.basket(c).join(", "),
            list.join(", ")
        );
    }
    Ok(s)
}

/// "Feedback": share of negative comments by channel and the top negative themes.
pub fn feedback_section(dir: &Path) -> Result<String> {
    let mut reader = csv::Reader::from_reader(open(&dir.join("feedback.csv"))?);
    let (mut channels, mut comments) = (Vec::new(), Vec::new());
    for rec in reader.records() {
        let rec = rec.map_err(|e| CxError::Io(format!("feedback.csv: {e}")))?;
        channels.push(rec.get(2).unwrap_or("").to_owned());
        comments.push(rec.get(3).unwrap_or("").to_owned());
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Feedback\n--------\n{} comments, VADER-style sentiment",
        comments.len()
    );
    for g in sentiment_by_segment(&comments, &channels)? {
        let _ = writeln!(
            s,
            "  {:<8} {:>4} comments  negative {:>5.1}%  mean compound {:>6.3}",
            g.group,
            g.n,
            100.0 * g.negative,
            g.mean_compound
        );
    }
    let themes = feedback_themes(
        &comments,
        ThemeOptions {
            top: 5,
            ..ThemeOptions::default()
        },
    )?;
    for kind in [ThemeKind::Word, ThemeKind::Phrase] {
        let list: Vec<String> = themes
            .themes
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| format!("{} ({:.0}%)", t.term, 100.0 * t.share))
            .collect();
        let label = if kind == ThemeKind::Word {
            "words"
        } else {
            "phrases"
        };
        let _ = writeln!(s, "  negative {label:<8} {}", list.join(", "));
    }
    Ok(s)
}
