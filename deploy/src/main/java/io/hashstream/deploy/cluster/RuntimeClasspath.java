package io.hashstream.deploy.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The classpaths of the cluster's processes, composed by Maven at build time (flink-dist is not on
 * Maven Central): {@code flink.classpath} and {@code kafka.classpath} written by the deploy module's
 * dependency:build-classpath executions, and {@code flink-lib/} (TensorFlow Java, as in the image's
 * /opt/flink/lib) copied by its copy-dependencies execution.
 */
public record RuntimeClasspath(Path buildDirectory) {

    /** System property naming the deploy module's build directory (target/). */
    public static final String BUILD_DIR_PROPERTY = "hashstream.deploy.build-dir";

    public static RuntimeClasspath fromSystemProperty() {
        String dir = System.getProperty(BUILD_DIR_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException("-D" + BUILD_DIR_PROPERTY + "=<deploy/target> is not set");
        }
        return new RuntimeClasspath(Path.of(dir));
    }

    /** JobManager, TaskManagers and the Flink command-line client: Flink's jars, then TensorFlow's. */
    public String flink() {
        return read("classpath/flink.classpath") + java.io.File.pathSeparator + flinkLib();
    }

    /** The Kafka broker and its storage tool. */
    public String kafka() {
        return read("classpath/kafka.classpath");
    }

    private String flinkLib() {
        Path lib = buildDirectory.resolve("flink-lib");
        try (Stream<Path> jars = Files.list(lib)) {
            String cp = jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString)
                    .collect(Collectors.joining(java.io.File.pathSeparator));
            if (cp.isEmpty()) {
                throw new IllegalStateException("no jars in " + lib);
            }
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib + " (build the deploy module first)", e);
        }
    }

    private String read(String file) {
        Path p = buildDirectory.resolve(file);
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + " (build the deploy module first)", e);
        }
    }
}
