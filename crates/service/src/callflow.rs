//! The call flow of an extension (the model the dialplan is rendered from)
//! and the path a call takes at a given local time and device state.

use pbx_domain::callflow::{self, CallFlow, CallPath, DeviceState};
use pbx_domain::objects::Weekday;
use pbx_domain::{Extension, ValidationErrors};
use pbx_store::{extensions, objects};

use crate::{Actor, Service, ServiceError};

/// A simulation moment: the weekday and the minute after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub day: Weekday,
    pub minute: u16,
}

impl Moment {
    /// Parses a local `YYYY-MM-DDTHH:MM` (seconds `:SS` allowed).
    pub fn parse(raw: &str) -> Result<Moment, String> {
        const HINT: &str = "must be a local date and time such as 2026-11-26T21:00";
        let (date, time) = raw.trim().split_once('T').ok_or(HINT)?;
        let number = |s: &str, len: usize| {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i64>().ok())
                .flatten()
                .ok_or(HINT)
        };
        let parts: Vec<&str> = date.split('-').collect();
        let [y, m, d] = parts[..] else {
            return Err(HINT.into());
        };
        let (year, month, day) = (number(y, 4)?, number(m, 2)?, number(d, 2)?);
        let times: Vec<&str> = time.split(':').collect();
        let (hour, minute) = match times[..] {
            [h, m] => (number(h, 2)?, number(m, 2)?),
            [h, m, s] if number(s, 2)? < 60 => (number(h, 2)?, number(m, 2)?),
            _ => return Err(HINT.into()),
        };
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in[(month - 1) as usize]
            || hour > 23
            || minute > 59
        {
            return Err(HINT.into());
        }
        Ok(Moment {
            day: weekday(year, month, day),
            minute: (hour * 60 + minute) as u16,
        })
    }
}

/// The weekday of a civil date (days since 1970-01-01, a Thursday).
fn weekday(year: i64, month: i64, day: i64) -> Weekday {
    const FROM_THURSDAY: [Weekday; 7] = [
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
    ];
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    FROM_THURSDAY[days.rem_euclid(7) as usize]
}

/// Parses the simulation query: both `at` and `state`, or neither.
pub fn parse_simulation(
    at: Option<&str>,
    state: Option<&str>,
) -> Result<Option<(Moment, DeviceState)>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let moment = at.map(|a| errors.check("at", Moment::parse(a)));
    let device = state.map(|s| errors.check("state", DeviceState::parse(s)));
    match (&moment, &device) {
        (Some(_), None) => errors.push("state", "is required with at"),
        (None, Some(_)) => errors.push("at", "is required with state"),
        _ => {}
    }
    errors.into_result()?;
    Ok(match (moment, device) {
        (Some(Some(m)), Some(Some(d))) => Some((m, d)),
        _ => None,
    })
}

impl Service {
    /// The call flow of an extension the actor may see.
    pub async fn call_flow(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
    ) -> Result<CallFlow, ServiceError> {
        let (tenant, stored) = self.get_extension(actor, code, number).await?;
        let mut conn = self.store().conn().await?;
        let all: Vec<Extension> = extensions::all_of_tenant(&mut conn, tenant.id)
            .await?
            .into_iter()
            .map(|s| s.extension)
            .collect();
        let objects = objects::list(&mut conn, tenant.id, None).await?;
        Ok(callflow::build(
            &tenant.tenant,
            &stored.extension,
            &objects,
            &all,
        ))
    }

    /// The path a call to the extension takes at `moment` with its devices
    /// in `device` state.
    pub async fn simulate_call(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
        moment: Moment,
        device: DeviceState,
    ) -> Result<(CallFlow, CallPath), ServiceError> {
        let flow = self.call_flow(actor, code, number).await?;
        let path = callflow::simulate(&flow, moment.day, moment.minute, device);
        Ok((flow, path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_time_gives_its_weekday_and_minute() {
        let m = Moment::parse("2026-11-26T21:00").unwrap();
        assert_eq!(m.day, Weekday::Thu);
        assert_eq!(m.minute, 21 * 60);
        assert_eq!(
            Moment::parse("2024-02-29T00:05:30").unwrap().day,
            Weekday::Thu
        );
        assert_eq!(Moment::parse("2000-01-01T12:00").unwrap().day, Weekday::Sat);
    }

    #[test]
    fn impossible_dates_and_times_are_refused() {
        for bad in [
            "2026-02-29T10:00",
            "2026-11-26 21:00",
            "2026-13-01T00:00",
            "2026-11-26T24:00",
            "tomorrow",
        ] {
            assert!(Moment::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn at_and_state_are_checked_together() {
        let e = parse_simulation(Some("nope"), Some("asleep")).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["at", "state"]);
        assert!(parse_simulation(None, None).unwrap().is_none());
        assert!(parse_simulation(Some("2026-11-26T21:00"), None).is_err());
    }
}
