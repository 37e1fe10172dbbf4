"""Hand-made version-banner leaks and framework debug pages."""
from common import leak, save_meta, js, JSON, JSON_UTF8, HTML, TEXT, html_page

B = "banner"
D = "debug_page"

NEUTRAL_404 = js({"error": {"code": "NOT_FOUND", "message": "The requested resource was not found."}})


def banners():
    leak(B, "apache-ubuntu-header", 404, [("Server", "Apache/2.4.41 (Ubuntu)"), ("Content-Type", "application/json")], NEUTRAL_404, "Server: Apache/2.4.41 (Ubuntu) on otherwise clean JSON")
    leak(B, "php-x-powered-by", 500, [("Server", "Apache"), ("X-Powered-By", "PHP/8.1.2"), ("Content-Type", "text/html; charset=UTF-8")], html_page("Error", "<h1>Something went wrong</h1>"), "X-Powered-By: PHP/8.1.2")
    leak(B, "aspnet-version-headers", 500, [("Server", "Microsoft-IIS/10.0"), ("X-AspNet-Version", "4.0.30319"), ("X-AspNetMvc-Version", "5.2"), ("X-Powered-By", "ASP.NET"), ("Content-Type", "text/html; charset=utf-8")],
         html_page("Runtime Error", "<h2>An application error occurred on the server.</h2>"), "IIS + X-AspNet-Version + X-AspNetMvc-Version")
    leak(B, "iis-10-default-404", 404, [("Server", "Microsoft-IIS/10.0"), ("Content-Type", "text/html")],
         "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head><title>404 - File or directory not found.</title></head>\n<body><div id=\"header\"><h1>Server Error</h1></div>\n<div id=\"content\"><fieldset><h2>404 - File or directory not found.</h2>\n<h3>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</h3></fieldset></div></body></html>\n",
         "IIS 10 default 404")
    leak(B, "gunicorn-header", 502, [("Server", "gunicorn/20.1.0"), ("Content-Type", "application/json")], js({"error": {"code": "UPSTREAM", "message": "Try again shortly."}}), "Server: gunicorn/20.1.0")
    leak(B, "jetty-header-and-footer", 404, [("Server", "Jetty(9.4.z-SNAPSHOT)"), ("Content-Type", "text/html;charset=iso-8859-1"), ("Cache-Control", "must-revalidate,no-cache,no-store")],
         "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n<title>Error 404 Not Found</title>\n</head>\n<body><h2>HTTP ERROR 404 Not Found</h2>\n<table>\n<tr><th>URI:</th><td>/api/v0/items</td></tr>\n<tr><th>STATUS:</th><td>404</td></tr>\n<tr><th>MESSAGE:</th><td>Not Found</td></tr>\n<tr><th>SERVLET:</th><td>-</td></tr>\n</table>\n<hr><a href=\"https://eclipse.org/jetty\">Powered by Jetty:// 9.4.z-SNAPSHOT</a><hr/>\n\n</body>\n</html>\n",
         "Jetty error page with Powered by Jetty footer")
    leak(B, "tomcat-footer", 404, [("Content-Type", "text/html;charset=utf-8"), ("Content-Language", "en")],
         "<!doctype html><html lang=\"en\"><head><title>HTTP Status 404 – Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1><hr class=\"line\" /><p><b>Type</b> Status Report</p><p><b>Description</b> The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.</p><hr class=\"line\" /><h3>Apache Tomcat/9.0.41</h3></body></html>",
         "Tomcat status page footer Apache Tomcat/9.0.41")
    leak(B, "nginx-footer-custom-header", 500, [("Server", "cloudflare"), ("Content-Type", "text/html")],
         "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n", "nginx/1.18.0 in body footer behind a CDN")
    leak(B, "openresty-header", 403, [("Server", "openresty/1.21.4.1"), ("Content-Type", "text/html")],
         "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>openresty/1.21.4.1</center>\r\n</body>\r\n</html>\r\n", "OpenResty version")
    leak(B, "express-x-powered-by-json", 404, [("X-Powered-By", "Express"), ("Content-Type", "application/json; charset=utf-8")], NEUTRAL_404, "X-Powered-By: Express on clean JSON")
    leak(B, "werkzeug-header", 400, [("Server", "Werkzeug/3.0.1 Python/3.11.7"), ("Content-Type", "application/json")], js({"error": {"code": "BAD_REQUEST", "message": "Missing field: name"}}), "Werkzeug banner")
    leak(B, "envoy-x-envoy-headers", 503, [("Server", "envoy"), ("X-Envoy-Upstream-Service-Time", "12"), ("X-Powered-By", "Servlet/4.0 JSP/2.3 (Apache Tomcat/9.0.65 Java/Oracle Corporation/17.0.4)"), ("Content-Type", "text/plain")], "service unavailable\n", "X-Powered-By with Tomcat and Java version")
    leak(B, "kestrel-aspnetcore-version", 500, [("Server", "Kestrel"), ("X-Powered-By", "ASP.NET Core 8.0.4"), ("Content-Type", "text/plain")], "An error occurred.\n", "ASP.NET Core version in header")
    leak(B, "drupal-generator", 404, [("Server", "Apache/2.4.57 (Debian)"), ("X-Generator", "Drupal 10 (https://www.drupal.org)"), ("X-Drupal-Cache", "MISS"), ("Content-Type", "text/html; charset=UTF-8")], html_page("Page not found | Example", "<h1>Page not found</h1><p>The requested page could not be found.</p>"), "Drupal generator + Apache version")
    leak(B, "wordpress-meta-generator", 404, [("Server", "nginx"), ("Content-Type", "text/html; charset=UTF-8"), ("Link", "<https://blog.example.com/wp-json/>; rel=\"https://api.w.org/\"")],
         html_page("Page not found – Example Blog", "<h1>Oops! That page can&rsquo;t be found.</h1>", extra_head="<meta name=\"generator\" content=\"WordPress 6.4.3\" />\n"), "WordPress version in meta generator")
    leak(B, "lighttpd-header", 404, [("Server", "lighttpd/1.4.59"), ("Content-Type", "text/html")], "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>\n", "lighttpd version")
    leak(B, "caddy-go-version-body", 502, [("Server", "Caddy"), ("Content-Type", "text/plain")], "502 Bad Gateway\nCaddy v2.7.6 h1:w0NymbG2m9PcvKWsrXO6EEkY9Ru4FJK8uQbYcev1p3A= (go1.21.6)\n", "Caddy and Go version in body")
    leak(B, "uvicorn-python-version", 500, [("Server", "uvicorn"), ("X-Runtime", "Python/3.9.18 FastAPI/0.95.1"), ("Content-Type", "application/json")], js({"detail": "Internal Server Error"}), "framework versions in custom header")
    leak(B, "rails-version-header", 422, [("Server", "Puma 6.4.2 (ruby 3.2.2-p53)"), ("X-Runtime", "0.012"), ("Content-Type", "application/json; charset=utf-8")], js({"errors": {"email": ["has already been taken"]}}), "Puma/Ruby versions in Server")
    leak(B, "weblogic-footer", 404, [("Content-Type", "text/html")], html_page("Error 404--Not Found", "<h2>Error 404--Not Found</h2><h3>From RFC 2068 <i>Hypertext Transfer Protocol -- HTTP/1.1</i>:</h3><p>10.4.5 404 Not Found</p><hr><p>Oracle WebLogic Server 12.2.1.4.0</p>"), "WebLogic version in body")
    leak(B, "varnish-guru", 503, [("Server", "Varnish"), ("X-Varnish", "32770"), ("Via", "1.1 varnish (Varnish/7.1)"), ("Content-Type", "text/html; charset=utf-8")],
         "<!DOCTYPE html>\n<html><head><title>503 Backend fetch failed</title></head><body><h1>Error 503 Backend fetch failed</h1><p>Backend fetch failed</p><h3>Guru Meditation:</h3><p>XID: 32770</p><hr><p>Varnish cache server</p></body></html>\n", "Varnish version in Via")
    leak(B, "apache-banner-gzip", 404, [("Server", "Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips mod_fcgid/2.3.9 PHP/7.4.33"), ("Content-Type", "text/html; charset=iso-8859-1")],
         "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n", "full Apache module banner, gzip", gzip=True)


