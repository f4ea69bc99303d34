//! A real SMTP server (RFC 5321) inside the test process, for `ug remind
//! --send` to talk to over TCP: no outside program. It listens on 127.0.0.1
//! at a port the OS picked (the listener is kept: no bind-then-release race),
//! serves each connection on its own thread, keeps every accepted message for
//! the test to read, and injects the faults a test asks for (see [`Faults`]).
//!
//! What it speaks: the greeting, EHLO (PIPELINING, 8BITMIME, SMTPUTF8,
//! ENHANCEDSTATUSCODES, SIZE, and STARTTLS or AUTH PLAIN LOGIN when asked),
//! TLS by rustls when asked (implicit, or STARTTLS per RFC 3207: the session
//! starts over after it), with the certificates of `tls.rs`,
//! HELO, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA (dot-unstuffed, RFC 5321
//! 4.5.2), RSET, NOOP, VRFY, QUIT, with 503 for commands out of order and 500
//! for unknown ones. Replies to pipelined commands go out in one write once the
//! input is drained (RFC 2920).

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::rc::Rc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use std::thread;
use std::time::{Duration, Instant};
use tokio_rustls::rustls;

/// The faults to inject. The default is a plain, correct server.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Close each connection right after its N-th accepted message (after
    /// the 250 went out).
    pub drop_after: Option<usize>,
    /// Answer 451 (greylisted) to RCPT TO these addresses, the first time only.
    pub tempfail: Vec<String>,
    /// Answer 550 (no such user) to RCPT TO these addresses, always.
    pub permfail: Vec<String>,
    /// Offer AUTH PLAIN and LOGIN and require them, for this user and password.
    pub auth: Option<(String, String)>,
    /// Offer STARTTLS; the command is refused (454): there is no certificate.
    pub starttls: bool,
    /// Speak TLS with this certificate: from the first byte, or after
    /// STARTTLS (offered until the session is encrypted).
    pub tls: Option<Tls>,
    /// Refuse every AUTH with a 535 that echoes what the client sent (the
    /// AUTH line and its answers), as a careless server does: the password's
    /// base64 is then in the reply.
    pub echo_auth: bool,
    /// Offer only these AUTH mechanisms ("LOGIN", "XOAUTH2 OAUTHBEARER"),
    /// not PLAIN and LOGIN. With XOAUTH2 or OAUTHBEARER the password of
    /// `auth` is the access token; a wrong one gets Gmail's answer: a 334
    /// error challenge (JSON), then `535 5.7.8`.
    pub auth_only: Option<&'static str>,
    /// Do not offer PIPELINING: the client sends one command at a time.
    pub no_pipelining: bool,
    /// After N transactions begun in all, leave every later MAIL FROM, on
    /// every connection, unanswered until [`SmtpServer::release`], the
    /// server is dropped or a minute passes: the client is then caught
    /// between two messages, with exactly N delivered (see
    /// [`SmtpServer::wait_stalled`]).
    pub stall_after: Option<usize>,
}

/// How the server speaks TLS (see [`super::TestCa`] for the settings).
#[derive(Debug, Clone)]
pub enum Tls {
    /// From the first byte (SMTPS, port 465).
    Implicit(Arc<rustls::ServerConfig>),
    /// After STARTTLS (port 587).
    Starttls(Arc<rustls::ServerConfig>),
}

/// One AUTH exchange: the mechanism, whether the session was encrypted
/// then, and whether the credentials were right.
#[derive(Debug, Clone, PartialEq)]
pub struct Auth {
    pub mechanism: String,
    pub encrypted: bool,
    pub ok: bool,
}

/// One accepted message: the envelope and the DATA as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message, dot-unstuffed, CRLF line ends as sent, without the final `.`.
    pub data: Vec<u8>,
    /// Which connection it came on (1 for the first).
    pub connection: usize,
    /// Whether it came over TLS.
    pub encrypted: bool,
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    auths: Vec<Auth>,
    tempfailed: HashSet<String>,
    connections: usize,
    /// MAIL FROM commands answered 250, for `stall_after`.
    mails: usize,
    stalling: bool,
    released: bool,
    closed: bool,
    /// Down for maintenance: each connection gets a 421 greeting and is closed.
    down: bool,
}

