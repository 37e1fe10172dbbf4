#!/usr/bin/env python3
"""Capture real HTTP responses from real frameworks running on loopback.

Usage: capture.py [target ...]    (default: every target whose tool is present)

Each target starts a small app from scripts/corpus/apps/ (or a server with a
config written to a temp dir), sends requests with rawget(), and saves the
exact bytes received under tests/corpus/. Responses that lack framing (no
Content-Length and not chunked, e.g. HTTP/1.0 close-delimited bodies) get a
Content-Length added; that is noted in the manifest. Run through capture.sh,
which prepares the throwaway venv / node_modules under /tmp.
"""
import importlib.metadata as md
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from rawget import rawget, wait_port  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CORPUS = os.path.join(ROOT, "tests", "corpus")
META = os.path.join(HERE, "meta")
TMP = os.environ.get("CORPUS_TMP", "/tmp/tightlip-corpus")
NODE_MODULES = os.environ.get("CORPUS_NODE_MODULES", "/tmp/corpus-node/node_modules")
os.makedirs(TMP, exist_ok=True)
# Apps run from a copy under TMP so that captured paths do not name the checkout.
APPS = os.path.join(TMP, "apps")
shutil.rmtree(APPS, ignore_errors=True)
shutil.copytree(os.path.join(HERE, "apps"), APPS)


def normalize(raw):
    """Ensure HTTP/1.1 status line and explicit framing. Returns (bytes, notes)."""
    notes = []
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        raise RuntimeError("no end of head in response: %r" % raw[:200])
    lines = head.split(b"\r\n")
    if lines[0].startswith(b"HTTP/1.0 "):
        lines[0] = b"HTTP/1.1 " + lines[0][9:]
        notes.append("status line HTTP/1.0 rewritten to 1.1")
    names = [l.split(b":", 1)[0].strip().lower() for l in lines[1:]]
    chunked = any(l.lower().startswith(b"transfer-encoding:") and b"chunked" in l.lower() for l in lines[1:])
    if b"content-length" in names:
        idx = names.index(b"content-length") + 1
        n = int(lines[idx].split(b":", 1)[1])
        if n != len(body):
            raise RuntimeError(f"content-length {n} but got {len(body)} bytes")
    elif not chunked:
        lines.append(b"Content-Length: " + str(len(body)).encode())
        notes.append("close-delimited body; Content-Length added")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body, notes


