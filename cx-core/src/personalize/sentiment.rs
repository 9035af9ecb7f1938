//! Lexicon-based sentiment of English feedback in the VADER tradition, and its aggregates by
//! segment and by calendar period.
//!
//! The rules follow Hutto & Gilbert (2014), *VADER: A Parsimonious Rule-based Model for
//! Sentiment Analysis of Social Media Text*, ICWSM-14, as documented for the reference
//! implementation (`vaderSentiment` 3.x): word valences from the VADER lexicon; booster and
//! dampener words (±0.293, fading to 95 % and 90 % two and three words away); ALL-CAPS
//! emphasis (+0.733) when the text mixes capitalised and other words; negation within three
//! words (×−0.74); "least"; "but" (the valence before it halved, after it ×1.5);
//! exclamation marks (+0.292 each, at most 4) and question marks (+0.18 each for 2 or 3, 0.96
//! for more); a few idioms; emoji replaced by their names. The compound score is the sum
//! `s` of valences normalised as `s / sqrt(s² + 15)`; `pos`, `neu` and `neg` are the shares
//! of the text's tokens' weight.
//!
//! The lexicon (`vader_lexicon.txt`: token and mean rating, 7,504 entries) and the emoji names
//! (`vader_emoji.txt`, single-code-point emoji) are the VADER lexicon files, MIT licence,
//! Copyright (c) 2016 C.J. Hutto (notice in `LICENSE-VADER` beside them). The code is written
//! for cx from the published description.
//!
//! The registry's port, `vader_sentiment` 0.1.1, was checked first:
//! it gives other scores than the README on 6 of its 16 examples (the four with the booster
//! "very"/"VERY", the emoticon `:D` and "kinda … But"), so cx carries its own rules.
//!
//! Two quirks of the reference implementation are deliberately not reproduced: its "but" rule
//! looks sentiments up by value (so two equal valences can be scaled twice or not at all), and
//! its three-words-back "never so/this" test also fires on "so" or "this" without "never"
//! because of operator precedence. Here "but" scales by position and "so"/"this" amplify
//! only after "never". The documented example sentences do not hit either case.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::domain::Timestamp;
use crate::error::{CxError, Result, check_len_at_least, check_same_len};
use crate::survey::Period;

const LEXICON: &str = include_str!("vader_lexicon.txt");
const EMOJI: &str = include_str!("vader_emoji.txt");

/// Booster (intensifier) increment, Hutto & Gilbert (2014) Table 3.
const B_INCR: f64 = 0.293;
/// Dampener decrement.
const B_DECR: f64 = -0.293;
/// ALL-CAPS emphasis increment.
const C_INCR: f64 = 0.733;
/// Negation scalar.
const N_SCALAR: f64 = -0.74;
/// Normalisation constant of the compound score (approximates the maximum expected sum).
const ALPHA: f64 = 15.0;

/// Compound at or above this is positive, at or below its negative negative (VADER README).
pub const POSITIVE_THRESHOLD: f64 = 0.05;

/// Words that negate the sentiment of a word up to three positions later.
const NEGATIONS: [&str; 59] = [
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

/// Intensifiers (raise |valence| by [`B_INCR`]).
const BOOSTERS: [&str; 60] = [
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flipping",
    "flippin",
    "frackin",
    "fracking",
    "fricking",
    "frickin",
    "frigging",
    "friggin",
    "fully",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
];

/// Dampeners (lower |valence| by [`B_DECR`]); two-word ones match as idioms.
const DAMPENERS: [&str; 24] = [
    "almost",
    "barely",
    "hardly",
    "just enough",
    "kind of",
    "kinda",
    "kindof",
    "kind-of",
    "less",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "scarcely",
    "slight",
    "slightly",
    "somewhat",
    "sort of",
    "sorta",
    "sortof",
    "sort-of",
];

/// Multi-word expressions whose valence replaces the word's own.
const IDIOMS: [(&str, f64); 10] = [
    ("the shit", 3.0),
    ("the bomb", 3.0),
    ("bad ass", 1.5),
    ("badass", 1.5),
    ("bus stop", 0.0),
    ("yeah right", -2.0),
    ("kiss of death", -1.5),
    ("to die for", 3.0),
    ("beating heart", 3.1),
    ("broken heart", -2.9),
];

struct Lexicon {
    words: HashMap<&'static str, f64>,
    emoji: HashMap<char, &'static str>,
    boosters: HashMap<&'static str, f64>,
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        // Later lines win, as when the reference loads its file into a dict.
        let words = LEXICON
            .lines()
            .filter_map(|l| {
                let (w, v) = l.split_once('\t')?;
                Some((w, v.parse().ok()?))
            })
            .collect();
        let emoji = EMOJI
            .lines()
            .filter_map(|l| {
                let (e, name) = l.split_once('\t')?;
                let mut cs = e.chars();
                let c = cs.next()?;
                cs.next().is_none().then_some((c, name))
            })
            .collect();
        let boosters = BOOSTERS
            .iter()
            .map(|&w| (w, B_INCR))
            .chain(DAMPENERS.iter().map(|&w| (w, B_DECR)))
            .collect();
        Lexicon {
            words,
            emoji,
            boosters,
        }
    })
}

