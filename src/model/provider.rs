//! `[email] provider`: the SMTP settings and sending quota of the mail
//! services organizers already use, so `provider = "gmail"` is the whole
//! `[email.smtp]` but for the account. The file's own keys win over these.
//! Each value is from the provider's documentation (cited in the README,
//! "Sending mail"); a provider that publishes no fixed quota has none here.

use super::{Provider, Security};

/// What a provider fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub host: &'static str,
    pub port: u16,
    pub security: Security,
    /// Messages in any 24 hours, when the provider states a number.
    pub max_per_day: Option<u32>,
    pub max_per_hour: Option<u32>,
}

impl Provider {
    pub fn preset(self) -> Preset {
        let starttls = |host, max_per_day| Preset {
            host,
            port: 587,
            security: Security::Starttls,
            max_per_day,
            max_per_hour: None,
        };
        match self {
            // support.google.com/mail/answer/22839: 500 a day.
            Provider::Gmail => starttls("smtp.gmail.com", Some(500)),
            // support.google.com/a/answer/166852: 2,000 a day.
            Provider::GoogleWorkspace => starttls("smtp.gmail.com", Some(2000)),
            // Fastmail recommends 465 with TLS; it states no fixed quota.
            Provider::Fastmail => Preset {
                host: "smtp.fastmail.com",
                port: 465,
                security: Security::Tls,
                max_per_day: None,
                max_per_hour: None,
            },
            // Exchange Online limits: 10,000 recipients a day.
            Provider::Microsoft365 => starttls("smtp.office365.com", Some(10_000)),
            // SES quotas: 200 in 24 hours in the sandbox (us-east-1 by
            // default; another region sets `host`, a raised quota
            // `max_per_day`).
            Provider::Ses => starttls("email-smtp.us-east-1.amazonaws.com", Some(200)),
            // Mailgun and Postmark: quota by plan, none stated.
            Provider::Mailgun => starttls("smtp.mailgun.org", None),
            Provider::Postmark => starttls("smtp.postmarkapp.com", None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_has_a_host_and_a_secure_port() {
        for p in Provider::ALL.iter().filter_map(|w| Provider::parse(w)) {
            let s = p.preset();
            assert!(s.host.contains('.'), "{p}");
            assert_ne!(s.security, Security::None, "{p}");
            assert!(matches!(s.port, 465 | 587), "{p}");
        }
        assert_eq!(Provider::Gmail.preset().max_per_day, Some(500));
        assert_eq!(Provider::GoogleWorkspace.preset().max_per_day, Some(2000));
    }
}
