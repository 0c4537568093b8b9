package studio.brain.gate.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's key endpoint for Firebase ID tokens, as a real HTTP server on 127.0.0.1: serves the public half of the
 * keys given as a JWKS document with a {@code Cache-Control: public, max-age=…} header, and counts the fetches.
 */
final class FakeFirebaseKeys implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String document;
    private volatile String cacheControl = "public, max-age=19845, must-revalidate, no-transform";
    private volatile int status = 200;

    FakeFirebaseKeys(RSAKey... keys) {
        publish(keys);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com", exchange -> {
            fetches.incrementAndGet();
            byte[] body = document.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
            exchange.getResponseHeaders().add("Cache-Control", cacheControl);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Replaces the published keys, as Google does when it rotates them. */
    void publish(RSAKey... keys) {
        document = new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    void cacheControl(String value) {
        cacheControl = value;
    }

    void failWith(int httpStatus) {
        status = httpStatus;
    }

    int fetches() {
        return fetches.get();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
