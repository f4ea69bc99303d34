#!/usr/bin/env python3
"""Mail built to be slow to read (SPEC 11, bounds): one message of KIND into
the Maildir DIR/new, from a stranger, as anyone on the internet can send it.

Usage: gen_hostile.py DIR KIND
KIND: plain (an ordinary reply, the baseline), nested-html (a quote nested 300,000 deep, 7 MB), open-html (500,000
unclosed <div>s, 4.5 MB), lines (200,000 one-word lines, 1 MB), quotes
(100,000 attributions each over a quote line, 1.5 MB), sentences (600,000
short sentences, 8 MB), long-line (11.5 MB on one line), subject (a 6 MB
subject), nested-mime (20,000 nested multiparts, 1.4 MB).
"""
import os
import sys

d, kind = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(d, "new"), exist_ok=True)


def mail(subject, body, ctype="text/plain", frm="Mallory <mallory@evil.example>"):
    head = (
        f"From: {frm}\r\nTo: rsvp@example.org\r\nSubject: {subject}\r\n"
        f"Message-ID: <{kind}@evil.example>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\n"
        f"MIME-Version: 1.0\r\nContent-Type: {ctype}\r\n\r\n"
    )
    return head.encode() + body


if kind == "plain":
    m = mail("Re: Async in practice",
             b"Yes, see you there!\r\n\r\nOn Tue, Nov 24, 2026 at 9:00 AM Rust Lakeside wrote:\r\n> Reply yes.\r\n")
elif kind == "nested-html":
    n = 300_000
    m = mail("Re: Async in practice",
             b"<div>Yes!</div>" + b"<blockquote><div>" * n + b"x" + b"</div></blockquote>" * n,
             "text/html; charset=utf-8")
elif kind == "open-html":
    m = mail("Re: Async in practice", b"<div>yes " * 500_000, "text/html; charset=utf-8")
elif kind == "lines":
    m = mail("Re: Async in practice", b"yes\r\n" * 200_000)
elif kind == "quotes":
    m = mail("Re: Async in practice", b"yes\r\n" + b"On Mon wrote:\r\n> x\r\n" * 100_000)
elif kind == "sentences":
    m = mail("Re: Async in practice", b"I will come. I can't come. " * 300_000)
elif kind == "long-line":
    m = mail("Re: Async in practice", b"yes maybe no what when " * 500_000)
elif kind == "subject":
    m = mail("RSVP yes " + "maybe what yes no " * 350_000, b"yes\r\n")
elif kind == "nested-mime":
    n = 20_000
    body = b"".join(f"--b{i}\r\nContent-Type: multipart/mixed; boundary=b{i+1}\r\n\r\n".encode() for i in range(n))
    body += b"yes\r\n" + b"".join(f"--b{i}--\r\n".encode() for i in reversed(range(n)))
    m = mail("RSVP yes", body, "multipart/mixed; boundary=b0")
else:
    sys.exit(f"unknown kind {kind}")
with open(os.path.join(d, "new", f"1795507200.{kind}.mx"), "wb") as f:
    f.write(m)