IGNITION = html_page("Undefined variable $cart", """<div id="app"></div>
<script>window.data = {"report":{"notifier":"Laravel Client","language":"PHP","framework_version":"10.48.4","language_version":"8.2.15",
"exception_class":"ErrorException","message":"Undefined variable $cart","stacktrace":[{"line_number":41,"method":"show","class":"App\\\\Http\\\\Controllers\\\\CartController",
"code_snippet":{"39":"    public function show(Request $request)","40":"    {","41":"        return view('cart.show', ['items' => $cart->items]);"},
"file":"\\/var\\/www\\/html\\/app\\/Http\\/Controllers\\/CartController.php","is_application_frame":true}],
"context":{"env":{"laravel_version":"10.48.4","laravel_locale":"en","laravel_config_cached":false,"app_debug":true,"app_env":"local","php_version":"8.2.15"},
"request":{"url":"http:\\/\\/shop.test\\/cart","method":"GET"}}},"shareableReport":{},"config":{"editor":"phpstorm","theme":"auto"}};</script>
<script src="/_ignition/scripts/ignition.js"></script>""")

WHOOPS = html_page("Whoops! There was an error.", """<div class="Whoops container">
<div class="exception"><div class="exc-title"><span class="exc-title-primary">PDOException</span></div>
<p class="exc-message">SQLSTATE[HY000] [2002] Connection refused</p></div>
<div class="frames-container"><div class="frame active" id="frame-line-0"><span class="frame-index">13</span>
<div class="frame-method-info"><span class="frame-class">PDO</span><span class="frame-function">__construct</span></div>
<div class="frame-file">/home/forge/app.example.com/vendor/laravel/framework/src/Illuminate/Database/Connectors/Connector.php<span class="frame-line">70</span></div></div></div>
<div class="data-table-container"><div class="data-table" id="sg-environment-variables"><label>Environment Variables</label>
<table class="data-table"><tr><td>APP_ENV</td><td>production</td></tr><tr><td>DB_HOST</td><td>127.0.0.1</td></tr><tr><td>DB_DATABASE</td><td>forge</td></tr><tr><td>DB_USERNAME</td><td>forge</td></tr><tr><td>DB_PASSWORD</td><td>&quot;************&quot;</td></tr></table></div></div>
</div>""")

