"""Hand-made stack trace leaks for stacks not installable on this machine."""
from common import leak, save_meta, js, JSON, JSON_UTF8, HTML, TEXT, html_page

C = "stack_trace"

JAVA_NPE = """java.lang.NullPointerException: Cannot invoke "com.acme.shop.domain.Customer.getEmail()" because "customer" is null
\tat com.acme.shop.service.OrderService.placeOrder(OrderService.java:87)
\tat com.acme.shop.web.OrderController.create(OrderController.java:42)
\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)
\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)
\tat org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:188)
\tat org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)
\tat org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)
\tat org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)
\tat jakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)
\tat org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:205)
\tat org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:61)
\tat java.base/java.lang.Thread.run(Thread.java:1583)
"""

JAVA_CAUSED = """org.springframework.dao.DataIntegrityViolationException: could not execute statement; SQL [n/a]; constraint [uk_customer_email]
\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:290)
\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.translateExceptionIfPossible(HibernateJpaDialect.java:241)
\tat com.acme.billing.repo.CustomerRepository$$SpringCGLIB$$0.save(<generated>)
\tat com.acme.billing.service.SignupService.register(SignupService.java:58)
\t... 87 common frames omitted
Caused by: org.hibernate.exception.ConstraintViolationException: could not execute statement
\tat org.hibernate.exception.internal.SQLStateConversionDelegate.convert(SQLStateConversionDelegate.java:97)
\tat org.hibernate.engine.jdbc.spi.SqlExceptionHelper.convert(SqlExceptionHelper.java:58)
\t... 112 more
Caused by: java.sql.SQLIntegrityConstraintViolationException: Duplicate entry 'ana@example.org' for key 'uk_customer_email'
\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:117)
\tat com.mysql.cj.jdbc.ClientPreparedStatement.executeInternal(ClientPreparedStatement.java:916)
\t... 120 more
"""

KOTLIN = """io.ktor.server.plugins.BadRequestException: Failed to convert request body to class com.example.api.CreateUser
\tat io.ktor.server.request.ApplicationReceiveFunctionsKt.receiveNullable(ApplicationReceiveFunctions.kt:108)
\tat com.example.api.routes.UserRoutesKt$userRoutes$1$1.invokeSuspend(UserRoutes.kt:31)
\tat kotlin.coroutines.jvm.internal.BaseContinuationImpl.resumeWith(ContinuationImpl.kt:33)
\tat kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:108)
\tat io.netty.util.concurrent.SingleThreadEventExecutor$4.run(SingleThreadEventExecutor.java:997)
Caused by: kotlinx.serialization.MissingFieldException: Field 'email' is required for type with serial name 'com.example.api.CreateUser', but it was missing at path: $
\tat kotlinx.serialization.internal.PluginExceptionsKt.throwMissingFieldException(PluginExceptions.kt:20)
\tat com.example.api.CreateUser.<init>(Models.kt:12)
"""

SCALA = """play.api.UnexpectedException: Unexpected exception[IllegalArgumentException: requirement failed: quantity must be positive]
\tat play.api.http.HttpErrorHandlerExceptions$.throwableToUsefulException(HttpErrorHandler.scala:355)
\tat play.api.http.DefaultHttpErrorHandler.onServerError(HttpErrorHandler.scala:267)
Caused by: java.lang.IllegalArgumentException: requirement failed: quantity must be positive
\tat scala.Predef$.require(Predef.scala:337)
\tat controllers.CartController.$anonfun$add$1(CartController.scala:44)
\tat scala.concurrent.Future$.$anonfun$apply$1(Future.scala:687)
\tat akka.dispatch.TaskInvocation.run(AbstractDispatcher.scala:49)
"""

DOTNET = """System.NullReferenceException: Object reference not set to an instance of an object.
   at Contoso.Orders.Api.Controllers.OrdersController.GetOrder(Int32 id) in C:\\src\\Contoso.Orders\\Contoso.Orders.Api\\Controllers\\OrdersController.cs:line 42
   at lambda_method12(Closure , Object , Object[] )
   at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.SyncObjectResultExecutor.Execute(IActionResultTypeMapper mapper, ObjectMethodExecutor executor, Object controller, Object[] arguments)
   at Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker.<InvokeActionMethodAsync>g__Logged|12_1(ControllerActionInvoker invoker)
   at Microsoft.AspNetCore.Routing.EndpointMiddleware.<Invoke>g__AwaitRequestTask|6_0(Endpoint endpoint, Task requestTask, ILogger logger)
   at Microsoft.AspNetCore.Authorization.AuthorizationMiddleware.Invoke(HttpContext context)
   at Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddlewareImpl.Invoke(HttpContext context)"""

