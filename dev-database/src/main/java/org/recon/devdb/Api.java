package org.recon.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the tests of both services: what an integrator's script would send. */
public final class Api {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public Api(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
    }

    public Response post(String path, String key, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), key);
    }

    public Response put(String path, String key, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), key);
    }

    public Response get(String path, String key) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), key);
    }

    public Response get(String path, String key, String accept) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", accept).GET(), key);
    }

    public Response send(HttpRequest.Builder request, String key) {
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
