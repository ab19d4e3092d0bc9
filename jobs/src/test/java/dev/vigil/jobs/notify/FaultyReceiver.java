package dev.vigil.jobs.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.notify.StandardWebhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 that misbehaves on purpose: it answers its first requests with 500s,
 * then keeps some waiting past the sender's timeout, then answers slowly ({@link #SLOW_MS}) but well. It records every
 * request it accepted (2xx), with whether its Standard Webhooks signature verified.
 */
final class FaultyReceiver implements AutoCloseable {
    /** One accepted request. */
    record Received(String path, String id, String body, boolean signatureOk) {}

    static final long SLOW_MS = 300;
    private final int port;
    private final String secret;
    private final int errors;
    private final int hangs;
    private final long hangMs;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Received> accepted = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;
    private ExecutorService pool;

    /**
     * @param errors how many requests, first of all, get a 500
     * @param hangs  how many after those wait {@code hangMs} before answering 200 (too late for the sender)
     */
    FaultyReceiver(int port, String secret, int errors, int hangs, long hangMs) {
        this.port = port;
        this.secret = secret;
        this.errors = errors;
        this.hangs = hangs;
        this.hangMs = hangMs;
    }

    /** Starts listening (until then, connections are refused). */
    void start() throws IOException {
        pool = Executors.newFixedThreadPool(8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange x) throws IOException {
        int n = requests.incrementAndGet();
        String body;
        try (InputStream in = x.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = 200;
        if (n <= errors) {
            status = 500;
        } else if (n <= errors + hangs) {
            try {
                Thread.sleep(hangMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            // Slow, but within the sender's timeout.
            try {
                Thread.sleep(SLOW_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String id = x.getRequestHeaders().getFirst("webhook-id");
            String ts = x.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = x.getRequestHeaders().getFirst("webhook-signature");
            boolean ok = id != null && ts != null && sig != null && StandardWebhooks.verify(secret, id, Long.parseLong(ts), body, sig);
            accepted.add(new Received(x.getRequestURI().getPath(), id, body, ok));
        }
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    int requests() {
        return requests.get();
    }

    List<Received> accepted() {
        synchronized (accepted) {
            return new ArrayList<>(accepted);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            pool.shutdownNow();
        }
    }
}
