//! `ug init`: create a commented group file, by a short wizard on a terminal
//! or from flags in scripts; or, with `--example`, the bundled example group
//! to try ug at once. Never overwrites (`--example --force` keeps a `.bak`).

use std::fs;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use dialoguer::Input;

use crate::error::{Error, Result};
use crate::model::units::{check_address, parse_time};
use crate::schedule::Rule;
use crate::{Ctx, store};

const TEMPLATE: &str = include_str!("init.toml");
/// The repository's own `group.toml`: a fictional Django meetup, and the
/// reference of the file format. Built in, so a wheel or .deb user has it.
const EXAMPLE: &str = include_str!("../../group.toml");
const DEFAULT_RULE: &str = "second tuesday monthly";
const DEFAULT_TIME: &str = "18:30";

/// Create a new group file (group.toml here, or --file PATH).
///
/// On a terminal it asks for each value, with the flags as defaults; with
/// --yes, or when stdin is not a terminal, it never asks and takes the flags
/// (--name, --organizer-name and --organizer-email are then required).
/// Refuses to overwrite an existing file.
///
/// --example writes the bundled example group instead (a fictional Django
/// meetup with people, venues, events, tasks and talks; it "sends" into
/// outbox/ as .eml files), and empty Maildirs mail/INBOX and mail/Sent
/// beside it for `ug inbox`: try `ug next-meetup`, `ug remind`, `ug tasks`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the bundled example group to try ug (no questions asked)
    #[arg(long, conflicts_with_all = ["name", "city", "timezone", "rule", "time", "organizer_name", "organizer_email"])]
    example: bool,
    /// With --example: replace an existing file, keeping the old one as FILE.bak
    #[arg(long, requires = "example")]
    force: bool,
    /// The group's name, e.g. "Django NYC"
    #[arg(long)]
    name: Option<String>,
    /// The city it meets in
    #[arg(long)]
    city: Option<String>,
    /// IANA time zone, e.g. America/New_York [default: this machine's, else UTC]
    #[arg(long)]
    timezone: Option<String>,
    /// Schedule rule, e.g. "last thursday monthly" [default: "second tuesday monthly"]
    #[arg(long)]
    rule: Option<String>,
    /// Start time, 24-hour [default: 18:30]
    #[arg(long)]
    time: Option<String>,
    /// The organizer's full name
    #[arg(long)]
    organizer_name: Option<String>,
    /// The organizer's email address
    #[arg(long)]
    organizer_email: Option<String>,
}

/// The answers, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    pub name: String,
    pub city: Option<String>,
    pub timezone: String,
    pub rule: String,
    pub time: String,
    pub organizer_name: String,
    pub organizer_email: String,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let path = ctx
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from(store::FILE_NAME));
    let display = path.display().to_string();
    if args.example {
        return example(&path, &display, args.force, ctx);
    }
    if path.exists() {
        return Err(Error::Exists { path: display });
    }
    let answers = if ctx.interactive && !ctx.yes {
        ask(args)?
    } else {
        from_flags(args)?
    };
    let text = render(&answers);
    // Never write a file `ug check` would reject.
    let checked = store::check_text(&text, &display, ctx.now_fn())?;
    if let Some(d) = checked.diagnostics.iter().find(|d| d.is_error()) {
        return Err(Error::usage(
            format!("these values would make an invalid file: {}", d.message),
            "check the values given to `ug init`",
        ));
    }
    store::create_new(&path, &display, text.as_bytes())?;
    crate::outln!("Created {display} for {}.", answers.name);
    crate::outln!(
        "Next: add a co-organizer and a venue to it, then run `ug check` and `ug next-meetup`."
    );
    Ok(())
}

