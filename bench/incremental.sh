#!/usr/bin/env bash
# Incremental builds on the 10-year corpus, with every PDF: a cold build (no
# cache), a rebuild with no change, one document edited, one new issue added.
# Each timed case is a whole `munipub build` process; medians of RUNS runs.
# Needs: python3 (corpus generator). Uses a copy of the corpus, CORPUS/incr.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
corpus=${CORPUS:-/tmp/munipub-corpus}
runs=${RUNS:-5}

[ -d "$corpus/munipub" ] || python3 "$shared/bench/gen_corpus.py" "$corpus/munipub" --years 10
cargo build --release --manifest-path "$here/Cargo.toml" -q
bin="$here/target/release/munipub"
site="$corpus/incr"
rm -rf "$site"; cp -r "$corpus/munipub" "$site"
rm -rf "$site/public" "$site/.public.staging" "$site/.munipub-cache"

# Seconds taken by one build, the build's own summary on stderr discarded.
timed() {
  local t0 t1
  t0=$(date +%s.%N)
  "$bin" build --root "$site" --quiet "$@"
  t1=$(date +%s.%N)
  awk "BEGIN { printf \"%.2f\", $t1 - $t0 }"; echo
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "cold (no cache, no output): $(timed) s"
echo "second cold-cache build (output folders exist): $(timed --clean) s"

for _ in $(seq "$runs"); do timed; done | median | sed 's/^/no change: median /;s/$/ s/'

gazette="$site/content/gazette"
latest=$(ls "$gazette" | grep -E '^[0-9]{4}-' | sort | tail -1)
doc="$gazette/$latest/$(ls "$gazette/$latest" | grep '\.md$' | head -1)"
for i in $(seq "$runs"); do
  printf '\n補充說明第%s次。\n' "$i" >> "$doc"
  timed
done | median | sed 's/^/one document edited: median /;s/$/ s/'

# The next scheduled date after the latest issue, as `munipub new issue` takes it.
next=$("$bin" --root "$site" new issue | grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}' | head -1)
rm -rf "$gazette/$next"
for i in $(seq "$runs"); do
  rm -rf "$gazette/$next"
  timed >/dev/null                      # back to the state before the issue
  mkdir -p "$gazette/$next"
  : > "$gazette/$next/issue.yaml"
  for f in "$gazette/$latest"/*.md; do
    # The latest issue's documents again, with document numbers of their own.
    sed -E "s/^(doc_number: .*第)([0-9]+)(號)/\19\2\3/" "$f" > "$gazette/$next/$(basename "$f")"
  done
  timed
done | median | sed 's/^/one new issue (40 documents): median /;s/$/ s/'
rm -rf "$gazette/$next"
