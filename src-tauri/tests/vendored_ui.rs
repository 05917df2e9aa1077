//! The UI's third-party modules are copied into `ui/vendor/` by `scripts/vendor-ui` from the
//! npm packages package.json pins, and committed (the app never needs npm). These tests keep
//! the copy whole, linked, licensed and identical to the package npm ci installs.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// (file in the package, file under ui/vendor): what scripts/vendor-ui copies.
const UPLOT: [(&str, &str); 3] = [
    ("dist/uPlot.esm.js", "uplot/uPlot.esm.js"),
    ("dist/uPlot.min.css", "uplot/uPlot.min.css"),
    ("LICENSE", "uplot/LICENSE"),
];

fn pinned_uplot() -> String {
    let package: serde_json::Value = serde_json::from_slice(&read("package.json")).unwrap();
    let version = package["devDependencies"]["uplot"]
        .as_str()
        .expect("package.json pins uplot");
    assert!(
        version.chars().all(|c| c.is_ascii_digit() || c == '.'),
        "uplot is pinned to an exact version, not {version}"
    );
    version.to_owned()
}

#[test]
fn uplot_is_vendored_as_an_es_module_with_its_licence_and_stylesheet_linked() {
    let version = pinned_uplot();
    let stamp = String::from_utf8(read("ui/vendor/uplot/VERSION")).unwrap();
    assert!(
        stamp.starts_with(&format!("uplot {version},")),
        "VERSION: {stamp}"
    );
    let module = String::from_utf8(read("ui/vendor/uplot/uPlot.esm.js")).unwrap();
    assert!(module.contains("export { uPlot as default }") || module.contains("export default"));
    let licence = String::from_utf8(read("ui/vendor/uplot/LICENSE")).unwrap();
    assert!(licence.contains("MIT License"), "{licence}");
    let index = String::from_utf8(read("ui/index.html")).unwrap();
    assert!(index.contains(r#"<link rel="stylesheet" href="vendor/uplot/uPlot.min.css">"#));
}

#[test]
fn the_committed_uplot_is_the_pinned_packages_own_files() {
    let package = root().join("node_modules/uplot");
    let text = std::fs::read(package.join("package.json"))
        .expect("node_modules/uplot: run npm ci first (scripts/test does)");
    let installed: serde_json::Value = serde_json::from_slice(&text).unwrap();
    assert_eq!(
        installed["version"].as_str(),
        Some(pinned_uplot().as_str()),
        "node_modules holds another uplot than package.json pins: run npm ci"
    );
    for (from, to) in UPLOT {
        let ours = read(&format!("ui/vendor/{to}"));
        let theirs = std::fs::read(package.join(from)).unwrap();
        assert!(
            ours == theirs,
            "ui/vendor/{to} differs from the package's {from}: run bash scripts/vendor-ui"
        );
    }
}
