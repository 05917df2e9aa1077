//! The Settings screen: theme, language, the proxy new profiles start with and the log level,
//! kept in `settings.json` and in force again after a restart; and updates, checked against a
//! `latest.json` served on loopback.

mod desktop_support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use console_desk_e2e::App;
use serde_json::{json, Value};

const DARK: &str = "return matchMedia('(prefers-color-scheme: dark)').matches";
const LIGHT: &str = "return !matchMedia('(prefers-color-scheme: dark)').matches";
const BACKGROUND: &str = "const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;";

fn settings_file(app: &App) -> Value {
    let text = std::fs::read(app.config_dir.path().join("settings.json")).expect("settings.json");
    serde_json::from_slice(&text).unwrap()
}

async fn wait_settings(app: &App, key: &str, value: Value) {
    let started = std::time::Instant::now();
    loop {
        let now = std::fs::read(app.config_dir.path().join("settings.json"))
            .ok()
            .and_then(|t| serde_json::from_slice::<Value>(&t).ok());
        if now.as_ref().map(|s| &s[key]) == Some(&value) {
            return;
        }
        assert!(
            started.elapsed() < console_desk_e2e::PATIENCE,
            "settings.json never had {key} = {value}: {now:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn open_settings(app: &App) {
    app.click("a.nav-item[data-route=settings]").await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'settings' && document.getElementById('settings-theme')").await;
}

async fn background(app: &App) -> f64 {
    app.run(BACKGROUND, vec![]).await.as_f64().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_apply_at_once_are_kept_and_are_in_force_after_a_restart() {
    let app = App::launch("settings", |_| {}).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    open_settings(&app).await;

    // Theme: dark, then light, whatever the system says; the window's theme, so the page's
    // palette and everything reading prefers-color-scheme follow.
    app.select("#settings-theme", "dark").await;
    app.wait_script(DARK).await;
    assert!(background(&app).await < 0.3, "a dark background");
    wait_settings(&app, "theme", json!("dark")).await;
    app.screenshot("settings-dark").await;
    app.select("#settings-theme", "light").await;
    app.wait_script(LIGHT).await;
    assert!(background(&app).await > 0.7, "a light background");
    wait_settings(&app, "theme", json!("light")).await;
    app.screenshot("settings-light").await;

    // The proxy new profiles start with.
    app.select("#settings-proxy", "none").await;
    wait_settings(&app, "proxyDefault", json!("none")).await;
    app.click("a.nav-item[data-route=profiles]").await;
    app.click("#profile-new").await;
    let proxy = app
        .wait_script("return document.querySelector('dialog.modal #profile-proxy')?.value")
        .await;
    assert_eq!(proxy, json!("none"), "a new profile starts without a proxy");
    app.run("document.querySelector('dialog.modal').close()", vec![])
        .await;
    open_settings(&app).await;

    // The log level.
    app.select("#settings-log-level", "debug").await;
    wait_settings(&app, "logLevel", json!("debug")).await;

    // Language: the whole window follows, and the header's switch is the same setting.
    app.select("#settings-language", "zh").await;
    app.wait_text("a.nav-item[data-route=settings]", "设置")
        .await;
    wait_settings(&app, "language", json!("zh")).await;
    app.select("#settings-theme", "dark").await;
    wait_settings(&app, "theme", json!("dark")).await;
    app.screenshot("settings-zh-dark").await;
    assert_eq!(
        settings_file(&app),
        json!({"version": 1, "theme": "dark", "language": "zh", "proxyDefault": "none", "logLevel": "debug"})
    );

    // After a restart: the first screen already in Chinese and dark.
    let app = app.restart().await;
    let first = app
        .run(
            "return [document.documentElement.lang, matchMedia('(prefers-color-scheme: dark)').matches]",
            vec![],
        )
        .await;
    assert_eq!(
        first,
        json!(["zh-CN", true]),
        "applied before the first screen"
    );
    app.wait_text("a.nav-item[data-route=settings]", "设置")
        .await;
    open_settings(&app).await;
    let shown = app
        .run(
            "return ['settings-theme', 'settings-language', 'settings-proxy', 'settings-log-level'].map((id) => document.getElementById(id).value)",
            vec![],
        )
        .await;
    assert_eq!(shown, json!(["dark", "zh", "none", "debug"]));
    // Back to English through the header's switch: saved too.
    app.click("#lang-switch").await;
    app.wait_text("a.nav-item[data-route=settings]", "Settings")
        .await;
    wait_settings(&app, "language", json!("en")).await;
    let missing = app
        .client
        .execute_async("const done = arguments[arguments.length - 1]; import('./i18n.js').then((m) => done(m.missingKeys()));", vec![])
        .await
        .unwrap();
    assert_eq!(missing, json!([]), "every string in both languages");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_settings_file_decides_the_first_screen() {
    // A fresh web storage: only settings.json says Chinese and dark.
    let app = App::launch("settings_file", |dir| {
        std::fs::write(
            dir.join("settings.json"),
            r#"{"version": 1, "theme": "dark", "language": "zh", "logLevel": "debug"}"#,
        )
        .unwrap();
    })
    .await;
    let first = app
        .run(
            "return [document.documentElement.lang, matchMedia('(prefers-color-scheme: dark)').matches, document.querySelector('a.nav-item[data-route=profiles]').textContent]",
            vec![],
        )
        .await;
    assert_eq!(first, json!(["zh-CN", true, "配置"]));
    assert!(background(&app).await < 0.3, "a dark background");
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    app.screenshot("dashboard-zh-dark-from-settings").await;
    app.close().await;
}

/// Serves `body` (changeable while it runs) as JSON to every request on a loopback port.
fn serve(body: Arc<Mutex<String>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut seen = Vec::new();
            let mut buf = [0u8; 1024];
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            let body = body.lock().unwrap().clone();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

fn announce(version: &str, port: u16) -> String {
    let platform = json!({
        "signature": "dW50cnVzdGVkIGNvbW1lbnQ6IHNpZ25hdHVyZQ==",
        "url": format!("http://127.0.0.1:{port}/ConsoleDesk_{version}_amd64.AppImage.tar.gz"),
    });
    json!({
        "version": version,
        "notes": "Faster records and a new Settings screen.",
        "pub_date": "2030-01-02T03:04:05Z",
        "platforms": {
            "linux-x86_64": platform,
            "linux-x86_64-deb": platform,
            "linux-x86_64-appimage": platform,
        }
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_is_offered_and_the_newest_version_is_up_to_date() {
    let body = Arc::new(Mutex::new(String::new()));
    let port = serve(body.clone());
    *body.lock().unwrap() = announce("99.0.0", port);
    let url = format!("http://127.0.0.1:{port}/latest.json");
    let app = App::launch_with("updates", &[("CONSOLE_DESK_UPDATE_URL", &url)], |_| {}).await;
    app.wait_script("return document.getElementById('content').dataset.screen === 'dashboard'")
        .await;
    open_settings(&app).await;
    let version = env!("CARGO_PKG_VERSION");
    app.wait_text(".settings-version", &format!("ConsoleDesk {version}"))
        .await;

    app.click("#settings-check-update").await;
    app.wait_text(
        "#settings-update .settings-available",
        "Version 99.0.0 is available.",
    )
    .await;
    app.wait_text("#settings-update", "2030-01-02T03:04:05Z")
        .await;
    app.wait_text("#settings-update .settings-notes", "Faster records")
        .await;
    app.wait_text("#settings-install-update", "Download and install 99.0.0")
        .await;
    app.screenshot("settings-update-available").await;

    *body.lock().unwrap() = announce(version, port);
    app.click("#settings-check-update").await;
    app.wait_text(
        "#settings-update .settings-up-to-date",
        &format!("ConsoleDesk is up to date ({version})."),
    )
    .await;
    let offered = app
        .run(
            "return Boolean(document.getElementById('settings-install-update'))",
            vec![],
        )
        .await;
    assert_eq!(offered, json!(false));
    app.screenshot("settings-up-to-date").await;
    app.close().await;
}
