//! The built-in agendas: each fits the event's duration.

use super::*;

#[test]
fn built_in_skeletons_fit_the_duration() {
    for format in crate::model::BUILT_IN_FORMATS {
        for total in [60, 90, 120, 150, 180, 240] {
            let slots = built_in(format, total);
            let sum: u32 = slots.iter().map(|s| s.minutes).sum();
            assert!(sum <= total, "{format} {total}: {sum}");
            assert!(!slots.is_empty());
        }
    }
    let talks = built_in("talks", 150);
    assert_eq!(talks.iter().filter(|s| s.kind == "talk").count(), 2);
    assert_eq!(
        built_in("lightning", 150)
            .iter()
            .filter(|s| s.kind == "lightning")
            .count(),
        8
    );
    assert_eq!(
        built_in("hack-night", 180)
            .iter()
            .map(|s| s.minutes)
            .sum::<u32>(),
        180
    );
}
