//! The tolerant reader: consoles send numbers as strings, leave fields out, add fields no
//! document mentions, and some (Encoo) answer in PascalCase or camelCase at will. Every answer
//! is decoded with the JSON path of any mismatch named in the error, paid for only on failure.
//! Rewriting key case is a console's choice ([`KeyCase`]), never global: where keys are the
//! user's own (FlexModel's records, GraphQL), they arrive exactly as sent.

use serde::de::{DeserializeOwned, Deserializer, IgnoredAny};
use serde::Deserialize;
use serde_json::Value;

use crate::error::Error;

/// How a console's answer keys are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCase {
    /// As sent, nulls included.
    Exact,
    /// The first letter of every key upper-cased (camelCase → PascalCase, `access_token` →
    /// `Access_token`) and null members dropped so that defaults apply, except inside the
    /// members named in `opaque`, whose inner keys are data.
    Pascal { opaque: &'static [&'static str] },
}

/// Decodes a success body into `T`, naming the JSON path of the first mismatch. A blank body
/// reads as `null`.
pub fn decode<T: DeserializeOwned>(body: &[u8], keys: KeyCase) -> Result<T, Error> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"null".as_slice()
    } else {
        body
    };
    match keys {
        KeyCase::Exact => decode_exact(body),
        KeyCase::Pascal { .. } => {
            let value: Value = serde_json::from_slice(body).map_err(not_json)?;
            decode_value(value, keys)
        }
    }
}

/// Decodes an already parsed answer as [`decode`] does.
pub fn decode_value<T: DeserializeOwned>(value: Value, keys: KeyCase) -> Result<T, Error> {
    let value = normalize(value, keys);
    // The fast path decodes without tracking where it is; only a failure pays for a second
    // pass that names the JSON path.
    if let Ok(decoded) = T::deserialize(&value) {
        return Ok(decoded);
    }
    serde_path_to_error::deserialize(value).map_err(path_error)
}

fn decode_exact<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    if let Ok(decoded) = serde_json::from_slice(body) {
        return Ok(decoded);
    }
    if let Err(e) = serde_json::from_slice::<IgnoredAny>(body) {
        return Err(not_json(e));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(path_error)
}

fn not_json(e: serde_json::Error) -> Error {
    Error::Decode {
        path: ".".into(),
        message: format!("the body is not JSON ({e})"),
    }
}

fn path_error(e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    Error::Decode {
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    }
}

/// Rewrites keys as `keys` says (nothing for [`KeyCase::Exact`]).
pub fn normalize(mut value: Value, keys: KeyCase) -> Value {
    if let KeyCase::Pascal { opaque } = keys {
        pascal_in_place(&mut value, opaque);
    }
    value
}

/// Rebuilds only the objects that need it: most Encoo answers are already PascalCase.
fn pascal_in_place(value: &mut Value, opaque: &[&str]) {
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
                if !opaque.contains(&key.as_str()) {
                    pascal_in_place(v, opaque);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| pascal_in_place(v, opaque)),
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
pub mod lenient_num {
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
pub mod lenient_string {
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

/// A list that may arrive as a single object (`Children: {}` where a list was meant).
pub mod one_or_many {
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

/// Declares a string enum of a document's values that still reads any unknown value (kept in
/// `Other`) and writes the document's spelling.
#[macro_export]
macro_rules! api_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value the document does not list, kept as sent.
            Other(String),
        }

        impl $name {
            /// The document's values, in its order.
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

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                use $crate::__private::serde_json::Value;
                Ok(match <Value as $crate::__private::serde::Deserialize>::deserialize(d)? {
                    Value::String(s) => Self::from(s.as_str()),
                    other => Self::Other(other.to_string()),
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PASCAL: KeyCase = KeyCase::Pascal {
        opaque: &["Properties"],
    };

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
    fn pascal_reads_camel_case_strings_for_numbers_nulls_and_unknown_fields() {
        let body = json!({
            "lastVersionId": "v1", "eTag": "e", "totalDownloads": "64", "tags": null,
            "somethingNew": {"x": 1}, "properties": {"lowerKey": "kept"}
        });
        let s: Sample = decode(body.to_string().as_bytes(), PASCAL).unwrap();
        assert_eq!(s.last_version_id, "v1");
        assert_eq!(s.etag, "e");
        assert_eq!(s.total_downloads, 64);
        assert!(s.tags.is_empty());
        assert_eq!(s.properties, json!({"lowerKey": "kept"}));
    }

    #[test]
    fn a_decode_error_names_the_json_path_in_either_key_case() {
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        #[allow(dead_code)]
        struct Page {
            list: Vec<Sample>,
        }
        let body = json!({"List": [{}, {"TotalDownloads": "many"}]}).to_string();
        for keys in [PASCAL, KeyCase::Exact] {
            match decode::<Page>(body.as_bytes(), keys).unwrap_err() {
                Error::Decode { path, .. } => assert_eq!(path, "List[1].TotalDownloads"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_body_that_is_not_json_says_so_in_either_key_case() {
        for keys in [PASCAL, KeyCase::Exact] {
            match decode::<Value>(b"<html>", keys).unwrap_err() {
                Error::Decode { path, message } => {
                    assert_eq!(path, ".");
                    assert!(message.contains("not JSON"), "{message}");
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(decode::<Value>(b"  ", KeyCase::Exact).unwrap(), Value::Null);
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
