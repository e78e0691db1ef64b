#!/usr/bin/env python3
"""A larger news collection made of perturbed copies of the news sample (issue 17 item 3;
figures in benches/RESULTS.md, "Scale").

    corpus.py NEWS_JSONL COPIES OUT_JSONL

Copy 0 is the sample as it is. Copy k > 0 gives every record a new id (`ID~k`) and url, and
rewrites a share of the sample's rare words into words of its own, so that the vocabulary grows
with the collection as a real archive's does, instead of staying the sample's 129 K forms:

- a word is an Arabic-letter run of four letters or more occurring at most RARE times in the
  sample (95 K forms, 9.5 % of the words); new material brings mostly new rare words, while the
  frequent ones, and so the query words, recur;
- copy k rewrites each such form with probability SHARE, chosen by a hash of (k, form), so one
  form becomes the same new word throughout the copy (titles included) and keeps its frequency;
- the rewrite replaces one inner letter (neither the first nor the last: prefixes and endings
  stay, so the stemmer and the clitic rules do their usual work) with a letter outside the
  classes the spelling-variant rules relate (ح خ د ر ش ض ظ ع ل م ن ه), so the new forms are
  new words, not spelling variants of the old ones.

With RARE = 5 and SHARE = 0.2 each copy adds about 16 K forms (copies sometimes make the same
new form): 50 copies hold 910 K, 7 times the sample's for 50 times its text (Heaps' law with
exponent 0.50; news collections measure 0.4-0.6). Deterministic: the same arguments write the same bytes. Prints the number of
distinct word forms written on stderr. Standard library only.
"""
import collections
import json
import re
import sys
import zlib

RARE = 5
SHARE = 0.2
WORD = re.compile(r"([\u0621-\u064A]+)")
REPLACEMENTS = "حخدرشضظعلمنه"
FIELDS = ("title", "text")


def rewrite(word, copy):
    """The form `word` takes in `copy`, or None when it stays."""
    h = zlib.crc32(f"{copy}:{word}".encode())
    if (h & 0xFFFF) >= SHARE * 0x10000:
        return None
    h >>= 16
    i = 1 + h % (len(word) - 2)
    letters = [c for c in REPLACEMENTS if c != word[i]]
    return word[:i] + letters[(h >> 8) % len(letters)] + word[i + 1:]


def main(news, copies, out):
    records = [json.loads(line) for line in open(news, encoding="utf-8") if line.strip()]
    counts = collections.Counter()
    parts = []
    for r in records:
        split = {f: WORD.split(r.get(f) or "") for f in FIELDS}
        for pieces in split.values():
            counts.update(pieces[1::2])
        parts.append(split)
    rare = {w for w, n in counts.items() if n <= RARE and len(w) >= 4}
    # Where the rare words stand, per record and field: only those places change between copies.
    places = [{f: [(i, p[i]) for i in range(1, len(p), 2) if p[i] in rare] for f, p in s.items()}
              for s in parts]
    vocabulary = set(counts)
    with open(out, "w", encoding="utf-8") as f:
        for copy in range(copies):
            forms = {}
            if copy:
                for w in rare:
                    new = rewrite(w, copy)
                    if new is not None:
                        forms[w] = new
                vocabulary.update(forms.values())
            for r, split, where in zip(records, parts, places):
                if copy:
                    r = dict(r, id=f"{r['id']}~{copy}", url=f"{r.get('url') or ''}#{copy}")
                    for field, pieces in split.items():
                        changed = [(i, forms[w]) for i, w in where[field] if w in forms]
                        if changed:
                            pieces = list(pieces)
                            for i, new in changed:
                                pieces[i] = new
                            r[field] = "".join(pieces)
                f.write(json.dumps(r, ensure_ascii=False))
                f.write("\n")
    print(f"{copies} copies, {len(records) * copies} records, {len(vocabulary)} word forms",
          file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
