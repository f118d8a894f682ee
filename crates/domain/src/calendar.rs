//! UTC calendar arithmetic on Unix seconds: the day and month a moment
//! falls in (the periods cost limits count spend over), dates written
//! `YYYY-MM-DD`, and the weekday and minute time conditions test. The one
//! place the civil-date algorithm lives.

use crate::objects::Weekday;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The first second of the UTC day holding `at` (Unix seconds).
pub fn day_start(at: i64) -> i64 {
    at - at.rem_euclid(DAY)
}

/// The first second of the UTC month holding `at` (Unix seconds).
pub fn month_start(at: i64) -> i64 {
    let days = at.div_euclid(DAY);
    let (year, month, _) = civil_from_days(days);
    days_from_civil(year, month, 1) * DAY
}

/// The first second of a UTC date written `YYYY-MM-DD`; `None` when it
/// is not a real date.
pub fn date_start(text: &str) -> Option<i64> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // A day past the month's end lands in the next month.
    (civil_from_days(days) == (year, month, day)).then_some(days * DAY)
}

/// `YYYY-MM-DD` of the UTC day holding `at`.
pub fn date_text(at: i64) -> String {
    let (y, m, d) = civil_from_days(at.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The weekday and minute of the day of a UTC moment.
pub fn weekday_minute(at: i64) -> (Weekday, u16) {
    let days = at.div_euclid(DAY);
    // 1970-01-01 was a Thursday.
    let weekday = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ][(days + 3).rem_euclid(7) as usize];
    (weekday, (at.rem_euclid(DAY) / 60) as u16)
}

/// Year, month (1-12) and day of month of a count of days since 1970-01-01
/// (proleptic Gregorian; H. Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn days_and_months_start_where_the_calendar_says() {
        // 2026-12-02 13:45:00 UTC
        let at = 1_796_219_100;
        assert_eq!(day_start(at), 1_796_169_600); // 2026-12-02 00:00
        assert_eq!(month_start(at), 1_796_083_200); // 2026-12-01 00:00
        // 2024-02-29 23:59:59 UTC, a leap day
        assert_eq!(month_start(1_709_251_199), 1_706_745_600); // 2024-02-01
        assert_eq!(month_start(0), 0);
    }

    #[test]
    fn dates_read_back_as_written_and_impossible_ones_are_refused() {
        assert_eq!(date_start("2026-12-01"), Some(1_796_083_200));
        assert_eq!(date_text(1_796_083_200 + 5), "2026-12-01");
        assert_eq!(
            date_start("2024-02-29").map(date_text).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-12-01",
            "2026-12-00",
            "x",
            "",
        ] {
            assert_eq!(date_start(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_numbers_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_788), (2026, 12, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn moments_fall_on_their_utc_weekday_and_minute() {
        assert_eq!(weekday_minute(0), (Weekday::Thu, 0));
        // 2026-12-02 13:45 UTC, a Wednesday.
        assert_eq!(weekday_minute(1_796_219_100), (Weekday::Wed, 13 * 60 + 45));
    }

    proptest! {
        #[test]
        fn a_month_starts_on_a_first_at_midnight_within_31_days(at in 0i64..4_102_444_800) {
            let start = month_start(at);
            prop_assert!(start <= at && at - start < 31 * DAY);
            prop_assert_eq!(day_start(start), start);
            prop_assert_eq!(civil_from_days(start / DAY).2, 1);
            prop_assert_eq!(month_start(start), start);
        }
    }
}