struct Shared {
    faults: Faults,
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running server; stopped on drop.
pub struct SmtpServer {
    port: u16,
    shared: Arc<Shared>,
}

impl SmtpServer {
    pub fn start(faults: Faults) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener
            .local_addr()
            .expect("the listener's address")
            .port();
        let shared = Arc::new(Shared {
            faults,
            state: Mutex::default(),
            changed: Condvar::new(),
        });
        let s = Arc::clone(&shared);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let conn = {
                    let mut st = s.state();
                    if st.closed {
                        return;
                    }
                    st.connections += 1;
                    st.connections
                };
                let s = Arc::clone(&s);
                thread::spawn(move || {
                    let _ = Session::new(&s, conn, stream).serve();
                });
            }
        });
        SmtpServer { port, shared }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Every message accepted so far, in the order they were accepted.
    pub fn received(&self) -> Vec<Received> {
        self.shared.state().received.clone()
    }

    /// Every AUTH exchange so far.
    pub fn auths(&self) -> Vec<Auth> {
        self.shared.state().auths.clone()
    }

    /// How many connections were opened so far.
    pub fn connections(&self) -> usize {
        self.shared.state().connections
    }

    /// Takes the server down (each new connection is greeted with 421,
    /// "service not available", and closed, as a server in maintenance
    /// does) or brings it back up.
    pub fn set_down(&self, down: bool) {
        self.shared.state().down = down;
    }

    /// Waits until the server holds a MAIL FROM unanswered (`stall_after`);
    /// false if that did not happen within `limit`.
    pub fn wait_stalled(&self, limit: Duration) -> bool {
        let st = self.shared.state();
        let (st, _) = self
            .shared
            .changed
            .wait_timeout_while(st, limit, |st| !st.stalling)
            .unwrap_or_else(|e| e.into_inner());
        st.stalling
    }

    /// Ends the `stall_after` stall: MAIL FROM is answered again.
    pub fn release(&self) {
        self.shared.state().released = true;
        self.shared.changed.notify_all();
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.shared.state().closed = true;
        self.shared.changed.notify_all();
        // Wake the accepting thread so that it sees `closed` and ends.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// One connection's state.
struct Session<'a> {
    shared: &'a Shared,
    conn: usize,
    greeted: bool,
    authed: bool,
    from: Option<String>,
    rcpts: Vec<String>,
    accepted: usize,
    io: Io,
}

/// The connection, plain or TLS, shared by the session's reader and
/// writer (one thread: never both at once); STARTTLS swaps it in place.
#[derive(Clone)]
struct Io(Rc<RefCell<Wire>>);

enum Wire {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
    Gone,
}

impl Io {
    fn encrypted(&self) -> bool {
        matches!(*self.0.borrow(), Wire::Tls(_))
    }

    /// The TLS handshake (done by the next read or write).
    fn start_tls(&self, config: &Arc<rustls::ServerConfig>) -> io::Result<()> {
        let mut wire = self.0.borrow_mut();
        let Wire::Plain(tcp) = std::mem::replace(&mut *wire, Wire::Gone) else {
            return Err(io::Error::other("TLS twice"));
        };
        let conn = rustls::ServerConnection::new(Arc::clone(config)).map_err(io::Error::other)?;
        *wire = Wire::Tls(Box::new(rustls::StreamOwned::new(conn, tcp)));
        Ok(())
    }

    fn shutdown(&self) -> io::Result<()> {
        match &*self.0.borrow() {
            Wire::Plain(s) => s.shutdown(Shutdown::Both),
            Wire::Tls(s) => s.sock.shutdown(Shutdown::Both),
            Wire::Gone => Ok(()),
        }
    }
}

