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
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<String, List<String>> metricIds = new ConcurrentHashMap<>();

    RestMetrics(URI rest, String jobId) {
        this.rest = rest;
        this.jobId = jobId;
    }

    @Override
    public double sum(String name) {
        return values(operatorMetric(name), "sum").values().stream().flatMap(List::stream)
                .mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public double max(String name) {
        return values(operatorMetric(name), "max").values().stream().flatMap(List::stream)
                .mapToDouble(Double::doubleValue).max().orElse(0);
    }

    @Override
    public double histogramMean(String name) {
        return values(operatorMetric(name + "_mean"), "avg").values().stream().flatMap(List::stream)
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** A task whose subtasks reported no value maps to NaN, like an empty histogram in {@link #histogramMean}. */
    @Override
    public Map<String, Double> perTask(String name) {
        Map<String, Double> out = new TreeMap<>();
        values(name::equals, "avg").forEach((task, vs) ->
                out.put(task, vs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        return out;
    }

    /** An operator metric ({@code <operator>.<name>}) or a task metric of that name. */
    private static Predicate<String> operatorMetric(String name) {
        return id -> id.equals(name) || id.endsWith("." + name);
    }

    /** Per vertex name: the JobManager's aggregate {@code agg} over subtasks of each matching metric id. */
    private Map<String, List<Double>> values(Predicate<String> matches, String agg) {
        Map<String, List<Double>> out = new TreeMap<>();
        for (Map.Entry<String, String> v : vertices().entrySet()) {
            String base = "/jobs/" + jobId + "/vertices/" + v.getKey() + "/subtasks/metrics";
            List<String> ids = matching(v.getKey(), base, matches);
            if (ids.isEmpty()) {
                continue;
            }
            String query = ids.stream().map(id -> URLEncoder.encode(id, StandardCharsets.UTF_8)).collect(Collectors.joining(","));
            List<Double> found = new ArrayList<>();
            for (JsonNode m : get(base + "?agg=" + agg + "&get=" + query)) {
                if (m.path(agg).isNumber()) {
                    found.add(m.path(agg).asDouble());
                }
            }
            if (!found.isEmpty()) {
                out.put(v.getValue(), found);
            }
        }
        return out;
    }

    /**
     * The vertex's metric ids that match, from a listing kept between calls (the harness samples busy
     * time every second); listed again when nothing matches, since operators register metrics as they open.
     */
    private List<String> matching(String vertexId, String base, Predicate<String> matches) {
        List<String> known = metricIds.get(vertexId);
        List<String> ids = known == null ? List.of() : known.stream().filter(matches).toList();
        if (ids.isEmpty()) {
            List<String> listed = new ArrayList<>();
            for (JsonNode m : get(base)) {
                listed.add(m.path("id").asText());
            }
            metricIds.put(vertexId, listed);
            ids = listed.stream().filter(matches).toList();
        }
        return ids;
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
