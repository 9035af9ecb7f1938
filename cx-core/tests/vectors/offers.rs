//! Next-best-offer and sentiment cases of the shared vectors (`offers.json`, `sentiment.json`).

use cx_core::CxError;
use cx_core::domain::parse_timestamp;
use cx_core::personalize::offers::{self, Baskets, RuleOptions};
use cx_core::personalize::sentiment;
use cx_core::personalize::themes::{self, ThemeOptions};
use cx_core::survey::Period;
use serde_json::Value;

use super::common::{num, opt_num, to_json};

/// Runs a personalization case; `None` when `function` is not one.
pub fn run(function: &str, input: &Value) -> Option<Result<Value, CxError>> {
    Some(match function {
        "co_occurrence" => baskets(input).map(|b| to_json(&offers::co_occurrence(&b))),
        "association_rules" => baskets(input)
            .and_then(|b| offers::association_rules(&b, rule_options(input)))
            .map(|r| to_json(&r)),
        "recommend" => baskets(input).and_then(|b| {
            let k = input["k"].as_u64().expect("k") as usize;
            let ids = strings(&input["customer_ids"]);
            offers::recommend(&b, &ids, k, rule_options(input)).map(|r| to_json(&r))
        }),
        "sentiment" => sentiment::sentiment(&strings(&input["texts"])).map(|r| to_json(&r)),
        "sentiment_by_segment" => {
            sentiment::sentiment_by_segment(&strings(&input["texts"]), &strings(&input["segments"]))
                .map(|r| to_json(&r))
        }
        "sentiment_trend" => {
            let ts: Vec<_> = strings(&input["timestamps"])
                .iter()
                .map(|t| parse_timestamp(t).expect("timestamp"))
                .collect();
            let period = match input["freq"].as_str().unwrap_or("M") {
                "D" => Period::Day,
                "W" => Period::IsoWeek,
                _ => Period::Month,
            };
            sentiment::sentiment_trend(&strings(&input["texts"]), &ts, period).map(|r| to_json(&r))
        }
        "feedback_themes" => {
            let d = ThemeOptions::default();
            let o = ThemeOptions {
                threshold: opt_num(input, "threshold").unwrap_or(d.threshold),
                top: input
                    .get("top")
                    .and_then(Value::as_u64)
                    .map_or(d.top, |t| t as usize),
                min_comments: d.min_comments,
            };
            themes::feedback_themes(&strings(&input["texts"]), o).map(|r| to_json(&r))
        }
        _ => return None,
    })
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

fn baskets(input: &Value) -> Result<Baskets, CxError> {
    Baskets::from_columns(&strings(&input["customers"]), &strings(&input["products"]))
}

fn rule_options(input: &Value) -> RuleOptions {
    let d = RuleOptions::default();
    RuleOptions {
        min_support: input.get("min_support").map_or(d.min_support, num),
        min_confidence: input.get("min_confidence").map_or(d.min_confidence, num),
    }
}
