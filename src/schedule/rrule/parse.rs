//! Reading an RRULE's text (`RRULE:FREQ=MONTHLY;BYDAY=2TU`) into an [`RRule`];
//! each error says which part is wrong and what it expects.

use chrono::NaiveDate;

use super::{CODES, Freq, RRule, Until, WEEKDAYS};

const SUPPORTED: &str = "FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTH, BYMONTHDAY, BYSETPOS, WKST";

fn int(name: &str, v: &str, lo: i32, hi: i32) -> Result<i32, String> {
    match v.parse::<i32>() {
        Ok(n) if n != 0 && (lo..=hi).contains(&n) => Ok(n),
        Ok(0) => Err(format!("{name}={v}: 0 is not allowed")),
        _ if lo < 0 => Err(format!("{name}={v}: expected 1 to {hi} or {lo} to -1")),
        _ => Err(format!(
            "{name}={v}: expected a whole number from {lo} to {hi}"
        )),
    }
}

fn weekday_code(s: &str) -> Option<usize> {
    CODES.iter().position(|c| *c == s)
}

/// Parse an RRULE (the `RRULE:` prefix optional, any case). The error is the
/// reason only; the caller quotes the rule.
pub(in crate::schedule) fn parse(text: &str) -> Result<RRule, String> {
    let upper = text.trim().to_ascii_uppercase();
    if upper.contains("DTSTART") {
        return Err(
            "DTSTART is not part of the rule: put the first meetup's date in schedule.since".into(),
        );
    }
    let body = upper.strip_prefix("RRULE:").unwrap_or(&upper);
    let mut parts = Parts {
        r: RRule::new(Freq::Weekly),
        freq: None,
        bydays: Vec::new(),
    };
    let mut seen: Vec<&str> = Vec::new();
    for part in body.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((name, value)) = part.split_once('=') else {
            return Err(format!("`{part}` is not a NAME=VALUE part"));
        };
        let (name, value) = (name.trim(), value.trim());
        if seen.contains(&name) {
            return Err(format!("{name} is given twice"));
        }
        seen.push(name);
        if value.is_empty() || value.split(',').map(str::trim).any(str::is_empty) {
            return Err(format!("{name}={value}: a value is missing"));
        }
        parts.read(name, value)?;
    }
    parts.finish()
}

/// The parts read so far: BYDAY waits for FREQ and BYMONTH, which decide
/// what its ordinals count through.
struct Parts<'a> {
    r: RRule,
    freq: Option<Freq>,
    /// (ordinal or 0, weekday index, the item as written).
    bydays: Vec<(i32, usize, &'a str)>,
}

impl<'a> Parts<'a> {
    /// One `NAME=VALUE` part (both trimmed, the value not empty).
    fn read(&mut self, name: &str, value: &'a str) -> Result<(), String> {
        let r = &mut self.r;
        let items = || value.split(',').map(str::trim);
        match name {
            "FREQ" => self.freq = Some(parse_freq(value)?),
            "INTERVAL" => r.interval = int(name, value, 1, i32::MAX)? as u32,
            "COUNT" => r.count = Some(int(name, value, 1, i32::MAX)? as u32),
            "UNTIL" => r.until = Some(parse_until(value)?),
            "WKST" => {
                let w = weekday_code(value).ok_or_else(|| {
                    format!("WKST={value}: expected MO, TU, WE, TH, FR, SA or SU")
                })?;
                r.wkst = WEEKDAYS[w];
            }
            "BYMONTH" => {
                for v in items() {
                    r.months |= 1 << int(name, v, 1, 12)?;
                }
            }
            "BYMONTHDAY" => {
                for v in items() {
                    match int(name, v, -31, 31)? {
                        d if d > 0 => r.mdays_pos |= 1 << d,
                        d => r.mdays_neg |= 1 << -d,
                    }
                }
            }
            "BYSETPOS" => {
                for v in items() {
                    r.setpos.push(int(name, v, -366, 366)? as i16);
                }
                r.setpos.sort_unstable();
                r.setpos.dedup();
            }
            "BYDAY" => {
                for v in items() {
                    self.bydays.push(parse_byday(value, v)?);
                }
            }
            _ => return Err(unsupported(name)),
        }
        Ok(())
    }

