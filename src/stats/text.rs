//! `ug stats` on a terminal: every part in a few lines, with sparklines and
//! bars, never wider than 80 columns (names from the file are cut to fit).
//! Plain text only: the same bytes on a terminal and in a pipe.

use std::fmt::{self, Display, Formatter, Write};

use unicode_width::UnicodeWidthStr;

use super::attendance::NOT_ENOUGH;
use super::{Attendance, Draw, List, Rhythm, Signups, Speakers, Stats, Team};

/// The widest line `ug stats` prints.
pub const WIDTH: usize = 80;
/// Columns for a name before its bar.
const NAME: usize = 18;
/// The longest bar.
const BAR: usize = 24;
/// The sparkline shows at most this many latest events.
const SPARK: usize = 32;

impl Display for Stats {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: stats as of {}",
            self.group,
            self.today.format("%a %b %-d %Y")
        );
        attendance(&mut out, &self.attendance);
        match &self.signups {
            Some(s) => signups(&mut out, s),
            None => out.push_str(
                "\nSign-ups\n  no RSVPs yet: `ug rsvps` counts them once members answer\n",
            ),
        }
        list(&mut out, &self.list);
        rhythm(&mut out, &self.momentum);
        team(&mut out, &self.team);
        speakers(&mut out, &self.speakers);
        for line in out.lines() {
            for part in wrap(line, WIDTH) {
                writeln!(f, "{part}")?;
            }
        }
        Ok(())
    }
}

fn attendance(out: &mut String, a: &Attendance) {
    out.push_str("\nAttendance\n");
    let Some(mean) = a.mean else {
        out.push_str(
            "  no held event records its attendance yet: `ug events held ID --attendance N`\n",
        );
        return;
    };
    let _ = writeln!(
        out,
        "  mean {mean} over {} held {}",
        a.over_events,
        plural(a.over_events, "event")
    );
    let shown = &a.events[a.events.len().saturating_sub(SPARK)..];
    let counts: Vec<u32> = shown.iter().map(|p| p.attendance).collect();
    if let (Some(first), Some(last)) = (shown.first(), shown.last()) {
        let best = counts.iter().max().copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "  {}  {} to {}, last {}, best {best}",
            sparkline(&counts),
            first.date.format("%b %Y"),
            last.date.format("%b %Y"),
            last.attendance
        );
    }
    let t = &a.trend;
    match t.per_event {
        Some(per) if t.direction != NOT_ENOUGH => {
            let _ = writeln!(
                out,
                "  trend: {} over the last {} events ({per:+} a meetup)",
                t.direction, t.over_events
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "  trend: {NOT_ENOUGH} ({} held, 3 needed)",
                t.over_events
            );
        }
    }
    draws(out, "By format", &a.by_format);
    draws(out, "By venue", &a.by_venue);
    let v = &a.viability;
    let mut line = format!(
        "  Viability: {} (latest {}: mean {}",
        v.verdict,
        v.over_events,
        v.mean.unwrap_or(0.0)
    );
    if let Some(fill) = v.fill_percent {
        let _ = write!(line, ", {fill}% of the seats");
    }
    if v.waitlisted_events > 0 {
        let _ = write!(line, ", {} with a waitlist", v.waitlisted_events);
    }
    let _ = writeln!(out, "{line})");
    if let Some(advice) = v.advice {
        let _ = writeln!(out, "  → {advice}");
    }
}

fn draws(out: &mut String, title: &str, draws: &[Draw]) {
    let _ = writeln!(out, "  {title} (mean, events, best)");
    let top = draws.iter().map(|d| d.mean).fold(0.0, f64::max);
    for d in draws {
        let _ = writeln!(
            out,
            "    {} {:>5} over {} {}, best {}",
            row(&d.name, d.mean, top, BAR),
            d.mean,
            d.events,
            plural(d.events, "event"),
            d.best
        );
    }
}

