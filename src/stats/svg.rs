//! The stats as SVG charts, drawn by plotters' SVG backend: each a whole
//! `<svg>` element (no XML declaration, so the site inlines it) with a
//! `<title>`, a `<desc>` text alternative, axis labels, and colours that
//! follow the page: ink is `currentColor`, and a `prefers-color-scheme`
//! style lightens it on a dark background.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Stats;

/// One chart: `name` is the file stem (`ug stats --svg DIR` writes `name.svg`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Chart {
    pub name: String,
    pub title: String,
    /// A whole `<svg>` element, no XML declaration.
    pub svg: String,
    /// The chart in words, for screen readers and `<desc>`.
    pub alt: String,
}

const SIZE: (u32, u32) = (640, 360);
/// Drawn as this, then written as `currentColor`.
const INK: RGBColor = RGBColor(0x21, 0x21, 0x21);
/// Bars: a mid blue that reads on light and dark backgrounds.
const DATA: RGBColor = RGBColor(0x3D, 0x7F, 0xD6);
/// Stacked on the blue: a dark orange, 3:1 or more on both backgrounds.
const OVER: RGBColor = RGBColor(0xC0, 0x5A, 0x00);
/// Per-event charts show at most this many latest events (bars stay readable).
const EVENTS: usize = 48;
/// At most this many labels under the x axis.
const X_LABELS: usize = 12;

/// The data of one bar chart.
struct Bars<'a> {
    name: &'a str,
    title: String,
    x_desc: &'a str,
    y_desc: &'a str,
    labels: Vec<String>,
    values: Vec<f64>,
    /// A second series stacked on `values`, with both series' names.
    over: Option<Over>,
    alt: String,
}

struct Over {
    values: Vec<f64>,
    below: &'static str,
    above: &'static str,
}

pub(super) fn charts(s: &Stats) -> Vec<Chart> {
    let a = &s.attendance;
    let mut bars = vec![attendance(a)];
    for (name, what, draws) in [
        ("formats", "format", &a.by_format),
        ("venues", "venue", &a.by_venue),
    ] {
        bars.push(Bars {
            name,
            title: format!("Mean attendance per {what}"),
            x_desc: what,
            y_desc: "mean people",
            labels: draws.iter().map(|d| d.name.clone()).collect(),
            values: draws.iter().map(|d| d.mean).collect(),
            over: None,
            alt: format!(
                "Mean attendance per {what}: {}.",
                list(draws.iter().map(|d| format!(
                    "{} {} over {} events, best {}",
                    d.name, d.mean, d.events, d.best
                )))
            ),
        });
    }
    if let Some(su) = &s.signups {
        let events = &su.events[su.events.len().saturating_sub(EVENTS)..];
        bars.push(Bars {
            name: "signups",
            title: "Yes RSVPs per event".into(),
            x_desc: "event",
            y_desc: "yes RSVPs",
            labels: events
                .iter()
                .map(|e| e.date.format("%b %Y").to_string())
                .collect(),
            values: events.iter().map(|e| e.yes as f64).collect(),
            over: None,
            alt: format!(
                "Yes RSVPs per event: {}.",
                list(
                    events
                        .iter()
                        .map(|e| format!("{} {} yes, {} waitlisted", e.date, e.yes, e.waitlist))
                )
            ),
        });
    }
    let l = &s.list;
    bars.push(Bars {
        name: "joins",
        title: "Members who joined, per month".into(),
        x_desc: "month",
        y_desc: "joined",
        labels: l.joins.iter().map(|m| m.month.clone()).collect(),
        values: l.joins.iter().map(|m| m.count as f64).collect(),
        over: None,
        alt: format!(
            "Members who joined per month: {}. {} members, {} left, {} bounced.",
            list(l.joins.iter().map(|m| format!("{} {}", m.month, m.count))),
            l.members,
            l.leaves,
            l.bounced
        ),
    });
    let t = &s.team;
    bars.push(Bars {
        name: "team",
        // The window, not its first day: the site's stats page then
        // changes only when the numbers do, not every day (issue 20).
        title: format!("Tasks done per person, last {} months", super::team::MONTHS),
        x_desc: "person",
        y_desc: "tasks done",
        labels: t.people.iter().map(|p| p.name.clone()).collect(),
        values: t.people.iter().map(|p| p.done as f64).collect(),
        over: None,
        alt: format!(
            "Tasks done per person, last {} months: {}.",
            super::team::MONTHS,
            list(t.people.iter().map(|p| format!("{} {}", p.name, p.done)))
        ),
    });
    bars.push(speakers(&s.speakers));
    bars.into_iter().map(|b| bar_chart(&b)).collect()
}

/// Attendance per held event, the latest `EVENTS` of them.
fn attendance(a: &super::Attendance) -> Bars<'static> {
    let shown = &a.events[a.events.len().saturating_sub(EVENTS)..];
    let title = if shown.len() < a.events.len() {
        format!(
            "Attendance, the latest {} of {} held events",
            shown.len(),
            a.events.len()
        )
    } else {
        format!("Attendance per event ({} held)", a.over_events)
    };
    Bars {
        name: "attendance",
        title,
        x_desc: "event",
        y_desc: "people",
        labels: shown
            .iter()
            .map(|p| p.date.format("%b %Y").to_string())
            .collect(),
        values: shown.iter().map(|p| f64::from(p.attendance)).collect(),
        over: None,
        alt: format!(
            "Attendance per held event, oldest first: {}. Trend: {}.",
            list(shown.iter().map(|p| format!("{} {}", p.date, p.attendance))),
            a.trend.direction
        ),
    }
}

