// JDK com.sun.net.httpserver app that writes real Java stack traces to clients.
// usage: java CorpusServer.java PORT
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.*;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

public class CorpusServer {
    record Customer(String email) {}

    static class OrderService {
        Map<Integer, Customer> customers = new HashMap<>();
        String emailFor(int id) { return customers.get(id).email().toLowerCase(); }
        int parseQty(String q) { return Integer.parseInt(q); }
        String loadTemplate(String name) {
            try {
                return Files.readString(Path.of("/opt/billing/templates", name));
            } catch (IOException e) {
                throw new UncheckedIOException("could not load template " + name, e);
            }
        }
        void reserve(String sku) {
            try {
                throw new IllegalStateException("Stock ledger locked for " + sku);
            } catch (IllegalStateException e) {
                throw new RuntimeException("Reservation failed", e);
            }
        }
    }

    static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream os = ex.getResponseBody()) { os.write(b); }
    }

    static String trace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + "\"";
    }

    public static void main(String[] args) throws Exception {
        OrderService svc = new OrderService();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.createContext("/npe", ex -> {
            try { send(ex, 200, "text/plain", svc.emailFor(7)); }
            catch (RuntimeException e) { send(ex, 500, "text/plain; charset=utf-8", trace(e)); }
        });
        server.createContext("/qty", ex -> {
            try { send(ex, 200, "text/plain", "" + svc.parseQty("twelve")); }
            catch (RuntimeException e) {
                send(ex, 400, "application/json", "{\"status\":400,\"error\":\"Bad Request\",\"exception\":" + json(e.getClass().getName())
                     + ",\"message\":" + json(e.getMessage()) + ",\"trace\":" + json(trace(e)) + ",\"path\":\"/qty\"}");
            }
        });
        server.createContext("/template", ex -> {
            try { send(ex, 200, "text/plain", svc.loadTemplate("invoice.ftl")); }
            catch (RuntimeException e) { send(ex, 500, "text/html; charset=utf-8",
                "<html><head><title>Error 500</title></head><body><h2>HTTP ERROR 500</h2><pre>" + trace(e).replace("<", "&lt;") + "</pre></body></html>"); }
        });
        server.createContext("/reserve", ex -> {
            try { svc.reserve("SKU-1182"); send(ex, 200, "text/plain", "ok"); }
            catch (RuntimeException e) { send(ex, 503, "text/plain; charset=utf-8", trace(e)); }
        });
        server.createContext("/ok", ex -> send(ex, 404, "application/json",
            "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"No shipment with tracking number 1Z 999 AA1 01 2345 6784 was found.\"}}"));
        server.start();
    }
}
