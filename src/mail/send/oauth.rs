//! SMTP AUTH with an OAuth2 access token (SPEC §13): OAUTHBEARER when the
//! server offers it, else XOAUTH2, run here rather than by lettre, whose
//! XOAUTH2 cannot answer the error challenge a server (Gmail) sends before
//! its 535. Nothing the server says shows the token (`oauth::hide`).

use std::error::Error as _;

use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::response::Response;

use super::session::ConnectError;
use crate::mail::compose::base64;
use crate::secure::Password;
use crate::secure::oauth::{Mechanism, hide};

/// Who logs in where, with which token.
pub struct Login<'a> {
    pub user: &'a str,
    pub host: &'a str,
    pub port: u16,
    pub token: &'a Password,
}

impl<'a> Login<'a> {
    pub fn new(user: &'a str, host: &'a str, port: u16, token: &'a Password) -> Self {
        Login {
            user,
            host,
            port,
            token,
        }
    }
}

/// AUTH with the token, on a session whose EHLO answer was `ehlo`.
pub async fn auth(
    c: &mut AsyncSmtpConnection,
    ehlo: &Response,
    login: &Login<'_>,
) -> Result<(), ConnectError> {
    let offered: Vec<&str> = ehlo
        .message()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            w.next()
                .filter(|k| k.eq_ignore_ascii_case("AUTH"))
                .map(|_| w)
        })
        .flatten()
        .collect();
    let known =
        |m: &&str| m.eq_ignore_ascii_case("XOAUTH2") || m.eq_ignore_ascii_case("OAUTHBEARER");
    if !offered.iter().any(known) {
        let has = if offered.is_empty() {
            "no AUTH at all".to_string()
        } else {
            format!("only AUTH {}", offered.join(" "))
        };
        return Err(ConnectError {
            text: format!(
                "the SMTP server {}:{} does not take OAuth2 tokens (XOAUTH2 or OAUTHBEARER): it offers {has}; use password_env or password_cmd in [email.smtp] instead of oauth2_token_cmd",
                login.host, login.port
            ),
            hopeless: true,
        });
    }
    let mechanism = Mechanism::pick(offered.iter().copied());
    let mut blob = String::new();
    let initial = mechanism.initial(login.user, login.host, login.port, login.token);
    base64(initial.as_bytes(), &mut blob);
    let mut answer = c
        .command(format!("AUTH {} {blob}\r\n", mechanism.name()))
        .await;
    if answer.as_ref().is_ok_and(|r| r.has_code(334)) {
        // The error challenge (a JSON status): answer it, then the server
        // fails the exchange.
        let mut reply = String::new();
        base64(mechanism.after_error().as_bytes(), &mut reply);
        answer = c.command(format!("{reply}\r\n")).await;
    }
    let e = match answer {
        Ok(r) if r.is_positive() && !r.has_code(334) => return Ok(()),
        Ok(r) => {
            let said: Vec<&str> = r.message().collect();
            return Err(refused(
                login,
                mechanism,
                &format!("{} {}", r.code(), said.join(" ")),
                true,
            ));
        }
        Err(e) => e,
    };
    let said = match (e.status(), e.source()) {
        (Some(code), Some(src)) => format!("{code} {src}"),
        _ => e.to_string(),
    };
    Err(refused(
        login,
        mechanism,
        &said,
        e.is_permanent() || e.status().is_none(),
    ))
}

/// The server refused the token: its words (token hidden) and the fix.
fn refused(login: &Login, mechanism: Mechanism, said: &str, hopeless: bool) -> ConnectError {
    ConnectError {
        text: format!(
            "the SMTP server {}:{} refused the OAuth2 access token of \"{}\" ({}): {}; check that oauth2_token_cmd in [email.smtp] prints a current access token for this account, with the scope for mail (run it yourself: ug never shows the token)",
            login.host,
            login.port,
            login.user,
            mechanism.name(),
            hide(said, login.token)
        ),
        hopeless,
    }
}