/// Returning speakers per held event of the last 12 months, first-time ones on top.
fn speakers(sp: &super::Speakers) -> Bars<'static> {
    let events = &sp.events[sp.events.len().saturating_sub(EVENTS)..];
    Bars {
        name: "speakers",
        title: format!(
            "First-time and returning speakers, last {} months",
            super::speakers::MONTHS
        ),
        x_desc: "event",
        y_desc: "speakers",
        labels: events
            .iter()
            .map(|e| e.date.format("%b %Y").to_string())
            .collect(),
        values: events.iter().map(|e| e.returning as f64).collect(),
        over: Some(Over {
            values: events.iter().map(|e| e.first_time as f64).collect(),
            below: "returning",
            above: "first-time",
        }),
        alt: format!(
            "Speakers per event, last {} months, first-time and returning: {}. {} new voices gave {} of {} talks.",
            super::speakers::MONTHS,
            list(events.iter().map(|e| format!(
                "{} {} first-time, {} returning",
                e.date, e.first_time, e.returning
            ))),
            sp.new_voices,
            sp.first_time_talks,
            sp.recent_talks
        ),
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    if v.is_empty() {
        "none yet".into()
    } else {
        v.join(", ")
    }
}

fn bar_chart(b: &Bars<'_>) -> Chart {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        // Drawing into a String cannot fail; a failure would only lose the picture.
        let _ = draw(&root, b).and_then(|()| root.present().map_err(|e| e.to_string()));
    }
    Chart {
        name: b.name.to_string(),
        title: b.title.clone(),
        svg: finish(&svg, b),
        alt: b.alt.clone(),
    }
}

fn draw(root: &DrawingArea<SVGBackend<'_>, Shift>, b: &Bars<'_>) -> Result<(), String> {
    let n = b.values.len().max(1);
    let heights: Vec<f64> = match &b.over {
        Some(o) => b.values.iter().zip(&o.values).map(|(v, w)| v + w).collect(),
        None => b.values.clone(),
    };
    // Room above the bars for the legend of a stacked chart.
    let room = if b.over.is_some() { 1.4 } else { 1.1 };
    let top = heights.iter().copied().fold(0.0, f64::max).max(1.0) * room;
    let every = n.div_ceil(X_LABELS);
    let label = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(every) => b
            .labels
            .get(*i as usize)
            .map(|l| short(l))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let font = |size: u32| ("sans-serif", size).into_font().color(&INK);
    let mut chart = ChartBuilder::on(root)
        .caption(&b.title, font(20))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(52)
        .build_cartesian_2d((0..n as i32 - 1).into_segmented(), 0f64..top)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc(b.x_desc)
        .y_desc(b.y_desc)
        .x_labels(n)
        .x_label_formatter(&label)
        // Counts are whole: a tick between two (1.5 joins) gets no label,
        // not a rounded one that repeats its neighbour's.
        .y_label_formatter(&|y| {
            if (y - y.round()).abs() < 1e-9 {
                format!("{y:.0}")
            } else {
                String::new()
            }
        })
        .axis_style(INK)
        .bold_line_style(INK.mix(0.15))
        .light_line_style(TRANSPARENT)
        .label_style(font(12))
        .axis_desc_style(font(13))
        .draw()
        .map_err(|e| e.to_string())?;
    let below = chart
        .draw_series(bars(&b.values, None, DATA))
        .map_err(|e| e.to_string())?;
    let Some(o) = &b.over else {
        return Ok(());
    };
    below
        .label(o.below)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], DATA.filled()));
    chart
        .draw_series(bars(&o.values, Some(&b.values), OVER))
        .map_err(|e| e.to_string())?
        .label(o.above)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], OVER.filled()));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(font(12))
        .border_style(INK)
        .background_style(TRANSPARENT)
        .draw()
        .map_err(|e| e.to_string())
}

/// One rectangle per bar, in order (plotters' Histogram sums its data in a
/// HashMap and so draws the bars in a random order, and the same file must
/// give the same bytes); each from its `base` (zero when none) up.
fn bars<'a>(
    values: &'a [f64],
    base: Option<&'a [f64]>,
    colour: RGBColor,
) -> impl Iterator<Item = Rectangle<(SegmentValue<i32>, f64)>> + 'a {
    values.iter().enumerate().map(move |(i, v)| {
        let from = base.and_then(|b| b.get(i)).copied().unwrap_or(0.0);
        let i = i as i32;
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), from),
                (SegmentValue::Exact(i + 1), from + v),
            ],
            colour.filled(),
        );
        bar.set_margin(0, 0, 4, 4);
        bar
    })
}

/// A label cut to 14 characters, so neighbours do not overlap.
fn short(s: &str) -> String {
    match s.char_indices().nth(14) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Title, description, ARIA and the colour style put into plotters' `<svg>`.
fn finish(svg: &str, b: &Bars<'_>) -> String {
    let ink = format!("#{:02X}{:02X}{:02X}", INK.0, INK.1, INK.2);
    let body = svg.replace(&format!("\"{ink}\""), "\"currentColor\"");
    let id = format!("ug-chart-{}", b.name);
    let head =
        format!("<svg class=\"ug-chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" ");
    let extra = format!(
        "<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n<style>@media (prefers-color-scheme: dark) {{ .ug-chart {{ color: #E8E8E8; }} }}</style>\n",
        escape(&b.title),
        escape(&b.alt)
    );
    let body = body.replacen("<svg ", &head, 1);
    match body.find('>') {
        Some(end) => format!("{}\n{extra}{}", &body[..=end], body[end + 1..].trim_start()),
        None => body,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