/// VADER scores of one text: `compound` in [−1, 1] and the shares `pos + neu + neg = 1`
/// (all 0 for a text without tokens). Unrounded (the reference prints 4 and 3 decimals).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SentimentScore {
    /// Normalised sum of valences, −1 (most negative) to 1 (most positive).
    pub compound: f64,
    /// Share of the text's weight that is positive.
    pub pos: f64,
    /// Share that is neutral.
    pub neu: f64,
    /// Share that is negative.
    pub neg: f64,
}

/// The conventional reading of a compound score (VADER README): positive ≥ 0.05,
/// negative ≤ −0.05, neutral between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentimentLabel {
    /// Compound ≥ 0.05.
    Positive,
    /// Compound strictly between −0.05 and 0.05.
    Neutral,
    /// Compound ≤ −0.05.
    Negative,
}

impl SentimentLabel {
    /// The label of a compound score.
    pub fn of(compound: f64) -> Self {
        if compound >= POSITIVE_THRESHOLD {
            Self::Positive
        } else if compound <= -POSITIVE_THRESHOLD {
            Self::Negative
        } else {
            Self::Neutral
        }
    }

    /// `"positive"`, `"neutral"` or `"negative"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Positive => "positive",
            Self::Neutral => "neutral",
            Self::Negative => "negative",
        }
    }
}

impl SentimentScore {
    /// The conventional label of the compound score.
    pub fn label(&self) -> SentimentLabel {
        SentimentLabel::of(self.compound)
    }
}

/// Python's `str.isupper`: some cased character and no lower-case one.
fn is_upper(s: &str) -> bool {
    s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)
}

/// Emoji replaced by their names (space-separated), as the reference does before tokenizing.
fn describe_emoji(text: &str, lex: &Lexicon) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_space = true;
    for c in text.chars() {
        if let Some(name) = lex.emoji.get(&c) {
            if !prev_space {
                out.push(' ');
            }
            out.push_str(name);
            prev_space = false;
        } else {
            out.push(c);
            prev_space = c == ' ';
        }
    }
    out
}

/// Whitespace tokens of two or more characters, stripped of leading and trailing ASCII
/// punctuation unless that leaves at most one character (so `:)` and `:D` stay emoticons).
fn tokens(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .filter(|t| t.chars().count() > 1)
        .map(|t| {
            let s = t.trim_matches(|c: char| c.is_ascii_punctuation());
            if s.chars().count() <= 1 { t } else { s }
        })
        .collect()
}

fn is_negation(word: &str) -> bool {
    NEGATIONS.contains(&word) || word.contains("n't")
}

/// Booster/dampener contribution of `word` to a word of `valence`.
fn scalar(word: &str, lower: &str, valence: f64, caps_differ: bool, lex: &Lexicon) -> f64 {
    let Some(&b) = lex.boosters.get(lower) else {
        return 0.0;
    };
    let mut s = if valence < 0.0 { -b } else { b };
    if caps_differ && is_upper(word) {
        s += if valence > 0.0 { C_INCR } else { -C_INCR };
    }
    s
}