class Target:
    def __init__(self, name, source, prefix):
        self.name, self.source, self.prefix = name, source, prefix
        self.rows = []
        self.proc = None

    def start(self, cmd, port, env=None, cwd=None):
        e = dict(os.environ)
        e.update(env or {})
        log = open(os.path.join(TMP, f"{self.name}.log"), "wb")
        self.proc = subprocess.Popen(cmd, env=e, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.port = port
        wait_port(port)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc = None

    def get(self, label, short, path, note, method="GET", headers=None, body=b"", port=None, expect=None):
        raw = rawget(port or self.port, method, path, headers, body)
        data, notes = normalize(raw)
        status = int(data.split(b" ", 2)[1])
        if expect and status != expect:
            print(f"  ! {short}: expected {expect}, got {status}", file=sys.stderr)
        if label == "clean":
            rel = os.path.join("tests", "corpus", "clean", f"{self.prefix}-{short}.http")
        else:
            rel = os.path.join("tests", "corpus", "leak", label, f"{self.prefix}-{short}.http")
        path_abs = os.path.join(ROOT, rel)
        os.makedirs(os.path.dirname(path_abs), exist_ok=True)
        with open(path_abs, "wb") as f:
            f.write(data)
        full_note = note + ("; " + "; ".join(notes) if notes else "") + f"; request: {method} {path}"
        self.rows.append((rel, f"real:{self.source}", full_note))
        print(f"  {status} {rel}")

    def save(self):
        os.makedirs(META, exist_ok=True)
        with open(os.path.join(META, f"real_{self.name}.tsv"), "w") as f:
            for r in sorted(self.rows):
                f.write("\t".join(r) + "\n")
        print(f"{self.name}: {len(self.rows)} samples")


def ver(dist):
    return md.version(dist)


def run(name, fn):
    print(f"== {name}")
    try:
        fn()
    except Exception as e:  # keep going with other targets
        print(f"!! {name} failed: {e!r}", file=sys.stderr)


# ---------------------------------------------------------------- Flask
def flask():
    src = f"flask@{ver('flask')}+werkzeug@{ver('werkzeug')}"
    t = Target("flask", src, "flask")
    env = {"CORPUS_TMP": TMP, "DATABASE_URL": "postgres://shop:Sup3rS3cret!@db.internal:5432/shop",
           "REDIS_URL": "redis://:r3dis-pass@redis.svc.cluster.local:6379/0",
           "AWS_ACCESS_KEY_ID": "AKIAZ7VQ3EXAMPLE7QXA",
           "AWS_SECRET_ACCESS_KEY": "q8Xv1TQbEXAMPLEKEYf0rT3stS0nlyZr9Lm2Wd4Ks",
           "STRIPE_SECRET_KEY": "sk_live_51HxEXAMPLEtightlipCorpus0nlyAbCdEf", "FLASK_ENV": "production"}
    try:
        os.unlink(os.path.join(TMP, "flask-shop.sqlite3"))
    except FileNotFoundError:
        pass
    port = 18101
    t.start([sys.executable, os.path.join(APPS, "flask_app.py"), str(port), "debugger"], port, env)
    try:
        H = {"Accept": "text/html"}
        t.get("debug_page", "werkzeug-debugger-zerodivision", "/zero?items=0", "Werkzeug interactive debugger page (debug=True), ZeroDivisionError", headers=H)
        t.get("debug_page", "werkzeug-debugger-keyerror", "/key", "Werkzeug debugger page, KeyError", headers=H)
        t.get("sql", "werkzeug-debugger-sqlite-no-table", "/users/7", "Werkzeug debugger page for sqlite3.OperationalError: no such table: users, query in source context", headers=H)
        t.get("path", "werkzeug-debugger-filenotfound", "/file?name=../../etc/shadow", "Werkzeug debugger for FileNotFoundError naming /srv/... path", headers=H)
        t.get("debug_page", "werkzeug-debugger-gzip", "/zero?items=0", "Werkzeug debugger page, gzip-compressed by an after_request hook", headers={"Accept-Encoding": "gzip"})
        t.get("sql", "sqlite-error-json", "/json/users/3", "JSON with sqlite3 error text, query and exception type")
        t.get("sql", "sqlite-syntax-echoed-query", "/search?q=it%27s", "sqlite3 syntax error with the raw SQL echoed (injection-prone)")
        t.get("sql", "sqlite-integrity-traceback", "/products", "IntegrityError UNIQUE constraint failed + traceback in JSON", method="POST",
              headers={"Content-Type": "application/json"}, body=b'{"name":"Widget","price":1299}')
        t.get("stack_trace", "format-exc-json", "/api/report", "traceback.format_exc() returned as JSON stack field")
        t.get("secret", "env-config-dump", "/api/config", "debug endpoint dumping env: DSNs with passwords, AWS keys, Stripe key")
        t.get("personal_data", "card-echo-402", "/api/charge", "card number echoed in decline message and request echo", method="POST",
              headers={"Content-Type": "application/json"}, body=b'{"card_number":"4111111111111111","exp":"12/27","cvc":"123","amount":4200}')
        t.get("path", "oserror-json", "/api/file?name=report.pdf", "OSError text with absolute server path in JSON")
        t.get("internal_address", "upstream-loopback-url", "/api/stock", "503 naming the internal upstream URL on loopback")
        t.get("secret", "app-config-dump", "/api/debug/config", "app.config dump with SECRET_KEY and DB URI with password")
        t.get("secret", "request-headers-echo", "/api/whoami", "403 echoing request headers incl. Authorization Bearer (Slack-style token) and cookie",
              headers={"Authorization": "Bearer xoxb-000000000000-0000000000000-EXAMPLEcorpusFakeTok", "Cookie": "session=eyJ1c2VyX2lkIjo0Mn0.ZkNx3A.Fake-Signature-Corpus"})
        t.get("personal_data", "refund-card-text", "/api/refund", "text/plain error echoing an Amex test number", method="POST",
              headers={"Content-Type": "application/json"}, body=b'{"pan":"378282246310005","exp":"08/26","amount":120}')
    finally:
        t.stop()
    t.start([sys.executable, os.path.join(APPS, "flask_app.py"), str(port), "plain"], port, env)
    try:
        t.get("banner", "werkzeug-404", "/nope", "plain 404 page; Server: Werkzeug/x Python/x banner")
        t.get("banner", "werkzeug-500-generic", "/zero?items=0", "debug off: generic 500 page, but Server: Werkzeug/x Python/x")
        t.get("banner", "werkzeug-405", "/zero", "405 page with Werkzeug banner", method="DELETE")
    finally:
        t.stop()
    t.start([sys.executable, os.path.join(APPS, "flask_app.py"), str(port), "hardened"], port, env)
    try:
        t.get("stack_trace", "chunked-export-traceback", "/api/export", "streamed (chunked) JSON export that embeds a traceback midway")
        t.get("stack_trace", "format-exc-json-gzip", "/api/report", "traceback in JSON, gzip-compressed", headers={"Accept-Encoding": "gzip"})
        t.get("sql", "sqlite-error-json-gzip", "/json/users/3", "sqlite3 error + query, gzip-compressed", headers={"Accept-Encoding": "gzip"})
        t.get("clean", "generic-404", "/nope", "Werkzeug generic 404 HTML with versionless Server header")
        t.get("clean", "generic-500", "/zero?items=0", "generic 500 HTML: 'The server encountered an internal error'")
        t.get("clean", "ok-error-envelope", "/ok-error", "error envelope {code,message}", expect=404)
        t.get("clean", "problem-insufficient-funds", "/api/v1/accounts/acc_93f2/withdraw", "RFC 9457 problem+json business error", method="POST",
              headers={"Content-Type": "application/json"}, body=b'{"amount":"500.00"}')
        t.get("clean", "validation-errors", "/api/v2/users", "field validation errors mentioning password without a value", method="POST",
              headers={"Content-Type": "application/json"}, body=b'{"email":"x"}')
        t.get("clean", "session-token-expired", "/api/v2/session", "prose about an expired session token, UUID, ISO timestamp")
        t.get("clean", "export-limit-chunked", "/api/export-ok", "chunked error envelope with public docs URL")
        t.get("clean", "validation-errors-gzip", "/api/v2/users", "validation errors, gzip", method="POST",
              headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"}, body=b'{"email":"x"}')
        t.get("clean", "generic-404-gzip", "/missing/page", "generic 404, gzip", headers={"Accept-Encoding": "gzip"})
    finally:
        t.stop()
    t.save()


# ---------------------------------------------------------------- Django
def django_():
    src = f"django@{ver('django')}"
    t = Target("django", src, "django")
    env = {"CORPUS_TMP": TMP, "DATABASE_URL": "postgres://django:pg-Pa55w0rd@10.20.0.15:5432/shop",
           "SENTRY_DSN": "https://3f1e2d4c5b6a47989a0b1c2d3e4f5a6b@o123456.ingest.sentry.io/4504",
           "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    for f in ("django-shop.sqlite3",):
        try:
            os.unlink(os.path.join(TMP, f))
        except FileNotFoundError:
            pass
    port = 18102
    H = {"Accept": "text/html,application/xhtml+xml"}
    t.start([sys.executable, os.path.join(APPS, "django_app.py"), str(port), "debug"], port, env)
    try:
        t.get("debug_page", "technical-500-zerodivision", "/boom/", "DEBUG=True yellow page: traceback, locals, settings, META", headers=H)
        t.get("debug_page", "technical-404-urlpatterns", "/admin/", "DEBUG=True 404 page listing URL patterns", headers=H)
        t.get("debug_page", "disallowed-host", "/boom/", "DEBUG=True DisallowedHost page", headers={**H, "Host": "shop.internal.example:8000"})
        t.get("sql", "technical-500-sqlite-no-table", "/orders/5/", "yellow page for OperationalError: no such table: shop_order with SQL in locals", headers=H)
        t.get("sql", "technical-500-integrity", "/signup/", "yellow page for IntegrityError: UNIQUE constraint failed: accounts_user.email", headers=H)
        t.get("stack_trace", "technical-500-plaintext", "/boom/", "DEBUG=True text/plain traceback for non-HTML clients", headers={"Accept": "application/json"})
        t.get("sql", "technical-500-plaintext-sqlite", "/orders/5/", "DEBUG=True text/plain traceback for OperationalError", headers={"Accept": "application/json"})
        t.get("path", "technical-500-plaintext-filenotfound", "/profile/", "text/plain traceback: FileNotFoundError /etc/shop/...", headers={"Accept": "application/json"})
        t.get("secret", "technical-500-meta-env", "/profile/", "yellow page whose META shows DATABASE_URL with password and SENTRY_DSN", headers=H)
        t.get("path", "template-does-not-exist", "/invoice/", "TemplateDoesNotExist debug page with template-loader postmortem paths", headers=H)
        t.get("sql", "technical-500-raw-sql-syntax", "/users/?u=o%27brien", "yellow page for sqlite syntax error from string-formatted SQL", headers=H)
        t.get("sql", "plaintext-raw-sql-syntax", "/users/?u=o%27brien", "text/plain technical 500 with the broken SQL", headers={"Accept": "application/json"})
        t.get("banner", "runserver-json-404", "/api/products/8812/", "clean JSON body but Server: WSGIServer/0.2 CPython/3.11.7")
    finally:
        t.stop()
    t.start([sys.executable, os.path.join(APPS, "django_app.py"), str(port), "hardened"], port, env)
    try:
        t.get("clean", "not-found-html", "/admin/", "DEBUG=False generic 404 page", headers=H)
        t.get("clean", "server-error-500", "/boom/", "DEBUG=False generic 'Server Error (500)'", headers=H)
        t.get("clean", "bad-request-400", "/boom/", "DEBUG=False DisallowedHost -> generic 400", headers={**H, "Host": "evil.example"})
        t.get("clean", "csrf-403", "/signup/", "DEBUG=False CSRF failure page", method="POST", headers={**H, "Content-Type": "application/x-www-form-urlencoded"}, body=b"email=a%40example.org")
        t.get("clean", "json-not-found", "/api/products/8812/", "JSON error envelope NOT_FOUND")
        t.get("clean", "json-validation", "/api/cart/", "field validation errors with a date")
        t.get("clean", "problem-duplicate-order", "/api/orders/", "problem+json duplicate order")
    finally:
        t.stop()
    t.save()


# ---------------------------------------------------------------- FastAPI / Starlette
def fastapi_():
    src = f"fastapi@{ver('fastapi')}+starlette@{ver('starlette')}+uvicorn@{ver('uvicorn')}"
    t = Target("fastapi", src, "fastapi")
    port = 18103
    H = {"Accept": "text/html"}
    t.start([sys.executable, os.path.join(APPS, "starlette_app.py"), str(port), "debug"], port, {"CORPUS_TMP": TMP})
    try:
        t.get("debug_page", "starlette-debug-keyerror-html", "/items/42", "Starlette ServerErrorMiddleware debug=True HTML traceback", headers=H)
        t.get("stack_trace", "starlette-debug-zerodivision-text", "/stats", "Starlette debug=True plain-text traceback (non-HTML client)")
        t.get("sql", "starlette-debug-sqlite-html", "/ledger", "debug traceback page for sqlite3.OperationalError: no such table: ledger_entries", headers=H)
        t.get("sql", "sqlite-trace-json", "/api/ledger", "repr(e) and format_exception list in JSON")
        t.get("internal_address", "upstream-unreachable", "/api/upstream", "502 naming loopback port and cluster-local service URL")
        t.get("secret", "echo-authorization-header", "/api/debug/headers", "401 echoing request headers incl. Authorization: Bearer JWT and cookie",
              headers={"Authorization": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfOTEyMyIsInJvbGUiOiJhZG1pbiIsImlhdCI6MTcxNTY3ODQwMH0.k3Zq8mB2x1Vn0cR9pL4tW7yE5uH6jS2aD8fG1hK0oQw",
                       "Cookie": "session=9f8e7d6c5b4a39281706f5e4d3c2b1a0"})
    finally:
        t.stop()
    t.start([sys.executable, os.path.join(APPS, "starlette_app.py"), str(port), "hardened"], port, {"CORPUS_TMP": TMP})
    try:
        t.get("clean", "internal-server-error-text", "/stats", "debug=False: 'Internal Server Error' text, no server header")
        t.get("clean", "not-found-json", "/nope", "FastAPI default 404 {\"detail\":\"Not Found\"}")
        t.get("clean", "validation-422", "/items/abc", "FastAPI/pydantic 422 validation error listing the field")
        t.get("clean", "order-not-found-detail", "/api/orders/2024-000918", "404 detail with order number format")
        t.get("clean", "problem-card-declined", "/api/payments", "problem+json mentioning last four digits only", method="POST",
              headers={"Content-Type": "application/json"}, body=b'{"amount":1999}')
        t.get("clean", "method-not-allowed", "/api/payments", "405 {\"detail\":\"Method Not Allowed\"}")
    finally:
        t.stop()
    t.save()


# ---------------------------------------------------------------- Express
def node_version(pkg):
    with open(os.path.join(NODE_MODULES, pkg, "package.json")) as f:
        return json.load(f)["version"]


def express():
    node = subprocess.check_output(["node", "--version"], text=True).strip().lstrip("v")
    src = f"express@{node_version('express')}+compression@{node_version('compression')}+node@{node}"
    srcsql = f"express@{node_version('express')}+sql.js@{node_version('sql.js')}+node@{node}"
    t = Target("express", src, "express")
    tsql = Target("express_sqljs", srcsql, "express-sqljs")
    port = 18104
    env = {"NODE_PATH": NODE_MODULES}
    t.start(["node", os.path.join(APPS, "express_app.js"), str(port), "development"], port, env)
    tsql.port = port
    try:
        t.get("stack_trace", "default-handler-typeerror", "/orders/17", "development default error handler: stack in <pre>, X-Powered-By: Express")
        t.get("path", "default-handler-enoent", "/config", "ENOENT error with /etc path in default handler page")
        t.get("stack_trace", "json-syntaxerror-stack", "/api/boom", "SyntaxError with err.stack in JSON")
        t.get("banner", "cannot-get-404", "/does-not-exist", "Express 404 'Cannot GET' page with X-Powered-By: Express")
        t.get("personal_data", "checkout-card-echo", "/api/checkout", "card number echoed in error and debug body echo", method="POST",
              headers={"Content-Type": "application/json"}, body=b'{"card":"5555555555554444","exp":"01/28","cvc":"737","amount":"19.99"}')
        t.get("secret", "token-echo-403", "/api/whoami", "Bearer token echoed in 403 message",
              headers={"Authorization": "Bearer ghp_R2d2C3poEXAMPLEtokenForCorpus0nly1234"})
        t.get("stack_trace", "bad-json-body-400", "/api/products", "body-parser SyntaxError in default handler page", method="POST",
              headers={"Content-Type": "application/json"}, body=b'{"name": "Lamp",}')
        t.get("stack_trace", "default-handler-gzip", "/orders/17", "development default handler stack page, gzip via compression middleware", headers={"Accept-Encoding": "gzip"})
        t.get("secret", "token-echo-gzip", "/api/whoami", "Bearer token echoed, gzip", headers={"Accept-Encoding": "gzip", "Authorization": "Bearer sk_live_51MzEXAMPLEexpressCorpusFake00"})
        tsql.get("sql", "sqlite-no-such-column-gzip", "/api/users/1", "SQLite error + SQL + stack in JSON, gzip", headers={"Accept-Encoding": "gzip"})
        tsql.get("sql", "sqlite-no-such-column", "/api/users/1", "sql.js SQLite error + echoed SQL + stack in JSON")
        tsql.get("sql", "sqlite-syntax-default-handler", "/api/products?category=o'reilly", "SQLite syntax error rendered by Express default handler")
        tsql.get("sql", "sqlite-unique-constraint", "/api/products", "UNIQUE constraint failed: products.id with stack", method="POST",
                 headers={"Content-Type": "application/json"}, body=b'{"name":"Desk","category":"office"}')
    finally:
        t.stop()
    t.start(["node", os.path.join(APPS, "express_app.js"), str(port), "production"], port, env)
    try:
        t.get("clean", "prod-default-500", "/orders/17", "production default handler: 'Internal Server Error' only")
        t.get("clean", "prod-cannot-get", "/does-not-exist", "404 'Cannot GET /does-not-exist' without X-Powered-By")
        t.get("clean", "jsonapi-not-found", "/api/v1/widgets/8a1f0c2e-4b5d-4e6f-9a7b-0c1d2e3f4a5b", "JSON:API errors array with UUID")
        t.get("clean", "insufficient-funds", "/api/v1/transfers", "business error with api_version 2.3.1", method="POST",
              headers={"Content-Type": "application/json"}, body=b'{"amount":"250.00","currency":"EUR"}')
        t.get("clean", "invalid-query-prose", "/api/v1/search", "prose mentioning from/select/SQL normally")
        t.get("clean", "jsonapi-not-found-gzip", "/api/v1/widgets/8a1f0c2e-4b5d-4e6f-9a7b-0c1d2e3f4a5b", "JSON:API errors, gzip via compression middleware", headers={"Accept-Encoding": "gzip"})
        t.get("clean", "prod-bad-json-400", "/api/products", "production body-parser error: 'Bad Request'", method="POST",
              headers={"Content-Type": "application/json"}, body=b'{"name": "Lamp",}')
    finally:
        t.stop()
    t.save()
    tsql.save()


def node_http():
    node = subprocess.check_output(["node", "--version"], text=True).strip().lstrip("v")
    t = Target("node_http", f"node@{node}", "node-http")
    port = 18105
    t.start(["node", os.path.join(APPS, "node_http_app.js"), str(port)], port)
    try:
        t.get("path", "enoent-stack", "/render", "err.stack of ENOENT naming /opt/notify/templates path")
        t.get("stack_trace", "syntaxerror-stack", "/parse", "SyntaxError err.stack in text/plain")
        t.get("stack_trace", "typeerror-recursive-stack", "/deep", "TypeError stack with recursion frames")
        t.get("stack_trace", "rangeerror-stack", "/list", "RangeError err.stack")
        t.get("clean", "json-not-found", "/ok", "plain node http JSON 404 envelope")
    finally:
        t.stop()
    t.save()


# ---------------------------------------------------------------- python -m http.server
def simplehttp():
    pyver = subprocess.check_output(["python3", "-c", "import sys;print('%d.%d.%d'%sys.version_info[:3])"], text=True).strip()
    t = Target("simplehttp", f"python-http.server@{pyver}", "python-http-server")
    port = 18106
    root = os.path.join(TMP, "www")
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write("<h1>hello</h1>\n")
    t.start(["python3", "-m", "http.server", "--protocol", "HTTP/1.1", "--bind", "127.0.0.1", "--directory", root, str(port)], port)
    try:
        t.get("banner", "404-simplehttp", "/missing.txt", "404 page; Server: SimpleHTTP/0.6 Python/3.11.7")
        t.get("banner", "501-unsupported-method", "/", "501 Unsupported method page with SimpleHTTP banner", method="POST", body=b"a=1")
        t.get("banner", "404-dotenv-probe", "/.env", "404 for a /.env probe with SimpleHTTP banner")
    finally:
        t.stop()
    t.save()


# ---------------------------------------------------------------- nginx
NGINX_CONF = """
worker_processes 1;
error_log {tmp}/nginx/error.log;
pid {tmp}/nginx/nginx.pid;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/nginx/body;
  proxy_temp_path {tmp}/nginx/proxy;
  fastcgi_temp_path {tmp}/nginx/fastcgi;
  uwsgi_temp_path {tmp}/nginx/uwsgi;
  scgi_temp_path {tmp}/nginx/scgi;
  server {{
    listen 127.0.0.1:{p1};
    server_tokens on;
    root {tmp}/www;
    client_max_body_size 1k;
    location /admin/ {{ return 403; }}
    location /api/ {{ proxy_pass http://127.0.0.1:{dead}; proxy_connect_timeout 2s; }}
    location /legacy/ {{ return 410; }}
    location /status {{ stub_status; }}
    location /files/ {{ alias {tmp}/www/; autoindex on; }}
  }}
  server {{
    listen 127.0.0.1:{p2};
    server_tokens off;
    root {tmp}/www;
    client_max_body_size 1k;
    location /admin/ {{ return 403; }}
    location /api/ {{ proxy_pass http://127.0.0.1:{dead}; proxy_connect_timeout 2s; }}
    location /maintenance {{ return 503; }}
    location /gz/ {{
      gzip on; gzip_min_length 0; gzip_types text/html application/json; gzip_proxied any;
      error_page 404 /gz-errors/404.json;
    }}
    location /gz-errors/ {{ internal; alias {tmp}/www/errors/; default_type application/json;
      gzip on; gzip_min_length 0; gzip_types application/json; }}
  }}
}}
"""


def nginx():
    v = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]
    t = Target("nginx", f"nginx@{v}", "nginx")
    p1, p2, dead = 18107, 18108, 18199
    d = os.path.join(TMP, "nginx")
    os.makedirs(d, exist_ok=True)
    os.makedirs(os.path.join(TMP, "www", "errors"), exist_ok=True)
    with open(os.path.join(TMP, "www", "index.html"), "w") as f:
        f.write("<h1>hello</h1>\n")
    with open(os.path.join(TMP, "www", "errors", "404.json"), "w") as f:
        f.write('{"error":{"code":"NOT_FOUND","message":"The page you requested does not exist. Check the address or go back to https://www.example.com/."}}\n')
    conf = os.path.join(d, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(tmp=TMP, p1=p1, p2=p2, dead=dead))
    t.start(["nginx", "-c", conf, "-p", d, "-g", "daemon off;"], p1)
    wait_port(p2)
    try:
        t.get("banner", "404-server-tokens", "/nope.php", "default 404 page: Server: nginx/x and <center>nginx/x</center>")
        t.get("banner", "403-server-tokens", "/admin/", "default 403 page with version banner")
        t.get("banner", "502-bad-gateway", "/api/v1/orders", "502 from dead upstream with version banner")
        t.get("banner", "413-too-large", "/", "413 page with version banner", method="POST", body=b"x" * 4096)
        t.get("banner", "410-gone", "/legacy/x", "410 page with version banner")
        t.get("banner", "405-not-allowed", "/index.html", "405 on static file with version banner", method="POST", body=b"a=1")
        t.get("debug_page", "stub-status", "/status", "stub_status exposed: connection counters + Server banner")
        t.get("path", "autoindex-listing", "/files/", "autoindex directory listing of the docroot")
        t.get("clean", "404-tokens-off", "/nope.php", "server_tokens off: 'Server: nginx' and <center>nginx</center>", port=p2)
        t.get("clean", "403-tokens-off", "/admin/", "server_tokens off 403", port=p2)
        t.get("clean", "502-tokens-off", "/api/v1/orders", "server_tokens off 502", port=p2)
        t.get("clean", "503-tokens-off", "/maintenance", "server_tokens off 503", port=p2)
        t.get("clean", "413-tokens-off", "/", "server_tokens off 413", method="POST", body=b"x" * 4096, port=p2)
        t.get("clean", "404-json-gzip", "/gz/missing", "custom JSON 404 served gzip-compressed", headers={"Accept-Encoding": "gzip"}, port=p2)
    finally:
        t.stop()
    t.save()


# ---------------------------------------------------------------- Apache httpd
APACHE_CONF = """
ServerRoot "/etc/apache2"
ServerName 127.0.0.1
PidFile {d}/httpd.pid
ErrorLog {d}/error.log
Mutex file:{d} default
LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule authz_host_module /usr/lib/apache2/modules/mod_authz_host.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
LoadModule status_module /usr/lib/apache2/modules/mod_status.so
LoadModule info_module /usr/lib/apache2/modules/mod_info.so
LoadModule autoindex_module /usr/lib/apache2/modules/mod_autoindex.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so
LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so
TypesConfig /etc/mime.types
StartServers 1
MinSpareServers 1
MaxSpareServers 2
User www-data
Group www-data
Listen 127.0.0.1:{p1}
Listen 127.0.0.1:{p2}
DocumentRoot "{www}"
<Directory "{www}">
  Options +Indexes
  Require all granted
</Directory>
<VirtualHost 127.0.0.1:{p1}>
  ServerSignature On
  <Location "/server-status">
    SetHandler server-status
  </Location>
  <Location "/server-info">
    SetHandler server-info
  </Location>
  <Location "/private">
    Require all denied
  </Location>
  ProxyPass "/api/" "http://127.0.0.1:{dead}/"
</VirtualHost>
<VirtualHost 127.0.0.1:{p2}>
  ServerSignature Off
  <Location "/private">
    Require all denied
  </Location>
  ProxyPass "/api/" "http://127.0.0.1:{dead}/"
</VirtualHost>
ServerTokens {tokens}
ExtendedStatus On
"""


def apache():
    out = subprocess.check_output(["/usr/sbin/apache2", "-v"], text=True)
    v = out.split("Apache/")[1].split()[0]
    t = Target("apache", f"apache-httpd@{v}", "apache")
    p1, p2, dead = 18110, 18111, 18199
    d = os.path.join(TMP, "apache")
    os.makedirs(d, exist_ok=True)
    www = os.path.join(TMP, "www")
    os.makedirs(os.path.join(www, "backup"), exist_ok=True)
    for n in ("shop-2024-05-13.sql.gz", "wp-config.php.bak", ".env.old"):
        open(os.path.join(www, "backup", n), "w").write("x\n")

    def run_with(tokens, fn):
        conf = os.path.join(d, f"httpd-{tokens}.conf")
        with open(conf, "w") as f:
            f.write(APACHE_CONF.format(d=d, p1=p1, p2=p2, dead=dead, www=www, tokens=tokens))
        env = {"APACHE_RUN_DIR": d, "APACHE_LOCK_DIR": d, "APACHE_LOG_DIR": d}
        t.start(["/usr/sbin/apache2", "-X", "-f", conf, "-DFOREGROUND"], p1, env)
        wait_port(p2)
        try:
            fn()
        finally:
            t.stop()
            time.sleep(0.5)

    def full():
        t.get("banner", "404-signature", "/missing.html", "404 page with <address>Apache/x (Debian) Server at ... Port</address> and Server header")
        t.get("banner", "403-signature", "/private/", "403 page with signature and version")
        t.get("banner", "503-proxy-signature", "/api/v1/orders", "503 proxy error page (backend refused) with signature")
        t.get("banner", "405-signature", "/index.html", "405 method not allowed with signature", method="DELETE")
        t.get("debug_page", "server-status", "/server-status", "mod_status page: version, build date, MPM, uptime, requests")
        t.get("debug_page", "server-info", "/server-info?config", "mod_info page: config file paths and loaded modules")
        t.get("path", "autoindex-backup-listing", "/backup/", "autoindex listing of a backup directory with signature")

    def prod():
        t.get("clean", "404-tokens-prod", "/missing.html", "ServerTokens Prod + ServerSignature Off 404", port=p2)
        t.get("clean", "403-tokens-prod", "/private/", "ServerTokens Prod 403", port=p2)
        t.get("clean", "503-tokens-prod", "/api/v1/orders", "ServerTokens Prod 503 proxy error", port=p2)

    run_with("Full", full)
    run_with("Prod", prod)
    t.save()


# ---------------------------------------------------------------- PHP built-in server
def php():
    v = subprocess.check_output(["php", "-r", "echo PHP_VERSION;"], text=True).strip()
    t = Target("php", f"php@{v}", "php")
    port = 18112
    docroot = os.path.join(APPS, "php")
    env = {"DB_DSN": "mysql:host=10.0.3.17;port=3306;dbname=shop", "DB_PASSWORD": "Tr0ub4dor&3",
           "MAIL_PASSWORD": "smtp-pa55-example", "APP_KEY": "base64:q3J0ZXN0a2V5Zm9yY29ycHVzb25seQ0xMjM0NTY3OA==",
           "TMPDIR": TMP}
    try:
        os.unlink(os.path.join(TMP, "php-shop.sqlite3"))
    except FileNotFoundError:
        pass
    ini = ["-d", "display_errors=1", "-d", "html_errors=1", "-d", "error_reporting=E_ALL", "-d", "expose_php=1",
           "-d", "variables_order=EGPCS"]
    t.start(["php", *ini, "-S", f"127.0.0.1:{port}", "-t", docroot], port, env)
    try:
        t.get("stack_trace", "fatal-uncaught-error", "/fatal.php", "display_errors: Fatal error: Uncaught Error ... Stack trace; X-Powered-By: PHP/x")
        t.get("stack_trace", "uncaught-runtimeexception", "/exception.php", "uncaught RuntimeException with namespaced frames")
        t.get("stack_trace", "typeerror-strict-types", "/type.php?pct=10", "strict_types TypeError with stack")
        t.get("path", "include-warning", "/include.php", "include() warnings with absolute paths, then output")
        t.get("path", "require-fatal", "/require.php", "require fatal error: Failed opening required '/var/www/shop/config/database.php'")
        t.get("sql", "pdo-sqlite-no-table", "/pdo.php?id=1", "uncaught PDOException SQLSTATE[HY000]: no such table: customers with trace")
        t.get("sql", "pdo-sqlite-syntax", "/pdo.php?id=1%27", "PDOException syntax error from injected quote")
        t.get("sql", "pdo-json-unique", "/pdo_json.php", "PDOException UNIQUE constraint failed in JSON with query, file, trace")
        t.get("sql", "sqlite3-warning", "/sqlite3_warning.php?q=it%27s", "SQLite3::query warning with error + fatal on bool")
        t.get("debug_page", "phpinfo", "/info.php", "phpinfo(): configuration, env vars (DB_PASSWORD), PHP version")
        t.get("secret", "getenv-dump", "/env.php", "health endpoint dumping DB DSN, passwords, APP_KEY")
        t.get("internal_address", "host-echo-header", "/ok.php", "built-in server echoes the request Host (loopback:port) as a response header")
    finally:
        t.stop()
    ini = ["-d", "display_errors=0", "-d", "log_errors=0", "-d", "expose_php=0"]
    t.start(["php", *ini, "-S", f"127.0.0.1:{port}", "-t", docroot], port, env)
    try:
        PUB = {"Host": "shop.example.com"}  # the built-in server echoes Host back as a response header
        t.get("clean", "problem-forbidden", "/ok.php", "problem+json 403 mentioning API key without a value", headers=PUB)
        t.get("clean", "validation-password-phone", "/ok_validation.php", "Laravel-style 422 with password rules and a phone number", headers=PUB)
        t.get("clean", "fatal-hidden-500", "/fatal.php", "display_errors=0: empty 500", headers=PUB)
        t.get("clean", "builtin-404", "/nothing-here", "PHP built-in server 404 page without X-Powered-By", headers=PUB)
    finally:
        t.stop()
    t.save()


# ---------------------------------------------------------------- Java (JDK HttpServer)
def java():
    out = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
    v = out.split('"')[1]
    t = Target("java", f"openjdk@{v}+jdk.httpserver", "jdk-httpserver")
    port = 18113
    t.start(["java", os.path.join(APPS, "java", "CorpusServer.java"), str(port)], port)
    try:
        t.get("stack_trace", "helpful-npe", "/npe", "printStackTrace of helpful NullPointerException")
        t.get("stack_trace", "numberformat-json", "/qty", "NumberFormatException trace in Spring-like JSON")
        t.get("path", "uncheckedio-caused-by", "/template", "UncheckedIOException Caused by NoSuchFileException /opt/billing/templates/...")
        t.get("stack_trace", "runtime-caused-by", "/reserve", "RuntimeException with Caused by: IllegalStateException")
        t.get("clean", "tracking-not-found", "/ok", "404 envelope with a UPS-style tracking number")
    finally:
        t.stop()
    t.save()


# ---------------------------------------------------------------- Rust (std only)
def rust():
    v = subprocess.check_output(["rustc", "--version"], text=True).split()[1]
    t = Target("rust", f"rustc@{v}+std", "rust-std")
    port = 18114
    binp = os.path.join(TMP, "panic_server")
    subprocess.check_call(["rustc", "-g", "-C", "opt-level=0", "-o", binp, os.path.join(APPS, "rust", "panic_server.rs")])
    t.start([binp, str(port)], port)
    try:
        t.get("stack_trace", "unwrap-none-panic", "/limit", "panic message + std Backtrace (unwrap on None)")
        t.get("stack_trace", "parse-int-panic", "/limit=abc", "panic: called Result::unwrap() on an Err value: ParseIntError")
        t.get("stack_trace", "index-out-of-bounds-panic", "/items/7", "panic: index out of bounds")
    finally:
        t.stop()
    t.save()


TARGETS = {"flask": flask, "django": django_, "fastapi": fastapi_, "express": express, "node_http": node_http,
           "simplehttp": simplehttp, "nginx": nginx, "apache": apache, "php": php, "java": java, "rust": rust}


if __name__ == "__main__":
    names = sys.argv[1:] or list(TARGETS)
    for n in names:
        run(n, TARGETS[n])
