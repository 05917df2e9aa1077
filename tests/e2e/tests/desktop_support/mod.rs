//! What the desktop tests share: the app's own processes found by their configuration folder,
//! a second launch of the binary with the first one's environment, and xdotool on the
//! Xvfb display (the real X window and its GTK menu bar, not the page).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use console_desk_e2e::{app_binary, App};

/// The ids of the running app processes (not tauri-driver, WebKitWebDriver or WebKit's
/// helpers, which inherit the same environment) started on `config_dir`.
pub fn app_processes(config_dir: &Path) -> Vec<u32> {
    let binary = app_binary();
    let wanted = format!("CONSOLE_DESK_CONFIG_DIR={}", config_dir.display());
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let exe = std::fs::read_link(entry.path().join("exe")).unwrap_or_default();
        if exe != binary {
            continue;
        }
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        if environ
            .split(|b| *b == 0)
            .any(|var| var == wanted.as_bytes())
        {
            found.push(pid);
        }
    }
    found
}

/// The one app process of `app`.
pub fn app_process(app: &App) -> u32 {
    let found = app_processes(app.config_dir.path());
    assert_eq!(found.len(), 1, "one app process: {found:?}");
    found[0]
}

/// The log the app writes on this config folder (App::launch points XDG_DATA_HOME into it).
pub fn log_file(app: &App) -> PathBuf {
    app.config_dir
        .path()
        .join("data")
        .join(desk_core::places::IDENTIFIER)
        .join("logs/console-desk.log")
}

pub fn log_text(app: &App) -> String {
    std::fs::read_to_string(log_file(app)).unwrap_or_default()
}

/// Waits until the app's log holds `needle`.
pub async fn wait_log(app: &App, needle: &str) {
    let started = Instant::now();
    while !log_text(app).contains(needle) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the log never said {needle:?}:\n{}",
            log_text(app)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Starts the app binary again as a plain process, with the environment `App::launch` gave
/// the first (same config folder, keyring service, XDG folders), and waits for it to end.
pub fn launch_again(app: &App, timeout: Duration) -> (Output, Duration) {
    let dir = app.config_dir.path();
    let started = Instant::now();
    let mut child = Command::new(app_binary())
        .env("CONSOLE_DESK_CONFIG_DIR", dir)
        .env("CONSOLE_DESK_KEYRING_SERVICE", app.keyring_service())
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .env("LANG", "en_US.UTF-8")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the app binary");
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "the second launch was still running after {timeout:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (child.wait_with_output().unwrap(), started.elapsed())
}

/// Runs xdotool on the tests' display; its output, trimmed.
pub fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .expect("xdotool (apt install xdotool)");
    assert!(
        out.status.success(),
        "xdotool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The app's visible top-level X window.
pub fn app_window(app: &App) -> String {
    let pid = app_process(app).to_string();
    let started = Instant::now();
    loop {
        let out = Command::new("xdotool")
            .args([
                "search",
                "--onlyvisible",
                "--pid",
                &pid,
                "--name",
                "ConsoleDesk",
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        if let Some(first) = text.lines().next() {
            return first.trim().to_owned();
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no window");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Opens the menu bar's `nth` menu (0: ConsoleDesk, 1: Edit) with a real click on it.
/// Without a window manager the window's top-left is its content's: the menu bar is the top
/// strip, its titles from the left, about 90 pixels apart at most.
pub fn open_menu(window: &str, nth: u32) {
    xdotool(&["windowfocus", "--sync", window]);
    let x = (20 + 90 * nth).to_string();
    xdotool(&["mousemove", "--window", window, &x, "10", "click", "1"]);
    std::thread::sleep(Duration::from_millis(400));
}

/// Presses keys (xdotool names: Down, Return, ctrl+comma) on the focused window.
pub fn keys(keys: &[&str]) {
    for key in keys {
        xdotool(&["key", "--delay", "80", key]);
        std::thread::sleep(Duration::from_millis(120));
    }
}
