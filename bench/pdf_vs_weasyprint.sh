#!/usr/bin/env bash
# One issue's PDF: munipub against WeasyPrint (../shared/bench/weasyprint_issue.py)
# on issue 2026-11-15 of the 10-year corpus, whole processes, in one run.
# Timed for munipub: `munipub pdf DATE` (the issue PDF alone, what WeasyPrint
# makes), and `munipub build --clean` of a site holding only that issue (the
# issue PDF, its 40 offprints and the HTML pages, no cache).
# Needs: pip install weasyprint markdown; apt-get install hyperfine fonts-noto-cjk.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
corpus=${CORPUS:-/tmp/munipub-corpus}
date=${DATE:-2026-11-15}
runs=${RUNS:-5}

[ -d "$corpus/munipub" ] || python3 "$shared/bench/gen_corpus.py" "$corpus/munipub" --years 10
one="$corpus/one-issue"
rm -rf "$one"; mkdir -p "$one/content/gazette"
cp "$corpus/munipub/site.yaml" "$one/"
cp "$corpus/munipub/content/gazette/_gazette.yaml" "$one/content/gazette/"
cp -r "$corpus/munipub/content/gazette/$date" "$one/content/gazette/"
cargo build --release --manifest-path "$here/Cargo.toml" -q

hyperfine --warmup 1 --runs "$runs" -N --export-json "$corpus/pdf-times.json" \
  "$here/target/release/munipub --root $one pdf $date --quiet -o $corpus/ours.pdf" \
  "$here/target/release/munipub build --root $one --quiet --clean" \
  "python3 $shared/bench/weasyprint_issue.py $corpus/munipub $date $corpus/ref.pdf" >/dev/null
python3 - "$corpus/pdf-times.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    c = r["command"]
    name = "munipub pdf" if " pdf " in c else "munipub build --clean" if "munipub build" in c else "weasyprint"
    print(f"{name}: median {r['median']:.3f} s (min {r['min']:.3f}, max {r['max']:.3f}) over {len(r['times'])} runs")
PY
ours="$corpus/ours.pdf"
for f in "$ours" "$corpus/ref.pdf"; do
  echo "$(basename "$f"): $(pdfinfo "$f" | awk '/^Pages/ {print $2}') pages, $(stat -c %s "$f") bytes"
done
