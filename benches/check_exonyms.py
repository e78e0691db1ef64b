#!/usr/bin/env python3
"""Validate src/translit/exonyms.tsv and measure how many of its Arabic spellings occur in a news sample.

Usage: python3 benches/check_exonyms.py [--tsv src/translit/exonyms.tsv] [--news /tmp/news/news.jsonl] [--top 30] [--all]

Format checks (exit status 1 if any fails): three tab-separated columns, no empty field, no
duplicate english key, english key lower-case, every Arabic spelling made of Arabic letters and
single spaces only, kind one of country capital city region water continent, no spelling
repeated within one line.

Corpus check: after normalization (fold أإآٱ to ا, ى to ي, ة to ه, strip diacritics U+064B-U+065F,
U+0670 and tatweel) a spelling occurs when its words appear consecutively in an article (title or
text); its first word may carry the prefixes و/ف, then ب/ك/ل, then ال (ل+ال written لل). Standard
library only.
"""

import argparse
import collections
import json
import re
import sys

KINDS = {"country", "capital", "city", "region", "water", "continent"}
ARABIC_LETTERS = set(chr(c) for c in range(0x0621, 0x064B)) - {"\u0640"}
ARABIC_LETTERS |= {"\u0671"}
_CLS = "".join(sorted(ARABIC_LETTERS))
SPELLING_RE = re.compile("^[%s]+( [%s]+)*$" % (_CLS, _CLS))
ENGLISH_RE = re.compile(r"^[a-z][a-z'\-]*( [a-z][a-z'\-]*)*$")

FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
STRIP_RE = re.compile("[\u064B-\u065F\u0670\u0640]")
TOKEN_RE = re.compile("[\u0621-\u064A\u0671]+")


def normalize(s):
    return STRIP_RE.sub("", s).translate(FOLD)


def bases(tok):
    """The token and every form left after stripping a legal prefix chain (و/ف, ب/ك/ل, ال)."""
    out = {tok}
    stage = {tok}
    nxt = set()
    for t in stage:
        if len(t) > 2 and t[0] in "وف":
            nxt.add(t[1:])
    stage |= nxt
    out |= nxt
    nxt = set()
    for t in stage:
        if len(t) > 2 and t[0] in "بكل":
            nxt.add(t[1:])
        if len(t) > 3 and t.startswith("لل"):
            nxt.add("ال" + t[2:])
    stage |= nxt
    out |= nxt
    for t in list(stage):
        if len(t) > 3 and t.startswith("ال"):
            out.add(t[2:])
    return out


