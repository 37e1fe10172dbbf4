"""Hand-made hard negatives: error responses that leak nothing and must not
be flagged. Numbers that look like cards are asserted NOT Luhn-valid."""
import base64
import struct
import zlib

from common import clean, save_meta, js, JSON, JSON_UTF8, HTML, TEXT, PROBLEM, html_page
from secret_pii import luhn

CF = [("Server", "cloudflare"), ("CF-RAY", "88a1b2c3d4e5f607-FRA")]


def non_luhn(prefix15):
    for d in "0123456789":
        if not luhn(prefix15 + d):
            return prefix15 + d


def tiny_png():
    # 1x1 transparent PNG, built here so the base64 is a real image
    raw = b"\x00\x00\x00\x00\x00"
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def envelopes():
    items = [
        (404, "NOT_FOUND", "No order with number 2024-000918 was found."),
        (404, "USER_NOT_FOUND", "We couldn't find a user with that email address."),
        (400, "INVALID_ARGUMENT", "The 'limit' parameter must be between 1 and 100."),
        (401, "UNAUTHENTICATED", "Your session token has expired. Please sign in again."),
        (401, "INVALID_API_KEY", "The API key you provided is not valid. Create a new key in the dashboard."),
        (403, "PERMISSION_DENIED", "You do not have permission to delete this project."),
        (409, "ALREADY_EXISTS", "A workspace named 'marketing' already exists."),
        (410, "GONE", "This download link has expired. Request a new export from Settings."),
        (413, "PAYLOAD_TOO_LARGE", "Attachments are limited to 25 MB."),
        (415, "UNSUPPORTED_MEDIA_TYPE", "Only image/png and image/jpeg are accepted."),
        (429, "RATE_LIMITED", "Too many requests. Retry after 30 seconds."),
        (500, "INTERNAL", "Something went wrong on our side. Please try again; if the problem persists contact support and quote request ID 5f0c2a9e-8d17-4b6f-a3c1-7e2d9b4f6a10."),
        (502, "UPSTREAM_UNAVAILABLE", "A payment provider did not respond in time. No money was taken."),
        (503, "MAINTENANCE", "Scheduled maintenance until 2024-05-14T11:00:00Z. Thank you for your patience."),
        (504, "TIMEOUT", "The report took too long to generate. Try a smaller date range."),
        (400, "INVALID_JSON", "The request body is not valid JSON."),
        (404, "ROUTE_NOT_FOUND", "No route matches GET /v1/invoice. Did you mean /v1/invoices?"),
        (422, "UNPROCESSABLE", "The select parameter contains an unknown field: 'colour'. Valid fields: id, name, color."),
        (409, "VERSION_CONFLICT", "The document was updated by someone else. Reload and apply your changes again."),
        (400, "DATE_RANGE", "'from' must be earlier than 'to'."),
    ]
    for i, (st, code, msg) in enumerate(items):
        hdrs = JSON if i % 3 else JSON_UTF8
        if i % 4 == 0:
            hdrs = hdrs + CF
        if code == "RATE_LIMITED":
            hdrs = hdrs + [("Retry-After", "30"), ("RateLimit-Limit", "100"), ("RateLimit-Remaining", "0")]
        clean(f"envelope-{code.lower().replace('_', '-')}", st, hdrs,
              js({"error": {"code": code, "message": msg}}), f"error envelope {code}")


