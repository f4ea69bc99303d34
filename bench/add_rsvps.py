#!/usr/bin/env python3
"""Add 60 RSVP lines to every event of a bench/gen_large.py file (600 events:
36,000 lines), for the read-speed budget of issue 10 (every read command
within 1.3x one toml_edit parse of the file).

Usage: python3 bench/gen_large.py big.toml && python3 bench/add_rsvps.py big.toml

Per event: 50 "yes" (a fifth with a guest), 8 "waitlist", 2 "no", from 60
distinct members, arriving a few minutes apart; held events have most "yes"
people checked in (`attended = true`). Deterministic; standard library only.
"""

import datetime as dt
import random
import re
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: add_rsvps.py FILE.toml (rewritten in place)")
    path = sys.argv[1]
    text = open(path, encoding="utf-8").read()
    rng = random.Random(20261127)
    members = re.findall(r'^\[\[members\]\]\nname = "([^"]*)"\nemail = "([^"]*)"', text, re.M)
    out, lines = [], text.split("\n")
    in_event, event_start, held, done = False, None, False, False
    for line in lines:
        if line.startswith("[["):
            in_event = line == "[[events]]"
            done, held, event_start = False, False, None
        elif in_event and line.startswith("start = "):
            event_start = dt.datetime.fromisoformat(line[len("start = "):])
        elif in_event and line == 'status = "held"':
            held = True
        elif in_event and line == "" and not done and event_start:
            out.append("rsvps = [")
            at = event_start - dt.timedelta(days=14)
            for i, (name, email) in enumerate(rng.sample(members, 60)):
                at += dt.timedelta(minutes=rng.randint(1, 30))
                status = "yes" if i < 50 else ("waitlist" if i < 58 else "no")
                guests = ", guests = 1" if status == "yes" and rng.random() < 0.2 else ""
                came = ", attended = true" if held and status == "yes" and rng.random() < 0.8 else ""
                out.append('  { email = "%s", name = "%s", status = "%s"%s, at = %s, via = "email"%s },'
                           % (email, name, status, guests, at.isoformat(), came))
            out.append("]")
            done = True
        out.append(line)
    open(path, "w", encoding="utf-8").write("\n".join(out))


if __name__ == "__main__":
    main()