RAILS = html_page("Action Controller: Exception caught", """<header><h1>NoMethodError in Orders#show</h1></header>
<div id="container"><h2>Showing <i>/app/app/views/orders/show.html.erb</i> where line <b>#12</b> raised:</h2>
<div class="exception-message"><div class="message">undefined method `full_name&#39; for nil:NilClass</div></div>
<div class="source"><div class="info">Extracted source (around line <strong>#12</strong>):</div><pre>
10   &lt;h2&gt;Order &lt;%= @order.number %&gt;&lt;/h2&gt;
11   &lt;p&gt;Placed by
12     &lt;%= @order.customer.full_name %&gt;
</pre></div>
<p><code>Rails.root: /app</code></p>
<div id="Application-Trace" style="display: block;"><code class="traces">app/views/orders/show.html.erb:12</code></div>
<h2 style="margin-top: 30px">Request</h2><p><b>Parameters</b>:</p><pre>{"id"=>"R184022911"}</pre>
<div class="details"><div class="summary"><a href="#" onclick="return toggleSessionDump()">Toggle session dump</a></div>
<div id="session_dump" style="display:none"><pre>_csrf_token: "pXkF8mWQ0mXvHh8c3J2bq0YV9r1Zx4o6a7s5d3f1g2h="
session_id: "5e1d0c9b8a7f6e5d4c3b2a1908f7e6d5"
warden.user.user.key: [[42], "$2a$12$abcdefghijklmnopqrstuv"]</pre></div></div>
<h2 style="margin-top: 30px">Response</h2><p><b>Headers</b>:</p><pre>None</pre>
</div>""")

RAILS_ROUTING = html_page("Action Controller: Exception caught", """<header><h1>Routing Error</h1></header>
<div id="container"><h2>No route matches [GET] &quot;/admin/reports&quot;</h2>
<p><code>Rails.root: /home/deploy/crm/releases/20240513101500</code></p>
<h2>Routes</h2><p>Routes match in priority from top to bottom</p>
<table id="route_table" class="route_table"><thead><tr><th>Helper</th><th>HTTP Verb</th><th>Path</th><th>Controller#Action</th></tr></thead><tbody>
<tr class="route_row"><td>admin_root_path</td><td>GET</td><td>/admin(.:format)</td><td>admin/dashboard#index</td></tr>
<tr class="route_row"><td>admin_impersonate_user_path</td><td>POST</td><td>/admin/users/:id/impersonate(.:format)</td><td>admin/users#impersonate</td></tr>
<tr class="route_row"><td>sidekiq_web_path</td><td></td><td>/sidekiq</td><td>Sidekiq::Web</td></tr>
<tr class="route_row"><td>rails_health_check</td><td>GET</td><td>/up(.:format)</td><td>rails/health#show</td></tr>
</tbody></table></div>""")