fn signups(out: &mut String, s: &Signups) {
    out.push_str("\nSign-ups\n");
    let yes: Vec<u32> = s.events.iter().map(|e| e.yes as u32).collect();
    let _ = writeln!(
        out,
        "  {} RSVPs to {} {}, {} yes  {}",
        s.rsvps,
        s.events.len(),
        plural(s.events.len(), "event"),
        s.yes,
        sparkline(&yes[yes.len().saturating_sub(SPARK)..])
    );
    match s.show_up_percent {
        Some(p) => {
            let _ = writeln!(
                out,
                "  show-up: {p}% of the yes came (over {} checked-in {})",
                s.show_up_over_events,
                plural(s.show_up_over_events, "event")
            );
        }
        None => out.push_str("  show-up: nobody checked in yet (`ug rsvps checkin`)\n"),
    }
    if let Some(w) = s.waitlist_now {
        let _ = writeln!(out, "  waitlist for the next event: {w}");
    }
    if let Some(p) = s.first_timer_percent {
        let _ = writeln!(out, "  first-timers: {p}% of the yes");
    }
}

fn list(out: &mut String, l: &List) {
    out.push_str("\nThe list\n");
    let _ = writeln!(
        out,
        "  {} members ({} mailed), {} left, {} bounced",
        l.members, l.mailable, l.leaves, l.bounced
    );
    let joins: Vec<u32> = l.joins.iter().map(|m| m.count as u32).collect();
    if let (Some(first), Some(last)) = (l.joins.first(), l.joins.last()) {
        let _ = writeln!(
            out,
            "  joins a month  {}  {} to {}: {} in all",
            sparkline(&joins),
            first.month,
            last.month,
            joins.iter().sum::<u32>()
        );
    }
}

fn rhythm(out: &mut String, r: &Rhythm) {
    out.push_str("\nMomentum\n");
    match &r.rule {
        Some(rule) => {
            let _ = writeln!(
                out,
                "  {rule}: {} of {} dates held, {} cancelled, {} {}",
                r.held_on_schedule,
                r.scheduled,
                r.cancelled,
                r.gaps.len(),
                plural(r.gaps.len(), "gap")
            );
            let _ = writeln!(
                out,
                "  in rhythm {} {} in a row",
                r.streak_months,
                plural(r.streak_months, "month")
            );
            if let Some(last) = r.gaps.last() {
                let _ = writeln!(out, "  last gap: {}", last.format("%a %b %-d %Y"));
            }
        }
        None => out.push_str("  no schedule rule: add `[schedule] rule` to measure the rhythm\n"),
    }
    if let Some(days) = r.momentum.days_since_last {
        let _ = writeln!(out, "  {days} days since the last meetup");
    }
    for w in &r.momentum.warnings {
        let _ = writeln!(out, "  ! {w}");
    }
}

fn team(out: &mut String, t: &Team) {
    let _ = writeln!(
        out,
        "\nThe team (tasks done since {})",
        t.since.format("%b %-d %Y")
    );
    let top = t.people.iter().map(|p| p.done).max().unwrap_or(0) as f64;
    for p in &t.people {
        let _ = writeln!(
            out,
            "    {} {} done, {} open; asks {} yes, {} no, {} waiting",
            row(&p.name, p.done as f64, top, 10),
            p.done,
            p.open,
            p.accepted,
            p.declined,
            p.asked
        );
    }
    if t.people.is_empty() {
        out.push_str("  nobody has the organizer, co-organizer or helper role\n");
    }
}

