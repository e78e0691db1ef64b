#!/usr/bin/env python3
"""List every paragraph of every corpus article with its UTF-8 byte range.

A paragraph is one non-empty line of the original file. Its span is the
half-open byte range [START, END) of that line with the line terminator
(`\\n`, `\\r\\n` or `\\r`) excluded and with leading/trailing whitespace
excluded. Lines that are empty after stripping are not paragraphs.

Output, one paragraph per line, tab separated:
    DOCID:START-END<TAB>paragraph-number<TAB>text

Usage:
    python3 make_spans.py [CORPUS_DIR]
CORPUS_DIR defaults to ../../../corpus relative to this script.
Only the standard library is used.
"""
import os
import re
import sys

# Whitespace stripped at paragraph ends: ASCII whitespace plus the Unicode
# spaces Python's str.strip() knows (NBSP, thin spaces, etc.). Bytes are
# decoded first, so offsets are computed on UTF-8 encodings of the parts.
_LINE_RE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n|$)")


def paragraphs(data: bytes):
    """Yield (start, end, text) for each paragraph of raw file bytes."""
    pos = 0
    n = len(data)
    while pos < n:
        m = _LINE_RE.match(data, pos)
        line_with_eol = m.group(0)
        if not line_with_eol:  # only possible at end of data
            break
        line = line_with_eol.rstrip(b"\r\n")
        text = line.decode("utf-8")
        stripped = text.strip()
        if stripped:
            lead = len(text) - len(text.lstrip())
            start = pos + len(text[:lead].encode("utf-8"))
            end = start + len(stripped.encode("utf-8"))
            assert data[start:end].decode("utf-8") == stripped
            yield start, end, stripped
        pos = m.end()


def corpus_dir_default():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "corpus"))


def load_corpus(corpus_dir):
    """Return {docid: [(start, end, text), ...]} for every *.txt file."""
    out = {}
    for name in sorted(os.listdir(corpus_dir)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(corpus_dir, name), "rb") as f:
            out[name] = list(paragraphs(f.read()))
    return out


def main(argv):
    corpus_dir = argv[1] if len(argv) > 1 else corpus_dir_default()
    for docid, paras in load_corpus(corpus_dir).items():
        for i, (s, e, text) in enumerate(paras, 1):
            print(f"{docid}:{s}-{e}\t{i}\t{text}")


if __name__ == "__main__":
    main(sys.argv)
