package io.hashstream.deploy.flink;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/**
 * The configuration keys Flink itself declares (its {@code *Options} classes on this classpath), so a
 * key written in a deployment file can be checked against the Flink version the project builds with.
 */
public final class FlinkOptionKeys {

    /** Option classes whose keys the deployment files use. */
    private static final List<String> OPTION_CLASSES = List.of(
            "org.apache.flink.configuration.CheckpointingOptions",
            "org.apache.flink.configuration.CoreOptions",
            "org.apache.flink.configuration.HighAvailabilityOptions",
            "org.apache.flink.configuration.JobManagerOptions",
            "org.apache.flink.configuration.TaskManagerOptions",
            "org.apache.flink.configuration.RestOptions",
            "org.apache.flink.configuration.RestartStrategyOptions",
            "org.apache.flink.configuration.StateBackendOptions",
            "org.apache.flink.configuration.MetricOptions",
            "org.apache.flink.configuration.StateRecoveryOptions",
            "org.apache.flink.configuration.PipelineOptions",
            "org.apache.flink.configuration.DeploymentOptions",
            "org.apache.flink.configuration.WebOptions");

    /** Options of a metric reporter, written as {@code metrics.reporter.<name>.<suffix>}. */
    private static final Set<String> REPORTER_SUFFIXES = Set.of(
            "factory.class", "interval", "scope.delimiter", "scope.variables.excludes", "scope.variables.additional",
            "filter.includes", "filter.excludes",
            // org.apache.flink.metrics.prometheus.PrometheusReporterFactory's own option
            "port");

    private final Map<String, String> current = new HashMap<>();
    private final Map<String, String> deprecatedToCurrent = new HashMap<>();

    public FlinkOptionKeys() {
        for (String className : OPTION_CLASSES) {
            try {
                for (Field f : Class.forName(className).getFields()) {
                    if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                        ConfigOption<?> option = (ConfigOption<?>) f.get(null);
                        current.put(option.key(), className);
                        for (FallbackKey k : option.fallbackKeys()) {
                            if (k.isDeprecated()) {
                                deprecatedToCurrent.put(k.getKey(), option.key());
                            }
                        }
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read Flink options of " + className, e);
            }
        }
    }

    /** Empty when {@code key} is a current Flink option; otherwise why it is not. */
    public Optional<String> problem(String key) {
        if (current.containsKey(key)) {
            return Optional.empty();
        }
        if (key.startsWith("metrics.reporter.")) {
            String rest = key.substring("metrics.reporter.".length());
            int dot = rest.indexOf('.');
            if (dot > 0 && REPORTER_SUFFIXES.contains(rest.substring(dot + 1))) {
                return Optional.empty();
            }
        }
        String replacement = deprecatedToCurrent.get(key);
        if (replacement != null) {
            return Optional.of(key + " is deprecated, use " + replacement);
        }
        return Optional.of(key + " is not a Flink option");
    }

    public Set<String> keys() {
        return new TreeSet<>(current.keySet());
    }
}
