"""FastAPI app (Starlette underneath) for corpus capture.

usage: starlette_app.py PORT debug|hardened
"""
import os
import sqlite3
import sys
import traceback

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

MODE = sys.argv[2] if len(sys.argv) > 2 else "debug"
app = FastAPI(debug=(MODE == "debug"))
TMP = os.environ.get("CORPUS_TMP", "/tmp")


@app.get("/items/{item_id}")
async def item(item_id: int):
    inventory = {1: {"name": "lamp"}}
    return inventory[item_id]


@app.get("/stats")
async def stats():
    return {"ratio": 10 / 0}


@app.get("/ledger")
def ledger():
    con = sqlite3.connect(os.path.join(TMP, "fastapi-ledger.sqlite3"))
    return {"rows": con.execute("SELECT account_id, SUM(amount) FROM ledger_entries GROUP BY account_id").fetchall()}


@app.get("/api/ledger")
def api_ledger():
    try:
        return ledger()
    except Exception as e:
        return JSONResponse({"detail": repr(e), "trace": traceback.format_exception(e)}, status_code=500)


@app.get("/api/upstream")
async def upstream():
    import socket
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    except OSError as e:
        return JSONResponse({"detail": f"inventory service unreachable at 127.0.0.1:9 ({e})",
                             "upstream": "http://inventory.default.svc.cluster.local:8080/v1/stock"}, status_code=502)


@app.get("/api/debug/headers")
async def echo_headers(request: Request):
    return JSONResponse({"error": "unauthorized", "received_headers": dict(request.headers)}, status_code=401)


@app.get("/api/orders/{order_id}")
async def get_order(order_id: str):
    return JSONResponse({"detail": [{"type": "not_found", "loc": ["path", "order_id"],
                                     "msg": f"Order {order_id} was not found. Order numbers look like 2024-000918."}]},
                        status_code=404)


@app.post("/api/payments")
async def payments(request: Request):
    return JSONResponse({"type": "https://api.example.com/problems/card-declined", "title": "Card declined",
                         "status": 402, "detail": "The card ending in 4242 was declined. Try another payment method.",
                         "payment_id": "pay_01HXZ3K9Q2M4N5P6R7S8T9V0W1"}, status_code=402,
                        media_type="application/problem+json")


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
                server_header=(MODE == "debug"))
