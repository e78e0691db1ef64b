#!/usr/bin/env python3
"""Check tests/fixtures/translit/news-pairs.tsv against the news sample and the dev sets.

Run from the repo root (standard library; reads the zstd sample with the `zstd` program, or a
decompressed copy given as the first argument):
    python3 benches/check_news_pairs.py [/tmp/news/news.jsonl]

Checks, and exits 1 if any fails:
1. format: four tab-separated fields, split dev/heldout with every third row heldout, a known kind;
2. every pair's Arabic, normalized as in names-dev README rule 1 (NFKC, no zero-width/bidi marks,
   tatweel or harakat, أإآٱ→ا, ى→ي, ة→ه, ی→ي, ک→ك), occurs as whole words (no Arabic letter
   before or after, words separated by whitespace only, no prefixes) in at least 2 articles;
3. no pair names an entity of /work/shared/bench/names-dev/entities.jsonl or of
   tests/fixtures/translit/pairs.tsv: after dropping ال from each word and joining عبد X, neither
   word sequence may contain the other (so باريس is refused for Paris Saint-Germain, القدس for
   Quds Force), and the Latin, without article and marks, may not equal an excluded Latin.
Prints counts by kind and split; prints nothing of the article text.
"""
import collections, json, os, re, subprocess, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMES_DEV = os.path.join(ROOT, "../shared/bench/names-dev/entities.jsonl")
SAMPLE = os.path.join(ROOT, "../shared/bench/news-sample.jsonl.zst")
ZW = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"})
AR = "\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff"
WORD = re.compile("[%s]+" % AR)


def norm(s):
    return MARKS.sub("", ZW.sub("", unicodedata.normalize("NFKC", s))).translate(FOLD)


def key(arabic):
    words = norm(arabic).replace("عبد ", "عبد").split()
    return [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words]


def contains(outer, inner):
    n = len(inner)
    return any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


def latin_key(s):
    s = s.lower().replace("'", "").replace("ʿ", "")
    s = re.sub(r"\b(al|el|ad|ar|as|ash|an|at|az)[- ]", "", s)
    return re.sub("[^a-z ]", "", s).split()


def articles(path):
    if path:
        lines = open(path, encoding="utf-8")
    else:
        out = subprocess.run(["zstd", "-dc", SAMPLE], capture_output=True, check=True).stdout
        lines = out.decode("utf-8").splitlines()
    for line in lines:
        doc = json.loads(line)
        yield norm(doc.get("title", "") + "\n" + doc.get("text", ""))


def main():
    rows = []
    with open(os.path.join(ROOT, "tests/fixtures/translit/news-pairs.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    errors = []
    for i, r in enumerate(rows):
        want = "heldout" if i % 3 == 2 else "dev"
        if len(r) != 4 or r[2] != want or r[3] not in ("place", "person", "org", "exonym", "acronym"):
            errors.append(f"row {i + 1}: bad fields {r}")

    excluded = []
    for line in open(NAMES_DEV, encoding="utf-8"):
        e = json.loads(line)
        for form in e["arabic_forms"] + [e["arabic_query"]]:
            excluded.append((e["latin"], form))
    for line in open(os.path.join(ROOT, "tests/fixtures/translit/pairs.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            f = line.rstrip("\n").split("\t")
            excluded.append((f[0], f[1]))
    for latin, arabic, *_ in rows:
        k = key(arabic)
        for el, ea in excluded:
            ek = key(ea)
            if contains(k, ek) or contains(ek, k) or latin_key(latin) == latin_key(el):
                errors.append(f"{latin} / {arabic}: names an excluded entity ({el} / {ea})")

    index = collections.defaultdict(set)
    docs = list(articles(sys.argv[1] if len(sys.argv) > 1 else None))
    for n, d in enumerate(docs):
        for w in set(WORD.findall(d)):
            index[w].add(n)
    low = []
    for latin, arabic, *_ in rows:
        words = norm(arabic).split()
        cand = set.intersection(*(index.get(w, set()) for w in words))
        rx = re.compile("(?<![%s])" % AR + r"\s+".join(map(re.escape, words)) + "(?![%s])" % AR)
        hits = sum(1 for n in cand if rx.search(docs[n]))
        if hits < 2:
            errors.append(f"{latin} / {arabic}: whole words in {hits} articles (< 2)")
        low.append(hits)

    by = collections.Counter((r[3], r[2]) for r in rows)
    print(f"{len(rows)} pairs, {len(docs)} articles; articles per pair: min {min(low)}, median {sorted(low)[len(low) // 2]}")
    for kind in ("place", "person", "org", "exonym", "acronym"):
        print(f"  {kind}: dev {by[(kind, 'dev')]}, heldout {by[(kind, 'heldout')]}")
    print(f"excluded entities checked: {len(excluded)} forms (names-dev and pairs.tsv)")
    for e in errors:
        print("ERROR", e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
