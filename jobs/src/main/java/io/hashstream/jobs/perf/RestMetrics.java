package io.hashstream.jobs.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A job's metrics from a Flink cluster's REST API, aggregated over subtasks by the JobManager
 * ({@code /jobs/:id/vertices/:vertex/subtasks/metrics?get=...&agg=...}). Operator metrics appear there
 * as {@code <operator>.<name>}, task metrics as {@code <name>}, a histogram as {@code <name>_mean},
 * {@code _p99} and so on. The JobManager refreshes them every {@code metrics.fetcher.update-interval}.
 */
final class RestMetrics implements JobMetricsView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI rest;
    private final String jobId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Map<String, String> vertices;

    RestMetrics(URI rest, String jobId) {
        this.rest = rest;
        this.jobId = jobId;
    }

    @Override
    public double sum(String name) {
        return aggregate(id -> id.equals(name) || id.endsWith("." + name), "sum").values().stream()
                .mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public double max(String name) {
        return aggregate(id -> id.equals(name) || id.endsWith("." + name), "max").values().stream()
                .mapToDouble(Double::doubleValue).max().orElse(0);
    }

    @Override
    public double histogramMean(String name) {
        String mean = name + "_mean";
        return aggregate(id -> id.equals(mean) || id.endsWith("." + mean), "avg").values().stream()
                .filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    @Override
    public Map<String, Double> perTask(String name) {
        return aggregate(id -> id.equals(name), "avg");
    }

    /** Per vertex name: the aggregate of the matching metric (summed over matching ids, e.g. two operators in one chain). */
    private Map<String, Double> aggregate(Predicate<String> matches, String agg) {
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<String, String> v : vertices().entrySet()) {
            String base = "/jobs/" + jobId + "/vertices/" + v.getKey() + "/subtasks/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : get(base)) {
                String id = m.path("id").asText();
                if (matches.test(id)) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            String query = ids.stream().map(id -> URLEncoder.encode(id, StandardCharsets.UTF_8)).collect(Collectors.joining(","));
            double total = 0;
            boolean any = false;
            for (JsonNode m : get(base + "?agg=" + agg + "&get=" + query)) {
                JsonNode value = m.path(agg);
                if (value.isNumber()) {
                    total += value.asDouble();
                    any = true;
                }
            }
            if (any) {
                out.put(v.getValue(), total);
            }
        }
        return out;
    }

    private Map<String, String> vertices() {
        if (vertices == null) {
            Map<String, String> byId = new LinkedHashMap<>();
            for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
                byId.put(v.path("id").asText(), v.path("name").asText());
            }
            vertices = byId;
        }
        return vertices;
    }

    JsonNode get(String path) {
        return get(http, rest, path);
    }

    static JsonNode get(HttpClient http, URI rest, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " -> HTTP " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + rest.resolve(path), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
