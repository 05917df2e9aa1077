//! FlexModel's list shapes: a page `{list, total}` asked for with `page` (from 1) and `size`,
//! walked with console-core's [`walk_pages`]; and the numeric status codes the server defines
//! (flow modules, instances, nodes), read whatever their value.

use console_core::{ListPage, Paging};
use serde::{Deserialize, Serialize};

/// One page of a list as the server answers it. `total` counts every item over all pages (the
/// API log may send it as null).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    #[serde(deserialize_with = "crate::page::null_as_default")]
    pub list: Vec<T>,
    #[serde(default)]
    pub total: Option<u64>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            list: Vec::new(),
            total: None,
        }
    }
}

impl<T> ListPage for Page<T> {
    type Item = T;
    fn total(&self) -> Option<u64> {
        self.total
    }
    fn into_items(self) -> Vec<T> {
        self.list
    }
}

/// A member the server may send as `null` (it sends nulls): read as its default (an empty
/// list, an empty text, false, 0).
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Which page to ask for: `page` counts from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub size: u32,
}

impl PageRequest {
    pub const fn new(page: u32, size: u32) -> Self {
        PageRequest { page, size }
    }
}

/// Pages numbered from 1, `size` items each, for walking every page.
pub const fn paging(size: u32) -> Paging {
    Paging::from_one(size)
}

/// Page size used by the walk-all helpers.
pub const WALK_SIZE: u32 = 100;

/// Declares a status the server sends as a number: the known codes by name, any other kept as
/// its number (shown bare).
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A code the server does not define.
            Other(i64),
        }

        impl $name {
            pub fn from_code(code: i64) -> Self {
                match code {
                    $($code => Self::$variant,)+
                    other => Self::Other(other),
                }
            }

            pub fn code(self) -> i64 {
                match self {
                    $(Self::$variant => $code,)+
                    Self::Other(n) => n,
                }
            }

            /// A word for the status, or the bare number for an unknown code.
            pub fn label(self) -> String {
                match self {
                    $(Self::$variant => $label.to_owned(),)+
                    Self::Other(n) => n.to_string(),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code: i64 = console_core::de::lenient_num::deserialize(d)?;
                Ok(Self::from_code(code))
            }
        }
    };
}

code_enum!(
    /// A flow module's status.
    FlowModuleStatus {
        Draft = 1 => "draft",
        Editing = 2 => "editing",
        Offline = 3 => "offline",
        Published = 4 => "published",
    }
);

code_enum!(
    /// A flow instance's status.
    FlowInstanceStatus {
        Default = 0 => "default",
        Completed = 1 => "completed",
        Running = 2 => "running",
        Terminated = 3 => "terminated",
        Ended = 4 => "ended",
    }
);

code_enum!(
    /// A node instance's status (elements, user tasks).
    NodeStatus {
        Default = 0 => "default",
        Completed = 1 => "completed",
        Active = 2 => "active",
        Failed = 3 => "failed",
        Revoked = 4 => "revoked",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_known_and_unknown_codes_and_numbers_as_text() {
        let v: Vec<FlowModuleStatus> = serde_json::from_str(r#"[4, "1", 9]"#).unwrap();
        assert_eq!(
            v,
            [
                FlowModuleStatus::Published,
                FlowModuleStatus::Draft,
                FlowModuleStatus::Other(9)
            ]
        );
        assert_eq!(v[2].label(), "9");
        assert_eq!(serde_json::to_string(&v[0]).unwrap(), "4");
    }

    #[test]
    fn a_page_with_null_total_and_list_reads() {
        let p: Page<u8> = serde_json::from_str(r#"{"total":null,"list":[1,2]}"#).unwrap();
        assert_eq!((p.total, p.list), (None, vec![1, 2]));
        let p: Page<u8> = serde_json::from_str(r#"{"total":0,"list":null}"#).unwrap();
        assert!(p.list.is_empty());
    }
}
