"""Flask app run with debug=True on loopback for corpus capture."""
import json
import os
import sqlite3
import sys
import traceback

from flask import Flask, jsonify, request

app = Flask(__name__)
DB = os.path.join(os.environ.get("CORPUS_TMP", "/tmp"), "flask-shop.sqlite3")


def db():
    con = sqlite3.connect(DB)
    con.execute("CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER)")
    return con


@app.route("/zero")
def zero():
    items = int(request.args.get("items", "0"))
    return {"average": 100 / items}


@app.route("/key")
def key():
    prefs = {"theme": "dark"}
    return {"lang": prefs["language"]}


@app.route("/users/<int:uid>")
def users(uid):
    cur = db().execute("SELECT id, email, password_hash FROM users WHERE id = ?", (uid,))
    return {"user": cur.fetchone()}


@app.route("/json/users/<int:uid>")
def json_users(uid):
    try:
        cur = db().execute("SELECT id, email, password_hash FROM users WHERE id = ?", (uid,))
        return {"user": cur.fetchone()}
    except sqlite3.Error as e:
        return jsonify(error=str(e), query="SELECT id, email, password_hash FROM users WHERE id = ?",
                       type=type(e).__module__ + "." + type(e).__name__), 500


@app.route("/search")
def search():
    q = request.args.get("q", "")
    sql = f"SELECT id, name FROM products WHERE name LIKE '%{q}%' ORDER BY name"
    try:
        rows = db().execute(sql).fetchall()
        return {"results": rows}
    except sqlite3.Error as e:
        return f"Database error: {e}\nQuery: {sql}\n", 500, {"Content-Type": "text/plain"}


@app.route("/products", methods=["POST"])
def products():
    data = request.get_json(force=True)
    try:
        con = db()
        con.execute("INSERT INTO products (id, name, price_cents) VALUES (?, ?, ?)", (1, data.get("name"), data.get("price")))
        con.execute("INSERT INTO products (id, name, price_cents) VALUES (?, ?, ?)", (1, data.get("name"), data.get("price")))
        con.commit()
    except sqlite3.IntegrityError as e:
        return jsonify(error="integrity", detail=str(e), traceback=traceback.format_exc()), 409
    return {"ok": True}


@app.route("/api/report")
def report():
    try:
        rows = [{"n": 1}, {"n": 2}]
        return {"total": sum(r["count"] for r in rows)}
    except Exception as e:  # anti-pattern: shipping the traceback to clients
        return jsonify(message=str(e), stack=traceback.format_exc()), 500


@app.route("/api/config")
def config():
    # anti-pattern: a debug endpoint dumping the environment
    keys = ["DATABASE_URL", "REDIS_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "STRIPE_SECRET_KEY", "FLASK_ENV"]
    return jsonify({k: os.environ.get(k) for k in keys})


@app.route("/api/charge", methods=["POST"])
def charge():
    data = request.get_json(force=True)
    return jsonify(error="card_declined", message=f"Card {data['card_number']} was declined by the issuer",
                   request=data), 402


@app.route("/file")
def file():
    name = request.args.get("name", "")
    with open(os.path.join("/srv/flask-shop/uploads", name)) as f:
        return f.read()


@app.route("/api/file")
def api_file():
    name = request.args.get("name", "")
    try:
        with open(os.path.join("/srv/flask-shop/uploads", name)) as f:
            return f.read()
    except OSError as e:
        return jsonify(error=str(e)), 404


@app.route("/ok-error")
def ok_error():
    return jsonify(error={"code": "NOT_FOUND", "message": "No order with that number."}), 404


@app.route("/api/v1/accounts/<acct>/withdraw", methods=["POST"])
def withdraw(acct):
    return jsonify(type="https://api.example.com/problems/insufficient-funds", title="Insufficient funds",
                   status=422, detail="Your balance is lower than the requested amount.",
                   instance=f"/api/v1/accounts/{acct}/withdraw"), 422, {"Content-Type": "application/problem+json"}


@app.route("/api/export")
def export():
    # streamed (chunked) response whose generator fails midway; error text is streamed too
    def gen():
        yield '{"rows":['
        for i in range(3):
            yield json.dumps({"id": i, "sku": f"SKU-{1000 + i}"}) + ","
        try:
            raise RuntimeError("export cursor closed")
        except RuntimeError:
            yield '{"error":' + json.dumps(traceback.format_exc()) + "}]}"
    return app.response_class(gen(), mimetype="application/json")


@app.route("/api/export-ok")
def export_ok():
    def gen():
        yield '{"error":{"code":"EXPORT_LIMIT","message":"Exports are limited to 10,000 rows. '
        yield 'Narrow the date range and try again.","docs":"https://api.example.com/docs/errors#EXPORT_LIMIT"}}'
    return app.response_class(gen(), status=413, mimetype="application/json")


@app.route("/api/v2/users", methods=["POST"])
def create_user():
    return jsonify(errors=[{"field": "password", "message": "must be at least 12 characters"},
                           {"field": "email", "message": "is not a valid email address"}]), 422


@app.route("/api/v2/session")
def session():
    return jsonify(error={"code": "SESSION_EXPIRED",
                          "message": "Your session token has expired. Please sign in again.",
                          "request_id": "7d4c7a5e-2f1b-4e8a-9c3d-1b2a3c4d5e6f",
                          "timestamp": "2024-05-14T09:21:07Z"}), 401


@app.route("/api/stock")
def stock():
    import urllib.request
    url = "http://127.0.0.1:9/internal/stock?sku=SKU-1182"
    try:
        urllib.request.urlopen(url, timeout=2)
    except OSError as e:
        return jsonify(error="stock service unavailable", upstream=url, reason=str(e)), 503


@app.route("/api/debug/config")
def debug_config():
    app.config["SECRET_KEY"] = "flask-corpus-fake-secret-7d9c1e4b2a"
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL")
    return jsonify({k: str(v) for k, v in app.config.items() if k in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "DEBUG", "ENV")}), 500


@app.route("/api/whoami")
def whoami():
    return jsonify(error="forbidden", detail="token rejected", headers=dict(request.headers)), 403


@app.route("/api/refund", methods=["POST"])
def refund():
    data = request.get_json(force=True)
    return f"Refund failed: card {data['pan']} (exp {data['exp']}) is closed\n", 409, {"Content-Type": "text/plain"}


@app.after_request
def maybe_gzip(resp):
    if ("gzip" in request.headers.get("Accept-Encoding", "") and not resp.is_streamed
            and resp.status_code >= 400 and "Content-Encoding" not in resp.headers):
        import gzip
        resp.set_data(gzip.compress(resp.get_data(), mtime=0))
        resp.headers["Content-Encoding"] = "gzip"
        resp.headers["Vary"] = "Accept-Encoding"
    return resp


if __name__ == "__main__":
    port = int(sys.argv[1])
    mode = sys.argv[2] if len(sys.argv) > 2 else "debugger"
    if mode == "debugger":
        app.run(host="127.0.0.1", port=port, debug=True, use_reloader=False)
    elif mode == "plain":  # debug off: werkzeug banner on its generic pages
        app.run(host="127.0.0.1", port=port, debug=False, use_reloader=False)
    else:  # "hardened": debug off, Server header without product/version
        from werkzeug.serving import WSGIRequestHandler

        class Handler(WSGIRequestHandler):
            def version_string(self):
                return "shop-api"

        app.run(host="127.0.0.1", port=port, debug=False, use_reloader=False, request_handler=Handler)
