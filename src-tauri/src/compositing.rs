//! Whether WebKitGTK composites the window with OpenGL (Linux only).
//!
//! WebKit composites the page's layers with OpenGL. On a machine with no GPU for it (no DRM
//! render node: a VM, a remote desktop, a container, a CI runner), Mesa draws that GL in
//! software on the CPU. A changed frame then costs far more than WebKit's plain painting of the
//! changed area. Measured by `scripts/bench` under Xvfb: the FlexModel Overview polling every 3 s
//! took 2.73 % of a core that way and 0.76 % without it; the records grid's first rows after a
//! launch were painted at 791 ms that way and 134 ms without it.
//! So where there is no render node, or Mesa is told to draw in software, the app turns WebKit's
//! compositing off (`WEBKIT_DISABLE_COMPOSITING_MODE=1`, read by each web process WebKit
//! starts). With a GPU it keeps WebKit's default, the faster path there.
//!
//! `CONSOLE_DESK_COMPOSITING=on|off|auto` overrides the choice. A
//! `WEBKIT_DISABLE_COMPOSITING_MODE` the user set is left as it is.

use std::path::Path;
use std::sync::OnceLock;

/// The variable WebKitGTK reads when it starts a web process.
pub const WEBKIT_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// The user's override: `on`, `off` or `auto` (the default).
pub const OVERRIDE_VAR: &str = "CONSOLE_DESK_COMPOSITING";

/// What the process's environment and machine say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// `CONSOLE_DESK_COMPOSITING`, when set.
    pub requested: Option<String>,
    /// `WEBKIT_DISABLE_COMPOSITING_MODE`, when set.
    pub webkit_var: Option<String>,
    /// `LIBGL_ALWAYS_SOFTWARE`, when set.
    pub libgl_software: Option<String>,
    /// Is there a DRM render node (`/dev/dri/renderD*`)?
    pub render_node: bool,
}

/// The choice, and why (for the log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Turn WebKit's compositing off (set `WEBKIT_DISABLE_COMPOSITING_MODE=1`)?
    pub turn_off: bool,
    pub why: String,
}

/// A variable Mesa treats as true: set, and neither empty, `0` nor `false`.
fn truthy(value: Option<&str>) -> bool {
    value.is_some_and(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"))
}

/// The decision, from the facts alone.
pub fn decide(facts: &Facts) -> Choice {
    let keep = |why: String| Choice {
        turn_off: false,
        why,
    };
    let off = |why: String| Choice {
        turn_off: true,
        why,
    };
    if let Some(value) = &facts.webkit_var {
        return keep(format!(
            "{WEBKIT_VAR}={value} was set before the app started: WebKit follows it"
        ));
    }
    let requested = facts.requested.as_deref().map(str::trim);
    let mut note = String::new();
    match requested.map(str::to_ascii_lowercase).as_deref() {
        Some("on") => return keep(format!("WebKit composites with OpenGL ({OVERRIDE_VAR}=on)")),
        Some("off") => return off(format!("WebKit's compositing is off ({OVERRIDE_VAR}=off)")),
        None | Some("auto") | Some("") => {}
        Some(other) => {
            note = format!(" ({OVERRIDE_VAR}={other} is not on, off or auto: ignored)");
        }
    }
    if truthy(facts.libgl_software.as_deref()) {
        return off(format!(
            "WebKit's compositing is off: LIBGL_ALWAYS_SOFTWARE asks Mesa to draw in software{note}"
        ));
    }
    if !facts.render_node {
        return off(format!(
            "WebKit's compositing is off: no GPU render node (/dev/dri/renderD*), so OpenGL would \
             be drawn in software{note}"
        ));
    }
    keep(format!(
        "WebKit composites with OpenGL: a GPU render node is there{note}"
    ))
}

/// Is there a DRM render node in `dri` (`/dev/dri`)?
pub fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

static CHOSEN: OnceLock<Choice> = OnceLock::new();

/// Makes the choice for this process. Call first in `main`, while it has one thread: it may set
/// an environment variable. Does nothing but on Linux.
pub fn choose() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let var = |name: &str| std::env::var(name).ok();
    let choice = decide(&Facts {
        requested: var(OVERRIDE_VAR),
        webkit_var: var(WEBKIT_VAR),
        libgl_software: var("LIBGL_ALWAYS_SOFTWARE"),
        render_node: has_render_node(Path::new("/dev/dri")),
    });
    if choice.turn_off {
        std::env::set_var(WEBKIT_VAR, "1");
    }
    let _ = CHOSEN.set(choice);
}

/// Writes the choice to the log (once logging is set up).
pub fn log_choice() {
    if let Some(choice) = CHOSEN.get() {
        tracing::info!("{}", choice.why);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(render_node: bool) -> Facts {
        Facts {
            render_node,
            ..Facts::default()
        }
    }

    #[test]
    fn a_gpu_keeps_webkits_compositing_and_no_gpu_turns_it_off() {
        assert!(!decide(&facts(true)).turn_off);
        let none = decide(&facts(false));
        assert!(none.turn_off);
        assert!(none.why.contains("no GPU render node"), "{}", none.why);
    }

    #[test]
    fn mesa_told_to_draw_in_software_turns_it_off_even_with_a_gpu() {
        for (value, off) in [
            ("1", true),
            ("true", true),
            ("0", false),
            ("", false),
            ("false", false),
        ] {
            let f = Facts {
                libgl_software: Some(value.into()),
                ..facts(true)
            };
            assert_eq!(decide(&f).turn_off, off, "LIBGL_ALWAYS_SOFTWARE={value:?}");
        }
    }

    #[test]
    fn the_users_override_wins_either_way_and_a_bad_value_is_named() {
        let with = |requested: &str, render_node| Facts {
            requested: Some(requested.into()),
            ..facts(render_node)
        };
        assert!(!decide(&with("on", false)).turn_off);
        assert!(!decide(&with(" ON ", false)).turn_off);
        assert!(decide(&with("off", true)).turn_off);
        assert!(decide(&with("auto", false)).turn_off);
        assert!(!decide(&with("auto", true)).turn_off);
        let bad = decide(&with("maybe", false));
        assert!(bad.turn_off, "a bad value is the automatic choice");
        assert!(bad.why.contains("maybe"), "{}", bad.why);
    }

    #[test]
    fn a_webkit_variable_the_user_set_is_left_alone() {
        for value in ["1", "0"] {
            let f = Facts {
                webkit_var: Some(value.into()),
                requested: Some("off".into()),
                ..facts(false)
            };
            let choice = decide(&f);
            assert!(!choice.turn_off, "the app sets nothing over {value}");
            assert!(choice.why.contains(value), "{}", choice.why);
        }
    }

    #[test]
    fn a_render_node_is_found_by_its_name() {
        let dir = std::env::temp_dir().join(format!("cd-dri-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("card0"), b"").unwrap();
        assert!(
            !has_render_node(&dir),
            "a card node alone is no render node"
        );
        std::fs::write(dir.join("renderD128"), b"").unwrap();
        assert!(has_render_node(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!has_render_node(&dir), "no folder, no node");
    }
}
