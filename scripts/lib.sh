# Shared by scripts/run, scripts/test and scripts/bench: install what a fresh Debian or Ubuntu
# machine with only Rust, Node and Python lacks. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# apt_install PKG...: installs the Debian packages that are not installed yet.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Build dependencies of the workspace's Rust crates (ring and zlib-rs need a C compiler).
install_build_deps() {
  command -v cargo >/dev/null || { echo "cargo is not on PATH: install Rust from rustup.rs first" >&2; exit 1; }
  apt_install build-essential pkg-config ca-certificates
}

# What the desktop app needs to build (WebKitGTK, D-Bus for the keyring) and what its tests
# need to run it for real (Xvfb, WebKitWebDriver, a Secret Service, CJK fonts for screenshots),
# `xdotool` to drive the native menu bar, and `unshare` (util-linux) and `ip` (iproute2) for the proxy test's private network namespace
# (slim Debian and Ubuntu images lack iproute2).
install_app_deps() {
  apt_install libwebkit2gtk-4.1-dev libdbus-1-dev librsvg2-dev libxdo-dev libssl-dev \
    webkit2gtk-driver xvfb xauth dbus dbus-x11 gnome-keyring fonts-noto-cjk xdotool \
    util-linux iproute2
}

# tauri-driver bridges WebDriver to WebKitWebDriver for the end-to-end tests.
install_tauri_driver() {
  command -v tauri-driver >/dev/null && return 0
  say "installing tauri-driver"
  cargo install tauri-driver --version "^2" --locked --quiet
}
