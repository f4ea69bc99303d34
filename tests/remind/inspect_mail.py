"""Parses .eml files with Python's email package (a real RFC 5322 / MIME
parser) and prints them as JSON for ug's remind tests.

    inspect_mail.py FILE...

One object per file: file, envelope_to (X-Envelope-To or X-RcptTo), to,
subject, message_id, bcc, content types of every part, and the text of any
text/calendar part.
"""

import json
import sys
from email import policy
from email.parser import BytesParser


def envelope_to(msg):
    """The envelope recipients: our test server's X-Envelope-To lines, or
    aiosmtpd's Mailbox handler's X-RcptTo (comma-separated)."""
    found = [str(v) for v in msg.get_all("X-Envelope-To", [])]
    for v in msg.get_all("X-RcptTo", []):
        found.extend(a.strip() for a in str(v).split(",") if a.strip())
    return found


def inspect(path):
    with open(path, "rb") as f:
        msg = BytesParser(policy=policy.default).parse(f)
    parts = []
    calendar = None
    for part in msg.walk():
        parts.append(part.get_content_type())
        if part.get_content_type() == "text/calendar" and calendar is None:
            calendar = part.get_content()
            if isinstance(calendar, bytes):
                calendar = calendar.decode("utf-8", "replace")
    return {
        "file": path,
        "envelope_to": envelope_to(msg),
        "to": [a.addr_spec for a in msg["To"].addresses] if msg["To"] else [],
        "subject": str(msg["Subject"] or ""),
        "message_id": str(msg["Message-ID"] or ""),
        "bcc": str(msg["Bcc"] or ""),
        "parts": parts,
        "calendar": calendar,
        "defects": [type(d).__name__ for d in msg.defects],
    }


print(json.dumps([inspect(p) for p in sys.argv[1:]]))
