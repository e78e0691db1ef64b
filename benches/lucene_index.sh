#!/bin/bash
# Whole-process wall time of indexing the news sample with fahras and with Lucene 8.8's Arabic
# analyzer (two threads), interleaved, three rounds, fresh index folders each run (issue 17,
# item 4).
#
#   benches/lucene_index.sh CORPUS_DIR FAHRAS [FAHRAS…]
#
# CORPUS_DIR holds one JSONL export (the anchor indexes one file), e.g. /tmp/news; several fahras
# binaries (main and a branch) are timed in the same rounds. Lucene is
# ../shared/anchors/lucene/lucene-anchor beside the repository unless LUCENE_ANCHOR says otherwise; ROUNDS and
# SCRATCH (default /tmp/lucene-index) may be set. Prints one line per run (`round N NAME
# SECONDS`), then each binary's median and `lucene / fahras`, its speed-up over Lucene.
set -eu
CORPUS=$1; shift
REPO=$(cd "$(dirname "$0")/.." && pwd)
LUCENE=${LUCENE_ANCHOR:-$REPO/../shared/anchors/lucene/lucene-anchor}
ROUNDS=${ROUNDS:-3}; SCRATCH=${SCRATCH:-/tmp/lucene-index}
INPUT=("$CORPUS"/*.jsonl)
[ ${#INPUT[@]} = 1 ] && [ -f "${INPUT[0]}" ] || { echo "$CORPUS: needs exactly one .jsonl file" >&2; exit 1; }
mkdir -p "$SCRATCH"
seconds() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
lucene() {
    rm -rf "$SCRATCH"/lucene-idx
    seconds "$LUCENE" index --analyzer arabic --input "${INPUT[0]}" --index "$SCRATCH"/lucene-idx --threads 2
}
fahras() {
    rm -rf "$SCRATCH"/fahras-idx
    seconds "$1" index --corpus "$CORPUS" --index "$SCRATCH"/fahras-idx --quiet
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# The anchor compiles itself on first use: not timed.
lucene >/dev/null 2>&1
declare -A times
for round in $(seq "$ROUNDS"); do
    for bin in "$@"; do
        t=$(fahras "$bin"); times[$bin]+="$t "; echo "round $round $bin $t"
    done
    t=$(lucene); times[lucene]+="$t "; echo "round $round lucene $t"
done
ml=$(median ${times[lucene]})
echo "lucene median $ml s"
for bin in "$@"; do
    mf=$(median ${times[$bin]})
    echo "$bin median $mf s, lucene / fahras $(awk -v a="$ml" -v b="$mf" 'BEGIN {printf "%.2f", a / b}')"
done
