#!/usr/bin/env python3
"""Turn the human judgments (judgments.tsv + variants.tsv) into qrels.txt.

judgments.tsv holds one line per judged paragraph of a *base* topic:
    qid<TAB>doc-prefix<TAB>paragraph-number<TAB>grade
with paragraph numbers as printed by make_spans.py. variants.tsv maps each
variant topic (spelling/diacritics/tatweel/clitic/digits/Latin form of a base
topic) to its base topic: same information need, so the same judgments.

One rule is added mechanically: a paragraph whose text repeats an earlier
paragraph of the same file (the repeated headline of 002) gets an explicit
grade 0 wherever its first occurrence is judged relevant, to record that the
duplicate was looked at and deliberately not counted.

Output (qrels.txt), one line per judged span, TREC-like:
    qid 0 DOCID:START-END grade
Usage: python3 build_qrels.py [--check]   (--check: exit 1 if qrels.txt differs)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_spans import corpus_dir_default, load_corpus  # noqa: E402


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append((lineno, line.split("\t")))
    return rows


def topic_order():
    return [cols[0] for _, cols in read_tsv(os.path.join(HERE, "topics.tsv"))]


def build():
    corpus = load_corpus(corpus_dir_default())
    by_prefix = {}
    for docid in corpus:
        by_prefix[docid[:3]] = docid

    judged = {}  # qid -> {(docid, para_no): grade}
    for lineno, cols in read_tsv(os.path.join(HERE, "judgments.tsv")):
        if len(cols) != 4:
            sys.exit(f"judgments.tsv:{lineno}: expected 4 columns, got {cols}")
        qid, prefix, para, grade = cols
        docid = by_prefix.get(prefix)
        if docid is None:
            sys.exit(f"judgments.tsv:{lineno}: unknown doc prefix {prefix}")
        p = int(para)
        if not 1 <= p <= len(corpus[docid]):
            sys.exit(f"judgments.tsv:{lineno}: {docid} has no paragraph {p}")
        g = int(grade)
        if g not in (0, 1, 2):
            sys.exit(f"judgments.tsv:{lineno}: bad grade {g}")
        key = (docid, p)
        if key in judged.setdefault(qid, {}):
            sys.exit(f"judgments.tsv:{lineno}: duplicate judgment {qid} {key}")
        judged[qid][key] = g

    for lineno, cols in read_tsv(os.path.join(HERE, "variants.tsv")):
        qid, base = cols
        if qid in judged:
            sys.exit(f"variants.tsv:{lineno}: {qid} also judged directly")
        if base not in judged:
            sys.exit(f"variants.tsv:{lineno}: base {base} has no judgments")
        judged[qid] = dict(judged[base])

    # Repeated paragraphs (same text earlier in the same file): explicit 0.
    for qid, j in judged.items():
        for docid, paras in corpus.items():
            first_seen = {}
            for i, (_, _, text) in enumerate(paras, 1):
                if text in first_seen:
                    orig = first_seen[text]
                    if j.get((docid, orig), 0) > 0 and (docid, i) not in j:
                        j[(docid, i)] = 0
                else:
                    first_seen[text] = i

    order = {q: n for n, q in enumerate(topic_order())}
    missing = [q for q in judged if q not in order]
    if missing:
        sys.exit(f"judged topics not in topics.tsv: {missing}")
    lines = []
    for qid in sorted(judged, key=order.get):
        for (docid, p), g in sorted(judged[qid].items(),
                                    key=lambda kv: (kv[0][0], kv[0][1])):
            s, e, _ = corpus[docid][p - 1]
            lines.append(f"{qid} 0 {docid}:{s}-{e} {g}\n")
    return "".join(lines)


def main(argv):
    out = build()
    path = os.path.join(HERE, "qrels.txt")
    if "--check" in argv:
        with open(path, encoding="utf-8") as f:
            if f.read() != out:
                sys.exit("qrels.txt is out of date: run build_qrels.py")
        print("qrels.txt is up to date")
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(out)
    print(f"wrote {path}: {out.count(chr(10))} lines")


if __name__ == "__main__":
    main(sys.argv)
