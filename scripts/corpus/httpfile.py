"""Helpers to write raw HTTP/1.1 responses for the tightlip corpus.

Every file is: status line, headers, blank line (all CRLF), then the body.
The body is framed with a correct Content-Length, or chunk-encoded when
chunked=True, and optionally gzip-compressed (Content-Encoding: gzip).
"""
import gzip as _gzip
import json
import os

REASONS = {
    200: "OK", 400: "Bad Request", 401: "Unauthorized", 402: "Payment Required",
    403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
    410: "Gone", 413: "Payload Too Large", 415: "Unsupported Media Type",
    422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error",
    501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout",
}

DEFAULT_DATE = "Tue, 14 May 2024 09:21:07 GMT"


def encode_response(status, headers, body, gzip=False, chunked=False, reason=None,
                    date=DEFAULT_DATE, chunk_size=None):
    """Return the raw bytes of an HTTP/1.1 response.

    headers: list of (name, value); Date/Content-Length/Transfer-Encoding/
    Content-Encoding are added here, never pass them.
    body: str or bytes (or dict/list -> compact JSON).
    """
    if isinstance(body, (dict, list)):
        body = json.dumps(body, indent=None, separators=(",", ":"))
    if isinstance(body, str):
        body = body.encode("utf-8")
    if gzip:
        body = _gzip.compress(body, mtime=0)
    reason = reason or REASONS.get(status, "Unknown")
    head = [f"HTTP/1.1 {status} {reason}"]
    hdrs = list(headers)
    if date and not any(h[0].lower() == "date" for h in hdrs):
        hdrs.insert(0, ("Date", date))
    if gzip:
        hdrs.append(("Content-Encoding", "gzip"))
    if chunked:
        hdrs.append(("Transfer-Encoding", "chunked"))
        size = chunk_size or max(64, len(body) // 3 + 1)
        out = b""
        for i in range(0, len(body), size):
            part = body[i:i + size]
            out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
        out += b"0\r\n\r\n"
        payload = out
    else:
        hdrs.append(("Content-Length", str(len(body))))
        payload = body
    for k, v in hdrs:
        head.append(f"{k}: {v}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + payload


def write(path, status, headers, body, **kw):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = encode_response(status, headers, body, **kw)
    with open(path, "wb") as f:
        f.write(data)
    return path


def parse(data):
    """Parse raw bytes -> (status, headers list, decoded body bytes). Used by checks."""
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = []
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.append((k.strip(), v.strip()))
    hmap = {k.lower(): v for k, v in headers}
    body = rest
    if "chunked" in hmap.get("transfer-encoding", "").lower():
        out = b""
        buf = rest
        while True:
            size_line, _, buf = buf.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                break
            out += buf[:size]
            buf = buf[size + 2:]
        body = out
    elif "content-length" in hmap:
        n = int(hmap["content-length"])
        if len(rest) != n:
            raise ValueError(f"Content-Length {n} != body {len(rest)}")
    if hmap.get("content-encoding", "").lower() == "gzip":
        body = _gzip.decompress(body)
    return status, headers, body
