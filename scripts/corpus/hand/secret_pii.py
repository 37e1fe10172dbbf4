"""Hand-made secret and card-number leaks. All secrets are fake; all card
numbers are public test numbers (Luhn-valid, asserted below)."""
from common import leak, save_meta, js, JSON, JSON_UTF8, HTML, TEXT, html_page

S = "secret"
P = "personal_data"

FAKE_RSA = """-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAtightlipCORPUSfakeKEYdoNOTuse0123456789abcdefghijkl
mnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/FAKEfakeFAKEfak
eFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFA
KEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEf
-----END RSA PRIVATE KEY-----"""

FAKE_EC = """-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIFAKEtightlipCorpusOnlyNotARealKeyAAAAAAAAAAAAAAoAoGCCqGSM49
AwEHoUQDQgAEFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake
FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFA==
-----END EC PRIVATE KEY-----"""

JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfNDQxOSIsImVtYWlsIjoiYW5hQGV4YW1wbGUub3JnIiwicm9sZSI6InN1cHBvcnQiLCJleHAiOjE3MTU2ODIwMDB9.Q2Zr7mX4v9nL1bT8pY3wE6uH0jS5aD2fG7hK1oQwRzM"


def luhn(num):
    digits = [int(c) for c in num if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def secrets():
    leak(S, "aws-keys-json", 500, JSON, js({"error": "S3 upload failed", "config": {"region": "eu-west-1", "bucket": "acme-invoices", "accessKeyId": "AKIAIOSFODNN7EXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}), "AWS key pair in error config echo (AWS docs example values)")
    leak(S, "aws-credentials-file", 200, TEXT, "[default]\naws_access_key_id = AKIAZ3MEXAMPLE4PQRST\naws_secret_access_key = 9drTJvcXLB89EXAMPLEKEYtightlipCorpus0nly12\nregion = us-east-1\n", "~/.aws/credentials served by a misconfigured static route")
    leak(S, "rsa-private-key", 500, TEXT, "Failed to sign JWT with key loaded from JWT_PRIVATE_KEY:\n" + FAKE_RSA + "\nerror: crypto/rsa: verification error\n", "PEM RSA private key echoed")
    leak(S, "ec-private-key-json", 500, JSON, js({"error": "invalid curve", "key": FAKE_EC}), "EC private key in JSON")
    leak(S, "openssh-private-key", 200, TEXT, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBGQUtFdGlnaHRsaXBjb3JwdXNvbmx5bm90YXJlYWxrZXkAAAAAAAAAAA==\n-----END OPENSSH PRIVATE KEY-----\n", "deploy key exposed (fake)")
    leak(S, "jwt-in-error", 401, JSON, js({"error": "invalid_token", "error_description": f"Token {JWT} is expired", "expired_at": "2024-05-14T10:20:00Z"}), "full JWT echoed in 401")
    leak(S, "bearer-echo-html", 403, HTML, html_page("Forbidden", f"<h1>403 Forbidden</h1><p>Request headers:</p><pre>Host: api.example.com\nAuthorization: Bearer {JWT}\nAccept: */*</pre>"), "Authorization header echoed in HTML")
    leak(S, "basic-auth-echo", 401, TEXT, "Authentication failed for header 'Authorization: Basic YWRtaW46Q29ycHVzLU9ubHktUGFzc3dvcmQh'\n", "Basic credentials echoed (base64 of admin:password)")
    leak(S, "stripe-live-key", 500, JSON, js({"error": {"type": "api_error", "message": "Stripe request failed", "client": {"api_key": "sk_live_51MzEXAMPLEtightlipCorpusFakeKey00xYz0123", "api_version": "2023-10-16"}}}), "Stripe secret key in client dump")
    leak(S, "stripe-restricted-key", 502, TEXT, "stripe: invalid API key provided: rk_live_51MzEXAMPLErestrictedCorpusFake9876\n", "Stripe restricted key")
    leak(S, "github-pat", 500, JSON, js({"message": "git clone failed", "cmd": "git clone https://x-access-token:ghp_EXAMPLE0tightlip0Corpus0Fake0Token0123@github.com/acme/infra.git"}), "GitHub token in clone URL")
    leak(S, "github-fine-grained-pat", 500, TEXT, "GITHUB_TOKEN=github_pat_11AAEXAMPLE0tightlipCorpus_FakeFineGrainedTokenValue0123456789abcdef\n", "fine-grained GitHub PAT in env echo")
    leak(S, "slack-bot-token", 500, JSON, js({"ok": False, "error": "channel_not_found", "debug": {"token": "xoxb-000000000000-0000000000000-EXAMPLEtightlipFakeTok", "channel": "#alerts-prod"}}), "Slack bot token")
    leak(S, "slack-webhook-url", 500, TEXT, "notify: POST https://hooks.slack.com/services/T00000000/B00000000/EXAMPLEtightlipFakeHook failed: 404 no_service\n", "Slack webhook URL")
    leak(S, "google-api-key", 400, JSON, js({"error": "geocoding failed", "request": "https://maps.googleapis.com/maps/api/geocode/json?address=Main+St&key=AIzaSyEXAMPLE-tightlipCorpusFakeKey012"}), "Google API key in echoed URL")
    leak(S, "postgres-dsn", 500, TEXT, "could not connect using DATABASE_URL=postgres://app:s3cret@db.internal:5432/shop?sslmode=require\n", "Postgres DSN with password")
    leak(S, "mongodb-srv-dsn", 500, JSON, js({"error": "MongoServerSelectionError: connection timed out", "uri": "mongodb+srv://svc_orders:Orders2024!@cluster0.ab1cd.mongodb.net/orders?retryWrites=true&w=majority"}), "mongodb+srv URI with credentials")
    leak(S, "amqp-redis-dsns", 503, JSON, js({"broker": "amqp://celery:rabbit-Pa55@rabbitmq.svc.cluster.local:5672//", "result_backend": "redis://:cache-Pa55@redis.svc.cluster.local:6379/1"}), "broker URLs with passwords")
    leak(S, "config-dump-password", 200, TEXT, "[database]\nhost=10.0.3.17\nport=3306\nuser=shop\npassword=hunter2\n\n[smtp]\nhost=smtp.example.com\nusername=noreply@example.com\npassword=Mail-Pa55-2024\n", "INI config dump with passwords")
    leak(S, "dotenv-dump", 200, [("Content-Type", "application/octet-stream")], "APP_ENV=production\nAPP_KEY=base64:Zm9vYmFyYmF6cXV4dGlnaHRsaXBjb3JwdXNvbmx5MTI=\nDATABASE_URL=mysql://forge:Forge-DB-Pa55@127.0.0.1:3306/forge\nMAIL_PASSWORD=smtp-secret-123\nSENTRY_LARAVEL_DSN=https://abc123def456@o0.ingest.sentry.io/1\n", ".env served from webroot")
    leak(S, "sendgrid-key", 500, JSON, js({"errors": [{"message": "The provided authorization grant is invalid, expired, or revoked", "field": None}], "api_key_used": "SG.EXAMPLEtightlip.CorpusFakeSendGridKey0123456789abcdefghijk"}), "SendGrid key")
    leak(S, "twilio-auth-token", 500, TEXT, "TwilioRestException: Authenticate\naccount_sid=AC00000000000000000000000000000000 auth_token=0123456789abcdef0123456789abcdef\n", "Twilio account SID + auth token")
    leak(S, "gitlab-npm-tokens", 500, JSON, js({"registry": "//registry.npmjs.org/:_authToken=npm_EXAMPLEtightlipCorpusFake0123456789", "ci_job_token": "glpat-EXAMPLEtightlipFake12"}), "npm and GitLab tokens")
    leak(S, "azure-storage-connstring", 500, TEXT, "Azure.RequestFailedException: Server failed to authenticate the request.\nConnectionString: DefaultEndpointsProtocol=https;AccountName=acmeprodstore;AccountKey=EXAMPLEtightlipCorpusFakeAzureKeyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==;EndpointSuffix=core.windows.net\n", "Azure storage account key")
    leak(S, "session-cookie-secret", 500, JSON, js({"error": "session decode failed", "settings": {"SECRET_KEY": "django-insecure-9f$k2!m@x7#p0tightlipcorpusfake", "SESSION_COOKIE_NAME": "sid"}}), "framework SECRET_KEY in settings echo")
    leak(S, "jwt-secret-in-trace", 500, TEXT, "JsonWebTokenError: invalid signature\n    at /app/node_modules/jsonwebtoken/verify.js:171:19\n    config: { algorithm: 'HS256', secret: 'jwt-s3cr3t-tightlip-corpus-fake' }\n", "JWT signing secret in trace")
    leak(S, "secret-gzip", 500, JSON, js({"error": "vault unreachable", "fallback_env": {"AWS_SECRET_ACCESS_KEY": "Zx9EXAMPLEtightlipCorpusFakeSecretKey0abc", "AWS_ACCESS_KEY_ID": "AKIA2EXAMPLE3TLCORP"}}), "AWS keys, gzip", gzip=True)
    leak(S, "dsn-chunked", 500, TEXT, "Startup probe failed\nREDIS_URL=rediss://default:Upstash-Fake-Pa55@eu1-fake-12345.upstash.io:6379\nDATABASE_URL=postgresql://neondb_owner:npg_FakePa55@ep-fake-123.eu-central-1.aws.neon.tech/neondb\n",
         "DSNs with passwords, chunked", chunked=True, chunk_size=60)


CARDS = ["4242424242424242", "5555555555554444", "378282246310005", "4111111111111111", "6011111111111117",
         "3530111333300000", "30569309025904", "5105105105105100", "4012888888881881", "371449635398431",
         "6011000990139424", "2223003122003222", "4000056655665556", "5200828282828210", "6200000000000005",
         "3566002020360505", "36227206271667", "4000002500003155"]


def spaced(n, groups=(4, 4, 4, 4)):
    out, i = [], 0
    for g in groups:
        if i >= len(n):
            break
        out.append(n[i:i + g])
        i += g
    return " ".join(out)


def pii():
    for c in CARDS:
        assert luhn(c), c
    c = CARDS
    leak(P, "card-spaced-decline", 402, JSON, js({"error": {"code": "card_declined", "message": "Card 4242 4242 4242 4242 was declined."}}), "spaced Visa test number in message")
    leak(P, "card-mastercard-json-echo", 400, JSON, js({"error": "invalid expiry", "payment_method": {"number": c[1], "exp_month": 13, "exp_year": 2027, "cvc": "123"}}), "Mastercard number + CVC echoed")
    leak(P, "card-amex-15", 422, JSON, js({"errors": [{"field": "card", "message": f"Amex card {c[2]} is not accepted for this merchant"}]}), "Amex 15-digit")
    leak(P, "card-dashed-html", 500, HTML, html_page("Payment error", f"<p>We could not charge card 4111-1111-1111-1111 for order #A-20240514-0091.</p>"), "dashed Visa in HTML")
    leak(P, "card-discover-log-line", 500, TEXT, f"2024-05-14T09:21:07Z ERROR payment.charge failed pan={c[4]} exp=0428 amount=59.90 EUR\n", "log line with PAN")
    leak(P, "card-jcb-xml", 502, [("Content-Type", "application/xml")], f"<?xml version=\"1.0\"?>\n<PaymentResponse><Status>ERROR</Status><Reason>Issuer unavailable</Reason><CardNumber>{c[5]}</CardNumber><Expiry>2026-11</Expiry></PaymentResponse>\n", "JCB in XML gateway response")
    leak(P, "card-diners-14", 400, JSON, js({"message": f"Diners Club card {spaced(c[6], (4, 6, 4))} requires 3-D Secure"}), "Diners 14-digit spaced 4-6-4")
    leak(P, "card-query-string-echo", 404, HTML, html_page("Not found", f"<p>No route for /checkout/confirm?card={c[7]}&amp;cvv=321</p>"), "card in echoed URL")
    leak(P, "card-validation-error-echo", 422, JSON, js({"detail": [{"loc": ["body", "card", "expiry"], "msg": "expiry date is in the past", "type": "value_error", "input": {"number": c[8], "expiry": "01/21", "holder": "MARIA LOPEZ"}}]}), "pydantic-style error echoing input card")
    leak(P, "card-amex-spaced-4-6-5", 402, TEXT, f"Payment declined for card {spaced(c[9], (4, 6, 5))} (insufficient funds)\n", "Amex 4-6-5 formatting")
    leak(P, "card-in-stack-trace", 500, TEXT, f"java.lang.IllegalArgumentException: Invalid BIN for card {c[10]}\n\tat com.acme.pay.BinLookup.resolve(BinLookup.java:51)\n", "Discover card inside an exception message")
    leak(P, "card-2-series-mastercard", 400, JSON, js({"error": f"Card {c[11]} is not enrolled in 3DS"}), "Mastercard 2-series")
    leak(P, "card-graphql-error", 200, JSON, js({"data": None, "errors": [{"message": f"Variable \"$input\" got invalid value {{ cardNumber: \"{c[12]}\", cvc: \"999\" }}; Field \"expiry\" of required type \"String!\" was not provided.", "extensions": {"code": "BAD_USER_INPUT"}}]}), "GraphQL variable echo with card")
    leak(P, "card-mastercard-debit-csv", 500, [("Content-Type", "text/csv")], f"order_id,card_number,amount,status\n100231,{c[13]},12.00,failed\n100232,{c[1]},45.10,failed\n", "CSV export of failed payments")
    leak(P, "card-unionpay", 400, JSON, js({"error": {"code": "unsupported_card", "message": f"UnionPay card {c[14]} not supported in region EU"}}), "UnionPay test number")
    leak(P, "card-jcb-form-value", 400, HTML, html_page("Checkout", f"<p class=\"error\">Please check your card details.</p><form><input name=\"cc_number\" value=\"{c[15]}\"><input name=\"cc_cvv\" value=\"123\"></form>"), "card re-rendered in form value")
    leak(P, "card-diners-plain", 500, TEXT, f"tokenization failed for {c[16]}\n", "Diners 14-digit plain")
    leak(P, "card-3ds-required", 402, JSON, js({"status": "requires_action", "error": f"3DS challenge failed for {spaced(c[17])}"}), "3DS test card spaced")
    leak(P, "card-with-name-address", 500, JSON, js({"error": "AVS mismatch", "billing": {"name": "Jan Kowalski", "line1": "ul. Prosta 12", "postal_code": "00-850", "card": c[0], "cvc": "314"}}), "card + cardholder data")
    leak(P, "card-in-redirect-location", 302, [("Location", f"https://shop.example.com/payment/failed?pan={c[3]}&reason=declined"), ("Content-Type", "text/html")], "<a href=\"/payment/failed\">Found</a>\n", "card in Location header", reason="Found")
    leak(P, "card-multiple-in-batch", 207, JSON, js({"results": [{"id": 1, "card": c[0], "status": "declined"}, {"id": 2, "card": c[1], "status": "error", "error": "issuer timeout"}]}), "batch result listing cards", reason="Multi-Status")
    leak(P, "card-soap-fault", 500, [("Content-Type", "text/xml; charset=utf-8")], f"<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Authorization failed for PAN {c[8]} expiry 1226</faultstring></soap:Fault></soap:Body></soap:Envelope>", "SOAP fault with PAN")
    leak(P, "card-gzip-json", 402, JSON, js({"error": {"type": "card_error", "message": f"Your card {c[0]} was declined.", "decline_code": "generic_decline"}}), "card in JSON, gzip", gzip=True)
    leak(P, "card-dashed-gzip-html", 500, HTML, html_page("Error", "<p>Charge failed: card 5555-5555-5555-4444, amount 19.99 USD</p>"), "dashed card in HTML, gzip", gzip=True)
    leak(P, "card-chunked-text", 500, TEXT, f"retry queue dump:\n  job=charge card={c[3]} attempts=3\n  job=refund card={c[2]} attempts=1\n", "cards in a job dump, chunked", chunked=True, chunk_size=48)
    leak(P, "card-ssn-profile-dump", 500, JSON, js({"error": "profile sync failed", "profile": {"name": "John Q. Sample", "ssn": "078-05-1120", "dob": "1984-02-29", "card_on_file": c[3]}}), "profile dump with SSN and card")


def main():
    secrets()
    pii()
    save_meta("hand_secret_pii")


if __name__ == "__main__":
    main()