DOTNET_AGG = """System.AggregateException: One or more errors occurred. (A task was canceled.)
 ---> System.Threading.Tasks.TaskCanceledException: A task was canceled.
   at System.Net.Http.HttpClient.HandleFailure(Exception e, Boolean telemetryStarted, HttpResponseMessage response, CancellationTokenSource cts, CancellationToken cancellationToken, CancellationTokenSource pendingRequestsCts)
   at System.Net.Http.HttpClient.<SendAsync>g__Core|83_0(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationTokenSource cts, Boolean disposeCts, CancellationTokenSource pendingRequestsCts, CancellationToken originalCancellationToken)
   at Fabrikam.Pricing.Clients.RatesClient.FetchAsync(String currency) in /src/Fabrikam.Pricing/Clients/RatesClient.cs:line 77
   --- End of inner exception stack trace ---
   at System.Threading.Tasks.Task.ThrowIfExceptional(Boolean includeTaskCanceledExceptions)
   at Fabrikam.Pricing.Services.QuoteService.Quote(QuoteRequest req) in /src/Fabrikam.Pricing/Services/QuoteService.cs:line 31"""

GO_PANIC = """panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6f1c2a]

goroutine 1 [running]:
main.(*Server).handleCheckout(0xc0000a6000, {0x8d4e20, 0xc0001c20e0}, 0xc0001b8100)
\t/home/builder/src/github.com/acme/checkout/server.go:118 +0x4a
net/http.HandlerFunc.ServeHTTP(0x0?, {0x8d4e20?, 0xc0001c20e0?}, 0x0?)
\t/usr/local/go/src/net/http/server.go:2136 +0x29
net/http.(*ServeMux).ServeHTTP(0x0?, {0x8d4e20, 0xc0001c20e0}, 0xc0001b8100)
\t/usr/local/go/src/net/http/server.go:2514 +0x142
net/http.serverHandler.ServeHTTP({0xc0001a4000?}, {0x8d4e20?, 0xc0001c20e0?}, 0x6?)
\t/usr/local/go/src/net/http/server.go:2938 +0x8e
net/http.(*conn).serve(0xc0001ae000, {0x8d5528, 0xc0001a2150})
\t/usr/local/go/src/net/http/server.go:2009 +0x5f4
created by net/http.(*Server).Serve in goroutine 1
\t/usr/local/go/src/net/http/server.go:3086 +0x5cb
"""

GO_GIN = """2024/05/14 09:21:07 [Recovery] 2024/05/14 - 09:21:07 panic recovered:
runtime error: index out of range [3] with length 3
/app/internal/handlers/cart.go:64 (0x9a3f1d)
\tCartHandler.Item: item := cart.Items[idx]
/root/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/context.go:174 (0x8b2c41)
\t(*Context).Next: c.handlers[c.index](c)
/root/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/recovery.go:102 (0x8b2c2c)
\tCustomRecoveryWithWriter.func1: c.Next()
/usr/local/go/src/net/http/server.go:2938 (0x6d3b4e)
\tserverHandler.ServeHTTP: handler.ServeHTTP(rw, req)
"""

RUST = """thread 'tokio-runtime-worker' panicked at src/main.rs:10:5:
called `Option::unwrap()` on a `None` value
stack backtrace:
   0: rust_begin_unwind
             at /rustc/25ef9e3d85d934b27d9dada2f9dd52b1dc63bb04/library/std/src/panicking.rs:647:5
   1: core::panicking::panic_fmt
             at /rustc/25ef9e3d85d934b27d9dada2f9dd52b1dc63bb04/library/core/src/panicking.rs:72:14
   2: core::panicking::panic
             at /rustc/25ef9e3d85d934b27d9dada2f9dd52b1dc63bb04/library/core/src/panicking.rs:144:5
   3: inventory_api::handlers::get_item::{{closure}}
             at ./src/main.rs:10:5
   4: axum::handler::Handler::call::{{closure}}
             at /home/ci/.cargo/registry/src/index.crates.io-6f17d22bba15001f/axum-0.7.4/src/handler/mod.rs:236:44
note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.
"""

