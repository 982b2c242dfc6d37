#!/usr/bin/env bash
# Waymark's benchmark: build time, peak memory and search, side by side with
# peers on the same generated corpus. Prints ratios; asserts nothing (noisy
# machines make wall-clock assertions flaky; see design §7 for the budgets).
#
#   bash bench/run.sh [SIZES]          e.g. bash bench/run.sh "1000 10000"
#
# Needs ../shared/bench/gen_corpus.py (the corpus generator beside the repo).
# Peers: Hugo is measured when installed (`apt-get install hugo`, or
# ../shared/bench/run_peers.sh --install); mdBook when installed, at 1,000
# pages or fewer (MDBOOK=1 for every size: it needs minutes per 10k build).
# RUNS (default 3) alternating runs per build; the median is reported, with
# output size and file count. Then `waymark serve` on the largest corpus
# (bench/serve.py: body, title, heading, new page, template edits and peak
# memory; SERVE=0 skips it), the floor (bench/floor.rs: reading, parsing and
# writing alone; FLOOR=0 skips it) and search from file:// (bench/search.mjs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
SIZES=${1:-"1000 10000"}
RUNS=${RUNS:-3}
WORK=${WORK:-${TMPDIR:-/tmp}/waymark-bench}
GEN=${GEN:-$ROOT/../shared/bench/gen_corpus.py}
HUGO=${HUGO:-$(command -v hugo || true)}
[ -f "$GEN" ] || { echo "corpus generator not found at $GEN (set GEN=...)" >&2; exit 1; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }

# WAYMARK=path measures that binary instead of building this tree.
[ -n "${WAYMARK:-}" ] || cargo build --release --quiet
# Honour CARGO_TARGET_DIR (or a .cargo/config target-dir) rather than assume target/.
WAYMARK=${WAYMARK:-$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/waymark}
mkdir -p "$WORK"

# measure LABEL OUTDIR -- CMD...: prints "seconds peak_mib" of one cold run
measure() {
  local out=$2; shift 3
  rm -rf "$out"
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>&1
  awk '{printf "%.3f %.0f\n", $1, $2/1024}' "$WORK/time.txt"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# "MB files" of an output folder
footprint() { printf '%s %s' "$(du -sm "$1" | cut -f1)" "$(find "$1" -type f | wc -l)"; }

echo "load before: $(uptime | sed 's/.*load average/load average/') on $(nproc) cores"
printf '%-8s %-10s %10s %10s %10s %10s\n' pages tool "median s" "peak MiB" "out MB" files
for n in $SIZES; do
  corpus=$WORK/corpus-$n
  # serve.py makes a Waymark-only corpus: generate again when a peer's half is missing.
  if [ ! -d "$corpus/waymark" ] || { [ -n "$HUGO" ] && [ ! -d "$corpus/hugo" ]; }; then
    rm -rf "$corpus"
    python3 "$GEN" "$n" "$corpus" --targets waymark,hugo,mdbook >/dev/null
  fi
  : >"$WORK/w.txt"; : >"$WORK/h.txt"
  for _ in $(seq "$RUNS"); do
    measure waymark "$WORK/out-w" -- "$WAYMARK" build --root "$corpus/waymark" --out "$WORK/out-w" >>"$WORK/w.txt"
    if [ -n "$HUGO" ]; then
      measure hugo "$WORK/out-h" -- "$HUGO" --quiet -s "$corpus/hugo" -d "$WORK/out-h" >>"$WORK/h.txt"
    fi
  done
  w_s=$(cut -d' ' -f1 "$WORK/w.txt" | median); w_m=$(cut -d' ' -f2 "$WORK/w.txt" | median)
  printf '%-8s %-10s %10s %10s %10s %10s\n' "$n" waymark "$w_s" "$w_m" $(footprint "$WORK/out-w")
  if [ -n "$HUGO" ]; then
    h_s=$(cut -d' ' -f1 "$WORK/h.txt" | median); h_m=$(cut -d' ' -f2 "$WORK/h.txt" | median)
    printf '%-8s %-10s %10s %10s %10s %10s\n' "$n" hugo "$h_s" "$h_m" $(footprint "$WORK/out-h")
    awk -v w="$w_s" -v h="$h_s" -v wm="$w_m" -v hm="$h_m" 'BEGIN {printf "         ratio Waymark/Hugo: time %.2f (budget <= 0.20: %.2f s), peak memory %.2f (budget <= 0.25)\n", w/h, 0.2*h, wm/hm}'
  fi
  if command -v mdbook >/dev/null && { [ "$n" -le 1000 ] || [ "${MDBOOK:-0}" = 1 ]; }; then
    m=$(measure mdbook "$WORK/out-m" -- mdbook build "$corpus/mdbook" -d "$WORK/out-m")
    printf '%-8s %-10s %10s %10s %10s %10s\n' "$n" mdbook $m $(footprint "$WORK/out-m")
    idx=$(du -sb "$WORK/out-w/search" | cut -f1); midx=$(stat -c %s "$WORK/out-m/searchindex.js" 2>/dev/null || echo 0)
    echo "         search index: waymark $idx bytes, mdBook $midx bytes"
  fi
done

echo "load after: $(uptime | sed 's/.*load average/load average/')"
largest=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)

# The floor: reading the sources, pulldown-cmark alone and writing the same
# files as each tool's last output (paths and sizes; bench/floor.rs), with
# and without a delete of the same files just before (each run above
# deletes the last output first), against which the build's time and the
# budget can be weighed.
if [ "${FLOOR:-1}" = 1 ]; then
  echo
  echo "floor at $largest pages (disk and parser alone; load: $(uptime | sed 's/.*load average: //'))"
  sites=("$WORK/out-w"); [ -d "$WORK/out-h" ] && sites+=("$WORK/out-h")
  cargo run --release --quiet --example floor -- "$WORK/corpus-$largest/waymark/content" "$WORK/out-floor" "${sites[@]}"
  rm -rf "$WORK/out-floor"
fi
if [ "${SERVE:-1}" = 1 ]; then
  echo
  WAYMARK="$WAYMARK" WORK="$WORK" GEN="$GEN" python3 bench/serve.py "$largest"
fi

# Search from file:// on the largest site (keeps the last Waymark build).
"$WAYMARK" build --root "$WORK/corpus-$largest/waymark" --out "$WORK/out-w" >/dev/null 2>&1
[ -d tests/browser/node_modules ] || npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error
echo
echo "search at $largest pages, from file://"
node bench/search.mjs "$WORK/out-w"
