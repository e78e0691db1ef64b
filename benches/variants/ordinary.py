#!/usr/bin/env python3
"""Which of 2,000 ordinary queries change their top 10 with spelling variants, and whether each
change comes with a variant (issue 13; figures in benches/RESULTS.md).

    ordinary.py topics NEWS_JSONL FAHRAS OUT_TSV
        the search bench's query sets, re-implemented: the first 1,000 distinct titles of three
        words or more (quotes, + - : blanked) and 1,000 consecutive pairs, in a title, of the 300
        most frequent title content words (Arabic letters only, three or more, not a stop word:
        FAHRAS's `analyze --analyzer ar_stem` decides); lines `tN<TAB>query`
    ordinary.py compare BASE.jsonl BASE.err NEW.jsonl NEW.err TOPICS_TSV [SAMPLE]
        the runs are `fahras search --topics TOPICS_TSV --format json --limit 10` (stdout, stderr);
        prints how many queries got a variant (a `→ also` reading on stderr), how many changed
        their top 10 (documents and passages, in order) and how many changed without a variant;
        with SAMPLE, that many changed queries (fixed seed) with the hits that entered and left

Standard library only; nothing of the corpus is written beside the topics file.
"""
import collections
import json
import random
import re
import subprocess
import sys


def titles(path):
    out = []
    for line in open(path, encoding="utf-8"):
        try:
            title = json.loads(line).get("title")
        except ValueError:
            continue
        if isinstance(title, str):
            out.append(title.strip())
    return out


def headlines(all_titles, n):
    seen, out = set(), []
    for t in all_titles:
        q = " ".join("".join(" " if c in '":+-' else c for c in t).split())
        if len(q.split(" ")) >= 3 and q not in seen:
            seen.add(q)
            out.append(q)
            if len(out) >= n:
                break
    return out


def stop_words(words, fahras):
    """The words FAHRAS's ar_stem analyzer drops (one call per 2,000 words)."""
    stop = set()
    for i in range(0, len(words), 2000):
        chunk = words[i:i + 2000]
        out = subprocess.run([fahras, "analyze", "--analyzer", "ar_stem", "--json", " ".join(chunk)],
                             capture_output=True, text=True, check=True).stdout
        starts = {json.loads(x)["start"] for x in out.splitlines() if x.strip()}
        offset = 0
        for w in chunk:
            if offset not in starts:
                stop.add(w)
            offset += len(w.encode()) + 1
    return stop


def pairs(all_titles, fahras, n):
    split = [[w for w in re.split(r"[^\w]|[\d_]", t)
              if len(w) >= 3 and all("\u0621" <= c <= "\u064A" for c in w)] for t in all_titles]
    stop = stop_words(sorted({w for ws in split for w in ws}), fahras)
    words = [[w for w in ws if w not in stop] for ws in split]
    counts = collections.Counter(w for ws in words for w in ws)
    ranked = sorted(counts.items(), key=lambda x: (-x[1], x[0].encode()))
    frequent = {w for w, _ in ranked[:300]}
    seen, out = set(), []
    for ws in words:
        kept = [w for w in ws if w in frequent]
        for a, b in zip(kept, kept[1:]):
            q = f"{a} {b}"
            if a != b and q not in seen:
                seen.add(q)
                out.append(q)
        if len(out) >= n:
            break
    return out[:n]


def load(path):
    hits = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        hit = json.loads(line)
        hits[hit["qid"]].append(hit)
    return hits


def readings(path):
    out = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        m = re.match(r"fahras: query (\S+): (.*)", line)
        if m and "→ also" in m.group(2):
            out[m.group(1)].append(m.group(2))
    return out


def compare(base, base_err, new, new_err, topics, sample=0):
    a, b, also = load(base), load(new), readings(new_err)
    queries = dict(line.rstrip("\n").split("\t", 1) for line in open(topics, encoding="utf-8"))
    key = lambda hits: [(h["doc"], h["passage"]) for h in hits]
    changed = [q for q in queries if key(a[q]) != key(b[q])]
    print(f"queries {len(queries)}, with a variant {sum(1 for q in queries if also[q])}, "
          f"top 10 changed {len(changed)}, changed without a variant "
          f"{sum(1 for q in changed if not also[q])}")
    random.seed(13)
    for q in sorted(random.sample(changed, min(sample, len(changed))), key=lambda q: int(q[1:])):
        print(f"===== {q} {queries[q]}\n    {' | '.join(also[q])}")
        before, after = set(key(a[q])), set(key(b[q]))
        for h in b[q]:
            if (h["doc"], h["passage"]) not in before:
                print(f"  + #{h['rank']} {h['doc']} {h['title'][:70]} | {h['text'][:150]}")
        for h in a[q]:
            if (h["doc"], h["passage"]) not in after:
                print(f"  - #{h['rank']} {h['doc']} {h['title'][:70]}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["topics"]:
        _, _, news, fahras, out = sys.argv
        all_titles = titles(news)
        with open(out, "w", encoding="utf-8") as f:
            for i, q in enumerate(headlines(all_titles, 1000) + pairs(all_titles, fahras, 1000)):
                f.write(f"t{i}\t{q}\n")
    elif sys.argv[1:2] == ["compare"]:
        compare(*sys.argv[2:7], *(int(x) for x in sys.argv[7:8]))
    else:
        sys.exit(__doc__)
