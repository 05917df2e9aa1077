//! How Encoo answers are read: in PascalCase or camelCase at will, so every key is read as
//! PascalCase (nulls dropped so that defaults apply), except inside the members whose inner
//! keys are data. The decoder itself (fast path, JSON-path errors, lenient fields) is
//! `console_core::de`'s.

use console_core::de as core_de;
use console_core::{KeyCase, Result};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub(crate) use console_core::api_enum;
pub(crate) use console_core::de::{lenient_num, lenient_string, one_or_many};

/// Fields whose values are free-form maps or undocumented values: their inner keys are data,
/// not field names, and are kept exactly as sent.
const OPAQUE: &[&str] = &[
    "Properties",
    "Headers",
    "Conditions",
    "JobStartupType",
    "ListeningStatus",
    "JobExecutionPolicy",
    "StartupType",
];

/// Encoo's key case: PascalCase, except inside [`OPAQUE`] members.
pub(crate) const KEYS: KeyCase = KeyCase::Pascal { opaque: OPAQUE };

/// Decodes a success body into `T`, naming the JSON path of the first mismatch.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    core_de::decode(body, KEYS)
}

pub(crate) fn decode_value<T: DeserializeOwned>(value: Value) -> Result<T> {
    core_de::decode_value(value, KEYS)
}

#[cfg(test)]
pub(crate) fn normalize(value: Value) -> Value {
    core_de::normalize(value, KEYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inner_keys_of_opaque_members_are_kept_and_the_rest_pascal_cased() {
        let v = normalize(json!({
            "properties": {"lowerKey": 1, "gone": null},
            "channel": {"uri": "u", "headers": {"x-ms-blob-type": "BlockBlob"}},
            "jobStartupType": {"kind": "cron"},
            "name": null
        }));
        assert_eq!(
            v,
            json!({
                "Properties": {"lowerKey": 1, "gone": null},
                "Channel": {"Uri": "u", "Headers": {"x-ms-blob-type": "BlockBlob"}},
                "JobStartupType": {"kind": "cron"}
            })
        );
    }
}
