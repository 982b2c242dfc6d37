#!/usr/bin/env bash
# The project's test command:  bash scripts/test.sh [extra args for tests/browser/run.mjs]
#
# 1. installs what is missing (Debian chromium, a Java runtime, unzip, tests/browser/node_modules)
# 2. ESLint over the theme's scripts and their parts, then cargo test
#    --all-targets (which also runs the search reader's text analysis under
#    Node against the Rust tokeniser and stemmer, and the unit tests of the
#    theme's scripts in tests/js/)
# 3. cargo build --release (wherever CARGO_TARGET_DIR puts it: the binary's path
#    is exported as WAYMARK for the checks that run it), then builds the bundled
#    site, with its offline ZIP, into a temporary folder, and lints the
#    scripts the build joined from parts
# 4. runs the real-browser checks (tests/browser/run.mjs) on that site
#
# Extra arguments go to run.mjs, e.g.  bash scripts/test.sh --screenshots /tmp/shots
# or  bash scripts/test.sh --only axe . CHROMIUM=/path overrides the browser.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
CHROMIUM_BIN=${CHROMIUM:-/usr/bin/chromium}
BROWSER_DIR=tests/browser

step_started=$SECONDS
step() {
  if [ -n "${current_step:-}" ]; then
    echo "--- ${current_step}: done in $((SECONDS - step_started))s"
  fi
  current_step=$1
  step_started=$SECONDS
  echo
  echo "=== ${current_step}"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-test.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT

step "prerequisites"
if [ ! -x "$CHROMIUM_BIN" ]; then
  echo "Chromium not found at $CHROMIUM_BIN; installing the Debian package"
  apt_install chromium
fi
"$CHROMIUM_BIN" --version 2>/dev/null | head -n 1 || true
if ! command -v java >/dev/null 2>&1; then
  echo "java not found; installing a headless JRE"
  apt_install default-jre-headless
fi
java -version 2>&1 | head -n 1
# The offline-zip check extracts the site's ZIP with unzip (or Python's zipfile).
if ! command -v unzip >/dev/null 2>&1 && ! command -v python3 >/dev/null 2>&1; then
  echo "unzip not found; installing it"
  apt_install unzip
fi
for tool in cargo node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required" >&2; exit 1; }
done
echo "node $(node --version), $(cargo --version)"

# Reinstall the browser-test packages whenever package-lock.json changes.
lock_hash=$(sha256sum "$BROWSER_DIR/package-lock.json" | cut -d' ' -f1)
stamp="$BROWSER_DIR/node_modules/.waymark-lock-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "installing $BROWSER_DIR/node_modules (npm ci)"
  # --ignore-scripts: the packages ship everything (vnu.jar included); their
  # install scripts would only try to fetch a Java runtime we already have.
  npm ci --prefix "$BROWSER_DIR" --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
else
  echo "$BROWSER_DIR/node_modules is up to date"
fi

step "lint the theme's scripts"
# ESLint (tests/browser/eslint.config.mjs) over the browser scripts the site
# ships, the parts the build joins into some of them (static/parts/), and the
# Node helpers the Rust tests run.
node "$BROWSER_DIR/node_modules/eslint/bin/eslint.js" -c "$BROWSER_DIR/eslint.config.mjs" themes/default/static tests/js

step "cargo test --all-targets"
cargo test --all-targets

step "cargo build --release"
# Where cargo put the binary, whatever CARGO_TARGET_DIR or .cargo/config say:
# cargo reports each artifact it builds.
WAYMARK=$(cargo build --release --bin waymark --message-format=json-render-diagnostics |
  node -e 'let p="";require("readline").createInterface({input:process.stdin}).on("line",l=>{try{const m=JSON.parse(l);if(m.reason==="compiler-artifact"&&m.executable&&m.target.name==="waymark")p=m.executable}catch{}}).on("close",()=>{if(!p)process.exit(1);console.log(p)})')
export WAYMARK
echo "waymark binary: $WAYMARK"

# Honour CARGO_TARGET_DIR (worktrees share a target folder elsewhere); checks
# that run the binary (serve, confirm) find it through WAYMARK.
export WAYMARK="${WAYMARK:-${CARGO_TARGET_DIR:-$ROOT/target}/release/waymark}"

step "waymark build (bundled site)"
# --zip: the browser checks also test the offline ZIP.
"$WAYMARK" build --out "$tmp/site" --zip
echo "built $(find "$tmp/site" -name '*.html' | wc -l) HTML pages into $tmp/site"

step "lint the joined scripts"
# The theme's parts lint one by one above; the scripts the build joins from
# them (theme::JOINED_SCRIPTS) lint here as written, where every part shares
# one scope: a name two parts declare, or one nobody uses, shows only here.
for script in search.js forms.js confirm.js; do
  node "$BROWSER_DIR/node_modules/eslint/bin/eslint.js" -c "$BROWSER_DIR/eslint.config.mjs" \
    --stdin --stdin-filename "joined/$script" <"$tmp/site/assets/$script"
done

step "browser tests"
# Last command: its closing "N passed, N failed" line is the run's summary.
node "$BROWSER_DIR/run.mjs" "$tmp/site" "$@"