YSOD = """<!DOCTYPE html>
<html>
    <head>
        <title>Object reference not set to an instance of an object.</title>
        <style>body {font-family:"Verdana";font-weight:normal;font-size: .7em;color:black;} </style>
    </head>
    <body bgcolor="white">
            <span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>
            <h2> <i>Object reference not set to an instance of an object.</i> </h2></span>
            <font face="Arial, Helvetica, Geneva, SunSans-Regular, sans-serif ">
            <b> Description: </b>An unhandled exception occurred during the execution of the current web request. Please review the stack trace for more information about the error and where it originated in the code.
            <br><br>
            <b> Exception Details: </b>System.NullReferenceException: Object reference not set to an instance of an object.<br><br>
            <b>Source Error:</b> <br><br>
            <table width=100% bgcolor="#ffffcc"><tr><td><code><pre>
Line 40:         {
Line 41:             var customer = _repo.Find(id);
<font color=red>Line 42:             return View(customer.Addresses.First());
</font>Line 43:         }</pre></code></td></tr></table>
            <br><b> Source File: </b> C:\\inetpub\\wwwroot\\CustomerPortal\\Controllers\\CustomerController.cs<b> &nbsp;&nbsp; Line: </b> 42
            <br><br><b>Stack Trace:</b> <br><br>
            <table width=100% bgcolor="#ffffcc"><tr><td><code><pre>
[NullReferenceException: Object reference not set to an instance of an object.]
   CustomerPortal.Controllers.CustomerController.Details(Int32 id) in C:\\inetpub\\wwwroot\\CustomerPortal\\Controllers\\CustomerController.cs:42
   System.Web.Mvc.ActionMethodDispatcher.Execute(ControllerBase controller, Object[] parameters) +14
   System.Web.Mvc.ControllerActionInvoker.InvokeActionMethod(ControllerContext controllerContext, ActionDescriptor actionDescriptor, IDictionary`2 parameters) +157
</pre></code></td></tr></table>
            <br><hr width=100% size=1 color=silver>
            <b>Version Information:</b>&nbsp;Microsoft .NET Framework Version:4.0.30319; ASP.NET Version:4.8.4654.0
            </font>
    </body>
</html>
"""