impl Read for Io {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut *self.0.borrow_mut() {
            Wire::Plain(s) => s.read(buf),
            Wire::Tls(s) => s.read(buf),
            Wire::Gone => Ok(0),
        }
    }
}

impl Write for Io {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut *self.0.borrow_mut() {
            Wire::Plain(s) => s.write(buf),
            Wire::Tls(s) => s.write(buf),
            Wire::Gone => Err(io::ErrorKind::BrokenPipe.into()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut *self.0.borrow_mut() {
            Wire::Plain(s) => s.flush(),
            Wire::Tls(s) => s.flush(),
            Wire::Gone => Ok(()),
        }
    }
}

/// The longest command line RFC 5321 4.5.3.1.4 allows, CRLF included.
const MAX_LINE: usize = 512;

impl<'a> Session<'a> {
    fn new(shared: &'a Shared, conn: usize, stream: TcpStream) -> Session<'a> {
        Session {
            io: Io(Rc::new(RefCell::new(Wire::Plain(stream)))),
            shared,
            conn,
            greeted: false,
            authed: shared.faults.auth.is_none(),
            from: None,
            rcpts: Vec::new(),
            accepted: 0,
        }
    }

    fn serve(mut self) -> io::Result<()> {
        if let Wire::Plain(stream) = &*self.io.0.borrow() {
            stream.set_nodelay(true)?;
            stream.set_read_timeout(Some(Duration::from_secs(300)))?;
        }
        if let Some(Tls::Implicit(config)) = &self.shared.faults.tls {
            self.io.start_tls(config)?;
        }
        let mut input = BufReader::new(self.io.clone());
        let mut out = BufWriter::new(self.io.clone());
        if self.shared.state().down {
            writeln_crlf(
                &mut out,
                "421 4.3.2 127.0.0.1 down for maintenance, try again later",
            )?;
            return out.flush();
        }
        writeln_crlf(&mut out, "220 127.0.0.1 ESMTP ug test server")?;
        loop {
            // RFC 2920: answer pipelined commands together, once they are read.
            if input.buffer().is_empty() {
                out.flush()?;
            }
            let Some(line) = read_line(&mut input)? else {
                return Ok(());
            };
            if line.len() > MAX_LINE {
                writeln_crlf(&mut out, "500 5.5.2 Line too long")?;
                continue;
            }
            let line = String::from_utf8_lossy(&line);
            let (verb, arg) = match line.split_once(' ') {
                Some((v, a)) => (v.to_ascii_uppercase(), a.trim().to_string()),
                None => (line.to_ascii_uppercase(), String::new()),
            };
            let shared = self.shared;
            let faults = &shared.faults;
            let reply = match verb.as_str() {
                "EHLO" if arg.is_empty() => "501 5.5.4 EHLO needs a domain".to_string(),
                "EHLO" => {
                    self.reset();
                    self.greeted = true;
                    let mut lines = vec![format!("127.0.0.1 greets {arg}")];
                    if !faults.no_pipelining {
                        lines.push("PIPELINING".into());
                    }
                    lines.extend(["8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES"].map(String::from));
                    lines.push("SIZE 52428800".into());
                    let tls_offered =
                        matches!(faults.tls, Some(Tls::Starttls(_))) && !self.io.encrypted();
                    if faults.starttls || tls_offered {
                        lines.push("STARTTLS".into());
                    }
                    if faults.auth.is_some() {
                        lines.push(format!(
                            "AUTH {}",
                            faults.auth_only.unwrap_or("PLAIN LOGIN")
                        ));
                    }
                    let last = lines.len() - 1;
                    let text: Vec<String> = lines
                        .iter()
                        .enumerate()
                        .map(|(i, l)| format!("250{}{l}", if i == last { ' ' } else { '-' }))
                        .collect();
                    text.join("\r\n")
                }
                "HELO" => {
                    self.reset();
                    self.greeted = true;
                    "250 127.0.0.1".into()
                }
                "STARTTLS" if matches!(faults.tls, Some(Tls::Starttls(_))) => {
                    let Some(Tls::Starttls(config)) = &faults.tls else {
                        unreachable!()
                    };
                    if self.io.encrypted() {
                        "503 5.5.1 TLS already active".into()
                    } else if !input.buffer().is_empty() {
                        // RFC 3207: nothing may follow STARTTLS before TLS.
                        "501 5.5.1 Nothing may follow STARTTLS".into()
                    } else {
                        writeln_crlf(&mut out, "220 2.0.0 Ready to start TLS")?;
                        out.flush()?;
                        self.io.start_tls(config)?;
                        // RFC 3207 4.2: the session starts over.
                        self.reset();
                        self.greeted = false;
                        self.authed = faults.auth.is_none();
                        continue;
                    }
                }
                "STARTTLS" if faults.starttls => {
                    "454 4.7.0 TLS not available: this test server has no certificate".into()
                }
                "AUTH" if faults.auth.is_some() => self.auth(&arg, &mut input, &mut out)?,
                "MAIL" => self.mail(&arg, &mut out)?,
                "RCPT" => self.rcpt(&arg),
                "DATA" => {
                    if self.from.is_none() {
                        "503 5.5.1 MAIL first".into()
                    } else if self.rcpts.is_empty() {
                        "554 5.5.1 No valid recipients".into()
                    } else {
                        writeln_crlf(&mut out, "354 End data with <CR><LF>.<CR><LF>")?;
                        out.flush()?;
                        let Some(data) = read_data(&mut input)? else {
                            return Ok(());
                        };
                        self.accept(data);
                        writeln_crlf(&mut out, "250 2.0.0 OK: queued")?;
                        if faults.drop_after.is_some_and(|n| self.accepted >= n) {
                            out.flush()?;
                            return self.io.shutdown();
                        }
                        continue;
                    }
                }
                "RSET" => {
                    self.reset();
                    "250 2.0.0 OK".into()
                }
                "NOOP" => "250 2.0.0 OK".into(),
                "VRFY" => "252 2.1.5 Cannot VRFY user, but will accept message".into(),
                "QUIT" => {
                    writeln_crlf(&mut out, "221 2.0.0 Bye")?;
                    return out.flush();
                }
                _ => "500 5.5.2 Command not recognized".into(),
            };
            writeln_crlf(&mut out, &reply)?;
        }
    }

    fn reset(&mut self) {
        self.from = None;
        self.rcpts.clear();
    }

    fn mail(&mut self, arg: &str, out: &mut impl Write) -> io::Result<String> {
        if !self.greeted {
            return Ok("503 5.5.1 EHLO first".into());
        }
        if !self.authed {
            return Ok("530 5.7.0 Authentication required".into());
        }
        if self.from.is_some() {
            return Ok("503 5.5.1 Nested MAIL command".into());
        }
        let Some(path) = path_after(arg, "FROM:") else {
            return Ok("501 5.5.4 Syntax: MAIL FROM:<address>".into());
        };
        self.stall_if_asked(out)?;
        self.from = Some(path);
        Ok("250 2.1.0 OK".into())
    }

    /// `stall_after`: the replies so far go out, then the MAIL waits.
    fn stall_if_asked(&self, out: &mut impl Write) -> io::Result<()> {
        let Some(n) = self.shared.faults.stall_after else {
            return Ok(());
        };
        let mut st = self.shared.state();
        if st.released || st.mails < n {
            st.mails += 1;
            return Ok(());
        }
        out.flush()?;
        st.stalling = true;
        self.shared.changed.notify_all();
        let until = Instant::now() + Duration::from_secs(60);
        while !st.closed && !st.released && Instant::now() < until {
            st = self
                .shared
                .changed
                .wait_timeout(st, Duration::from_millis(200))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        Ok(())
    }

    fn rcpt(&mut self, arg: &str) -> String {
        if self.from.is_none() {
            return "503 5.5.1 MAIL first".into();
        }
        let Some(addr) = path_after(arg, "TO:") else {
            return "501 5.5.4 Syntax: RCPT TO:<address>".into();
        };
        let lower = addr.to_ascii_lowercase();
        let shared = self.shared;
        let faults = &shared.faults;
        if faults
            .permfail
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&lower))
        {
            return format!("550 5.1.1 <{addr}>: No such user here");
        }
        if faults
            .tempfail
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&lower))
            && self.shared.state().tempfailed.insert(lower)
        {
            return format!("451 4.7.1 <{addr}>: Greylisted, try again later");
        }
        self.rcpts.push(addr);
        "250 2.1.5 OK".into()
    }

    fn accept(&mut self, data: Vec<u8>) {
        self.accepted += 1;
        let msg = Received {
            mail_from: self.from.take().unwrap_or_default(),
            rcpt_to: std::mem::take(&mut self.rcpts),
            data,
            connection: self.conn,
            encrypted: self.io.encrypted(),
        };
        self.shared.state().received.push(msg);
        self.shared.changed.notify_all();
    }

    /// AUTH PLAIN [initial] or AUTH LOGIN [user], with 334 challenges.
    fn auth(
        &mut self,
        arg: &str,
        input: &mut impl BufRead,
        out: &mut impl Write,
    ) -> io::Result<String> {
        let Some((user, password)) = self.shared.faults.auth.clone() else {
            return Ok("502 5.5.1 AUTH not offered".into());
        };
        if self.authed {
            return Ok("503 5.5.1 Already authenticated".into());
        }
        let (mech, initial) = match arg.split_once(' ') {
            Some((m, i)) => (m.to_ascii_uppercase(), Some(i.trim().to_string())),
            None => (arg.to_ascii_uppercase(), None),
        };
        let mut echoed = format!("AUTH {arg}");
        let mut ask = |challenge: &str| -> io::Result<Option<String>> {
            writeln_crlf(out, &format!("334 {challenge}"))?;
            out.flush()?;
            let line = read_line(input)?.unwrap_or_default();
            let line = String::from_utf8_lossy(&line).trim().to_string();
            echoed.push(' ');
            echoed.push_str(&line);
            Ok((line != "*").then_some(line))
        };
        let offered = |m: &str| m.split_whitespace().any(|w| w == mech);
        if self.shared.faults.auth_only.is_some_and(|m| !offered(m)) {
            return Ok("504 5.5.4 Unrecognized authentication type".into());
        }
        let got = match mech.as_str() {
            "PLAIN" => {
                let Some(blob) = (match initial {
                    Some(i) => Some(i),
                    None => ask("")?,
                }) else {
                    return Ok("501 5.7.0 Authentication cancelled".into());
                };
                let plain = base64_decode(&blob).unwrap_or_default();
                let mut f = plain.split(|b| *b == 0).skip(1);
                (f.next().map(<[u8]>::to_vec), f.next().map(<[u8]>::to_vec))
            }
            "LOGIN" => {
                let u = match initial {
                    Some(i) => Some(i),
                    None => ask("VXNlcm5hbWU6")?,
                };
                let Some(u) = u else {
                    return Ok("501 5.7.0 Authentication cancelled".into());
                };
                let Some(p) = ask("UGFzc3dvcmQ6")? else {
                    return Ok("501 5.7.0 Authentication cancelled".into());
                };
                (base64_decode(&u), base64_decode(&p))
            }
            "XOAUTH2" | "OAUTHBEARER" => {
                let Some(blob) = initial else {
                    return Ok("501 5.5.2 Initial response required".into());
                };
                let got = bearer(&mech, &base64_decode(&blob).unwrap_or_default());
                let ok = got == Some((user.clone(), password.clone()));
                if !ok && !self.shared.faults.echo_auth {
                    // Gmail: the JSON status, then the client's dummy answer.
                    let answer = ask(GMAIL_STATUS)?.unwrap_or_default();
                    let dummy = if mech == "XOAUTH2" { "" } else { "AQ==" };
                    if answer != dummy {
                        return Ok("501 5.5.2 Bad response to the error challenge".into());
                    }
                }
                match got {
                    Some((u, t)) => (Some(u.into_bytes()), Some(t.into_bytes())),
                    None => (None, None),
                }
            }
            _ => return Ok("504 5.5.4 Unrecognized authentication type".into()),
        };
        if self.shared.faults.echo_auth {
            return Ok(format!("535 5.7.8 {echoed} rejected"));
        }
        let ok = got == (Some(user.into_bytes()), Some(password.into_bytes()));
        self.shared.state().auths.push(Auth {
            mechanism: mech.clone(),
            encrypted: self.io.encrypted(),
            ok,
        });
        if ok {
            self.authed = true;
            Ok("235 2.7.0 Authentication successful".into())
        } else if mech == "XOAUTH2" || mech == "OAUTHBEARER" {
            Ok("535 5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials".into())
        } else {
            Ok("535 5.7.8 Authentication credentials invalid".into())
        }
    }
}

