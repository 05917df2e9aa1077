//! The commands the UI invokes, each declared once in `declared.rs`: its name (namespaced by
//! console: `encoo_workflows_list`, not `workflows_list`), its arguments, whether it reads or
//! writes, and what a write makes stale. From that one declaration come the command functions,
//! the Tauri handler list and [`COMMANDS`], which a test renders into `ui/commands.js` for the
//! UI's `api.js` and `cache.js` (and fails when the file on disk disagrees). Errors cross as
//! `{kind, message, status?, field?}`; no command returns a token.

use desk_core::DeskError;
use serde::Serialize;

pub type R<T> = Result<T, DeskError>;

/// What a command does to what the UI has already shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "effect", content = "forgets")]
pub enum Effect {
    /// Only reads the console: its answer may be remembered for a while.
    Read,
    /// Changes nothing the UI shows (and is not worth remembering).
    Neutral,
    /// Changes the console: the answers of commands whose names start with these go stale.
    Write(&'static [&'static str]),
    /// Changes who or where the session is (sign-in, scope, profiles): everything goes stale.
    WriteAll,
}

/// One command as declared: what the UI needs to call it and to keep its cache honest.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Command {
    pub name: &'static str,
    /// `encoo`, `flexmodel`, or empty for the app's own commands (profiles, the session).
    pub console: &'static str,
    pub resource: &'static str,
    pub verb: &'static str,
    /// The arguments' Rust names; the UI sends them in camelCase.
    pub args: &'static [&'static str],
    #[serde(flatten)]
    pub effect: Effect,
}

macro_rules! effect {
    (read) => {
        $crate::commands::Effect::Read
    };
    (neutral) => {
        $crate::commands::Effect::Neutral
    };
    (write(*)) => {
        $crate::commands::Effect::WriteAll
    };
    (write($($stale:ident),+)) => {
        $crate::commands::Effect::Write(&[$(concat!(stringify!($stale), "_")),+])
    };
}

/// Declares the commands: `with(app, desk, requests);` names what every body may use (the
/// Tauri handle, the app's state, the running requests), then for each command
/// `console resource verb: effect fn name(args) -> Out { body }`. A body may be abandoned
/// through `request_cancel` when the UI sent a `requestId`.
macro_rules! commands {
    (
        with($app:ident, $desk:ident, $requests:ident);
        $(
            $console:ident $resource:ident $verb:ident : $effect:ident $(($($stale:tt),+))?
            fn $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $out:ty $body:block
        )*
    ) => {
        $(
            #[tauri::command]
            #[allow(unused_variables, clippy::too_many_arguments)]
            pub async fn $name(
                $app: tauri::AppHandle,
                $desk: tauri::State<'_, desk_core::Desk>,
                $requests: tauri::State<'_, desk_core::Requests>,
                $($arg: $ty,)*
                request_id: Option<String>,
            ) -> $crate::commands::R<$out> {
                $requests.run(request_id, async $body).await
            }
        )*

        /// Every command, as the UI sees it.
        pub const COMMANDS: &[$crate::commands::Command] = &[$(
            $crate::commands::Command {
                name: stringify!($name),
                console: console!($console),
                resource: stringify!($resource),
                verb: stringify!($verb),
                args: &[$(stringify!($arg)),*],
                effect: effect!($effect $(($($stale),+))?),
            }
        ),*];

        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

macro_rules! console {
    (app) => {
        ""
    };
    ($console:ident) => {
        stringify!($console)
    };
}

mod declared;

pub use declared::{handler, COMMANDS};

#[cfg(test)]
mod tests;
