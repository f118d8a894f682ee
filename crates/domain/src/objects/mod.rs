//! Tenant-scoped objects that settings refer to: destinations, conditions
//! (working hours), routing profiles, call lists, music-on-hold classes,
//! languages, parking lots, user profiles, branches, departments and rate
//! tables (whose value is a free-text note; their rates are in [`crate::rating`]).

use serde::{Deserialize, Serialize};

use crate::values::{ObjectKind, ShortText};

/// One tenant object. `value` holds what the object means to Asterisk:
/// a destination's dial target (`ext:200`, `vm:100`, `num:+4420...`), a
/// condition's time spec (`mon-fri 08:00-18:00`), a language code, a MOH
/// class name...; it is checked by [`check_value`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantObject {
    /// The object's id in its tenant.
    pub id: i64,
    /// What kind of object it is.
    pub kind: ObjectKind,
    /// Its display name.
    pub name: ShortText,
    /// Its value (a destination, a condition, a class name...).
    pub value: String,
}

/// Checks an object's `value` for its kind.
pub fn check_value(kind: ObjectKind, value: &str) -> Result<(), String> {
    let token = |v: &str| {
        !v.is_empty()
            && v.len() <= 64
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_-".contains(&b))
    };
    match kind {
        ObjectKind::Destination => Destination::parse(value).map(|_| ()),
        ObjectKind::Condition => TimeCondition::parse(value).map(|_| ()),
        ObjectKind::Language => {
            let ok = (2..=5).contains(&value.len())
                && value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            if ok {
                Ok(())
            } else {
                Err("must be a language code such as en or pt_br".into())
            }
        }
        ObjectKind::MohClass | ObjectKind::ParkingLot | ObjectKind::RoutingProfile => {
            if token(value) {
                Ok(())
            } else {
                Err("must be letters, digits, '_' and '-'".into())
            }
        }
        ObjectKind::CallList => {
            let ok = value.split(',').map(str::trim).all(|n| {
                !n.is_empty()
                    && n.len() <= 32
                    && n.bytes()
                        .all(|b| b.is_ascii_digit() || b"+*#X.".contains(&b))
            });
            if ok {
                Ok(())
            } else {
                Err("must be comma-separated numbers or patterns (digits, + * # X .)".into())
            }
        }
        ObjectKind::UserProfile
        | ObjectKind::Branch
        | ObjectKind::Department
        | ObjectKind::RateTable => {
            crate::values::check_text(value, crate::values::TextClass::Free, 200)
        }
    }
}

mod destination;
mod time_condition;

pub use destination::Destination;
pub use time_condition::{TimeCondition, Weekday};
