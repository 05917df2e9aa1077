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
