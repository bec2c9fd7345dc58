#!/usr/bin/env bash
# Fuzz the content loaders and the Markdown → PDF layout path for a while
# (tests/fuzz.rs), one seed after another, in release mode. Not run by CI,
# which runs the short fixed pass of `cargo test fuzz::`.
#   bench/fuzz.sh [SECONDS_PER_SEED] [SEEDS...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-300}
shift || true
seeds=("${@:-1 2 3 4}")
for seed in ${seeds[@]}; do
  MUNIPUB_FUZZ_SECONDS=$secs MUNIPUB_FUZZ_SEED=$seed \
    cargo test --release -q --test it fuzz:: -- --nocapture 2>&1 | grep -E "fuzz:|panicked|input is in"
done
