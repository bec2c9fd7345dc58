#!/usr/bin/env bash
# Rebuild after one edited document, as the archive grows: for each corpus
# (SITES, made with gen_corpus.py --years 10, 50, 100), `build --no-pdf`
# into the last output after a line is appended to the latest issue's first
# document, with hyperfine (two warm-up builds first: the first fills the
# cache of the binary measured, the second brings the staging folder, the
# output of the build before last, to that binary's files). Medians are
# printed from hyperfine's JSON. OLD, when given, is another munipub binary measured
# in the same run. The corpora are edited in place: use copies.
# Needs: hyperfine.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sites=${SITES:-/tmp/c10 /tmp/c50 /tmp/c100}
runs=${RUNS:-5}
cargo build --release --manifest-path "$here/Cargo.toml" -q
new="$here/target/release/munipub"

for site in $sites; do
  gazette="$site/content/gazette"
  latest=$(ls "$gazette" | grep -E '^[0-9]{4}-' | sort | tail -1)
  doc="$gazette/$latest/$(ls "$gazette/$latest" | grep '\.md$' | head -1)"
  edit="printf '\n補充說明一句。\n' >> '$doc'"
  commands=(-n "now $(basename "$site")" "$new build --root $site --no-pdf --quiet")
  if [ -n "${OLD:-}" ]; then
    commands+=(-n "old $(basename "$site")" "$OLD build --root $site --no-pdf --quiet")
  fi
  json=$(mktemp)
  hyperfine --warmup 2 --runs "$runs" --prepare "$edit" --export-json "$json" "${commands[@]}"
  python3 - "$json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%s: median %.2f s, min %.2f, max %.2f" % (r["command"], r["median"], r["min"], r["max"]))
PY
  rm -f "$json"
done
