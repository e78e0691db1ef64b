#!/usr/bin/env python3
"""Extract frequent normalized Arabic words as distractors for the translit tests.

Run once from the repo root:
    python3 scripts/extract_distractors.py > tests/fixtures/translit/distractors.txt
Reads corpus/*.txt and, if present, /work/shared/bench/news-sample.jsonl.zst (via the zstd CLI).
Output: one word per line, most frequent first (single words only, no text).
"""
import collections, glob, json, os, re, subprocess, sys

DIACRITICS = re.compile("[\u064B-\u0652\u0670\u0640]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ک": "ك", "ی": "ي"})
WORD = re.compile("[\u0621-\u064A\u067E\u0686\u06A9\u06AF\u06CC]+")

def norm_words(text):
    text = DIACRITICS.sub("", text).translate(FOLD)
    return WORD.findall(text)

counts = collections.Counter()
corpus_words = set()
for path in sorted(glob.glob("corpus/*.txt")):
    with open(path, encoding="utf-8") as f:
        ws = norm_words(f.read())
    counts.update(ws)
    corpus_words.update(ws)
news = "/work/shared/bench/news-sample.jsonl.zst"
if os.path.exists(news):
    out = subprocess.run(["zstd", "-dc", news], capture_output=True, check=True).stdout.decode("utf-8")
    for line in out.splitlines():
        doc = json.loads(line)
        counts.update(norm_words(doc.get("title", "") + " " + doc.get("text", "")))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
chosen = [w for w, _ in counts.most_common() if len(w) >= 2][:N]
seen = set(chosen)
chosen += sorted(w for w in corpus_words if w not in seen and len(w) >= 2)
print("\n".join(chosen))