def load(path):
    entries, errors = [], []
    seen = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                errors.append(f"{n}: empty line")
                continue
            cols = line.split("\t")
            if len(cols) != 3:
                errors.append(f"{n}: {len(cols)} columns: {line!r}")
                continue
            eng, ar, kind = cols
            if not eng or not ar or not kind:
                errors.append(f"{n}: empty field: {line!r}")
                continue
            if not ENGLISH_RE.match(eng):
                errors.append(f"{n}: english key not lower-case words: {eng!r}")
            if eng in seen:
                errors.append(f"{n}: duplicate english key {eng!r} (first on line {seen[eng]})")
            seen[eng] = n
            if kind not in KINDS:
                errors.append(f"{n}: unknown kind {kind!r}")
            spellings = ar.split("|")
            for s in spellings:
                if not s or not SPELLING_RE.match(s):
                    errors.append(f"{n}: spelling not Arabic letters/spaces: {s!r}")
            if len(set(spellings)) != len(spellings):
                errors.append(f"{n}: repeated spelling in {ar!r}")
            entries.append((eng, spellings, kind))
    return entries, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tsv", default="src/translit/exonyms.tsv")
    ap.add_argument("--news", default="/tmp/news/news.jsonl")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--all", action="store_true", help="also print every entry with its article count")
    args = ap.parse_args()

    entries, errors = load(args.tsv)
    kinds = collections.Counter(k for _, _, k in entries)
    print(f"{len(entries)} entries: " + ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)))
    nsp = sum(len(s) for _, s, _ in entries)
    print(f"{nsp} spellings")
    if errors:
        print(f"FORMAT ERRORS ({len(errors)}):")
        for e in errors:
            print("  " + e)
    else:
        print("format OK")

    same = [(eng, ss) for eng, ss, _ in entries
            if len({normalize(x) for x in ss}) < len(ss)]
    print(f"entries with two spellings that differ only in hamza/ta marbuta/alif maqsura (one after "
          f"normalization; kept as written variants): {len(same)}")
    for eng, ss in same:
        print(f"    {eng}: {'|'.join(ss)}")

    # Normalized spellings -> word tuples; spellings whose normalized forms coincide are merged.
    phrases = collections.defaultdict(set)  # phrase -> indices of entries having it
    for idx, (eng, spellings, kind) in enumerate(entries):
        for s in spellings:
            phrases[tuple(normalize(s).split())].add(idx)
    by_first = collections.defaultdict(list)
    for p in phrases:
        by_first[p[0]].append(p)

    df = collections.Counter()  # phrase -> number of articles
    edf = collections.Counter()  # entry index -> number of articles with any of its spellings
    narticles = 0
    with open(args.news, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            narticles += 1
            toks = TOKEN_RE.findall(normalize((obj.get("title") or "") + "\n" + (obj.get("text") or "")))
            found = set()
            for i, t in enumerate(toks):
                for b in bases(t):
                    for p in by_first.get(b, ()):
                        if p in found:
                            continue
                        if tuple(toks[i + 1 : i + len(p)]) == p[1:]:
                            found.add(p)
            hit = set()
            for p in found:
                df[p] += 1
                hit |= phrases[p]
            for idx in hit:
                edf[idx] += 1
    print(f"news sample: {narticles} articles")

    index = {e[0]: i for i, e in enumerate(entries)}

    def art_count(spellings, eng=None):
        if eng is not None and eng in index:
            return edf[index[eng]]
        return max(df[tuple(normalize(s).split())] for s in spellings)

    covered = [e for e in entries if art_count(e[1]) > 0]
    print(f"entries with at least one spelling in the corpus: {len(covered)}/{len(entries)} "
          f"({100.0 * len(covered) / len(entries):.1f}%)")
    for k in sorted(kinds):
        tot = [e for e in entries if e[2] == k]
        cov = [e for e in tot if art_count(e[1]) > 0]
        print(f"  {k:10s} {len(cov)}/{len(tot)}")
    occ = sum(1 for _, ss, _ in entries for s in ss if df[tuple(normalize(s).split())] > 0)
    print(f"spellings occurring: {occ}/{nsp}")

    print("\nspellings that never occur (entry kind, english, spelling; * = no spelling of the entry occurs):")
    for eng, spellings, kind in sorted(entries, key=lambda e: (e[2], e[0])):
        none = art_count(spellings) == 0
        for s in spellings:
            if df[tuple(normalize(s).split())] == 0:
                print(f"  {'*' if none else ' '} {kind:9s} {eng:32s} {s}")

    print(f"\ntop {args.top} entries by article count (articles with any spelling; then per-spelling counts):")
    ranked = sorted(entries, key=lambda e: -edf[index[e[0]]])[: args.top]
    for eng, spellings, kind in ranked:
        detail = " | ".join(f"{s} {df[tuple(normalize(s).split())]}" for s in spellings)
        print(f"  {edf[index[eng]]:5d}  {eng:24s} {kind:9s} {detail}")
    if args.all:
        print("\nall entries (articles with any spelling; per-spelling counts):")
        for i, (eng, spellings, kind) in enumerate(entries):
            detail = " | ".join(f"{s} {df[tuple(normalize(s).split())]}" for s in spellings)
            print(f"  {edf[i]:5d}  {eng:24s} {kind:9s} {detail}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
