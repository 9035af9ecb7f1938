#!/usr/bin/env python3
"""Write the synthetic, deterministic shop sample of the demo: orders with products, and
free-text feedback.

    python3 scripts/gen_shop.py --write   # (re)write both files under examples/data/
    python3 scripts/gen_shop.py --check   # fail when a committed file differs

orders.csv (customer, date, product, amount): 800 customers of a coffee-and-tea shop place
orders in 2024, one row per product bought. Each customer leans to coffee, tea or baking;
within a taste, products are bought together (beans with filters, a grinder with beans,
tea with honey, flour with yeast), so association rules have something to find; a few
products sell across tastes.

feedback.csv (customer, date, channel, comment): about 1,000 comments on the web shop, the
app and the store. Most are positive; the app's comments complain more (crashes, login,
checkout), and late or damaged deliveries grow in November and December, so sentiment differs
by channel and over time, and the negative comments have recurring themes.

Only `random.random()` of a seeded `random.Random` is used, whose sequence is stable across
Python 3 versions; the files are synthetic, not real customer data.
"""
import csv
import datetime as dt
import io
import os
import sys

import random

SEED = 20261126
START = dt.date(2024, 1, 1)

PRICES = {
    "espresso beans": 14.0, "filter coffee": 11.0, "paper filters": 4.0, "grinder": 59.0,
    "milk frother": 35.0, "green tea": 9.0, "black tea": 8.0, "honey": 7.5, "teapot": 29.0,
    "flour": 3.5, "yeast": 2.0, "baking tin": 18.0, "chocolate": 4.5, "mug": 12.0,
}
# Taste -> (core products, products bought alongside each core product with a probability).
TASTES = {
    "coffee": (["espresso beans", "filter coffee"],
               {"espresso beans": [("grinder", 0.25), ("milk frother", 0.2)],
                "filter coffee": [("paper filters", 0.6), ("grinder", 0.1)]}),
    "tea": (["green tea", "black tea"],
            {"green tea": [("honey", 0.35), ("teapot", 0.15)],
             "black tea": [("honey", 0.25), ("mug", 0.15)]}),
    "baking": (["flour"],
               {"flour": [("yeast", 0.55), ("baking tin", 0.2), ("chocolate", 0.35)]}),
}
ANYONE = [("chocolate", 0.08), ("mug", 0.05)]

POSITIVE = [
    "Great coffee and fast delivery!", "Love the green tea, will order again.",
    "Excellent service, thank you!", "The grinder works perfectly, very happy.",
    "Friendly staff and a lovely shop.", "Best beans I have tried in years.",
    "Quick checkout, good prices.", "The honey is delicious!", "Nice packaging, arrived early.",
    "Really good value for money.", "Helpful advice in the store, great experience.",
]
NEUTRAL = [
    "Ordered filters for the office.", "Bought a teapot as a gift.",
    "Picked up my order on Tuesday.", "Second order this month.",
]
NEGATIVE_ANY = [
    "Late delivery and nobody answered my email.", "The box arrived damaged, very disappointed.",
    "Late delivery again, terrible service.", "Refund took three weeks, awful customer service.",
    "Wrong product in the box, annoying.", "Beans were stale, bad quality.",
]
NEGATIVE_APP = [
    "The app crashes at checkout.", "App crashes every time I log in, frustrating.",
    "Checkout failed twice in the app, so annoying.", "Login problems in the app, useless.",
]
NEGATIVE_PEAK = [
    "Christmas order arrived late, so disappointed.", "Late delivery, the gift was ruined.",
    "Delivery delayed by a week, terrible.",
]


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "--check"
    if what not in ("--write", "--check"):
        sys.exit("usage: gen_shop.py --write|--check")
    orders, feedback = make()
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "data")
    stale = []
    for name, text in (("orders.csv", orders), ("feedback.csv", feedback)):
        path = os.path.join(data, name)
        if what == "--write":
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        elif not os.path.exists(path) or open(path, encoding="utf-8", newline="").read() != text:
            stale.append(name)
    if stale:
        sys.exit("stale: " + ", ".join(stale) + " (run python3 scripts/gen_shop.py --write)")


def make():
    r = random.Random(SEED)

    def pick(seq):
        return seq[int(r.random() * len(seq))]

    order_rows, feedback_rows = [], []
    for c in range(1, 801):
        customer = f"C{c:04d}"
        taste = pick(["coffee", "coffee", "tea", "tea", "baking"])
        core, extras = TASTES[taste]
        n_orders = 1 + int(r.random() * r.random() * 6)
        first = int(r.random() * 300)
        channel = pick(["web", "web", "app", "store"])
        for k in range(n_orders):
            day = min(365, first + k * (10 + int(r.random() * 40)))
            date = START + dt.timedelta(days=day)
            basket = {pick(core)}
            for p in sorted(basket):
                for extra, prob in extras[p]:
                    if r.random() < prob:
                        basket.add(extra)
            if r.random() < 0.15:  # a second taste now and then
                other = pick(sorted(TASTES))
                basket.add(pick(TASTES[other][0]))
            for extra, prob in ANYONE:
                if r.random() < prob:
                    basket.add(extra)
            for p in sorted(basket):
                qty = 1 + int(r.random() * r.random() * 3)
                order_rows.append((customer, date.isoformat(), p, f"{PRICES[p] * qty:.2f}"))
            if r.random() < 0.6:
                when = date + dt.timedelta(days=2 + int(r.random() * 5))
                feedback_rows.append((customer, when.isoformat(), channel,
                                      comment(r, pick, channel, when)))
    order_rows.sort(key=lambda row: (row[1], row[0], row[2]))
    feedback_rows.sort(key=lambda row: (row[1], row[0]))
    return (table(["customer", "date", "product", "amount"], order_rows),
            table(["customer", "date", "channel", "comment"], feedback_rows))


def comment(r, pick, channel, when):
    peak = when.month >= 11
    u = r.random()
    p_app = 0.22 if channel == "app" else 0.0
    p_peak = 0.18 if peak else 0.0
    if u < p_app:
        return pick(NEGATIVE_APP)
    if u < p_app + p_peak:
        return pick(NEGATIVE_PEAK)
    if u < p_app + p_peak + 0.14:
        return pick(NEGATIVE_ANY)
    if u < p_app + p_peak + 0.24:
        return pick(NEUTRAL)
    return pick(POSITIVE)


def table(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


if __name__ == "__main__":
    main()
