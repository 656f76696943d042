package io.hashstream.deploy.cluster;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * A small bounded job with keyed state, submitted as its own jar by {@link LocalClusterTest} to prove
 * the cluster tooling end to end (submission, slots on a separate TaskManager JVM, checkpoints).
 * Argument: how many numbers to count.
 */
public final class KeyedCountJob {

    private KeyedCountJob() {}

    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(1, n)
                .keyBy(x -> x % 16)
                .process(new KeyedProcessFunction<Long, Long, Long>() {
                    private transient ValueState<Long> count;

                    @Override
                    public void open(OpenContext ctx) {
                        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
                    }

                    @Override
                    public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
                        long c = count.value() == null ? 1 : count.value() + 1;
                        count.update(c);
                        out.collect(c);
                    }
                })
                .uid("count")
                .sinkTo(new DiscardingSink<>());
        env.execute("keyed-count");
    }
}
