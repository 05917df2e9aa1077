//! Drives the real ConsoleDesk window: starts `tauri-driver` (which starts WebKitWebDriver and
//! the app) with a fresh config directory and keyring service per test, and wraps the few
//! WebDriver moves the tests make. Needs a display (Xvfb) and a Secret Service; `scripts/test`
//! provides both.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long a screen may take to show what a test waits for.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct App {
    pub client: Client,
    pub config_dir: tempfile::TempDir,
    /// When the session (and with it the app) was asked for.
    pub launched_at: Instant,
    driver: Child,
    name: String,
}

/// Each app's own keyring service, named after its config directory, so that a restart finds
/// what the app kept and no two tests share an entry.
fn keyring_service(config_dir: &tempfile::TempDir) -> String {
    let dir = config_dir.path().file_name().unwrap_or_default();
    format!("console-desk-e2e-{}", dir.to_string_lossy())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The app binary: `CONSOLE_DESK_APP`, else the workspace's debug build.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("CONSOLE_DESK_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/console-desk"));
    assert!(
        path.exists(),
        "{} is missing: build it first (cargo build -p console-desk)",
        path.display()
    );
    path.canonicalize().expect("app path")
}

/// Where screenshots go: `target/e2e/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = workspace_root().join("target/e2e/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

impl App {
    /// Launches the app on a fresh config directory; `prepare` may write files into it first
    /// (a `profiles.json`, say) before the app starts.
    pub async fn launch(name: &str, prepare: impl FnOnce(&Path)) -> App {
        Self::launch_with(name, &[], prepare).await
    }

    /// As `launch`, with extra environment for the app (a GTK theme, say).
    pub async fn launch_with(name: &str, env: &[(&str, &str)], prepare: impl FnOnce(&Path)) -> App {
        let app = Self::launch_binary(name, &app_binary(), env, prepare).await;
        app.wait_until_ready().await;
        app
    }

    /// Starts any Tauri app binary under WebDriver and returns once the session is open,
    /// without waiting for anything on the page (the benchmark's hello-world has no shell).
    pub async fn launch_binary(
        name: &str,
        binary: &Path,
        env: &[(&str, &str)],
        prepare: impl FnOnce(&Path),
    ) -> App {
        let config_dir = tempfile::tempdir().expect("config dir");
        prepare(config_dir.path());
        Self::launch_in(name, binary, env, config_dir).await
    }

    /// Closes the app and starts it again on the same config directory, as a person
    /// quitting and reopening it would.
    pub async fn restart(mut self) -> App {
        let dir = std::mem::replace(&mut self.config_dir, tempfile::tempdir().expect("dir"));
        let name = self.name.clone();
        self.close().await;
        let app = Self::launch_in(&name, &app_binary(), &[], dir).await;
        app.wait_until_ready().await;
        app
    }

