"""Debian's aiosmtpd (python3-aiosmtpd) for ug's interop tests (tests/interop.rs).

    /usr/bin/python3 aiosmtpd_server.py DIR

Listens on 127.0.0.1 at a port the OS picks (bound once and kept: no race),
prints "ready PORT" once it accepts connections, and runs until its stdin
closes (the test ended). Every accepted message is written as DIR/NNNN.eml,
byte for byte as received, after one `X-Envelope-To:` line per recipient and
an `X-MailFrom:` line.
"""

import asyncio
import itertools
import logging
import os
import sys
import warnings

from aiosmtpd.smtp import SMTP


class Store:
    def __init__(self, folder):
        self.folder = folder
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        head = "".join("X-Envelope-To: %s\r\n" % r for r in envelope.rcpt_tos)
        head += "X-MailFrom: %s\r\n" % envelope.mail_from
        name = os.path.join(self.folder, "%04d.eml" % next(self.numbers))
        with open(name + ".tmp", "wb") as f:
            f.write(head.encode() + envelope.original_content)
        os.rename(name + ".tmp", name)
        return "250 Message accepted for delivery"


async def main(folder):
    os.makedirs(folder, exist_ok=True)
    handler = Store(folder)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="127.0.0.1"), host="127.0.0.1", port=0
    )
    print("ready", server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    asyncio.run(main(sys.argv[1]))
