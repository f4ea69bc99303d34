//! `ug members`: the announcement list in numbers, and its edits: `add`,
//! `remove` (unsubscribes), `import FILE.csv` and `export`. The decisions,
//! the CSV reading and the writing live in `crate::members`.

use std::fmt;
use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::members::{self as domain, Added, ImportPlan, ListView, Problem, Status, write};
use crate::words::plural;
use crate::{Ctx, render, term};

/// The member list: how many are subscribed, unsubscribed and bounced, and
/// how it grew (joins per month, a row per year).
///
/// Members are the `[[members]]` entries of the group file: the people who
/// get announcements and reminders. Addresses compare case-insensitively.
/// `--json` prints {today, total, subscribed, unsubscribed, bounced,
/// no_joined_date, joined_last_12_months, months: [{month, joined, total}]}.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Put one address on the list (joined today)
    ///
    /// An address already on the list is not added twice: ug says so and
    /// exits 0 (nothing changes). One that unsubscribed or bounced is not put
    /// back unless you pass --resubscribe (exit 1 without it): only do that
    /// when the person asked to come back.
    Add {
        /// The address, e.g. ann@example.com
        email: String,
        /// The person's name
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Put an unsubscribed or bounced address back on the list
        #[arg(long)]
        resubscribe: bool,
    },
    /// Unsubscribe an address: `unsubscribed = true`, no more mail
    ///
    /// The entry stays in the file, so an import never adds the address
    /// again. An address not on the list is an error naming the nearest ones.
    Remove {
        /// The address (any case)
        email: String,
    },
    /// Add the members of a CSV export (Luma, Meetup, or any sheet with a header row)
    ///
    /// Columns are found by their header, in any case: email / e-mail /
    /// email address / user_email; name / full name / user_name, or
    /// first_name + last_name; joined / created_at / joined group on / confirm_time
    /// (2026-03-04, 2026-03-04T18:22:10Z, 03/04/2026 as month/day/year,
    /// 04.03.2026, March 4, 2026: the date is kept; without one, today);
    /// status (as `export` writes it: unsubscribed and bounced rows are added
    /// as such). Other columns are ignored; commas, semicolons or tabs
    /// separate the fields. An address already on the list (any case,
    /// even unsubscribed or bounced: they are never re-added) or earlier in
    /// the file is not added again. A bad row is reported with its line
    /// (members.csv:7: ...) and skipped. A file that is not UTF-8, has no
    /// email column, or has a broken quote is an error with the line and the
    /// fix (exit 1, nothing written). All new members are written in one edit.
    /// Prints "Added N, already on the list M, skipped K"; --json prints
    /// {file, dry_run, columns, rows, added, already_on_list, skipped,
    /// members_added, not_readded, skipped_rows: [{line, message}]}.
    Import {
        /// The CSV file
        #[arg(value_name = "FILE.csv")]
        csv: PathBuf,
        /// Show what would be added; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the list as CSV on stdout: name,email,joined,status
    ///
    /// Every entry, in file order; status is subscribed, unsubscribed or
    /// bounced. With --json, the same as a JSON array.
    Export,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    match args.action {
        None => {
            let loaded = ctx.load()?;
            let g = &loaded.group;
            render::show(&ListView::new(g, ctx.now(g).date()), ctx.json)
        }
        Some(Action::Add {
            email,
            name,
            resubscribe,
        }) => add(ctx, &email, name.as_deref(), resubscribe),
        Some(Action::Remove { email }) => remove(ctx, &email),
        Some(Action::Import { csv, dry_run }) => import(ctx, &csv, dry_run),
        Some(Action::Export) => export(ctx),
    }
}

/// What `add` did, as a sentence and as `--json`.
#[derive(Serialize)]
struct AddView(Added);

impl fmt::Display for AddView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Added::Added(m) if m.name.is_empty() => {
                writeln!(
                    f,
                    "Added {} to the member list (joined {})",
                    m.email, m.joined
                )
            }
            Added::Added(m) => writeln!(
                f,
                "Added {} <{}> to the member list (joined {})",
                m.name, m.email, m.joined
            ),
            Added::AlreadyOn { email, joined } => {
                let since = joined.map(|d| format!(" since {d}")).unwrap_or_default();
                writeln!(f, "{email} is already on the list{since}: nothing changed")
            }
            Added::Resubscribed { email, was } => writeln!(
                f,
                "{email} is back on the list (was {}): they get the group's mail again",
                was.as_str()
            ),
        }
    }
}

fn add(ctx: &Ctx, email: &str, name: Option<&str>, resubscribe: bool) -> Result<()> {
    let added = ctx.edit(|e| {
        let today = ctx.now(e.group).date();
        let added = domain::add(e.group, email, name, today, resubscribe)?;
        match &added {
            Added::Added(m) => write::append(e.doc, std::slice::from_ref(m))?,
            Added::Resubscribed { email, .. } => write::resubscribe(e.doc, email)?,
            Added::AlreadyOn { .. } => {}
        }
        Ok(added)
    })?;
    render::show(&AddView(added), ctx.json)
}

/// What `remove` did.
#[derive(Serialize)]
struct RemoveView(domain::Removed);

impl fmt::Display for RemoveView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let email = &self.0.email;
        if self.0.changed {
            writeln!(
                f,
                "Unsubscribed {email}: no more mail. The entry stays, so an import never adds them again."
            )
        } else {
            writeln!(f, "{email} was already unsubscribed: nothing changed")
        }
    }
}

