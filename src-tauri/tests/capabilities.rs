//! What the window may do beyond the app's own commands is written down in
//! `src-tauri/capabilities/`; these tests keep it to what the UI really uses, and keep the
//! content security policy that stops injected script from running.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Every permission the app needs, each with the UI code that needs it.
const ALLOWED: &[(&str, &str)] = &[
    // The publish panel hears files dropped on the window and upload errors.
    ("core:event:allow-listen", ".listen("),
    // Picking packages to publish and a profile's CA certificate.
    ("dialog:allow-open", ".open("),
    // Choosing where a FlexModel export (IDL or JSON) is written.
    ("dialog:allow-save", ".save("),
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every capability file, parsed.
fn capabilities() -> Vec<(PathBuf, Value)> {
    let dir = manifest_dir().join("capabilities");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no capability file in {}", dir.display());
    files
        .into_iter()
        .map(|path| {
            // Tauri also reads TOML capabilities; this test reads JSON, so only JSON may be there.
            assert_eq!(
                path.extension().and_then(|e| e.to_str()),
                Some("json"),
                "{}: capabilities are kept as JSON so this test reads them",
                path.display()
            );
            let json = read_json(&path);
            (path, json)
        })
        .collect()
}

/// Problems with one capability; the permissions it grants go into `granted`.
fn check_capability(name: &str, cap: &Value, granted: &mut BTreeSet<String>) -> Vec<String> {
    let mut faults = Vec::new();
    if let Some(remote) = cap.get("remote") {
        faults.push(format!("{name}: grants to remote URLs {remote}"));
    }
    let windows = cap.get("windows").and_then(Value::as_array);
    if windows.map(|w| w.as_slice()) != Some(&[Value::from("main")][..]) {
        faults.push(format!(
            "{name}: must apply to the \"main\" window only, not {:?}",
            cap.get("windows")
        ));
    }
    if let Some(webviews) = cap.get("webviews") {
        faults.push(format!("{name}: names webviews {webviews}"));
    }
    let permissions = cap
        .get("permissions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for permission in permissions {
        let id = match &permission {
            Value::String(id) => id.clone(),
            Value::Object(scoped) => {
                faults.push(format!(
                    "{name}: scoped permission {permission} (the app needs no scope)"
                ));
                let text = permission.to_string().to_ascii_lowercase();
                if text.contains("url") || text.contains("http") {
                    faults.push(format!("{name}: a URL scope in {permission}"));
                }
                scoped
                    .get("identifier")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            }
            other => {
                faults.push(format!("{name}: a permission that is not a name: {other}"));
                continue;
            }
        };
        if id.ends_with(":default") || !id.contains(":allow-") || id.contains('*') {
            faults.push(format!(
                "{name}: {id} is a set or wildcard, not one named permission"
            ));
        }
        if !ALLOWED.iter().any(|(allowed, _)| *allowed == id) {
            faults.push(format!("{name}: {id} is not on the allowed list"));
        }
        granted.insert(id);
    }
    faults
}

#[test]
fn capabilities_grant_only_the_allowed_permissions() {
    let mut granted = BTreeSet::new();
    let mut faults = Vec::new();
    for (path, cap) in capabilities() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        faults.extend(check_capability(&name, &cap, &mut granted));
    }
    // Capabilities written inline in tauri.conf.json would escape the check above.
    let conf = read_json(&manifest_dir().join("tauri.conf.json"));
    let inline = &conf["app"]["security"]["capabilities"];
    if !(inline.is_null() || inline.as_array().is_some_and(|a| a.is_empty())) {
        faults.push(format!(
            "tauri.conf.json lists capabilities inline: {inline}"
        ));
    }
    assert!(faults.is_empty(), "{faults:#?}");
    let allowed: BTreeSet<String> = ALLOWED.iter().map(|(p, _)| (*p).to_owned()).collect();
    assert_eq!(
        granted, allowed,
        "every allowed permission is granted, no more"
    );
}

#[test]
fn the_check_catches_what_it_must_refuse() {
    let hostile = serde_json::json!({
        "identifier": "wide",
        "windows": ["*"],
        "remote": { "urls": ["https://*.example.com"] },
        "permissions": [
            "core:default",
            "dialog:default",
            "shell:allow-execute",
            { "identifier": "http:default", "allow": [{ "url": "https://*" }] }
        ]
    });
    let faults = check_capability("hostile.json", &hostile, &mut BTreeSet::new());
    let all = faults.join("\n");
    for expected in [
        "remote URLs",
        "\"main\" window only",
        "core:default is a set",
        "dialog:default is a set",
        "shell:allow-execute is not on the allowed list",
        "a URL scope",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
    }
}

/// The directives of the CSP, by name.
fn csp_directive<'a>(csp: &'a str, name: &str) -> Option<Vec<&'a str>> {
    csp.split(';')
        .map(|d| d.split_whitespace().collect::<Vec<_>>())
        .find(|words| words.first() == Some(&name))
        .map(|words| words[1..].to_vec())
}

#[test]
fn the_csp_allows_only_the_apps_own_scripts() {
    let conf = read_json(&manifest_dir().join("tauri.conf.json"));
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("tauri.conf.json sets app.security.csp as one string");
    let scripts = csp_directive(csp, "script-src").expect("a script-src directive");
    assert_eq!(scripts, ["'self'"], "script-src in {csp}");
    assert_eq!(
        csp_directive(csp, "default-src").as_deref(),
        Some(&["'self'"][..])
    );
    assert_eq!(
        csp_directive(csp, "object-src").as_deref(),
        Some(&["'none'"][..])
    );
    assert_eq!(
        csp_directive(csp, "base-uri").as_deref(),
        Some(&["'none'"][..])
    );
    let lower = csp.to_ascii_lowercase();
    for loose in ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"] {
        assert!(
            !csp_directive(&lower, "script-src")
                .unwrap()
                .contains(&loose),
            "{loose} in script-src: {csp}"
        );
    }
    // Tauri must not turn the policy off or rewrite it.
    let security = &conf["app"]["security"];
    assert_ne!(security["dangerousDisableAssetCspModification"], true);
    assert!(security["devCsp"].is_null(), "no separate, looser dev CSP");
    // `withGlobalTauri` is not checked: ui/ has no bundler and reads Tauri's API from
    // window.__TAURI__, which hands a page nothing window.__TAURI_INTERNALS__ (always
    // present) does not. What keeps injected script from calling either is this CSP.
}

/// The UI's own script files: every `.js` under ui/ (the shell, its views and components, and
/// each console's folder).
fn ui_sources() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![manifest_dir().join("../ui")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some("js") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    assert!(out.len() > 10, "found the UI's modules: {}", out.len());
    out
}

#[test]
fn each_allowed_permission_is_used_by_the_ui() {
    let sources = ui_sources();
    for (permission, call) in ALLOWED {
        // `core:event:allow-listen` is used as `tauri.event.listen(`; `dialog:allow-open` as
        // `tauri.dialog.open(`: the plugin's namespace, then the call.
        let plugin = permission.split(':').rev().nth(1).unwrap();
        let needle = format!("{plugin}?{call}");
        let users: Vec<_> = sources
            .iter()
            .filter(|(_, text)| text.contains(&needle) || text.contains(&format!("{plugin}{call}")))
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert!(
            !users.is_empty(),
            "{permission} is allowed but no UI module calls {plugin}{call}: remove it"
        );
    }
}
