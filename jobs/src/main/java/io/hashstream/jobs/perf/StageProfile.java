package io.hashstream.jobs.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of a run's measured window (Java execution samples every 10 ms, native-method
 * samples every 20 ms) and its summary: the share of Java CPU samples per pipeline stage and the
 * hottest top frames. A sample belongs to the stage of the first frame, from the top of the stack
 * down, that a rule claims; threads of the load generator and result collector count as "harness".
 *
 * <p>TensorFlow's own compute threads are native threads JFR cannot sample; model time is therefore
 * also reported from the encode operator's histogram. Native-method samples inside TensorFlow calls
 * show how often a Flink thread waits on the model.
 */
final class StageProfile implements ProfileWindow {

    /** Stage rules in order: the first whose prefix matches a frame's class claims the sample. */
    private static final List<Map.Entry<String, String>> RULES = List.of(
            Map.entry("io.hashstream.jobs.perf.", "harness"),
            Map.entry("io.hashstream.image.SafeImageDecoder", "decode"),
            Map.entry("io.hashstream.image.ExifOrientation", "decode"),
            Map.entry("io.hashstream.image.ImageStructure", "decode"),
            Map.entry("javax.imageio.", "decode"),
            Map.entry("com.sun.imageio.", "decode"),
            Map.entry("com.twelvemonkeys.", "decode"),
            Map.entry("sun.awt.image.", "decode"),
            Map.entry("io.hashstream.image.", "preprocess"),
            Map.entry("org.tensorflow.", "model"),
            Map.entry("io.hashstream.model.", "model"),
            Map.entry("io.hashstream.jobs.pipeline.IndexShardFunction", "index"),
            Map.entry("io.hashstream.jobs.pipeline.PostingList", "index"),
            Map.entry("io.hashstream.jobs.pipeline.IndexRouting", "index"),
            Map.entry("io.hashstream.jobs.pipeline.IdRegistryFunction", "index"),
            Map.entry("io.hashstream.jobs.pipeline.GatherFunction", "index"),
            Map.entry("io.hashstream.index.", "index"),
            Map.entry("io.hashstream.code.", "index"),
            Map.entry("io.hashstream.event.", "event JSON / parse"),
            Map.entry("io.hashstream.jobs.kafka.KafkaJob", "Kafka"),
            Map.entry("org.apache.kafka.", "Kafka"),
            Map.entry("kafka.", "Kafka"),
            Map.entry("org.apache.flink.connector.kafka.", "Kafka"),
            Map.entry("io.hashstream.jobs.serde.", "Flink serialization / network"),
            Map.entry("org.apache.flink.runtime.io.network.", "Flink serialization / network"),
            Map.entry("org.apache.flink.streaming.runtime.io.", "Flink serialization / network"),
            Map.entry("org.apache.flink.runtime.state.", "Flink state"),
            Map.entry("org.apache.flink.", "Flink runtime (other)"));

    record Summary(long javaSamples, Map<String, Long> byStage, Map<String, Long> topFrames, long nativeSamplesInModel,
                   long nativeSamples, Path file) {
    }

    private final Recording recording = new Recording();
    private final Path file;

    StageProfile(Path file) {
        this.file = file;
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
        recording.setToDisk(true);
        recording.start();
    }

    @Override
    public Summary stop() {
        recording.stop();
        try {
            recording.dump(file);
            recording.close();
            return summarize(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Summary summarize(Path jfr) throws IOException {
        Map<String, Long> byStage = new TreeMap<>();
        Map<String, Long> frames = new TreeMap<>();
        long java = 0;
        long nativeAll = 0;
        long nativeModel = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            String type = e.getEventType().getName();
            if (type.equals("jdk.NativeMethodSample")) {
                nativeAll++;
                if ("model".equals(stageOf(stack, thread(e)))) {
                    nativeModel++;
                }
            } else if (type.equals("jdk.ExecutionSample")) {
                java++;
                byStage.merge(stageOf(stack, thread(e)), 1L, Long::sum);
                RecordedFrame top = stack.getFrames().get(0);
                frames.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
            }
        }
        return new Summary(java, sortedDescending(byStage, 100), sortedDescending(frames, 15), nativeModel, nativeAll, jfr);
    }

    /** The recordings of several processes as one: sample counts added. */
    static Summary merge(List<Summary> parts, Path label) {
        Map<String, Long> byStage = new TreeMap<>();
        Map<String, Long> frames = new TreeMap<>();
        long java = 0;
        long nativeAll = 0;
        long nativeModel = 0;
        for (Summary p : parts) {
            java += p.javaSamples();
            nativeAll += p.nativeSamples();
            nativeModel += p.nativeSamplesInModel();
            p.byStage().forEach((k, v) -> byStage.merge(k, v, Long::sum));
            p.topFrames().forEach((k, v) -> frames.merge(k, v, Long::sum));
        }
        return new Summary(java, sortedDescending(byStage, 100), sortedDescending(frames, 15), nativeModel, nativeAll, label);
    }

    private static String thread(RecordedEvent e) {
        RecordedThread t = e.getThread("sampledThread");
        return t == null || t.getJavaName() == null ? "" : t.getJavaName();
    }

    static String stageOf(RecordedStackTrace stack, String threadName) {
        if (threadName.startsWith("perf-") || threadName.contains("| perf-load")) {
            return "harness";
        }
        for (RecordedFrame f : stack.getFrames()) {
            String cls = f.getMethod().getType().getName();
            for (Map.Entry<String, String> rule : RULES) {
                if (cls.startsWith(rule.getKey())) {
                    return rule.getValue();
                }
            }
        }
        return "other (JDK frames only)";
    }

    private static Map<String, Long> sortedDescending(Map<String, Long> counts, int limit) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(en -> out.put(en.getKey(), en.getValue()));
        return out;
    }
}
