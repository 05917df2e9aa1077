//! Client-side checks of write requests and queries, so that what the console would refuse is
//! refused before anything is sent. The rules themselves are `encoo-rules` (re-exported as
//! `encoo_api::rules`), which the sandbox applies too; this module maps them onto the
//! client's types and `Error::InvalidInput` (the conversion of a refusal lives beside the
//! rules, in `encoo-rules`, as the error is `console_core`'s).

use console_core::{Error, Result};

use crate::models::{Argument, Direction, TriggerPolicy, VideoRecordMode};

pub(crate) fn name(field: &str, value: &str) -> Result<()> {
    encoo_rules::name(field, value)?;
    Ok(())
}

pub(crate) fn name_opt(field: &str, value: Option<&str>) -> Result<()> {
    value.map_or(Ok(()), |v| name(field, v))
}

pub(crate) fn description(value: Option<&str>) -> Result<()> {
    Ok(value.map_or(Ok(()), encoo_rules::description)?)
}

pub(crate) fn tags(tags: Option<&[String]>) -> Result<()> {
    Ok(encoo_rules::tags(tags.unwrap_or_default())?)
}

pub(crate) fn priority(value: Option<i64>) -> Result<()> {
    if let Some(v) = value {
        encoo_rules::int_in("Priority", v, encoo_rules::PRIORITY)?;
    }
    Ok(())
}

pub(crate) fn max_retry_count(value: Option<i64>) -> Result<()> {
    if let Some(v) = value {
        encoo_rules::int_in("MaxRetryCount", v, encoo_rules::MAX_RETRY_COUNT)?;
    }
    Ok(())
}

pub(crate) fn page_size(value: Option<u32>) -> Result<()> {
    if let Some(v) = value {
        encoo_rules::int_in("PageSize", v.into(), encoo_rules::PAGE_SIZE)?;
    }
    Ok(())
}

pub(crate) fn guid(field: &str, value: &str) -> Result<String> {
    Ok(encoo_rules::guid(field, value)?)
}

pub(crate) fn guid_opt(field: &str, value: Option<&str>) -> Result<()> {
    if let Some(v) = value {
        guid(field, v)?;
    }
    Ok(())
}

/// The enums read any value (a console may send one the doc does not list) but only the
/// doc's values are written.
pub(crate) fn video_record_mode(value: Option<&VideoRecordMode>) -> Result<()> {
    if let Some(v) = value {
        let known = encoo_rules::VIDEO_RECORD_MODES;
        encoo_rules::one_of("VideoRecordMode", v.as_str(), known)?;
    }
    Ok(())
}

pub(crate) fn trigger_policy(value: Option<&TriggerPolicy>) -> Result<()> {
    if let Some(v) = value {
        encoo_rules::one_of("TriggerPolicy", v.as_str(), encoo_rules::TRIGGER_POLICIES)?;
    }
    Ok(())
}

/// Arguments to send: each named, with a known direction.
pub(crate) fn arguments(args: Option<&[Argument]>) -> Result<()> {
    for a in args.unwrap_or_default() {
        if a.name.trim().is_empty() {
            return Err(Error::invalid("Arguments", "an argument has no Name"));
        }
        if let Some(d @ Direction::Other(_)) = &a.direction {
            return Err(Error::invalid(
                "Arguments",
                format!(
                    "argument {} has an unknown Direction \"{}\" (expected one of {})",
                    a.name,
                    d.as_str().escape_debug(),
                    encoo_rules::DIRECTIONS.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clients_enums_list_exactly_the_shared_rules_values() {
        assert_eq!(VideoRecordMode::KNOWN, encoo_rules::VIDEO_RECORD_MODES);
        assert_eq!(TriggerPolicy::KNOWN, encoo_rules::TRIGGER_POLICIES);
        assert_eq!(Direction::KNOWN, encoo_rules::DIRECTIONS);
    }

    #[test]
    fn a_refusal_becomes_invalid_input_naming_the_field() {
        let e = priority(Some(5001)).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        assert_eq!(e.field(), Some("Priority"));
        assert!(e.to_string().contains("0 to 5000"), "{e}");
    }
}
