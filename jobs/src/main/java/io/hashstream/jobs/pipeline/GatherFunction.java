package io.hashstream.jobs.pipeline;

import io.hashstream.event.Match;
import io.hashstream.event.MatchResult;
import io.hashstream.jobs.serde.GatherProgressSerializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by input record: collects the answers of every probed bucket, and once all have arrived
 * emits exactly one result: candidates checked against the radius, one per id (an image found in
 * several tables is reported once), sorted nearest first, with the cluster id.
 */
public final class GatherFunction extends KeyedProcessFunction<String, ShardAnswer, MatchResult> {
    private static final long serialVersionUID = 1L;

    private final int radius;
    private final int maxMatches;

    private transient ValueState<GatherProgress> progress;
    private transient Counter resultsOut;
    private transient Counter matchesOut;
    /** Results whose event-to-result latency each subtask's histogram keeps (the latest ones). */
    public static final int LATENCY_WINDOW = 1024;

    private transient Histogram eventToResultMillis;

    /** @param maxMatches most matches listed per result (nearest first), so a result always fits a Kafka record */
    public GatherFunction(int radius, int maxMatches) {
        this.radius = radius;
        this.maxMatches = maxMatches;
    }

    @Override
    public void open(OpenContext openContext) {
        progress = getRuntimeContext().getState(new ValueStateDescriptor<>("progress", GatherProgressSerializer.TYPE));
        MetricGroup g = getRuntimeContext().getMetricGroup();
        resultsOut = g.counter("resultsOut");
        matchesOut = g.counter("matchesOut");
        eventToResultMillis = g.histogram("eventToResultMillis", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
    }

    @Override
    public void processElement(ShardAnswer answer, Context ctx, Collector<MatchResult> out) throws Exception {
        Probe probe = answer.probe();
        GatherProgress before = progress.value();
        int received = (before == null ? 0 : before.received()) + 1;
        List<Match> candidates = answer.candidates();
        if (before != null && !before.candidates().isEmpty()) {
            candidates = new ArrayList<>(before.candidates());
            candidates.addAll(answer.candidates());
        }
        if (received < probe.expectedAnswers()) {
            progress.update(new GatherProgress(probe, received, candidates));
            return;
        }
        progress.clear();
        MatchResult result = result(probe, candidates, radius, maxMatches);
        resultsOut.inc();
        matchesOut.inc(result.matches().size());
        if (probe.ingestMillis() > 0) {
            eventToResultMillis.update(System.currentTimeMillis() - probe.ingestMillis());
        }
        out.collect(result);
    }

    /**
     * The result for a probe from all its buckets' candidates: the nearest {@code maxMatches} (ties by
     * id); the cluster id still comes from all of them.
     */
    public static MatchResult result(Probe probe, List<Match> candidates, int radius, int maxMatches) {
        Map<String, Match> byId = new LinkedHashMap<>();
        for (Match m : candidates) {
            if (m.distance() <= radius) {
                byId.merge(m.id(), m, GatherFunction::nearerThenNewer);
            }
        }
        MatchResult all = MatchResult.of(probe.id(), probe.tenant(), probe.eventTime(), probe.modelId(), probe.code(),
                new ArrayList<>(byId.values()));
        if (all.matches().size() <= maxMatches) {
            return all;
        }
        return new MatchResult(all.id(), all.tenant(), all.eventTime(), all.modelId(), all.code(), all.bits(),
                all.matches().subList(0, maxMatches), all.clusterId());
    }

    /**
     * Of two matches of one id (both versions of a re-sent id, while the older is still indexed): the
     * nearer, then the newer. Not the first to arrive: that depends on which bucket answered first, and a
     * replay must give the same result.
     */
    static Match nearerThenNewer(Match a, Match b) {
        if (a.distance() != b.distance()) {
            return a.distance() < b.distance() ? a : b;
        }
        return a.eventTime() >= b.eventTime() ? a : b;
    }
}
