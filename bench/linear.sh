#!/usr/bin/env bash
# Waymark alone on generated corpora of growing size, to show that time and
# memory grow linearly with the pages (issue: "linear up to 100,000 pages").
# One cold run per size; prints wall time, CPU (user + sys), peak memory and
# files written. Asserts nothing.
#
#   bash bench/linear.sh ["10000 30000 100000"]
#
# WAYMARK=path measures that binary (default: a release build of this tree);
# GEN and WORK as for bench/run.sh. 100,000 pages need ~4 GB of memory and
# ~4 GB of disk.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${1:-"10000 30000 100000"}
WORK=${WORK:-${TMPDIR:-/tmp}/waymark-bench}
GEN=${GEN:-$ROOT/../shared/bench/gen_corpus.py}
[ -f "$GEN" ] || { echo "corpus generator not found at $GEN (set GEN=...)" >&2; exit 1; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
if [ -z "${WAYMARK:-}" ]; then
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
  WAYMARK=$(cargo metadata --format-version 1 --no-deps --manifest-path "$ROOT/Cargo.toml" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/waymark
fi
mkdir -p "$WORK"
echo "load before: $(uptime | sed 's/.*load average/load average/') on $(nproc) cores"
for n in $SIZES; do
  corpus=$WORK/corpus-$n
  [ -d "$corpus/waymark" ] || python3 "$GEN" "$n" "$corpus" --targets waymark >/dev/null
  out=$WORK/out-linear
  rm -rf "$out"
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/linear-time.txt" \
    "$WAYMARK" build --root "$corpus/waymark" --out "$out" >/dev/null 2>&1
  read -r wall user sys kib < "$WORK/linear-time.txt"
  files=$(find "$out" -type f | wc -l)
  printf '%7s pages: wall %7.2f s, CPU %7.2f s (user %.2f), peak %5d MiB, %d files\n' \
    "$n" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$user" "$((kib / 1024))" "$files"
done
rm -rf "$WORK/out-linear"
