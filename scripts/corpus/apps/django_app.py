"""Single-file Django project for corpus capture.

usage: django_app.py PORT debug|hardened
debug: DEBUG=True (technical 500/404 pages); hardened: DEBUG=False and a
versionless Server header.
"""
import os
import sys

import django
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.urls import path

PORT = sys.argv[1]
MODE = sys.argv[2] if len(sys.argv) > 2 else "debug"
TMP = os.environ.get("CORPUS_TMP", "/tmp")

settings.configure(
    DEBUG=(MODE == "debug"),
    SECRET_KEY="django-insecure-corpus-only-7f3k2j4h5g6f7d8s9a0",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware"],
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(TMP, "django-shop.sqlite3")}},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
                "DIRS": ["/srv/shop/templates"]}],
    USE_TZ=True,
    STRIPE_API_KEY="sk_live_51HxEXAMPLEdjangoCorpus0nlyXyZ",
    PAYMENTS_ENDPOINT="https://psp.example.net/v1",
    CACHE_URL="redis://cache-1.svc.cluster.local:6379/2",
)
django.setup()


def boom(request):
    basket = {"items": []}
    return JsonResponse({"avg": sum(i["price"] for i in basket["items"]) / len(basket["items"])})


def order(request, oid):
    with connection.cursor() as c:
        c.execute("SELECT o.id, o.total_cents, c.email FROM shop_order o JOIN shop_customer c ON c.id = o.customer_id WHERE o.id = %s", [oid])
        row = c.fetchone()
    return JsonResponse({"order": row})


def signup(request):
    with connection.cursor() as c:
        c.execute("CREATE TABLE IF NOT EXISTS accounts_user (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL)")
        c.execute("INSERT OR IGNORE INTO accounts_user (id, email) VALUES (1, 'ana@example.org')")
        c.execute("INSERT INTO accounts_user (email) VALUES (%s)", ["ana@example.org"])
    return JsonResponse({"ok": True})


def profile(request):
    with open("/etc/shop/profile-templates/default.json") as f:
        return JsonResponse({"tpl": f.read()})


def invoice(request):
    from django.shortcuts import render
    return render(request, "billing/invoice.html", {"n": 1})


def raw_sql(request):
    with connection.cursor() as c:
        c.execute("SELECT id FROM auth_user WHERE username = '%s'" % request.GET.get("u", ""))
    return JsonResponse({})


def api_error(request):
    return JsonResponse({"error": {"code": "NOT_FOUND", "message": "Product 8812 does not exist or was removed."}}, status=404)


def api_validation(request):
    return JsonResponse({"errors": [
        {"field": "quantity", "message": "Ensure this value is less than or equal to 100."},
        {"field": "delivery_date", "message": "Date must be in the future (today is 2024-05-14)."}]}, status=400)


def api_conflict(request):
    return JsonResponse({"type": "https://api.example.com/problems/duplicate-order", "title": "Duplicate order",
                         "status": 409, "detail": "An order with reference PO-2024-000918 already exists.",
                         "instance": "/api/orders/PO-2024-000918"}, status=409, content_type="application/problem+json")


urlpatterns = [
    path("boom/", boom),
    path("orders/<int:oid>/", order),
    path("signup/", signup),
    path("profile/", profile),
    path("invoice/", invoice),
    path("users/", raw_sql),
    path("api/products/8812/", api_error),
    path("api/cart/", api_validation),
    path("api/orders/", api_conflict),
]

if __name__ == "__main__":
    if MODE != "debug":
        from django.core.servers import basehttp
        basehttp.ServerHandler.server_software = "shop-api"
    from django.core.management import execute_from_command_line
    execute_from_command_line([sys.argv[0], "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{PORT}"])
