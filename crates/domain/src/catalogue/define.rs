//! The `define_section!` macro: one declaration gives a section's typed
//! struct, its defaults, its catalogue entries and its by-key access.

/// Declares a settings section.
///
/// ```ignore
/// define_section! {
///     /// NAT Control.
///     Nat, "nat", "NAT Control", Page::Extension {
///         qualify: bool = true, Kinds::PHONE, "Qualify and qualify frequency",
///             "Qualify", "Checks that the endpoint is reachable.",
///             [Effect::peer("qualify").default("no")];
///     }
/// }
/// ```
macro_rules! define_section {
    (
        $(#[$meta:meta])*
        $name:ident, $skey:literal, $title:literal, Page::$page:ident {
            $(
                $field:ident : $ty:ty = $default:expr, $kinds:expr, $block:literal,
                    $label:literal, $help:literal, [$($effect:expr),* $(,)?];
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $(#[doc = concat!($label, ": ", $help)] pub $field: $ty,)+
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $($field: $default,)+ }
            }
        }

        impl $crate::catalogue::Section for $name {
            const SPEC: $crate::catalogue::SectionSpec = $crate::catalogue::SectionSpec {
                key: $skey,
                title: $title,
                page: $crate::catalogue::Page::$page,
                fields: &[$(
                    $crate::catalogue::SettingSpec {
                        key: stringify!($field),
                        section: $skey,
                        block: $block,
                        kinds: $kinds,
                        value: <$ty as $crate::values::SettingValue>::KIND,
                        label: $label,
                        help: $help,
                        effects: &[$($effect),*],
                        text: |settings: &$crate::settings::Settings| {
                            $crate::values::SettingValue::to_text(
                                &<$name as $crate::settings::InSettings>::of(settings).$field,
                            )
                        },
                    },
                )+],
            };

            fn texts(&self, out: &mut Vec<(&'static str, String)>) {
                $(out.push((
                    stringify!($field),
                    $crate::values::SettingValue::to_text(&self.$field),
                ));)+
            }

            fn defaults() -> &'static Self {
                static DEFAULTS: std::sync::OnceLock<$name> = std::sync::OnceLock::new();
                DEFAULTS.get_or_init(Self::default)
            }

            fn serialize_changed<M: serde::ser::SerializeMap>(
                &self,
                map: &mut M,
            ) -> Result<(), M::Error> {
                let defaults = Self::defaults();
                $(if self.$field != defaults.$field {
                    map.serialize_entry(stringify!($field), &self.$field)?;
                })+
                Ok(())
            }

            fn changes(&self, after: &Self, out: &mut Vec<$crate::catalogue::Change>) {
                $(if self.$field != after.$field {
                    let before = $crate::values::SettingValue::to_text(&self.$field);
                    let after = $crate::values::SettingValue::to_text(&after.$field);
                    if before != after {
                        out.push($crate::catalogue::Change {
                            key: stringify!($field),
                            before,
                            after,
                        });
                    }
                })+
            }

            fn set_text(&mut self, key: &str, raw: &str) -> Option<Result<(), String>> {
                match key {
                    $(stringify!($field) => Some(
                        <$ty as $crate::values::SettingValue>::parse_text(raw)
                            .map(|value| self.$field = value),
                    ),)+
                    _ => None,
                }
            }

            fn set_json(&mut self, key: &str, value: serde_json::Value)
                -> Option<Result<(), String>>
            {
                match key {
                    $(stringify!($field) => Some(
                        serde_json::from_value::<$ty>(value)
                            .map(|value| self.$field = value)
                            .map_err(|e| $crate::catalogue::json_error_message(&e)),
                    ),)+
                    _ => None,
                }
            }
        }
    };
}

/// A serde_json error as a user-facing message (without line/column noise).
pub fn json_error_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}
