"""Hand-made leaks of filesystem paths and internal network addresses."""
from common import leak, save_meta, js, JSON, JSON_UTF8, HTML, TEXT, PROBLEM, html_page

P = "path"
A = "internal_address"


def paths():
    leak(P, "python-filenotfound-json", 404, JSON, js({"error": "[Errno 2] No such file or directory: '/home/deploy/apps/reports/storage/exports/2024-05/q1.csv'"}), "Python OSError path")
    leak(P, "node-enoent-json", 500, JSON_UTF8, js({"errno": -2, "code": "ENOENT", "syscall": "open", "path": "/usr/src/app/uploads/avatars/u_8812.png"}), "Node ENOENT error object")
    leak(P, "windows-path-dotnet", 500, TEXT, "System.IO.DirectoryNotFoundException: Could not find a part of the path 'D:\\inetpub\\wwwroot\\PortalApi\\App_Data\\exports\\invoice-1042.pdf'.", ".NET DirectoryNotFoundException Windows path")
    leak(P, "windows-unc-path", 500, JSON, js({"message": "Access to the path '\\\\fs01.corp\\finance$\\payroll\\2024\\may.xlsx' is denied."}), "UNC share path in error")
    leak(P, "php-failed-opening", 200, HTML, "<br />\n<b>Warning</b>:  include(/var/www/vhosts/shop.example.com/httpdocs/lang/xx.php): Failed to open stream: No such file or directory in <b>/var/www/vhosts/shop.example.com/httpdocs/index.php</b> on line <b>9</b><br />\n", "PHP include warning with vhost paths")
    leak(P, "php-open-basedir", 200, HTML, "<b>Warning</b>: file_exists(): open_basedir restriction in effect. File(/etc/passwd) is not within the allowed path(s): (/var/www/clients/client4/web12/web:/var/www/clients/client4/web12/private:/tmp) in <b>/var/www/clients/client4/web12/web/lib/img.php</b> on line <b>40</b>", "PHP open_basedir message with allowed path list")
    leak(P, "java-filenotfound", 500, TEXT, "java.io.FileNotFoundException: /opt/tomcat/webapps/ROOT/WEB-INF/classes/application-prod.properties (No such file or directory)\n", "Java FileNotFoundException with WEB-INF path")
    leak(P, "go-open-error", 500, TEXT, "open /etc/ledger/keys/signing.pem: permission denied\n", "Go os.Open error")
    leak(P, "rust-io-error", 500, JSON, js({"error": "failed to read config file `/etc/inventory/config.toml`: Os { code: 2, kind: NotFound, message: \"No such file or directory\" }"}), "Rust io::Error debug output")
    leak(P, "ruby-errno-enoent", 500, TEXT, "Errno::ENOENT: No such file or directory @ rb_sysopen - /home/rails/apps/crm/releases/20240513101500/config/credentials/production.key\n", "Ruby Errno::ENOENT with Capistrano release path")
    leak(P, "macos-dev-path", 500, JSON, js({"message": "Template not found", "template": "/Users/jdoe/Projects/acme-web/src/views/emails/reset.ejs"}), "developer laptop path")
    leak(P, "windows-user-profile", 500, TEXT, "Error: Cannot find module 'C:\\Users\\buildsvc\\AppData\\Roaming\\npm\\node_modules\\pm2\\lib\\ProcessContainerFork.js'\n", "Windows user profile path")
    leak(P, "nginx-alias-traversal-msg", 403, TEXT, "Access denied: resolved path /var/www/static/../../etc/nginx/conf.d/default.conf is outside /var/www/static\n", "resolved server path echoed on a traversal attempt")
    leak(P, "django-template-does-not-exist", 500, TEXT, "TemplateDoesNotExist at /invoices/\ninvoices/list.html\nTemplate-loader postmortem\nDjango tried loading these templates, in this order:\n\nUsing engine django:\n    * django.template.loaders.filesystem.Loader: /srv/www/billing/templates/invoices/list.html (Source does not exist)\n    * django.template.loaders.app_directories.Loader: /srv/www/billing/venv/lib/python3.10/site-packages/django/contrib/admin/templates/invoices/list.html (Source does not exist)\n",
         "Django template loader postmortem paths")
    leak(P, "docker-volume-path", 500, JSON, js({"error": "sqlite: unable to open database file", "path": "/var/lib/docker/volumes/app_data/_data/app.db"}), "Docker volume path")
    leak(P, "k8s-secret-mount-path", 500, TEXT, "failed to load TLS keypair: open /var/run/secrets/kubernetes.io/serviceaccount/tls.key: no such file or directory\n", "Kubernetes secret mount path")
    leak(P, "upload-tmp-path", 400, JSON, js({"error": "Upload failed", "tmp_name": "/tmp/phpA1b2C3", "moved_to": "/var/www/html/wp-content/uploads/2024/05/invoice.pdf"}), "PHP upload temp/destination paths")
    leak(P, "coldfusion-template-path", 500, HTML, html_page("Error Occurred While Processing Request", "<h2>Error Occurred While Processing Request</h2><p>Could not find the included template ../includes/header.cfm.</p><p>The error occurred in <b>C:/ColdFusion2021/cfusion/wwwroot/store/cart.cfm: line 3</b></p>"), "ColdFusion error with Windows install path")
    leak(P, "asp-net-physical-path", 404, HTML, html_page("The resource cannot be found.", "<h1>Server Error in '/' Application.</h1><h2><i>The resource cannot be found.</i></h2><b>Requested URL: </b>/legacy/report.aspx<br><b>Physical Path: </b>E:\\Sites\\Intranet\\legacy\\report.aspx"), "ASP.NET 404 with physical path")
    leak(P, "git-directory-path-gzip", 500, TEXT, "fatal: not a git repository (or any of the parent directories): /srv/deploy/site-builder/workspace/.git\n", "git error with workspace path, gzip", gzip=True)
    leak(P, "webpack-source-path", 500, JSON, js({"error": "Module build failed", "file": "/home/ci/builds/x7Yz/frontend/src/pages/Checkout.tsx", "loc": "42:7"}), "CI build path in error")
    leak(P, "python-site-packages-path", 500, TEXT, "ImportError: cannot import name 'soft_unicode' from 'markupsafe' (/opt/app/.venv/lib/python3.9/site-packages/markupsafe/__init__.py)\n", "ImportError with site-packages path")


