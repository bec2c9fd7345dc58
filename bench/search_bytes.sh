#!/usr/bin/env bash
# Search on the 10-year corpus: index size, indexing time, and the bytes a
# browser downloads for one query; each query's result count is checked
# against a plain substring count over the corpus's Markdown.
#
#   [COLD=1] bench/search_bytes.sh [CORPUS_DIR] [OUT_DIR]
#
# Needs: a release build (cargo build --release), python3, Node.js with
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

# COLD=1 deletes the cached index first (.munipub-cache/search/), to time indexing.
[ "${COLD:-0}" = 1 ] && rm -rf "$CORPUS/.munipub-cache/search"
echo "== build (--no-pdf), search step timed by --verbose"
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB")
"${TIME[@]}" target/release/munipub --root "$CORPUS" build --no-pdf --verbose --out "$OUT"

echo "== index size"
echo "pagefind/: $(find "$OUT/pagefind" -type f | wc -l) files, $(du -sb "$OUT/pagefind" | cut -f1) bytes"
for d in index fragment filter; do
  echo "  $d/: $(find "$OUT/pagefind/$d" -type f | wc -l) files, $(du -sb "$OUT/pagefind/$d" | cut -f1) bytes"
done
ls -l "$OUT"/pagefind/*.js "$OUT"/pagefind/*.pagefind "$OUT"/pagefind/*.pf_meta | awk '{print "  " $9 ": " $5 " bytes"}'

# A rare query: the number of the corpus's first document of 2026-03-15.
DOCNUM=$(grep -h '^doc_number:' "$CORPUS"/content/gazette/2026-03-15/*.md | head -1 |
  sed 's/doc_number: *//; s/^府授.字第//; s/號$//')
QUERIES=("停車" "領標" "燈會" "巡檢" "2026臺中燈會" "$DOCNUM" "惜物網" "收費標準"
  "市有財產" "公共安全巡檢" "殯葬")

echo "== each query on a fresh page (load, then type the query)"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$OUT" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1
STEPS=()
for q in "${QUERIES[@]}"; do STEPS+=(open "type:$q"); done
node tests/browser/search.mjs "http://127.0.0.1:$PORT/" "${STEPS[@]}" > /tmp/search_bytes.json

# Expected: the documents whose title, agency, number or body contain the
# query, punctuation left out (the index leaves it out: 流、廢標 has 流廢).
python3 - "$CORPUS" /tmp/search_bytes.json <<'EOF'
import json, os, re, sys, unicodedata
root, shots = sys.argv[1], json.load(open(sys.argv[2]))
def plain(s):
    return "".join(c for c in s if unicodedata.category(c)[0] not in "PS")
texts = []
for d, _, files in os.walk(os.path.join(root, "content/gazette")):
    for f in files:
        if f.endswith(".md"):
            src = open(os.path.join(d, f), encoding="utf-8-sig").read()
            _, fm, body = src.split("---\n", 2)
            meta = dict(l.split(": ", 1) for l in fm.splitlines() if ": " in l)
            # Markdown list markers are not text; table cells are apart.
            body = re.sub(r"(?m)^\s*\d+\. ", "\n", body).replace("|", " ")
            texts.append(plain("\n".join([meta["title"], meta["agency"], meta["doc_number"], body])))
if shots["errors"]:
    print("page errors:", shots["errors"])
snaps = shots["snapshots"]
print("query\texpected\tfound\tpage load B\tquery B\ttotal B (bytes of /pagefind/ responses)")
for load, query in zip(snaps[0::2], snaps[1::2]):
    q = query["query"]
    m = re.search(r"共找到 (\d+) 則", query["status"])
    found = int(m.group(1)) if m else 0
    expected = sum(plain(q) in t for t in texts)
    a, b = load["pagefind_bytes"]["total"], query["pagefind_bytes"]["total"]
    print(f"{q}\t{expected}\t{found}{'' if found == expected else ' (!)'}\t{a}\t{b}\t{a + b}")
EOF
