//! The group file's names, written once (SPEC §1): each section's key in the
//! file, how messages name it (`[[tasks]]`), and its keys. The reader's
//! known-key lists, the validator and every edit (`ug tasks`, `ug agenda`,
//! the planner, the event life cycle) use these constants, so a key renamed
//! here is renamed everywhere.

/// Declares one section: its keys as constants, and `KEYS`, every key in the
/// order the reader lists them (its "known fields are ..." message).
macro_rules! section {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($key:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        pub mod $name {
            /// How messages name the section.
            pub const WHAT: &str = $what;
            $(pub const $key: &str = $text;)*
            /// Every key of the section.
            pub const KEYS: &[&str] = &[$($key),*];
        }
    };
}

section!(
    /// The top level: one key per section.
    top, "the file (top level)" {
        GROUP = "group",
        PEOPLE = "people",
        SCHEDULE = "schedule",
        VENUES = "venues",
        SPONSORS = "sponsors",
        MEMBERS = "members",
        EVENTS = "events",
        TASKS = "tasks",
        CHECKLIST = "checklist",
        FORMATS = "formats",
        REMINDERS = "reminders",
        EMAIL = "email",
        INBOX = "inbox",
        SIGNUPS = "signups",
        SITE = "site",
        TALKS = "talks",
    }
);

section!(
    /// `[group]`
    group, "[group]" {
        NAME = "name",
        TIMEZONE = "timezone",
        CITY = "city",
        WEBSITE = "website",
        TOPICS = "topics",
    }
);

section!(
    /// `[[people]]`
    person, "[[people]]" {
        ID = "id",
        NAME = "name",
        EMAIL = "email",
        ROLES = "roles",
    }
);

section!(
    /// `[schedule]`
    schedule, "[schedule]" {
        RULE = "rule",
        TIME = "time",
        DURATION = "duration",
        SKIP = "skip",
        FORMATS = "formats",
        EXPECTED = "expected",
        SINCE = "since",
        PLAN_AHEAD = "plan_ahead",
    }
);

section!(
    /// `[[venues]]`
    venue, "[[venues]]" {
        ID = "id",
        NAME = "name",
        ADDRESS = "address",
        CAPACITY = "capacity",
        KIND = "kind",
        CONTACT = "contact",
        NOTES = "notes",
        UNAVAILABLE = "unavailable",
    }
);

section!(
    /// `[[sponsors]]`
    sponsor, "[[sponsors]]" {
        ID = "id",
        NAME = "name",
        PROVIDES = "provides",
        CONTACT = "contact",
    }
);

section!(
    /// `[[members]]`
    member, "[[members]]" {
        NAME = "name",
        EMAIL = "email",
        JOINED = "joined",
        UNSUBSCRIBED = "unsubscribed",
        BOUNCED = "bounced",
    }
);

section!(
    /// `[[events]]`
    event, "[[events]]" {
        ID = "id",
        TITLE = "title",
        START = "start",
        DURATION = "duration",
        FORMAT = "format",
        VENUE = "venue",
        SPONSORS = "sponsors",
        STATUS = "status",
        CAPACITY = "capacity",
        ATTENDANCE = "attendance",
        SEQUENCE = "sequence",
        TOLD_START = "told_start",
        TOLD_VENUE = "told_venue",
        TOLD_SEQUENCE = "told_sequence",
        AGENDA = "agenda",
        RSVPS = "rsvps",
    }
);

section!(
    /// `[[events.agenda]]` and `[[formats.NAME]]`: one agenda item.
    agenda_item, "[[events.agenda]]" {
        TITLE = "title",
        KIND = "kind",
        MINUTES = "minutes",
        SPEAKER = "speaker",
    }
);

