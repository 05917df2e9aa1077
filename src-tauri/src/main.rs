// Prevents an extra console window on Windows in release.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    name_a_language();
    console_desk_lib::compositing::choose();
    console_desk_lib::run()
}

/// WebKitGTK takes the page's language (`navigator.language`) from the process's locale. Under
/// the C or POSIX locale (no LANG at all, as on a bare server or in a container) that is "c",
/// which `Intl` refuses outright: a module formatting numbers at load (the charts') would stop
/// the whole window. Such a process is named English instead; any real locale is left alone.
fn name_a_language() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let meaningless = |var: &str| {
        std::env::var(var).map_or(true, |v| {
            let v = v.split(['.', '@']).next().unwrap_or_default();
            v.is_empty() || v == "C" || v == "POSIX"
        })
    };
    // LC_ALL outranks LANG when set; LANG is what is left otherwise.
    let lc_all_set = std::env::var_os("LC_ALL").is_some_and(|v| !v.is_empty());
    if lc_all_set && meaningless("LC_ALL") {
        std::env::set_var("LC_ALL", "en_US.UTF-8");
    } else if !lc_all_set && meaningless("LANG") && meaningless("LC_MESSAGES") {
        std::env::set_var("LANG", "en_US.UTF-8");
    }
}