def problems():
    P = [
        ("out-of-credit", 403, "You do not have enough credit.", "Your current balance is 30, but that costs 50.", {"balance": 30, "accounts": ["/account/12345", "/account/67890"]}),
        ("insufficient-funds", 422, "Insufficient funds", "The transfer of 250.00 EUR exceeds the available balance.", {}),
        ("validation-error", 400, "Your request is not valid.", "2 fields failed validation.", {"errors": [{"detail": "must be a positive integer", "pointer": "#/age"}, {"detail": "must be 'green', 'red' or 'blue'", "pointer": "#/profile/color"}]}),
        ("not-found", 404, "Resource not found", "Invoice INV-2024-0042 does not exist.", {}),
        ("rate-limited", 429, "Too Many Requests", "You have exceeded 1000 requests per hour.", {"retry_after": 120}),
        ("unavailable", 503, "Service Unavailable", "The search index is being rebuilt. Try again in a few minutes.", {}),
        ("account-locked", 423, "Account locked", "Too many failed sign-in attempts. Reset your password or wait 15 minutes.", {}),
        ("duplicate-email", 409, "Email already registered", "An account with this email already exists. Sign in or reset your password.", {}),
        ("unsupported-version", 400, "Unsupported API version", "API version 1.0 is retired. Use 2.3.1 or later.", {"api_version": "2.3.1", "supported": ["2.2.0", "2.3.1"]}),
        ("payment-required", 402, "Subscription required", "Exporting to CSV requires the Pro plan.", {"upgrade_url": "https://www.example.com/pricing"}),
        ("precondition-failed", 412, "Precondition failed", "The If-Match header does not match the current ETag \"33a64df551425fcc55e4d42a148795d9f25f89d4\".", {}),
        ("gone", 410, "Link expired", "This password reset link has expired. Request a new one.", {}),
    ]
    for i, (slug, st, title, detail, ext) in enumerate(P):
        body = {"type": f"https://api.example.com/problems/{slug}", "title": title, "status": st, "detail": detail,
                "instance": f"/v2/requests/{['7d4c7a5e-2f1b-4e8a-9c3d-1b2a3c4d5e6f', '0b8e6d1c-55aa-4f3e-8c0d-2b7a9e4f1c36'][i % 2]}"}
        body.update(ext)
        clean(f"problem-{slug}", st, PROBLEM + (CF if i % 5 == 0 else []), js(body, indent=2 if i % 2 else None),
              f"RFC 9457 problem+json: {title}", reason={423: "Locked", 412: "Precondition Failed"}.get(st))


def jsonapi():
    clean("jsonapi-validation", 422, [("Content-Type", "application/vnd.api+json")], js({"jsonapi": {"version": "1.1"}, "errors": [
        {"status": "422", "source": {"pointer": "/data/attributes/firstName"}, "title": "Invalid Attribute", "detail": "First name must contain at least two characters."},
        {"status": "422", "source": {"pointer": "/data/attributes/password"}, "title": "Invalid Attribute", "detail": "Password must contain a digit."}]}), "JSON:API validation errors")
    clean("jsonapi-forbidden", 403, [("Content-Type", "application/vnd.api+json")], js({"errors": [{"id": "f2c1a0b9-7e6d-4c5b-8a9f-0e1d2c3b4a59", "status": "403", "code": "forbidden", "title": "Forbidden", "detail": "Editing is disabled for archived articles."}]}), "JSON:API forbidden")
    clean("jsonapi-conflict", 409, [("Content-Type", "application/vnd.api+json")], js({"errors": [{"status": "409", "title": "Conflict", "detail": "Type 'photos' does not match endpoint type 'articles'.", "source": {"pointer": "/data/type"}}]}), "JSON:API conflict")
    clean("jsonapi-bad-include", 400, [("Content-Type", "application/vnd.api+json")], js({"errors": [{"status": "400", "title": "Invalid Query Parameter", "detail": "The resource does not have an 'author.password' relationship path.", "source": {"parameter": "include"}}]}), "JSON:API bad include mentioning password path")
    clean("jsonapi-multiple", 400, [("Content-Type", "application/vnd.api+json")], js({"errors": [{"status": "400", "code": "sort_invalid", "detail": "Cannot sort by 'updated'. Allowed: created, title."}, {"status": "400", "code": "page_size", "detail": "page[size] must be 100 or less."}]}), "JSON:API multiple errors")


