//! Next best offer and feedback sentiment for JS: `coOccurrence`, `associationRules`,
//! `recommend`, `sentiment`, `sentimentBySegment`, `sentimentTrend`, `feedbackThemes`.

use cx_core::personalize::offers::{self, Baskets, RuleOptions};
use cx_core::personalize::sentiment;
use cx_core::personalize::themes::{self, ThemeOptions};
use cx_core::survey::Period;

use crate::args::{Options, Result, Table, count, invalid, rename, strings, timestamps};
use crate::val::{Val, to_val};
use crate::{arg, js_field};

/// Baskets of a transactions table (columns `customer` and `product`, defaults `customerId`
/// and `product`), with core errors renamed to the table's columns.
fn baskets(v: &Val, o: &Options<'_>) -> Result<Baskets> {
    let customer = o.string("customer")?.unwrap_or("customerId");
    let product = o.string("product")?.unwrap_or("product");
    let t = Table::read("transactions", v)?;
    let cs = t.strings(customer)?;
    let ps = t.strings(product)?;
    Baskets::from_columns(&cs, &ps).map_err(|e| {
        let e = rename(e, "customers", &format!("transactions.{customer}"));
        rename(e, "products", &format!("transactions.{product}"))
    })
}

/// `minSupport` and `minConfidence` (defaults 0.01 and 0.1).
fn rule_options(o: &Options<'_>) -> Result<RuleOptions> {
    let d = RuleOptions::default();
    Ok(RuleOptions {
        min_support: o.number("minSupport")?.unwrap_or(d.min_support),
        min_confidence: o.number("minConfidence")?.unwrap_or(d.min_confidence),
    })
}

/// Core field names spelled the JS way.
fn js_names(e: cx_core::CxError) -> cx_core::CxError {
    match js_field(&e) {
        Some(js) => {
            let core = e.field().unwrap_or_default().to_owned();
            rename(e, &core, &js)
        }
        None => e,
    }
}

/// `coOccurrence(transactions, {customer, product})`: `[{productA, productB, count, support}]`.
pub fn co_occurrence(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 1), &["customer", "product"])?;
    to_val(&offers::co_occurrence(&baskets(arg(args, 0), &o)?))
}

/// `associationRules(transactions, {customer, product, minSupport, minConfidence})`:
/// `[{antecedent, consequent, count, support, confidence, lift, antecedentSupport,
/// consequentSupport}]` by lift, confidence, support, then names.
pub fn association_rules(args: &[Val]) -> Result<Val> {
    let o = Options::read(
        arg(args, 1),
        &["customer", "product", "minSupport", "minConfidence"],
    )?;
    let rules = rule_options(&o)?;
    let b = baskets(arg(args, 0), &o)?;
    to_val(&offers::association_rules(&b, rules).map_err(js_names)?)
}

/// `recommend(transactions, customerIds, {k, customer, product, minSupport, minConfidence})`:
/// `[{customer, rank, product, score, lift, because, source}]`, up to `k` (default 5) per
/// customer, never a product the customer bought.
pub fn recommend(args: &[Val]) -> Result<Val> {
    let o = Options::read(
        arg(args, 2),
        &["k", "customer", "product", "minSupport", "minConfidence"],
    )?;
    let rules = rule_options(&o)?;
    let k = match o.number("k")? {
        Some(k) => count("k", k)? as usize,
        None => 5,
    };
    let ids = strings("customerIds", arg(args, 1))?;
    let b = baskets(arg(args, 0), &o)?;
    to_val(&offers::recommend(&b, &ids, k, rules).map_err(js_names)?)
}

/// An array of texts; anything but a string fails with its index.
fn texts(v: &Val) -> Result<Vec<String>> {
    match v {
        Val::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| match x {
                Val::Str(s) => Ok(s.clone()),
                other => Err(invalid("texts", Some(i), other, "expected a string")),
            })
            .collect(),
        other => Err(invalid(
            "texts",
            None,
            other,
            "expected an array of strings",
        )),
    }
}

