//! The themes of negative feedback: the words and two-word phrases that most negative comments
//! mention, stop words removed.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::sentiment::{check_threshold, polarity};
use crate::error::{CxError, Result, check_len_at_least};

/// Common English function words, left out of themes (written for cx).
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "still",
    "really",
    "much",
    "many",
    "one",
    "two",
    "yet",
];

/// Whether a theme is a single word or a two-word phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeKind {
    /// One word.
    Word,
    /// Two adjacent words (within one clause, neither a stop word).
    Phrase,
}

/// A word or phrase and how many negative comments mention it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// Word or phrase.
    pub kind: ThemeKind,
    /// The word or phrase, lower case.
    pub term: String,
    /// Negative comments that mention it (each comment counts once).
    pub comments: usize,
    /// `comments` ÷ the number of negative comments.
    pub share: f64,
}

/// Options of [`feedback_themes`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThemeOptions {
    /// Comments whose compound score is at or below this are negative (default −0.05).
    pub threshold: f64,
    /// Themes of each kind to return (default 10).
    pub top: usize,
    /// Leave out terms mentioned by fewer comments (default 1).
    pub min_comments: usize,
}

impl Default for ThemeOptions {
    fn default() -> Self {
        Self {
            threshold: -0.05,
            top: 10,
            min_comments: 1,
        }
    }
}

/// The result of [`feedback_themes`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Themes {
    /// Comments scored.
    pub comments: usize,
    /// Comments at or below the threshold.
    pub negative: usize,
    /// The top words then the top phrases, each by `comments` (descending), ties by term.
    pub themes: Vec<Theme>,
}

fn is_stop(w: &str) -> bool {
    STOP_WORDS.contains(&w) || w.chars().all(|c| c.is_ascii_digit())
}

/// Lower-case words of each clause (split at sentence and clause punctuation); a word keeps
/// inner apostrophes and hyphens (`don't`, `e-mail`).
fn clauses(text: &str) -> Vec<Vec<String>> {
    text.split(['.', ',', ';', ':', '!', '?', '\n', '(', ')', '"'])
        .map(|c| {
            c.split(|ch: char| !(ch.is_alphanumeric() || ch == '\'' || ch == '-' || ch == '’'))
                .map(|w| {
                    w.trim_matches(['\'', '-', '’'])
                        .replace('’', "'")
                        .to_lowercase()
                })
                .filter(|w| w.chars().count() > 1)
                .collect()
        })
        .collect()
}

/// The most frequent words and two-word phrases among negative comments (VADER compound at or
/// below `threshold`), stop words and numbers removed. A phrase is two adjacent words of one
/// clause, neither a stop word. Counts are of comments, so one comment repeating a word counts
/// once; ties are broken by the term in byte order, so the result is deterministic.
///
/// ```
/// use cx_core::personalize::themes::{feedback_themes, ThemeOptions};
/// let texts = ["Late delivery, box damaged", "Late delivery, terrible service", "Great shop"];
/// let t = feedback_themes(&texts, ThemeOptions::default())?;
/// assert_eq!(t.negative, 2);
/// assert_eq!(t.themes[0].term, "delivery");
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn feedback_themes<S: AsRef<str>>(texts: &[S], o: ThemeOptions) -> Result<Themes> {
    check_len_at_least("texts", texts.len(), 1)?;
    check_threshold(o.threshold)?;
    if o.top == 0 {
        return Err(CxError::InvalidInput {
            field: "top".into(),
            index: None,
            value: Some("0".into()),
            reason: "must be at least 1 (themes of each kind to return)".into(),
        });
    }
    let mut counts: HashMap<(ThemeKind, String), usize> = HashMap::new();
    let mut negative = 0;
    for t in texts {
        let t = t.as_ref();
        if polarity(t).compound > o.threshold {
            continue;
        }
        negative += 1;
        let mut seen = BTreeSet::new();
        for clause in clauses(t) {
            for (i, w) in clause.iter().enumerate() {
                if is_stop(w) {
                    continue;
                }
                seen.insert((ThemeKind::Word, w.clone()));
                if let Some(n) = clause.get(i + 1).filter(|n| !is_stop(n)) {
                    seen.insert((ThemeKind::Phrase, format!("{w} {n}")));
                }
            }
        }
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut all: Vec<((ThemeKind, String), usize)> = counts
        .into_iter()
        .filter(|(_, n)| *n >= o.min_comments)
        .collect();
    all.sort_by(|((ka, ta), na), ((kb, tb), nb)| ka.cmp(kb).then(nb.cmp(na)).then(ta.cmp(tb)));
    let mut themes = Vec::new();
    for kind in [ThemeKind::Word, ThemeKind::Phrase] {
        themes.extend(all.iter().filter(|((k, _), _)| *k == kind).take(o.top).map(
            |((k, t), n)| Theme {
                kind: *k,
                term: t.clone(),
                comments: *n,
                share: *n as f64 / negative as f64,
            },
        ));
    }
    Ok(Themes {
        comments: texts.len(),
        negative,
        themes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_comments_and_phrases() {
        let texts = [
            "The delivery was late and the box was damaged.",
            "Late delivery, late delivery, terrible.",
            "Customer service was rude, terrible support.",
            "Love it, great quality",
        ];
        let t = feedback_themes(&texts, ThemeOptions::default()).unwrap();
        assert_eq!((t.comments, t.negative), (4, 3));
        let get = |k, s: &str| {
            t.themes
                .iter()
                .find(|x| x.kind == k && x.term == s)
                .unwrap()
        };
        assert_eq!(get(ThemeKind::Word, "late").comments, 2);
        assert_eq!(get(ThemeKind::Phrase, "late delivery").comments, 1);
        assert_eq!(get(ThemeKind::Phrase, "customer service").comments, 1);
        assert!(t.themes.iter().all(|x| !is_stop(&x.term)));
        // Words first, by count then term.
        assert_eq!(t.themes[0].term, "delivery");
        assert_eq!(t.themes[1].term, "late");
    }

    #[test]
    fn errors_name_fields() {
        let e = feedback_themes::<&str>(&[], ThemeOptions::default()).unwrap_err();
        assert_eq!(e.field(), Some("texts"));
        let o = ThemeOptions {
            top: 0,
            ..ThemeOptions::default()
        };
        assert_eq!(
            feedback_themes(&["bad"], o).unwrap_err().field(),
            Some("top")
        );
    }
}
