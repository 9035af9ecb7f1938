#!/usr/bin/env python3
"""Write the synthetic, deterministic journey sample of the demo.

    python3 scripts/gen_journeys.py --write   # (re)write both files under examples/data/
    python3 scripts/gen_journeys.py --check   # fail when a committed file differs
    python3 scripts/gen_journeys.py touchpoints   # or `requests`: print one file

touchpoints.csv (customer_id, timestamp, channel, event, value): 2,000 customers first seen
between 2024-01-01 and 2024-06-30 touch the business on web, email, chat, phone and store
(events visit, email_click, chat_session, call, store_visit), then may go through the funnel
visit -> signup -> add_to_cart -> purchase (purchase carries a value); a few unsubscribe.
The chance to sign up and to buy depends on the channels touched, so attribution models
disagree in instructive ways.

support_requests.csv (request_id, customer_id, channel, opened_at, first_reply_at,
resolved_at): 1,200 requests on chat, phone, email, web (form) and store, each channel with
its own reply speed; email and web forms wait for business hours (Mon-Fri 09-17 UTC); some
requests are still unanswered or unresolved at the end of observation (2024-07-15 00:00 UTC),
where their cells are empty.

Only `random.random()` of a seeded `random.Random` is used, whose sequence is stable across
Python 3 versions; the files are synthetic, not real customer data.
"""
import datetime as dt
import math
import os
import random
import sys

SEED = 20261125
START = dt.datetime(2024, 1, 1)
END = dt.datetime(2024, 7, 15)
CHANNELS = ["web", "email", "chat", "phone", "store"]
TOUCH_EVENT = {"web": "visit", "email": "email_click", "chat": "chat_session",
               "phone": "call", "store": "store_visit"}
# How much each channel raises the chance to sign up and to buy.
LIFT = {"web": 0.05, "email": 0.10, "chat": 0.12, "phone": 0.08, "store": 0.15}


def pick(rng, weights):
    x = rng.random() * sum(weights)
    for i, w in enumerate(weights):
        x -= w
        if x < 0:
            return i
    return len(weights) - 1


def wait(rng, mean_hours):
    """Exponential wait in seconds (inverse CDF of one uniform draw)."""
    return int(-math.log(1.0 - rng.random()) * mean_hours * 3600) + 1


def stamp(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


def touchpoints(rng):
    rows = []
    span = int((dt.datetime(2024, 7, 1) - START).total_seconds())
    for c in range(1, 2001):
        cid = "C%04d" % c
        t = START + dt.timedelta(seconds=int(rng.random() * span))
        seen = set()
        for _ in range(1 + pick(rng, [30, 30, 20, 12, 8])):
            ch = CHANNELS[pick(rng, [40, 25, 12, 8, 15])]
            seen.add(ch)
            rows.append((cid, t, ch, TOUCH_EVENT[ch], ""))
            t += dt.timedelta(seconds=wait(rng, 30))
        if "web" not in seen and "store" not in seen and rng.random() < 0.5:
            continue  # never visited: not in the funnel
        if "web" not in seen:
            rows.append((cid, t, "web", "visit", ""))
            t += dt.timedelta(seconds=wait(rng, 2))
        p_signup = 0.35 + sum(LIFT[ch] for ch in seen)
        if rng.random() < 0.06:
            rows.append((cid, t, "email", "unsubscribe", ""))
            t += dt.timedelta(seconds=wait(rng, 5))
        if rng.random() >= p_signup:
            continue
        rows.append((cid, t, "web", "signup", ""))
        t += dt.timedelta(seconds=wait(rng, 20))
        if rng.random() >= 0.7:
            continue
        ch = "store" if "store" in seen and rng.random() < 0.5 else "web"
        rows.append((cid, t, ch, "add_to_cart", ""))
        t += dt.timedelta(seconds=wait(rng, 48))
        if rng.random() >= 0.4 + sum(LIFT[c2] for c2 in seen) / 2:
            continue
        value = "%.2f" % (20 + 180 * rng.random() * rng.random())
        rows.append((cid, t, ch, "purchase", value))
    rows = [r for r in rows if r[1] < END]
    rows.sort(key=lambda r: (r[1], r[0]))
    out = ["customer_id,timestamp,channel,event,value"]
    out += ["%s,%s,%s,%s,%s" % (r[0], stamp(r[1]), r[2], r[3], r[4]) for r in rows]
    return out


def next_business_time(t):
    """The same instant if within Mon-Fri 09:00-17:00, else the next opening."""
    while True:
        if t.weekday() < 5 and 9 <= t.hour < 17:
            return t
        nxt = (t + dt.timedelta(days=1)).replace(hour=9, minute=0, second=0)
        if t.weekday() < 5 and t.hour < 9:
            nxt = t.replace(hour=9, minute=0, second=0)
        t = nxt


# Mean reply wait in hours, share never answered, mean resolution in hours after the reply.
SUPPORT = {
    "chat": (0.05, 0.02, 0.5, False),
    "phone": (0.15, 0.03, 2.0, False),
    "email": (5.0, 0.06, 30.0, True),
    "web": (10.0, 0.08, 40.0, True),
    "store": (0.5, 0.01, 24.0, False),
}


def requests(rng):
    out = ["request_id,customer_id,channel,opened_at,first_reply_at,resolved_at"]
    span = int((END - START).total_seconds())
    rows = []
    for _ in range(1200):
        ch = ["chat", "phone", "email", "web", "store"][pick(rng, [35, 20, 25, 12, 8])]
        mean_reply, never, mean_resolve, business = SUPPORT[ch]
        customer = "C%04d" % (1 + int(rng.random() * 2000))
        opened = START + dt.timedelta(seconds=int(rng.random() * span))
        reply = None
        if rng.random() >= never:
            base = next_business_time(opened) if business else opened
            reply = base + dt.timedelta(seconds=wait(rng, mean_reply))
        resolved = None
        if reply is not None and rng.random() < 0.9:
            resolved = reply + dt.timedelta(seconds=wait(rng, mean_resolve))
        reply = reply if reply is not None and reply < END else None
        resolved = resolved if resolved is not None and resolved < END else None
        rows.append((opened, customer, ch, reply, resolved))
    rows.sort(key=lambda r: (r[0], r[1]))
    for i, (opened, customer, ch, reply, resolved) in enumerate(rows, 1):
        out.append("R%05d,%s,%s,%s,%s,%s" % (
            i, customer, ch, stamp(opened),
            stamp(reply) if reply else "", stamp(resolved) if resolved else ""))
    return out


FILES = {
    "touchpoints": ("touchpoints.csv", lambda: touchpoints(random.Random(SEED))),
    "requests": ("support_requests.csv", lambda: requests(random.Random(SEED + 1))),
}


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "--check"
    if what in FILES:
        sys.stdout.write("\n".join(FILES[what][1]()) + "\n")
        return
    if what not in ("--write", "--check"):
        sys.exit("usage: gen_journeys.py --write|--check|touchpoints|requests")
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "data")
    stale = []
    for name, make in FILES.values():
        text = "\n".join(make()) + "\n"
        path = os.path.join(data, name)
        if what == "--write":
            with open(path, "w") as f:
                f.write(text)
        elif not os.path.exists(path) or open(path).read() != text:
            stale.append(name)
    if stale:
        sys.exit("stale: " + ", ".join(stale) + " (run python3 scripts/gen_journeys.py --write)")


if __name__ == "__main__":
    main()