/// Gmail's error challenge: `{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}`.
const GMAIL_STATUS: &str = "eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==";

/// The user and the token of an XOAUTH2 (`user=U^Aauth=Bearer T^A^A`)
/// or OAUTHBEARER (`n,a=U,^A...^Aauth=Bearer T^A^A`, RFC 7628) message.
fn bearer(mech: &str, msg: &[u8]) -> Option<(String, String)> {
    let msg = std::str::from_utf8(msg).ok()?;
    let body = msg.strip_suffix("\x01\x01")?;
    let mut parts = body.split('\x01');
    let head = parts.next()?;
    let user = if mech == "XOAUTH2" {
        head.strip_prefix("user=")?.to_string()
    } else {
        let a = head.strip_prefix("n,a=")?.strip_suffix(',')?;
        a.replace("=2C", ",").replace("=3D", "=")
    };
    let token = parts.find_map(|p| p.strip_prefix("auth=Bearer "))?;
    Some((user, token.to_string()))
}

fn writeln_crlf(out: &mut impl Write, line: &str) -> io::Result<()> {
    out.write_all(line.as_bytes())?;
    out.write_all(b"\r\n")
}

/// One line without its line end; `None` at the end of the stream.
fn read_line(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    if input.read_until(b'\n', &mut line)? == 0 {
        return Ok(None);
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    Ok(Some(line))
}

/// The DATA lines up to the lone `.`, dot-unstuffed; `None` if the stream ends first.
fn read_data(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    loop {
        let mut line = Vec::new();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(Some(data));
        }
        let unstuffed = line.strip_prefix(b".").unwrap_or(&line);
        data.extend_from_slice(unstuffed);
    }
}

/// `<address>` after `FROM:` or `TO:` (parameters after it are ignored).
fn path_after(arg: &str, key: &str) -> Option<String> {
    let head = arg.get(..key.len())?;
    if !head.eq_ignore_ascii_case(key) {
        return None;
    }
    let rest = arg[key.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_string())
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes: Vec<u8> = text.bytes().filter(|b| *b != b'=').collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        let take = chunk.len().saturating_sub(1);
        out.extend_from_slice(&n.to_be_bytes()[1..=take]);
    }
    Some(out)
}

#[test]
fn base64_and_paths() {
    assert_eq!(base64_decode("AHVzZXIAcGFzcw==").unwrap(), b"\0user\0pass");
    assert_eq!(base64_decode("VXNlcm5hbWU6").unwrap(), b"Username:");
    assert_eq!(
        path_after("FROM:<a@b.example> BODY=8BITMIME", "FROM:").as_deref(),
        Some("a@b.example")
    );
    assert_eq!(path_after("to: <x@y>", "TO:").as_deref(), Some("x@y"));
    assert_eq!(path_after("TO x@y", "TO:"), None);
}