def debug_pages():
    leak(D, "laravel-ignition", 500, [("Content-Type", "text/html; charset=UTF-8"), ("X-Powered-By", "PHP/8.2.15")], IGNITION, "Laravel Ignition page with report JSON, code snippet, env")
    leak(D, "whoops-pdo-env", 500, [("Content-Type", "text/html; charset=UTF-8")], WHOOPS, "Whoops page with frames and environment table")
    leak(D, "rails-exception-caught", 500, HTML, RAILS, "Rails 'Action Controller: Exception caught' with source, session dump")
    leak(D, "rails-routing-error", 404, HTML, RAILS_ROUTING, "Rails routing error page listing routes")
    leak(D, "aspnet-ysod", 500, [("Content-Type", "text/html; charset=utf-8"), ("Server", "Microsoft-IIS/10.0"), ("X-AspNet-Version", "4.0.30319")], YSOD, "ASP.NET yellow screen of death")
    leak(D, "aspnetcore-developer-exception-page", 500, HTML, html_page("Internal Server Error", "<h1>An unhandled exception occurred while processing the request.</h1><div class=\"titleerror\">InvalidOperationException: Unable to resolve service for type 'Contoso.Billing.IInvoiceStore' while attempting to activate 'Contoso.Billing.Controllers.InvoicesController'.</div><p class=\"location\">Microsoft.Extensions.DependencyInjection.ActivatorUtilities.GetService(IServiceProvider sp, Type type, Type requiredBy, bool isDefaultParameterRequired)</p><ul id=\"tabs\"><li>Stack</li><li>Query</li><li>Cookies</li><li>Headers</li><li>Routing</li></ul><div id=\"stackpage\"><ul><li><h3>Contoso.Billing.dll</h3><span>/src/Contoso.Billing/Controllers/InvoicesController.cs</span></li></ul></div><h2>Environment</h2><table><tr><td>ASPNETCORE_ENVIRONMENT</td><td>Development</td></tr></table>"),
         "ASP.NET Core DeveloperExceptionPage")
    leak(D, "symfony-exception-page", 500, HTML, html_page("An Error Occurred: Internal Server Error", "<div class=\"exception-summary\"><div class=\"exception-metadata\"><h2 class=\"exception-hierarchy\">Doctrine\\DBAL\\Exception\\ConnectionException</h2><h2 class=\"exception-http\">HTTP 500 Internal Server Error</h2></div><div class=\"exception-message-wrapper\"><h1 class=\"break-long exception-message\">An exception occurred in the driver: SQLSTATE[08006] [7] could not connect to server: Connection refused</h1></div></div><div class=\"sf-toolbar\" id=\"sfwdt3f1e2d\"></div><a href=\"/_profiler/3f1e2d\">View in Profiler</a><div class=\"trace-details\"><span class=\"trace-file-path\">/var/www/symfony/vendor/doctrine/dbal/src/Driver/PDO/Connection.php</span></div><p>Symfony 6.4.3 | PHP 8.2.15</p>"),
         "Symfony debug exception page with profiler link")
    leak(D, "spring-actuator-mappings", 200, [("Content-Type", "application/vnd.spring-boot.actuator.v3+json")], js({"contexts": {"application": {"mappings": {"dispatcherServlets": {"dispatcherServlet": [
        {"handler": "com.acme.admin.InternalAdminController#resetAllPasswords()", "predicate": "{POST [/internal/admin/reset-passwords]}"},
        {"handler": "com.acme.ops.DebugController#heapDump()", "predicate": "{GET [/internal/debug/heap]}"},
        {"handler": "Actuator web endpoint 'env'", "predicate": "{GET [/actuator/env], produces [application/vnd.spring-boot.actuator.v3+json]}"}]}}}}}),
        "Spring Boot actuator mappings exposed")
    leak(D, "go-pprof-index", 200, HTML, "<html>\n<head>\n<title>/debug/pprof/</title>\n</head>\n<body>\n/debug/pprof/\n<br>\n<p>Set debug=1 as a query parameter to export in legacy text format</p>\n<br>\nTypes of profiles available:\n<table>\n<thead><td>Count</td><td>Profile</td></thead>\n<tr><td>41</td><td><a href='allocs?debug=1'>allocs</a></td></tr>\n<tr><td>0</td><td><a href='block?debug=1'>block</a></td></tr>\n<tr><td>23</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>\n<tr><td>41</td><td><a href='heap?debug=1'>heap</a></td></tr>\n<tr><td>0</td><td><a href='mutex?debug=1'>mutex</a></td></tr>\n<tr><td>9</td><td><a href='threadcreate?debug=1'>threadcreate</a></td></tr>\n</table>\n<a href=\"goroutine?debug=2\">full goroutine stack dump</a>\n</body>\n</html>\n",
         "Go net/http/pprof index exposed")
    leak(D, "go-expvar", 200, JSON_UTF8, js({"cmdline": ["/usr/local/bin/ledger-api", "-config", "/etc/ledger/config.yaml", "-db-dsn", "postgres://ledger@10.0.5.10/ledger"], "memstats": {"Alloc": 8123456, "TotalAlloc": 91234567, "Sys": 25165824, "NumGC": 112}}), "Go expvar /debug/vars with cmdline")
    leak(D, "phoenix-debug-page", 500, HTML, html_page("UndefinedFunctionError at GET /invoices/99", "<header><h1>UndefinedFunctionError <small>at GET /invoices/99</small></h1><p>function Shop.Billing.fetch_invoice!/1 is undefined or private</p></header><div class=\"code-explorer\"><div class=\"code-snippet\"><pre>lib/shop_web/controllers/invoice_controller.ex:14</pre></div></div><div class=\"conn-info\"><dl><dt>Request info</dt><dd>URI: http://localhost:4000/invoices/99</dd><dt>Session</dt><dd>%{\"_csrf_token\" => \"hX1kF8mWQ0mXvHh8c3J2bq0Y\", \"user_id\" => 42}</dd></dl></div>"),
         "Phoenix Plug.Debugger page with session")
    leak(D, "sinatra-not-found-ditty", 404, [("Content-Type", "text/html;charset=utf-8"), ("X-Cascade", "pass")], "<!DOCTYPE html>\n<html>\n<head>\n  <style type=\"text/css\">\n  body { text-align:center;font-family:helvetica,arial;font-size:22px;\n    color:#888;margin:20px}\n  #c {margin:0 auto;width:500px;text-align:left}\n  </style>\n</head>\n<body>\n  <h2>Sinatra doesn&rsquo;t know this ditty.</h2>\n  <img src='http://127.0.0.1:4567/__sinatra__/404.png'>\n  <div id=\"c\">\n    Try this:\n    <pre>get &#x27;&#x2F;admin&#x2F;export&#x27; do\n  &quot;Hello World&quot;\nend\n</pre>\n  </div>\n</body>\n</html>\n",
         "Sinatra development 404 page")
    leak(D, "nextjs-dev-error-overlay", 500, HTML, "<!DOCTYPE html><html><head><meta charSet=\"utf-8\"/><title>500: Internal Server Error</title></head><body><div id=\"__next\"></div><script id=\"__NEXT_DATA__\" type=\"application/json\">" + js({"props": {"pageProps": {}}, "page": "/_error", "query": {}, "buildId": "development", "isFallback": False,
         "err": {"name": "TypeError", "source": "server", "message": "Cannot read properties of undefined (reading 'map')", "stack": "TypeError: Cannot read properties of undefined (reading 'map')\n    at Products (webpack-internal:///./pages/products.tsx:23:27)\n    at renderWithHooks (/home/dev/shop/node_modules/react-dom/cjs/react-dom-server.development.js:5658:16)"}, "gip": True, "scriptLoader": []}) + "</script></body></html>",
         "Next.js dev build error in __NEXT_DATA__")
    leak(D, "struts-devmode", 500, HTML, html_page("Struts Problem Report", "<h2>Struts Problem Report</h2><p>Struts has detected an unhandled exception:</p><div id=\"exception-info\"><table><tr><td><strong>Messages</strong>:</td><td><ol><li>tag 'select', field 'list', name 'country': The requested list key 'countries' could not be resolved as a collection/array/map/enumeration/iterator type.</li></ol></td></tr><tr><td><strong>File</strong>:</td><td>/WEB-INF/jsp/register.jsp</td></tr><tr><td><strong>Line</strong>:</td><td>34</td></tr></table></div><div id=\"stacktraces\"><pre>org.apache.jasper.JasperException: tag 'select'...\n\torg.apache.jasper.servlet.JspServletWrapper.handleJspException(JspServletWrapper.java:584)</pre></div>"),
         "Struts devMode problem report")
    leak(D, "codeigniter-error", 500, HTML, html_page("Error", "<div style=\"border:1px solid #990000;padding-left:20px;margin:0 0 10px 0;\"><h4>A PHP Error was encountered</h4><p>Severity: Warning</p><p>Message:  Undefined array key \"price\"</p><p>Filename: controllers/Cart.php</p><p>Line Number: 58</p><p>Backtrace:</p><p style=\"margin-left:10px\">File: /var/www/ci-shop/application/controllers/Cart.php<br />Line: 58<br />Function: _error_handler</p><p style=\"margin-left:10px\">File: /var/www/ci-shop/index.php<br />Line: 315<br />Function: require_once</p></div>"),
         "CodeIgniter PHP error block with backtrace")
    leak(D, "yii-debug-exception", 500, HTML, html_page("yii\\db\\Exception", "<div class=\"header\"><h1><span>Database Exception</span> &ndash; <a href=\"http://www.yiiframework.com/doc-2.0/yii-db-exception.html\" target=\"_blank\">yii\\db\\Exception</a></h1><h2>SQLSTATE[HY000] [2002] php_network_getaddresses: getaddrinfo for mysql-primary failed</h2></div><div class=\"call-stack\"><ul><li class=\"call-stack-item\"><div class=\"element-wrap\"><span class=\"file-name\">/app/vendor/yiisoft/yii2/db/Connection.php</span> at line 648</div></li></ul></div><div class=\"request\"><pre>$_SERVER = [\n    'DB_PASSWORD' => 'yii-db-Pa55',\n    'HOSTNAME' => 'web-6b8d9c7f5-2kxq9',\n];</pre></div><div class=\"footer\"><p class=\"timestamp\">2024-05-14, 09:21:07</p><p>Yii Framework/2.0.49.3 PHP/8.1.27</p></div>"),
         "Yii2 debug exception page with $_SERVER dump")
    leak(D, "flask-debugtoolbar", 200, HTML, html_page("Orders", "<h1>Orders</h1><div id=\"flDebug\" style=\"display:none;\"><div id=\"flDebugToolbar\"><h3>Flask Debug Toolbar</h3><ul id=\"flDebugPanelList\"><li><a href=\"#\" class=\"flDebugVersionsPanel\">Versions<br><small>Flask 2.3.3</small></a></li><li><a href=\"#\" class=\"flDebugSQLAlchemyDebugPanel\">SQLAlchemy<br><small>4 queries</small></a></li><li><a class=\"flDebugConfigVarsPanel\">Config<br><small>SQLALCHEMY_DATABASE_URI: mysql://orders:0rd3rs!@10.3.0.4/orders</small></a></li></ul></div></div>"),
         "Flask-DebugToolbar injected into a production page")
    leak(D, "coldfusion-robust-exception", 500, HTML, html_page("Error Occurred While Processing Request", "<table><tr><td><font style=\"COLOR: black; FONT: 16pt/18pt verdana\">The web site you are accessing has experienced an unexpected error.</font></td></tr><tr><td><h3>Error Executing Database Query.</h3><p>[Macromedia][SQLServer JDBC Driver][SQLServer]Invalid column name 'MemberTier'.</p><p>The error occurred in <b>D:/inetpub/members/profile.cfm: line 22</b></p><pre>SQL: SELECT MemberID, MemberTier FROM tblMembers WHERE MemberID = 10442\nDATASOURCE: members_prod\nVENDORERRORCODE: 207\nSQLSTATE: 42S22</pre><p>Browser: Mozilla/5.0<br>Remote Address: 10.8.1.77<br>Date/Time: 14-May-24 09:21 AM</p></td></tr></table>"),
         "ColdFusion robust exception information")
    leak(D, "werkzeug-console-exposed", 200, [("Server", "Werkzeug/2.2.2 Python/3.10.12"), ("Content-Type", "text/html; charset=utf-8")], "<!doctype html>\n<html lang=en>\n  <head>\n    <title>Console // Werkzeug Debugger</title>\n    <script>\n      var CONSOLE_MODE = true,\n          EVALEX = true,\n          EVALEX_TRUSTED = false,\n          SECRET = \"Zt2q9mXbP4kR7vW1yC3d\";\n    </script>\n  </head>\n  <body style=\"background-color: #fff\">\n    <div class=\"debugger\">\n<h1>Interactive Console</h1>\n<div class=\"explanation\">\nIn this console you can execute Python expressions in the context of the\napplication.  The initial namespace was created by the debugger automatically.\n</div>\n<div class=\"console\"><div class=\"inner\">The Console requires JavaScript.</div></div>\n    </div>\n  </body>\n</html>\n",
         "Werkzeug /console page reachable")
    leak(D, "laravel-telescope-json", 200, JSON, js({"entries": [{"type": "query", "content": {"connection": "mysql", "sql": "select * from `users` where `email` = 'ops@example.com' limit 1", "time": "1.21", "file": "/var/www/html/app/Http/Controllers/Auth/LoginController.php", "line": 44}}, {"type": "request", "content": {"uri": "/login", "payload": {"email": "ops@example.com", "password": "********"}, "headers": {"host": "app.example.com"}}}]}),
         "Laravel Telescope API reachable")
    leak(D, "django-debug-404-json-api", 404, TEXT, "Page not found (404)\nRequest Method:\tGET\nRequest URL:\thttps://api.example.com/v3/\nUsing the URLconf defined in config.urls, Django tried these URL patterns, in this order:\n\n    admin/\n    api/v1/\n    api/v2/\n    internal/healthz/\n    internal/flags/\n    __debug__/\n\nThe current path, v3/, didn’t match any of these.\n\nYou’re seeing this error because you have DEBUG = True in your Django settings file.\n",
         "Django DEBUG 404 text listing URL patterns")
    leak(D, "aspnet-ysod-gzip", 500, [("Content-Type", "text/html; charset=utf-8")], YSOD.replace("CustomerPortal", "VendorPortal"), "ASP.NET YSOD, gzip", gzip=True)
    leak(D, "rails-exception-chunked", 500, HTML, RAILS.replace("Orders#show", "Orders#edit"), "Rails exception page, chunked", chunked=True, chunk_size=512)


def main():
    banners()
    debug_pages()
    save_meta("hand_banner_debug")


if __name__ == "__main__":
    main()
