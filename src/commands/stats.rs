//! `ug stats`: is the group healthy? Attendance and what draws people, the
//! room, sign-ups, the list, the rhythm and the team, as text, `--json`, or
//! SVG charts written to a folder (the same ones the site shows).

use std::path::PathBuf;

use crate::Ctx;
use crate::error::{Error, Result};
use crate::render::show;

/// Show how the group is doing: attendance, what draws people, the room,
/// sign-ups, the list, momentum, the team and the speakers, as numbers and
/// small charts.
///
/// Attendance per event with its trend, per format and per venue (mean over
/// how many events, best); the audience
/// against the room ("too big: narrow the topic or find a bigger room",
/// "too small: broaden the topic, try a social"); sign-ups once RSVPs exist
/// (RSVPs, show-up rate = attended / yes, waitlist, first-timers); the list
/// (members, joins per month, leaves, bounces); momentum (dates held against
/// the schedule, cancellations, gaps, the streak of months in rhythm); and
/// the team (tasks done per person over the last 6 months, asks answered);
/// and the speakers (talks given per speaker, the top 10 and how many
/// speakers; first-time speakers per event over the last 12 months and the
/// share of talks they gave: are new voices coming in?).
///
/// Fewer than 3 held events give "not enough history" instead of a trend.
/// On a terminal it draws sparklines and bars within 80 columns; `--json`
/// prints the same numbers; `--svg DIR` also writes each chart as DIR/NAME.svg
/// (attendance, formats, venues, signups once RSVPs exist, joins, team,
/// speakers).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also write the charts as SVG files into this folder (created if missing)
    #[arg(long, value_name = "DIR")]
    svg: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let loaded = ctx.load()?;
    let g = &loaded.group;
    let now = ctx.now(g);
    if let Some(dir) = &args.svg {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::failed_with(
                format!("--svg {}: that is a file, not a folder", dir.display()),
                "name a folder for the charts (it is created if missing), e.g. `ug stats --svg charts`",
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        let charts = crate::stats::charts(g, now.date());
        for c in &charts {
            let path = dir.join(format!("{}.svg", c.name));
            std::fs::write(&path, &c.svg).map_err(|e| Error::io("write", &path, e))?;
        }
        if !ctx.json {
            crate::term::write_stderr(&format!(
                "Wrote {} charts to {}\n",
                charts.len(),
                dir.display()
            ));
        }
    }
    show(&crate::stats::stats(g, now), ctx.json)
}
