//! The tolerant reader: consoles answer in PascalCase or camelCase, send numbers as strings,
//! leave fields out or set them to null, and add fields the doc never mentions. Every answer
//! goes through [`decode`], which normalises key case once, then decodes with the JSON path of
//! any mismatch named in the error.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

use crate::error::Error;

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

/// Decodes a success body into `T`, naming the JSON path of the first mismatch.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"null".as_slice()
    } else {
        body
    };
    let value: Value = serde_json::from_slice(body).map_err(|e| Error::Decode {
        path: ".".into(),
        message: format!("the body is not JSON ({e})"),
    })?;
    decode_value(value)
}

pub(crate) fn decode_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    let value = normalize(value);
    // The fast path decodes without tracking where it is; only a failure pays for a second
    // pass that names the JSON path.
    if let Ok(decoded) = T::deserialize(&value) {
        return Ok(decoded);
    }
    serde_path_to_error::deserialize(value).map_err(|e| Error::Decode {
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })
}

/// Upper-cases the first letter of every key (camelCase → PascalCase, `access_token` →
/// `Access_token`) and drops null members so that defaults apply, except inside [`OPAQUE`].
pub(crate) fn normalize(mut value: Value) -> Value {
    normalize_in_place(&mut value);
    value
}

/// Rebuilds only the objects that need it: most answers are already PascalCase.
fn normalize_in_place(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let dirty = map.iter().any(|(k, v)| v.is_null() || !is_pascal(k));
            if dirty {
                for (key, v) in std::mem::take(map) {
                    if !v.is_null() {
                        map.insert(pascal(&key), v);
                    }
                }
            }
            for (key, v) in map.iter_mut() {
                if !OPAQUE.contains(&key.as_str()) {
                    normalize_in_place(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_in_place),
        _ => {}
    }
}

fn is_pascal(key: &str) -> bool {
    key.chars().next().is_none_or(|c| !c.is_ascii_lowercase())
}

fn pascal(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) if first.is_ascii_lowercase() => {
            let mut s = String::with_capacity(key.len());
            s.push(first.to_ascii_uppercase());
            s.push_str(chars.as_str());
            s
        }
        _ => key.to_owned(),
    }
}

/// A number that may arrive as a JSON number or as a string holding one.
pub(crate) mod lenient_num {
    use super::*;
    use std::str::FromStr;

    pub fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr + serde::Deserialize<'de>,
        T::Err: std::fmt::Display,
    {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum NumOrText<T> {
            Num(T),
            Text(String),
        }
        match NumOrText::<T>::deserialize(d)? {
            NumOrText::Num(n) => Ok(n),
            NumOrText::Text(s) => s.trim().parse().map_err(serde::de::Error::custom),
        }
    }
}

/// A text field that may arrive as a string, a number or a boolean.
pub(crate) mod lenient_string {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Null => None,
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => Some(other.to_string()),
        })
    }
}

/// A list that may arrive as a single object (the doc's department tree shows `Children: {}`).
pub(crate) mod one_or_many {
    use super::*;

    pub fn deserialize<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        match Value::deserialize(d)? {
            Value::Array(items) => items
                .into_iter()
                .map(|v| serde_json::from_value(v).map_err(serde::de::Error::custom))
                .collect(),
            Value::Object(o) if o.is_empty() => Ok(Vec::new()),
            v @ Value::Object(_) => serde_json::from_value(v)
                .map(|one| vec![one])
                .map_err(serde::de::Error::custom),
            _ => Ok(Vec::new()),
        }
    }
}

/// Declares a string enum of the doc's values that still reads any unknown value (kept in
/// `Other`) and writes the doc's spelling.
macro_rules! api_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value the doc does not list, kept as sent.
            Other(String),
        }

        impl $name {
            /// The doc's values, in the doc's order.
            #[allow(dead_code)]
            pub const KNOWN: &'static [&'static str] = &[$(stringify!($variant)),+];

            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => stringify!($variant),)+
                    Self::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $(if s.eq_ignore_ascii_case(stringify!($variant)) {
                    return Self::$variant;
                })+
                Self::Other(s.to_owned())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(match serde_json::Value::deserialize(d)? {
                    serde_json::Value::String(s) => Self::from(s.as_str()),
                    other => Self::Other(other.to_string()),
                })
            }
        }
    };
}
pub(crate) use api_enum;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "PascalCase", default)]
    struct Sample {
        last_version_id: String,
        #[serde(rename = "ETag")]
        etag: String,
        #[serde(deserialize_with = "lenient_num::deserialize")]
        total_downloads: u64,
        tags: Vec<String>,
        properties: Value,
    }

    impl Default for Sample {
        fn default() -> Self {
            Sample {
                last_version_id: String::new(),
                etag: String::new(),
                total_downloads: 0,
                tags: vec![],
                properties: Value::Null,
            }
        }
    }

    #[test]
    fn camel_case_strings_for_numbers_nulls_and_unknown_fields_are_read() {
        let body = json!({
            "lastVersionId": "v1", "eTag": "e", "totalDownloads": "64", "tags": null,
            "somethingNew": {"x": 1}, "properties": {"lowerKey": "kept"}
        });
        let s: Sample = decode(body.to_string().as_bytes()).unwrap();
        assert_eq!(s.last_version_id, "v1");
        assert_eq!(s.etag, "e");
        assert_eq!(s.total_downloads, 64);
        assert!(s.tags.is_empty());
        assert_eq!(s.properties, json!({"lowerKey": "kept"}));
    }

    #[test]
    fn decode_error_names_the_json_path() {
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        #[allow(dead_code)]
        struct Page {
            list: Vec<Sample>,
        }
        let body = json!({"List": [{}, {"TotalDownloads": "many"}]});
        let err = decode::<Page>(body.to_string().as_bytes()).unwrap_err();
        match err {
            Error::Decode { path, .. } => assert_eq!(path, "List[1].TotalDownloads"),
            other => panic!("{other:?}"),
        }
    }

    api_enum!(Color { Red, Green });

    #[test]
    fn enums_read_unknown_values_and_write_the_doc_spelling() {
        let v: Vec<Color> = serde_json::from_value(json!(["red", "Green", "Blue", 3])).unwrap();
        assert_eq!(
            v,
            vec![
                Color::Red,
                Color::Green,
                Color::Other("Blue".into()),
                Color::Other("3".into())
            ]
        );
        assert_eq!(serde_json::to_value(&v[0]).unwrap(), json!("Red"));
    }
}
