"""A fault-injecting SMTP server for ug's remind tests (run with /usr/bin/python3,
which has Debian's python3-aiosmtpd).

    smtp_server.py --port P --maildir DIR [--drop-after N] [--tempfail ADDR]...
                   [--permfail ADDR]... [--auth USER:PASSWORD]

It offers PIPELINING (aiosmtpd itself does not, but reads pipelined
commands). Every accepted message is stored in the Maildir DIR (DIR/new), with an
`X-Envelope-To:` line first. Faults:
  --drop-after N    close each connection right after its N-th accepted message
  --tempfail ADDR   answer 451 to RCPT TO:<ADDR> the first time only
  --permfail ADDR   answer 550 to RCPT TO:<ADDR>, always
  --auth U:P        offer AUTH PLAIN/LOGIN (without TLS) and require it
  --stall-after N   after N accepted messages, leave the next MAIL FROM
                    unanswered for a minute (once): the client is caught
                    between two messages, so a test can kill it there
Prints "ready" once it accepts connections; runs until killed.
"""

import argparse
import asyncio
import logging
import mailbox
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Handler:
    def __init__(self, args):
        self.maildir = mailbox.Maildir(args.maildir, create=True)
        self.drop_after = args.drop_after
        self.tempfail = set(a.lower() for a in args.tempfail)
        self.permfail = set(a.lower() for a in args.permfail)
        self.seen = set()
        self.per_conn = {}
        self.stall_after = args.stall_after
        self.accepted = 0
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # aiosmtpd reads pipelined commands fine; say so, so that ug's
        # pipelined path (MAIL, RCPT, DATA in one write) is the one tested.
        session.host_name = hostname
        return responses[:-1] + ["250-PIPELINING", responses[-1]]

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.stall_after and self.accepted >= self.stall_after:
            self.stall_after = 0
            await asyncio.sleep(60)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        addr = address.lower()
        if addr in self.permfail:
            return "550 5.1.1 <%s>: No such user here" % address
        with self.lock:
            if addr in self.tempfail and addr not in self.seen:
                self.seen.add(addr)
                return "451 4.7.1 <%s>: Greylisted, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        head = "".join("X-Envelope-To: %s\r\n" % r for r in envelope.rcpt_tos)
        with self.lock:
            self.maildir.add(head.encode() + envelope.original_content)
            self.accepted += 1
        n = self.per_conn.get(id(session), 0) + 1
        self.per_conn[id(session)] = n
        if self.drop_after and n >= self.drop_after:
            # After the 250 is written: close() flushes it, then drops the line.
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 Message accepted for delivery"


def main():
    warnings.filterwarnings("ignore")
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--maildir", required=True)
    p.add_argument("--drop-after", type=int, default=0)
    p.add_argument("--tempfail", action="append", default=[])
    p.add_argument("--permfail", action="append", default=[])
    p.add_argument("--auth", default=None)
    p.add_argument("--stall-after", type=int, default=0)
    args = p.parse_args()

    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                auth_data is not None
                and auth_data.login.decode() == user
                and auth_data.password.decode() == password
            )
            return AuthResult(success=ok, handled=False)

        kwargs = dict(
            authenticator=authenticator,
            auth_require_tls=False,
            auth_required=True,
        )
    controller = Controller(
        Handler(args), hostname="127.0.0.1", port=args.port, **kwargs
    )
    controller.start()
    print("ready", flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