ELIXIR = """** (RuntimeError) could not reserve stock for SKU-1182
    (shop 0.4.2) lib/shop/inventory.ex:57: Shop.Inventory.reserve!/2
    (shop 0.4.2) lib/shop_web/controllers/order_controller.ex:23: ShopWeb.OrderController.create/2
    (shop 0.4.2) lib/shop_web/controllers/order_controller.ex:1: ShopWeb.OrderController.action/2
    (phoenix 1.7.10) lib/phoenix/router.ex:432: Phoenix.Router.__call__/5
    (shop 0.4.2) lib/shop_web/endpoint.ex:1: ShopWeb.Endpoint.plug_builder_call/2
    (bandit 1.1.2) lib/bandit/pipeline.ex:103: Bandit.Pipeline.call_plug/2
"""

ERLANG = """{error,{badmatch,{error,enoent}},
 [{config_srv,load,1,[{file,"/opt/app/lib/config_srv/src/config_srv.erl"},{line,88}]},
  {cowboy_handler,execute,2,[{file,"/opt/app/deps/cowboy/src/cowboy_handler.erl"},{line,37}]},
  {cowboy_stream_h,execute,3,[{file,"/opt/app/deps/cowboy/src/cowboy_stream_h.erl"},{line,306}]},
  {proc_lib,init_p_do_apply,3,[{file,"proc_lib.erl"},{line,241}]}]}
"""

RUBY = """NoMethodError (undefined method `name' for nil:NilClass):

app/controllers/invoices_controller.rb:19:in `show'
actionpack (7.1.3) lib/action_controller/metal/basic_implicit_render.rb:6:in `send_action'
actionpack (7.1.3) lib/abstract_controller/base.rb:224:in `process_action'
actionpack (7.1.3) lib/action_controller/metal/rendering.rb:165:in `process_action'
activesupport (7.1.3) lib/active_support/callbacks.rb:121:in `block in run_callbacks'
/usr/local/bundle/gems/rack-3.0.9/lib/rack/sendfile.rb:114:in `call'
/usr/local/bundle/gems/puma-6.4.2/lib/puma/thread_pool.rb:155:in `block in spawn_thread'
"""

SINATRA = """ZeroDivisionError - divided by 0:
\t/srv/app/lib/metrics.rb:31:in `/'
\t/srv/app/lib/metrics.rb:31:in `average'
\t/srv/app/app.rb:48:in `block in <class:Api>'
\t/usr/local/bundle/gems/sinatra-3.1.0/lib/sinatra/base.rb:1706:in `call'
\t/usr/local/bundle/gems/sinatra-3.1.0/lib/sinatra/base.rb:1706:in `block in compile!'
\t/usr/local/bundle/gems/rack-2.2.8/lib/rack/builder.rb:244:in `call'
"""

PHP_FATAL = """<br />
<b>Fatal error</b>:  Uncaught Error: Call to a member function fetch() on bool in /var/www/html/inc/cart.php:12
Stack trace:
#0 /var/www/html/checkout.php(44): Cart-&gt;load(Array)
#1 {main}
  thrown in <b>/var/www/html/inc/cart.php</b> on line <b>12</b><br />
"""

PHP_UNCAUGHT = """PHP Fatal error:  Uncaught TypeError: App\\Service\\Mailer::send(): Argument #1 ($to) must be of type string, null given, called in /srv/www/app/src/Controller/ContactController.php on line 57 and defined in /srv/www/app/src/Service/Mailer.php:23
Stack trace:
#0 /srv/www/app/src/Controller/ContactController.php(57): App\\Service\\Mailer->send(NULL, 'Contact form', '...')
#1 /srv/www/app/vendor/symfony/http-kernel/HttpKernel.php(181): App\\Controller\\ContactController->submit(Object(Symfony\\Component\\HttpFoundation\\Request))
#2 /srv/www/app/vendor/symfony/http-kernel/HttpKernel.php(76): Symfony\\Component\\HttpKernel\\HttpKernel->handleRaw(Object(Symfony\\Component\\HttpFoundation\\Request), 1)
#3 /srv/www/app/public/index.php(25): Symfony\\Component\\HttpKernel\\Kernel->handle(Object(Symfony\\Component\\HttpFoundation\\Request))
#4 {main}
  thrown in /srv/www/app/src/Service/Mailer.php on line 23
"""

