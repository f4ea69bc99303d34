//! `ug site`: write the group's static website (SPEC §6).

use std::path::PathBuf;

use crate::Ctx;
use crate::error::Result;
use crate::render;
use crate::site;

/// Write the group's website: static pages any web host serves.
///
/// Writes index.html (the next meetup with its RSVP link, what comes after,
/// how to join, organizers, venues and sponsors thanked), events/<id>/ for
/// every event and events/ as the archive, stats/, calendar.ics (every
/// event), feed.xml (Atom), sitemap.xml and style.css. No JavaScript.
///
/// The folder is --out, else `[site] out` (relative to the group file),
/// else public/ beside the group file. Only files whose bytes changed are
/// written; pages of events that are gone are removed; files ug did not
/// write are left alone (ug lists its own in .ug-site). Templates are
/// built in; a file in site/ beside the group file (layout.html,
/// index.html, event.html, archive.html, stats.html, style.css) replaces
/// the built-in one. Preview: `python3 -m http.server -d public`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the site to this folder [default: `[site] out`, else public/ beside the group file]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let dir = loaded
        .location
        .path
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default();
    let out = args.out.unwrap_or_else(|| {
        let configured = g.site.as_ref().and_then(|s| s.out.as_deref());
        dir.join(configured.unwrap_or("public"))
    });
    let now = ctx.clock.instant(g.tz());
    let report = site::build(g, &dir, &out, now)?;
    render::show(&report, ctx.json)
}
