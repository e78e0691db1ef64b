#!/bin/bash
# The scale curve (issue 17 item 3): corpora of perturbed copies of the news sample, each built
# by one whole `fahras index` process, then searched with the 2,000 ordinary queries.
#
#   benches/scale/run.sh FAHRAS [SCRATCH] [COPIES...]
#
# FAHRAS is a release binary of this checkout; SCRATCH (default /tmp/scale) receives the
# corpora, indexes and logs; COPIES (default 1 5 10 50: 20 MB, 100 MB, 200 MB, 1 GB) are the
# sizes in copies of the sample. MEMORY=MiB passes `--memory`. Per size it prints one line:
#
#   copies records input_bytes build_s MB/s peak_rss_MiB index_bytes index/input topics_s
#
# (topics_s: whole-process `fahras search --topics … --format trec --limit 10`, the fastest of
# three), then the per-query lines of `cargo bench --bench scale` on that index. The corpus is
# made once (benches/scale/corpus.py) and smaller sizes are its first records.
set -eu
FAHRAS=$(realpath "$1"); SCRATCH=${2:-/tmp/scale}; shift; shift || true
COPIES=${*:-1 5 10 50}
HERE=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$HERE/../.." && pwd)
SAMPLE=$SCRATCH/sample.jsonl
mkdir -p "$SCRATCH"
[ -s "$SAMPLE" ] || zstd -qdc "$REPO/../shared/bench/news-sample.jsonl.zst" > "$SAMPLE"
PER_COPY=$(wc -l < "$SAMPLE")
MOST=$(printf '%s\n' $COPIES | sort -n | tail -1)
ALL=$SCRATCH/corpus-$MOST/news.jsonl
if [ ! -s "$ALL" ]; then
    mkdir -p "$SCRATCH/corpus-$MOST"
    python3 "$HERE/corpus.py" "$SAMPLE" "$MOST" "$ALL"
fi
TOPICS=$SCRATCH/topics.tsv
[ -s "$TOPICS" ] || python3 "$REPO/benches/variants/ordinary.py" topics "$SAMPLE" "$FAHRAS" "$TOPICS"
MEMORY_ARG=${MEMORY:+--memory $MEMORY}
for copies in $COPIES; do
    corpus=$SCRATCH/corpus-$copies; index=$SCRATCH/index-$copies; log=$SCRATCH/log-$copies
    if [ ! -s "$corpus/news.jsonl" ]; then
        mkdir -p "$corpus"
        head -n $((copies * PER_COPY)) "$ALL" > "$corpus/news.jsonl"
    fi
    rm -rf "$index"
    # shellcheck disable=SC2086
    /usr/bin/time -v "$FAHRAS" index --corpus "$corpus" --index "$index" --quiet --json $MEMORY_ARG \
        > "$log.summary.json" 2> "$log.time"
    input=$(stat -c %s "$corpus/news.jsonl")
    records=$(wc -l < "$corpus/news.jsonl")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
        for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log.time")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log.time")
    size=$(du -sb "$index/data" | cut -f1)
    best=
    for _ in 1 2 3; do
        s=$(/usr/bin/time -f %e "$FAHRAS" search --index "$index" --topics "$TOPICS" --format trec \
            --limit 10 2>&1 > "$log.trec" | tail -1)
        best=$(printf '%s\n' $best "$s" | sort -g | head -1)
    done
    awk -v c="$copies" -v r="$records" -v i="$input" -v w="$wall" -v m="$rss" -v z="$size" -v q="$best" \
        'BEGIN { printf "%s %s %s %.1f %.1f %.0f %s %.2f %s\n", c, r, i, w, i / 1e6 / w, m / 1024, z, z / i, q }'
    (cd "$REPO" && FAHRAS_SCALE_INDEX=$index FAHRAS_SCALE_TOPICS=$TOPICS \
        cargo bench --quiet --bench scale 2> "$log.bench.err")
done