PY_AIOHTTP = """Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/aiohttp/web_protocol.py", line 452, in _handle_request
    resp = await request_handler(request)
  File "/usr/local/lib/python3.12/site-packages/aiohttp/web_app.py", line 543, in _handle
    resp = await handler(request)
  File "/srv/geo/app/views.py", line 88, in lookup
    country = COUNTRIES[request.match_info["code"].upper()]
KeyError: 'XK'
"""

PY_TORNADO = """Traceback (most recent call last):
  File "/opt/venv/lib/python3.10/site-packages/tornado/web.py", line 1786, in _execute
    result = await result
  File "/opt/svc/handlers/upload.py", line 41, in post
    meta = json.loads(self.request.body)
  File "/usr/lib/python3.10/json/__init__.py", line 346, in loads
    return _default_decoder.decode(s)
  File "/usr/lib/python3.10/json/decoder.py", line 337, in decode
    obj, end = self.raw_decode(s, idx=_w(s, 0).end())
  File "/usr/lib/python3.10/json/decoder.py", line 355, in raw_decode
    raise JSONDecodeError("Expecting value", s, err.value) from None
json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)
"""

PY_CHAINED = """Traceback (most recent call last):
  File "/app/payments/gateway.py", line 61, in charge
    resp = self._session.post(self.url, json=payload, timeout=5)
  File "/usr/local/lib/python3.11/site-packages/requests/sessions.py", line 637, in post
    return self.request("POST", url, data=data, json=json, **kwargs)
requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='psp.example.net', port=443): Read timed out. (read timeout=5)

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/app/payments/views.py", line 23, in create_payment
    result = gateway.charge(order)
  File "/app/payments/gateway.py", line 64, in charge
    raise GatewayError("upstream timeout") from exc
payments.gateway.GatewayError: upstream timeout
"""

NODE_TYPE = """TypeError: Cannot read properties of undefined (reading 'id')
    at /usr/src/app/src/routes/orders.js:27:31
    at Layer.handle [as handle_request] (/usr/src/app/node_modules/express/lib/router/layer.js:95:5)
    at next (/usr/src/app/node_modules/express/lib/router/route.js:149:13)
    at Route.dispatch (/usr/src/app/node_modules/express/lib/router/route.js:119:3)
    at Layer.handle [as handle_request] (/usr/src/app/node_modules/express/lib/router/layer.js:95:5)
    at /usr/src/app/node_modules/express/lib/router/index.js:284:15
    at Function.process_params (/usr/src/app/node_modules/express/lib/router/index.js:346:12)
    at next (/usr/src/app/node_modules/express/lib/router/index.js:280:10)"""

NODE_ASYNC = """Error: connect ECONNREFUSED 127.0.0.1:6379
    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)
    at async RedisCache.get (/home/node/app/dist/cache/redis.js:41:20)
    at async SessionService.load (/home/node/app/dist/services/session.js:18:17)"""

NEST = """[Nest] 1  - 05/14/2024, 9:21:07 AM   ERROR [ExceptionsHandler] Cannot read properties of null (reading 'tenantId')
TypeError: Cannot read properties of null (reading 'tenantId')
    at TenantGuard.canActivate (/app/dist/auth/tenant.guard.js:22:39)
    at GuardsConsumer.tryActivate (/app/node_modules/@nestjs/core/guards/guards-consumer.js:15:34)
    at canActivateFn (/app/node_modules/@nestjs/core/router/router-execution-context.js:134:59)
    at /app/node_modules/@nestjs/core/router/router-execution-context.js:42:37"""

DENO = """error: Uncaught (in promise) TypeError: Invalid URL: 'undefined/v1/items'
    at getSerialization (ext:deno_url/00_url.js:98:11)
    at new URL (ext:deno_url/00_url.js:405:27)
    at fetchItems (file:///srv/edge/handlers/items.ts:14:19)
    at async handler (file:///srv/edge/main.ts:33:12)"""

SWIFT = """Fatal error: Unexpectedly found nil while unwrapping an Optional value: file App/Controllers/TodoController.swift, line 37
Current stack trace:
0    libswiftCore.so                    0x00007f1c2a6e1b40 swift_reportError + 50
1    libswiftCore.so                    0x00007f1c2a756e30 _swift_stdlib_reportFatalErrorInFile + 112
2    Run                                0x000055d4b2c1e8a1 $s3App14TodoControllerV6create3req7NIOCore15EventLoopFutureCy10Vapor8ResponseVGAI7RequestC_tKF + 913
3    Run                                0x000055d4b2c27f11 <unavailable> + 3460881"""