section!(
    /// `[[tasks]]`
    task, "[[tasks]]" {
        ID = "id",
        TITLE = "title",
        OWNER = "owner",
        DUE = "due",
        EVENT = "event",
        STATUS = "status",
        DONE_ON = "done_on",
        NOTES = "notes",
        ASKED = "asked",
        ASKED_ON = "asked_on",
        CONFIRMS = "confirms",
    }
);

section!(
    /// `[[talks]]` (SPEC §9): a talk, from proposed or asked to given.
    talk, "[[talks]]" {
        ID = "id",
        TITLE = "title",
        SPEAKER = "speaker",
        MINUTES = "minutes",
        KIND = "kind",
        STATUS = "status",
        EVENT = "event",
        ASKED_ON = "asked_on",
        NOTES = "notes",
    }
);

section!(
    /// `[[checklist]]`
    checklist, "[[checklist]]" {
        TITLE = "title",
        OWNER = "owner",
        BEFORE = "before",
        AFTER = "after",
        CONFIRMS = "confirms",
    }
);

section!(
    /// `[reminders]`
    reminders, "[reminders]" {
        ANNOUNCE = "announce",
        REMIND = "remind",
        THANKS = "thanks",
        NUDGE = "nudge",
    }
);

section!(
    /// `[email]`
    email, "[email]" {
        FROM = "from",
        REPLY_TO = "reply_to",
        UNSUBSCRIBE_URL = "unsubscribe_url",
        ONE_CLICK = "one_click",
        BOUNCES = "bounces",
        PROVIDER = "provider",
        TRANSPORT = "transport",
        SMTP = "smtp",
        SENDMAIL = "sendmail",
        FILE = "file",
    }
);

section!(
    /// `[email.smtp]`
    smtp, "[email.smtp]" {
        HOST = "host",
        PORT = "port",
        SECURITY = "security",
        USERNAME = "username",
        PASSWORD_ENV = "password_env",
        PASSWORD_CMD = "password_cmd",
        OAUTH2_TOKEN_CMD = "oauth2_token_cmd",
        CA_FILE = "ca_file",
        ALLOW_INSECURE = "allow_insecure",
        MAX_PER_DAY = "max_per_day",
        MAX_PER_HOUR = "max_per_hour",
    }
);

section!(
    /// `[email.sendmail]`
    sendmail, "[email.sendmail]" {
        COMMAND = "command",
    }
);

section!(
    /// `[inbox]`: where `ug inbox` reads replies (SPEC §5).
    inbox, "[inbox]" {
        ANSWER_WITHIN = "answer_within",
        MAILDIR = "maildir",
        SENT_MAILDIR = "sent_maildir",
        IMAP = "imap",
        KEY_ENV = "key_env",
        KEY_CMD = "key_cmd",
        TRUST_AUTHSERV = "trust_authserv",
    }
);

section!(
    /// `[inbox.imap]`: the inbox read over IMAP instead of a Maildir.
    imap, "[inbox.imap]" {
        HOST = "host",
        PORT = "port",
        SECURITY = "security",
        USERNAME = "username",
        PASSWORD_ENV = "password_env",
        PASSWORD_CMD = "password_cmd",
        OAUTH2_TOKEN_CMD = "oauth2_token_cmd",
        FOLDER = "folder",
        SENT_FOLDER = "sent_folder",
        CA_FILE = "ca_file",
    }
);

section!(
    /// `[email.file]`
    file, "[email.file]" {
        DIR = "dir",
    }
);

/// The formats `ug next-meetup` knows without a `[[formats.NAME]]` in the
/// file (their skeletons are the planner's): what `[schedule] formats` and
/// an event's `format` may name besides the file's own.
pub const BUILT_IN_FORMATS: [&str; 5] = ["talks", "lightning", "tutorial", "hack-night", "social"];