def validation():
    V = [
        ("signup-password", [{"field": "password", "message": "must be at least 12 characters"}, {"field": "password", "message": "Password must contain a digit"}]),
        ("signup-email", [{"field": "email", "message": "is not a valid email address"}, {"field": "username", "message": "is already taken"}]),
        ("address-postcode", [{"field": "postal_code", "message": "SW1A 1AA is not a valid postcode for country DE"}]),
        ("phone-format", [{"field": "phone", "message": "Enter a number like +1 415 555 0134 or (415) 555-0134"}]),
        ("card-form", [{"field": "card_number", "message": "Card number is invalid"}, {"field": "cvc", "message": "Security code must be 3 digits"}]),
        ("date-range", [{"field": "start_date", "message": "must be on or after 2024-01-01"}, {"field": "end_date", "message": "must be after start_date"}]),
        ("null-field", [{"field": "shipping.address.line1", "message": "may not be null"}, {"field": "items", "message": "must not be empty"}]),
        ("token-field", [{"field": "token", "message": "is required"}, {"field": "redirect_uri", "message": "must use https"}]),
        ("key-field", [{"field": "key", "message": "must match ^[a-z0-9-]{3,40}$"}, {"field": "value", "message": "must be 256 characters or fewer"}]),
        ("import-rows", [{"row": 12, "field": "email", "message": "is empty"}, {"row": 57, "field": "quantity", "message": "must be a number, got 'ten'"}]),
    ]
    for i, (slug, errs) in enumerate(V):
        clean(f"validation-{slug}", 422 if i % 2 else 400, JSON if i % 3 else JSON_UTF8, js({"errors": errs}, indent=2 if i == 0 else None), f"field validation errors: {slug}")
    clean("validation-rails-style", 422, JSON_UTF8, js({"errors": {"email": ["has already been taken"], "password": ["is too short (minimum is 12 characters)"], "password_confirmation": ["doesn't match Password"]}}), "Rails-style errors hash")
    clean("validation-pydantic-style", 422, JSON, js({"detail": [{"type": "string_too_short", "loc": ["body", "password"], "msg": "String should have at least 12 characters", "input": "********", "ctx": {"min_length": 12}}]}), "pydantic-style detail with masked input")
    clean("validation-graphql", 200, JSON, js({"data": {"createUser": None}, "errors": [{"message": "Email is already in use.", "path": ["createUser"], "extensions": {"code": "BAD_USER_INPUT", "field": "email"}}]}), "GraphQL user input error")


def business():
    B = [
        ("insufficient-funds", 402, "Insufficient funds", "Your account balance of 12.40 EUR is lower than the payment amount of 30.00 EUR."),
        ("card-declined-last4", 402, "Card declined", "The card ending in 4242 was declined by your bank. Please use a different card."),
        ("out-of-stock", 409, "Out of stock", "Only 2 units of 'Desk Lamp (Walnut)' are left. Reduce the quantity and try again."),
        ("coupon-expired", 422, "Coupon expired", "The code SPRING24 expired on 2024-04-30."),
        ("limit-reached", 403, "Plan limit reached", "Your plan allows 5 projects. Delete a project or upgrade."),
        ("order-already-shipped", 409, "Cannot cancel", "Order 2024-000918 has already shipped and can no longer be cancelled. Start a return instead."),
        ("transfer-daily-limit", 422, "Daily limit exceeded", "Transfers are limited to 10,000.00 USD per day."),
        ("duplicate-payment", 409, "Duplicate payment", "A payment with idempotency key 'order-7731-attempt-1' was already processed."),
        ("address-undeliverable", 422, "Undeliverable address", "We don't ship to PO boxes in this region."),
        ("booking-unavailable", 409, "Slot unavailable", "The 14:30 slot on 2024-05-20 was just booked by someone else."),
    ]
    for i, (slug, st, title, msg) in enumerate(B):
        body = {"error": {"type": slug.replace("-", "_"), "title": title, "message": msg, "request_id": f"req_{'7f3c9a1e2b4d'[i:] + 'a1b2c3'[:i]}"}}
        clean(f"business-{slug}", st, JSON_UTF8, js(body), f"business error: {title}")


