#!/usr/bin/env bash
# Import the Executive Yuan Gazette's archive of ROC 103–104 (462 daily
# files, 13,805 records; ../shared/data/ey-gazette/ey-103-104.tar.gz) into a
# fresh site and build it: import, check, HTML only, then every PDF and the
# search index, each with wall time and peak memory (GNU time).
#   bench/ey_import.sh [ARCHIVE] [WORK_DIR]
# CPU heavy: run it on an idle machine. Not run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
archive=${1:-../shared/data/ey-gazette/ey-103-104.tar.gz}
work=${2:-/tmp/munipub-ey-bench}
# MUNIPUB_BIN=path runs another build of munipub (e.g. a debug one).
if [ -z "${MUNIPUB_BIN:-}" ]; then cargo build --release -q; fi
bin=${MUNIPUB_BIN:-$PWD/${CARGO_TARGET_DIR:-target}/release/munipub}
# NO_PDF=1 leaves out the build with every PDF (the longest step).
rm -rf "$work" && mkdir -p "$work/site/content/gazette"
tar xzf "$archive" -C "$work"
cp tests/fixtures/ey-site/site.yaml "$work/site/"
cp tests/fixtures/ey-site/content/gazette/_gazette.yaml "$work/site/content/gazette/"
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %M KB peak" "$@" >"$work/$label.out" 2>"$work/$label.err" || true
  tail -n 1 "$work/$label.err"
}
measure import "$bin" --root "$work/site" import ey --add-categories "$work"/ey-103-104/*.xml
{ grep -c ": warning:\|: error:" "$work/import.err" || true; } | sed "s/^/import diagnostics: /"
tail -n 3 "$work/import.out"
echo "documents: $(find "$work/site/content/gazette" -name '*.md' | wc -l), issues: $(ls -d "$work/site/content/gazette"/*/ | wc -l)"
measure check "$bin" --root "$work/site" check
grep -E "^[^ ].*: (error|warning):" "$work/check.err" | sed -E 's/.*: (error|warning): /\1: /' | sort | uniq -c | sort -rn | head || true
measure html "$bin" --root "$work/site" build --no-pdf --out "$work/html"
if [ -z "${NO_PDF:-}" ]; then
  measure full "$bin" --root "$work/site" build --clean --out "$work/public"
fi
du -sh "$work/html" "$work/html/search-index" "$work/public" 2>/dev/null || true
