"""Debian's aiosmtpd (python3-aiosmtpd) for ug's interop tests (tests/interop.rs).

    /usr/bin/python3 aiosmtpd_server.py DIR [implicit|starttls CERT KEY USER PASSWORD [TOKEN]]

Listens on 127.0.0.1 at a port the OS picks (bound once and kept: no race),
prints "ready PORT" once it accepts connections, and runs until its stdin
closes (the test ended). Every accepted message is written as DIR/NNNN.eml,
byte for byte as received, after one `X-Envelope-To:` line per recipient and
an `X-MailFrom:` line.

With TLS arguments it speaks TLS with the certificate chain CERT and its
KEY (PEM files): from the first byte (`implicit`), or after STARTTLS, which
it then requires (`starttls`); and it requires AUTH (PLAIN or LOGIN) as USER
with PASSWORD. Each AUTH is logged to DIR/auth.log as a line "MECHANISM
tls|clear ok|refused".

With a TOKEN it also offers AUTH XOAUTH2 (Google's SASL mechanism): USER
with that bearer token is accepted; any other gets Google's error challenge
(a base64 JSON status), and after the client's empty answer `535 5.7.8`.
"""

import asyncio
import base64
import itertools
import logging
import os
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


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


class OAuthStore(Store):
    """Store, offering AUTH XOAUTH2 for `user` with `token`."""

    def __init__(self, folder, user, token):
        super().__init__(folder)
        self.user, self.token = user, token

    async def auth_XOAUTH2(self, server, args):
        if len(args) > 1:
            blob = base64.b64decode(args[1])
        else:
            blob = await server.challenge_auth("", encode_to_b64=False)
        want = ("user=%s\x01auth=Bearer %s\x01\x01" % (self.user, self.token)).encode()
        ok = blob == want
        tls = server.transport.get_extra_info("ssl_object") is not None
        with open(os.path.join(self.folder, "auth.log"), "a") as f:
            f.write("XOAUTH2 %s %s\n" % ("tls" if tls else "clear", "ok" if ok else "refused"))
        if not ok:
            status = b'{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}'
            await server.challenge_auth(base64.b64encode(status).decode(), encode_to_b64=False)
        return AuthResult(success=ok, handled=False)


def secured(folder, mode, cert, key, user, password, token=None):
    """The SMTP options and the listener's SSL context for this TLS mode."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        tls = server.transport.get_extra_info("ssl_object") is not None
        with open(os.path.join(folder, "auth.log"), "a") as f:
            f.write("%s %s %s\n" % (mechanism, "tls" if tls else "clear", "ok" if ok else "refused"))
        return AuthResult(success=ok)

    options = dict(authenticator=authenticator, auth_required=True)
    if mode == "starttls":
        options.update(tls_context=context, require_starttls=True, auth_require_tls=True)
        return options, None
    # Implicit TLS: the listener encrypts; aiosmtpd 1.4 sees no STARTTLS,
    # so it must not insist on one before AUTH.
    options.update(auth_require_tls=False)
    return options, context


async def main(folder, tls):
    os.makedirs(folder, exist_ok=True)
    handler = OAuthStore(folder, tls[3], tls[5]) if len(tls) > 5 else Store(folder)
    options, context = secured(folder, *tls) if tls else ({}, None)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="127.0.0.1", **options),
        host="127.0.0.1",
        port=0,
        ssl=context,
    )
    print("ready", server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    asyncio.run(main(sys.argv[1], sys.argv[2:]))
