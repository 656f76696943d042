package io.hashstream.jobs.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs kcat (Debian package kcat, librdkafka's command-line client): an independent, non-Java Kafka
 * client for interoperability tests. {@code scripts/install-deps.sh} installs it.
 */
public final class Kcat {

    private final Path executable;
    private final String bootstrapServers;

    private Kcat(Path executable, String bootstrapServers) {
        this.executable = executable;
        this.bootstrapServers = bootstrapServers;
    }

    /** kcat from the PATH, if installed. */
    public static Optional<Kcat> find(String bootstrapServers) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir, "kcat");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Kcat(candidate, bootstrapServers));
            }
        }
        return Optional.empty();
    }

    /** Produces the file's bytes as one record with the given key and {@code name=value} headers. */
    public void produceFile(String topic, String key, Path file, String... headers) {
        List<String> args = new ArrayList<>(List.of("-P", "-t", topic, "-k", key));
        for (String h : headers) {
            args.add("-H");
            args.add(h);
        }
        args.add(file.toString());
        run(args, null);
    }

    /** Produces one record per line of {@code lines}, key and value split at the first tab. */
    public void produceLines(String topic, List<String> lines) {
        run(List.of("-P", "-t", topic, "-K", "\t"), String.join("\n", lines) + "\n");
    }

    /**
     * Consumes a topic from the beginning to its current end as a {@code read_committed} consumer,
     * one output line per record: {@code key TAB value}.
     */
    public List<String> consumeCommitted(String topic) {
        String out = run(List.of("-C", "-t", topic, "-o", "beginning", "-e", "-q", "-X", "isolation.level=read_committed",
                "-f", "%k\t%s\n"), null);
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    private String run(List<String> args, String stdin) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-b", bootstrapServers));
        command.addAll(args);
        try {
            // Input and output through files, so the timeout holds even when kcat never ends or stops
            // reading (a broker gone mid-test), and the process never outlives the call.
            java.nio.file.Path inFile = java.nio.file.Files.createTempFile("kcat", ".in");
            java.nio.file.Path outFile = java.nio.file.Files.createTempFile("kcat", ".out");
            java.nio.file.Path errFile = java.nio.file.Files.createTempFile("kcat", ".err");
            java.nio.file.Files.writeString(inFile, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
            Process p = null;
            byte[] out;
            String err;
            try {
                p = new ProcessBuilder(command).redirectInput(inFile.toFile()).redirectOutput(outFile.toFile())
                        .redirectError(errFile.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("kcat timed out: " + command);
                }
                out = java.nio.file.Files.readAllBytes(outFile);
                err = new String(java.nio.file.Files.readAllBytes(errFile), StandardCharsets.UTF_8);
            } finally {
                if (p != null && p.isAlive()) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                java.nio.file.Files.deleteIfExists(inFile);
                java.nio.file.Files.deleteIfExists(outFile);
                java.nio.file.Files.deleteIfExists(errFile);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("kcat failed (" + p.exitValue() + "): " + command + "\n" + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kcat", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
