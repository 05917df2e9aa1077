//! The native menu bar, driven for real on the Xvfb display with xdotool: clicks on the GTK
//! menu bar and keys in its menus, as a person would. Settings…, its Ctrl+, shortcut, About,
//! Open log folder, the Edit menu's clipboard items in a form of the page, and Quit.

mod desktop_support;

use std::time::{Duration, Instant};

use console_desk_e2e::App;
use desktop_support::{app_processes, app_window, keys, open_menu, xdotool};
use serde_json::json;

async fn on_dashboard(app: &App) {
    app.run("location.hash = '#/dashboard'", vec![]).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
}

async fn wait_settings_screen(app: &App) {
    app.wait_script("return document.getElementById('content').dataset.screen === 'settings'")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_menu_bar_opens_settings_about_the_log_folder_edits_and_quits() {
    // "Open log folder" asks the system to open the folder: xdg-open, here a script of ours
    // on PATH that writes down what it was asked to open (the file manager is outside).
    let shim = tempfile::tempdir().unwrap();
    let opened = shim.path().join("opened");
    let script = shim.path().join("xdg-open");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        shim.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let app = App::launch_with("menu", &[("PATH", &path)], |_| {}).await;
    on_dashboard(&app).await;
    let window = app_window(&app);

    // ConsoleDesk ▸ Settings… (About, then Settings).
    open_menu(&window, 0);
    keys(&["Down", "Down", "Return"]);
    wait_settings_screen(&app).await;
    app.screenshot("menu-settings").await;

    // Its shortcut, Ctrl+, (⌘, on macOS).
    on_dashboard(&app).await;
    xdotool(&["windowfocus", "--sync", &window]);
    keys(&["ctrl+comma"]);
    wait_settings_screen(&app).await;

    // ConsoleDesk ▸ About ConsoleDesk: GTK's about window.
    open_menu(&window, 0);
    keys(&["Down", "Return"]);
    let started = Instant::now();
    let about = loop {
        let found = std::process::Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "About ConsoleDesk"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&found.stdout).trim().to_owned();
        if !text.is_empty() {
            break text.lines().next().unwrap().to_owned();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no About window"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    xdotool(&["windowfocus", "--sync", &about]);
    keys(&["Escape"]);

    // ConsoleDesk ▸ Open log folder.
    open_menu(&window, 0);
    keys(&["Down", "Down", "Down", "Return"]);
    let log_dir = desktop_support::log_file(&app).parent().unwrap().to_owned();
    let started = Instant::now();
    while !std::fs::read_to_string(&opened).is_ok_and(|t| t.contains(log_dir.to_str().unwrap())) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the log folder {} was not opened: {:?}",
            log_dir.display(),
            std::fs::read_to_string(&opened)
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // Edit: Select All, Copy and Paste from the menu in a form of the page; then Undo.
    app.click("a.nav-item[data-route=profiles]").await;
    app.click("#profile-new").await;
    app.wait_script("return document.querySelector('dialog.modal #profile-host')")
        .await;
    // A profile's own proxy: its address field shows.
    app.select("dialog.modal #profile-proxy", "url").await;
    app.fill(
        "dialog.modal #profile-proxy-url",
        "http://proxy.example.com:3128",
    )
    .await;
    app.run(
        "document.querySelector('dialog.modal #profile-proxy-url').focus()",
        vec![],
    )
    .await;
    open_menu(&window, 0);
    keys(&["Right"]); // the Edit menu
                      // Undo, Redo, Cut, Copy, Paste, Select All: Select All is the last.
    keys(&["Up", "Return"]);
    app.wait_script("const el = document.querySelector('dialog.modal #profile-proxy-url'); return el.selectionStart === 0 && el.selectionEnd === el.value.length").await;
    open_menu(&window, 0);
    keys(&["Right", "Up", "Up", "Up", "Return"]); // Copy
    app.run(
        "document.querySelector('dialog.modal #profile-api-url').focus()",
        vec![],
    )
    .await;
    open_menu(&window, 0);
    keys(&["Right", "Up", "Up", "Return"]); // Paste
    let pasted = app
        .wait_script("return document.querySelector('dialog.modal #profile-api-url').value")
        .await;
    assert_eq!(pasted, json!("http://proxy.example.com:3128"));
    open_menu(&window, 0);
    keys(&["Right", "Down", "Return"]); // Undo
    let undone = app
        .wait_script("const v = document.querySelector('dialog.modal #profile-api-url').value; return v === '' ? 'empty' : ''")
        .await;
    assert_eq!(undone, json!("empty"), "Undo took the paste back");
    app.screenshot("menu-edit").await;
    app.run("document.querySelector('dialog.modal').close()", vec![])
        .await;

    // ConsoleDesk ▸ Quit: the app ends.
    let dir = app.config_dir.path().to_owned();
    open_menu(&window, 0);
    keys(&["Up", "Return"]);
    let started = Instant::now();
    while !app_processes(&dir).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the app is still running after Quit"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    app.close().await;
}