    async fn launch_in(
        name: &str,
        binary: &Path,
        env: &[(&str, &str)],
        config_dir: tempfile::TempDir,
    ) -> App {
        for attempt in 0..2 {
            let (port, native) = (free_port(), free_port());
            let mut driver = Command::new("tauri-driver")
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native.to_string(),
                ])
                .env("CONSOLE_DESK_CONFIG_DIR", config_dir.path())
                .env("CONSOLE_DESK_KEYRING_SERVICE", keyring_service(&config_dir))
                // Each launch gets its own web storage, window state and caches.
                .env("XDG_DATA_HOME", config_dir.path().join("data"))
                .env("XDG_CONFIG_HOME", config_dir.path().join("config"))
                .env("XDG_CACHE_HOME", config_dir.path().join("cache"))
                .env("LIBGL_ALWAYS_SOFTWARE", "1")
                // With Mesa's software GL the app would turn WebKit's GL compositing off
                // (src-tauri/src/compositing.rs), and WebKitWebDriver's screenshot then never
                // answers. The tests keep the GL compositing a machine with a GPU gets; the
                // benchmark and desktop_files.rs launch with `auto`, as the app runs here.
                .env("CONSOLE_DESK_COMPOSITING", "on")
                .env("LANG", "en_US.UTF-8")
                .envs(env.iter().copied())
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .process_group(0)
                .spawn()
                .expect("tauri-driver on PATH (cargo install tauri-driver --locked)");
            wait_for_port(port).await;
            let caps = json!({ "tauri:options": { "application": binary } });
            let mut builder =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            builder.capabilities(caps.as_object().unwrap().clone());
            // The first session on a fresh machine can be slow to open: wait long, retry once.
            let wait = if attempt == 0 { 90 } else { 180 };
            let url = format!("http://127.0.0.1:{port}");
            let launched_at = Instant::now();
            let connect = builder.connect(&url);
            match tokio::time::timeout(Duration::from_secs(wait), connect).await {
                Ok(Ok(client)) => {
                    return App {
                        client,
                        config_dir,
                        driver,
                        name: name.to_owned(),
                        launched_at,
                    };
                }
                Ok(Err(e)) => eprintln!("session attempt {attempt} failed: {e}"),
                Err(_) => eprintln!("session attempt {attempt} timed out"),
            }
            stop_group(&mut driver);
        }
        panic!("could not open a WebDriver session on the app");
    }

    /// The keyring service this app keeps its secrets under (the same across a restart).
    pub fn keyring_service(&self) -> String {
        keyring_service(&self.config_dir)
    }

    /// Waits for the shell to have drawn its first screen (signed in or not).
    async fn wait_until_ready(&self) {
        self.wait_script("return document.getElementById('content')?.dataset.screen || (document.querySelector('.modal') ? 'modal' : '')").await;
    }

    /// Presses `keys` together (in order) and lets them go, as a person does a shortcut
    /// (`fantoccini::key::Key` values for Ctrl, Escape, F5…, characters for the rest).
    pub async fn chord(&self, keys: &[char]) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut seq = KeyActions::new("keyboard".into());
        for &value in keys {
            seq = seq.then(KeyAction::Down { value });
        }
        for &value in keys.iter().rev() {
            seq = seq.then(KeyAction::Up { value });
        }
        self.client
            .perform_actions(seq)
            .await
            .expect("keys pressed");
    }

    /// Runs `script` until it returns something truthy, and returns that.
    pub async fn wait_script(&self, script: &str) -> Value {
        let started = Instant::now();
        loop {
            let v = self
                .client
                .execute(script, vec![])
                .await
                .unwrap_or(Value::Null);
            let truthy =
                !matches!(&v, Value::Null | Value::Bool(false)) && v != json!("") && v != json!(0);
            if truthy {
                return v;
            }
            if started.elapsed() >= PATIENCE {
                let shot = self.screenshot(&format!("FAILED-{}", self.name)).await;
                panic!(
                    "{}: waited {PATIENCE:?} for: {script} (screen: {})",
                    self.name,
                    shot.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn run(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .expect("script runs")
    }

    /// The first element matching `css`, once it exists.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{}: no element {css}: {e}", self.name))
    }

    pub async fn click(&self, css: &str) {
        self.retry(css, |el| async move { el.click().await.map(|_| ()) })
            .await;
    }

    /// Does `act` on the first `css` element, trying again while it exists but cannot be
    /// used yet (a dialog still opening, a button not yet enabled).
    async fn retry<F, Fut>(&self, css: &str, act: F)
    where
        F: Fn(Element) -> Fut,
        Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
    {
        let started = Instant::now();
        loop {
            let el = self.find(css).await;
            let _ = self
                .client
                .execute(
                    "arguments[0].scrollIntoView({block: 'center'})",
                    vec![serde_json::to_value(&el).unwrap()],
                )
                .await;
            match act(el).await {
                Ok(()) => return,
                Err(e) if started.elapsed() < PATIENCE => {
                    eprintln!("{}: {css} not usable yet ({e}), trying again", self.name);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("{}: cannot use {css}: {e}", self.name),
            }
        }
    }

    /// Clicks the first `css` element whose text contains `text`.
    pub async fn click_text(&self, css: &str, text: &str) {
        let found = self
            .wait_script(&format!(
                "const t = {}; const el = [...document.querySelectorAll({})].find((e) => e.textContent.includes(t)); if (el) {{ el.click(); return true; }} return false;",
                json!(text),
                json!(css)
            ))
            .await;
        assert_eq!(found, json!(true));
    }

    /// Types into an input (clearing it first).
    pub async fn fill(&self, css: &str, value: &str) {
        self.retry(css, |el| async move {
            el.clear().await?;
            el.send_keys(value).await
        })
        .await;
    }

    /// Sets a `<select>` and fires its change event, as a person picking an option does.
    pub async fn select(&self, css: &str, value: &str) {
        self.find(css).await;
        self.run(
            "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value;",
            vec![json!(css), json!(value)],
        )
        .await;
    }

    /// Chooses, in the picker for `field` inside `scope` (a dialog, the screen), the item
    /// whose label contains `text`: opens it, types the text as a search and clicks the
    /// option once the console's answer shows it.
    pub async fn pick(&self, scope: &str, field: &str, text: &str) {
        let root = format!("{scope} [data-picker='{field}']");
        self.click(&format!("{root} .picker-button")).await;
        self.fill(&format!("{root} .picker-search"), text).await;
        self.click_text(&format!("{root} .picker-option"), text)
            .await;
        self.wait_script(&format!(
            "return document.querySelector({}).textContent.includes({})",
            json!(format!("{root} .picker-button")),
            json!(text)
        ))
        .await;
    }

    /// The text of the first `css` element, once it contains `expected`.
    pub async fn wait_text(&self, css: &str, expected: &str) -> String {
        let v = self
            .wait_script(&format!(
                "const el = [...document.querySelectorAll({})].find((e) => e.textContent.includes({})); return el ? el.textContent : '';",
                json!(css),
                json!(expected)
            ))
            .await;
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Saves a screenshot of the window as `target/e2e/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // Let the page paint what the DOM holds now: two animation frames.
        let _ = self
            .client
            .execute_async("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));", vec![])
            .await;
        let png = self.client.screenshot().await.expect("screenshot");
        assert!(png.len() > 1000, "a real picture");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// The process group of the driver, WebKitWebDriver, the app and its web processes.
    pub fn process_group(&self) -> u32 {
        self.driver.id()
    }

    /// Ends the session (closing the app) and the driver.
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        stop_group(&mut self.driver);
    }
}

impl Drop for App {
    fn drop(&mut self) {
        stop_group(&mut self.driver);
    }
}

/// Stops tauri-driver and what it started (WebKitWebDriver, the app): its process group.
fn stop_group(child: &mut Child) {
    let _ = Command::new("kill")
        .arg("--")
        .arg(format!("-{}", child.id()))
        .status();
    let _ = child.wait();
}

async fn wait_for_port(port: u16) {
    let started = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "tauri-driver did not listen on {port}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // tauri-driver listens before WebKitWebDriver is up.
    tokio::time::sleep(Duration::from_millis(500)).await;
}

/// Writes a `profiles.json` with one extra profile pointing at `url` (SSO and API), made
/// active, so the app opens on it.
pub fn write_profile(config_dir: &Path, id: &str, name: &str, url: &str) {
    write_profile_as(config_dir, id, name, url, "admin")
}

/// As `write_profile`, signing in as `username`.
pub fn write_profile_as(config_dir: &Path, id: &str, name: &str, url: &str, username: &str) {
    let profiles = json!({
        "version": 1,
        "active": id,
        "profiles": [
            { "id": id, "name": name, "kind": "encoo", "preset": "private", "ssoUrl": url, "apiUrl": url,
              "username": username, "remember": false, "production": false }
        ]
    });
    std::fs::write(
        config_dir.join("profiles.json"),
        serde_json::to_vec_pretty(&profiles).unwrap(),
    )
    .unwrap();
}

/// The id of the built-in FlexModel sandbox profile.
pub const FLEXMODEL_SANDBOX: &str = "sandbox-flexmodel";

/// A profiles file that opens the app on the built-in FlexModel sandbox (the app adds the
/// built-in profiles itself).
pub fn open_on_flexmodel_sandbox(config_dir: &Path) {
    let profiles = json!({ "version": 2, "active": FLEXMODEL_SANDBOX, "profiles": [] });
    std::fs::write(
        config_dir.join("profiles.json"),
        serde_json::to_vec_pretty(&profiles).unwrap(),
    )
    .unwrap();
}

impl App {
    /// The app opened on the built-in FlexModel sandbox, signed in, showing its first screen.
    pub async fn launch_flexmodel(name: &str) -> App {
        let app = App::launch(name, open_on_flexmodel_sandbox).await;
        app.wait_script("return document.getElementById('project-switch')?.value")
            .await;
        app
    }
}
