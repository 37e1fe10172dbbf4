"""Tiny raw HTTP client: send one request, return every byte the server sent.

The request always carries `Connection: close`, so the response ends when the
server closes the socket. Nothing is parsed or re-encoded, so the head is
byte-exact.
"""
import socket
import time


def rawget(port, method="GET", path="/", headers=None, body=b"", host="127.0.0.1", timeout=15):
    if isinstance(body, str):
        body = body.encode()
    hdrs = [("Host", f"{host}:{port}"), ("User-Agent", "tightlip-corpus/1"),
            ("Accept", "*/*")]
    extra = list((headers or {}).items()) if isinstance(headers, dict) else list(headers or [])
    names = {k.lower() for k, _ in extra}
    hdrs = [h for h in hdrs if h[0].lower() not in names] + extra
    if body:
        hdrs.append(("Content-Length", str(len(body))))
    hdrs.append(("Connection", "close"))
    req = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs) + "\r\n"
    s = socket.create_connection((host, port), timeout=timeout)
    s.sendall(req.encode() + body)
    chunks = []
    while True:
        try:
            d = s.recv(65536)
        except socket.timeout:
            break
        if not d:
            break
        chunks.append(d)
    s.close()
    return b"".join(chunks)


def wait_port(port, host="127.0.0.1", timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} never opened")
