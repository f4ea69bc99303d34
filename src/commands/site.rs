//! `ug site`: write the group's static website (SPEC §6).

use std::path::PathBuf;

use crate::Ctx;
use crate::error::Result;
use crate::render;
use crate::site;

/// Write the group's website: static pages any web host serves.
///
/// Writes index.html (the next meetup with its talks and RSVP link, what
/// comes after, how to join, organizers, venues and sponsors thanked),
/// events/<id>/ for every event (its talks and speakers) and events/ as the
/// archive, speakers/ (everyone who gave a talk), stats/, calendar.ics
/// (every event), feed.xml (Atom), sitemap.xml and style.css. No
/// JavaScript. Proposed or asked talks and open slots never appear.
///
/// The folder is --out, else `[site] out` (relative to the group file),
/// else public/ beside the group file. Only files whose bytes changed are
/// written; pages of events that are gone are removed; files ug did not
/// write are left alone (ug lists its own in .ug-site). The folder must be
/// missing, empty, or hold that marker, .ug-site: ug never writes into
/// someone else's folder (`touch DIR/.ug-site` lets it). Templates are
/// built in; a file in site/ beside the group file (layout.html,
/// index.html, event.html, archive.html, speakers.html, stats.html,
/// style.css) replaces the built-in one. Preview: `python3 -m http.server
/// -d public`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the site to this folder [default: `[site] out`, else public/ beside the group file]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let report = site::build_loaded(ctx.load()?, &ctx.clock, args.out)?;
    render::show(&report, ctx.json)
}
