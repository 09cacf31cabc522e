package dev.parley.tenancy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.springframework.web.util.HtmlUtils;

/**
 * The demo host page: a small shop page with the widget's snippet, on a second loopback origin
 * (127.0.0.1 only), so `./parley start` shows the widget as a site would embed it. Started only
 * with the demo workspace, stopped with the application.
 */
final class DemoSite implements AutoCloseable {

    private final HttpServer server;

    private DemoSite(HttpServer server) {
        this.server = server;
    }

    static DemoSite start(int port, String publicUrl, String publicKey) throws IOException {
        byte[] page = page(publicUrl, publicKey).getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().equals("/");
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(found ? 200 : 404, found ? page.length : -1);
            if (found) exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        return new DemoSite(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    static String page(String publicUrl, String publicKey) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
                <title>Lindenweg Lamps (Parley demo site)</title>
                <style>body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2937}header{background:#0f172a;color:#fff;
                padding:18px 40px;font-weight:700;font-size:20px}main{max-width:760px;padding:40px}h1{font-size:34px;margin:0 0 12px}</style>
                </head><body><header>Lindenweg Lamps</header><main><h1>Lamps made to last</h1>
                <p>A fictional shop: this page stands for your website. The chat button bottom right is Parley's widget,
                embedded with the one line below, answering from the demo bot's knowledge.</p>
                <pre>&lt;script src="%1$s/embed.js" data-bot="%2$s" async&gt;&lt;/script&gt;</pre></main>
                <script src="%1$s/embed.js" data-bot="%2$s" async></script>
                </body></html>
                """.formatted(HtmlUtils.htmlEscape(base), HtmlUtils.htmlEscape(publicKey));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
