#!/usr/bin/env python3
"""Write tests/vectors/sentiment.json: VADER's published example sentences with their
documented scores, and aggregates and themes worked from those documented scores.

Source of the scores: the vaderSentiment README (C.J. Hutto, github.com/cjhutto/vaderSentiment,
README.rst, "Output for the above example code", vaderSentiment 3.x; MIT licence), which runs
the analyzer of Hutto & Gilbert (2014), "VADER: A Parsimonious Rule-based Model for Sentiment
Analysis of Social Media Text", ICWSM-14. The README prints compound to 4 decimals and pos,
neu, neg to 3, so the tolerances are half a unit in the last printed digit: 5e-5 and 5e-4.
Aggregates (mean compound, label shares) are computed here from the printed compounds only,
so their tolerance is the compound one.

    python3 tests/vectors/derive_sentiment.py --write   # regenerate tests/vectors/sentiment.json
    python3 tests/vectors/derive_sentiment.py --check   # fail when the committed file differs
"""
import json
import os
import sys

CASES = []
README = ("vaderSentiment README.rst (Hutto), 'Output for the above example code', "
          "vaderSentiment 3.x")

# (text, compound, pos, neu, neg) exactly as printed in the README.
EXAMPLES = [
    ("VADER is smart, handsome, and funny.", 0.8316, 0.746, 0.254, 0.0),
    ("VADER is smart, handsome, and funny!", 0.8439, 0.752, 0.248, 0.0),
    ("VADER is very smart, handsome, and funny.", 0.8545, 0.701, 0.299, 0.0),
    ("VADER is VERY SMART, handsome, and FUNNY.", 0.9227, 0.754, 0.246, 0.0),
    ("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342, 0.767, 0.233, 0.0),
    ("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469, 0.706, 0.294, 0.0),
    ("VADER is not smart, handsome, nor funny.", -0.7424, 0.0, 0.354, 0.646),
    ("The book was good.", 0.4404, 0.492, 0.508, 0.0),
    ("At least it isn't a horrible book.", 0.431, 0.363, 0.637, 0.0),
    ("The book was only kind of good.", 0.3832, 0.303, 0.697, 0.0),
    ("The plot was good, but the characters are uncompelling and the dialog is not great.",
     -0.7042, 0.094, 0.579, 0.327),
    ("Today SUX!", -0.5461, 0.0, 0.221, 0.779),
    ("Today only kinda sux! But I'll get by, lol", 0.5249, 0.317, 0.556, 0.127),
    ("Make sure you :) or :D today!", 0.8633, 0.706, 0.294, 0.0),
    ("Catch utf-8 emoji such as \U0001F498 and \U0001F48B and \U0001F601", 0.7003, 0.279, 0.721,
     0.0),
    ("Not bad at all", 0.431, 0.487, 0.513, 0.0),
]
TEXTS = [e[0] for e in EXAMPLES]
COMPOUND = {e[0]: e[1] for e in EXAMPLES}
C_TOL = 5e-5
S_TOL = 5e-4


def case(name, function, source, input, expected=None, error=None, tolerance=None):
    c = {"name": name, "function": function, "source": source, "input": input}
    if error is not None:
        c["error"] = error
    else:
        c["expected"] = expected
        c["tolerance"] = tolerance
    CASES.append(c)


for i, (text, compound, pos, neu, neg) in enumerate(EXAMPLES):
    case(f"vader_readme_{i + 1:02d}_compound", "sentiment", f"{README}: {text!r}",
         {"texts": [text]}, [{"compound": compound}], tolerance=C_TOL)
case("vader_readme_shares", "sentiment",
     f"{README}: pos, neu and neg of every example, printed to 3 decimals.",
     {"texts": TEXTS}, [{"pos": p, "neu": u, "neg": n} for _, _, p, u, n in EXAMPLES],
     tolerance=S_TOL)


def label(c):
    return "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"


def group(name, texts):
    cs = [COMPOUND[t] for t in texts]
    n = len(cs)
    return {"group": name, "n": n, "mean_compound": sum(cs) / n,
            "positive": sum(label(c) == "positive" for c in cs) / n,
            "neutral": sum(label(c) == "neutral" for c in cs) / n,
            "negative": sum(label(c) == "negative" for c in cs) / n}


SEG = {"web": TEXTS[0:6], "app": TEXTS[6:12], "store": TEXTS[12:16]}
seg_texts = [t for s in ("web", "app", "store") for t in SEG[s]]
seg_names = [s for s in ("web", "app", "store") for _ in SEG[s]]
case("sentiment_by_segment_readme", "sentiment_by_segment",
     f"Compounds from {README}; labels: positive >= 0.05, negative <= -0.05 (README's "
     "thresholds). app: 3 negatives of 6 (not smart..., the plot..., Today SUX!); segments "
     "in name order.",
     {"texts": seg_texts, "segments": seg_names},
     [group("app", SEG["app"]), group("store", SEG["store"]), group("web", SEG["web"])],
     tolerance=C_TOL)

# Two months: the first 10 examples in March 2024, the rest in April (dates out of order).
dates = [f"2024-03-{d:02d}" if i < 10 else f"2024-04-{d:02d}"
         for i, d in enumerate([5, 1, 31, 9, 2, 15, 20, 11, 3, 7, 30, 1, 12, 2, 9, 28])]
case("sentiment_trend_readme_months", "sentiment_trend",
     f"Compounds from {README}; monthly periods labelled by their first day.",
     {"texts": TEXTS, "timestamps": dates, "freq": "M"},
     [group("2024-03-01", TEXTS[:10]), group("2024-04-01", TEXTS[10:])], tolerance=C_TOL)

# Themes: the negative README examples are "VADER is not smart, handsome, nor funny.",
# "The plot was good, but the characters are uncompelling and the dialog is not great." and
# "Today SUX!". Without stop words (is, not, nor, the, was, but, are, and) their words are
# vader smart handsome funny / plot good characters uncompelling dialog great / today sux,
# one comment each, so the top 10 words are the first 10 in byte order. Phrases are adjacent
# non-stop words within a clause: only "today sux".
neg = [t for t in TEXTS if COMPOUND[t] <= -0.05]
assert len(neg) == 3
words = sorted(["vader", "smart", "handsome", "funny", "plot", "good", "characters",
                "uncompelling", "dialog", "great", "today", "sux"])[:10]
case("feedback_themes_readme", "feedback_themes",
     "Hand count over the three negative README examples (see derive_sentiment.py): every "
     "word in one comment, ties by term; one phrase, 'today sux'.",
     {"texts": TEXTS, "top": 10},
     {"comments": 16, "negative": 3,
      "themes": [{"kind": "word", "term": w, "comments": 1, "share": 1 / 3} for w in words]
      + [{"kind": "phrase", "term": "today sux", "comments": 1, "share": 1 / 3}]},
     tolerance=1e-12)

ERR = "CX_INVALID_INPUT"
case("sentiment_error_empty", "sentiment", "No texts.", {"texts": []},
     error={"code": "CX_EMPTY", "field": "texts"})
case("sentiment_by_segment_error_lengths", "sentiment_by_segment", "Two texts, one segment.",
     {"texts": ["good", "bad"], "segments": ["a"]},
     error={"code": "CX_LENGTH_MISMATCH", "field": "segments"})
case("feedback_themes_error_threshold", "feedback_themes", "threshold is a compound score.",
     {"texts": ["bad"], "threshold": -2.0}, error={"code": ERR, "field": "threshold"})

doc = {
    "module": "sentiment",
    "about": "Shared test vectors for feedback sentiment: VADER's documented example scores "
             "(see each source) and aggregates and themes worked from them. A case has either "
             "`expected` (absolute tolerance `tolerance` on every number; only the keys given "
             "are compared) or `error` (`code` and `field`). `bindings` lists the languages "
             "that must run this file.",
    "generated_by": "tests/vectors/derive_sentiment.py",
    "bindings": ["rust", "python", "node", "wasm"],
    "cases": CASES,
}

if __name__ == "__main__":
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sentiment.json")
    mode = sys.argv[1] if len(sys.argv) > 1 else "--check"
    if mode == "--write":
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    elif not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
        sys.exit("stale: sentiment.json (run python3 tests/vectors/derive_sentiment.py --write)")
