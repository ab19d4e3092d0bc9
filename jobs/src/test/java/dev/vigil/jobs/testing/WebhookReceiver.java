package dev.vigil.jobs.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on 127.0.0.1 that records every POST body: a webhook receiver for tests. */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger failuresLeft;

    public WebhookReceiver() throws IOException {
        this(0);
    }

    /** A receiver that answers the first {@code failFirst} requests with HTTP 503. */
    public WebhookReceiver(int failFirst) throws IOException {
        failuresLeft = new java.util.concurrent.atomic.AtomicInteger(failFirst);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/hook", exchange -> {
            if (failuresLeft.getAndDecrement() > 0) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    public List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