def prose():
    T = [
        ("sql-word", 400, "Sorry, we couldn't run your search. Avoid SQL keywords like SELECT or DELETE in the search box; just type the product name."),
        ("database-maintenance", 503, "Our database is undergoing maintenance. Please try again in 10 minutes."),
        ("exception-word", 400, "No exception was made for this request: refunds are only possible within 30 days."),
        ("null-word", 400, "The value 'null' is not allowed for field 'nickname'. Leave it empty instead."),
        ("update-delete-word", 405, "You can update or delete comments only within 15 minutes of posting them."),
        ("from-select", 400, "Please select a country from the list."),
        ("key-word", 401, "Your API key is missing. Pass it in the X-API-Key header. See https://docs.example.com/auth for details."),
        ("token-expired", 401, "Your session token has expired. Please sign in again."),
        ("error-word", 500, "An unexpected error occurred. Our team has been notified. Reference: ERR-7C1D-2024."),
        ("stack-word", 400, "Pancakes can be ordered in a stack of 3, 5 or 7."),
        ("panic-word", 503, "Don't panic! We're back online shortly. Follow https://status.example.com for updates."),
        ("trace-word", 404, "We could not trace a parcel with that reference. Check the number on your receipt."),
        ("line-word", 400, "Line 3 of your CSV is missing a value for 'email'."),
        ("password-rule", 400, "Password must contain a digit, an uppercase letter and at least 12 characters."),
        ("debug-word", 400, "Debug mode can only be enabled for sandbox projects."),
        ("internal-word", 500, "Internal error. Please retry the request."),
        ("root-word", 403, "Only the organisation owner can change root folder permissions."),
        ("admin-word", 403, "Ask your admin to grant you the Editor role."),
    ]
    for i, (slug, st, text) in enumerate(T):
        if i % 3 == 0:
            clean(f"prose-{slug}", st, TEXT, text + "\n", f"prose: {slug}")
        elif i % 3 == 1:
            clean(f"prose-{slug}", st, JSON, js({"message": text}), f"prose in JSON: {slug}")
        else:
            clean(f"prose-{slug}", st, HTML, html_page("Error", f"<main><h1>Something's not right</h1><p>{text}</p><p><a href=\"https://www.example.com/help\">Help centre</a></p></main>"), f"prose in HTML: {slug}")


def html_pages():
    clean("html-404-plain", 404, HTML, html_page("Page not found", "<h1>404</h1><p>We can't find the page you're looking for.</p><a href=\"/\">Go home</a>"), "plain 404 page")
    clean("html-404-cloudflare-server", 404, HTML + CF, html_page("Not Found | Example Shop", "<header><a href=\"https://shop.example.com/\">Example Shop</a></header><h1>Oops, nothing here</h1><p>The page may have moved. Try searching instead.</p><form action=\"/search\"><input name=\"q\"></form>"), "404 page behind bare Server: cloudflare")
    clean("html-500-friendly", 500, HTML, html_page("Something went wrong", "<h1>We're sorry</h1><p>Something went wrong on our end. Please refresh the page, or come back later.</p><p>Error ID: 4f9a2c71</p>"), "friendly 500 page")
    clean("html-503-maintenance", 503, HTML + [("Retry-After", "3600")], html_page("Down for maintenance", "<h1>Down for maintenance</h1><p>We're upgrading our systems and will be back by 11:00 UTC (2024-05-14T11:00:00Z).</p>"), "maintenance page")
    clean("html-403-forbidden", 403, HTML, html_page("Access denied", "<h1>Access denied</h1><p>You need to sign in with an account that has access to this workspace.</p>"), "403 page")
    clean("html-429", 429, HTML + [("Retry-After", "60")], html_page("Slow down", "<h1>Too many requests</h1><p>Please wait a minute before trying again.</p>"), "429 page")
    clean("html-401-login", 401, HTML + [("WWW-Authenticate", "Bearer realm=\"example\", error=\"invalid_token\", error_description=\"The access token expired\"")], html_page("Sign in", "<h1>Please sign in</h1><p>Your session has ended.</p>"), "401 with WWW-Authenticate error description")
    clean("html-404-with-image", 404, HTML, html_page("Lost?", "<h1>Lost?</h1><img alt=\"confused cat\" src=\"data:image/png;base64," + base64.b64encode(tiny_png()).decode() + "\"><p>That page doesn't exist.</p>"), "404 with inline base64 PNG")
    clean("html-error-with-code-sample", 400, HTML, html_page("Bad request", "<h1>Bad request</h1><p>Your request was missing the <code>Content-Type</code> header. Example:</p><pre>curl -H 'Content-Type: application/json' https://api.example.com/v1/orders</pre>"), "documentation snippet in error page")
    clean("html-404-gzip", 404, HTML + CF, html_page("Page not found", "<h1>Page not found</h1><p>Check the address, or search our help centre at https://help.example.com/.</p>"), "404 page, gzip", gzip=True)


