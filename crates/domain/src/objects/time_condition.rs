//! Working-hours conditions such as `mon-fri 08:00-18:00; sat 09:00-12:00`.

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// Asterisk's `GotoIfTime` spelling.
    pub fn as_str(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    fn parse(raw: &str) -> Option<Weekday> {
        Self::ALL.into_iter().find(|d| d.as_str() == raw)
    }

    /// Monday is 0.
    pub fn from_index(index: u32) -> Weekday {
        Self::ALL[(index % 7) as usize]
    }
}

/// One rule: a day range and a time range, in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRule {
    pub first_day: Weekday,
    pub last_day: Weekday,
    pub start_minute: u16,
    pub end_minute: u16,
}

/// A condition that matches when any of its rules does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeCondition(pub Vec<TimeRule>);

impl TimeCondition {
    /// Parses rules such as `mon-fri 08:00-18:00; sat 09:00-12:00`.
    pub fn parse(raw: &str) -> Result<TimeCondition, String> {
        let bad = |rule: &str| {
            format!("'{rule}' must look like mon-fri 08:00-18:00 (rules separated by ';')")
        };
        let mut rules = Vec::new();
        for rule in raw.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            let (days, times) = rule.split_once(' ').ok_or_else(|| bad(rule))?;
            let (first, last) = days.split_once('-').unwrap_or((days, days));
            let first_day = Weekday::parse(first).ok_or_else(|| bad(rule))?;
            let last_day = Weekday::parse(last).ok_or_else(|| bad(rule))?;
            let (start, end) = times.trim().split_once('-').ok_or_else(|| bad(rule))?;
            let start_minute = minutes(start).ok_or_else(|| bad(rule))?;
            let end_minute = minutes(end).ok_or_else(|| bad(rule))?;
            if end_minute <= start_minute {
                return Err(format!(
                    "'{rule}': the end time must be after the start time"
                ));
            }
            rules.push(TimeRule {
                first_day,
                last_day,
                start_minute,
                end_minute,
            });
        }
        if rules.is_empty() {
            return Err(bad(raw));
        }
        Ok(TimeCondition(rules))
    }

    /// True when the condition matches `day` at `minute` after midnight.
    pub fn matches(&self, day: Weekday, minute: u16) -> bool {
        self.0.iter().any(|r| {
            let in_days = if r.first_day <= r.last_day {
                r.first_day <= day && day <= r.last_day
            } else {
                day >= r.first_day || day <= r.last_day
            };
            in_days && r.start_minute <= minute && minute < r.end_minute
        })
    }
}

fn minutes(raw: &str) -> Option<u16> {
    let (h, m) = raw.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_hours_match_inside_and_not_outside() {
        let c = TimeCondition::parse("mon-fri 08:00-18:00; sat 09:00-12:00").unwrap();
        assert!(c.matches(Weekday::Wed, 9 * 60));
        assert!(!c.matches(Weekday::Wed, 18 * 60));
        assert!(c.matches(Weekday::Sat, 10 * 60));
        assert!(!c.matches(Weekday::Sun, 10 * 60));
    }

    #[test]
    fn a_malformed_rule_is_rejected_with_an_example() {
        let err = TimeCondition::parse("weekdays 9-5").unwrap_err();
        assert!(err.contains("mon-fri"), "{err}");
        assert!(TimeCondition::parse("mon 18:00-08:00").is_err());
    }
}
