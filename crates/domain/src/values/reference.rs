//! References from settings to tenant-scoped objects (destinations,
//! conditions, routing profiles...). The domain only holds the id; the
//! service checks that the object exists in the same tenant.

use super::{SettingValue, ValueKind};

/// The kinds of tenant objects settings can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// A call destination.
    Destination,
    /// A time condition.
    Condition,
    /// An outbound routing profile.
    RoutingProfile,
    /// A call list (Do Not call, Only Allow).
    CallList,
    /// A music-on-hold class.
    MohClass,
    /// A prompt language.
    Language,
    /// A parking lot.
    ParkingLot,
    /// A web user profile.
    UserProfile,
    /// A branch.
    Branch,
    /// A department.
    Department,
    /// A rate table (prices calls by dialled prefix).
    RateTable,
}

impl ObjectKind {
    /// Every kind, in form order.
    pub const ALL: [ObjectKind; 11] = [
        ObjectKind::Destination,
        ObjectKind::Condition,
        ObjectKind::RoutingProfile,
        ObjectKind::CallList,
        ObjectKind::MohClass,
        ObjectKind::Language,
        ObjectKind::ParkingLot,
        ObjectKind::UserProfile,
        ObjectKind::Branch,
        ObjectKind::Department,
        ObjectKind::RateTable,
    ];

    /// The URL and storage name, e.g. `routing_profile`.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Destination => "destination",
            ObjectKind::Condition => "condition",
            ObjectKind::RoutingProfile => "routing_profile",
            ObjectKind::CallList => "call_list",
            ObjectKind::MohClass => "moh_class",
            ObjectKind::Language => "language",
            ObjectKind::ParkingLot => "parking_lot",
            ObjectKind::UserProfile => "user_profile",
            ObjectKind::Branch => "branch",
            ObjectKind::Department => "department",
            ObjectKind::RateTable => "rate_table",
        }
    }

    /// The label forms show.
    pub fn label(self) -> &'static str {
        match self {
            ObjectKind::Destination => "Destination",
            ObjectKind::Condition => "Condition",
            ObjectKind::RoutingProfile => "Routing profile",
            ObjectKind::CallList => "Call list",
            ObjectKind::MohClass => "Music on hold class",
            ObjectKind::Language => "Language",
            ObjectKind::ParkingLot => "Parking lot",
            ObjectKind::UserProfile => "User profile",
            ObjectKind::Branch => "Branch",
            ObjectKind::Department => "Department",
            ObjectKind::RateTable => "Rate table",
        }
    }

    /// Parses a kind's key.
    pub fn parse(raw: &str) -> Option<ObjectKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// An optional reference to a tenant object of kind `ObjectKind::ALL[K]`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Ref<const K: usize>(pub Option<i64>);

impl<const K: usize> Ref<K> {
    /// The kind of object referred to.
    pub const OBJECT: ObjectKind = ObjectKind::ALL[K];

    /// The id referred to, if any.
    pub fn id(self) -> Option<i64> {
        self.0
    }
}

impl<const K: usize> SettingValue for Ref<K> {
    const KIND: ValueKind = ValueKind::Reference(ObjectKind::ALL[K]);
    fn parse_text(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(Self(None));
        }
        let whole = raw.strip_suffix(".0").unwrap_or(raw);
        whole
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(|id| Self(Some(id)))
            .ok_or_else(|| {
                format!(
                    "must be the id of a {}",
                    Self::OBJECT.label().to_lowercase()
                )
            })
    }
    fn to_text(&self) -> String {
        self.0.map(|id| id.to_string()).unwrap_or_default()
    }
}

// Reference types, one per object kind.
/// A reference to a destination.
pub type DestinationRef = Ref<0>;
/// A reference to a time condition.
pub type ConditionRef = Ref<1>;
/// A reference to a routing profile.
pub type RoutingProfileRef = Ref<2>;
/// A reference to a call list.
pub type CallListRef = Ref<3>;
/// A reference to a music-on-hold class.
pub type MohClassRef = Ref<4>;
/// A reference to a language.
pub type LanguageRef = Ref<5>;
/// A reference to a parking lot.
pub type ParkingLotRef = Ref<6>;
/// A reference to a user profile.
pub type UserProfileRef = Ref<7>;
/// A reference to a branch.
pub type BranchRef = Ref<8>;
/// A reference to a department.
pub type DepartmentRef = Ref<9>;
/// A reference to a rate table.
pub type RateTableRef = Ref<10>;