fn speakers(out: &mut String, s: &Speakers) {
    out.push_str("\nSpeakers\n");
    if s.talks == 0 {
        out.push_str(
            "  no talks given yet: a held event's agenda items with a speaker count, and given talks\n",
        );
        return;
    }
    let _ = writeln!(
        out,
        "  {} by {}",
        count(s.talks, "talk"),
        count(s.speakers, "speaker")
    );
    let top = s.top.first().map_or(0, |p| p.talks) as f64;
    for p in &s.top {
        let _ = writeln!(
            out,
            "    {} {}, latest {}",
            row(&p.name, p.talks as f64, top, 10),
            count(p.talks, "talk"),
            p.last.format("%b %Y")
        );
    }
    let since = s.since.format("%b %-d %Y");
    let Some(percent) = s.first_time_percent else {
        let _ = writeln!(out, "  new voices: no talk given since {since}");
        return;
    };
    let new = count(s.new_voices, "first-time speaker");
    let _ = writeln!(out, "  new voices since {since}: {new}");
    let recent = count(s.recent_talks, "talk");
    let _ = writeln!(
        out,
        "  first-time speakers gave {} of the {recent} since then ({percent}%)",
        s.first_time_talks
    );
    for e in &s.events {
        let mut line = format!(
            "    {:<11} {:>8}: {} new, {} returning",
            e.date.format("%b %-d %Y"),
            count(e.talks, "talk"),
            e.first_time,
            e.returning
        );
        if !e.new.is_empty() {
            let _ = write!(line, " ({})", e.new.join(", "));
        }
        let _ = writeln!(out, "{line}");
    }
}

/// Eight levels from zero to the highest value.
pub fn sparkline(xs: &[u32]) -> String {
    const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = xs.iter().copied().max().unwrap_or(0).max(1);
    xs.iter()
        .map(|x| TICKS[(*x as usize * 7).div_ceil(top as usize).min(7)])
        .collect()
}

/// A name in its column, then its bar of up to `width` blocks, padded.
fn row(name: &str, x: f64, top: f64, width: usize) -> String {
    format!("{} {}", pad(name, NAME), pad(&bar(x, top, width), width))
}

/// A bar of up to `width` blocks for `x` of `top`; one block for anything above zero.
fn bar(x: f64, top: f64, width: usize) -> String {
    if x <= 0.0 || top <= 0.0 {
        return String::new();
    }
    let n = ((x / top) * width as f64).round().max(1.0) as usize;
    "█".repeat(n.min(width))
}

/// `3 talks`, `1 talk`.
fn count(n: usize, word: &str) -> String {
    format!("{n} {}", plural(n, word))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// `s` cut to `width` columns (ending in `…` when cut).
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if out.width() + w + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// `line` in lines of at most `width` columns, broken between words; the
/// rest indented two columns more than the first. A word too long is cut.
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    if line.width() <= width {
        return vec![line.to_string()];
    }
    let body = line.trim_start();
    let lead = &line[..line.len() - body.len()];
    let indent = format!("{lead}  ");
    let mut lines = vec![lead.to_string()];
    for word in body.split(' ') {
        let Some(last) = lines.last_mut() else { break };
        if last.trim().is_empty() {
            last.push_str(word);
        } else if last.width() + 1 + word.width() <= width {
            last.push(' ');
            last.push_str(word);
        } else {
            lines.push(format!("{indent}{word}"));
        }
    }
    lines.into_iter().map(|l| fit(&l, width)).collect()
}

/// `s` cut or padded to exactly `width` columns.
fn pad(s: &str, width: usize) -> String {
    let s = fit(s, width);
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::{fit, sparkline, wrap};

    #[test]
    fn sparklines_scale_from_zero_to_the_highest() {
        assert_eq!(sparkline(&[0, 10, 20, 40]), "▁▃▅█");
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline(&[0, 0]), "▁▁");
    }

    #[test]
    fn long_lines_wrap_between_words_and_keep_their_indent() {
        let line = format!("  ! {}", "word ".repeat(30));
        let lines = wrap(line.trim_end(), 40);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width() <= 40), "{lines:?}");
        assert!(lines[0].starts_with("  ! word"));
        assert!(lines[1].starts_with("    word"));
        assert_eq!(fit("Lakeview Analytics Group", 10), "Lakeview …");
        assert_eq!(wrap(&"x".repeat(90), 80)[0].width(), 80);
    }
}