/// Declares an enum of the values a key takes, with its text in the file:
/// `ALL` (in declaration order), `parse` (exact text, as written in the
/// file), `as_str`, `Display`, and `Serialize` as that text.
macro_rules! values {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value's text, in declaration order.
            pub const ALL: [&'static str; [$($text),+].len()] = [$($text),+];

            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

values!(
    /// An event's `status`.
    EventStatus {
        Planned = "planned",
        Confirmed = "confirmed",
        Announced = "announced",
        Held = "held",
        Cancelled = "cancelled",
    }
);

values!(
    /// A task's `status`.
    TaskStatus {
        Open = "open",
        Asked = "asked",
        Done = "done",
        Declined = "declined",
        Dropped = "dropped",
    }
);

values!(
    /// A talk's `status` (SPEC §9), in the order a talk usually moves.
    TalkStatus {
        Proposed = "proposed",
        Asked = "asked",
        Accepted = "accepted",
        Scheduled = "scheduled",
        Given = "given",
        Declined = "declined",
        Withdrawn = "withdrawn",
    }
);

values!(
    /// A talk's `kind`: which agenda slot it fills.
    TalkKind {
        Talk = "talk",
        Lightning = "lightning",
        Tutorial = "tutorial",
    }
);

values!(
    /// What finishing a task settles about its event (`confirms = "venue"`).
    Confirms {
        Venue = "venue",
    }
);

values!(
    /// An agenda item's `kind`.
    AgendaKind {
        Welcome = "welcome",
        Talk = "talk",
        Lightning = "lightning",
        Tutorial = "tutorial",
        Break = "break",
        Social = "social",
        Hack = "hack",
    }
);

values!(
    /// `[email] transport`: how `ug remind --send` sends.
    Transport {
        Smtp = "smtp",
        Sendmail = "sendmail",
        File = "file",
    }
);

values!(
    /// `[email] provider`: a known mail service whose SMTP settings and
    /// sending quota ug fills in (see `model::provider`).
    Provider {
        Gmail = "gmail",
        GoogleWorkspace = "google-workspace",
        Fastmail = "fastmail",
        Microsoft365 = "microsoft365",
        Ses = "ses",
        Mailgun = "mailgun",
        Postmark = "postmark",
    }
);

values!(
    /// `[email.smtp] security`.
    Security {
        Starttls = "starttls",
        Tls = "tls",
        None = "none",
    }
);

values!(
    /// The roles ug knows in a person's `roles` (a file may use others; they
    /// are compared without regard to case).
    Role {
        Organizer = "organizer",
        CoOrganizer = "co-organizer",
        Helper = "helper",
        Speaker = "speaker",
        Contact = "contact",
    }
);

impl AgendaKind {
    /// A talk, lightning talk or tutorial: an item with a speaker.
    pub fn is_talk(self) -> bool {
        matches!(self, Self::Talk | Self::Lightning | Self::Tutorial)
    }
}

// ---- sign-ups (SPEC §4): `[signups]` and each event's `rsvps`.

section!(
    /// `[signups]`
    signups, "[signups]" {
        ADDRESS = "address",
        OPENS = "opens",
        CLOSES = "closes",
        GUESTS = "guests",
        CONFIRM = "confirm",
        RELEASE = "release",
    }
);

section!(
    /// One entry of an event's `rsvps = [ {...}, ... ]`.
    rsvp, "an RSVP in `rsvps`" {
        EMAIL = "email",
        NAME = "name",
        STATUS = "status",
        GUESTS = "guests",
        AT = "at",
        VIA = "via",
        ATTENDED = "attended",
    }
);

// ---- the website (SPEC §6): `[site]`.

section!(
    /// `[site]`
    site, "[site]" {
        URL = "url",
        OUT = "out",
        ABOUT = "about",
        CODE_OF_CONDUCT = "code_of_conduct",
    }
);

values!(
    /// An RSVP's `status`.
    RsvpStatus {
        Yes = "yes",
        Waitlist = "waitlist",
        No = "no",
    }
);

values!(
    /// How an RSVP arrived: `via`.
    Via {
        Email = "email",
        Manual = "manual",
        Import = "import",
    }
);

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
