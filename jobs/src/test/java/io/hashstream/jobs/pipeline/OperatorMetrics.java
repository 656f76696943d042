package io.hashstream.jobs.pipeline;

import java.util.Map;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/** The metrics an operator under a test harness registers, readable by name. */
final class OperatorMetrics {
    private final InterceptingOperatorMetricGroup group = new InterceptingOperatorMetricGroup();

    /** An environment (one subtask) whose operator metric group is this one; pass it to the harness. */
    MockEnvironment environment(int maxParallelism) {
        var task = new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
            @Override
            public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> variables) {
                return group;
            }
        };
        return new MockEnvironmentBuilder().setMetricGroup(task).setMaxParallelism(maxParallelism).setParallelism(1)
                .setSubtaskIndex(0).build();
    }

    @SuppressWarnings("unchecked")
    long gauge(String name) {
        return ((Gauge<? extends Number>) group.get(name)).getValue().longValue();
    }
}
