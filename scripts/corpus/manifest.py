#!/usr/bin/env python3
"""Build tests/corpus/MANIFEST.tsv from the files on disk plus the metadata
rows that the generators (hand/*.py) and capture.py leave in
scripts/corpus/meta/*.tsv, and check the corpus.

usage: manifest.py            write MANIFEST.tsv, then run the checks
       manifest.py --check    only check (exit 1 if MANIFEST.tsv is stale or a check fails)

Checks:
  * every .http file is a well-formed raw HTTP/1.1 response: CRLF head, a
    Content-Length equal to the body length or a valid chunked body, and a
    body that gunzips when Content-Encoding: gzip;
  * leak files sit in a known category directory;
  * every file has a metadata row and every row has a file;
  * clean files pass a lint for obvious leaks (Luhn-valid card numbers,
    versioned Server / X-Powered-By headers, private addresses, stack frames,
    absolute server paths, key material), so a hard negative never leaks by
    accident.
"""
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import httpfile  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CORPUS = os.path.join(ROOT, "tests", "corpus")
MANIFEST = os.path.join(CORPUS, "MANIFEST.tsv")
CATEGORIES = ["stack_trace", "sql", "path", "internal_address", "banner", "debug_page", "secret", "personal_data"]


def luhn(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


CARD_RE = re.compile(r"(?<![\d])(\d(?:[ -]?\d){12,18})(?![\d])")
CLEAN_LINT = [
    (re.compile(r"^(server|x-powered-by|x-aspnet-version|x-aspnetmvc-version|x-runtime)\s*:.*\d+\.\d+", re.I | re.M), "versioned product header"),
    (re.compile(r"^x-powered-by\s*:", re.I | re.M), "X-Powered-By header"),
    (re.compile(r"\b(10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|127\.0\.0\.1|169\.254\.\d+\.\d+)\b"), "private/loopback address"),
    (re.compile(r"\.(internal|local|corp|lan)\b|svc\.cluster"), "internal host name"),
    (re.compile(r"Traceback \(most recent call last\)|^\s+at [\w$.<>]+\(|goroutine \d+ \[|panicked at|Stack trace:", re.M), "stack trace"),
    (re.compile(r"(/var/|/home/|/usr/|/opt/|/srv/|/etc/|/tmp/|[A-Z]:\\\\)"), "absolute server path"),
    (re.compile(r"BEGIN [A-Z ]*PRIVATE KEY|AKIA[0-9A-Z]{16}|sk_live_|ghp_|xox[bp]-|AIza[0-9A-Za-z_-]{20}|eyJ[A-Za-z0-9_-]+\.eyJ"), "key material"),
    (re.compile(r"\w+://[^/\s:@\"']+:[^@\s\"']+@"), "credentials in URL"),
    (re.compile(r"SQLSTATE|ORA-\d{5}|syntax error at or near|You have an error in your SQL syntax"), "database error"),
]


def load_meta():
    meta = {}
    for f in sorted(glob.glob(os.path.join(HERE, "meta", "*.tsv"))):
        for line in open(f, encoding="utf-8"):
            line = line.rstrip("\n")
            if not line:
                continue
            path, source, note = line.split("\t", 2)
            meta[os.path.relpath(os.path.join(ROOT, path), CORPUS)] = (source, note)
    return meta


def lint_clean(rel, raw, body):
    problems = []
    head = raw.partition(b"\r\n\r\n")[0].decode("latin-1")
    text = head + "\n" + body.decode("utf-8", "replace")
    for m in CARD_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if 13 <= len(digits) <= 19 and luhn(digits):
            problems.append(f"Luhn-valid number {m.group(1)!r}")
    for rx, what in CLEAN_LINT:
        m = rx.search(text)
        if m:
            problems.append(f"{what}: {m.group(0)!r}")
    return problems


def build():
    meta = load_meta()
    rows, errors = [], []
    files = sorted(glob.glob(os.path.join(CORPUS, "**", "*.http"), recursive=True))
    seen = set()
    for f in files:
        rel = os.path.relpath(f, CORPUS)
        seen.add(rel)
        parts = rel.split(os.sep)
        if parts[0] == "leak" and len(parts) == 3 and parts[1] in CATEGORIES:
            label, cat = "leak", parts[1]
        elif parts[0] == "clean" and len(parts) == 2:
            label, cat = "clean", "-"
        else:
            errors.append(f"{rel}: not under leak/<category>/ or clean/")
            continue
        raw = open(f, "rb").read()
        try:
            if not raw.startswith(b"HTTP/1.1 "):
                raise ValueError("status line is not HTTP/1.1")
            head = raw.partition(b"\r\n\r\n")[0]
            if b"\n" in head.replace(b"\r\n", b""):
                raise ValueError("bare LF in head")
            _, _, body = httpfile.parse(raw)
            hl = head.lower()
            if b"\r\ncontent-length:" not in hl and b"chunked" not in hl:
                raise ValueError("no Content-Length and not chunked")
        except Exception as e:  # noqa: BLE001
            errors.append(f"{rel}: malformed response: {e}")
            continue
        if label == "clean":
            for p in lint_clean(rel, raw, body):
                errors.append(f"{rel}: clean sample looks leaky: {p}")
        if rel not in meta:
            errors.append(f"{rel}: no metadata row (add it via a generator or capture.py)")
            source, note = "?", "-"
        else:
            source, note = meta[rel]
        rows.append((rel.replace(os.sep, "/"), label, cat, source, note.replace("\t", " ")))
    for rel in meta:
        if rel not in seen:
            errors.append(f"{rel}: metadata row but no file")
    return rows, errors


def render(rows):
    out = ["path\tlabel\tcategory\tsource\tnote"]
    out += ["\t".join(r) for r in rows]
    return "\n".join(out) + "\n"


def main():
    check_only = "--check" in sys.argv
    rows, errors = build()
    text = render(rows)
    if check_only:
        current = open(MANIFEST, encoding="utf-8").read() if os.path.exists(MANIFEST) else ""
        if current != text:
            errors.append("MANIFEST.tsv is stale: run scripts/corpus/manifest.py")
    else:
        with open(MANIFEST, "w", encoding="utf-8") as f:
            f.write(text)
    counts = {}
    for _, label, cat, source, _ in rows:
        key = cat if label == "leak" else "clean"
        counts[key] = counts.get(key, 0) + 1
    real = sum(1 for r in rows if r[3].startswith("real:"))
    print("  ".join(f"{k}={counts.get(k, 0)}" for k in CATEGORIES + ["clean"]),
          f"| leak={sum(v for k, v in counts.items() if k != 'clean')} real={real} hand={len(rows) - real}")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
