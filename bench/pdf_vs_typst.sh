#!/usr/bin/env bash
# One issue's PDF: `munipub pdf DATE` against Typst (../shared/bench/typst_issue.py,
# which times the compile alone inside Python) on issue 2026-11-15, whole
# processes, side by side in one hyperfine run:
#   - in a site holding only that issue (the issue's "5×" target), and
#   - in the whole 10-year corpus (munipub reads only what the issue needs).
# Also prints pages, bytes and peak memory (/usr/bin/time) of each.
# Needs: cargo build --release; pip install typst; apt-get install hyperfine
# fonts-noto-cjk.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
corpus=${CORPUS:-/tmp/munipub-corpus}
date=${DATE:-2026-11-15}
runs=${RUNS:-10}

[ -d "$corpus/munipub" ] || python3 "$shared/bench/gen_corpus.py" "$corpus/munipub" --years 10
one="$corpus/one-issue"
rm -rf "$one"; mkdir -p "$one/content/gazette"
cp "$corpus/munipub/site.yaml" "$one/"
cp "$corpus/munipub/content/gazette/_gazette.yaml" "$one/content/gazette/"
cp -r "$corpus/munipub/content/gazette/$date" "$one/content/gazette/"
bin="$here/target/release/munipub"

hyperfine --warmup 2 --runs "$runs" -N --export-json "$corpus/typst-times.json" \
  "$bin --root $one pdf $date --quiet -o $corpus/ours-one.pdf" \
  "$bin --root $corpus/munipub pdf $date --quiet -o $corpus/ours-corpus.pdf" \
  "python3 $shared/bench/typst_issue.py $one $date $corpus/typst.pdf" >/dev/null
python3 - "$corpus/typst-times.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    c = r["command"]
    name = ("munipub pdf, one-issue site" if "one-issue pdf" in c
            else "munipub pdf, 10-year corpus" if " pdf " in c else "typst (process)")
    print(f"{name}: median {r['median']:.3f} s (min {r['min']:.3f}, max {r['max']:.3f}) over {len(r['times'])} runs")
PY
echo "== Typst's own compile time (printed by the script), and peak memory"
python3 "$shared/bench/typst_issue.py" "$one" "$date" "$corpus/typst.pdf"
for cmd in "$bin --root $one pdf $date --quiet -o $corpus/ours-one.pdf" \
           "$bin --root $corpus/munipub pdf $date --quiet -o $corpus/ours-corpus.pdf" \
           "python3 $shared/bench/typst_issue.py $one $date $corpus/typst.pdf"; do
  /usr/bin/time -f "peak RSS %M KB: $cmd" $cmd >/dev/null 2>/tmp/time.$$ || true
  tail -1 /tmp/time.$$
done
rm -f /tmp/time.$$
for f in "$corpus/ours-one.pdf" "$corpus/typst.pdf"; do
  echo "$(basename "$f"): $(pdfinfo "$f" | awk '/^Pages/ {print $2}') pages, $(stat -c %s "$f") bytes"
done
