//! `ug site` (SPEC §6): the group's static website, made from the group
//! file with minijinja templates (built in, overridable from `site/` beside
//! the file) and written incrementally. The pages are made in memory first
//! (`pages`), then synced to the out folder (`output`).
//!
//! Same file and same `UG_NOW`: same bytes. The calendar's DTSTAMP and the
//! feed's `updated` are the build's day (local midnight); a rebuild on a
//! later day with nothing else changed keeps the stamps on disk (`stamps`),
//! so it writes nothing.

pub mod charts;
pub mod feeds;
pub mod output;
mod stamps;
pub mod templates;
pub mod view;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveTime};
use chrono_tz::Tz;
use minijinja::Value;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::error::Result;
use crate::mail::calendar;
use crate::model::Group;
use templates::Templates;
use view::EventView;

/// The site's files: relative path -> bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Every file of the site for group `g` (its file in folder `dir`) at `now`.
pub fn pages(g: &Group, dir: &Path, now: DateTime<Tz>) -> Result<Files> {
    let t = Templates::load(dir)?;
    let local = now.naive_local();
    let day = view::zoned(g.tz(), local.date().and_time(NaiveTime::MIN));
    let gv = view::group(g);
    let mut events: Vec<EventView> = g.events.iter().map(|e| view::event(g, e, local)).collect();
    events.sort_by(|a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)));
    let base = feeds::base(g);
    let mut files = Files::new();
    let mut html = |path: String, page: &str, root: &str, title: &str, ctx: Value| -> Result<()> {
        let ctx = minijinja::context! { root, home => if root.is_empty() { "./" } else { root }, title, page => page.trim_end_matches(".html"), ..ctx };
        let body = t.render(page, &ctx)?;
        let layout = minijinja::context! { content => Value::from_safe_string(body), ..ctx };
        files.insert(path, t.render("layout.html", &layout)?.into_bytes());
        Ok(())
    };
    let (upcoming, past): (Vec<&EventView>, Vec<&EventView>) = events.iter().partition(|e| !e.past);
    let next = upcoming.iter().find(|e| !e.cancelled).copied();
    let later: Vec<&EventView> = upcoming
        .iter()
        .filter(|e| next.is_none_or(|n| n.id != e.id))
        .copied()
        .collect();
    let recent: Vec<&EventView> = past.iter().rev().take(3).copied().collect();
    let group = Value::from_serialize(&gv);
    html(
        "index.html".into(),
        "index.html",
        "",
        &gv.name,
        minijinja::context! { group, next, later, recent },
    )?;
    let archive_past: Vec<&EventView> = past.iter().rev().copied().collect();
    html(
        "events/index.html".into(),
        "archive.html",
        "../",
        "Events",
        minijinja::context! { group, upcoming, past => archive_past },
    )?;
    for e in &events {
        let ld = feeds::json_ld(&gv, e, base.as_deref());
        html(
            format!("{}index.html", e.path),
            "event.html",
            "../../",
            &e.title,
            minijinja::context! { group, event => e, json_ld => Value::from_safe_string(ld) },
        )?;
    }
    let speakers = view::speakers(g, &events, local.date());
    html(
        "speakers/index.html".into(),
        "speakers.html",
        "../",
        "Speakers",
        minijinja::context! { group, speakers },
    )?;
    let charts = charts::charts(g, local.date());
    html(
        "stats/index.html".into(),
        "stats.html",
        "../",
        "Stats",
        minijinja::context! { group, charts },
    )?;
    let mut pages: Vec<String> = files
        .keys()
        .map(|k| k.trim_end_matches("index.html").to_string())
        .collect();
    pages.sort_by_key(|p| (p.matches('/').count(), p.clone()));
    files.insert("style.css".into(), t.css.clone().into_bytes());
    files.insert(
        "calendar.ics".into(),
        calendar::feed_ics(g, day).into_bytes(),
    );
    files.insert(
        "feed.xml".into(),
        feeds::atom(g, &gv, &events, day).into_bytes(),
    );
    files.insert("sitemap.xml".into(), feeds::sitemap(g, &pages).into_bytes());
    Ok(files)
}

/// What `ug site` did. Serializes as `ug site --json`.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The out folder.
    pub out: String,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// The files written and removed, relative to `out`.
    pub written_files: Vec<String>,
    pub removed_files: Vec<String>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "Site in {}: {} written, {} unchanged, {} removed",
            self.out, self.written, self.unchanged, self.removed
        )?;
        if self.written + self.removed > 0 && self.written + self.removed <= 20 {
            for w in &self.written_files {
                writeln!(f, "  wrote   {w}")?;
            }
            for r in &self.removed_files {
                writeln!(f, "  removed {r}")?;
            }
        }
        Ok(())
    }
}

/// The folder `[site] out` names (relative to `dir`, the group file's
/// folder), else public/ there.
pub fn out_folder(g: &Group, dir: &Path) -> PathBuf {
    let configured = g.site.as_ref().and_then(|s| s.out.as_ref());
    dir.join(configured.map_or("public", |o| o.value.as_str()))
}

/// `ug check`'s word on the site folder, when `[site]` is set: an error
/// when `ug site` would refuse it ([`output::check_folder`]), at `out`.
pub fn folder_diagnostic(g: &Group, dir: &Path) -> Option<Diagnostic> {
    let site = g.site.as_ref()?;
    let e = output::check_folder(&out_folder(g, dir)).err()?;
    let span = site.out.as_ref().and_then(|o| o.span.clone());
    let d = Diagnostic::error(format!("`ug site` would refuse this: {e}"), span);
    Some(match e.hint() {
        Some(h) => d.with_hint(h),
        None => d,
    })
}

/// Builds the site of `g` (its file in `dir`) into `out`, once
/// [`output::check_folder`] has found the folder ug's to write.
pub fn build(g: &Group, dir: &Path, out: &Path, now: DateTime<Tz>) -> Result<Report> {
    output::check_folder(out)?;
    let mut files = pages(g, dir, now)?;
    stamps::keep(out, &mut files);
    std::fs::create_dir_all(out).map_err(|e| crate::error::Error::io("create", out, e))?;
    let done = output::sync(out, &files)?;
    Ok(Report {
        out: out.display().to_string(),
        written: done.written.len(),
        unchanged: done.unchanged,
        removed: done.removed.len(),
        written_files: done.written,
        removed_files: done.removed,
    })
}