/// The valence of token `i` after the booster, negation, caps, idiom and "least" rules.
fn valence_at(words: &[&str], lower: &[String], i: usize, caps_differ: bool, lex: &Lexicon) -> f64 {
    let Some(&base) = lex.words.get(lower[i].as_str()) else {
        return 0.0;
    };
    let in_lex = |j: usize| lex.words.contains_key(lower[j].as_str());
    let mut v = base;
    // "no" right before another lexicon word negates it instead of counting itself.
    if lower[i] == "no" && i + 1 < words.len() && in_lex(i + 1) {
        v = 0.0;
    }
    if (i > 0 && lower[i - 1] == "no")
        || (i > 1 && lower[i - 2] == "no")
        || (i > 2 && lower[i - 3] == "no" && matches!(lower[i - 1].as_str(), "or" | "nor"))
    {
        v = base * N_SCALAR;
    }
    if caps_differ && is_upper(words[i]) {
        v += if v > 0.0 { C_INCR } else { -C_INCR };
    }
    for back in 0..3 {
        if i <= back || in_lex(i - back - 1) {
            continue;
        }
        let j = i - back - 1;
        let fade = [1.0, 0.95, 0.9][back];
        let s = scalar(words[j], &lower[j], v, caps_differ, lex);
        if s != 0.0 {
            v += s * fade;
        }
        v = negation(v, lower, back, i);
        if back == 2 {
            v = idioms(v, lower, i, lex);
        }
    }
    // "least" negates, except in "at least" and "very least".
    if i > 0 && lower[i - 1] == "least" && !in_lex(i - 1) {
        let exempt = i > 1 && matches!(lower[i - 2].as_str(), "at" | "very");
        if !exempt {
            v *= N_SCALAR;
        }
    }
    v
}

fn negation(v: f64, lower: &[String], back: usize, i: usize) -> f64 {
    let w = |k: usize| lower[i - k].as_str();
    match back {
        0 if is_negation(w(1)) => v * N_SCALAR,
        1 if w(2) == "never" && matches!(w(1), "so" | "this") => v * 1.25,
        1 if w(2) == "without" && w(1) == "doubt" => v,
        1 if is_negation(w(2)) => v * N_SCALAR,
        2 if w(3) == "never"
            && (matches!(w(2), "so" | "this") || matches!(w(1), "so" | "this")) =>
        {
            v * 1.25
        }
        2 if w(3) == "without" && (w(2) == "doubt" || w(1) == "doubt") => v,
        2 if is_negation(w(3)) => v * N_SCALAR,
        _ => v,
    }
}

/// Idioms around token `i` (set the valence) and two- or three-word dampeners before it.
fn idioms(v: f64, lower: &[String], i: usize, lex: &Lexicon) -> f64 {
    let w = |k: usize| lower[k].as_str();
    let idiom = |s: &str| IDIOMS.iter().find(|(k, _)| *k == s).map(|(_, x)| *x);
    let mut v = v;
    let before = [
        format!("{} {}", w(i - 1), w(i)),
        format!("{} {} {}", w(i - 2), w(i - 1), w(i)),
        format!("{} {}", w(i - 2), w(i - 1)),
        format!("{} {} {}", w(i - 3), w(i - 2), w(i - 1)),
        format!("{} {}", w(i - 3), w(i - 2)),
    ];
    if let Some(x) = before.iter().find_map(|s| idiom(s)) {
        v = x;
    }
    if i + 1 < lower.len()
        && let Some(x) = idiom(&format!("{} {}", w(i), w(i + 1)))
    {
        v = x;
    }
    if i + 2 < lower.len()
        && let Some(x) = idiom(&format!("{} {} {}", w(i), w(i + 1), w(i + 2)))
    {
        v = x;
    }
    for gram in [&before[3], &before[4], &before[2]] {
        if let Some(b) = lex.boosters.get(gram.as_str()) {
            v += b;
        }
    }
    v
}

/// The VADER scores of one text.
///
/// ```
/// use cx_core::personalize::sentiment::polarity;
/// // VADER README: compound 0.4404, pos 0.492, neu 0.508.
/// let s = polarity("The book was good.");
/// assert!((s.compound - 0.4404).abs() < 5e-5);
/// assert!((s.pos - 0.492).abs() < 5e-4);
/// ```
pub fn polarity(text: &str) -> SentimentScore {
    let lex = lexicon();
    let text = describe_emoji(text, lex);
    let text = text.trim();
    let words = tokens(text);
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let caps = words.iter().filter(|w| is_upper(w)).count();
    let caps_differ = caps > 0 && caps < words.len();

    let mut v: Vec<f64> = (0..words.len())
        .map(|i| {
            let kind_of = lower[i] == "kind" && lower.get(i + 1).is_some_and(|n| n == "of");
            if lex.boosters.contains_key(lower[i].as_str()) || kind_of {
                0.0
            } else {
                valence_at(&words, &lower, i, caps_differ, lex)
            }
        })
        .collect();
    if let Some(b) = lower.iter().position(|w| w == "but") {
        for (i, x) in v.iter_mut().enumerate() {
            if i < b {
                *x *= 0.5;
            } else if i > b {
                *x *= 1.5;
            }
        }
    }
    score(&v, text)
}

