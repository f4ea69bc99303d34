//! What the season's checks found, by the rule broken: every check adds
//! to it, so one run lists everything wrong before the test fails.

use std::collections::BTreeMap;

/// What the checks found, by the rule broken.
#[derive(Default)]
pub struct Findings(BTreeMap<&'static str, Vec<String>>);

impl Findings {
    pub fn add(&mut self, rule: &'static str, what: String) {
        self.0.entry(rule).or_default().push(what);
    }

    /// Prints every rule broken (with up to 8 cases each) and fails if any.
    #[track_caller]
    pub fn assert_none(&self) {
        let mut report = String::new();
        for (rule, cases) in &self.0 {
            report.push_str(&format!("\n[{rule}] {} case(s):\n", cases.len()));
            for c in cases.iter().take(8) {
                report.push_str(&format!("  - {c}\n"));
            }
        }
        assert!(self.0.is_empty(), "the season broke these rules:{report}");
    }
}