fn remove(ctx: &Ctx, email: &str) -> Result<()> {
    let removed = ctx.edit(|e| {
        let removed = domain::remove(e.group, email)?;
        if removed.changed {
            write::unsubscribe(e.doc, &removed.email)?;
        }
        Ok(removed)
    })?;
    render::show(&RemoveView(removed), ctx.json)
}

/// What an import did (or would do, with `--dry-run`).
#[derive(Serialize)]
struct ImportView {
    file: String,
    dry_run: bool,
    /// Which header each field was read from.
    columns: Vec<Column>,
    rows: usize,
    added: usize,
    already_on_list: usize,
    skipped: usize,
    #[serde(flatten)]
    plan: ImportPlan,
}

#[derive(Serialize)]
struct Column {
    field: &'static str,
    header: String,
}

impl fmt::Display for ImportView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cols = self
            .columns
            .iter()
            .map(|c| format!("{} = \"{}\"", c.field, c.header))
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(
            f,
            "{}: {} ({cols})",
            self.file,
            plural(self.rows as i64, "row")
        )?;
        let verb = if self.dry_run { "Would add" } else { "Added" };
        writeln!(
            f,
            "{verb} {}, already on the list {}, skipped {}",
            self.added, self.already_on_list, self.skipped
        )?;
        let kept = self
            .plan
            .added
            .iter()
            .filter(|m| m.status != Status::Subscribed)
            .count();
        if kept > 0 {
            writeln!(
                f,
                "{kept} of those added are unsubscribed or bounced (the CSV's status column): they get no mail"
            )?;
        }
        if !self.plan.not_readded.is_empty() {
            writeln!(
                f,
                "{} of those on the list unsubscribed or bounced: not added again",
                self.plan.not_readded.len()
            )?;
        }
        if self.dry_run {
            writeln!(f, "--dry-run: nothing was written")?;
        }
        Ok(())
    }
}

/// Before the question on a terminal: the first ten new members.
fn show_new(added: &[domain::NewMember]) {
    for m in added.iter().take(10) {
        match m.name.as_str() {
            "" => eprintln!("  + {} (joined {})", m.email, m.joined),
            name => eprintln!("  + {name} <{}> (joined {})", m.email, m.joined),
        }
    }
    if added.len() > 10 {
        eprintln!("  ... and {} more", added.len() - 10);
    }
}

/// Prints the skipped rows on stderr (the first 50), as `file:line: why`.
fn report_skipped(display: &str, skipped: &[Problem]) {
    for p in skipped.iter().take(50) {
        eprintln!("{display}:{}: {}", p.line, p.message);
    }
    if skipped.len() > 50 {
        eprintln!("... and {} more rows skipped", skipped.len() - 50);
    }
}

/// Larger sheets are refused before reading: the group file itself stops
/// at 32 MiB (`store::MAX_BYTES`).
const MAX_CSV_BYTES: u64 = 64 * 1024 * 1024;

fn import(ctx: &Ctx, file: &std::path::Path, dry_run: bool) -> Result<()> {
    let display = file.display().to_string();
    let size = std::fs::metadata(file).map_err(|e| Error::io("read", file, e))?;
    if size.len() > MAX_CSV_BYTES {
        return Err(Error::failed_with(
            format!(
                "{display} is {} MiB; ug imports member sheets up to {} MiB",
                size.len() / 1024 / 1024,
                MAX_CSV_BYTES / 1024 / 1024
            ),
            "is this the right file? 100,000 members are about 10 MB; split a larger one",
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| Error::io("read", file, e))?;
    let table = domain::read_csv(&bytes, &display)?;
    let columns = table
        .columns
        .iter()
        .map(|(field, header)| Column {
            field,
            header: header.clone(),
        })
        .collect();
    let decide = |g: &crate::model::Group, today| {
        let plan = domain::plan_import(g, table, today);
        report_skipped(&display, &plan.skipped);
        plan
    };
    let plan = if dry_run {
        let loaded = ctx.load()?;
        decide(&loaded.group, ctx.now(&loaded.group).date())
    } else {
        ctx.edit_confirmed(|e| {
            let plan = decide(e.group, ctx.now(e.group).date());
            if !plan.added.is_empty() && ctx.interactive && !ctx.yes {
                show_new(&plan.added);
                super::confirm(
                    ctx,
                    &format!(
                        "Add {} to the list?",
                        plural(plan.added.len() as i64, "member")
                    ),
                )?;
            }
            write::append(e.doc, &plan.added)?;
            Ok(plan)
        })?
    };
    let view = ImportView {
        file: display,
        dry_run,
        columns,
        rows: plan.rows,
        added: plan.added.len(),
        already_on_list: plan.already,
        skipped: plan.skipped.len(),
        plan,
    };
    render::show(&view, ctx.json)
}

/// One member in `export --json`.
#[derive(Serialize)]
struct Exported<'g> {
    name: &'g str,
    email: &'g str,
    joined: Option<chrono::NaiveDate>,
    status: Status,
}

fn export(ctx: &Ctx) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    if ctx.json {
        let all: Vec<Exported<'_>> = g
            .members
            .iter()
            .map(|m| Exported {
                name: &m.name,
                email: &m.email.value,
                joined: m.joined,
                status: Status::of(m),
            })
            .collect();
        return render::print_json(&all);
    }
    term::write_document(&domain::to_csv(g)?);
    Ok(())
}