    /// The checks across parts, and BYDAY placed by FREQ and BYMONTH.
    fn finish(self) -> Result<RRule, String> {
        let mut r = self.r;
        r.freq = self
            .freq
            .ok_or("FREQ is required (e.g. FREQ=MONTHLY;BYDAY=2TU)")?;
        if r.count.is_some() && r.until.is_some() {
            return Err("COUNT and UNTIL cannot both be given".into());
        }
        if r.freq == Freq::Weekly && (r.mdays_pos | r.mdays_neg) != 0 {
            return Err("BYMONTHDAY cannot be used with FREQ=WEEKLY".into());
        }
        // Ordinals count within the month, except in a YEARLY rule without BYMONTH.
        let year_scope = r.freq == Freq::Yearly && r.months == 0;
        for (n, w, v) in self.bydays {
            match n {
                0 => r.weekdays |= 1 << w,
                _ if r.freq == Freq::Weekly => {
                    return Err(format!(
                        "BYDAY={v}: an ordinal weekday cannot be used with FREQ=WEEKLY (write {})",
                        CODES[w]
                    ));
                }
                _ if !year_scope && n.abs() > 5 => {
                    return Err(format!(
                        "BYDAY={v}: a month has at most five of any weekday (ordinals 1 to 5, or -1 to -5)"
                    ));
                }
                n if n > 0 => r.ord_pos[w] |= 1 << n,
                n => r.ord_neg[w] |= 1 << -n,
            }
        }
        if !r.setpos.is_empty() && r.months == 0 && r.uses_start_day() {
            return Err("BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH to pick from".into());
        }
        Ok(r)
    }
}

fn parse_freq(value: &str) -> Result<Freq, String> {
    match value {
        "WEEKLY" => Ok(Freq::Weekly),
        "MONTHLY" => Ok(Freq::Monthly),
        "YEARLY" => Ok(Freq::Yearly),
        "DAILY" | "HOURLY" | "MINUTELY" | "SECONDLY" => Err(format!(
            "FREQ={value} is not supported: use WEEKLY, MONTHLY or YEARLY"
        )),
        _ => Err(format!(
            "FREQ={value} is not a frequency (WEEKLY, MONTHLY or YEARLY)"
        )),
    }
}

/// One BYDAY item `v` of `value`: (the ordinal, 0 for none; the weekday index; `v`).
fn parse_byday<'a>(value: &str, v: &'a str) -> Result<(i32, usize, &'a str), String> {
    let split = v.len().saturating_sub(2);
    let (num, code) = if v.is_ascii() {
        v.split_at(split)
    } else {
        (v, "")
    };
    let w = weekday_code(code).ok_or_else(|| {
        format!("BYDAY={value}: `{v}` is not a weekday (MO, TU, WE, TH, FR, SA, SU, optionally with an ordinal like 2TU or -1FR)")
    })?;
    let n = match num.parse::<i32>() {
        _ if num.is_empty() => 0,
        Ok(n) if n != 0 && n.abs() <= 53 => n,
        _ => {
            return Err(format!(
                "BYDAY={value}: in `{v}` the ordinal must be 1 to 53 or -53 to -1"
            ));
        }
    };
    Ok((n, w, v))
}

/// The reason for a part that is not supported, or not a part at all.
fn unsupported(name: &str) -> String {
    match name {
        "BYHOUR" | "BYMINUTE" | "BYSECOND" => {
            format!("{name} is not supported: the time of day is schedule.time")
        }
        "BYYEARDAY" | "BYWEEKNO" | "RSCALE" | "SKIP" => {
            format!("{name} is not supported (supported parts: {SUPPORTED})")
        }
        _ => format!("unknown RRULE part `{name}` (supported parts: {SUPPORTED})"),
    }
}

fn parse_until(v: &str) -> Result<Until, String> {
    let bad =
        || format!("UNTIL={v}: expected a date like 20271231 or a date-time like 20271231T235959Z");
    let date = v
        .get(..8)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
        .ok_or_else(bad)?;
    let (rest, utc) = match v.get(8..) {
        Some("") => return Ok(Until::Date(date)),
        Some(rest) => rest.strip_suffix('Z').map_or((rest, false), |r| (r, true)),
        None => return Err(bad()),
    };
    let time = rest
        .strip_prefix('T')
        .filter(|t| t.len() == 6)
        .and_then(|t| chrono::NaiveTime::parse_from_str(t, "%H%M%S").ok())
        .ok_or_else(bad)?;
    let t = date.and_time(time);
    Ok(if utc {
        Until::Utc(t)
    } else {
        Until::Floating(t)
    })
}
