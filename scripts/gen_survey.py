#!/usr/bin/env python3
"""Write examples/data/survey_responses.csv: synthetic, deterministic survey answers.

Customers 1..2357 (the CDNOW sample ids) answer an NPS, CSAT or CES question after a contact
on one of four channels between 1997-01-01 and 1998-06-30. Each channel has its own answer
distribution, so the demo's segment breakdown shows real differences. Only `random.random()`
of a seeded `random.Random` is used, whose sequence is stable across Python 3 versions.

    python3 scripts/gen_survey.py > examples/data/survey_responses.csv
"""
import datetime as dt
import random
import sys

SEED = 20261125
CHANNELS = ["web", "email", "phone", "chat"]
# Relative weights of each answer, per channel.
NPS = {  # scores 0..10
    "web": [1, 1, 1, 2, 2, 3, 4, 8, 12, 14, 12],
    "email": [2, 1, 2, 2, 3, 4, 5, 9, 11, 10, 8],
    "phone": [3, 2, 3, 3, 4, 5, 6, 8, 9, 9, 9],
    "chat": [1, 1, 1, 1, 2, 3, 4, 7, 12, 16, 15],
}
CSAT = {  # scores 1..5
    "web": [3, 5, 12, 40, 40], "email": [5, 8, 15, 40, 32],
    "phone": [8, 10, 17, 35, 30], "chat": [2, 4, 10, 38, 46],
}
CES = {  # scores 1..7, 7 = "the company made it easy"
    "web": [2, 3, 6, 12, 25, 30, 22], "email": [3, 5, 8, 15, 25, 26, 18],
    "phone": [6, 8, 10, 16, 22, 22, 16], "chat": [1, 2, 4, 10, 23, 32, 28],
}
START = dt.datetime(1997, 1, 1)
SPAN_SECONDS = int((dt.datetime(1998, 7, 1) - START).total_seconds())


def pick(rng, weights):
    x = rng.random() * sum(weights)
    for i, w in enumerate(weights):
        x -= w
        if x < 0:
            return i
    return len(weights) - 1


def main():
    rng = random.Random(SEED)
    rows = []
    for customer in range(1, 2358):
        for _ in range(pick(rng, [50, 30, 15, 5])):  # 0..3 answers per customer
            channel = CHANNELS[pick(rng, [40, 25, 20, 15])]
            kind = ["nps", "csat", "ces"][pick(rng, [50, 30, 20])]
            when = START + dt.timedelta(seconds=int(rng.random() * SPAN_SECONDS))
            if kind == "nps":
                score = pick(rng, NPS[channel])
            elif kind == "csat":
                score = 1 + pick(rng, CSAT[channel])
            else:
                score = 1 + pick(rng, CES[channel])
            rows.append((when, customer, kind, score, channel))
    rows.sort()
    out = sys.stdout
    out.write("customer_id,timestamp,kind,score,segment\n")
    for when, customer, kind, score, channel in rows:
        out.write(f"{customer},{when:%Y-%m-%dT%H:%M:%SZ},{kind},{score},{channel}\n")


if __name__ == "__main__":
    main()