/// `ug init --example`: the bundled group, then empty Maildirs for the
/// folders its `[inbox]` names (so `ug inbox` and `ug daily` work at once),
/// then what to try. An existing file is refused, or with `force` kept as
/// `FILE.bak` (itself never overwritten) before the example replaces it.
fn example(path: &Path, display: &str, force: bool, ctx: &Ctx) -> Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        if !force {
            return Err(Error::failed_with(
                format!("{display} already exists; `ug init --example` does not overwrite it"),
                "run it in an empty folder, pass `--file NEW_PATH`, or add `--force` to replace it (the old file is kept as .bak)",
            ));
        }
        let mut bak = path.as_os_str().to_owned();
        bak.push(".bak");
        let bak = PathBuf::from(bak);
        // A hard link keeps the old file under the new name without a moment
        // with neither, and fails if a .bak is there already.
        fs::hard_link(path, &bak).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::failed_with(
                    format!("{} already exists, so --force would lose it", bak.display()),
                    "move it away first, or pass `--file NEW_PATH`",
                )
            } else {
                Error::io("keep a copy of", path, e)
            }
        })?;
        store::write_atomic(path, EXAMPLE.as_bytes(), None)?;
        crate::outln!("Kept the old {display} as {}.", bak.display());
    } else {
        store::create_new(path, display, EXAMPLE.as_bytes())?;
    }
    let checked = store::check_text(EXAMPLE, display, ctx.now_fn())?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let inbox = checked.group.inbox.as_ref();
    let maildirs = inbox
        .into_iter()
        .flat_map(|i| [&i.maildir, &i.sent_maildir]);
    for dir in maildirs.flatten() {
        for sub in ["cur", "new", "tmp"] {
            let d = folder.join(&dir.value).join(sub);
            fs::create_dir_all(&d).map_err(|e| Error::io("create", &d, e))?;
        }
    }
    let ug = match &ctx.file {
        Some(_) => format!("ug --file {display}"),
        None => "ug".to_string(),
    };
    crate::outln!(
        "Created {display}: the example group \"{}\", a fictional meetup to try ug on.",
        checked.group.group.name
    );
    crate::outln!("Try:");
    crate::outln!("  {ug} next-meetup   the next meetup: planned, or how ready it is");
    crate::outln!("  {ug} remind        the mail due now (a preview: nothing is sent)");
    crate::outln!("  {ug} tasks         who does what, and what is overdue");
    crate::outln!("  {ug} status        all of it on one screen");
    crate::outln!("Its mail goes into outbox/ as .eml files, never to a server.");
    crate::outln!("For your own group, run `ug init` (without --example) in another folder.");
    Ok(())
}

fn from_flags(args: Args) -> Result<Answers> {
    let need = |v: Option<String>, flag: &str| {
        v.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
            Error::usage(
                format!("`ug init` needs --{flag} when it cannot ask (stdin is not a terminal, or --yes)"),
                "e.g. ug init --name \"Django NYC\" --organizer-name \"Sean Example\" --organizer-email sean@example.org --yes",
            )
        })
    };
    let answers = Answers {
        name: need(args.name, "name")?,
        city: args.city.filter(|c| !c.trim().is_empty()),
        timezone: args.timezone.unwrap_or_else(local_timezone),
        rule: args.rule.unwrap_or_else(|| DEFAULT_RULE.into()),
        time: args.time.unwrap_or_else(|| DEFAULT_TIME.into()),
        organizer_name: need(args.organizer_name, "organizer-name")?,
        organizer_email: need(args.organizer_email, "organizer-email")?,
    };
    check(&answers)?;
    Ok(answers)
}

/// Each value's own check; an error names the flag.
fn check(a: &Answers) -> Result<()> {
    let bad = |flag: &str, e: &dyn std::fmt::Display| {
        Error::usage(
            format!("--{flag}: {e}"),
            "fix the value and run `ug init` again",
        )
    };
    for (flag, v) in [("name", &a.name), ("organizer-name", &a.organizer_name)] {
        if v.chars().any(char::is_control) {
            return Err(bad(flag, &"it must be a single line"));
        }
    }
    check_timezone(&a.timezone).map_err(|e| bad("timezone", &e))?;
    // The rule's own hint (the accepted forms) is the help line.
    Rule::parse(&a.rule).map_err(|e| Error::usage(format!("--rule: {}", e.message()), e.hint()))?;
    parse_time(&a.time).map_err(|e| bad("time", &e))?;
    check_address(&a.organizer_email).map_err(|e| bad("organizer-email", &e))?;
    Ok(())
}

fn check_timezone(s: &str) -> Result<()> {
    s.parse::<Tz>().map(|_| ()).map_err(|_| {
        let near = crate::diag::nearest(s, chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()));
        Error::failed(match near {
            Some(n) => format!("unknown time zone \"{s}\"; did you mean \"{n}\"?"),
            None => format!("unknown time zone \"{s}\"; use an IANA name like \"Europe/Berlin\""),
        })
    })
}