def addrs():
    leak(A, "rfc1918-10-upstream-json", 502, JSON, js({"error": "upstream connect error", "upstream": "10.12.4.31:8080", "retry_after": 5}), "10.x upstream address")
    leak(A, "rfc1918-172-envoy", 503, TEXT, "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: 111 (upstream 172.20.3.14:9000)\n", "Envoy reset with 172.20.x upstream")
    leak(A, "rfc1918-192-168-html", 504, HTML, html_page("504 Gateway Time-out", "<h1>Gateway Time-out</h1><p>The gateway did not receive a timely response from the upstream server 192.168.10.25:8443.</p>"), "192.168.x upstream in HTML")
    leak(A, "loopback-postgres", 503, JSON, js({"error": "connect ECONNREFUSED 127.0.0.1:5432", "service": "orders-db"}), "loopback postgres port")
    leak(A, "imds-169-254", 500, JSON, js({"error": "failed to fetch credentials", "detail": "Get \"http://169.254.169.254/latest/meta-data/iam/security-credentials/\": dial tcp 169.254.169.254:80: i/o timeout"}), "cloud metadata address")
    leak(A, "ipv6-ula", 502, TEXT, "dial tcp [fd00:10:244:1::1f]:8080: connect: connection refused\n", "IPv6 ULA fd00::/8")
    leak(A, "ipv6-link-local", 500, JSON, js({"error": "no route to host", "peer": "fe80::42:acff:fe11:2%eth0"}), "IPv6 link-local")
    leak(A, "db-internal-hostname", 500, TEXT, "could not translate host name \"db.internal\" to address: Name or service not known\n", "db.internal hostname")
    leak(A, "k8s-svc-cluster-local", 503, JSON, js({"message": "Redis connection lost", "host": "redis-master.cache.svc.cluster.local", "port": 6379}), "Kubernetes service FQDN")
    leak(A, "ec2-internal-hostname", 500, TEXT, "java.net.UnknownHostException: ip-10-0-1-23.ec2.internal: Name or service not known\n", "EC2 internal hostname")
    leak(A, "corp-build-host", 500, JSON, js({"error": "artifact fetch failed", "url": "http://build01.corp:8081/artifactory/libs-release/com/acme/pricing/2.3.1/pricing-2.3.1.jar"}), "corp build host URL")
    leak(A, "x-backend-server-header", 404, [("Content-Type", "application/json"), ("X-Backend-Server", "10.40.2.11:8080"), ("X-Upstream-Addr", "app-7f9c.prod.internal")],
         js({"error": {"code": "NOT_FOUND", "message": "No such route."}}), "clean body; internal address in response headers")
    leak(A, "via-header-internal", 502, [("Content-Type", "text/plain"), ("Via", "1.1 lb-int-03.dc1.corp (squid/5.7)"), ("X-Cache", "MISS from proxy-2.dc1.corp")],
         "Bad gateway\n", "Via/X-Cache headers naming internal proxies")
    leak(A, "haproxy-503-backend", 503, HTML, "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n<!-- backend api_pool: srv1 10.0.8.14:8000 DOWN, srv2 10.0.8.15:8000 DOWN -->\n</body></html>\n", "backend IPs in HTML comment")
    leak(A, "consul-service-address", 500, JSON, js({"error": "service discovery failed", "candidates": ["payments-1.node.dc1.consul:7001", "payments-2.node.dc1.consul:7001"]}), "Consul node addresses")
    leak(A, "redirect-to-internal", 502, [("Content-Type", "text/html"), ("Location", "http://10.0.0.5:8080/login")], "<a href=\"http://10.0.0.5:8080/login\">Moved</a>\n", "Location header pointing at private IP")
    leak(A, "grpc-unavailable", 503, JSON, js({"code": 14, "message": "connection error: desc = \"transport: Error while dialing: dial tcp 172.31.44.9:50051: connect: connection refused\""}), "gRPC dial error with 172.31.x")
    leak(A, "smtp-relay-error", 500, JSON, js({"error": "Failed to send verification email", "smtp": "relay.mail.lan:25", "reply": "421 4.7.0 mx-relay-01.lan Service not available"}), "SMTP relay hostname .lan")
    leak(A, "kafka-broker-list", 503, TEXT, "KafkaJSConnectionError: Connection error: getaddrinfo ENOTFOUND kafka-0.kafka-headless.streaming.svc.cluster.local\n  brokers: kafka-0.kafka-headless.streaming.svc.cluster.local:9092,10.1.7.33:9092\n", "Kafka broker addresses")
    leak(A, "cache-node-address", 500, JSON, js({"error": "memcached: server 192.168.56.101:11211 is marked dead"}), "memcached node")
    leak(A, "elastic-node-ip", 503, JSON, js({"error": "NoLivingConnectionsError", "nodes": [{"url": "http://10.2.0.11:9200/", "alive": False}, {"url": "http://10.2.0.12:9200/", "alive": False}]}), "Elasticsearch node URLs")
    leak(A, "cgnat-tailscale", 502, TEXT, "proxy: dial 100.101.102.103:3000: no route to host\n", "CGNAT / Tailscale 100.64/10 address")
    leak(A, "docker-bridge", 500, JSON, js({"detail": "Connection refused (host.docker.internal -> 172.17.0.1:5672)"}), "Docker bridge gateway")
    leak(A, "localhost-admin-url", 500, HTML, html_page("Error", "<p>Could not reach the admin API at <a href=\"http://localhost:9090/admin/reindex\">http://localhost:9090/admin/reindex</a>.</p>"), "localhost admin URL")
    leak(A, "internal-ip-in-trace-id", 500, JSON, js({"error": "timeout", "node": "worker@10.244.3.17", "pod": "checkout-5d8f7c9b6-x2k4q"}), "pod IP and name")
    leak(A, "cloudsql-private-ip", 500, TEXT, "dial tcp 10.121.0.3:3306: i/o timeout\n", "private DB IP")
    leak(A, "ldap-host", 500, JSON, js({"error": "LDAP bind failed", "server": "ldap://dc01.ad.acme.local:389", "base_dn": "OU=Staff,DC=ad,DC=acme,DC=local"}), "AD domain controller hostname and DN")
    leak(A, "set-cookie-domain-internal", 500, [("Content-Type", "text/plain"), ("Set-Cookie", "lb=app-03; Domain=shop-prod.internal; Path=/")], "Internal Server Error\n", "internal domain in Set-Cookie")
    leak(A, "ipv6-ula-gzip", 502, JSON, js({"error": "upstream unavailable", "addr": "[fd12:3456:789a:1::8]:443"}), "IPv6 ULA, gzip", gzip=True)
    leak(A, "mixed-internal-chunked", 500, TEXT, "health check failed:\n  postgres 10.0.5.10:5432 ok\n  redis redis.svc.cluster.local:6379 timeout\n  search 192.168.100.4:9200 refused\n", "list of internal endpoints, chunked", chunked=True, chunk_size=50)


def main():
    paths()
    addrs()
    save_meta("hand_path_addr")


if __name__ == "__main__":
    main()
