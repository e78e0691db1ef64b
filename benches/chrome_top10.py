#!/usr/bin/env python3
"""How many top-10 hits of a search run hold a chrome pattern learned from the corpus (issue 14).

    chrome_top10.py IDX/data/chrome.json RUN.jsonl

RUN.jsonl: `fahras search --index IDX --topics TOPICS --format json --limit 10`. A hit counts
when its passage text, folded as the learner folds lines (alef variants to ا, diacritics and
tatweel dropped, blanks collapsed), holds a learned pattern of its source: a label followed by
':', a line, or an opening. Prints hits and queries with one, per source. Standard library only.
"""
import collections
import json
import re
import sys

NOISE = re.compile("[\u064b-\u065f\u0670\u0640]")


def fold(text):
    text = NOISE.sub("", text)
    text = text.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}))
    return re.sub(r"\s+", " ", text)


def main(chrome_path, run_path):
    patterns = collections.defaultdict(list)
    for group in json.load(open(chrome_path, encoding="utf-8"))["groups"]:
        source = group["group"].get("source") or group["group"].get("folder")
        for p in group["patterns"]:
            text = p["text"] + (":" if p["kind"] == "label" else "")
            patterns[source].append(text)
    hits, queries, by_source = 0, set(), collections.Counter()
    total = 0
    for line in open(run_path, encoding="utf-8"):
        hit = json.loads(line)
        total += 1
        folded = fold(hit.get("text", ""))
        source = hit.get("source")
        if any(p in folded.replace(" :", ":") for p in patterns.get(source, [])):
            hits += 1
            queries.add(hit["qid"])
            by_source[source] += 1
    print(f"{hits} of {total} top-10 hits hold a learned chrome pattern, in {len(queries)} queries")
    for source, n in by_source.most_common():
        print(f"  {source}: {n}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
