//! Agenda skeletons per format: from `[[formats.<name>]]` in the file, else
//! built in, fitted to the event's duration.

use super::Slot;
use crate::model::{Group, Minutes};

/// "talks" -> "talks night", as a title reads.
pub fn format_title(format: &str) -> String {
    match format {
        "talks" => "talks night".into(),
        "lightning" => "lightning talks".into(),
        "hack-night" => "hack night".into(),
        "tutorial" => "tutorial".into(),
        "social" => "social".into(),
        other => other.replace('-', " "),
    }
}

/// The agenda skeleton: `[[formats.<name>]]` from the file, else built in,
/// fitted to the duration.
pub fn skeleton(
    g: &Group,
    format: &str,
    duration: Minutes,
    warnings: &mut Vec<String>,
) -> Vec<Slot> {
    if let Some(items) = g.formats.get(format) {
        let slots: Vec<Slot> = items
            .iter()
            .map(|i| Slot {
                title: i.title.clone(),
                kind: i.kind.map_or("talk", |k| k.as_str()).into(),
                minutes: i.minutes,
            })
            .collect();
        let total: u32 = slots.iter().map(|s| s.minutes).sum();
        if total > duration.0 {
            warnings.push(format!("the [[formats.{format}]] skeleton takes {total} minutes, more than the {duration} event"));
        }
        return slots;
    }
    built_in(format, duration.0)
}

/// Built-in skeletons. One slot ("fill") absorbs what the fixed ones leave,
/// so the agenda fits the event; a short event drops slots from the end.
pub fn built_in(format: &str, total: u32) -> Vec<Slot> {
    let s = |title: &str, kind: &str, minutes: u32| Slot {
        title: title.into(),
        kind: kind.into(),
        minutes,
    };
    // The slots most formats share.
    let doors = |minutes| s("Doors open, food and drinks", "social", minutes);
    let news = || s("Welcome and news", "welcome", 10);
    let pub_ = || s("Wrap-up, then on to the pub", "social", 10);
    let (mut slots, fill): (Vec<Slot>, Option<usize>) = match format {
        "talks" => {
            let talk = |n: u32| s(&format!("Talk {n} (open slot)"), "talk", 30);
            let pause = s("Break", "break", 15);
            (
                vec![doors(30), news(), talk(1), pause, talk(2), pub_()],
                None,
            )
        }
        "lightning" => {
            let mut v = vec![doors(30), news()];
            v.extend(
                (1..=8).map(|n| s(&format!("Lightning talk {n} (open slot)"), "lightning", 5)),
            );
            v.push(pub_());
            (v, None)
        }
        "tutorial" => {
            let setup = s("Doors open, set up laptops", "social", 20);
            let tutorial = s("Tutorial (open slot)", "tutorial", 60);
            let pause = s("Break", "break", 10);
            let questions = s("Wrap-up and questions", "social", 10);
            (vec![setup, news(), tutorial, pause, questions], Some(2))
        }
        "hack-night" => {
            let pitches = s("Welcome and project pitches", "welcome", 15);
            let hacking = s("Hacking", "hack", 60);
            let demos = s("Demos and wrap-up", "social", 20);
            (vec![doors(15), pitches, hacking, demos], Some(2))
        }
        _ => (
            vec![
                s("Welcome", "welcome", 10),
                s("Social: food, drinks and conversation", "social", 60),
            ],
            Some(1),
        ),
    };
    let used: u32 = slots.iter().map(|s| s.minutes).sum();
    if let Some(i) = fill
        && used < total
    {
        slots[i].minutes += total - used;
    }
    while slots.iter().map(|s| s.minutes).sum::<u32>() > total && slots.len() > 1 {
        slots.pop();
    }
    slots
}
