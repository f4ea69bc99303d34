#!/usr/bin/env python3
"""Writes a Maildir of N replies built from the inbox fixtures (each client's
style; RSVPs, task answers, questions, bounces, auto-replies), each with its
own Message-ID and sender, into DIR/new (as a fetcher delivers them).
Every token (ug's Message-IDs in In-Reply-To / References, the [ug:...]
subject tag) is made again for the new sender under the tests' key
(tests/support: TEST_KEY; bench/inbox.sh writes it as group.key), so the
replies are proven and the bench measures the MAC work of the proven path.
With --rsvps, only the RSVP replies (yes, no, guests; every client), all
to the fixtures' one event: N answers to one event.
Usage: bench/gen_maildir.py DIR [N] [--rsvps]"""
import base64
import hashlib
import hmac
import os
import re
import sys

KEY = bytes.fromhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")


def token(kind, middle, to):
    m = b"".join(p.encode() + b"\0" for p in ["ug1", kind, middle, to.strip().lower()])
    return base64.b32encode(hmac.new(KEY, m, hashlib.sha256).digest()).decode().lower()[:20]


ug_id = re.compile(rb"([a-z-]+)\.([A-Za-z0-9.-]*?)\.?([a-z2-7]{20})@example\.org")
tag = re.compile(rb"^(Subject: (RSVP (?:yes|no) (\S+)|unsubscribe|done (\S+))[^\n]*?)\[ug:[a-z2-7]{20}\]", re.M | re.I)


def retoken(body, to):
    def mid(m):
        kind, middle = m.group(1).decode(), m.group(2).decode()
        sep = "." if middle else ""
        return f"{kind}{sep}{middle}.{token(kind, middle, to)}@example.org".encode()

    def sub(m):
        if m.group(3):
            kind, middle = "rsvp", m.group(3).decode()
        elif m.group(4):
            kind, middle = "done", m.group(4).decode()
        else:
            kind, middle = "unsubscribe", ""
        return m.group(1) + b"[ug:" + token(kind, middle, to).encode() + b"]"

    return tag.sub(sub, ug_id.sub(mid, body))

args = [a for a in sys.argv[1:] if a != "--rsvps"]
rsvps_only = "--rsvps" in sys.argv[1:]
dir_, n = args[0], int(args[1]) if len(args) > 1 else 10000
here = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "inbox")
names = sorted(f for f in os.listdir(here) if f.endswith(".eml"))
if rsvps_only:
    names = [f for f in names if re.search(r"yes|_no|rsvp", f) and not re.match(r"ask_|question", f)]
# Mostly RSVPs, as after an announcement; the rest in proportion.
weights = {n: (6 if re.search(r"yes|_no|rsvp", n) else 1) for n in names}
pool = [n for n in names for _ in range(weights[n])]
fixtures = {n: open(os.path.join(here, n), "rb").read() for n in names}
for sub in ("new", "cur", "tmp"):
    os.makedirs(os.path.join(dir_, sub), exist_ok=True)
msgid = re.compile(rb"(?im)^message-id:[^\n]*\n")
sender = re.compile(rb"(?m)^From: ([^\n]*?)<?([\w.+-]+)@([\w.-]+)>?\s*$")
for i in range(n):
    body = fixtures[pool[i % len(pool)]]
    body = msgid.sub(b"", body, count=1)
    body = sender.sub(lambda m: b"From: " + m.group(1) + b"<" + m.group(2) + b"." + str(i).encode() + b"@" + m.group(3) + b">", body, count=1)
    m = sender.search(body)
    if m and pool[i % len(pool)] not in ("own_copy.eml", "bounce_hard.eml"):
        body = retoken(body, (m.group(2) + b"@" + m.group(3)).decode())
    body = b"Message-ID: <bench.%d@mail.example.net>\n" % i + body
    name = "%d.M%dP4242.mx.example.net" % (1795507200 + i * 7, i)
    with open(os.path.join(dir_, "new", name), "wb") as f:
        f.write(body)
