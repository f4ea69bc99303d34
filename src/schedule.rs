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
impl Rule {
    pub fn matches(&self, _d: NaiveDate, _a: Option<NaiveDate>) -> bool { true }
    pub fn dates_from(&self, from: NaiveDate, _a: Option<NaiveDate>) -> Box<dyn Iterator<Item = NaiveDate> + '_> { Box::new((0..).map(move |i| from + chrono::Duration::days(i * 7))) }
    pub fn rhythm_days(&self) -> i64 { 30 }
}
