package io.hashstream.deploy.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Flink settings the local cluster runs the HashStream job with (as in docker/ and k8s/). */
public final class ClusterSettings {

    private ClusterSettings() {}

    public static Map<String, String> forJob(int slotsPerTaskManager) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
        // TensorFlow Java is on the TaskManagers' classpath (target/flink-lib, like /opt/flink/lib):
        // parent-first, so its natives load once per JVM and survive task restarts.
        s.put("classloader.parent-first-patterns.additional", "org.tensorflow.;org.bytedeco.;com.google.protobuf.");
        // TensorFlow's native memory, outside heap and managed memory.
        s.put("taskmanager.memory.task.off-heap.size", "512m");
        s.put("taskmanager.memory.jvm-overhead.min", "384m");
        s.put("taskmanager.memory.managed.fraction", "0.1");
        s.put("execution.checkpointing.interval", "2 s");
        s.put("restart-strategy.type", "fixed-delay");
        s.put("restart-strategy.fixed-delay.attempts", "1000");
        s.put("restart-strategy.fixed-delay.delay", "1 s");
        // A killed TaskManager is noticed within seconds (the defaults wait up to 50 s).
        s.put("heartbeat.interval", "1000");
        s.put("heartbeat.timeout", "5000");
        return s;
    }
}
