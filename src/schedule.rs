//! STUB (integrator's placeholder until the real module lands).
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule(String);
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError { pub rule: String, pub reason: String }
impl std::fmt::Display for RuleError { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, "schedule rule \"{}\" is not understood: {}", self.rule, self.reason) } }
impl Rule {
    pub fn parse(s: &str) -> Result<Rule, RuleError> { if s.contains("monthly") || s.starts_with("every") || s.starts_with("RRULE") || s.contains(" of ") { Ok(Rule(s.into())) } else { Err(RuleError{rule: s.into(), reason: "stub".into()}) } }
    pub fn describe(&self) -> String { self.0.clone() }
}
pub fn local_instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Tz> { tz.from_local_datetime(&date.and_time(time)).earliest().unwrap() }
