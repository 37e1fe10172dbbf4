"""Shared plumbing for the hand-made corpus generators.

Each generator module calls leak()/clean() for every sample; the file is
written under tests/corpus/ and a metadata row (path, source, note) is kept
so that scripts/corpus/manifest.py can build MANIFEST.tsv.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import httpfile  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CORPUS = os.path.join(ROOT, "tests", "corpus")
META_DIR = os.path.join(os.path.dirname(HERE), "meta")

CATEGORIES = ["stack_trace", "sql", "path", "internal_address", "banner",
              "debug_page", "secret", "personal_data"]

_rows = []


def _rel(path):
    return os.path.relpath(path, ROOT)


def leak(category, name, status, headers, body, note, **kw):
    assert category in CATEGORIES, category
    path = os.path.join(CORPUS, "leak", category, "hand-" + name + ".http")
    if os.path.exists(path) and any(r[0] == _rel(path) for r in _rows):
        raise SystemExit(f"duplicate sample {path}")
    httpfile.write(path, status, headers, body, **kw)
    _rows.append((_rel(path), "hand", note))


def clean(name, status, headers, body, note, **kw):
    path = os.path.join(CORPUS, "clean", "hand-" + name + ".http")
    if any(r[0] == _rel(path) for r in _rows):
        raise SystemExit(f"duplicate sample {path}")
    httpfile.write(path, status, headers, body, **kw)
    _rows.append((_rel(path), "hand", note))


def save_meta(generator):
    os.makedirs(META_DIR, exist_ok=True)
    with open(os.path.join(META_DIR, generator + ".tsv"), "w") as f:
        for p, src, note in sorted(_rows):
            f.write(f"{p}\t{src}\t{note}\n")
    print(f"{generator}: {len(_rows)} samples")


def js(obj, indent=None):
    return json.dumps(obj, indent=indent)


# Common header sets
JSON = [("Content-Type", "application/json")]
JSON_UTF8 = [("Content-Type", "application/json; charset=utf-8")]
HTML = [("Content-Type", "text/html; charset=utf-8")]
TEXT = [("Content-Type", "text/plain; charset=utf-8")]
PROBLEM = [("Content-Type", "application/problem+json")]


def html_page(title, inner, extra_head=""):
    return (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n{extra_head}</head>\n<body>\n{inner}\n</body>\n</html>\n")
