package io.hashstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a fresh JVM (TensorFlow's natives and process-wide
 * state load once per JVM, so "a fresh process" cannot be had in-process).
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Runs {@code mainClass} with {@code args}, fails the test unless it exits 0 within 5 minutes. */
    public static void run(Path log, Map<String, String> env, String mainClass, String... args)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", cp, mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + mainClass + " did not finish; log:\n" + Files.readString(log));
        }
        assertThat(p.exitValue()).as("child JVM exit code; log:\n%s", Files.readString(log)).isZero();
    }
}