PERL = """DBD::Pg::st execute failed at /usr/share/perl5/MyApp/Model/Account.pm line 142.
\tMyApp::Model::Account::balance('MyApp::Model::Account=HASH(0x55b7d1c3a2e8)', 4411) called at /usr/share/perl5/MyApp/Controller/Account.pm line 58
\tMyApp::Controller::Account::show('MyApp::Controller::Account=HASH(0x55b7d1a0f9c0)', 'Mojolicious::Controller=HASH(0x55b7d1c5b1d0)') called at /usr/share/perl5/Mojolicious.pm line 193
"""

CLOJURE = """clojure.lang.ExceptionInfo: Invalid order {:order-id 9912, :reason :missing-sku}
\tat shop.orders$validate_BANG_.invokeStatic(orders.clj:41)
\tat shop.orders$validate_BANG_.invoke(orders.clj:37)
\tat shop.handler$create_order.invokeStatic(handler.clj:22)
\tat ring.middleware.params$wrap_params$fn__2051.invoke(params.clj:67)
\tat ring.adapter.jetty$proxy_handler$fn__1433.invoke(jetty.clj:27)
\tat org.eclipse.jetty.server.Server.handle(Server.java:516)
"""

CPP = """terminate called after throwing an instance of 'std::out_of_range'
  what():  vector::_M_range_check: __n (which is 12) >= this->size() (which is 12)
 0# 0x000055E1B2F0A3C1 in /opt/quote-engine/bin/quoted
 1# QuoteEngine::priceLeg(Leg const&) at /build/quote-engine/src/engine.cpp:214
 2# QuoteEngine::price(Request const&) at /build/quote-engine/src/engine.cpp:171
 3# HttpFrontend::onRequest(drogon::HttpRequestPtr const&) at /build/quote-engine/src/http.cpp:88
"""

DART = """Unhandled exception:
RangeError (index): Invalid value: Not in inclusive range 0..4: 5
#0      List.[] (dart:core-patch/growable_array.dart:264:36)
#1      ReportService.page (package:reports_api/services/report_service.dart:58:22)
#2      Router.call (package:shelf_router/src/router.dart:174:33)
#3      handleRequest (package:shelf/shelf_io.dart:138:35)
"""

HASKELL = """servant-app: Prelude.head: empty list
CallStack (from HasCallStack):
  error, called at libraries/base/GHC/List.hs:1646:3 in base:GHC.List
  errorEmptyList, called at libraries/base/GHC/List.hs:85:11 in base:GHC.List
  head, called at src/Api/Users.hs:44:17 in servant-app-0.1.0.0-inplace:Api.Users
"""

PY_CELERY = """celery.exceptions.TimeoutError: The operation timed out.
  File "/srv/reports/api/views.py", line 112, in export
    data = task.get(timeout=30)
  File "/srv/reports/.venv/lib/python3.9/site-packages/celery/result.py", line 251, in get
    return self.backend.wait_for_pending(
"""