fn punctuation_emphasis(text: &str) -> f64 {
    let ep = text.matches('!').count().min(4) as f64 * 0.292;
    let qm = match text.matches('?').count() {
        0 | 1 => 0.0,
        n @ 2..=3 => n as f64 * 0.18,
        _ => 0.96,
    };
    ep + qm
}

fn score(v: &[f64], text: &str) -> SentimentScore {
    if v.is_empty() {
        return SentimentScore {
            compound: 0.0,
            pos: 0.0,
            neu: 0.0,
            neg: 0.0,
        };
    }
    let emphasis = punctuation_emphasis(text);
    let mut sum: f64 = v.iter().sum();
    if sum > 0.0 {
        sum += emphasis;
    } else if sum < 0.0 {
        sum -= emphasis;
    }
    let compound = (sum / (sum * sum + ALPHA).sqrt()).clamp(-1.0, 1.0);
    // Each sentiment-bearing token weighs 1 + |valence|, each neutral one 1.
    let (mut pos, mut neg, mut neu) = (0.0, 0.0, 0.0);
    for &x in v {
        if x > 0.0 {
            pos += x + 1.0;
        } else if x < 0.0 {
            neg += 1.0 - x;
        } else {
            neu += 1.0;
        }
    }
    if pos > neg {
        pos += emphasis;
    } else if pos < neg {
        neg += emphasis;
    }
    let total = pos + neg + neu;
    SentimentScore {
        compound,
        pos: pos / total,
        neu: neu / total,
        neg: neg / total,
    }
}

/// VADER scores of every text, in order. Fails on an empty list.
pub fn sentiment<S: AsRef<str>>(texts: &[S]) -> Result<Vec<SentimentScore>> {
    check_len_at_least("texts", texts.len(), 1)?;
    Ok(texts.iter().map(|t| polarity(t.as_ref())).collect())
}

/// Sentiment of a group of texts: count, mean compound and the shares labelled positive,
/// neutral and negative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupSentiment {
    /// Segment name, or the first day of the period (`YYYY-MM-DD`).
    pub group: String,
    /// Texts in the group.
    pub n: usize,
    /// Mean compound score.
    pub mean_compound: f64,
    /// Share of texts labelled positive (compound ≥ 0.05).
    pub positive: f64,
    /// Share labelled neutral.
    pub neutral: f64,
    /// Share labelled negative (compound ≤ −0.05).
    pub negative: f64,
}

fn summarize(group: String, compounds: &[f64]) -> GroupSentiment {
    let n = compounds.len();
    let share = |l: SentimentLabel| {
        compounds
            .iter()
            .filter(|&&c| SentimentLabel::of(c) == l)
            .count() as f64
            / n as f64
    };
    GroupSentiment {
        group,
        n,
        mean_compound: compounds.iter().sum::<f64>() / n as f64,
        positive: share(SentimentLabel::Positive),
        neutral: share(SentimentLabel::Neutral),
        negative: share(SentimentLabel::Negative),
    }
}

/// Sentiment per segment, segments in name order.
pub fn sentiment_by_segment<S: AsRef<str>, G: AsRef<str>>(
    texts: &[S],
    segments: &[G],
) -> Result<Vec<GroupSentiment>> {
    check_len_at_least("texts", texts.len(), 1)?;
    check_same_len("texts", texts.len(), "segments", segments.len())?;
    let mut groups: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (t, g) in texts.iter().zip(segments) {
        groups
            .entry(g.as_ref())
            .or_default()
            .push(polarity(t.as_ref()).compound);
    }
    Ok(groups
        .into_iter()
        .map(|(g, c)| summarize(g.to_owned(), &c))
        .collect())
}