/// `sentiment(texts)`: `[{compound, pos, neu, neg, label}]`, one per text.
pub fn sentiment(args: &[Val]) -> Result<Val> {
    let scores = sentiment::sentiment(&texts(arg(args, 0))?)?;
    Ok(Val::Arr(
        scores
            .iter()
            .map(|s| {
                Val::obj([
                    ("compound", s.compound.into()),
                    ("pos", s.pos.into()),
                    ("neu", s.neu.into()),
                    ("neg", s.neg.into()),
                    ("label", s.label().as_str().into()),
                ])
            })
            .collect(),
    ))
}

/// `sentimentBySegment(texts, segments)`: `[{group, n, meanCompound, positive, neutral,
/// negative}]` by segment name.
pub fn sentiment_by_segment(args: &[Val]) -> Result<Val> {
    let t = texts(arg(args, 0))?;
    let s = strings("segments", arg(args, 1))?;
    to_val(&sentiment::sentiment_by_segment(&t, &s)?)
}

/// `sentimentTrend(texts, timestamps, {freq})`: the same per period (`group` is the first
/// day, `YYYY-MM-DD`), in time order.
pub fn sentiment_trend(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 2), &["freq"])?;
    let t = texts(arg(args, 0))?;
    let ts = timestamps("timestamps", arg(args, 1))?;
    let period = o.period("freq")?.unwrap_or(Period::Month);
    to_val(&sentiment::sentiment_trend(&t, &ts, period)?)
}

/// `feedbackThemes(texts, {threshold, top, minComments})`: `{comments, negative, themes:
/// [{kind, term, comments, share}]}`, the top words then the top phrases.
pub fn feedback_themes(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 1), &["threshold", "top", "minComments"])?;
    let d = ThemeOptions::default();
    let opts = ThemeOptions {
        threshold: o.number("threshold")?.unwrap_or(d.threshold),
        top: match o.number("top")? {
            Some(x) => count("top", x)? as usize,
            None => d.top,
        },
        min_comments: match o.number("minComments")? {
            Some(x) => count("minComments", x)? as usize,
            None => d.min_comments,
        },
    };
    to_val(&themes::feedback_themes(&texts(arg(args, 0))?, opts)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Val {
        let r = |c: &str, p: &str| Val::obj([("customerId", c.into()), ("product", p.into())]);
        Val::Arr(vec![
            r("a", "tea"),
            r("a", "cake"),
            r("b", "tea"),
            r("c", "cake"),
        ])
    }

    #[test]
    fn offers_and_errors_use_js_names() {
        let got = association_rules(&[rows()]).unwrap();
        let Val::Arr(rules) = got else { panic!() };
        assert!(rules[0].get("antecedentSupport").is_some());
        let o = Val::obj([("minSupport", Val::Num(0.0))]);
        let e = association_rules(&[rows(), o]).unwrap_err();
        assert_eq!(e.field(), Some("minSupport"));
        let o = Val::obj([("k", Val::Num(0.0))]);
        let e = recommend(&[rows(), Val::Arr(vec!["a".into()]), o]).unwrap_err();
        assert_eq!(e.field(), Some("k"));
        let e = association_rules(&[Val::Arr(vec![])]).unwrap_err();
        assert_eq!(e.field(), Some("transactions.customerId"));
    }

    #[test]
    fn texts_must_be_strings() {
        let e = sentiment(&[Val::Arr(vec!["good".into(), Val::Num(3.0)])]).unwrap_err();
        assert_eq!(e.field(), Some("texts"));
        let got = sentiment(&[Val::Arr(vec!["The book was good.".into()])]).unwrap();
        let Val::Arr(rows) = got else { panic!() };
        assert_eq!(rows[0].get("label"), Some(&Val::from("positive")));
    }
}
