package io.hashstream.deploy.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JVM memory flags and the derived {@code -D} settings of a JobManager or TaskManager, computed
 * by Flink's own {@code BashJavaUtils} from the configuration, exactly as flink-dist's
 * jobmanager.sh / taskmanager.sh do before starting the JVM.
 */
public record FlinkResourceParams(List<String> jvmArgs, List<String> dynamicProperties) {

    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    public enum Role {
        JOB_MANAGER("GET_JM_RESOURCE_PARAMS"),
        TASK_MANAGER("GET_TM_RESOURCE_PARAMS");

        private final String command;

        Role(String command) {
            this.command = command;
        }
    }

    public static FlinkResourceParams compute(Role role, String flinkClasspath, Path confDir, Path workDir) {
        Path log = workDir.resolve("bash-java-utils-" + role.name().toLowerCase() + ".log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JvmProcess p = JvmProcess.start("BashJavaUtils " + role.command, flinkClasspath, List.of("-Xmx128m"),
                "org.apache.flink.runtime.util.bash.BashJavaUtils", List.of(role.command, "--configDir", confDir.toString()),
                Map.of(), log);
        if (!p.await(Duration.ofMinutes(2)) || p.exitValue() != 0) {
            throw new IllegalStateException("BashJavaUtils " + role.command + " failed:\n" + p.tail(40));
        }
        List<String> results;
        try {
            results = Files.readAllLines(log).stream().filter(l -> l.startsWith(RESULT_PREFIX))
                    .map(l -> l.substring(RESULT_PREFIX.length()).trim()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (results.size() != 2) {
            throw new IllegalStateException("BashJavaUtils " + role.command + " printed " + results.size()
                    + " results, expected 2 (JVM flags, dynamic settings):\n" + p.tail(40));
        }
        return new FlinkResourceParams(words(results.get(0)), words(results.get(1)));
    }

    private static List<String> words(String line) {
        return line.isBlank() ? List.of() : Arrays.asList(line.trim().split("\\s+"));
    }
}