def main():
    leak(C, "spring-npe-json", 500, JSON, js({
        "timestamp": "2024-05-14T09:21:07.512+00:00", "status": 500,
        "error": "Internal Server Error", "trace": JAVA_NPE,
        "message": 'Cannot invoke "com.acme.shop.domain.Customer.getEmail()" because "customer" is null',
        "path": "/api/orders"}), "Spring Boot whitelabel JSON with server.error.include-stacktrace=always")
    leak(C, "spring-caused-by-text", 500, TEXT, JAVA_CAUSED,
         "Spring exception chain with Caused by: and frames omitted")
    leak(C, "spring-caused-by-json-gzip", 409, JSON, js({
        "status": 409, "error": "Conflict", "exception": "org.springframework.dao.DataIntegrityViolationException",
        "trace": JAVA_CAUSED, "path": "/signup"}), "gzip-compressed Spring error JSON with trace", gzip=True)
    leak(C, "tomcat-npe-html", 500, HTML, html_page("HTTP Status 500 – Internal Server Error",
         "<h1>HTTP Status 500 – Internal Server Error</h1><hr class=\"line\" /><p><b>Type</b> Exception Report</p>"
         "<p><b>Message</b> Request processing failed: java.lang.NullPointerException</p>"
         "<p><b>Exception</b></p><pre>" + JAVA_NPE.replace("<", "&lt;") + "</pre>"
         "<p><b>Note</b> The full stack trace of the root cause is available in the server logs.</p>"),
         "Tomcat error report page with exception stack")
    leak(C, "ktor-missing-field", 400, TEXT, KOTLIN, "Ktor BadRequestException with kotlinx Caused by")
    leak(C, "play-unexpected", 500, JSON, js({"error": {"requestId": 42, "message": "Execution exception",
         "exception": {"title": "Execution exception", "description": SCALA}}}), "Play Framework JSON error with Scala trace")
    leak(C, "aspnetcore-nre-text", 500, TEXT, DOTNET, "ASP.NET Core exception text with C:\\ path and line")
    leak(C, "aspnetcore-nre-problem", 500, [("Content-Type", "application/problem+json")], js({
        "type": "https://tools.ietf.org/html/rfc9110#section-15.6.1", "title": "An error occurred while processing your request.",
        "status": 500, "detail": DOTNET, "traceId": "00-7c1d7a5d3b0f4d4c9a2f7c0e5d3b1a90-3f2a1b0c9d8e7f60-00"}),
        "problem+json whose detail carries the .NET stack trace")
    leak(C, "dotnet-aggregate", 502, JSON_UTF8, js({"message": "Upstream failure", "exception": DOTNET_AGG}),
         ".NET AggregateException with inner exception marker")
    leak(C, "go-nil-panic", 500, TEXT, GO_PANIC, "Go net/http panic with goroutine dump")
    leak(C, "go-nil-panic-chunked", 500, TEXT, GO_PANIC, "same Go panic, chunked framing", chunked=True, chunk_size=200)
    leak(C, "gin-recovery", 500, TEXT, GO_GIN, "gin Recovery middleware output with source lines")
    leak(C, "axum-unwrap-panic", 500, TEXT, RUST, "Rust panic with backtrace in a 500 body")
    leak(C, "actix-panic-json", 500, JSON, js({"error": "internal", "panic": "thread 'actix-rt|system:0|arbiter:1' panicked at src/handlers/users.rs:88:41:\ncalled `Result::unwrap()` on an `Err` value: Custom { kind: Other, error: \"pool timed out\" }"}),
         "Rust panic message in JSON")
    leak(C, "phoenix-runtime-error", 500, TEXT, ELIXIR, "Elixir ** (RuntimeError) with frames")
    leak(C, "cowboy-badmatch", 500, TEXT, ERLANG, "Erlang error tuple with file/line stack")
    leak(C, "rails-nomethod", 500, TEXT, RUBY, "Rails NoMethodError with app + gem backtrace")
    leak(C, "sinatra-zerodivision", 500, HTML, html_page("ZeroDivisionError", "<h1>Internal Server Error</h1><pre>" + SINATRA + "</pre>"),
         "Sinatra backtrace in <pre>")
    leak(C, "php-fatal-uncaught", 200, HTML, "<html><body><h2>Checkout</h2>\n" + PHP_FATAL + "</body></html>\n",
         "PHP display_errors fatal with stack, served as 200")
    leak(C, "symfony-typeerror-text", 500, TEXT, PHP_UNCAUGHT, "PHP uncaught TypeError with Symfony frames")
    leak(C, "aiohttp-keyerror", 500, TEXT, PY_AIOHTTP, "aiohttp traceback")
    leak(C, "tornado-jsondecode", 500, HTML, html_page("500: Internal Server Error", "<pre>" + PY_TORNADO + "</pre>"),
         "Tornado debug traceback HTML")
    leak(C, "python-chained-json", 502, JSON, js({"detail": "payment failed", "traceback": PY_CHAINED}),
         "Python chained traceback in JSON")
    leak(C, "python-chained-gzip", 502, TEXT, PY_CHAINED, "gzip Python chained traceback", gzip=True)
    leak(C, "express-typeerror-json", 500, JSON_UTF8, js({"message": "Cannot read properties of undefined (reading 'id')", "stack": NODE_TYPE}),
         "Express API returning err.stack in JSON")
    leak(C, "node-econnrefused-json", 503, JSON_UTF8, js({"error": {"name": "Error", "code": "ECONNREFUSED", "stack": NODE_ASYNC}}),
         "Node async stack with loopback redis address")
    leak(C, "nestjs-exceptions-handler", 500, TEXT, NEST, "NestJS ExceptionsHandler log echoed to body")
    leak(C, "deno-uncaught", 500, TEXT, DENO, "Deno uncaught TypeError with file:// frames")
    leak(C, "vapor-fatal", 500, TEXT, SWIFT, "Swift fatal error and stack from Vapor")
    leak(C, "mojolicious-dbd", 500, TEXT, PERL, "Perl confess-style stack")
    leak(C, "ring-exinfo", 500, TEXT, CLOJURE, "Clojure ExceptionInfo with Java frames")
    leak(C, "drogon-out-of-range", 500, TEXT, CPP, "C++ std::out_of_range with boost stacktrace")
    leak(C, "shelf-rangeerror", 500, TEXT, DART, "Dart unhandled RangeError")
    leak(C, "servant-head-empty", 500, TEXT, HASKELL, "Haskell CallStack")
    leak(C, "django-celery-timeout", 504, JSON, js({"error": "Report export timed out", "trace": PY_CELERY}), "partial python frames in JSON")
    leak(C, "spring-npe-html-gzip", 500, HTML, html_page("Error", "<h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error, so you are seeing this as a fallback.</p><div id='created'>Tue May 14 09:21:07 UTC 2024</div><div>There was an unexpected error (type=Internal Server Error, status=500).</div><div style='white-space:pre-wrap;'>" + JAVA_NPE + "</div>"),
         "Spring whitelabel page with trace, gzip", gzip=True)
    leak(C, "java-stackoverflow-short", 500, JSON, js({"code": 500, "message": "java.lang.StackOverflowError", "details": ["at com.acme.tree.Node.depth(Node.java:31)", "at com.acme.tree.Node.depth(Node.java:31)", "at com.acme.tree.Node.depth(Node.java:31)"]}),
         "Java frames as JSON array")
    leak(C, "dotnet-json-stacktrace-field", 500, JSON_UTF8, js({"Message": "An error has occurred.", "ExceptionMessage": "Sequence contains no elements",
         "ExceptionType": "System.InvalidOperationException",
         "StackTrace": "   at System.Linq.ThrowHelper.ThrowNoElementsException()\r\n   at System.Linq.Enumerable.First[TSource](IEnumerable`1 source)\r\n   at Northwind.Web.Api.ProductsController.Get(Int32 id) in D:\\a\\1\\s\\Northwind.Web\\Api\\ProductsController.cs:line 55"}),
         "ASP.NET Web API 2 error with ExceptionMessage/StackTrace")
    leak(C, "go-grpc-gateway-panic", 500, JSON, js({"code": 2, "message": "panic: assignment to entry in nil map\n\ngoroutine 47 [running]:\ngithub.com/acme/ledger/internal/svc.(*Ledger).Post(0xc000512000, {0xc0003f6a80})\n\t/src/internal/svc/ledger.go:203 +0x2e5", "details": []}),
         "grpc-gateway status JSON with goroutine in message")
    leak(C, "python-assertion-plain", 500, TEXT, "Internal Server Error\n\nTraceback (most recent call last):\n  File \"/home/deploy/inventory/app.py\", line 77, in adjust\n    assert qty >= 0, qty\nAssertionError: -3\n",
         "short Python traceback")
    leak(C, "kotlin-spring-webflux", 500, JSON, js({"timestamp": "2024-05-14T09:21:07.001+00:00", "path": "/v2/quotes", "status": 500, "error": "Internal Server Error", "requestId": "a1b2c3d4-17",
         "trace": "java.lang.IllegalStateException: No rate for EUR\n\tat com.acme.fx.RateService.rate(RateService.kt:29)\n\tSuppressed: reactor.core.publisher.FluxOnAssembly$OnAssemblyException: \nError has been observed at the following site(s):\n\t*__checkpoint ⇢ Handler com.acme.fx.QuoteController#quote(String) [DispatcherHandler]\n\t*__checkpoint ⇢ HTTP GET \"/v2/quotes\" [ExceptionHandlingWebHandler]\nOriginal Stack Trace:\n\t\tat com.acme.fx.RateService.rate(RateService.kt:29)\n\t\tat reactor.core.publisher.MonoCallable.call(MonoCallable.java:72)"}),
         "WebFlux error with reactor checkpoint trace")
    leak(C, "scala-akka-http", 500, TEXT, "There was an internal server error.\n\njava.util.NoSuchElementException: key not found: warehouse-7\n\tat scala.collection.MapOps.default(Map.scala:289)\n\tat scala.collection.MapOps.default$(Map.scala:288)\n\tat stock.Routes.$anonfun$route$4(Routes.scala:61)\n",
         "akka-http with Scala frames")
    leak(C, "ruby-grape-json", 500, JSON, js({"error": "undefined local variable or method `tenant' for #<Grape::Endpoint:0x00007f8b1c2d3e48>",
         "backtrace": ["/app/api/v1/projects.rb:33:in `block (2 levels) in <class:Projects>'", "/usr/local/bundle/gems/grape-2.0.0/lib/grape/endpoint.rb:58:in `call'"]}),
         "Grape JSON error with backtrace array")
    leak(C, "php-laravel-json-trace", 500, JSON, js({"message": "Attempt to read property \"id\" on null", "exception": "ErrorException",
         "file": "/var/www/app/Http/Controllers/TeamController.php", "line": 48,
         "trace": [{"file": "/var/www/vendor/laravel/framework/src/Illuminate/Foundation/Bootstrap/HandleExceptions.php", "line": 255, "function": "handleError", "class": "Illuminate\\Foundation\\Bootstrap\\HandleExceptions", "type": "->"},
                   {"file": "/var/www/app/Http/Controllers/TeamController.php", "line": 48, "function": "Illuminate\\Foundation\\Bootstrap\\{closure}", "class": "Illuminate\\Foundation\\Bootstrap\\HandleExceptions", "type": "->"}]}),
         "Laravel APP_DEBUG JSON with exception/file/line/trace")
    leak(C, "node-unhandled-rejection", 500, TEXT, "node:internal/process/promises:289\n            triggerUncaughtException(err, true /* fromPromise */);\n            ^\n\n[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason \"quota exceeded\".] {\n  code: 'ERR_UNHANDLED_REJECTION'\n}\n\nNode.js v20.11.1\n",
         "Node unhandled rejection dump with runtime version")
    leak(C, "python-fastapi-validation-trace", 500, JSON, js({"detail": "Internal error", "exc": "pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings\nredis_url\n  Field required [type=missing, input_value={}, input_type=dict]", "tb": ["  File \"/code/app/config.py\", line 19, in get_settings\n    return Settings()\n"]}),
         "Pydantic internal validation error with frame")
    leak(C, "java-jackson-mapping", 400, JSON, js({"status": 400, "error": "Bad Request", "message": "JSON parse error: Cannot deserialize value of type `java.time.LocalDate` from String \"14/05/2024\": Failed to deserialize java.time.LocalDate: (java.time.format.DateTimeParseException) Text '14/05/2024' could not be parsed at index 0",
         "trace": "org.springframework.http.converter.HttpMessageNotReadableException: JSON parse error\n\tat org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter.readJavaType(AbstractJackson2HttpMessageConverter.java:406)\nCaused by: com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type `java.time.LocalDate`\n\tat com.fasterxml.jackson.databind.exc.InvalidFormatException.from(InvalidFormatException.java:67)"}),
         "Jackson mapping failure with class names and trace")
    leak(C, "go-echo-debug", 500, JSON, js({"message": "runtime error: slice bounds out of range [:12] with capacity 8", "stack": "goroutine 33 [running]:\nruntime/debug.Stack()\n\t/usr/local/go/src/runtime/debug/stack.go:24 +0x5e\ngithub.com/labstack/echo/v4/middleware.RecoverWithConfig.func1.1.1()\n\t/go/pkg/mod/github.com/labstack/echo/v4@v4.11.4/middleware/recover.go:99 +0x14a\nmain.tokenPrefix(...)\n\t/src/cmd/api/tokens.go:19"}),
         "Echo recover middleware stack in JSON")
    leak(C, "rust-rocket-catcher", 500, HTML, html_page("500 Internal Server Error", "<h1>500: Internal Server Error</h1><pre>thread 'rocket-worker-thread' panicked at src/routes/accounts.rs:57:22:\nindex out of bounds: the len is 0 but the index is 0\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace</pre>"),
         "Rust panic shown in HTML")
    save_meta("hand_stack_trace")


if __name__ == "__main__":
    main()