fn ask(args: Args) -> Result<Answers> {
    let io = |e: dialoguer::Error| Error::failed(format!("could not read the answer: {e}"));
    let text = |prompt: &str, default: Option<String>, check: fn(&str) -> Result<()>| {
        let mut input = Input::<String>::new().with_prompt(prompt);
        if let Some(d) = default {
            input = input.default(d);
        }
        input
            .validate_with(move |s: &String| check(s.trim()))
            .interact_text()
            .map(|s| s.trim().to_string())
    };
    let nonempty = |s: &str| {
        if s.is_empty() {
            Err(Error::failed("please give a value"))
        } else {
            Ok(())
        }
    };
    let any = |_: &str| Ok(());
    let name = text("Group name", args.name, nonempty).map_err(io)?;
    let city = text("City (optional)", Some(args.city.unwrap_or_default()), any).map_err(io)?;
    let timezone = text(
        "Time zone",
        Some(args.timezone.unwrap_or_else(local_timezone)),
        check_timezone,
    )
    .map_err(io)?;
    let rule = text(
        "When do you meet?",
        Some(args.rule.unwrap_or_else(|| DEFAULT_RULE.into())),
        |s| Rule::parse(s).map(|_| ()).map_err(Error::from),
    )
    .map_err(io)?;
    let time = text(
        "Start time",
        Some(args.time.unwrap_or_else(|| DEFAULT_TIME.into())),
        |s| parse_time(s).map(|_| ()),
    )
    .map_err(io)?;
    let organizer_name = text("Your name", args.organizer_name, nonempty).map_err(io)?;
    let organizer_email = text("Your email", args.organizer_email, check_address).map_err(io)?;
    Ok(Answers {
        name,
        city: Some(city).filter(|c| !c.is_empty()),
        timezone,
        rule,
        time,
        organizer_name,
        organizer_email,
    })
}

/// This machine's zone from $TZ or /etc/localtime, else UTC.
fn local_timezone() -> String {
    let from_env = std::env::var("TZ")
        .ok()
        .map(|s| s.trim_start_matches(':').to_string());
    let from_link = std::fs::read_link("/etc/localtime").ok().and_then(|p| {
        let s = p.to_string_lossy().into_owned();
        s.split_once("zoneinfo/").map(|(_, z)| z.to_string())
    });
    from_env
        .into_iter()
        .chain(from_link)
        .find(|z| z.parse::<Tz>().is_ok())
        .unwrap_or_else(|| "UTC".into())
}

/// A TOML string literal, quoted and escaped.
fn quote(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

/// A handle from a name: "Sean O'Brien" -> "sean".
fn handle(name: &str) -> String {
    let first: String = name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if first.is_empty() {
        "organizer".into()
    } else {
        first
    }
}

/// Fills the commented template.
pub fn render(a: &Answers) -> String {
    let from = format!(
        "{} <{}>",
        a.name.replace(['<', '>', '"'], ""),
        a.organizer_email
    );
    let city_line = match &a.city {
        Some(c) => format!("city = {}", quote(c)),
        None => "# city = \"New York\"".to_string(),
    };
    let values = [
        ("name_q", quote(&a.name)),
        ("name", a.name.replace(['\n', '\r'], " ")),
        ("timezone_q", quote(&a.timezone)),
        ("city_line", city_line),
        ("organizer_id_q", quote(&handle(&a.organizer_name))),
        ("organizer_name_q", quote(&a.organizer_name)),
        ("organizer_email_q", quote(&a.organizer_email)),
        ("rule_q", quote(&a.rule)),
        ("time_q", quote(&a.time)),
        ("from_q", quote(&from)),
    ];
    fill(TEMPLATE, &values)
}

/// Replaces each `{key}` of the template in one pass, so a value that itself
/// contains `{...}` is inserted as written, never expanded.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hit = after.find('}').and_then(|close| {
            values
                .iter()
                .find(|(k, _)| *k == &after[..close])
                .map(|(_, v)| (close, v))
        });
        match hit {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> Answers {
        Answers {
            name: "Rust \"Lakeside\" Meetup".into(),
            city: Some("Zürich".into()),
            timezone: "Europe/Zurich".into(),
            rule: "last thursday monthly".into(),
            time: "19:00".into(),
            organizer_name: "Ann O'Neil".into(),
            organizer_email: "ann@example.org".into(),
        }
    }

    #[test]
    fn rendered_file_is_valid() {
        let text = render(&answers());
        let checked =
            crate::store::check_text(&text, "group.toml", |_| chrono::NaiveDateTime::default())
                .unwrap();
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{errors:?}\n{text}");
        assert_eq!(checked.group.group.name, "Rust \"Lakeside\" Meetup");
        assert_eq!(checked.group.people[0].id.value, "ann");
        assert_eq!(checked.group.email.unwrap().from.address, "ann@example.org");
    }

    #[test]
    fn flags_are_checked() {
        let mut a = answers();
        a.timezone = "Europe/Zurch".into();
        let e = check(&a).unwrap_err();
        assert!(e.to_string().starts_with("--timezone: "), "{e}");
        assert!(e.to_string().contains("Europe/Zurich"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }
}
