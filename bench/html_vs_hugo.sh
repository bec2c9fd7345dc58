#!/usr/bin/env bash
# munipub (HTML only) against Hugo on the 10-year corpus, in one run:
# wall time by hyperfine (median of several runs), peak memory by GNU time.
# Needs: apt-get install hugo hyperfine time; python3.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
corpus=${CORPUS:-/tmp/munipub-corpus}
runs=${RUNS:-7}

[ -d "$corpus/munipub" ] || python3 "$shared/bench/gen_corpus.py" "$corpus/munipub" --years 10
[ -d "$corpus/hugo" ] || python3 "$shared/bench/gen_corpus.py" "$corpus/hugo" --years 10 --format hugo
cargo build --release --manifest-path "$here/Cargo.toml" -q
# --clean: every page made again, nothing from the build cache or the
# nothing-changed stamp (which would answer a repeated build in 0.1 s).
munipub="$here/target/release/munipub build --root $corpus/munipub --no-pdf --quiet --clean"
hugo="hugo --quiet -s $corpus/hugo -d $corpus/hugo-public"

hyperfine --warmup 1 --runs "$runs" -N --export-json "$corpus/times.json" "$munipub" "$hugo" >/dev/null
python3 - "$corpus/times.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    name = r["command"].split()[0].rsplit("/", 1)[-1]
    print(f"{name}: median {r['median']:.2f} s, min {r['min']:.2f} s, max {r['max']:.2f} s over {len(r['times'])} runs")
PY
for cmd in "$munipub" "$hugo"; do
  /usr/bin/time -f "peak RSS %M KB, wall %e s: ${cmd%% *}" $cmd >/dev/null
done