/// Sentiment per calendar period (labelled by its first day), in time order; periods with no
/// text are left out.
pub fn sentiment_trend<S: AsRef<str>>(
    texts: &[S],
    timestamps: &[Timestamp],
    period: Period,
) -> Result<Vec<GroupSentiment>> {
    check_len_at_least("texts", texts.len(), 1)?;
    check_same_len("texts", texts.len(), "timestamps", timestamps.len())?;
    let mut groups: BTreeMap<chrono::NaiveDate, Vec<f64>> = BTreeMap::new();
    for (t, ts) in texts.iter().zip(timestamps) {
        groups
            .entry(period.start_of(ts))
            .or_default()
            .push(polarity(t.as_ref()).compound);
    }
    Ok(groups
        .into_iter()
        .map(|(d, c)| summarize(d.format("%Y-%m-%d").to_string(), &c))
        .collect())
}

/// Fails unless `threshold` is a compound score in [−1, 1].
pub(crate) fn check_threshold(threshold: f64) -> Result<()> {
    if threshold.is_finite() && (-1.0..=1.0).contains(&threshold) {
        Ok(())
    } else {
        Err(CxError::InvalidInput {
            field: "threshold".into(),
            index: None,
            value: Some(threshold.to_string()),
            reason: "must be a compound score from -1 to 1, e.g. -0.05".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // VADER README (vaderSentiment 3.x, "Output for the above example code"): compound to
    // 4 decimals, pos/neu/neg to 3. The full set is in tests/vectors/sentiment.json.
    #[test]
    fn readme_examples() {
        for (text, compound, pos, neu, neg) in [
            (
                "VADER is very smart, handsome, and funny.",
                0.8545,
                0.701,
                0.299,
                0.0,
            ),
            (
                "At least it isn't a horrible book.",
                0.431,
                0.363,
                0.637,
                0.0,
            ),
            (
                "Today only kinda sux! But I'll get by, lol",
                0.5249,
                0.317,
                0.556,
                0.127,
            ),
            ("Make sure you :) or :D today!", 0.8633, 0.706, 0.294, 0.0),
            (
                "Catch utf-8 emoji such as 💘 and 💋 and 😁",
                0.7003,
                0.279,
                0.721,
                0.0,
            ),
        ] {
            let s = polarity(text);
            assert!((s.compound - compound).abs() <= 5e-5, "{text}: {s:?}");
            assert!((s.pos - pos).abs() <= 5e-4, "{text}: {s:?}");
            assert!((s.neu - neu).abs() <= 5e-4, "{text}: {s:?}");
            assert!((s.neg - neg).abs() <= 5e-4, "{text}: {s:?}");
        }
    }

    #[test]
    fn empty_and_neutral_texts() {
        let s = polarity("");
        assert_eq!((s.compound, s.pos, s.neu, s.neg), (0.0, 0.0, 0.0, 0.0));
        assert_eq!(
            polarity("parcel came on Tuesday").label(),
            SentimentLabel::Neutral
        );
        assert!(sentiment::<&str>(&[]).is_err());
    }

    #[test]
    fn aggregates() {
        let texts = ["great service", "terrible delay", "ok", "awful, broken"];
        let by = sentiment_by_segment(&texts, &["b", "a", "b", "a"]).unwrap();
        assert_eq!(by[0].group, "a");
        assert_eq!(by[0].negative, 1.0);
        assert_eq!(by[1].n, 2);
        let e = sentiment_by_segment(&texts, &["a"]).unwrap_err();
        assert_eq!(e.field(), Some("segments"));
        assert!(check_threshold(2.0).is_err());
    }

    proptest! {
        #[test]
        fn compound_in_range(words in proptest::collection::vec(
            prop_oneof![
                Just("good"), Just("BAD"), Just("not"), Just("very"), Just("but"), Just("!!!"),
                Just("kind"), Just("of"), Just("least"), Just("no"), Just("love"), Just("hate"),
                Just("??"), Just(":)"), Just("😁"), Just("never"), Just("so"), Just("x"),
            ], 0..40)) {
            let s = polarity(&words.join(" "));
            prop_assert!((-1.0..=1.0).contains(&s.compound));
            let total = s.pos + s.neu + s.neg;
            prop_assert!(total == 0.0 || (total - 1.0).abs() < 1e-12);
        }
    }
}
