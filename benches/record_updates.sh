#!/bin/bash
# Whole-process wall time of `fahras index` on a JSONL export: full builds of two binaries and a
# one-record append, edit and removal with each, interleaved, three rounds (issue 17, item 1).
#
#   benches/record_updates.sh OLD_FAHRAS NEW_FAHRAS EXPORT.jsonl [SCRATCH]
#
# Prints one line per timing: `round N old|new full|append|edit|remove SECONDS`.
set -eu
OLD=$1; NEW=$2; EXPORT=$3; SCRATCH=${4:-/tmp/record-updates}
mkdir -p "$SCRATCH"/full "$SCRATCH"/old "$SCRATCH"/new
cp "$EXPORT" "$SCRATCH"/full/export.jsonl
seconds() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
# The first record again under a new id, at the end.
append() { head -1 "$EXPORT" | sed 's/"id": *"\([^"]*\)"/"id": "\1-appended"/' >> "$1"/export.jsonl; }
# One sentence more in the text of the 2,001st record.
edit() { python3 - "$1"/export.jsonl <<'PY'
import json, sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().split("\n")
record = json.loads(lines[2000])
record["text"] += "\nوأضاف المتحدث أن العمل سيستمر حتى نهاية العام."
lines[2000] = json.dumps(record, ensure_ascii=False)
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
}
remove() { sed -i '3001d' "$1"/export.jsonl; }
restore() {
    cp "$EXPORT" "$SCRATCH/$1"/export.jsonl
    "$2" index --corpus "$SCRATCH/$1" --index "$SCRATCH/$1-idx" --quiet --allow-shrink
}
restore old "$OLD"; restore new "$NEW"
for round in 1 2 3; do
    for side in old new; do
        bin=$OLD; [ "$side" = new ] && bin=$NEW
        rm -rf "$SCRATCH"/full-idx
        echo "round $round $side full $(seconds "$bin" index --corpus "$SCRATCH"/full --index "$SCRATCH"/full-idx --quiet)"
    done
    for side in new old; do
        bin=$OLD; [ "$side" = new ] && bin=$NEW
        for change in append edit remove; do
            $change "$SCRATCH/$side"
            echo "round $round $side $change $(seconds "$bin" index --corpus "$SCRATCH/$side" --index "$SCRATCH/$side-idx" --quiet)"
        done
        restore "$side" "$bin"
    done
done
