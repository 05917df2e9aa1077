//! The console's field rules in one place: the client checks a request with them before
//! sending it, and the sandbox refuses with them what a real console refuses, so both say the
//! same thing in the same words. Each rule names the field it checks.

use std::ops::RangeInclusive;

mod fields;

pub use fields::Fields;

/// Why a value was refused: the field at fault and a sentence naming the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: String,
    pub message: String,
}

impl Refusal {
    pub fn new(field: &str, message: impl Into<String>) -> Refusal {
        Refusal {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// A refusal, as the client reports it: invalid input naming the field.
#[cfg(feature = "console-core")]
impl From<Refusal> for console_core::Error {
    fn from(r: Refusal) -> Self {
        console_core::Error::InvalidInput {
            message: r.message,
            field: Some(r.field),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}

pub type Checked<T = ()> = Result<T, Refusal>;

/// Longest name (of a robot group, workflow…), in characters.
pub const NAME_MAX: usize = 100;
/// Longest tag, in characters.
pub const TAG_MAX: usize = 50;
/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 500;
/// `Priority` (the doc: 范围 0-5000).
pub const PRIORITY: RangeInclusive<i64> = 0..=5000;
/// `MaxRetryCount` (the doc: 范围 0-10).
pub const MAX_RETRY_COUNT: RangeInclusive<i64> = 0..=10;
/// `PageSize` of a list.
pub const PAGE_SIZE: RangeInclusive<i64> = 1..=1000;

/// `VideoRecordMode` values the doc lists.
pub const VIDEO_RECORD_MODES: &[&str] = &[
    "NeverRecord",
    "ReportOnlyWhenSucceeded",
    "ReportOnlyWhenFailed",
    "AlwaysRecord",
    "AlwaysReport",
];
/// `TriggerPolicy` values the doc lists.
pub const TRIGGER_POLICIES: &[&str] = &["SkipWhenNoResource", "AnyTime"];
/// An argument's `Direction`.
pub const DIRECTIONS: &[&str] = &["In", "Out", "InOut"];

/// A required name: 1 to [`NAME_MAX`] characters once trimmed, no control characters.
/// Answers the trimmed name.
pub fn name(field: &str, value: &str) -> Checked<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Refusal::new(field, format!("{field} is required")));
    }
    let len = trimmed.chars().count();
    if len > NAME_MAX {
        return Err(Refusal::new(
            field,
            format!("{field} is longer than {NAME_MAX} characters ({len})"),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Refusal::new(
            field,
            format!("{field} contains control characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// One tag: 1 to [`TAG_MAX`] characters, no comma (tags travel comma-joined in places) and
/// no control characters.
pub fn tag(value: &str) -> Checked {
    if value.trim().is_empty() || value.chars().count() > TAG_MAX {
        return Err(Refusal::new(
            "Tags",
            format!(
                "tag \"{}\" must be 1 to {TAG_MAX} characters",
                value.escape_debug()
            ),
        ));
    }
    if value.contains(',') || value.chars().any(char::is_control) {
        return Err(Refusal::new(
            "Tags",
            format!(
                "tag \"{}\" contains a comma or a control character",
                value.escape_debug()
            ),
        ));
    }
    Ok(())
}

/// Every tag of a list.
pub fn tags<S: AsRef<str>>(values: &[S]) -> Checked {
    values.iter().try_for_each(|t| tag(t.as_ref()))
}

/// A description: at most [`DESCRIPTION_MAX`] characters.
pub fn description(value: &str) -> Checked {
    let len = value.chars().count();
    if len > DESCRIPTION_MAX {
        return Err(Refusal::new(
            "Description",
            format!("Description is longer than {DESCRIPTION_MAX} characters ({len})"),
        ));
    }
    Ok(())
}

/// A whole number within `range`.
pub fn int_in(field: &str, value: i64, range: RangeInclusive<i64>) -> Checked<i64> {
    if range.contains(&value) {
        return Ok(value);
    }
    Err(out_of_range(field, &value.to_string(), range))
}

/// The refusal for a value (as the caller saw it) outside `range` or not a whole number.
pub fn out_of_range(field: &str, shown: &str, range: RangeInclusive<i64>) -> Refusal {
    Refusal::new(
        field,
        format!(
            "{field} must be a whole number from {} to {}, got {shown}",
            range.start(),
            range.end()
        ),
    )
}

/// One of the doc's values for an enum field, spelled as the doc spells it.
pub fn one_of(field: &str, value: &str, allowed: &[&str]) -> Checked {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(Refusal::new(
        field,
        format!(
            "{field} must be one of {}, got \"{}\"",
            allowed.join(", "),
            value.escape_debug()
        ),
    ))
}

/// A GUID (any of uuid's accepted spellings, surrounding spaces ignored); answers the
/// canonical lower-case hyphenated form.
pub fn guid(field: &str, value: &str) -> Checked<String> {
    uuid::Uuid::parse_str(value.trim())
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| {
            Refusal::new(
                field,
                format!("{field} must be a GUID, got \"{}\"", value.escape_debug()),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_limited_to_100_characters() {
        assert_eq!(name("Name", "  财务 流程 ").unwrap(), "财务 流程");
        assert!(name("Name", &"名".repeat(100)).is_ok());
        let long = name("Name", &"名".repeat(101)).unwrap_err();
        assert_eq!(long.field, "Name");
        assert!(long.message.contains("longer than 100"), "{long}");
        assert!(name("Name", " \t")
            .unwrap_err()
            .message
            .contains("required"));
        assert!(name("Name", "a\u{0}b")
            .unwrap_err()
            .message
            .contains("control"));
    }

    #[test]
    fn tags_refuse_commas_control_characters_and_empty_or_long_ones() {
        assert!(tags(&["财务", "nightly run"]).is_ok());
        for bad in ["a,b", "a\u{7}", "", " ", &"t".repeat(51)] {
            assert_eq!(tag(bad).unwrap_err().field, "Tags", "{bad:?}");
        }
    }

    #[test]
    fn ranges_name_the_bounds_and_the_value() {
        assert_eq!(int_in("Priority", 5000, PRIORITY), Ok(5000));
        let e = int_in("Priority", 5001, PRIORITY).unwrap_err();
        assert_eq!(
            e.message,
            "Priority must be a whole number from 0 to 5000, got 5001"
        );
        assert!(int_in("MaxRetryCount", -1, MAX_RETRY_COUNT).is_err());
    }

    #[test]
    fn enums_take_only_the_docs_spelling() {
        assert!(one_of("TriggerPolicy", "AnyTime", TRIGGER_POLICIES).is_ok());
        let e = one_of("TriggerPolicy", "Whenever", TRIGGER_POLICIES).unwrap_err();
        assert!(e.message.contains("SkipWhenNoResource, AnyTime"), "{e}");
    }

    #[test]
    fn guids_are_canonicalised_and_bad_ones_named() {
        assert_eq!(
            guid("queueId", " 6F9619FF-8B86-D011-B42D-00C04FC964FF ").unwrap(),
            "6f9619ff-8b86-d011-b42d-00c04fc964ff"
        );
        let e = guid("queueId", "6f9619ff-8b86-d011-b42d-00c04fc964f").unwrap_err();
        assert_eq!(e.field, "queueId");
        assert!(e.message.contains("must be a GUID"), "{e}");
    }
}