def misc():
    png_b64 = base64.b64encode(tiny_png()).decode()
    clean("base64-image-avatar", 422, JSON, js({"error": {"code": "IMAGE_TOO_SMALL", "message": "Avatar must be at least 64x64 pixels.", "received": {"mime": "image/png", "data": png_b64}}}), "base64 PNG echoed (image, not a secret)")
    clean("base64-image-placeholder", 404, JSON, js({"error": {"code": "NO_THUMBNAIL", "message": "No thumbnail yet; placeholder attached."}, "placeholder": "data:image/png;base64," + png_b64}), "data: URI PNG")
    id16 = non_luhn("491182730049125")
    id16b = non_luhn("520000123456789")
    assert not luhn(id16) and not luhn(id16b)
    clean("id-16-digit-not-luhn", 404, JSON, js({"error": {"code": "SHIPMENT_NOT_FOUND", "message": f"Shipment {id16} not found."}}), f"16-digit id failing Luhn ({id16})")
    clean("id-16-digit-grouped-not-luhn", 404, JSON, js({"error": {"code": "VOUCHER_INVALID", "message": f"Voucher {id16b[:4]} {id16b[4:8]} {id16b[8:12]} {id16b[12:]} is not valid."}}), "grouped 16-digit voucher failing Luhn")
    order = "2024-0518-7731-0042"
    assert not luhn(order), order
    clean("order-number-dashed", 404, JSON, js({"error": {"code": "ORDER_NOT_FOUND", "message": f"Order {order} was not found."}}), "dashed order number (not Luhn)")
    clean("phone-numbers", 400, JSON, js({"errors": [{"field": "phone", "message": "Number +44 20 7946 0958 is not a mobile number."}, {"field": "fallback_phone", "message": "(415) 555-0134 is already used by another account."}]}), "phone numbers")
    clean("uuid-timestamp-version", 500, JSON, js({"error": {"code": "INTERNAL", "message": "Unexpected error."}, "request_id": "c0a80164-0000-4000-8000-00000000abcd", "timestamp": "2024-05-14T09:21:07.512Z", "api_version": "2.3.1"}), "UUID + ISO timestamp + api_version")
    clean("public-urls", 404, JSON, js({"error": {"code": "NOT_FOUND", "message": "Unknown endpoint.", "docs": "https://api.example.com/v1/docs", "status_page": "https://status.example.com", "links": ["https://api.example.com/v1/orders", "https://api.example.com/v1/customers"]}}), "public URLs")
    clean("oauth-invalid-grant", 400, [("Content-Type", "application/json"), ("Cache-Control", "no-store")], js({"error": "invalid_grant", "error_description": "The refresh token is invalid or has expired."}), "OAuth 2.0 error response")
    clean("oauth-invalid-client", 401, [("Content-Type", "application/json"), ("WWW-Authenticate", "Basic realm=\"oauth\"")], js({"error": "invalid_client", "error_description": "Client authentication failed."}), "OAuth invalid_client")
    clean("grpc-status-json", 404, JSON, js({"code": 5, "message": "book \"shelves/1/books/42\" not found", "details": [{"@type": "type.googleapis.com/google.rpc.ResourceInfo", "resourceType": "book", "resourceName": "shelves/1/books/42", "description": "The book may have been deleted."}]}), "google.rpc.Status JSON")
    clean("s3-style-xml-nosuchkey", 404, [("Content-Type", "application/xml")], "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>reports/2024/05/summary.pdf</Key><RequestId>4442587FB7D0A2F9</RequestId></Error>\n", "S3-style XML error (object key, not a secret)")
    clean("xml-soap-fault-clean", 500, [("Content-Type", "text/xml; charset=utf-8")], "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Invalid postcode format.</faultstring></soap:Fault></soap:Body></soap:Envelope>", "clean SOAP fault")
    clean("hex-etag-request-id", 412, JSON + [("ETag", "\"5d41402abc4b2a76b9719d911017c592\""), ("X-Request-Id", "9f86d081884c7d659a2feaa0c55ad015")], js({"error": {"code": "PRECONDITION_FAILED", "message": "Resource changed since you loaded it."}}), "hex ETag and request id")
    clean("commit-sha-in-status", 503, JSON, js({"status": "degraded", "message": "Search is temporarily degraded.", "build": "web@2.3.1", "commit": "3544788"}), "app version and short commit (public release)")
    clean("rate-limit-headers", 429, JSON + [("Retry-After", "120"), ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "1715682000")], js({"message": "API rate limit exceeded. Try again after 2024-05-14T10:20:00Z."}), "rate limit headers with epoch")
    clean("csv-import-errors", 422, [("Content-Type", "text/csv")], "row,field,error\n12,email,is empty\n57,quantity,must be a number\n88,sku,SKU-1182 does not exist\n", "CSV of import errors")
    clean("empty-body-404", 404, [("Cache-Control", "no-cache")], "", "empty 404")
    clean("text-plain-405", 405, TEXT + [("Allow", "GET, HEAD")], "Method Not Allowed\n", "plain 405 with Allow")
    clean("envelope-chunked", 404, JSON_UTF8, js({"error": {"code": "NOT_FOUND", "message": "The invoice you asked for does not exist or was deleted.", "docs": "https://api.example.com/docs/errors#NOT_FOUND"}}), "envelope, chunked", chunked=True, chunk_size=40)
    clean("problem-gzip", 422, PROBLEM, js({"type": "https://api.example.com/problems/insufficient-funds", "title": "Insufficient funds", "status": 422, "detail": "Top up your wallet to continue."}), "problem+json, gzip", gzip=True)
    clean("validation-gzip-chunked", 400, JSON, js({"errors": [{"field": "password", "message": "must be at least 12 characters"}]}), "validation errors, gzip + chunked", gzip=True, chunked=True, chunk_size=30)
    clean("localized-german", 404, JSON_UTF8, js({"error": {"code": "NOT_FOUND", "message": "Die Bestellung wurde nicht gefunden."}}), "localized message")
    clean("localized-japanese-html", 404, HTML, html_page("ページが見つかりません", "<h1>ページが見つかりません</h1><p>お探しのページは移動または削除された可能性があります。</p>"), "localized HTML")
    clean("server-bare-names", 502, [("Server", "nginx"), ("Via", "1.1 google"), ("Content-Type", "application/json")], js({"error": {"code": "BAD_GATEWAY", "message": "Upstream service returned an invalid response."}}), "bare Server: nginx and Via 1.1 google")
    clean("server-google-frontend", 503, [("Server", "Google Frontend"), ("Content-Type", "text/html")], "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n",
          "load balancer 503 page with a versionless Server header")


def main():
    envelopes()
    problems()
    jsonapi()
    validation()
    business()
    prose()
    html_pages()
    misc()
    save_meta("hand_clean")


if __name__ == "__main__":
    main()
