#!/usr/bin/env bash
# Search on the 10-year corpus: index size, indexing time, and the bytes a
# browser downloads for one query; each query's result count is checked
# against a plain substring count over the corpus's Markdown.
#
#   [COLD=1] [SKIP_BUILD=1] bench/search_bytes.sh [CORPUS_DIR] [OUT_DIR]
#
# Needs: a release build (cargo build --release), python3 with PyYAML, Node.js with
# `npm ci --prefix tests/browser`, and /usr/bin/chromium. The corpus is made
# with ../shared/bench/gen_corpus.py when CORPUS_DIR does not exist.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${1:-/tmp/munipub-corpus}
OUT=${2:-/tmp/corpus-public}
PORT=${PORT:-8731}

if [ ! -d "$CORPUS" ]; then
  python3 ../shared/bench/gen_corpus.py "$CORPUS" --years 10
fi

# COLD=1 deletes the cached index first (.munipub-cache/v1/search/), to time indexing.
[ "${COLD:-0}" = 1 ] && rm -rf "$CORPUS/.munipub-cache/v1/search" "$CORPUS/.munipub-cache/v1/last-build.json"
# SKIP_BUILD=1 searches the output already in OUT_DIR.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
echo "== build (--no-pdf), search step timed by --verbose"
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB")
"${TIME[@]}" target/release/munipub --root "$CORPUS" build --no-pdf --verbose --out "$OUT"
fi

echo "== index size"
echo "search-index/: $(find "$OUT/search-index" -type f | wc -l) files, $(du -sb "$OUT/search-index" | cut -f1) bytes"
for d in "$OUT"/search-index/d "$OUT"/search-index/t*/*; do
  echo "  ${d#"$OUT"/search-index/}/: $(find "$d" -type f | wc -l) files, $(du -sb "$d" | cut -f1) bytes"
done
echo "  largest bucket: $(find "$OUT/search-index" -path "*/b/*.bin" -printf "%s bytes %P\n" | sort -n | tail -1)"

# QUERIES="公示送達 全民健康保險" (space-separated) replaces the queries,
# e.g. for a site imported from the Executive Yuan Gazette's open data.
if [ -n "${QUERIES:-}" ]; then
  read -r -a QUERIES <<< "$QUERIES"
else
  # A rare query: the number of the corpus's first document of 2026-03-15.
  DOCNUM=$(grep -h '^doc_number:' "$CORPUS"/content/gazette/2026-03-15/*.md | head -1 |
    sed 's/doc_number: *//; s/^府授.字第//; s/號$//')
  QUERIES=("停車" "領標" "燈會" "巡檢" "2026臺中燈會" "$DOCNUM" "惜物網" "收費標準"
    "市有財產" "公共安全巡檢" "殯葬" "市")
fi

echo "== each query on a fresh page (load, then type the query)"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$OUT" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1
STEPS=()
for q in "${QUERIES[@]}"; do STEPS+=(open "type:$q"); done
BROWSER_TIMEOUT=900 node tests/browser/search.mjs "http://127.0.0.1:$PORT/" "${STEPS[@]}" > /tmp/search_bytes.json

# Expected: "phrase", the documents whose title, English title, agency,
# number, keywords or body
# contain the query as written (punctuation left out); "in a run", those
# having each run of Chinese characters of the query inside a run of
# Chinese characters of theirs (punctuation ends a run, as
# src/render/search/tokens.rs reads text) and each other word as the start
# of a word: what the index promises, so "found" must equal it. The files
# are read one at a time (the 100-year corpus is 570 MB).
python3 - "$CORPUS" /tmp/search_bytes.json <<'EOF2'
import json, os, re, sys, unicodedata
import yaml
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
root, shots = sys.argv[1], json.load(open(sys.argv[2]))
HAN = "\u2E80-\u2FDF\u3005\u3007\u3021-\u3029\u3038-\u303B\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003FFFF"
RUNS = re.compile(f"[{HAN}]+|(?:(?![{HAN}])[^\\W_])+")
IS_HAN = re.compile(f"[{HAN}]")
def norm(s):
    s = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in s)
    return re.sub(r"[A-Z]", lambda m: m.group(0).lower(), s)
def plain(s):
    return "".join(c for c in s if unicodedata.category(c)[0] not in "PS")
if shots["errors"]:
    print("page errors:", shots["errors"])
snaps = shots["snapshots"]
queries = [q["query"] for q in snaps[1::2]]
wanted = []
for q in queries:
    runs = RUNS.findall(norm(q))
    wanted.append(([r for r in runs if IS_HAN.match(r)], [r[:32] for r in runs if not IS_HAN.match(r)]))
phrase = [0] * len(queries)
in_run = [0] * len(queries)
for d, _, files in os.walk(os.path.join(root, "content/gazette")):
    for f in files:
        if not f.endswith(".md"):
            continue
        src = open(os.path.join(d, f), encoding="utf-8-sig").read()
        _, fm, body = src.split("---\n", 2)
        meta = yaml.load(fm, Loader=LOADER) or {}
        # Markdown list markers are not text; table cells are apart.
        body = re.sub(r"(?m)^\s*\d+\. ", "\n", body).replace("|", " ")
        agency = meta.get("agency") or []
        fields = [meta.get("title"), meta.get("title_en"), meta.get("doc_number"), body]
        fields += agency if isinstance(agency, list) else [agency]
        fields += meta.get("keywords") or []
        text = "\n".join(str(f) for f in fields if f)
        flat = plain(text)
        runs = RUNS.findall(norm(text))
        han = "\n".join(r for r in runs if IS_HAN.match(r))
        words = None
        for i, (q, (hq, oq)) in enumerate(zip(queries, wanted)):
            phrase[i] += plain(q) in flat
            if all(h in han for h in hq):
                if oq and words is None:
                    words = [r for r in runs if not IS_HAN.match(r)]
                in_run[i] += all(any(w == t or (len(t) >= 3 and w.startswith(t)) for w in words) for t in oq)
print("query\tphrase\tin a run\tfound\tpage load B\tquery B\ttotal B (bytes of /search-index/ responses)")
for i, (load, query) in enumerate(zip(snaps[0::2], snaps[1::2])):
    m = re.search(r"共找到 (\d+) 則", query["status"])
    found = int(m.group(1)) if m else 0
    a, b = load["index_bytes"]["total"], query["index_bytes"]["total"]
    print(f"{queries[i]}\t{phrase[i]}\t{in_run[i]}\t{found}{'' if found == in_run[i] else ' (!)'}\t{a}\t{b}\t{a + b}")
EOF2
