#!/usr/bin/env python3
"""Validate qrels.txt against the corpus and topics.tsv (stdlib only).

Checks:
  * every line is `qid 0 DOCID:START-END grade`, grade in {0,1,2};
  * every qid is in topics.tsv, and topics.tsv / topics-categories.tsv list
    the same qids (each once), and variants.tsv refers to known qids;
  * every DOCID is a file in the corpus directory;
  * every START-END is exactly the byte range of one paragraph: a non-empty
    line with its \\r/\\n terminator and leading/trailing whitespace excluded.
    (Paragraphs are re-derived here independently of make_spans.py.)
  * no (qid, span) is listed twice;
  * a variant topic (variants.tsv) has exactly its base topic's judgments;
  * every topic has at least one span with grade >= 1;
  * no chrome line (share buttons, "latest news", relative dates, source
    lines, a headline repeated verbatim) is graded relevant.
Exit status 0 if all checks pass, 1 otherwise.

Usage: python3 check_qrels.py [QRELS] [CORPUS_DIR]
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CHROME_PATTERNS = [
    r"^(آخر|اخر) الأخبار$", r"^منذ \d+ (شهور|أشهر|أيام|ساعات|دقائق)$",
    r"^شارك$", r"^تابعنا على:", r"^المصدر:", r"المصدر: يورو نيوز$",
    r"^أخبار ذات صلة$", r"^حمل تطبيق", r"^إقرأ أيضا$",
]


def paragraph_spans(data):
    """Set of (start, end) byte ranges and list of texts, derived from bytes."""
    spans = {}
    pos = 0
    for raw in re.split(rb"(?<=\n)|(?<=\r)(?!\n)", data):
        if not raw:
            continue
        line = raw
        while line.endswith((b"\n", b"\r")):
            line = line[:-1]
        text = line.decode("utf-8")
        left = text.lstrip()
        core = left.rstrip()
        if core:
            start = pos + len(text[: len(text) - len(left)].encode("utf-8"))
            end = start + len(core.encode("utf-8"))
            spans[(start, end)] = core
        pos += len(raw)
    assert pos == len(data)
    return spans


def read_qids(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) != 2 or not cols[0] or not cols[1].strip():
                raise ValueError(f"{path}:{n}: expected qid<TAB>value")
            out.append(cols)
    return out


def main(argv):
    qrels_path = argv[1] if len(argv) > 1 else os.path.join(HERE, "qrels.txt")
    corpus_dir = argv[2] if len(argv) > 2 else os.path.normpath(
        os.path.join(HERE, "..", "..", "..", "corpus"))
    errors = []

    topics = read_qids(os.path.join(HERE, "topics.tsv"))
    qids = [q for q, _ in topics]
    if len(set(qids)) != len(qids):
        errors.append("topics.tsv: duplicate qid")
    cats = read_qids(os.path.join(HERE, "topics-categories.tsv"))
    if sorted(q for q, _ in cats) != sorted(qids):
        errors.append("topics-categories.tsv: qids differ from topics.tsv")
    variants = []
    vpath = os.path.join(HERE, "variants.tsv")
    if os.path.exists(vpath):
        variants = read_qids(vpath)
        for q, b in variants:
            if q not in qids or b not in qids:
                errors.append(f"variants.tsv: unknown qid in {q} -> {b}")

    corpus = {}
    for name in sorted(os.listdir(corpus_dir)):
        if name.endswith(".txt"):
            with open(os.path.join(corpus_dir, name), "rb") as f:
                corpus[name] = paragraph_spans(f.read())
    repeated = set()
    for docid, spans in corpus.items():
        seen = set()
        for span in sorted(spans):
            if spans[span] in seen:
                repeated.add((docid, span))
            seen.add(spans[span])

    line_re = re.compile(r"^(\S+) 0 ([^\s:]+):(\d+)-(\d+) ([012])$")
    seen = set()
    judged = {q: set() for q in qids}
    relevant = {q: 0 for q in qids}
    n_lines = 0
    with open(qrels_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            n_lines += 1
            m = line_re.match(line)
            if not m:
                errors.append(f"qrels:{n}: malformed line {line!r}")
                continue
            qid, docid, s, e, g = m.groups()
            s, e, g = int(s), int(e), int(g)
            if qid not in relevant:
                errors.append(f"qrels:{n}: qid {qid} not in topics.tsv")
                continue
            if docid not in corpus:
                errors.append(f"qrels:{n}: no such document {docid}")
                continue
            if (s, e) not in corpus[docid]:
                errors.append(f"qrels:{n}: {docid}:{s}-{e} is not a paragraph")
                continue
            if (qid, docid, s, e) in seen:
                errors.append(f"qrels:{n}: duplicate span for {qid}")
            seen.add((qid, docid, s, e))
            judged[qid].add((docid, s, e, g))
            text = corpus[docid][(s, e)]
            if g > 0:
                relevant[qid] += 1
                if (docid, (s, e)) in repeated or any(
                        re.search(p, text) for p in CHROME_PATTERNS):
                    errors.append(f"qrels:{n}: chrome line graded {g}: {text!r}")

    for q, b in variants:
        if q in judged and b in judged and judged[q] != judged[b]:
            errors.append(f"variant {q} is not judged identically to {b}")

    for q, count in relevant.items():
        if count == 0:
            errors.append(f"topic {q} has no relevant span")

    if errors:
        for err in errors:
            print("ERROR:", err)
        print(f"FAILED: {len(errors)} error(s)")
        return 1
    print(f"OK: {n_lines} judged spans, {sum(relevant.values())} relevant, "
          f"{len(qids)} topics, {len(corpus)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
